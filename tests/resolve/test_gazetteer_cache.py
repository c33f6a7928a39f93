"""Gazetteer database: built from tiny inputs, cached by a key of its inputs."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsevents.errors import DataFileError
from newsevents.resolve.gazetteer import Inputs, gazetteer, normalise, open_gazetteer

CITIES = {
    "1": {
        "geonameid": 1, "name": "Alphaville", "latitude": 10.0, "longitude": 20.0,
        "countrycode": "AA", "population": 5000, "admin1code": "01",
        "alternatenames": ["Alfaville", "AV"],
    },
}  # fmt: skip
COUNTRIES = {"AA": {"geonameid": 9, "name": "Aland Test", "iso": "AA", "iso3": "AAA"}}


@pytest.fixture
def inputs_for(write_inputs: Callable[..., Inputs]) -> Callable[[Path, str], Inputs]:
    """The inputs of a one-town, one-country gazetteer with ``regions`` (YAML)."""

    def make(tmp: Path, regions: str) -> Inputs:
        return write_inputs(
            tmp,
            cities=CITIES,
            countries=COUNTRIES,
            regions=regions,
            centres="countries: {AA: [11.0, 21.0]}\nsubdivisions: {}\n",
            names="names: {AA: [Alandia]}\nabbreviations: {}\n",
            demonyms="AA: [Alandian]\n",
        )

    return make


REGION = "- {name: Test Valley, aliases: [The Vale], country: AAA, lat: 1.0, lon: 2.0}\n"


def test_build_and_lookup(tmp_path: Path, inputs_for: Callable[[Path, str], Inputs]) -> None:
    gaz = open_gazetteer(inputs_for(tmp_path, REGION), folder=tmp_path / "cache")
    assert [h.place.name for h in gaz.lookup("Alfaville")] == ["Alphaville"]
    assert gaz.lookup("AV") == ()  # short capitalised codes are not names
    assert gaz.lookup("Alandian")[0].how == "demonym"
    assert gaz.lookup("Alandia")[0].place.lat == 11.0
    assert gaz.lookup("the Vale")[0].place.kind == "region"
    assert gaz.iso3("AA") == "AAA"


def test_cache_rebuilds_when_an_input_changes(
    tmp_path: Path, inputs_for: Callable[[Path, str], Inputs]
) -> None:
    inputs = inputs_for(tmp_path, REGION)
    first = open_gazetteer(inputs, folder=tmp_path / "cache")
    again = open_gazetteer(inputs, folder=tmp_path / "cache")
    assert again.path == first.path  # same key: the file is reused
    changed = inputs_for(tmp_path, REGION.replace("Test Valley", "Other Valley"))
    rebuilt = open_gazetteer(changed, folder=tmp_path / "cache")
    assert rebuilt.path != first.path and rebuilt.key() == changed.key()
    assert rebuilt.lookup("Other Valley") and not rebuilt.lookup("Test Valley")
    assert not first.path.exists()  # the stale file is removed


def test_bad_regions_file_is_reported(
    tmp_path: Path, inputs_for: Callable[[Path, str], Inputs]
) -> None:
    inputs = inputs_for(tmp_path, "- {name: Nowhere, lat: 95.0, lon: 0.0}\n")
    with pytest.raises(DataFileError, match=r"regions\.yaml"):
        open_gazetteer(inputs, folder=tmp_path / "cache")


def test_normalise() -> None:
    assert normalise("U.S.") == "us"
    assert normalise("Khān Yūnis") == "khan yunis"
    assert normalise("the Gaza Strip's") == "gaza strip"


def test_shipped_gazetteer_opens_fast() -> None:
    gazetteer()  # built (or found) once
    path = gazetteer().path
    started = time.perf_counter()
    from newsevents.resolve.gazetteer import Gazetteer

    Gazetteer(path).lookup("Damascus")
    assert time.perf_counter() - started < 3.0


def test_admin1_names_come_from_the_cities_csv(tmp_path: Path) -> None:
    from newsevents.resolve.gazetteer import _admin1_names

    csv_file = tmp_path / "cities.csv"
    csv_file.write_text(
        "lat,lon,name,admin1,admin2,cc\n"
        "36.66833,116.99722,Jinan,Shandong,,CN\n"
        "36.2,117.1,Tai'an,Shandong,,CN\n"
        "36.3,117.2,Laiwu,Shandung,,CN\n"
        "30.5,114.3,Wuhan,Hubei,,CN\n",
        encoding="utf-8",
    )
    cities = {
        "1": {
            "name": "Jinan",
            "countrycode": "CN",
            "admin1code": "25",
            "latitude": 36.66833,
            "longitude": 116.99722,
        },
        "2": {
            "name": "Tai'an",
            "countrycode": "CN",
            "admin1code": "25",
            "latitude": 36.2004,
            "longitude": 117.1001,
        },
        "3": {
            "name": "Laiwu",
            "countrycode": "CN",
            "admin1code": "25",
            "latitude": 36.3,
            "longitude": 117.2,
        },
        # Same name elsewhere: no vote.
        "4": {
            "name": "Wuhan",
            "countrycode": "CN",
            "admin1code": "12",
            "latitude": 10.0,
            "longitude": 10.0,
        },
    }
    names = _admin1_names(csv_file, cities)
    # Two cities say Shandong, one Shandung: the majority names the unit.
    assert names == {("CN", "25"): "Shandong"}
    assert _admin1_names(tmp_path / "missing.csv", cities) == {}


def test_shipped_gazetteer_names_admin1_outside_the_us() -> None:
    from newsevents.resolve.places import resolve

    found = resolve("Kundli")
    assert found is not None and found.place.admin1 == "Haryana"
