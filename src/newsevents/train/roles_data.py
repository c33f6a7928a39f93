"""Training examples for the roles model: the candidates of the extractor's own incidents on
training articles, labelled by the gold spans of who did it and to whom.

The extractor runs on the training parts of four sets; for each incident it builds, every
candidate (:mod:`newsevents.roles.candidates`) whose head word lies inside a gold span is a
positive for that role:

- **MUC-4 train** (``muc4/gtt/train.json``): PerpInd and PerpOrg fillers are perpetrators,
  Target and Victim fillers targets (every mention of each filler, by its offset). The keys
  are complete, so the other candidates are negatives; only assaults whose sentences name a
  filler are read (the keys cover the relevant incidents only).
- **CAMEO** (``cameo-conflibert/cameo.jsonl``, ConfliBERT train split, material-conflict
  sentences): source spans are perpetrators, target spans targets; one sentence, one event.
- **GVDB** (``gvdb/gvdb.jsonl``): named shooters are perpetrators, named victims targets, of
  the shootings; only named people are labelled (the crowd workers named no one else).
- **HRDsAttack train** (``hrdsattack/train.json``): the named victims, found in the text by
  name, are targets of the violent and coercive incidents; other named people are not.
  The data names no perpetrator spans, so these candidates teach the target output only.

A label is 1, 0, or -1 where the gold cannot say. Development data is never read as
training data: documents that coder-gold dev codes (its HRDsAttack articles come from the
HRDsAttack train file) and any document sharing a run of twelve words with a coder-gold dev
article are left out.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from newsevents.model import Article, Event
from newsevents.roles.candidates import Candidate
from newsevents.roles.features import article_features

Spans = tuple[tuple[int, int], ...]
#: Labels: the two outputs of the roles model.
LABELS = ("perpetrator", "target")
UNKNOWN = -1
#: Words in a row that, shared with a coder-gold dev article, keep a document out.
OVERLAP_WORDS = 12
_VIOLENT = frozenset({"ASSAULT"})
_VIOLENT_OR_COERCIVE = frozenset({"ASSAULT", "COERCE"})


@dataclass(frozen=True)
class TrainDoc:
    """One training article and its gold spans.

    ``complete``: every candidate of a covered incident is labelled (MUC-4, CAMEO); else
    only named people are. ``perpetrators_known``: the set gives perpetrator spans at all.
    ``types``: the incident types the gold speaks of.
    """

    source: str
    doc_id: str
    article: Article
    perpetrators: Spans
    targets: Spans
    complete: bool
    perpetrators_known: bool = True
    types: frozenset[str] = field(default_factory=lambda: _VIOLENT)


@dataclass
class Examples:
    """Feature rows with their labels (``labels[:, k]`` for output ``LABELS[k]``)."""

    rows: list[NDArray[np.float32]] = field(default_factory=list)
    labels: list[tuple[int, int]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    incidents: list[str] = field(default_factory=list)

    def matrix(self) -> tuple[NDArray[np.float32], NDArray[np.int8]]:
        """The feature matrix and the label matrix."""
        from newsevents.roles.features import WIDTH

        x = np.vstack(self.rows) if self.rows else np.zeros((0, WIDTH), np.float32)
        return x, np.asarray(self.labels, np.int8).reshape(-1, 2)


# -- reading the sets ---------------------------------------------------------------------


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _muc_docs(data: Path) -> list[TrainDoc]:
    out = []
    for row in _jsonl(data / "muc4" / "gtt" / "train.json"):
        text = str(row["doctext"])
        perps: list[tuple[int, int]] = []
        targets: list[tuple[int, int]] = []
        for template in row["templates"]:  # type: ignore[attr-defined]
            for slot, bucket in (
                ("PerpInd", perps),
                ("PerpOrg", perps),
                ("Target", targets),
                ("Victim", targets),
            ):
                for entity in template[slot]:
                    for mention, offset in entity:
                        bucket.append((int(offset), int(offset) + len(mention)))
        if not perps and not targets:
            continue  # no relevant incident: nothing to learn roles from
        art = Article(id=f"muc4-{row['docid']}", text=text)
        out.append(TrainDoc("muc4", str(row["docid"]), art, tuple(perps), tuple(targets), True))
    return out


def _token_offsets(text: str, tokens: Sequence[str]) -> list[tuple[int, int]] | None:
    """Character offsets of each token in ``text``, or None when they cannot be aligned."""
    out, at = [], 0
    for token in tokens:
        found = text.find(token, at)
        if found < 0:
            return None
        out.append((found, found + len(token)))
        at = found + len(token)
    return out


def _cameo_docs(data: Path) -> list[TrainDoc]:
    out = []
    for row in _jsonl(data / "cameo-conflibert" / "cameo.jsonl"):
        if row.get("conflibert_split") != "train" or row.get("penta_class") != 4:
            continue
        if not row.get("tokens") or not row.get("spans"):
            continue
        text = str(row["text"])
        offsets = _token_offsets(text, [str(t) for t in row["tokens"]])  # type: ignore[attr-defined]
        if offsets is None:
            continue
        perps, targets = [], []
        for span in row["spans"]:  # type: ignore[attr-defined]
            start, end = offsets[int(span["start"])][0], offsets[int(span["end"]) - 1][1]
            if span["role"] == "source":
                perps.append((start, end))
            elif span["role"] == "target":
                targets.append((start, end))
        if perps or targets:
            art = Article(id=f"cameo-{row['id']}", text=text)
            out.append(
                TrainDoc(
                    "cameo",
                    str(row["id"]),
                    art,
                    tuple(perps),
                    tuple(targets),
                    True,
                    types=_VIOLENT_OR_COERCIVE | {"PROTEST", "THREATEN", "SANCTION"},
                )
            )
    return out


def _occurrences(text: str, names: Sequence[str]) -> Spans:
    """Every place the names are written in the text, whole words, case as given."""
    out: list[tuple[int, int]] = []
    for name in names:
        name = " ".join(name.split())
        if len(name) < 3:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            out.append((match.start(), match.end()))
    return tuple(sorted(set(out)))


def _name_value(person: dict[str, object]) -> str:
    name = person.get("name")
    return str(name.get("text") or "").strip() if isinstance(name, dict) else ""


def _gvdb_docs(data: Path) -> list[TrainDoc]:
    out = []
    for row in _jsonl(data / "gvdb" / "gvdb.jsonl"):
        text = str(row["text"])
        victims = {_name_value(p) for p in row.get("victims") or []}  # type: ignore[attr-defined]
        shooters = {_name_value(p) for p in row.get("shooters") or []}  # type: ignore[attr-defined]
        # The same person as victim and shooter (a murder-suicide) teaches neither role.
        both = victims & shooters
        victims, shooters = victims - both - {""}, shooters - both - {""}
        if not victims and not shooters:
            continue
        art = Article(id=f"gvdb-{row['id']}", text=text)
        out.append(
            TrainDoc(
                "gvdb",
                str(row["id"]),
                art,
                _occurrences(text, sorted(shooters)),
                _occurrences(text, sorted(victims)),
                False,
            )
        )
    return out


def _hrds_docs(data: Path) -> list[TrainDoc]:
    from newsevents.evaluate.hrdsattack import load_mapping, read_items

    out = []
    for item in read_items(data / "hrdsattack" / "train.json", load_mapping().corrections):
        names = [n for n in item.gold.victim_names if n.lower() not in ("none", "unknown")]
        spans = _occurrences(item.article.text, names)
        if not spans:
            continue
        out.append(
            TrainDoc(
                "hrdsattack",
                str(item.doc_id),
                item.article,
                (),
                spans,
                False,
                perpetrators_known=False,
                types=_VIOLENT_OR_COERCIVE,
            )
        )
    return out


_READERS = {"muc4": _muc_docs, "cameo": _cameo_docs, "gvdb": _gvdb_docs, "hrdsattack": _hrds_docs}
#: The sets read, in order.
SOURCES = tuple(_READERS)


# -- keeping development articles out ------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _grams(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + OVERLAP_WORDS]) for i in range(len(words) - OVERLAP_WORDS + 1)}


@dataclass(frozen=True)
class DevScreen:
    """What identifies the development articles: their ids and their runs of words."""

    doc_ids: frozenset[str]
    grams: frozenset[tuple[str, ...]]

    def holds(self, doc: TrainDoc) -> bool:
        """Whether ``doc`` is, or shares text with, a development article."""
        if f"{doc.source}:{doc.doc_id}" in self.doc_ids:
            return True
        return not _grams(doc.article.text).isdisjoint(self.grams)


def dev_screen(data: Path) -> DevScreen:
    """The coder-gold dev articles (none when the folder is absent)."""
    path = data / "coder-gold" / "dev.jsonl"
    if not path.is_file():
        return DevScreen(frozenset(), frozenset())
    ids: set[str] = set()
    grams: set[tuple[str, ...]] = set()
    for row in _jsonl(path):
        ids.add(str(row["doc_id"]))
        grams |= _grams(str(row["text"]))
    return DevScreen(frozenset(ids), frozenset(grams))


def documents(
    data: Path, limits: dict[str, int] | None = None, seed: int = 0
) -> dict[str, list[TrainDoc]]:
    """The training documents of each set, development articles left out; ``limits`` takes
    a seeded sample of that many documents of a set."""
    screen = dev_screen(data)
    out: dict[str, list[TrainDoc]] = {}
    for source, read in _READERS.items():
        docs = [d for d in read(data) if not screen.holds(d)]
        limit = (limits or {}).get(source)
        if limit is not None and limit < len(docs):
            docs = random.Random(f"{seed}:{source}").sample(docs, limit)
        out[source] = docs
    return out


# -- labelling ----------------------------------------------------------------------------


def _inside(at: int, spans: Spans) -> bool:
    return any(start <= at < end for start, end in spans)


def _named(cand: Candidate) -> bool:
    head = cand.head
    return head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and not head.ent_type_)


def candidate_labels(doc: TrainDoc, cand: Candidate) -> tuple[int, int]:
    """(perpetrator, target) labels of one candidate: 1, 0, or -1 (unknown)."""
    if not doc.complete and not _named(cand):
        # Sets that name only people say nothing of the other phrases, whatever they hold.
        return UNKNOWN, UNKNOWN
    at = cand.head.idx
    perp = int(_inside(at, doc.perpetrators))
    target = int(_inside(at, doc.targets))
    return (perp if doc.perpetrators_known else UNKNOWN), target


def _covered(doc: TrainDoc, event: Event) -> bool:
    """Whether the incident's sentences hold a gold span (complete sets only: their gold
    covers the relevant incidents, not every incident the extractor finds)."""
    if event.event_type not in doc.types:
        return False
    if not doc.complete:
        return True
    spans = doc.perpetrators + doc.targets
    return any(
        s.start <= start and end <= s.end + 1 for s in event.sentences for start, end in spans
    )


def label_article(doc: TrainDoc, events: Sequence[Event], parsed: Doc, out: Examples) -> None:
    """Add the labelled candidates of the article's incidents to ``out``."""
    for incident in article_features(events, parsed, lambda e: e.event_type in doc.types):
        if not _covered(doc, incident.event):
            continue
        for row, cand in enumerate(incident.candidates):
            labels = candidate_labels(doc, cand)
            if labels == (UNKNOWN, UNKNOWN):
                continue
            out.rows.append(incident.matrix[row])
            out.labels.append(labels)
            out.sources.append(doc.source)
            out.docs.append(f"{doc.source}:{doc.doc_id}")
            out.incidents.append(f"{doc.source}:{doc.doc_id}:{incident.event.id}")


def examples(docs: dict[str, list[TrainDoc]]) -> Examples:
    """Extract every document, recording its incidents' candidates with their labels."""
    from newsevents.extract.article import extract_many
    from newsevents.roles import observe

    out = Examples()
    for source_docs in docs.values():
        by_text = {d.article.text: d for d in reversed(source_docs)}

        def record(events: list[Event], parsed: Doc, text: str) -> None:
            doc = by_text.get(text)  # noqa: B023  (used within this loop's extraction)
            if doc is not None and events:
                label_article(doc, events, parsed, out)

        with observe(record):
            for _ in extract_many(d.article for d in source_docs):
                pass
    return out


def iter_sources(docs: dict[str, list[TrainDoc]]) -> Iterator[tuple[str, int]]:
    """(set, number of documents) of each set read."""
    for source, items in docs.items():
        yield source, len(items)
