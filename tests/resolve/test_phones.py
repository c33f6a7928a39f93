"""Phone numbers as evidence of where a story is set, on short hand-written texts."""

from __future__ import annotations

import pytest

from newsevents.resolve.gazetteer import Gazetteer, gazetteer
from newsevents.resolve.phones import phone_locales
from newsevents.resolve.places import PHONE_WEIGHT, Evidence, resolve, scan_context


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def test_a_local_number_names_the_state_of_a_neighbourhood_story(gaz: Gazetteer) -> None:
    # Read alone, "Enfield" is the larger town in Connecticut; the area code and exchange
    # are those of Enfield, North Carolina.
    text = (
        "A man was shot late Saturday on Pine Street in Enfield. Anyone with information "
        "should call the police department at 252-445-5122."
    )
    res = resolve("Enfield", text, gaz)
    assert res is not None and res.place.admin1 == "North Carolina"


def test_a_number_is_found_with_its_characters_and_state(gaz: Gazetteer) -> None:
    text = "Call the Rocky Mount Police Department at (252) 972-1411 or Crime Stoppers."
    [phone] = phone_locales(text, gaz)
    assert text[phone.start : phone.end] == "(252) 972-1411" == phone.text
    assert (phone.number, phone.country, phone.admin1) == ("+12529721411", "US", "US-NC")
    assert Evidence("+12529721411", "US", "US-NC", PHONE_WEIGHT) in scan_context(text, gaz).evidence


@pytest.mark.parametrize(
    ("number", "country", "admin1"),
    [
        ("205-254-1765", "US", "US-AL"),  # "Birmingham, AL"
        ("(202) 727-9099", "US", "US-DC"),  # "Washington D.C."
        ("206.684.2489", "US", "US-WA"),  # "Seattle, WA"
        ("416-555-0199", "CA", "CA-ON"),  # "Toronto, ON"
        ("902-490-5020", "CA", None),  # "Nova Scotia/Prince Edward Island": no one province
        ("787-343-2020", "PR", None),  # Puerto Rico's own region of the plan
    ],
)
def test_north_american_numbers_name_their_division(
    gaz: Gazetteer, number: str, country: str, admin1: str | None
) -> None:
    [phone] = phone_locales(f"Anyone with information may call {number}.", gaz)
    assert (phone.country, phone.admin1) == (country, admin1)


def test_a_toll_free_number_names_no_place(gaz: Gazetteer) -> None:
    plain = "Tips may be left with Crime Stoppers."
    text = "Tips may be left with Crime Stoppers at 1-800-222-8477."
    assert phone_locales(text, gaz) == []
    assert scan_context(text, gaz).evidence == scan_context(plain, gaz).evidence


def test_an_international_number_names_its_country(gaz: Gazetteer) -> None:
    text = "The embassy asked relatives to call +44 20 7946 0958 for news."
    [phone] = phone_locales(text, gaz)
    assert (phone.country, phone.admin1, phone.text) == ("GB", None, "+44 20 7946 0958")
    assert Evidence("+442079460958", "GB", None, PHONE_WEIGHT) in scan_context(text, gaz).evidence


def test_a_number_written_twice_counts_once(gaz: Gazetteer) -> None:
    text = "Call 252-972-1411. Again: call 252-972-1411."
    assert len(phone_locales(text, gaz)) == 2
    phones = [e for e in scan_context(text, gaz).evidence if e.key.startswith("+")]
    assert phones == [Evidence("+12529721411", "US", "US-NC", PHONE_WEIGHT)]


@pytest.mark.parametrize(
    "text",
    [
        "On 12/05/2023 about 300 people marched; 1,250 officers and 40 vehicles took part.",
        "The score was 3-2 after 90 minutes; the 2019-2020 season ended at +3 points.",
        "Police said the man, 25, was shot at 10:45 p.m. on the 1200 block of Main Street.",
        "",
    ],
)
def test_a_text_without_numbers_gives_no_phone_evidence(gaz: Gazetteer, text: str) -> None:
    assert phone_locales(text, gaz) == []
    assert not [e for e in scan_context(text, gaz).evidence if e.key.startswith("+")]
