"""Remove site furniture (share buttons, cookie notices, 'Back to top') from article text.

The phrases and patterns live in ``newsevents/data/boilerplate.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsevents.ingest.resources import boilerplate_rules

# Punctuation and bullets that surround boilerplate phrases ("Share this:", "» Related").
_EDGE = " \t:|»«›‹>•·*-–—"
_SENTENCE_END = '.!?"”’»)]'
_MIN_PARAGRAPH_WORDS = 8


@dataclass(frozen=True)
class _Compiled:
    lines: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    glued: re.Pattern[str]
    fragment: re.Pattern[str]
    end_markers: frozenset[str]


def phrase_key(line: str) -> str:
    """Compare lines ignoring case, spacing and surrounding punctuation."""
    return " ".join(line.strip(_EDGE).split()).casefold()


@cache
def _compiled() -> _Compiled:
    rules = boilerplate_rules()
    # Longest first, so "Back to top button" wins over "Back to top".
    glued = sorted(rules.glued, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, g.split())) for g in glued)
    lookbehind = "".join(re.escape(c) for c in _SENTENCE_END)
    edge = "".join(re.escape(c) for c in _EDGE)
    return _Compiled(
        lines=frozenset(phrase_key(p) for p in rules.lines),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in rules.patterns),
        glued=re.compile(
            rf"(?<=[{lookbehind}])\s*(?P<frag>(?:{alternatives})(?:[\s{edge}]*(?:{alternatives}))*)"
            rf"[\s{edge}]*$",
            re.IGNORECASE,
        ),
        fragment=re.compile(alternatives, re.IGNORECASE),
        end_markers=frozenset(phrase_key(p) for p in rules.end_markers),
    )


def is_boilerplate_line(line: str) -> bool:
    """True when the whole line is site furniture."""
    rules = _compiled()
    key = phrase_key(line)
    if not key:
        return False
    if key in rules.lines or key in rules.end_markers:
        return True
    stripped = line.strip()
    return any(p.fullmatch(stripped) for p in rules.patterns)


def _cut_glued(line: str) -> tuple[str, bool]:
    """Cut boilerplate glued to the end of a line; say whether it marked the article's end."""
    rules = _compiled()
    match = rules.glued.search(line)
    if match is None:
        return line, False
    fragments = rules.fragment.findall(match.group("frag"))
    ends = any(phrase_key(f) in rules.end_markers for f in fragments)
    return line[: match.start()].rstrip(), ends


def _is_paragraph(line: str) -> bool:
    stripped = line.rstrip()
    return len(stripped.split()) >= _MIN_PARAGRAPH_WORDS and stripped.endswith(tuple(_SENTENCE_END))


def strip_boilerplate(text: str) -> str:
    """Drop boilerplate lines and glued fragments from ``text`` (lines split on ``\\n``).

    A dropped line becomes a blank line. An end marker ("Related Posts") after the first
    full paragraph drops itself and everything after it, since what follows is a list of
    other stories.
    """
    rules = _compiled()
    kept: list[str] = []
    seen_paragraph = False
    for raw in text.split("\n"):
        line, glued_end = _cut_glued(raw)
        if phrase_key(line) in rules.end_markers and seen_paragraph:
            break
        if is_boilerplate_line(line):
            kept.append("")
            continue
        kept.append(line)
        seen_paragraph = seen_paragraph or _is_paragraph(line)
        if glued_end and seen_paragraph:
            break
    return "\n".join(kept)
