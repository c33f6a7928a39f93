"""Salient terms of a text as a sparse vector, and TF-IDF cosine between such vectors.

Reports of one incident share its particulars: the victims' and suspects' names, the street,
the bar, the ages, the time of day. Reports of two shootings in one city in one week share
the city, "police" and "shot". So a profile keeps the words of its text (names, numbers,
pairs of adjacent names, optionally common words), and the comparison weighs each by its
inverse document frequency over the articles seen so far (:class:`TermStats`): common
words and the city everyone names count little, a surname or a house number much.

No resources are downloaded: terms come from a regular expression and the stop-word list
of ``fusion.yaml``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from newsevents.fuse.boilerplate import BoilerplateSettings, SegmentStats
from newsevents.fuse.config import TextSettings

#: Words, and numbers with their inner separators ("3:15", "5,126").
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?|\d+(?:[:,.]\d+)*")
_POSSESSIVE = re.compile(r"['’]s$")

TermVector = dict[str, float]


def _normal(token: str) -> str:
    return _POSSESSIVE.sub("", token.lower()).replace("’", "'").rstrip(".")


def salient_terms(text: str, settings: TextSettings) -> TermVector:
    """The weighted terms of ``text``: ``{term: weight}``, at most ``max_terms`` of them.

    A capitalised word is a ``name``, digits a ``number`` (written ``#315``), two adjacent
    names also a ``bigram`` ("clinton drive"); other words are ``word`` terms when
    ``lowercase_words`` is set. A term's weight is ``log1p`` of the summed weights of its
    occurrences: repetition counts, but sublinearly.
    """
    raw: dict[str, float] = defaultdict(float)
    weights = settings.weights
    previous: tuple[str, int] | None = None  # the last name and where it ended
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token[0].isdigit():
            raw["#" + re.sub(r"[:,.]", "", token)] += weights["number"]
            previous = None
            continue
        word = _normal(token)
        if len(word) < settings.min_length or word in settings.stopwords:
            previous = None
            continue
        if token[0].isupper():
            raw[word] += weights["name"]
            gap = text[previous[1] : match.start()] if previous else ""
            if previous and gap.isspace() and "\n" not in gap:
                raw[f"{previous[0]} {word}"] += weights["bigram"]
            previous = (word, match.end())
        else:
            if settings.lowercase_words:
                raw[word] += weights["word"]
            previous = None
    vector = {term: math.log1p(weight) for term, weight in raw.items() if weight > 0}
    if len(vector) > settings.max_terms:
        kept = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[: settings.max_terms]
        vector = dict(kept)
    return vector


def unit(vector: Mapping[str, float]) -> TermVector:
    """``vector`` scaled to length 1 (so that every source weighs alike in a centroid)."""
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else dict(vector)


def term_of(name: str) -> str:
    """The term a name is found under in term vectors: its first one or two words."""
    words = [_normal(m.group(0)) for m in _TOKEN.finditer(name)]
    return " ".join(w for w in words[:2] if w)


def add_vectors(base: Mapping[str, float], extra: Mapping[str, float], cap: int) -> TermVector:
    """The sum of two term vectors, keeping the ``cap`` heaviest terms (an incident centroid)."""
    out = dict(base)
    for term, weight in extra.items():
        out[term] = out.get(term, 0.0) + weight
    if len(out) > cap:
        out = dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:cap])
    return out


class TermStats:
    """Document frequencies of terms over the articles observed so far (for IDF).

    An article is counted once however many of its events are profiled; the counts can be
    saved and restored as plain data (:meth:`to_dict`, :meth:`from_dict`), which is how a
    database-backed index keeps them.
    """

    def __init__(self) -> None:
        self.n_documents = 0
        self.df: Counter[str] = Counter()
        self._seen: set[str] = set()
        self.changed: set[str] = set()
        """Terms whose count changed since :meth:`take_changes` (what a store writes)."""
        # IDF values and vector norms stay valid until the next document is observed.
        self._idf: dict[str, float] = {}
        self._norms: dict[Hashable, float] = {}

    def observe(self, document_id: str, terms: Iterable[str]) -> None:
        """Count the terms of a document, once per document id."""
        if document_id in self._seen:
            return
        self._seen.add(document_id)
        self.n_documents += 1
        unique = set(terms)
        self.df.update(unique)
        self.changed |= unique
        self._idf.clear()
        self._norms.clear()

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency: ``log((N + 1) / (df + 1)) + 1``.

        The added 1 keeps a term every document has from vanishing, so that the first
        articles of a fresh database can still be compared.
        """
        value = self._idf.get(term)
        if value is None:
            value = math.log((self.n_documents + 1) / (self.df.get(term, 0) + 1)) + 1.0
            self._idf[term] = value
        return value

    def specificity(self, term: str) -> float:
        """How rare a term is, in (0, 1]: its IDF over the IDF of an unseen term.

        Evidence that two reports name the same place or person counts for little when
        the name is in every other article (a big city, a president), much when it is rare.
        """
        top = math.log(self.n_documents + 1) + 1.0
        return self.idf(term) / top

    def norm(self, vector: Mapping[str, float], key: Hashable | None = None) -> float:
        """Euclidean norm of the TF-IDF weighted vector; cached under ``key`` when given
        (an incident id and version: the incident is compared with many events)."""
        if key is not None and key in self._norms:
            return self._norms[key]
        idf = self.idf
        value = math.sqrt(sum((w * idf(t)) ** 2 for t, w in vector.items()))
        if key is not None:
            self._norms[key] = value
        return value

    def take_changes(self) -> dict[str, int]:
        """The document frequency of every term counted since the last call."""
        out = {term: self.df[term] for term in sorted(self.changed)}
        self.changed = set()
        return out

    @classmethod
    def from_counts(cls, n_documents: int, df: Mapping[str, int]) -> TermStats:
        """Statistics of ``n_documents`` articles with these document frequencies (as a
        store keeps them: which articles were counted is not needed, each is counted once
        when it is fused)."""
        stats = cls()
        stats.n_documents = n_documents
        stats.df = Counter(df)
        return stats

    def to_dict(self) -> dict[str, object]:
        """Plain data to store."""
        return {"n_documents": self.n_documents, "df": dict(self.df), "seen": sorted(self._seen)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TermStats:
        """Restore counts saved with :meth:`to_dict`."""
        stats = cls()
        n = data.get("n_documents", 0)
        stats.n_documents = n if isinstance(n, int) else 0
        df = data.get("df", {})
        if isinstance(df, dict):
            stats.df = Counter({str(k): int(v) for k, v in df.items()})
        seen = data.get("seen", [])
        if isinstance(seen, list):
            stats._seen = {str(s) for s in seen}
        return stats


@dataclass
class CorpusStats:
    """What fusion learns from the articles seen so far: term document frequencies (for
    IDF) and recurring sentences (site boilerplate)."""

    segments: SegmentStats
    terms: TermStats = field(default_factory=TermStats)

    @classmethod
    def empty(cls, settings: BoilerplateSettings) -> CorpusStats:
        """Statistics of no article yet."""
        return cls(SegmentStats(settings))


def cosine(
    a: Mapping[str, float],
    b: Mapping[str, float],
    stats: TermStats,
    key_a: Hashable | None = None,
    key_b: Hashable | None = None,
) -> float:
    """TF-IDF cosine of two term vectors (0 when either is empty); ``key_a``/``key_b``
    name versions of the vectors whose norms may be cached."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b, key_a, key_b = b, a, key_b, key_a
    idf = stats.idf
    dot = sum(w * v * idf(t) ** 2 for t, w in a.items() if (v := b.get(t)) is not None)
    if not dot:
        return 0.0
    norm = stats.norm(a, key_a) * stats.norm(b, key_b)
    return dot / norm if norm else 0.0


__all__ = [
    "CorpusStats",
    "TermStats",
    "TermVector",
    "add_vectors",
    "cosine",
    "salient_terms",
    "term_of",
    "unit",
]
