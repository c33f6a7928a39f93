"""The GVA-record scorer on hand-made records and events: reading ``city_or_county``, the
date, place and count checks, the share flags, the main-event rules and the tallies. No
extractor, no data files."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from newsevents.evaluate.scorers.gva_records import (
    GvaArticle,
    GvaEvent,
    GvaPlace,
    GvaRecord,
    address_agrees,
    count_checks,
    date_checks,
    event_checks,
    event_shares,
    main_event,
    normalise_place,
    place_checks,
    record_places,
    score,
    score_article,
    street_words,
)

DAY = dt.date(2015, 6, 12)
CHICAGO = (41.85, -87.65)


def record(**fields: Any) -> GvaRecord:
    values: dict[str, Any] = {
        "incident_id": "1",
        "date": DAY,
        "state": "Illinois",
        "city_or_county": "Chicago",
        "latitude": CHICAGO[0],
        "longitude": CHICAGO[1],
        "killed": 1,
        "injured": 0,
    }
    values.update(fields)
    return GvaRecord(**values)


def chicago(**fields: Any) -> GvaPlace:
    values: dict[str, Any] = {
        "text": "Chicago",
        "name": "Chicago",
        "country": "USA",
        "admin1": "Illinois",
        "admin2": "Cook County",
        "latitude": 41.88,
        "longitude": -87.63,
        "precision": "exact place",
    }
    values.update(fields)
    return GvaPlace(**values)


def event(**fields: Any) -> GvaEvent:
    values: dict[str, Any] = {
        "id": "e1",
        "event_type": "ASSAULT",
        "confidence": 0.9,
        "main": True,
        "date_start": DAY,
        "date_end": DAY,
        "date_precision": "day",
        "place": chicago(),
        "killed": 1,
    }
    values.update(fields)
    return GvaEvent(**values)


# -- reading the record's place -----------------------------------------------------------


def test_normalise_place_spells_out_abbreviations_and_drops_county_words() -> None:
    assert normalise_place("St. Louis") == "saint louis"
    assert normalise_place("Ft. Worth") == "fort worth"
    assert normalise_place("Cook County") == "cook"
    assert normalise_place("Orleans Parish") == "orleans"
    assert normalise_place("County") == "county"


def test_record_places_reads_cities_counties_and_places_within_a_city() -> None:
    assert record_places("Chicago").cities == {"chicago"}
    cook = record_places("Cook (county)")
    assert cook.counties == {"cook"} and not cook.cities
    assert record_places("Saint Louis (Ferguson)").cities == {"saint louis", "ferguson"}
    assert record_places("").cities == frozenset()


# -- the checks ---------------------------------------------------------------------------


def test_date_exact_and_within_one_day_need_a_day() -> None:
    assert date_checks(event(), record()) == {"date_exact": True, "date_within_1": True}
    day_after = event(date_start=DAY + dt.timedelta(days=1))
    assert date_checks(day_after, record()) == {"date_exact": False, "date_within_1": True}
    two_days = event(date_start=DAY - dt.timedelta(days=2))
    assert date_checks(two_days, record()) == {"date_exact": False, "date_within_1": False}
    month = event(date_start=dt.date(2015, 6, 1), date_precision="month")
    assert date_checks(month, record(date=dt.date(2015, 6, 1)))["date_exact"] is False
    assert date_checks(event(date_start=None), record())["date_within_1"] is False


def test_place_checks_state_city_and_distance() -> None:
    checks = place_checks(chicago(), record())
    assert checks == {"state": True, "city_or_county": True, "location_25km": True}
    far = chicago(text="Pullman", name="Pullman", admin1="Washington", latitude=46.7)
    far_checks = place_checks(far, record())
    assert far_checks == {"state": False, "city_or_county": False, "location_25km": False}
    # No point on one side: the distance is not compared.
    assert "location_25km" not in place_checks(chicago(latitude=None), record())
    assert "location_25km" not in place_checks(chicago(), record(latitude=None))
    assert place_checks(None, record()) == {"state": False, "city_or_county": False}


def test_street_words_drop_numbers_directions_and_street_types() -> None:
    assert street_words("1100 block of N. Wade St.") == {"wade"}
    assert street_words("West 25th Av and Tyler St") == {"25th", "tyler"}
    assert street_words("3883 E. Calwa #114") == {"calwa"}
    assert street_words("the block") == frozenset()


def test_an_address_agrees_when_one_names_the_others_streets() -> None:
    assert address_agrees("the 1100 block of Wade Street", "1100 block of Wade St")
    assert address_agrees("Tyler Street", "West 25th Av and Tyler St")
    assert address_agrees("3900 block of North Florissant Avenue", "3900 North Florissant")
    assert not address_agrees("Chicago", "1100 block of Wade Street")
    assert not address_agrees("Main Street", "1100 block of Wade Street")
    assert not address_agrees("Street", "Avenue")  # no street named on either side


def test_the_address_is_checked_only_where_the_record_gives_one() -> None:
    at_street = chicago(text="1100 block of Wade Street")
    assert place_checks(at_street, record(address="1100 Wade St."))["address"] is True
    assert place_checks(chicago(), record(address="1100 Wade St."))["address"] is False
    assert "address" not in place_checks(at_street, record(address="N/A"))
    assert "address" not in place_checks(at_street, record())
    assert place_checks(None, record(address="Wade Street"))["address"] is False


def test_a_state_is_its_own_state_and_only_in_the_usa() -> None:
    state = GvaPlace(text="Illinois", name="Illinois", country="USA", precision="region")
    assert place_checks(state, record())["state"] is True
    assert place_checks(state, record())["city_or_county"] is False
    abroad = chicago(country="CAN")
    assert place_checks(abroad, record())["state"] is False
    dc = chicago(admin1="Washington, D.C.")
    assert place_checks(dc, record(state="District of Columbia"))["state"] is True


def test_city_agrees_by_resolved_name_or_text_county_by_admin2() -> None:
    saint = chicago(text="St. Louis", name="St. Louis", admin1="Missouri")
    assert place_checks(saint, record(city_or_county="Saint Louis"))["city_or_county"]
    by_text = chicago(text="Chicago", name="Chicago Heights")
    assert place_checks(by_text, record())["city_or_county"]
    county = record(city_or_county="Cook (county)")
    assert place_checks(chicago(), county)["city_or_county"]
    assert not place_checks(chicago(admin2=None), county)["city_or_county"]
    district = GvaPlace(text="Cook County", name="Cook County", precision="district")
    assert place_checks(district, county)["city_or_county"]
    # "Cook" the city is no county.
    assert not place_checks(chicago(admin2=None, name="Cook", text="Cook"), county)[
        "city_or_county"
    ]
    within = record(city_or_county="Saint Louis (Ferguson)")
    assert place_checks(chicago(name="Ferguson", text="Ferguson"), within)["city_or_county"]


def test_a_neighbourhood_agrees_by_the_town_the_system_places_it_in() -> None:
    rogers = chicago(text="6740 N. Clark St.", name="Rogers Park", latitude=42.0, admin2=None)
    # Right next to Chicago, but the record of the place does not say it is in Chicago.
    assert not place_checks(rogers, record())["city_or_county"]
    placed = chicago(text="6740 N. Clark St.", name="Rogers Park", locality="Chicago")
    assert place_checks(placed, record())["city_or_county"]
    assert not place_checks(placed, record(city_or_county="Evanston"))["city_or_county"]


def test_a_missing_count_reads_as_zero_and_nonzero_checks_only_records_that_count() -> None:
    checks = count_checks(event(killed=None, injured=None), record(killed=0, injured=2))
    assert checks == {
        "killed_exact": True,
        "killed_within_1": True,
        "injured_exact": False,
        "injured_within_1": False,
        "injured_nonzero_exact": False,
        "arrested_exact": True,
    }
    off_by_one = count_checks(event(killed=2), record(killed=1))
    assert off_by_one["killed_exact"] is False and off_by_one["killed_within_1"] is True
    assert off_by_one["killed_nonzero_exact"] is False
    held = count_checks(event(arrested=1), record(arrested=2))
    assert held["arrested_exact"] is False and held["arrested_nonzero_exact"] is False
    assert "arrested_within_1" not in held
    assert count_checks(event(arrested=2), record(arrested=2))["arrested_nonzero_exact"]


@pytest.mark.parametrize(
    ("system", "gold", "contradicted"),
    [(1, 0, True), (2, 1, False), (5, 2, True), (1, 3, True), (None, 5, False), (3, 3, False)],
)
def test_count_contradicted_by_more_than_double(
    system: int | None, gold: int, contradicted: bool
) -> None:
    shares = event_shares(event(killed=system), record(killed=gold))
    assert shares["count_contradicted"] is contradicted


def test_no_event_disagrees_on_every_field_but_the_distance() -> None:
    checks = event_checks(None, record(killed=0))
    assert "location_25km" not in checks
    assert checks["killed_exact"] is True  # nobody killed, nothing said
    assert checks["date_exact"] is False and checks["state"] is False
    shares = event_shares(None, record())
    assert shares["no_date"] and shares["no_place"] and not shares["count_contradicted"]


def test_date_from_publication_is_a_date_but_flagged() -> None:
    shares = event_shares(event(date_from_publication=True), record())
    assert shares == {
        "no_date": False,
        "no_place": False,
        "date_from_publication": True,
        "count_contradicted": False,
    }


# -- choosing the main event --------------------------------------------------------------


def test_main_event_rules() -> None:
    first = event(id="a", main=False, confidence=0.6, killed=None, injured=3)
    flagged = event(id="b", main=True, confidence=0.7, killed=1)
    sure = event(id="c", event_type="COERCE", main=False, confidence=0.99)
    total = event(id="d", main=False, confidence=0.5, killed=2, injured=2, aggregate=True)
    events = [first, flagged, sure, total]
    assert main_event(events) is flagged
    assert main_event(events, "confidence") is flagged  # ASSAULT before any other type
    assert main_event(events, "toll") is first  # a sum over incidents is no incident
    assert main_event([], "toll") is None
    assert main_event([first]) is None  # the product chose nothing
    with pytest.raises(ValueError, match="rules"):
        main_event(events, "largest")


# -- tallies ------------------------------------------------------------------------------


def test_score_tallies_main_any_and_shares() -> None:
    wrong_main = event(id="a", place=None, date_start=None, killed=4)
    right_other = event(id="b", main=False)
    articles = [
        GvaArticle("d1", record(), (event(),)),
        GvaArticle("d2", record(), (wrong_main, right_other)),
        GvaArticle("d3", record(latitude=None, longitude=None), ()),
    ]
    scores = score(articles)
    assert scores.n == 3
    assert scores.fields["date_exact"] == [1, 3]
    assert scores.fields["state"] == [1, 3]
    assert scores.fields["location_25km"] == [1, 1]
    assert scores.fields["killed_exact"] == [1, 3]
    assert scores.any_event["date_exact"] == [2, 3]
    assert scores.any_event["location_25km"] == [2, 2]
    assert scores.shares == {
        "no_event": 1,
        "no_date": 2,
        "no_place": 2,
        "date_from_publication": 0,
        "count_contradicted": 1,
    }
    assert scores.accuracy("state") == pytest.approx(100 / 3)
    assert scores.share("no_place") == pytest.approx(200 / 3)
    assert scores.articles[1].disagreements()[:3] == ["date_exact", "date_within_1", "state"]


def test_score_article_keeps_the_main_event() -> None:
    result = score_article(GvaArticle("d1", record(), (event(main=False), event(id="m"))))
    assert result.main is not None and result.main.id == "m"
    assert result.disagreements() == []
