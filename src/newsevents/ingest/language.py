"""Offline language check: is an article in English, and if not, what is it likely to be?

Counts the share of a text's words that are function words of each language (lists in
``newsevents/data/language_function_words.yaml``) after checking which script the letters
are written in. Fast and dependency-free; good enough to route articles, not a classifier.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from newsevents.ingest.resources import function_words

UNDETERMINED = "und"
_WORD = re.compile(r"[^\W\d_]+")
_MAX_WORDS = 3000
_MAX_LETTERS = 20000
_MIN_SHARE = 0.08
# Below this many words, a Latin-script text with no function words of any listed language
# is taken as English: the tool reads English, and a bare headline should not be refused.
_FEW_WORDS = 12
_MIN_SCRIPT_SHARE = 0.5


@cache
def _languages_by_script() -> dict[str, dict[str, frozenset[str]]]:
    table: dict[str, dict[str, frozenset[str]]] = {}
    for code, entry in function_words().languages.items():
        table.setdefault(entry.script, {})[code] = frozenset(entry.words)
    return table


def _script(char: str) -> str:
    if char < "\u0250":
        return "LATIN"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0].split("-", 1)[0] if name else "UNKNOWN"


def dominant_script(text: str) -> tuple[str | None, float]:
    """Return the script most letters of ``text`` are in, and its share of the letters."""
    counts: Counter[str] = Counter()
    seen = 0
    for char in text:
        if char.isalpha():
            counts[_script(char)] += 1
            seen += 1
            if seen >= _MAX_LETTERS:
                break
    if not counts:
        return None, 0.0
    script, count = counts.most_common(1)[0]
    return script, count / seen


def _scores(words: list[str], languages: dict[str, frozenset[str]]) -> dict[str, float]:
    return {code: sum(w in vocab for w in words) / len(words) for code, vocab in languages.items()}


def detect_language(text: str) -> str:
    """Best guess at the ISO 639-1 code of ``text``, or ``"und"`` when it cannot tell."""
    script, share = dominant_script(text)
    if script is None:
        return UNDETERMINED
    words = [w.casefold() for w in _WORD.findall(text[: _MAX_LETTERS * 2])][:_MAX_WORDS]
    languages = _languages_by_script().get(script, {})
    fallback = function_words().script_languages.get(script, UNDETERMINED)
    if share < _MIN_SCRIPT_SHARE or not words:
        return UNDETERMINED
    if not languages:
        return fallback
    scores = _scores(words, languages)
    best = max(scores, key=lambda code: (scores[code], code == "en"))
    if scores[best] >= _MIN_SHARE:
        return best
    if script == "LATIN" and len(words) < _FEW_WORDS and scores[best] <= scores.get("en", 0.0):
        return "en"
    return fallback if script != "LATIN" else UNDETERMINED


def is_english(text: str) -> bool:
    """True when ``text`` reads as English."""
    return detect_language(text) == "en"
