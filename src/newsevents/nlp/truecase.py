"""Restore the case of all-caps and all-lower-case text without moving any character.

spaCy's small English model finds names by their capitals, so it loses nearly every entity of
an all-caps wire (the raw MUC-4 corpus) and many of an all-lower-case one (its processed
form). :func:`truecase` rewrites only the case of letters, so every offset into the result is
an offset into the input:

* each word gets its most likely casing from the casing statistics of edited English
  (:mod:`newsevents.nlp.truecase_table`), in the context of its neighbours ("in may" ->
  "in May", "it may" -> "it may");
* a word the statistics do not know is taken for a name and capitalised, unless it looks like
  an acronym (no vowel: "fmln" -> "FMLN"), a code ("m-16" -> "M-16") or an ordinal ("3d");
* a short word in brackets after a name is an acronym ("... front (fmln)"), and when its
  letters are the initials of the words before it, those words are a name and capitalised;
* a name grows over neighbouring words that are often capitalised ("palestinian health
  ministry", "the defense ministry") and over name heads after it ("delta state");
* the first word of each sentence is capitalised, including after a dateline's dash and after
  a bracketed label that opens a sentence ("[text] the army ...");
* ``data/truecase.yaml`` adds known acronyms, exact spellings of frequent names, everyday
  words the statistics lack, and the abbreviations that do not end a sentence.

A character whose other case has another length ("ß" -> "SS", "İ" -> "i̇") or would not map
back ("ſ" -> "S") is left as it is.
"""

from __future__ import annotations

import math
import re
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from newsevents.errors import DataFileError
from newsevents.nlp.truecase_table import CasingTable, get_table

__all__ = ["maybe_truecase", "needs_truecasing", "truecase"]

# A text is rewritten only when it has at least this many words of two or more letters: the
# case of a two-word fragment says little about how the rest of a document is written.
MIN_WORDS = 4
# All caps: at least this share of the words is written in capitals.
UPPER_SHARE = 0.85
# All lower case: at most this share of the words starts with a capital. Edited text has at
# least one per sentence (one in 30 words or more often), lower-cased text has none.
LOWER_CAPITALISED_SHARE = 0.015

_PSEUDO_COUNT = 5.0
# Share of capitalised uses that lets a word between two capitalised words join their name.
_SOMETIMES_CAPITALISED = 0.05
# Share of capitalised uses that lets a word join the capitalised known word after it.
_LEFT_EXTEND = 0.1
# The statistics come from formal 20th-century prose that capitalises offices and institutions
# ("the Government") more than news does.
_TITLE_WEIGHT = 0.7
# A word right before a name is more often part of it or a title ("colonel", "al", "cross").
_BEFORE_NAME_WEIGHT = 4.0
_MAX_ACRONYM = 6
_MEMO_SIZE = 100_000  # parsed table entries kept per process
_VOWELS = frozenset("aeiouáéíóúàèìòùäëïöüâêîôûãõ")

