"""Toponym resolution with article context, on short hand-written texts."""

from __future__ import annotations

import time

import pytest

from newsevents.resolve.gazetteer import Gazetteer, gazetteer
from newsevents.resolve.places import (
    ADMIN1_WEIGHT,
    ALTERNATE_STATE_SHARE,
    candidates,
    is_common_word,
    resolve,
    resolve_mentions,
    scan_context,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def test_damascus_in_a_syrian_story_is_in_syria(gaz: Gazetteer) -> None:
    text = "Syrian government forces shelled rebel-held suburbs of Damascus on Sunday."
    res = resolve("Damascus", text, gaz)
    assert res is not None and res.place.country == "SY"
    assert res.precision == "exact place"


def test_damascus_in_a_maryland_story_is_in_the_us(gaz: Gazetteer) -> None:
    text = (
        "Montgomery County police in Maryland said a man was shot outside a store in "
        "Damascus late on Friday."
    )
    res = resolve("Damascus", text, gaz)
    assert res is not None and res.place.country == "US"
    assert res.place.admin1 == "Maryland"


def test_a_country_nothing_else_supports_yields_to_a_local_town(gaz: Gazetteer) -> None:
    local = (
        "Jordan Elementary School got a check from the Target store in Shakopee. "
        "Minnesota schools can apply until May."
    )
    res = resolve("Jordan", local, gaz)
    assert res is not None and res.place.country == "US" and res.place.admin1 == "Minnesota"
    mideast = "Syrian refugees crossed into Jordan, Amman said; Iraq closed its border."
    res = resolve("Jordan", mideast, gaz)
    assert res is not None and res.place.kind == "country" and res.place.country == "JO"


@pytest.mark.parametrize(
    "text",
    [
        "Israeli aircraft struck targets in Gaza overnight.",
        "Floods hit Mozambique; in Maputo and Xai-Xai officials warned of more rain in Gaza.",
        "A man from Gaza, Iowa, won the county fair in Iowa.",
        "",
    ],
)
def test_gaza_is_always_palestinian(gaz: Gazetteer, text: str) -> None:
    res = resolve("Gaza", text, gaz)
    assert res is not None
    assert {c.place.country for c in res.candidates} == {"PS"}
    assert res.lat is not None and 31.2 < res.lat < 31.6


@pytest.mark.parametrize(
    ("name", "iso2"),
    [("Syria", "SY"), ("Pakistan", "PK"), ("the United States", "US"), ("Egypt", "EG")],
)
def test_a_country_name_resolves_to_the_country(gaz: Gazetteer, name: str, iso2: str) -> None:
    res = resolve(name, "Troops moved into the town of Cairo, Illinois.", gaz)
    assert res is not None
    assert res.place.kind == "country" and res.place.country == iso2
    assert res.precision == "country"


def test_georgia_follows_the_story(gaz: Gazetteer) -> None:
    us = "Atlanta police and the Fulton County sheriff said the suspect fled Georgia."
    caucasus = "Russian troops crossed from South Ossetia towards Tbilisi, Georgia's capital."
    assert resolve("Georgia", us, gaz).place.country == "US"  # type: ignore[union-attr]
    assert resolve("Georgia", caucasus, gaz).place.country == "GE"  # type: ignore[union-attr]


def test_demonyms_count_as_country_context(gaz: Gazetteer) -> None:
    syrian = resolve("Damascus", "Syrian officials said.", gaz)
    assert syrian is not None and syrian.place.country == "SY"
    res = resolve("Pakistani", "", gaz)
    assert res is not None and res.place.kind == "country" and res.place.country == "PK"


def test_state_after_a_comma_picks_the_town(gaz: Gazetteer) -> None:
    res = resolve("Gainesville, Ga.", "", gaz)
    assert res is not None and res.place.admin1 == "Georgia"


def test_curated_region_and_unknown_name(gaz: Gazetteer) -> None:
    sinai = resolve("North Sinai", "", gaz)
    assert sinai is not None and sinai.place.country == "EG" and sinai.precision == "region"
    assert resolve("Qwertzuiop Flats", "", gaz) is None


def test_mentions_resolve_together(gaz: Gazetteer) -> None:
    text = "Shots were fired in Columbus and in Dayton, Ohio, police said."
    out = resolve_mentions(["Columbus", "Dayton", "Ohio"], text, gaz)
    assert all(r is not None and r.place.admin1 == "Ohio" for r in out)


def test_lookup_speed(gaz: Gazetteer) -> None:
    names = [f"{n} {i}" for i in range(300) for n in ("Springfield", "Xq")] + ["Paris"] * 10
    started = time.perf_counter()
    for name in names:
        gaz.lookup(name)
    per_lookup = (time.perf_counter() - started) / len(names)
    assert per_lookup < 0.001, f"{per_lookup * 1000:.3f} ms per lookup"


def test_the_most_named_state_outweighs_one_named_in_passing(gaz: Gazetteer) -> None:
    # "Dougherty" (a surname here) is also a Georgia county: Oklahoma, named three times,
    # must still decide which Lincoln County the story means.
    text = (
        "Deputies of the Lincoln County Sheriff's Office in Oklahoma were shot near Wellston, "
        "Okla., said Sheriff Dougherty. Oklahoma troopers arrested the man in Lincoln County."
    )
    res = resolve("Lincoln County", text, gaz)
    assert res is not None and res.place.admin1 == "Oklahoma"


def test_common_words_at_a_sentence_start_are_no_evidence(gaz: Gazetteer) -> None:
    # "Police", "West" and "Home" are places somewhere (a Polish voivodeship's namesake,
    # Cameroon's West Region, Home in Washington); opening a sentence they are words.
    text = (
        "CHARLOTTE -- Police say four people were shot at a home on West Boulevard. "
        "Home owners said the house was known for parties. West of the house, a man was hurt."
    )
    ctx = scan_context(text, gaz)
    assert set(ctx.countries) <= {"US"}
    res = resolve("Charlotte", text, gaz)
    assert res is not None and res.place.admin1 == "North Carolina"


def test_a_subdivision_named_like_a_large_town_elsewhere_is_no_evidence(gaz: Gazetteer) -> None:
    # Charlotte is also a parish of Saint Vincent and the Grenadines.
    ctx = scan_context("Charlotte police said the victims were taken to hospital.", gaz)
    assert "VC" not in ctx.countries


def test_names_of_people_are_no_evidence(gaz: Gazetteer) -> None:
    text = "Vanessa McDonald, who lives down the street, heard the shots."
    start = text.index("Vanessa")
    assert scan_context(text, gaz).countries
    assert not scan_context(text, gaz, [(start, start + len("Vanessa McDonald"))]).countries


@pytest.mark.parametrize(
    ("word", "common"),
    [("Police", True), ("Home", True), ("West", True), ("Street", True), ("Charlotte", False),
     ("Newark", False), ("Paris", False)],
)  # fmt: skip
def test_common_words(word: str, common: bool) -> None:
    assert is_common_word(word) is common


def test_a_common_word_is_a_place_only_by_its_own_name_in_the_articles_country(
    gaz: Gazetteer,
) -> None:
    text = (
        "A girl was shot in Taylor, Michigan, and taken to Children's Hospital, where she "
        "died. Detroit police said the shooting happened on a Street near the park."
    )
    assert resolve("Children's Hospital", text, gaz) is None
    assert resolve("Street", text, gaz) is None
    alabama = "Police in Mobile, Alabama, said two men were shot downtown on Sunday."
    res = resolve("Mobile", alabama, gaz)
    assert res is not None and res.place.admin1 == "Alabama"


def test_a_part_of_a_town_is_that_town_before_a_namesakes_alternate_name(gaz: Gazetteer) -> None:
    # "West Charlotte" is an alternate name of Charlotte, Vermont, in GeoNames.
    res = resolve("west Charlotte", "Police searched a west Charlotte neighborhood.", gaz)
    assert res is not None and res.place.admin1 == "North Carolina"


def test_months_are_no_evidence_and_a_prefix_is_read_by_primary_names_only(
    gaz: Gazetteer,
) -> None:
    text = (
        "Around 5 p.m. on Friday, March 3, there were reports of gunfire at the Hal Janson "
        "Recreation Center in Flagstaff. He was booked into Coconino County Jail."
    )
    assert "GB" not in scan_context(text, gaz).countries
    assert resolve("Hal Janson Recreation Center", text, gaz) is None


def test_of_same_named_counties_the_populous_one_wins(gaz: Gazetteer) -> None:
    text = "Two people are dead after a shooting at a Harris County apartment complex."
    res = resolve("Harris County", text, gaz)
    assert res is not None and res.place.admin1 == "Texas"
    (georgia,) = [h.place for h in gaz.lookup("Harris County") if h.place.admin1 == "Georgia"]
    assert 0 < georgia.population < res.place.population


KNOXVILLE = (
    "KNOXVILLE, Tenn. - A man was shot in an alley at Western Heights on Sunday night. "
    "Knoxville police said the victim was taken to a hospital in Knoxville, Tennessee."
)


def test_a_small_foreign_town_is_no_reading_in_a_story_set_elsewhere(gaz: Gazetteer) -> None:
    # The only entry of the name is an Auckland suburb: a part of Knoxville is meant.
    assert resolve("Western Heights", KNOXVILLE, gaz) is None


def test_a_small_foreign_town_stands_where_nothing_points_elsewhere(gaz: Gazetteer) -> None:
    res = resolve("Western Heights", "A man was shot in Western Heights on Sunday.", gaz)
    assert res is not None and res.place.country == "NZ"


def test_a_populous_foreign_town_stays_readable_in_a_story_set_elsewhere(gaz: Gazetteer) -> None:
    text = (
        "A Knoxville, Tennessee, soldier who served in Kandahar was honoured in Knoxville "
        "on Sunday, Tennessee officials said."
    )
    res = resolve("Kandahar", text, gaz)
    assert res is not None and res.place.country == "AF"


def test_a_small_countrys_region_is_no_reading_in_a_story_set_elsewhere(gaz: Gazetteer) -> None:
    text = (
        "KANSAS CITY, Mo. - A teenager died in a shooting in the Northland on Monday. Kansas "
        "City police said the shooting happened near a home in Kansas City, Missouri."
    )
    assert resolve("Northland", text, gaz) is None


def test_a_small_foreign_town_stands_where_the_story_is_set_nowhere_clearly(
    gaz: Gazetteer,
) -> None:
    # The USA holds most of the evidence, but not clearly: Canada is named too.
    text = "Pupils from Botley met investors from Tupelo, Mississippi, and a panel from Canada."
    res = resolve("Botley", text, gaz)
    assert res is not None and res.place.country == "GB"


def test_a_datelines_postal_code_names_the_state(gaz: Gazetteer) -> None:
    text = "COLUMBUS, GA (WTVM) - Columbus police are investigating a shooting at an apartment."
    res = resolve_mentions(["Columbus"], text, gaz)[0]
    assert res is not None and res.place.admin1 == "Georgia"


def test_a_postal_code_after_a_town_of_its_state_names_the_state(gaz: Gazetteer) -> None:
    text = "Teen shot in drive-by - WBRC FOX6 - Birmingham, AL - WBRC.com\nPolice said."
    assert scan_context(text, gaz).admin1.get("US-AL") == 0.5
    res = resolve_mentions(["Birmingham"], text, gaz)[0]
    assert res is not None and res.place.admin1 == "Alabama"


def test_a_postal_code_after_a_name_no_town_of_its_state_bears_is_no_state(
    gaz: Gazetteer,
) -> None:
    text = "The victim was treated by Dr. Xylophonia Quenby, MD, at the hospital."
    assert "US-MD" not in scan_context(text, gaz).admin1


def test_the_articles_state_does_not_lift_an_alternate_name_over_a_towns_own(
    gaz: Gazetteer,
) -> None:
    # "Montgomery" is an alternate name of Shackle Island, Tennessee.
    text = (
        "Two dead in north Montgomery - WMC Action News 5 - Memphis, Tennessee\nA quiet "
        "Montgomery street was jolted awake early Friday by gunfire."
    )
    res = resolve_mentions(["Montgomery"], text, gaz)[0]
    assert res is not None and res.place.admin1 == "Alabama"
    ctx = scan_context(text, gaz)
    (alternate,) = [
        c for c in candidates("Montgomery", ctx, gaz) if c.place.name == "Shackle Island"
    ]
    assert alternate.parts["state_context"] == ADMIN1_WEIGHT * ALTERNATE_STATE_SHARE


def test_a_capitals_old_name_does_not_outweigh_the_town_whose_own_name_it_is(
    gaz: Gazetteer,
) -> None:
    # "Philadelphia" is an old name of Amman.
    res = resolve("Philadelphia", "Police say they made an arrest in the case.", gaz)
    assert res is not None and res.place.country == "US"


def test_the_county_the_article_names_picks_the_town_in_it(gaz: Gazetteer) -> None:
    text = (
        "MANSFIELD (WCMH) - Five teenagers were shot at a hotel in Mansfield overnight, the "
        "Richland County Sheriff's Office said."
    )
    res = resolve_mentions(["Mansfield"], text, gaz)[0]
    assert res is not None and res.place.admin1 == "Ohio"
    without = resolve_mentions(["Mansfield"], text.replace("Richland County ", ""), gaz)[0]
    assert without is not None and without.place.admin1 != "Ohio"


def test_the_first_words_of_a_name_do_not_support_their_own_reading(gaz: Gazetteer) -> None:
    # The context scan reads "MacLean" alone as the Australian town: no evidence for it.
    text = (
        "BISMARCK, N.D. - A girl died after a shooting at MacLean Bottoms on Sunday, Bismarck "
        "police said. North Dakota officials are investigating."
    )
    assert resolve("MacLean Bottoms", text, gaz) is None


def test_a_name_that_may_denote_a_region_keeps_its_countrys_small_towns(gaz: Gazetteer) -> None:
    # "Ontario" is no evidence (a Californian city shares the name), but the story may be
    # set there: its small town stays readable.
    text = (
        "Officials in Tillsonburg reacted to the Ontario budget, as did traders from Detroit, "
        "Michigan, and Toledo, Ohio."
    )
    res = resolve("Tillsonburg", text, gaz)
    assert res is not None and res.place.country == "CA"
