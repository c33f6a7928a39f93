"""Read the number phrases news uses for casualties and arrests as low / best / high figures.

``"at least 12"`` is ``12 / 12 / -``, ``"dozens"`` is ``24 / 36 / 99``, ``"two or three"`` is
``2 / 3 / 3`` (a range's best figure is its midpoint, rounded half up). Number words, vague
quantifiers and qualifying phrases live in ``data/quantities.yaml``; this module holds only the
grammar that combines them. Parsing never raises on arbitrary text: anything that is not a
quantity gives ``None``.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsevents.ontology.datafiles import data_path, load_model

__all__ = [
    "Quantity",
    "QuantityMatch",
    "is_quantity_word",
    "match_quantity",
    "multiple_of",
    "parse_number",
    "parse_quantity",
    "quantity_start_words",
]

QualifierKind = Literal[
    "approx", "approx_below", "at_least", "more_than", "up_to", "at_most", "less_than"
]

DATA_FILE = "quantities.yaml"
_MAX_PHRASE = 6  # longest phrase, in tokens, that the data file may hold

# Numbers with thousands separators must group by three ("1,200"); a figure glued to letters
# ("1st", "9mm") is one non-number token. Any other character is a token of its own, so
# punctuation ends a phrase.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_TOKEN_RE = re.compile(
    rf"(?P<num>{_NUMBER})(?![a-z0-9])"
    r"|(?P<word>[a-z]+)(?![0-9])"
    r"|(?P<other>[a-z0-9]+|\S)"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted figure: the lowest, best and highest numbers the text supports (any may be None).

    Invariants: every set value is an int >= 0, and ``low <= best <= high`` wherever both
    sides are set.
    """

    low: int | None
    best: int | None
    high: int | None

    @property
    def is_exact(self) -> bool:
        """True when the text gives one definite figure ("12", "a dozen")."""
        return self.best is not None and self.low == self.best == self.high


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A quantity found in a text, with the character range ``[start, end)`` of its words."""

    quantity: Quantity
    start: int
    end: int


class _Vague(BaseModel):
    """A vague quantifier's figures."""

    model_config = ConfigDict(extra="forbid")

    low: int | None = Field(default=None, ge=0)
    best: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    scalable: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> _Vague:
        if not _is_ordered(self.low, self.best, self.high):
            raise ValueError("figures must satisfy low <= best <= high")
        if self.scalable and (self.low is None or self.best is None or self.high is None):
            raise ValueError("a scalable quantifier needs low, best and high")
        return self


class QuantityData(BaseModel):
    """Schema of ``data/quantities.yaml``."""

    model_config = ConfigDict(extra="forbid")

    units: dict[str, int]
    tens: dict[str, int]
    group_multipliers: dict[str, int]
    multiples: dict[str, int]
    scales: dict[str, int]
    exact: dict[str, int]
    vague: dict[str, _Vague]
    qualifiers: dict[QualifierKind, list[str]]
    suffixes: dict[str, QualifierKind]
    range_joiners: list[str]
    between_openers: list[str]
    between_joiners: list[str]
    approx_spread: float = Field(gt=0, lt=1)
    non_count_followers: list[str]

    @model_validator(mode="after")
    def _check_words(self) -> QuantityData:
        if any(not 1 <= v <= 19 for v in self.units.values()):
            raise ValueError("units must have values 1..19")
        if any(v % 10 or not 20 <= v <= 90 for v in self.tens.values()):
            raise ValueError("tens must have values 20, 30, ..., 90")
        if any(
            v < 2
            for v in [
                *self.group_multipliers.values(),
                *self.scales.values(),
                *self.multiples.values(),
            ]
        ):
            raise ValueError("multipliers, multiples and scales must be at least 2")
        if any(v < 0 for v in self.exact.values()):
            raise ValueError("exact values must be >= 0")
        for word in (
            *self.units,
            *self.tens,
            *self.group_multipliers,
            *self.multiples,
            *self.scales,
        ):
            if len(_tokens(word)) != 1:
                raise ValueError(f"number word {word!r} must be a single token")
        phrases = [
            *self.exact,
            *self.vague,
            *self.suffixes,
            *self.range_joiners,
            *self.between_openers,
            *self.between_joiners,
            *self.non_count_followers,
            *(p for ps in self.qualifiers.values() for p in ps),
        ]
        if any(not 1 <= len(_tokens(p)) <= _MAX_PHRASE for p in phrases):
            raise ValueError(f"phrases must have 1 to {_MAX_PHRASE} tokens")
        return self


