"""Name normalisation: transliteration variants meet, distinct names stay apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents.errors import DataFileError
from newsevents.ontology.names import load_name_rules, normalise_name, strip_affixes


@pytest.mark.parametrize(
    "variants",
    [
        ["Izz ad-Din al-Qassam Brigades", "Izzadin Kassam Brigades", "Ezzedine al-Qassam Brigades",
         "Izz al-Din al-Qassam Brigades", "Izz el-Deen al-Qassam Brigades"],
        ["Khan Younis", "Khan Yunis"],
        ["Jaish-e-Mohammed", "Jaish-i-Muhammad", "Jaish e Mohammad"],
        ["Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan"],
        ["al-Qaeda", "Al Qaida", "Al-Qa'ida"],
        ["Al Jazeera", "Al-Jazira"],
        ["the Islamic State group", "Islamic State", "ISLAMIC STATE"],
        ["Hamas's", "Hamas"],
        ["Xinhua news agency", "Xinhua"],
    ],
)  # fmt: skip
def test_variants_share_a_key(variants: list[str]) -> None:
    keys = {normalise_name(v) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hamas", "Hama"),
        ("Hamas", "Homs"),
        ("Qassam Brigades", "Quds Brigades"),
        ("Islamic State", "Islamic Jihad"),
        ("Ansar Bayt al-Maqdis", "Jerusalem"),
    ],
)
def test_distinct_names_stay_distinct(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


def test_affixes_never_remove_the_last_word() -> None:
    assert normalise_name("Group") == "grup"  # "ou" folds to "u", the word stays
    assert normalise_name("the movement") == "movement"
    assert strip_affixes("the IS group") == "IS"
    assert strip_affixes("Hamas militants,") == "Hamas"
    assert strip_affixes("militant group Boko Haram") == "Boko Haram"


@given(st.text(max_size=60))
def test_keys_are_plain_lower_ascii(text: str) -> None:
    key = normalise_name(text)
    assert re.fullmatch(r"[a-z0-9 ]*", key)
    assert "  " not in key and key == key.strip()


def test_bad_regex_in_rules_is_a_data_file_error(tmp_path: Path) -> None:
    path = tmp_path / "name_rules.yaml"
    path.write_text("letter_folds:\n  - {pattern: '(k', replace: q}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="regular expression"):
        load_name_rules(path)
