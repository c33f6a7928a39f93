"""Normalise article text: repair mojibake, unify line breaks, tidy blank lines and spaces."""

from __future__ import annotations

import re

import ftfy

# Typographic quotes carry meaning for quote detection downstream, so ftfy must keep them.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BLANK_RUN = re.compile(r"\n{3,}")
_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Repair and tidy ``text``.

    Fixes mojibake and stray control characters (ftfy, keeping typographic quotes), turns
    every line ending into ``\\n``, strips trailing spaces, keeps at most one blank line
    between paragraphs and drops blank lines at both ends.
    """
    fixed = ftfy.fix_text(text, _FTFY)
    # JSON escapes can smuggle in lone surrogates, which cannot be written out as UTF-8.
    fixed = _LONE_SURROGATE.sub("\ufffd", fixed)
    fixed = fixed.replace("\r\n", "\n").replace("\r", "\n")
    return tidy_lines(fixed)


def tidy_lines(text: str) -> str:
    """Strip trailing spaces, keep at most one blank line in a row, trim blank ends."""
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def one_line(text: str) -> str:
    """Normalise a single-line field (title, tag): repaired, whitespace collapsed."""
    return _SPACES.sub(" ", normalise_text(text)).strip()