def _is_ordered(*values: int | None) -> bool:
    present = [v for v in values if v is not None]
    return all(a <= b for a, b in itertools.pairwise(present))


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(m.group() for m in _TOKEN_RE.finditer(text.lower()))


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class _Lexicon:
    """The data file compiled into token-tuple lookups."""

    data: QuantityData
    exact: Mapping[Phrase, int]
    vague: Mapping[Phrase, _Vague]
    qualifiers: Mapping[Phrase, QualifierKind]
    suffixes: Mapping[Phrase, QualifierKind]
    range_joiners: frozenset[str]
    between_openers: Mapping[Phrase, None]
    between_joiners: frozenset[str]
    followers: Mapping[Phrase, None]
    start_words: frozenset[str]


@functools.cache
def _lexicon() -> _Lexicon:
    data = load_model(data_path(DATA_FILE), QuantityData)
    qualifiers = {_tokens(p): kind for kind, ps in data.qualifiers.items() for p in ps}
    exact = {_tokens(p): v for p, v in data.exact.items()}
    vague = {_tokens(p): v for p, v in data.vague.items()}
    openers = {_tokens(p): None for p in data.between_openers}
    starts = {
        *data.units,
        *data.tens,
        *data.group_multipliers,
        *data.scales,
        *(p[0] for p in [*qualifiers, *exact, *vague, *openers]),
    }
    return _Lexicon(
        data=data,
        exact=exact,
        vague=vague,
        qualifiers=qualifiers,
        suffixes={_tokens(p): kind for p, kind in data.suffixes.items()},
        range_joiners=frozenset(data.range_joiners),
        between_openers=openers,
        between_joiners=frozenset(data.between_joiners),
        followers={_tokens(p): None for p in data.non_count_followers},
        start_words=frozenset(starts),
    )


def _longest(table: Mapping[Phrase, object], words: list[str], i: int) -> int:
    """Length of the longest phrase of ``table`` that starts at ``words[i]`` (0 if none)."""
    best = 0
    for n in range(1, min(len(words) - i, _MAX_PHRASE) + 1):
        if tuple(words[i : i + n]) in table:
            best = n
    return best


