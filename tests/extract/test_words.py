"""The extraction word lists are data, validated on load."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from newsevents.extract.words import WORDS, WordLists, load_words


def test_words_load_and_are_lower_case() -> None:
    lists = load_words()
    assert "conduct" in lists.light_verbs
    assert lists == WORDS
    for name, words in lists:
        assert words, name
        assert all(w == w.lower() for w in words), name


def test_words_reject_unknown_or_missing_lists() -> None:
    good = {name: sorted(words) for name, words in WORDS}
    with pytest.raises(ValidationError):
        WordLists.model_validate({**good, "typo_list": ["x"]})
    missing = dict(good)
    missing.pop("light_verbs")
    with pytest.raises(ValidationError):
        WordLists.model_validate(missing)
