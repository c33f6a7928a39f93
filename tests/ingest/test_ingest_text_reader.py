"""Plain-text reader: page shape (tags, title, body), headlines and normalisation."""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_samples import PLAIN_NO_HEADLINE, PLAIN_WITH_HEADLINE, TAGGED_PAGE, Writer

from newsevents.errors import InputError
from newsevents.ingest import read_text, read_text_file
from newsevents.ingest.layout import split_layout, tags_before_title


def test_tagged_page_gives_tags_title_and_text(write: Writer) -> None:
    article = read_text_file(write("a.txt", TAGGED_PAGE))
    assert article.tags == ["Nigeria", "Boko Haram"]
    assert article.title == "Militants Raid Village Near Lake Chad"
    assert article.text.startswith("Militants Raid Village Near Lake Chad\n\nSuspected militants")
    assert "Nigeria, Boko Haram" not in article.text
    assert article.text.endswith("The army said troops had been sent to the area.")
    assert article.language == "en"
    assert article.source_path is not None and article.source_path.endswith("a.txt")


def test_tag_line_may_fold_a_leading_title_word_into_the_tags() -> None:
    # The leading title word "Militants" sits among the tags and is missing before the title.
    tags = tags_before_title(
        "Militants, Lake Chad, Raid Village Near Lake Chad", "Militants Raid Village Near Lake Chad"
    )
    assert tags == ["Militants", "Lake Chad"]


def test_tag_line_needs_a_separator_before_the_title() -> None:
    assert (
        tags_before_title(
            "Officials say Raid Village Near Lake Chad", "Raid Village Near Lake Chad"
        )
        is None
    )


def test_sentence_that_shares_an_ending_is_not_a_tag_line() -> None:
    first = "Police said, gunmen then burned the market"
    second = "Witnesses said gunmen then burned the market"
    assert tags_before_title(first, second) is None


def test_title_line_repeated_without_tags() -> None:
    layout = split_layout("Troops Clash With Rebels\n\nTroops Clash With Rebels\nBody text here.")
    assert layout.title == "Troops Clash With Rebels"
    assert layout.tags == []
    assert layout.body == "Body text here."


def test_plain_text_with_headline(write: Writer) -> None:
    article = read_text_file(write("b.txt", PLAIN_WITH_HEADLINE))
    assert article.title == "Police Arrest Six After Protest Turns Violent"
    assert article.tags == []
    assert article.text.startswith(f"{article.title}\n\nPolice arrested six people")


def test_headline_glued_to_body_gets_a_blank_line() -> None:
    article = read_text("Rebels Seize Town\nRebels seized the town on Monday, residents said.")
    assert article.title == "Rebels Seize Town"
    assert article.text == "Rebels Seize Town\n\nRebels seized the town on Monday, residents said."


def test_plain_text_without_headline(write: Writer) -> None:
    article = read_text_file(write("c.txt", PLAIN_NO_HEADLINE))
    assert article.title is None
    assert article.text.startswith("Police arrested six people")


@pytest.mark.parametrize(
    "first_line",
    [
        "Police arrested six people after the protest.",  # a sentence, not a headline
        "lower-case start of a body line",
        " ".join(["word"] * 40),
    ],
)
def test_lines_that_are_not_headlines(first_line: str) -> None:
    assert read_text(f"{first_line}\n\nMore text follows here.").title is None


def test_single_line_text_has_no_title() -> None:
    article = read_text("Gunmen Kill Three In Market")
    assert article.title is None
    assert article.text == "Gunmen Kill Three In Market"


def test_normalisation() -> None:
    raw = (
        "Headline About An Attack  \r\n\r\n"
        "The minister said the attack was \u201ccowardly\u201d.   \r\n"
        "\r\n\r\n\r\n\r\n"
        "Caf\u00c3\u00a9 owners closed early.\r"
        "Last line.\t\n\n\n"
    )
    article = read_text(raw)
    assert article.text == (
        "Headline About An Attack\n\n"
        "The minister said the attack was \u201ccowardly\u201d.\n\n"
        "Caf\u00e9 owners closed early.\n"
        "Last line."
    )


def test_explicit_title_is_not_repeated() -> None:
    article = read_text(
        "Gunmen kill two in raid\n\nGunmen killed two people in a raid, police said.",
        title="Gunmen kill two in raid",
        url="https://news.example.org/a/1",
        published=dt.date(2024, 1, 2),
        outlet="Example News",
        source_path="api",
    )
    assert article.text.count("Gunmen kill two in raid") == 1
    assert article.title == "Gunmen kill two in raid"
    assert (article.url, article.outlet, article.published, article.source_path) == (
        "https://news.example.org/a/1",
        "Example News",
        dt.date(2024, 1, 2),
        "api",
    )


def test_explicit_title_is_prepended() -> None:
    article = read_text("Gunmen killed two people in a raid, police said.", title="Raid kills two")
    assert article.text == "Raid kills two\n\nGunmen killed two people in a raid, police said."


def test_read_text_refuses_empty_text() -> None:
    with pytest.raises(InputError) as info:
        read_text("  \n\t ")
    assert str(info.value).startswith("<text>: empty")