class _Parser:
    """Recursive-descent reader over the tokens of one text."""

    def __init__(self, lex: _Lexicon, words: list[str]) -> None:
        self.lex = lex
        self.words = words

    def at(self, i: int) -> str:
        return self.words[i] if i < len(self.words) else ""

    # -- exact numbers ---------------------------------------------------------------------

    def digits(self, i: int) -> tuple[int, int] | None:
        """A figure written in digits, optionally scaled: "12", "1,200", "1.5 million"."""
        tok = self.at(i)
        if not tok[:1].isdigit():
            return None
        try:
            value = Decimal(tok.replace(",", ""))
        except InvalidOperation:
            return None
        j = i + 1
        group = self.lex.data.group_multipliers.get(self.at(j))
        if group is not None:
            value *= group
            j += 1
        scale = self.lex.data.scales.get(self.at(j))
        if scale is not None:
            value *= scale
            j += 1
        if value != value.to_integral_value():
            return None  # "2.5" people is not a count; "2.5 million" is
        return int(value), j

    def words_number(self, i: int) -> tuple[int, int] | None:
        """A figure in words: "twenty-three", "a hundred", "two hundred and fifty thousand"."""
        data = self.lex.data
        total = 0
        group = 0  # value of the group being read (below one thousand, or a dozen multiple)
        has_units = has_tens = has_hundred = closed = False
        last_scale: int | None = None
        article = self.at(i) in ("a", "an")
        j = i + 1 if article else i
        start = j
        while j < len(self.words):
            w = self.words[j]
            if w in data.units and not closed and not article:
                v = data.units[w]
                if has_units or (has_tens and v >= 10):
                    break
                group += v
                has_units = True
            elif w in data.tens and not closed and not article:
                if has_units or has_tens:
                    break
                group += data.tens[w]
                has_tens = True
                # "twenty-three": a hyphen binds tens and units into one number.
                if self.at(j + 1) == "-" and data.units.get(self.at(j + 2), 10) < 10:
                    group += data.units[self.at(j + 2)]
                    has_units = True
                    j += 2
            elif w in data.group_multipliers and not has_hundred and not closed:
                if not article and group == 0:
                    break
                factor = data.group_multipliers[w]
                if factor == 100 and group >= 10:
                    break
                group = max(group, 1) * factor
                article = has_units = has_tens = False
                has_hundred = factor == 100
                closed = factor != 100  # nothing below a dozen follows "two dozen"
            elif w in data.scales:
                scale = data.scales[w]
                if (group == 0 and not article) or (last_scale is not None and scale >= last_scale):
                    break
                total += max(group, 1) * scale
                group = 0
                last_scale = scale
                article = has_units = has_tens = has_hundred = closed = False
            elif (
                w == "and"
                and (has_hundred or last_scale is not None)
                and not (has_units or has_tens)
                and (self.at(j + 1) in data.units or self.at(j + 1) in data.tens)
            ):
                pass  # "two hundred and fifty": the number goes on after "and"
            else:
                break
            j += 1
        if article or j == start:
            return None  # a bare "a" is read as an exact phrase, not as a number
        if self.at(j - 1) == "and":
            j -= 1
        return total + group, j

    def number(self, i: int) -> tuple[int, int] | None:
        """An exact figure in digits or words."""
        return self.digits(i) or self.words_number(i)

    # -- one figure: number, fixed phrase or vague quantifier ----------------------------------

    def core(self, i: int) -> tuple[Quantity, int] | None:
        """The longest single figure starting at token ``i``."""
        options: list[tuple[Quantity, int]] = []
        num = self.number(i)
        if num is not None:
            options.append((Quantity(num[0], num[0], num[0]), num[1]))
        n = _longest(self.lex.exact, self.words, i)
        if n:
            v = self.lex.exact[tuple(self.words[i : i + n])]
            options.append((Quantity(v, v, v), i + n))
        n = _longest(self.lex.vague, self.words, i)
        if n:
            entry = self.lex.vague[tuple(self.words[i : i + n])]
            j = i + n
            factor = self.lex.data.group_multipliers.get(self.at(j)) or self.lex.data.scales.get(
                self.at(j)
            )
            if entry.scalable and factor is not None:
                options.append((_scaled(entry, factor), j + 1))
            else:
                options.append((Quantity(entry.low, entry.best, entry.high), j))
        if not options:
            return None
        return max(options, key=lambda o: o[1])

    # -- whole phrases ----------------------------------------------------------------------------

    def ranged(self, i: int) -> tuple[Quantity, int] | None:
        """A figure, optionally a range ("two to three", "5-7") or suffixed ("ten or more")."""
        first = self.core(i)
        if first is None:
            return None
        q, j = first
        n = _longest(self.lex.suffixes, self.words, j)
        if n:
            return _qualify(self.lex.suffixes[tuple(self.words[j : j + n])], q, self.lex), j + n
        if self.at(j) in self.lex.range_joiners:
            second = self.core(j + 1)
            if second is not None:
                joined = _join(q, second[0])
                if joined is not None:
                    return joined, second[1]
        return q, j

    def phrase(self, i: int) -> tuple[Quantity, int] | None:
        """A qualified figure, a "between" range, or a plain figure or range."""
        n = _longest(self.lex.between_openers, self.words, i)
        if n:
            first = self.core(i + n)
            if first is not None and self.at(first[1]) in self.lex.between_joiners:
                second = self.core(first[1] + 1)
                if second is not None:
                    joined = _join(first[0], second[0])
                    if joined is not None:
                        return joined, second[1]
        # Longest qualifier first; one that is not followed by a figure ("over the weekend")
        # is no qualifier, and the words may still be a figure themselves ("some").
        for n in range(min(len(self.words) - i, _MAX_PHRASE), 0, -1):
            kind = self.lex.qualifiers.get(tuple(self.words[i : i + n]))
            inner = None if kind is None else self.ranged(i + n)
            if kind is not None and inner is not None:
                return _qualify(kind, inner[0], self.lex), inner[1]
        return self.ranged(i)

    def is_count_end(self, j: int) -> bool:
        """False when the words after a figure show it is not a count ("12%", "5-year-old")."""
        if _longest(self.lex.followers, self.words, j):
            return False
        # A hyphen glued to a word makes an adjective: "12-year-old", "two-day", "five-member".
        nxt = self.at(j + 1)
        return not (self.at(j) == "-" and nxt[:1].isalpha())


def _scaled(entry: _Vague, factor: int) -> Quantity:
    def mul(v: int | None) -> int | None:
        return None if v is None else v * factor

    return Quantity(mul(entry.low), mul(entry.best), mul(entry.high))