# Abbreviations with inner periods first ("u.s.", "a.m."), then words that may contain
# apostrophes and hyphens ("o'brien", "al-qaeda", "20-year-old").
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’\-][^\W_]+)*")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_PART_SEP_RE = re.compile(r"(['’\-])")
_CLOSING = {"(": ")", "[": "]"}
# The dash after a dateline, maybe followed by an opening bracket ("... 90 -- [text]").
_DATELINE_RE = re.compile(r"\s(?:--|—|–)\s*[(\[]?$")
_DATELINE_MAX = 150  # characters from the start of a paragraph to its dateline's dash
_PARAGRAPH_RE = re.compile(r"\n[^\S\n]*\n")
_CODE_SUFFIX_RE = re.compile(r"\d+(?:st|nd|rd|th|d|s|am|pm|km|kg|mm|cm|m|h|hrs|mph|g|k|mn|bn)")
_ROMAN_RE = re.compile(r"(?=[ivx]{2,}$)x{0,3}(?:ix|iv|v?i{0,3})")
# Inflections and derivations that turn a common word into another common word.
_SUFFIXES = (
    "s", "es", "ed", "ing", "er", "ers", "ment", "ments", "ly", "ness", "ism", "isms", "ist",
    "ists", "ize", "izes", "ized", "izing", "ization", "ise", "ises", "ised", "ising",
    "isation", "ation", "ations",
)  # fmt: skip
_PREFIXES = ("un", "re", "non", "anti", "counter", "over", "under", "self", "pre", "post", "mis")
_DOTTED_RE = re.compile(r"(?:[^\W\d_]\.)+")
_APOSTROPHE_TAILS = frozenset({"s", "t", "d", "ll", "re", "ve", "m"})


class TruecaseRules(BaseModel):
    """Schema of ``data/truecase.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    acronyms: list[str]
    phrases: list[str]
    ambiguous_months: list[str]
    abbreviations: list[str]
    name_function_words: list[str]
    common_words: list[str]
    us_after: list[str]
    us_before: list[str]
    name_heads: list[str]

    @field_validator(
        "acronyms",
        "phrases",
        "ambiguous_months",
        "abbreviations",
        "name_function_words",
        "common_words",
        "us_after",
        "us_before",
        "name_heads",
    )
    @classmethod
    def _unique_words(cls, values: list[str]) -> list[str]:
        seen: set[str] = set()
        for value in values:
            key = value.strip().lower()
            if not key or key != value.lower():
                raise ValueError(f"blank or padded entry {value!r}")
            if key in seen:
                raise ValueError(f"duplicate entry {value!r}")
            seen.add(key)
        return values

    @field_validator(
        "name_function_words",
        "common_words",
        "ambiguous_months",
        "abbreviations",
        "us_after",
        "us_before",
        "name_heads",
    )
    @classmethod
    def _lower_case(cls, values: list[str]) -> list[str]:
        for value in values:
            if value != value.lower() or not value.strip():
                raise ValueError(f"entry {value!r} must be a lower-case word")
        return values


class _Rules:
    """The data file's rules in the shapes the truecaser looks them up in."""

    def __init__(self, raw: TruecaseRules) -> None:
        self.acronyms = {a.lower(): a for a in raw.acronyms}
        self.months = frozenset(raw.ambiguous_months)
        self.abbreviations = frozenset(raw.abbreviations)
        self.function_words = frozenset(raw.name_function_words)
        self.common_words = frozenset(raw.common_words)
        self.us_after = frozenset(raw.us_after)
        self.us_before = frozenset(raw.us_before)
        self.name_heads = frozenset(raw.name_heads)
        self.phrase_forms = {" ".join(p.lower().split()): p.split() for p in raw.phrases}
        # Longest first, so "islamic state" wins over "islamic".
        alternatives = sorted(self.phrase_forms, key=len, reverse=True)
        body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in alternatives)
        self.phrase_re = re.compile(rf"(?<![\w'’\-])(?:{body})(?![\w'’\-])", re.IGNORECASE)


@cache
def _rules() -> _Rules:
    """The shipped rules, loaded and validated once."""
    path = resources.files("newsevents") / "data" / "truecase.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return _Rules(TruecaseRules.model_validate(raw))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), str(exc).replace("\n", " ")) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise DataFileError(str(path), f"{where}: {first['msg']}") from exc


def needs_truecasing(text: str) -> bool:
    """Whether ``text`` is written all in capitals or all in lower case.

    Counts the words of two or more letters: true when at least 85 % of them are all caps, or
    when at most 1.5 % of them start with a capital (edited text capitalises at least every
    sentence start). Texts with fewer than four such words are left alone.
    """
    words = upper = capitalised = 0
    for match in _LETTERS_RE.finditer(text):
        word = match.group()
        if not word[0].isupper():
            if len(word) > 1:
                words += 1
            continue
        capitalised += 1  # "I" and "A" start sentences too
        if len(word) > 1:
            words += 1
            upper += word.isupper()
    if words < MIN_WORDS:
        return False
    return upper >= UPPER_SHARE * words or capitalised <= LOWER_CAPITALISED_SHARE * words


def maybe_truecase(text: str) -> tuple[str, bool]:
    """Truecase ``text`` when :func:`needs_truecasing` says so; returns the text and whether."""
    if needs_truecasing(text):
        return truecase(text), True
    return text, False


# --- applying a casing to a piece of text, one character at a time -------------------------


def _char(c: str, upper: bool) -> str:
    """``c`` in the wanted case, or unchanged when that case has another length or no way back."""
    other = c.upper() if upper else c.lower()
    if len(other) == 1 and other.lower() == c.lower():
        return other
    return c


def _shape(token: str, form: str) -> str:
    """``token`` written like ``form`` (a casing of the same word, or "l"/"t"/"u")."""
    if form == "l" or form == "u":
        if token.isascii():
            return token.lower() if form == "l" else token.upper()
        return "".join(_char(c, form == "u") for c in token)
    if form == "t":
        if token.isascii():
            return token[:1].upper() + token[1:].lower()
        return "".join(_char(c, i == 0) for i, c in enumerate(token))
    if len(form) != len(token):
        return _shape(token, "t" if form[:1].isupper() else "l")
    if token.isascii() and form.isascii():
        return form
    return "".join(
        _char(c, f.isupper()) if f.isupper() or f.islower() else c
        for c, f in zip(token, form, strict=True)
    )


def _capitalise(token: str) -> str:
    """``token`` with its first letter in capitals and the rest unchanged."""
    return _char(token[0], True) + token[1:] if token else token


# --- choosing a casing for one word ---------------------------------------------------------


def _code_form(lower: str) -> str:
    """Casing of a word with digits: ordinals and units lower, codes ("m16", "3d") caps."""
    if _CODE_SUFFIX_RE.fullmatch(lower):
        return "l"
    return "u"


def _unknown_form(lower: str, rules: _Rules) -> str:
    """Casing of a word the statistics do not know: usually a name."""
    if lower in rules.common_words:
        return "l"
    if 2 <= len(lower) <= 5 and not (set(lower) & _VOWELS) and lower.isalpha():
        return "u"  # no vowel: an acronym ("fmln", "prtc")
    return "t"


class _Caser:
    """Chooses each token's casing from the table, the rules and its neighbours."""

    def __init__(self, table: CasingTable, rules: _Rules) -> None:
        self.table = table
        self.forms = table.forms
        self.counts = table.counts
        self.back = table.back
        self.fwd = table.fwd
        self._casings: dict[str, list[str] | None] = {}
        self._counts: dict[str, list[int] | None] = {}
        self.rules = rules

    def known(self, lower: str) -> list[str] | None:
        """The table's casings of ``lower``, or None for an unknown word."""
        try:
            return self._casings[lower]
        except KeyError:
            if len(self._casings) > _MEMO_SIZE:
                self._casings.clear()
            casings = self._casings[lower] = self.table.casings(lower)
            return casings

    def word_counts(self, lower: str) -> list[int] | None:
        """How often each casing of ``lower`` occurs, when it has several."""
        try:
            return self._counts[lower]
        except KeyError:
            if len(self._counts) > _MEMO_SIZE:
                self._counts.clear()
            counts = self._counts[lower] = self._row(self.counts, lower, lower)
            return counts

    def _row(self, rows: dict[str, str], key: str, lower: str) -> list[int] | None:
        """Counts under ``key`` aligned with the casings of ``lower``; None if absent or bad."""
        try:
            row = CasingTable.numbers(rows, key)
        except ValueError:
            return None
        casings = self.known(lower)
        if row is None or casings is None or len(row) != len(casings):
            return None
        return row

    def best(self, lower: str, prev: str | None, nxt: str | None, before_name: bool) -> str:
        """Most likely casing of a known ambiguous word given the words around it."""
        forms = self.known(lower)
        if forms is None:
            return "l"
        counts = self.word_counts(lower)
        if counts is None:
            return forms[0]
        back = self._row(self.back, f"{prev} {lower}", lower) if prev is not None else None
        fwd = self._row(self.fwd, f"{lower} {nxt}", lower) if nxt is not None else None
        best_form, best_score = forms[0], -math.inf
        for i, form in enumerate(forms):
            weight = _TITLE_WEIGHT if form[:1].isupper() else 1.0
            if before_name and form[:1].isupper():
                weight *= _BEFORE_NAME_WEIGHT
            score = math.log(counts[i] * weight + _PSEUDO_COUNT)
            if back is not None:
                score += math.log(back[i] + _PSEUDO_COUNT)
            if fwd is not None:
                score += math.log(fwd[i] + _PSEUDO_COUNT)
            if score > best_score:
                best_form, best_score = form, score
        return best_form

    def word(self, token: str, prev: str | None, nxt: str | None, before_name: bool = False) -> str:
        """Casing ("l", "t", "u" or an exact form) of one token without inner separators."""
        lower = token.lower().replace("’", "'")
        acronym = self.rules.acronyms.get(lower)
        if acronym is not None:
            return acronym
        if lower in self.rules.months and (_is_number(prev) or _is_number(nxt)):
            return "t"
        if lower == "us" and (prev in self.rules.us_after or nxt in self.rules.us_before):
            return "US"
        if lower in self.rules.common_words:
            return "l"
        if lower in self.forms:
            return self.best(lower, prev, nxt, before_name)
        if _DOTTED_RE.fullmatch(lower):
            return "u"  # initials and abbreviations: "r.a.", "u.s."
        if any(c.isdigit() for c in lower):
            return _code_form(lower) if not lower.isdigit() else "l"
        if _ROMAN_RE.fullmatch(lower):
            return "u"
        if self.derived_from_common(lower):
            return "l"
        return _unknown_form(lower, self.rules)

    def derived_from_common(self, lower: str) -> bool:
        """Whether an unknown word is a known lower-case word with an affix ("cuffed")."""
        forms = self.known
        for suffix in _SUFFIXES:
            if len(lower) - len(suffix) >= 3 and lower.endswith(suffix):
                stem = lower[: -len(suffix)]
                candidates = (stem, stem + "e", stem[:-1] if stem[-1] == stem[-2] else stem)
                if any((forms(c) or ["X"])[0].islower() for c in candidates):
                    return True
        for prefix in _PREFIXES:
            if len(lower) - len(prefix) >= 4 and lower.startswith(prefix):
                rest = forms(lower[len(prefix) :])
                if rest is not None and rest[0].islower():
                    return True
        return False

    def sometimes_capitalised(self, lower: str, share: float = _SOMETIMES_CAPITALISED) -> bool:
        """Whether a known word is capitalised in a fair share of its uses ("health")."""
        counts = self.word_counts(lower)
        forms = self.known(lower)
        if counts is None or forms is None:
            return False
        capitalised = sum(c for f, c in zip(forms, counts, strict=True) if f[:1].isupper())
        return capitalised >= share * sum(counts)

    def is_name(self, lower: str) -> bool:
        """Whether an unknown word will be taken for a name (and capitalised)."""
        return (
            lower not in self.forms
            and lower.isalpha()
            and lower not in self.rules.common_words
            and _unknown_form(lower, self.rules) != "l"
            and not self.derived_from_common(lower)
        )

    def compound(
        self, token: str, prev: str | None, nxt: str | None, before_name: bool = False
    ) -> str:
        """The cased text of a token, splitting unknown hyphenated or apostrophe compounds."""
        lower = token.lower().replace("’", "'")
        if lower in self.forms or not _PART_SEP_RE.search(token):
            return _shape(token, self.word(token, prev, nxt, before_name))
        pieces = _PART_SEP_RE.split(token)
        out: list[str] = []
        has_digits = any(p.isdigit() for p in pieces[::2])
        for i in range(0, len(pieces), 2):
            part = pieces[i]
            sep = pieces[i - 1] if i else ""
            part_lower = part.lower()
            if sep in ("'", "’") and part_lower in _APOSTROPHE_TAILS:
                form = "l"
            elif has_digits and part.isalpha() and len(part) <= 2:
                form = "u"  # weapon and model codes: "m-16", "ak-47", "uh-1h"
            elif i + 1 < len(pieces) and pieces[i + 1] in ("'", "’") and len(part) == 1:
                form = "u"  # "o'brien", "d'aubuisson"
            else:
                part_prev = prev if i == 0 else pieces[i - 2].lower()
                part_next = nxt if i + 2 >= len(pieces) else pieces[i + 2].lower()
                form = self.word(part, part_prev, part_next)
            if sep:
                out.append(sep)
            out.append(_shape(part, form))
        return "".join(out)


def _is_number(token: str | None) -> bool:
    return token is not None and token.isdigit()


# --- the whole text -------------------------------------------------------------------------


def _prev_context(gap: str, prev_lower: str | None) -> str | None:
    """The token before a word in the statistics' spelling: a word, or a punctuation mark."""
    stripped = gap.strip()
    if not stripped:
        return prev_lower
    last = stripped[-1]
    return "``" if last in '"“”«' else last


def _next_context(gap: str, next_lower: str | None) -> str | None:
    """The token after a word: the next word, or a punctuation mark."""
    stripped = gap.strip()
    if not stripped:
        return next_lower
    first = stripped[0]
    if first in '"“”»':
        return "''"
    return "--" if first == "-" else first


def _ends_sentence(gap: str, prev_lower: str | None, rules: _Rules) -> bool:
    """Whether the text between two tokens closes a sentence."""
    if _PARAGRAPH_RE.search(gap):
        return True
    stop = next((i for i, c in enumerate(gap) if c in ".!?"), -1)
    if stop < 0:
        return False
    if (
        stop == 0
        and gap[0] == "."
        and prev_lower is not None
        and (prev_lower in rules.abbreviations or (len(prev_lower) == 1 and prev_lower.isalpha()))
    ):
        # "gen. ramirez", "j. smith": look for another full stop further on.
        return any(c in ".!?" for c in gap[1:])
    return True


def _bracketed(gap_before: str, gap_after: str) -> bool:
    """Whether a token stands alone in round or square brackets."""
    before = gap_before.rstrip()
    after = gap_after.lstrip()
    opening = before[-1:]
    return opening in _CLOSING and after[:1] == _CLOSING[opening]


def _name_initials(
    lowers: list[str], gaps: list[str], end: int, acronym: str, rules: _Rules
) -> list[int] | None:
    """Indices of the words before ``end`` whose initials spell ``acronym``, else None.

    Function words ("of", "de", "la") between the words are skipped; the letters may come in
    the words' order or, for names translated from another language, in any order.
    """
    content: list[int] = []
    j = end - 1
    while j >= 0 and len(content) < len(acronym):
        if j < end - 1 and gaps[j + 1].strip():
            break  # punctuation between the words: no longer one name
        word = lowers[j]
        if not word[:1].isalpha():
            break
        if word not in rules.function_words:
            content.append(j)
        j -= 1
    if len(content) != len(acronym):
        return None
    content.reverse()
    if _initials_match([lowers[k][0] for k in content], acronym):
        return content
    return None


def truecase(text: str) -> str:
    """Rewrite the case of the letters of ``text`` as edited English would write them.

    The result has the same length as ``text`` and differs from it only in the case of letters,
    so offsets stay valid. The whole text is recased whatever its current case; use
    :func:`maybe_truecase` to leave edited text alone.
    """
    if not text:
        return text
    return _truecase(text, _caser())


def _truecase(text: str, caser: _Caser) -> str:
    rules = caser.rules
    matches = list(_TOKEN_RE.finditer(text))
    if not matches:
        return text
    tokens = [m.group() for m in matches]
    lowers = [t.lower() for t in tokens]
    starts = [m.start() for m in matches]
    ends = [m.end() for m in matches]
    n = len(tokens)
    # gaps[i] is the text before token i; gaps[n] the text after the last one.
    gaps = [text[: starts[0]]]
    gaps.extend(text[ends[i - 1] : starts[i]] for i in range(1, n))
    gaps.append(text[ends[-1] :])

    forced: dict[int, str] = {}
    _force_phrases(text, starts, ends, rules, forced)
    bracket = _force_acronyms(lowers, gaps, rules, forced)

    cased_tokens: list[str] = []
    # named[i]: token i was capitalised as (part of) a name, not only as a sentence start.
    named: list[bool] = []
    initial = True
    # A sentence that opens with a bracketed label ("[text]", "(begin recording)") starts again
    # after it: close_after is the bracket that ends such a label.
    close_after: str | None = None
    paragraph_start = 0
    sentence_ended = False  # within the current paragraph
    for i in range(n):
        gap = gaps[i]
        prev_lower = lowers[i - 1] if i else None
        if i and _PARAGRAPH_RE.search(gap):
            initial, paragraph_start, sentence_ended = True, starts[i], False
        elif i and _ends_sentence(gap, prev_lower, rules):
            initial = sentence_ended = True
        elif close_after is not None and close_after in gap:
            initial = True
        elif (
            _DATELINE_RE.search(gap)
            and not sentence_ended
            and starts[i] - paragraph_start <= _DATELINE_MAX
        ):
            initial = True  # "san salvador, 3 jan 90 -- the army ..."
        if initial:
            close_after = _CLOSING.get(gap.rstrip()[-1:])
        elif close_after is not None and close_after in gap:
            close_after = None
        token = tokens[i]
        lower = lowers[i]
        form = forced.get(i)
        prev_named = i > 0 and named[i - 1] and not gap.strip()
        if form is not None:
            cased = _shape(token, form)
        elif i in bracket and _bracket_acronym(lower, cased_tokens[-1] if i else "", caser):
            cased = _shape(token, "u")
        elif prev_named and lower in rules.name_heads:
            cased = _shape(token, "t")
        else:
            prev = None if initial else _prev_context(gap, prev_lower)
            nxt_lower = lowers[i + 1] if i + 1 < n else None
            nxt = _next_context(gaps[i + 1], nxt_lower)
            before_name = (
                nxt_lower is not None and not gaps[i + 1].strip() and caser.is_name(nxt_lower)
            )
            cased = caser.compound(token, prev, nxt, before_name)
        named.append(cased[:1].isupper() and not cased.isupper())
        if initial:
            cased = _capitalise(cased)
            initial = False
        cased_tokens.append(cased)

    # A word between two parts of a name that is sometimes capitalised belongs to the name
    # ("national liberation army", "palestinian health ministry").
    for i in range(1, n - 1):
        if (
            named[i - 1]
            and named[i + 1]
            and i not in forced
            and cased_tokens[i].islower()
            and not gaps[i].strip()
            and not gaps[i + 1].strip()
            and lowers[i] not in rules.common_words
            and caser.sometimes_capitalised(lowers[i])
        ):
            cased_tokens[i] = _shape(tokens[i], "t")
            named[i] = True

    # A word often capitalised right before a capitalised known word starts that name
    # ("the defense ministry" -> "the Defense Ministry"), and one right before a bracketed
    # acronym ends it ("national liberation army (ELN)").
    for i in range(n - 2, 0, -1):
        if i in forced or not cased_tokens[i].islower():
            continue
        after = gaps[i + 1].strip()
        if not after:
            anchored = (
                named[i + 1]
                and caser.known(lowers[i + 1]) is not None
                and lowers[i] not in rules.common_words
            )
        else:
            anchored = (
                after in _CLOSING
                and len(cased_tokens[i + 1]) > 1
                and cased_tokens[i + 1].isupper()
                and _bracketed(gaps[i + 1], gaps[i + 2])
            )
        if anchored and caser.sometimes_capitalised(lowers[i], _LEFT_EXTEND):
            cased_tokens[i] = _shape(tokens[i], "t")
            named[i] = True

    out = [gaps[0]]
    for i in range(n):
        out.append(cased_tokens[i])
        out.append(gaps[i + 1])
    return "".join(out)


def _force_acronyms(
    lowers: list[str], gaps: list[str], rules: _Rules, forced: dict[int, str]
) -> set[int]:
    """Spell out acronyms in brackets next to their names; return the undecided candidates.

    "national liberation army (eln)" and "fmln [farabundo marti national liberation front]"
    both give an acronym in capitals and a capitalised name. A short bracketed word whose
    letters match no name nearby is returned, to be decided once the word before it is cased.
    """
    candidates: set[int] = set()
    n = len(lowers)
    for i in range(n):
        lower = lowers[i]
        if not (2 <= len(lower) <= _MAX_ACRONYM and lower.isalpha()):
            continue
        if _bracketed(gaps[i], gaps[i + 1]):
            # The name ends right before the opening bracket.
            spelled = _name_initials(lowers, gaps, i, lower, rules)
            if spelled is None:
                candidates.add(i)
                continue
        elif i + 1 < n and gaps[i + 1].strip() in _CLOSING:
            spelled = _name_initials_after(lowers, gaps, i, lower, rules)
            if spelled is None:
                continue
        else:
            continue
        forced[i] = "u"
        for k in range(spelled[0], spelled[-1] + 1):
            forced.setdefault(k, "l" if k not in spelled else "t")
    return candidates


def _name_initials_after(
    lowers: list[str], gaps: list[str], i: int, acronym: str, rules: _Rules
) -> list[int] | None:
    """Indices of the bracketed words right after token ``i`` whose initials spell it."""
    closing = _CLOSING[gaps[i + 1].strip()]
    content: list[int] = []
    j = i + 1
    while j < len(lowers):
        word = lowers[j]
        if not word[:1].isalpha():
            return None
        if word not in rules.function_words:
            content.append(j)
        after = gaps[j + 1].strip()
        if after[:1] == closing:
            break
        if after or len(content) > len(acronym) + 1:
            return None
        j += 1
    if _initials_match([lowers[k][0] for k in content], acronym):
        return content
    return None


def _initials_match(initials: list[str], acronym: str) -> bool:
    """Whether the initials of a name's words spell ``acronym``.

    Names translated from another language keep the original acronym, so the order may
    differ and the translation may have one word more ("farabundo marti national liberation
    front" for FMLN).
    """
    if len(initials) not in (len(acronym), len(acronym) + 1):
        return False
    pool = list(initials)
    for letter in acronym:
        if letter not in pool:
            return False
        pool.remove(letter)
    return True


def _bracket_acronym(lower: str, prev_out: str, caser: _Caser) -> bool:
    """Whether a short bracketed word after a name is that name's acronym."""
    forms = caser.known(lower)
    if forms is None:
        return len(lower) <= 5 or prev_out[:1].isupper()
    return prev_out[:1].isupper() and not forms[0].islower()


def _force_phrases(
    text: str, starts: list[int], ends: list[int], rules: _Rules, forced: dict[int, str]
) -> None:
    """Give the tokens of listed phrases ("islamic state") the phrase's spelling."""
    if not rules.phrase_forms:
        return
    index = {start: i for i, start in enumerate(starts)}
    for match in rules.phrase_re.finditer(text):
        key = " ".join(match.group().lower().split())
        words = rules.phrase_forms.get(key)
        first = index.get(match.start())
        if words is None or first is None:
            continue
        last = first + len(words) - 1
        if last >= len(ends) or ends[last] != match.end():
            continue
        for k, word in enumerate(words):
            forced[first + k] = word


@cache
def _caser() -> _Caser:
    """The process-wide truecaser, built on first use."""
    return _Caser(get_table(), _rules())
