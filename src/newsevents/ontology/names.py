"""Normalisation of actor names, driven by ``data/name_rules.yaml``.

``normalise_name`` turns spelling variants of one name into one comparison key:
"Izz ad-Din al-Qassam Brigades", "Izzadin Kassam Brigades" and "Ezzedine al-Qassam
Brigades" all become ``izzadin qasam brigades``. ``strip_affixes`` only removes descriptive
words ("the ... group") and keeps the original spelling and case, for exact look-ups of
short names ("the IS group" -> "IS").
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator
from unidecode import unidecode

from newsevents.ontology.datafiles import data_path, load_model

NAME_RULES_FILE = "name_rules.yaml"

_APOSTROPHES = re.compile(r"['`´‘’ʼʻʿʾ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1+")


class Fold(BaseModel):
    """A regular-expression rewrite."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    replace: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression {value!r}: {exc}") from exc
        return value


class NameRules(BaseModel):
    """The contents of ``name_rules.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pre_folds: tuple[Fold, ...] = ()
    article_prefixes: tuple[str, ...] = ()
    standalone_articles: tuple[str, ...] = ()
    leading_words: tuple[str, ...] = ()
    leading_affixes: tuple[str, ...] = ()
    trailing_affixes: tuple[str, ...] = ()
    letter_folds: tuple[Fold, ...] = Field(default=())


class NameNormaliser:
    """Compiled name rules; ``normalise`` and ``strip_affixes`` are the entry points."""

    def __init__(self, rules: NameRules) -> None:
        self._pre = [(re.compile(f.pattern), f.replace) for f in rules.pre_folds]
        self._letters = [(re.compile(f.pattern), f.replace) for f in rules.letter_folds]
        prefixes = "|".join(sorted(map(re.escape, rules.article_prefixes), key=len, reverse=True))
        self._prefix = re.compile(rf"\b(?:{prefixes})-(?=[a-z])") if prefixes else None
        self._standalone = frozenset(rules.standalone_articles)
        self._leading_words = frozenset(rules.leading_words)
        self._lead = [
            tuple(a.split()) for a in sorted(rules.leading_affixes, key=len, reverse=True)
        ]
        self._trail = [
            tuple(a.split()) for a in sorted(rules.trailing_affixes, key=len, reverse=True)
        ]

    def _strip_tokens(self, tokens: list[str]) -> list[str]:
        """Drop leading words and descriptive affixes, keeping at least one token."""
        changed = True
        while changed and len(tokens) > 1:
            changed = False
            if tokens[0].lower() in self._leading_words:
                tokens = tokens[1:]
                changed = True
                continue
            low = [t.lower() for t in tokens]
            for affix in self._lead:
                n = len(affix)
                if len(tokens) > n and tuple(low[:n]) == affix:
                    tokens = tokens[n:]
                    changed = True
                    break
            if changed:
                continue
            for affix in self._trail:
                n = len(affix)
                if len(tokens) > n and tuple(low[-n:]) == affix:
                    tokens = tokens[:-n]
                    changed = True
                    break
        return tokens

    def strip_affixes(self, name: str) -> str:
        """Remove leading articles and descriptive affixes, keeping spelling and case.

        ``"the Islamic State group"`` -> ``"Islamic State"``; ``"IS militants"`` -> ``"IS"``.
        """
        tokens = name.split()
        # Trailing punctuation ("Hamas,") and possessives ("Hamas's") are not part of names.
        if tokens:
            tokens[-1] = re.sub(r"(?:['’]s|['’])$", "", tokens[-1].rstrip(".,;:!?\"')]"))
        return " ".join(self._strip_tokens([t for t in tokens if t]))

    def normalise(self, name: str) -> str:
        """Return the comparison key of ``name`` (see the module docstring)."""
        s = _APOSTROPHES.sub("", unidecode(name).lower())
        for pattern, replace in self._pre:
            s = pattern.sub(replace, s)
        if self._prefix is not None:
            s = self._prefix.sub("", s)
        tokens = _NON_ALNUM.sub(" ", s).split()
        if len(tokens) > 1:
            kept = [t for t in tokens if t not in self._standalone]
            tokens = kept or tokens
        s = " ".join(self._strip_tokens(tokens))
        for pattern, replace in self._letters:
            s = pattern.sub(replace, s)
        return _REPEATS.sub(r"\1", s)


def load_name_rules(path: Path) -> NameRules:
    """Read and validate a name-rules file."""
    return load_model(path, NameRules)


@functools.cache
def default_normaliser() -> NameNormaliser:
    """Return the normaliser built from the shipped rules, loaded once."""
    return NameNormaliser(load_name_rules(data_path(NAME_RULES_FILE)))


def normalise_name(name: str) -> str:
    """Return the comparison key of an actor name with the shipped rules."""
    return default_normaliser().normalise(name)


def strip_affixes(name: str) -> str:
    """Remove leading articles and descriptive affixes from ``name``, keeping its case."""
    return default_normaliser().strip_affixes(name)


__all__ = [
    "NameNormaliser",
    "NameRules",
    "default_normaliser",
    "load_name_rules",
    "normalise_name",
    "strip_affixes",
]
