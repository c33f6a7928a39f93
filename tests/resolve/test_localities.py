"""The town and county of a section of a town, on a gazetteer built from tiny inputs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsevents.model import PlaceMention
from newsevents.resolve.gazetteer import Gazetteer, Inputs, Place, open_gazetteer
from newsevents.resolve.localities import (
    LOCALITY_MIN_POPULATION,
    assign_units,
    reach_km,
    units_of,
    with_units,
)


def _city(gid: int, name: str, lat: float, lon: float, population: int) -> dict[str, object]:
    return {
        "geonameid": gid, "name": name, "latitude": lat, "longitude": lon,
        "countrycode": "US", "population": population, "admin1code": "IL",
    }  # fmt: skip


CITIES = {
    "1": _city(1, "Chicago", 41.85003, -87.65005, 2_664_452),
    # A neighbourhood: GeoNames lists it with its people, the cities CSV leaves it out.
    "2": _city(2, "Rogers Park", 42.00864, -87.66672, 54_402),
    # A town of its own next to Chicago.
    "3": _city(3, "Cicero", 41.84559, -87.75394, 83_886),
    # Missing from the CSV as well, but far from any big town.
    "4": _city(4, "Farmer City", 40.24309, -88.64257, 2_000),
    "5": _city(5, "Springfield", 39.80172, -89.64371, 116_565),
}
# lat,lon,name,admin1,admin2,cc: the towns of 1,000+ people that are no section of a town.
CSV = """lat,lon,name,admin1,admin2,cc
41.85003,-87.65005,Chicago,Illinois,Cook County,US
41.84559,-87.75394,Cicero,Illinois,Cook County,US
39.80172,-89.64371,Springfield,Illinois,Sangamon County,US
"""


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory, write_inputs: Callable[..., Inputs]) -> Gazetteer:
    tmp: Path = tmp_path_factory.mktemp("gaz")
    inputs = write_inputs(
        tmp,
        cities=CITIES,
        countries={
            "US": {"geonameid": 6252001, "name": "United States", "iso": "US", "iso3": "USA"}
        },
        states=json.dumps({"IL": {"code": "IL", "name": "Illinois"}}),
        towns_csv=CSV,
    )
    return open_gazetteer(inputs, folder=tmp / "cache")


def _town(gaz: Gazetteer, gid: int) -> Place:
    place = gaz.town(gid)
    assert place is not None
    return place


def test_a_neighbourhood_of_chicago_is_in_chicago_and_cook_county(gaz: Gazetteer) -> None:
    rogers = _town(gaz, 2)
    assert rogers.section and rogers.admin2 is None
    units = units_of(rogers, None, None, gaz)
    assert units.locality is not None and units.locality.name == "Chicago"
    assert units.admin2 == "Cook County"


def test_a_town_next_to_a_big_city_is_its_own_town(gaz: Gazetteer) -> None:
    cicero = _town(gaz, 3)
    assert not cicero.section and cicero.admin2 == "Cook County"
    assert units_of(cicero, None, None, gaz).locality is None


def test_a_small_town_far_from_any_big_city_gets_none(gaz: Gazetteer) -> None:
    farmer = _town(gaz, 4)
    assert farmer.section  # missing from the CSV, yet nothing contains it
    units = units_of(farmer, None, None, gaz)
    assert units.locality is None and units.admin2 is None


def test_the_reach_grows_with_the_population() -> None:
    assert reach_km(LOCALITY_MIN_POPULATION) < 8 < 18 < reach_km(2_664_452) <= 25


def test_a_place_mention_gets_its_county_and_town(gaz: Gazetteer) -> None:
    mention = PlaceMention(
        text="6740 N. Clark St.",
        name="Rogers Park",
        geonames_id=2,
        latitude=42.00864,
        longitude=-87.66672,
        country_iso3="USA",
        admin1="Illinois",
        precision="exact place",
        is_event_location=True,
    )
    filled = with_units(mention, gaz)
    assert (filled.locality, filled.locality_geonames_id, filled.admin2) == (
        "Chicago",
        1,
        "Cook County",
    )
    # Stored records without the new fields still read.
    assert PlaceMention.model_validate_json(mention.model_dump_json(exclude={"admin2"})) == mention
    springfield = mention.model_copy(update={"geonames_id": 5, "name": "Springfield"})
    assert with_units(springfield, gaz).locality is None
    assert with_units(springfield, gaz).admin2 == "Sangamon County"
    country = mention.model_copy(update={"precision": "country"})
    assert with_units(country, gaz) is country
    assert assign_units([], gaz) == []


def test_the_lookup_is_fast(gaz: Gazetteer) -> None:
    rogers = _town(gaz, 2)
    units_of(rogers, None, None, gaz)  # the grid is read once
    start = time.perf_counter()
    for _ in range(1000):
        units_of(rogers, None, None, gaz)
    assert (time.perf_counter() - start) / 1000 < 0.001
