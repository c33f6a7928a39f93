"""Reader of TABARI / PETRARCH actor dictionaries (the Phoenix ``*.actors.txt`` files).

The format (PETRARCH2 documentation, "Actor Dictionary"): records of a primary phrase with an
optional default code, synonym lines starting with ``+`` and date restrictions on lines
starting with a tab::

    FUAD_GULIYEV_  # CountryInfo.txt
    +FUAD_QULIYEV_
            [AZEELI 580101-941006]
            [AZEGOV >941006]

Words are joined by blanks or underscores; ``#`` and ``;`` start comments; ``<!-- -->`` lines
are comments. Dates are ``YYYYMMDD`` or ``YYMMDD``; a restriction is ``<date`` (until),
``>date`` (from) or ``date-date``, both ends inclusive. In the CountryInfo-generated country
file a synonym line that carries its own ``# CountryInfo`` comment names another person who
held the same posts, not a spelling of the first; :attr:`DictEntry.separate_synonyms` keeps
them apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_CODE_RE = re.compile(r"\[([^\]\s]+)(?:\s+([^\]]*))?\]")
_XML_COMMENT_RE = re.compile(r"<!--.*?-->")
# Two-digit years: the dictionaries were compiled up to 2014 and reach back to the 1900s.
_PIVOT = 30


@dataclass(frozen=True)
class CodeSpan:
    """A CAMEO actor code, valid from ``start`` to ``end`` (inclusive; None = open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class DictEntry:
    """One record: the primary phrase, its synonyms and its codes."""

    phrase: str
    synonyms: list[str] = field(default_factory=list)
    separate_synonyms: list[str] = field(default_factory=list)
    codes: list[CodeSpan] = field(default_factory=list)
    line: int = 0
    comment: str = ""
    problems: list[str] = field(default_factory=list)


def parse_date(text: str) -> dt.date:
    """A dictionary date, ``YYYYMMDD`` or ``YYMMDD``; ValueError when it is neither."""
    text = text.strip()
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"not a dictionary date: {text!r}")
    if len(text) == 6:
        yy = int(text[:2])
        year = (1900 if yy > _PIVOT else 2000) + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    # A few records give day 00 or month 00 for "some time in": take the first.
    return dt.date(year, max(month, 1), max(day, 1))


def parse_restriction(code: str, restriction: str | None) -> CodeSpan:
    """A code with its optional date restriction (``<d``, ``>d`` or ``d-d``)."""
    if not restriction or not restriction.strip():
        return CodeSpan(code)
    text = restriction.strip()
    if text.startswith("<"):
        return CodeSpan(code, None, parse_date(text[1:]))
    if text.startswith(">"):
        return CodeSpan(code, parse_date(text[1:]), None)
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"bad date restriction {text!r}")
    return CodeSpan(code, parse_date(start), parse_date(end))


def phrase_text(raw: str) -> str:
    """``FUAD_GULIYEV_`` -> ``FUAD GULIYEV`` (underscores and blanks are word breaks)."""
    return " ".join(raw.replace("_", " ").split())


def _strip_comment(line: str) -> tuple[str, str]:
    line = _XML_COMMENT_RE.sub("", line)
    cut = min((i for i in (line.find("#"), line.find(";")) if i >= 0), default=-1)
    if cut < 0:
        return line, ""
    return line[:cut], line[cut + 1 :]


def _codes(body: str, number: int, strict: bool, problems: list[str]) -> list[CodeSpan]:
    codes = []
    for match in _CODE_RE.finditer(body):
        try:
            codes.append(parse_restriction(match.group(1), match.group(2)))
        except ValueError as exc:
            if strict:
                raise ValueError(f"line {number}: {exc}") from exc
            problems.append(f"line {number}: {exc}")
    return codes


def read_actor_dictionary(lines: Iterable[str], strict: bool = False) -> Iterator[DictEntry]:
    """Parse the lines of an actor dictionary.

    A malformed date restriction raises ValueError naming the line when ``strict``; otherwise
    that code is left out and the problem noted on the entry (the published dictionaries
    have a few, such as a seven-digit date).
    """
    entry: DictEntry | None = None
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith(("#", "<")):
            continue
        body, comment = _strip_comment(raw.rstrip("\n"))
        if not body.strip():
            continue
        problems: list[str] = []
        codes = _codes(body, number, strict, problems)
        words = phrase_text(_CODE_RE.sub(" ", body))
        if raw.startswith(("\t", " ")) and not words:
            if entry is not None:
                entry.codes.extend(codes)
                entry.problems.extend(problems)
            continue
        if body.lstrip().startswith("+"):
            if entry is None or not words.lstrip("+ "):
                continue
            name = words.lstrip("+ ").strip()
            separate = "countryinfo" in comment.replace(" ", "").lower()
            (entry.separate_synonyms if separate else entry.synonyms).append(name)
            entry.codes.extend(codes)
            entry.problems.extend(problems)
            continue
        if not words:
            continue
        if entry is not None:
            yield entry
        entry = DictEntry(phrase=words, codes=codes, line=number, comment=comment.strip())
        entry.problems.extend(problems)
    if entry is not None:
        yield entry


__all__ = [
    "CodeSpan",
    "DictEntry",
    "parse_date",
    "parse_restriction",
    "phrase_text",
    "read_actor_dictionary",
]
