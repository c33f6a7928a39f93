"""Sentence case for Title Case lines, so that headlines parse as sentences.

Many outlets write headlines in Title Case ("Teen Shot To Death In Pacoima"). spaCy's small
English model reads a run of capitalised words as a name, so such a headline parses as one
proper noun and its verb ("Shot") is lost. When the body is a cookie wall or a list of links,
the headline is all the article says about its incident. :func:`recase_title_lines` rewrites
such lines as edited English writes a sentence, with the truecaser's casing statistics
(:mod:`newsevents.nlp.truecase`), and changes nothing else:

* only lines that read as Title Case are touched: at least :data:`MIN_CONTENT_WORDS` words of
  four letters or more, of which :data:`TITLE_SHARE` start with a capital and go on in lower
  case, within :data:`MAX_LINE_CHARS`;
* only a word written with a leading capital that the truecaser writes in lower case is
  lowered ("Shot" -> "shot"); acronyms and words it keeps capitalised stay as written;
* a run of capitalised words that names a known place stays as written ("Oak Park", "Rock
  Hill"), and so does a one-word place name that edited English does not usually write in
  lower case ("Mobile", but not "Police", which is also a Polish town) or that follows "in",
  "at" ... ("in Anchorage").

Like the truecaser it changes only the case of letters, so every offset into the result is an
offset into the input; a line whose lower case has another length is left as it is.
"""

from __future__ import annotations

import itertools
import re

from newsevents.nlp.places import place_names
from newsevents.nlp.truecase import truecase
from newsevents.nlp.truecase_table import get_table

__all__ = ["is_title_case_line", "recase_title_lines"]

#: Words of four letters or more a line needs to be judged: a short line of names ("John
#: Smith") is no headline to rewrite.
MIN_CONTENT_WORDS = 3
#: Share of those words written with a leading capital for the line to be Title Case. Edited
#: sentences capitalise names only; Title Case capitalises every content word (a headline may
#: keep an acronym or a word such as "iPhone" otherwise).
TITLE_SHARE = 0.85
#: Longest line taken for a headline (a paragraph of names is no headline).
MAX_LINE_CHARS = 250
#: A one-word place name stays capitalised unless edited English writes the word in lower
#: case at least this often ("police", "man", "reading" do; "mobile", "orange" do not).
COMMON_SHARE = 0.75
#: Longest run of capitalised words looked up as one place name.
MAX_PLACE_WORDS = 4

_LOCATIVE = frozenset({"in", "at", "near", "outside", "from", "into", "across"})
_LINE_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_PART_RE = re.compile(r"['’\-]")


def _titled(word: str) -> bool:
    """Whether ``word`` is written with a leading capital and otherwise in lower case (each
    part of a hyphenated word may start with a capital: "Year-Old")."""
    parts = [p for p in _PART_RE.split(word) if p]
    return bool(parts) and parts[0][:1].isupper() and all(p[1:] == p[1:].lower() for p in parts)


def is_title_case_line(line: str) -> bool:
    """Whether ``line`` is written in Title Case (see the module's rules)."""
    if len(line) > MAX_LINE_CHARS:
        return False
    content = [w for w in _WORD_RE.findall(line) if len(w) >= 4]
    if len(content) < MIN_CONTENT_WORDS:
        return False
    # Acronyms ("UPDATE:", "WBRC") are written the same in any case: they do not count.
    content = [w for w in content if not w.isupper()]
    titled = sum(1 for w in content if _titled(w))
    return titled >= MIN_CONTENT_WORDS and titled >= TITLE_SHARE * len(content)


def _lower_share(lower: str) -> float | None:
    """Share of the uses of ``lower`` that edited English writes in lower case: 0.0 for a
    word the casing statistics do not know, None for one they know in a single casing without
    counts (then 1.0 or 0.0 by that casing would overstate it: "anchorage")."""
    table = get_table()
    forms = table.casings(lower)
    if not forms:
        return 0.0
    counts = table.numbers(table.counts, lower)
    if counts is None:
        return None if forms[0] == lower else 0.0
    low = sum(c for f, c in zip(forms, counts, strict=False) if f == lower)
    return low / max(1, sum(counts))


def _keeps_place(lower: str, after_locative: bool) -> bool:
    """Whether a one-word known place name keeps its capital: edited English does not
    usually write the word in lower case, or it follows "in", "at" ... and is a word the
    statistics know in lower case only, without counts ("in Anchorage")."""
    share = _lower_share(lower)
    if share is None:
        return after_locative
    return share < COMMON_SHARE


def _place_words(line: str, words: list[re.Match[str]]) -> set[int]:
    """Indices of the words that belong to a known place name written in capitals."""
    names = place_names()
    keep: set[int] = set()
    i = 0
    while i < len(words):
        if not words[i].group()[:1].isupper():
            i += 1
            continue
        found = 0
        for n in range(min(MAX_PLACE_WORDS, len(words) - i), 0, -1):
            run = words[i : i + n]
            if any(not w.group()[:1].isupper() for w in run):
                continue
            # Only words next to each other: "Oak Park", not "Oak, Park".
            if any(line[a.end() : b.start()] != " " for a, b in itertools.pairwise(run)):
                continue
            key = " ".join(w.group().lower() for w in run)
            after = words[i - 1].group().lower() if i else ""
            if key in names and (n > 1 or _keeps_place(key, after in _LOCATIVE)):
                found = n
                break
        keep.update(range(i, i + found))
        i += max(found, 1)
    return keep


def _recase_line(line: str) -> str:
    lower = line.lower()
    if len(lower) != len(line):
        return line
    cased = truecase(lower)
    words = list(_WORD_RE.finditer(line))
    keep = _place_words(line, words)
    out = list(line)
    for i, m in enumerate(words):
        word = m.group()
        if i in keep or not _titled(word) or (len(word) > 1 and word.isupper()):
            continue
        new = cased[m.start() : m.end()]
        if new[:1].islower() and new.lower() == word.lower():
            out[m.start() : m.end()] = new
    return "".join(out)


def recase_title_lines(text: str) -> str:
    """``text`` with its Title Case lines in sentence case (offsets unchanged)."""
    pieces: list[str] = []
    last = 0
    for m in _LINE_RE.finditer(text):
        line = m.group()
        if not is_title_case_line(line):
            continue
        new = _recase_line(line)
        if new != line:
            pieces.append(text[last : m.start()])
            pieces.append(new)
            last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)