def _join(a: Quantity, b: Quantity) -> Quantity | None:
    """The range from figure ``a`` to figure ``b``; None when it runs backwards."""
    low = a.low if a.low is not None else a.best
    high = b.high if b.high is not None else b.best
    if low is None or high is None or low > high:
        return None
    best = None
    if a.best is not None and b.best is not None:
        best = min(max((a.best + b.best + 1) // 2, low), high)
    return Quantity(low, best, high)


def _qualify(kind: QualifierKind, q: Quantity, lex: _Lexicon) -> Quantity:
    """Apply a qualifier such as "at least" or "about" to figure ``q``."""
    if not q.is_exact:
        # Vague figures and ranges already carry their spread; only open or close the ends.
        if kind in ("at_least", "more_than"):
            return Quantity(q.low, q.best, None)
        if kind == "up_to":
            return Quantity(None, q.best, q.high)
        if kind in ("at_most", "less_than"):
            return Quantity(None, None, q.high)
        return q
    n = q.best
    assert n is not None  # is_exact guarantees it
    spread = max(1, math.floor(n * lex.data.approx_spread + 0.5))
    if kind == "approx":
        return Quantity(max(0, n - spread), n, n + spread)
    if kind == "approx_below":
        return Quantity(max(0, n - spread), n, n)
    if kind == "at_least":
        return Quantity(n, n, None)
    if kind == "more_than":
        # Coded as N ("more than 2,000 detained" is 2,000), as casualty datasets do; the
        # floor stays N so that low <= best holds.
        return Quantity(n, n, None)
    if kind == "up_to":
        return Quantity(None, n, n)
    if kind == "at_most":
        return Quantity(None, None, n)
    return Quantity(None, None, max(0, n - 1))


def _tokenise(text: str, start: int) -> tuple[list[str], list[tuple[int, int]]]:
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    for m in _TOKEN_RE.finditer(text.lower(), start):
        words.append(m.group())
        offsets.append(m.span())
    return words, offsets


#: A figure written as a year of the last two centuries, without a thousands separator.
_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}")


def match_quantity(text: str, start: int = 0) -> QuantityMatch | None:
    """Read the quantity phrase that begins at the first non-space character at or after
    ``start``; words after it are ignored.

    Returns the figure with the character range its words cover, or None when the text
    there is not a quantity (or the figure is not a count, as in "12%" or "five-year-old").
    """
    words, offsets = _tokenise(text, start)
    if not words:
        return None
    parser = _Parser(_lexicon(), words)
    found = parser.phrase(0)
    if found is None or not parser.is_count_end(found[1]):
        return None
    quantity, end = found
    if quantity.low is None and quantity.best is None and quantity.high is None:
        return None  # qualifiers cancelled every figure ("under an +"): nothing is counted
    if end == 1 and _YEAR_RE.fullmatch(words[0]):
        return None  # "the 2015 slaying": a year; a count that large is written "2,015"
    return QuantityMatch(quantity, offsets[0][0], offsets[end - 1][1])


def parse_quantity(text: str) -> Quantity | None:
    """Read the quantity at the start of ``text`` ("at least 12 people" -> 12 / 12 / None).

    Never raises on arbitrary text; returns None when the text does not start with a quantity.
    """
    found = match_quantity(text)
    return None if found is None else found.quantity


def parse_number(text: str) -> int | None:
    """Read ``text`` as one exact figure ("twenty-three", "1,200", "a dozen"), else None.

    Unlike :func:`parse_quantity` the whole text must be the number.
    """
    found = match_quantity(text)
    if found is None or not found.quantity.is_exact or text[found.end :].strip():
        return None
    return found.quantity.best


def multiple_of(token_lower: str) -> int | None:
    """How many victims a word says an act had ("double" in "a double shooting": 2)."""
    return _lexicon().data.multiples.get(token_lower)


def quantity_start_words() -> frozenset[str]:
    """Lower-case words that can begin a quantity phrase ("a", "at", "dozens", "five", ...)."""
    return _lexicon().start_words


def is_quantity_word(token_lower: str) -> bool:
    """True when a lower-case token can begin a quantity phrase: a figure in digits, a number
    word, a vague quantifier or a qualifier ("at", "about", "more", ...).

    A cheap pre-filter: confirm with :func:`match_quantity`, since "a" or "over" often begin
    no quantity at all.
    """
    if token_lower[:1].isdigit():
        return _NUMBER_RE.fullmatch(token_lower) is not None
    return token_lower in _lexicon().start_words
