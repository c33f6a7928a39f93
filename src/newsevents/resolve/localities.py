"""The town a place lies in: a neighbourhood of Chicago is in Chicago, and in Cook County.

GeoNames lists many sections of cities as populated places of their own ("Rogers Park",
"Kingsessing", "Astoria"), with a population but without the city they belong to, and the
cities file that names counties leaves them out. A resolved place that is such a section
(:attr:`~newsevents.resolve.gazetteer.Place.section`) is given its *locality*: the
nearest town of at least :data:`LOCALITY_MIN_POPULATION` people, itself no section, in the
same country and first-level division, within that town's reach
(:func:`reach_km`), more populous than the place, and that town's second-level unit
(county), which a section lacks. Among towns in reach the nearest relative to its reach
wins, so a point on Chicago's edge goes to Chicago rather than to a smaller town just as
close.

A town is no section and keeps no locality, however close a big city lies: Cicero is not
in Chicago. That holds for the towns GeoNames lists as towns though they are parts of a
city (East New York, Allapattah in Miami): nothing in the data tells them from a suburb.
The lookup reads a few one-degree cells of an in-memory grid of the big towns
(:meth:`~newsevents.resolve.gazetteer.Gazetteer.towns_near`), a few microseconds a place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsevents.model import Event, PlaceMention
from newsevents.resolve.gazetteer import Gazetteer, Place

#: Smallest population of a town that is given as the locality of its sections: a city
#: whose neighbourhoods GeoNames lists as places of their own. On 400 articles of the
#: training split of the GVA records, 100,000 and 250,000 give the same city figure, and
#: 50,000 gives Rogers Park to Evanston and LA's Brentwood to Santa Monica.
LOCALITY_MIN_POPULATION = 100_000
#: Reach of a town of one million people (km), measured from its GeoNames point; a town's
#: reach grows with its population to the power :data:`REACH_EXPONENT` (its area roughly
#: with the population to the 0.8, its radius with half that) and is at most
#: :data:`MAX_REACH_KM`. Chicago (2.7 million) reaches 22 km, Rogers Park at its north end
#: lies 18 km from its point; a town of 100,000 reaches 6 km. On the same articles 20 km
#: a million gives the same figure, 10 km loses Rogers Park and LA's Brentwood.
REACH_KM_PER_MILLION = 15.0
REACH_EXPONENT = 0.4
MAX_REACH_KM = 25.0


def reach_km(population: int) -> float:
    """How far from its point a town of ``population`` people still contains its parts."""
    scale: float = (population / 1_000_000) ** REACH_EXPONENT
    return min(MAX_REACH_KM, REACH_KM_PER_MILLION * scale)


@dataclass(frozen=True)
class Units:
    """What a resolved town-level place is in: its county and, for a section, its town."""

    admin2: str | None = None
    locality: Place | None = None


def locality_of(place: Place, lat: float, lon: float, gaz: Gazetteer) -> Place | None:
    """The town a section of a town at ``(lat, lon)`` lies in, or None (see the module
    docstring)."""
    if not place.section or place.country is None:
        return None
    found = [
        (dist / reach_km(town.population), town)
        for dist, town in gaz.towns_near(lat, lon, MAX_REACH_KM, LOCALITY_MIN_POPULATION)
        # A town contains smaller places only: Queens, missing from the cities CSV like a
        # section, is no part of Jamaica.
        if town.population > place.population
        and town.country == place.country
        and town.admin1_code == place.admin1_code
        and dist <= reach_km(town.population)
    ]
    return min(found, key=lambda f: (f[0], f[1].id), default=(0.0, None))[1]


def units_of(place: Place, lat: float | None, lon: float | None, gaz: Gazetteer) -> Units:
    """The county and locality of a resolved town-level place at ``(lat, lon)`` (its own
    point when None)."""
    lat = place.lat if lat is None else lat
    lon = place.lon if lon is None else lon
    if lat is None or lon is None:
        return Units(admin2=place.admin2)
    town = locality_of(place, lat, lon, gaz)
    return Units(admin2=place.admin2 or (town.admin2 if town else None), locality=town)


def with_units(mention: PlaceMention, gaz: Gazetteer) -> PlaceMention:
    """A place mention with the county and locality of the town it was resolved to."""
    if mention.geonames_id is None or mention.precision not in ("exact place", "district"):
        return mention
    place = gaz.town(mention.geonames_id)
    if place is None:
        return mention
    units = units_of(place, mention.latitude, mention.longitude, gaz)
    town = units.locality
    update = {
        "admin2": units.admin2,
        "locality": town.name if town else None,
        "locality_geonames_id": town.geonames_id if town else None,
    }
    if all(getattr(mention, k) == v for k, v in update.items()):
        return mention
    return mention.model_copy(update=update)


def assign_units(events: Sequence[Event], gaz: Gazetteer | None = None) -> list[Event]:
    """The events with the county and locality of each resolved place filled in."""
    if gaz is None:
        from newsevents.resolve.gazetteer import gazetteer

        gaz = gazetteer()
    out = []
    for event in events:
        places = [with_units(p, gaz) for p in event.places]
        if all(a is b for a, b in zip(places, event.places, strict=True)):
            out.append(event)
        else:
            out.append(event.model_copy(update={"places": places}))
    return out


__all__ = [
    "LOCALITY_MIN_POPULATION",
    "MAX_REACH_KM",
    "REACH_EXPONENT",
    "REACH_KM_PER_MILLION",
    "Units",
    "assign_units",
    "locality_of",
    "reach_km",
    "units_of",
    "with_units",
]
