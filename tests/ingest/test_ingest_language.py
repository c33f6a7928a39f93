"""The offline English check and language guess."""

from __future__ import annotations

import pytest

from newsevents.ingest import detect_language, is_english, read_text

ENGLISH = "Gunmen opened fire on a crowded bus station on Monday, killing four people, police said."


def test_english_text() -> None:
    assert is_english(ENGLISH)
    assert detect_language(ENGLISH) == "en"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Des hommes armés ont tué quatre personnes lundi, selon la police.",
            "fr",
        ),
        (
            "Hombres armados mataron a cuatro personas el lunes, según la policía.",
            "es",
        ),
        (
            "Bewaffnete haben am Montag vier Menschen getötet, teilte die Polizei mit.",
            "de",
        ),
        (
            "Вооруженные люди убили четырех человек в понедельник, сообщила полиция.",
            "ru",
        ),
        ("قتل مسلحون أربعة أشخاص في محطة حافلات يوم الاثنين، بحسب الشرطة.", "ar"),
        ("警方说，枪手周一在一个公共汽车站打死四人。", "zh"),
    ],
)
def test_other_languages_are_not_english(text: str, code: str) -> None:
    assert not is_english(text)
    assert detect_language(text) == code


def test_non_english_article_is_read_with_its_language() -> None:
    article = read_text("Des hommes armés ont tué quatre personnes dans une gare, selon la police.")
    assert article.language == "fr"


def test_short_headline_counts_as_english() -> None:
    assert is_english("Gunmen Kill Four")


def test_no_letters_is_undetermined() -> None:
    assert detect_language("12 34 !!") == "und"
