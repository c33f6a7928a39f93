"""Tests for reading number phrases as low / best / high figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from newsevents.extract.quantities import (
    Quantity,
    QuantityData,
    is_quantity_word,
    match_quantity,
    multiple_of,
    parse_number,
    parse_quantity,
    quantity_start_words,
)
from newsevents.ontology.datafiles import data_path, read_yaml


def q(low: int | None, best: int | None, high: int | None) -> Quantity:
    return Quantity(low, best, high)


def exact(n: int) -> Quantity:
    return Quantity(n, n, n)


CASES: list[tuple[str, Quantity]] = [
    # digits and number words
    ("5", exact(5)),
    ("12", exact(12)),
    ("1,200", exact(1200)),
    ("five", exact(5)),
    ("Twenty-three", exact(23)),
    ("ninety nine", exact(99)),
    ("a hundred", exact(100)),
    ("two hundred and fifty", exact(250)),
    ("three thousand five hundred", exact(3500)),
    ("two hundred thousand", exact(200_000)),
    ("a thousand and one", exact(1001)),
    ("1.5 million", exact(1_500_000)),
    ("a dozen", exact(12)),
    ("one dozen", exact(12)),
    ("two dozen", exact(24)),
    ("half a dozen", exact(6)),
    # one and two
    ("a", exact(1)),
    ("an", exact(1)),
    ("one", exact(1)),
    ("a single", exact(1)),
    ("lone", exact(1)),
    ("both", exact(2)),
    ("a pair", exact(2)),
    ("no one", exact(0)),
    # approximations
    ("about 30", q(27, 30, 33)),
    ("around 5", q(4, 5, 6)),
    ("approximately 200", q(180, 200, 220)),
    ("some 30", q(27, 30, 33)),
    ("an estimated 3,000", q(2700, 3000, 3300)),
    ("nearly 100", q(90, 100, 100)),
    ("almost 20", q(18, 20, 20)),
    ("nearly a hundred", q(90, 100, 100)),
    ("a hundred or so", q(90, 100, 110)),
    # bounds
    ("at least 12", q(12, 12, None)),
    ("at least two dozen", q(24, 24, None)),
    ("more than 100", q(100, 100, None)),
    ("over 20", q(20, 20, None)),
    ("more than a dozen", q(12, 12, None)),
    ("ten or more", q(10, 10, None)),
    ("100+", q(100, 100, None)),
    ("up to 30", q(None, 30, 30)),
    ("as many as 40", q(None, 40, 40)),
    ("no more than 8", q(None, None, 8)),
    ("fewer than 10", q(None, None, 9)),
    # ranges: best is the midpoint rounded half up
    ("5 to 7", q(5, 6, 7)),
    ("5-7", q(5, 6, 7)),
    ("between 10 and 20", q(10, 15, 20)),
    ("two or three", q(2, 3, 3)),
    ("twenty-thirty", q(20, 25, 30)),
    # vague quantifiers
    ("a few", q(2, 3, 5)),
    ("several", q(3, 5, 9)),
    ("dozens", q(24, 36, 99)),
    ("scores", q(40, 60, 99)),
    ("hundreds", q(200, 300, 999)),
    ("thousands", q(2000, 3000, 9999)),
    ("tens of thousands", q(20_000, 30_000, 99_999)),
    ("hundreds of thousands", q(200_000, 300_000, 999_999)),
    ("a few hundred", q(200, 300, 500)),
    ("several thousand", q(3000, 5000, 9000)),
    ("many", q(2, None, None)),
    ("numerous", q(2, None, None)),
    ("some", q(1, None, None)),
    ("at least dozens", q(24, 36, None)),
    # words after the figure are ignored
    ("at least 12 people were killed", q(12, 12, None)),
    ("Dozens of civilians", q(24, 36, 99)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "the",
        "first",
        "1st",
        "2.5",
        "12%",
        "12 percent",
        "5 pm",
        "12-year-old",
        "five-member team",
        "two-thirds",
        "over the weekend",
        "about the attack",
        "between 5 and",
        "million",
        "and",
    ],
)
def test_not_quantities(text: str) -> None:
    assert parse_quantity(text) is None


def test_range_running_backwards_keeps_first_figure() -> None:
    assert parse_quantity("10 to 5") == exact(10)


def test_match_quantity_gives_character_range() -> None:
    text = "Police said at least 12 people died."
    found = match_quantity(text, start=11)
    assert found is not None
    assert text[found.start : found.end] == "at least 12"
    assert found.quantity == q(12, 12, None)


def test_parse_number_needs_the_whole_text() -> None:
    assert parse_number("twenty-three") == 23
    assert parse_number(" 1,200 ") == 1200
    assert parse_number("5 people") is None
    assert parse_number("dozens") is None


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("12", True),
        ("1,200", True),
        ("five", True),
        ("dozens", True),
        ("at", True),
        ("about", True),
        ("a", True),
        ("between", True),
        ("the", False),
        ("killed", False),
        ("12th", False),
    ],
)
def test_is_quantity_word(token: str, expected: bool) -> None:
    assert is_quantity_word(token) is expected


def test_start_words_come_from_the_data_file() -> None:
    words = quantity_start_words()
    assert {"several", "tens", "fewer", "twenty"} <= words


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [f"{_ONES[hundreds]} hundred"] if hundreds else []
    if rest:
        tens, ones = divmod(rest, 10)
        words = _ONES[rest] if rest < 20 else _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
        parts.append(("and " if hundreds else "") + words)
    return " ".join(parts)


def _in_words(n: int) -> str:
    """English words for 1 <= n < 10**9 ("two hundred and five thousand and three")."""
    parts = []
    for scale, name in ((1_000_000, "million"), (1000, "thousand"), (1, "")):
        group, n = divmod(n, scale)
        if group:
            parts.append(f"{_below_thousand(group)} {name}".strip())
    return " ".join(parts)


@given(st.integers(min_value=1, max_value=999_999_999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_number(_in_words(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_digits_round_trip(n: int) -> None:
    # A bare year of the last two centuries ("the 2015 slaying") is no count.
    assert parse_number(str(n)) == (None if 1900 <= n <= 2099 else n)
    if n >= 1000:  # with its separator, a figure of any size is a count ("2,015")
        assert parse_number(f"{n:,}") == n


@pytest.mark.parametrize("text", ["2015", "1999", "2001"])
def test_a_bare_year_is_no_count(text: str) -> None:
    assert parse_quantity(f"{text} slaying") is None
    assert parse_quantity(f"{text[0]},{text[1:]} people") is not None


def _assert_well_formed(found: Quantity | None) -> None:
    if found is None:
        return
    values = [v for v in (found.low, found.best, found.high) if v is not None]
    assert values, "a quantity has at least one figure"
    assert all(isinstance(v, int) and v >= 0 for v in values)
    assert values == sorted(values)


@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(text: str) -> None:
    _assert_well_formed(parse_quantity(text))


_VOCAB = sorted(
    quantity_start_words()
    | {"-", "–", "and", "or", "to", "of", "more", "so", "+", "%", "people", ",", "."}
    | {"0", "1", "7", "12", "1,200", "2.5", "1.5", "999"}
)


@given(st.lists(st.sampled_from(_VOCAB), max_size=8))
def test_quantity_like_word_soup_is_well_formed(words: list[str]) -> None:
    _assert_well_formed(parse_quantity(" ".join(words)))


def test_schema_rejects_disordered_vague_range() -> None:
    raw = read_yaml(data_path("quantities.yaml"))
    raw["vague"]["bogus"] = {"low": 10, "best": 5, "high": 20}
    with pytest.raises(ValidationError):
        QuantityData.model_validate(raw)


def test_multiples() -> None:
    assert multiple_of("triple") == 3
    assert multiple_of("single") is None


def test_schema_rejects_a_multiple_below_two() -> None:
    raw = read_yaml(data_path("quantities.yaml"))
    raw["multiples"]["single"] = 1
    with pytest.raises(ValidationError):
        QuantityData.model_validate(raw)
