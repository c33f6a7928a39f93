"""The people an article names, indexed so that a lookup costs the same in any article.

A participant written as a surname ("Protasevich") is given the fullest name the article
writes for that person ("Roman Protasevich"), and "he" or "she" looks for the people named
shortly before it. Scanning every name of the article for each participant would make long
articles cost the square of their length; the index answers both questions from the names
that share a first or last word, and from a binary search on where names start.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonName:
    """A person's name as the article writes it in full: its words and where it starts."""

    words: tuple[str, ...]
    start_char: int
    # Where the written name ends (the start plus the length of its words when unknown).
    end_char: int = -1

    @property
    def end(self) -> int:
        """The offset just after the name."""
        return self.end_char if self.end_char >= 0 else self.start_char + len(self.text)

    @property
    def text(self) -> str:
        """The name as one string."""
        return " ".join(self.words)


class PeopleIndex:
    """The people of one article (in text order), looked up by name words and by offset."""

    def __init__(self, people: Iterable[PersonName]) -> None:
        self.people = list(people)
        # Distinct ways a name is written, in order of first appearance, with the offsets
        # where each is written (ascending, as the people are in text order).
        self._starts: dict[tuple[str, ...], list[int]] = {}
        self._at: dict[int, PersonName] = {p.start_char: p for p in self.people}
        self._by_word: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for person in self.people:
            starts = self._starts.get(person.words)
            if starts is None:
                starts = self._starts[person.words] = []
                low = [w.lower() for w in person.words]
                self._by_word[low[0]].append(person.words)
                if low[-1] != low[0]:
                    self._by_word[low[-1]].append(person.words)
            starts.append(person.start_char)
        for starts in self._starts.values():
            starts.sort()
        # Full names (two words or more) by offset, for pronouns.
        self._full = sorted((p.start_char, p.text) for p in self.people if len(p.words) >= 2)

    def full_name(self, words: tuple[str, ...], at: int) -> str | None:
        """The fullest way the article writes the person called ``words`` near offset
        ``at`` (see :func:`full_person_name`)."""
        found = self.full_mention(words, at)
        return found.text if found is not None else None

    def full_mention(self, words: tuple[str, ...], at: int) -> PersonName | None:
        """Where the article writes the person called ``words`` in full: the fullest form,
        written nearest before offset ``at``, else where it is first written."""
        if not words:
            return None
        low = tuple(w.lower() for w in words)
        n = len(low)
        forms: list[tuple[str, ...]] = []
        for key in dict.fromkeys((low[0], low[-1])):
            for form in self._by_word.get(key, ()):
                other = tuple(w.lower() for w in form)
                fits = len(other) >= n and (other[-n:] == low or other[:n] == low)
                if fits and form not in forms:
                    forms.append(form)
        if not forms:
            return None
        longest = max(len(f) for f in forms)
        chosen = [f for f in forms if len(f) == longest]
        # The nearest one written at or before ``at``, else the first one written.
        best_before: tuple[int, tuple[str, ...]] | None = None
        for form in chosen:
            starts = self._starts[form]
            k = bisect.bisect_right(starts, at)
            if k and (best_before is None or starts[k - 1] > best_before[0]):
                best_before = (starts[k - 1], form)
        if best_before is not None:
            return self._at.get(best_before[0], PersonName(best_before[1], best_before[0]))
        first = min(chosen, key=lambda f: self._starts[f][0])
        start = self._starts[first][0]
        return self._at.get(start, PersonName(first, start))

    def full_names_between(self, lo: int, hi: int) -> list[tuple[int, str]]:
        """Names of two words or more that start at ``lo`` <= offset < ``hi``."""
        a = bisect.bisect_left(self._full, (lo, ""))
        b = bisect.bisect_left(self._full, (hi, ""))
        return self._full[a:b]


def full_person_name(words: tuple[str, ...], at: int, people: list[PersonName]) -> str | None:
    """The fullest way the article writes the person called ``words`` near offset ``at``:
    "Protasevich" -> "Roman Protasevich", "Zhang" -> "Zhang Jialong" (a surname written
    first). The longest such name wins, the nearest before ``at`` among equals, else the
    first after; None when the article names nobody so."""
    return PeopleIndex(people).full_name(words, at)
