"""IndiaPoliceEvents (Halterman et al. 2021): sentence-level KILL and ARREST F1.

The corpus (``docs.jsonl``, ``sents.jsonl``, ``metadata.jsonl`` from
github.com/slanglab/IndiaPoliceEvents) labels every sentence of 1,257 Times of India
articles with answers to questions about the police: KILL ("did police kill someone?") and
ARREST ("did police arrest someone?"), among others. The published task 1 metric is the
binary F1 of the positive class over all sentences, per label; it is reproduced by
``newsevents.evaluate.scorers.sentence_labels``.

Each article is extracted as a whole and our events are read as sentence labels with the
rules of ``mappings/india_police.yaml``: a sentence is KILL when it holds the evidence (a
trigger implying a death, or the count of the dead) of a committed ASSAULT whose agent is
police; ARREST when it holds the evidence of a committed COERCE/arrest event whose agent is
police or absent. Event offsets are mapped back to the gold text with ``OffsetMap``, since
reading normalises the text (mojibake repair, headline layout).

Splits: the corpus was published as one evaluation set, with no split file. ``dev`` and
``test`` are a fixed document-level halving, stratified by whether a document holds KILL
and ARREST sentences (a hash of each document id orders each stratum; ``--seed`` does not
change it), ``all`` is every document. Any other ``--split NAME`` reads the document ids
listed one per line in ``DIR/splits/NAME.txt``.

``--limit N`` takes a seeded random sample of N documents of the split (the files are in
document-id order, which follows dates and cities, so the first N would not be
representative).

``--predictions-out`` writes a CSV in the input format of the published ``evaluate.py``
(``doc_id, sent_id, KILL, ARREST, ANY_ACTION, FAIL, FORCE``, one row per evaluated
sentence); the labels we do not predict are written as 0. The published script only
accepts a file covering the whole corpus, so use ``--split all`` for it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from newsevents.errors import DataFileError, InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport, read_jsonl_objects
from newsevents.evaluate.scorers.sentence_labels import (
    BinaryCounts,
    OffsetMap,
    locate_sentences,
    score_labels,
    sentence_at,
)
from newsevents.model import ActorKind, Article, CountCategory, Event, Modality, RoleType

DATASET = "india-police-events"
LABELS: tuple[str, ...] = ("KILL", "ARREST")
CSV_LABELS: tuple[str, ...] = ("KILL", "ARREST", "ANY_ACTION", "FAIL", "FORCE")
BUILTIN_SPLITS: tuple[str, ...] = ("dev", "test", "all")
MAPPING_FILE = "india_police.yaml"
OUTLET = "Times of India"
_AGENT_ROLES = frozenset({RoleType.perpetrator, RoleType.actor})
_MAX_EXAMPLES = 8

SentKey = tuple[int, int]


class LabelRule(BaseModel):
    """When an event gives a sentence label (see ``mappings/india_police.yaml``)."""

    model_config = ConfigDict(extra="forbid")

    event_types: list[str]
    modes: list[str] | None = None
    implies: CountCategory
    agent: Literal["police", "police_or_none"]


class IndiaPoliceMapping(BaseModel):
    """The content of ``mappings/india_police.yaml``."""

    model_config = ConfigDict(extra="forbid")

    modalities: list[Modality]
    police_kinds: list[ActorKind]
    police_words: list[str]
    labels: dict[str, LabelRule]

    def police_pattern(self) -> re.Pattern[str]:
        """A whole-word pattern matching any of the police words."""
        return _word_pattern(tuple(self.police_words))


@functools.cache
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in longest_first) + r")\b", re.I)


@functools.cache
def load_mapping() -> IndiaPoliceMapping:
    """The label rules, validated; DataFileError if the file is missing or invalid."""
    path = resources.files("newsevents.evaluate") / "mappings" / MAPPING_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        mapping = IndiaPoliceMapping.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(str(path), str(exc)) from exc
    missing = [label for label in LABELS if label not in mapping.labels]
    if missing:
        raise DataFileError(str(path), f"no rule for label(s) {', '.join(missing)}")
    return mapping


# --- gold data --------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldSentence:
    """One annotated sentence: its id in the document, text and labels."""

    sent_id: int
    text: str
    labels: frozenset[str]


@dataclass(frozen=True)
class GoldDoc:
    """One article with its sentences and metadata."""

    doc_id: int
    text: str
    sentences: tuple[GoldSentence, ...]
    date: str | None = None
    url: str | None = None


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        raise NewsEventsError(f"{path}: IndiaPoliceEvents file not found")
    return read_jsonl_objects(path)


def read_corpus(data: Path) -> list[GoldDoc]:
    """Read ``docs.jsonl``, ``sents.jsonl`` and (optional) ``metadata.jsonl`` from ``data``.

    Raises NewsEventsError naming a missing file and InputError for malformed lines.
    """
    sents: dict[int, list[GoldSentence]] = {}
    sents_path = data / "sents.jsonl"
    try:
        for item in _read_jsonl(sents_path):
            sent = GoldSentence(
                int(item["sent_id"]), str(item["sent_text"]), frozenset(item["sent_labels"])
            )
            sents.setdefault(int(item["doc_id"]), []).append(sent)
        meta: dict[int, dict[str, Any]] = {}
        meta_path = data / "metadata.jsonl"
        if meta_path.is_file():
            meta = {int(m["doc_id"]): m for m in _read_jsonl(meta_path)}
        docs: list[GoldDoc] = []
        for item in _read_jsonl(data / "docs.jsonl"):
            doc_id = int(item["doc_id"])
            info = meta.get(doc_id, {})
            docs.append(
                GoldDoc(
                    doc_id=doc_id,
                    text=str(item["doc_text"]),
                    sentences=tuple(sorted(sents.get(doc_id, []), key=lambda s: s.sent_id)),
                    date=info.get("date"),
                    url=info.get("url"),
                )
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(str(data), f"unexpected IndiaPoliceEvents record: {exc!r}") from exc
    return docs


def _rank(doc_id: int) -> bytes:
    return hashlib.sha256(f"{DATASET}:{doc_id}".encode()).digest()


def dev_ids(docs: list[GoldDoc]) -> set[int]:
    """The ``dev`` half: documents are grouped by whether they hold KILL and ARREST
    sentences, ordered by a hash of their id within each group, and every other one is
    taken, so both halves get about as many of the rare KILL documents."""
    groups: dict[tuple[bool, ...], list[GoldDoc]] = {}
    for doc in docs:
        labels = {label for s in doc.sentences for label in s.labels}
        groups.setdefault(tuple(label in labels for label in LABELS), []).append(doc)
    out: set[int] = set()
    for group in groups.values():
        ranked = sorted(group, key=lambda d: _rank(d.doc_id))
        out.update(d.doc_id for d in ranked[::2])
    return out


def split_ids(data: Path, split: str, docs: list[GoldDoc]) -> set[int]:
    """The document ids of ``split`` (see the module docstring for the split definitions)."""
    if split == "all":
        return {d.doc_id for d in docs}
    if split in ("dev", "test"):
        dev = dev_ids(docs)
        return dev if split == "dev" else {d.doc_id for d in docs} - dev
    path = data / "splits" / f"{split}.txt"
    if not path.is_file():
        raise NewsEventsError(
            f"{path}: no such split file; IndiaPoliceEvents has no published split, the "
            f"built-in splits are {', '.join(BUILTIN_SPLITS)}, or list document ids one per "
            "line in that file"
        )
    try:
        return {int(line) for line in path.read_text(encoding="utf-8").split() if line}
    except ValueError as exc:
        raise InputError(str(path), f"expected one integer document id per line ({exc})") from exc


def select_docs(
    docs: list[GoldDoc], data: Path, split: str, limit: int | None, seed: int
) -> list[GoldDoc]:
    """The documents of ``split``, or a seeded random sample of ``limit`` of them."""
    wanted = split_ids(data, split, docs)
    chosen = [d for d in docs if d.doc_id in wanted]
    if limit is not None and limit < len(chosen):
        chosen = sorted(random.Random(seed).sample(chosen, limit), key=lambda d: d.doc_id)
    return chosen


# --- reading our events as labels -------------------------------------------------------


@functools.cache
def _implied_words() -> dict[str, CountCategory]:
    """Trigger lemmas and phrases of the extraction lexicon with the outcome they imply."""
    from newsevents.extract.lexicon import triggers

    out: dict[str, CountCategory] = {}
    for entry in triggers():
        if entry.implies is None:
            continue
        for word in [*entry.lemmas, *entry.phrases]:
            out.setdefault(word.lower(), entry.implies)
    return out


def _lemma_candidates(word: str) -> list[str]:
    """The word and the stems regular English inflection could have made it from."""
    out = [word]
    if word.endswith("s"):
        out.append(word[:-1])
    if word.endswith(("es", "ed")):
        out.append(word[:-2])
    if word.endswith("ed"):
        out.append(word[:-1])
    if word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
    if word.endswith(("ed", "ing")) and len(word) > 5:
        stem = word[:-2] if word.endswith("ed") else word[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append(stem[:-1])  # doubled consonant: "nabbed" -> "nab"
    if word.endswith("ings"):
        out.append(word[:-1])
    return out


def implied_outcome(trigger_text: str) -> CountCategory | None:
    """The outcome (killed, arrested, ...) a trigger word implies, from the trigger lexicon."""
    words = _implied_words()
    text = " ".join(trigger_text.lower().split())
    if text in words:
        return words[text]
    for word in text.split():
        for candidate in _lemma_candidates(word):
            if candidate in words:
                return words[candidate]
    return None


def _is_police(event: Event, mapping: IndiaPoliceMapping, pattern: re.Pattern[str]) -> bool:
    for role in event.roles:
        if role.role not in _AGENT_ROLES:
            continue
        if role.kind in mapping.police_kinds:
            return True
        if any(pattern.search(t) for t in (role.text, role.name, role.affiliation or "")):
            return True
    return False


def event_evidence(event: Event, mapping: IndiaPoliceMapping | None = None) -> dict[str, list[int]]:
    """For each label the event supports, the article offsets of its evidence.

    Evidence is the start of every trigger implying the label's outcome and of every
    mention of the outcome's count; an event with no such evidence supports no label.
    """
    mapping = mapping or load_mapping()
    if event.modality not in mapping.modalities:
        return {}
    pattern = mapping.police_pattern()
    police = _is_police(event, mapping, pattern)
    has_agent = any(r.role in _AGENT_ROLES for r in event.roles)
    out: dict[str, list[int]] = {}
    for label, rule in mapping.labels.items():
        if event.event_type not in rule.event_types:
            continue
        if rule.modes is not None and event.mode not in rule.modes:
            continue
        if not police and not (rule.agent == "police_or_none" and not has_agent):
            continue
        offsets = [t.start for t in event.triggers if implied_outcome(t.text) == rule.implies]
        count = getattr(event, rule.implies.value)
        if count is not None:
            offsets += [s.start for s in count.spans]
        if rule.implies != CountCategory.arrested:
            # Only the police arrest: an arrest sentence needs no word for them.
            offsets = [o for o in offsets if _says_police(event, o, mapping, pattern, has_agent)]
        if offsets:
            out[label] = sorted(set(offsets))
    return out


def _says_police(
    event: Event,
    offset: int,
    mapping: IndiaPoliceMapping,
    pattern: re.Pattern[str],
    has_agent: bool,
) -> bool:
    """Whether the sentence at ``offset`` itself tells of police action, as the benchmark's
    sentence labels require. An incident gathers every sentence that mentions it ("9 deaths
    have taken place" beside "police opened fire"); only those naming the police (or, for an
    incident with no doer at all, any of them) carry the label."""
    if not has_agent:
        return True
    sentence = next((s for s in event.sentences if s.start <= offset < s.end), None)
    if sentence is None:
        return True
    agents = [r for r in event.roles if r.role in _AGENT_ROLES and r.kind in mapping.police_kinds]
    if any(sentence.start <= sp.start < sentence.end for r in agents for sp in r.spans):
        return True
    return bool(pattern.search(sentence.text))


def predict_sentences(
    events: list[Event],
    offsets: OffsetMap,
    spans: list[tuple[int, int]],
    mapping: IndiaPoliceMapping | None = None,
) -> dict[str, set[int]]:
    """Label -> indexes (into ``spans``) of the gold sentences our events label."""
    out: dict[str, set[int]] = {}
    for event in events:
        for label, starts in event_evidence(event, mapping).items():
            for start in starts:
                index = sentence_at(spans, offsets.to_source(start))
                if index is not None:
                    out.setdefault(label, set()).add(index)
    return out


# --- the run ----------------------------------------------------------------------------


@dataclass
class _Outcome:
    pred: dict[str, set[SentKey]] = field(default_factory=dict)
    unreadable: list[int] = field(default_factory=list)
    events: int = 0


def _article(doc: GoldDoc) -> Article:
    import datetime as dt

    from newsevents.ingest import read_text

    published = dt.date.fromisoformat(doc.date) if doc.date else None
    return read_text(doc.text, published=published, outlet=OUTLET, url=doc.url)


def _predict(docs: list[GoldDoc]) -> _Outcome:
    from newsevents.extract.article import extract_many

    outcome = _Outcome()
    readable: list[tuple[GoldDoc, Article]] = []
    for doc in docs:
        try:
            readable.append((doc, _article(doc)))
        except InputError:
            outcome.unreadable.append(doc.doc_id)
    results = extract_many(a for _, a in readable)
    for (doc, article), result in zip(readable, results, strict=True):
        outcome.events += len(result.events)
        spans = locate_sentences(doc.text, [s.text for s in doc.sentences])
        found = predict_sentences(result.events, OffsetMap(doc.text, article.text), spans)
        for label, indexes in found.items():
            keys = {(doc.doc_id, doc.sentences[i].sent_id) for i in indexes}
            outcome.pred.setdefault(label, set()).update(keys)
    return outcome


def _examples(docs: list[GoldDoc], gold: set[SentKey], pred: set[SentKey]) -> dict[str, list[str]]:
    texts = {(d.doc_id, s.sent_id): s.text for d in docs for s in d.sentences}
    fn = sorted(gold - pred)[:_MAX_EXAMPLES]
    fp = sorted(pred - gold)[:_MAX_EXAMPLES]
    return {
        "false_negatives": [f"{k[0]}/{k[1]}: {' '.join(texts[k].split())[:200]}" for k in fn],
        "false_positives": [f"{k[0]}/{k[1]}: {' '.join(texts[k].split())[:200]}" for k in fp],
    }


def write_predictions(path: Path, docs: list[GoldDoc], pred: dict[str, set[SentKey]]) -> None:
    """Write the published scorer's CSV input; labels we do not predict are 0."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc_id", "sent_id", *CSV_LABELS])
        for doc in docs:
            for sent in doc.sentences:
                key = (doc.doc_id, sent.sent_id)
                row = [int(key in pred.get(label, set())) for label in CSV_LABELS]
                writer.writerow([doc.doc_id, sent.sent_id, *row])


def score_report(
    docs: list[GoldDoc], pred: dict[str, set[SentKey]]
) -> tuple[dict[str, float], dict[str, BinaryCounts]]:
    """Flat scores (``kill_f1``, ``kill_p``, ``kill_r``, ``arrest_*``) and raw counts."""
    universe = [(d.doc_id, s.sent_id) for d in docs for s in d.sentences]
    gold = {
        label: {(d.doc_id, s.sent_id) for d in docs for s in d.sentences if label in s.labels}
        for label in LABELS
    }
    counts = score_labels(universe, gold, pred, LABELS)
    scores: dict[str, float] = {}
    for label, c in counts.items():
        name = label.lower()
        scores[f"{name}_f1"] = c.f1
        scores[f"{name}_p"] = c.precision
        scores[f"{name}_r"] = c.recall
    return scores, counts


def run(options: EvalOptions) -> EvalReport:
    """Evaluate sentence-level KILL and ARREST on ``options.split`` of the corpus."""
    start = time.perf_counter()
    corpus = read_corpus(options.data)
    docs = select_docs(corpus, options.data, options.split, options.limit, options.seed)
    load_mapping()  # fail on a bad mapping before the slow part
    outcome = _predict(docs)
    scores, counts = score_report(docs, outcome.pred)
    if options.predictions_out is not None:
        write_predictions(options.predictions_out, docs, outcome.pred)
    gold_sets = {
        label: {(d.doc_id, s.sent_id) for d in docs for s in d.sentences if label in s.labels}
        for label in LABELS
    }
    details: dict[str, Any] = {
        "n_sentences": sum(len(d.sentences) for d in docs),
        "n_events": outcome.events,
        "unreadable_docs": outcome.unreadable,
        "split_note": "dev/test: fixed stratified halving of documents (no published split)",
        "sample": "seeded random sample" if options.limit is not None else "whole split",
        "counts": {
            label: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "gold": c.tp + c.fn}
            for label, c in counts.items()
        },
        "examples": {
            label: _examples(docs, gold_sets[label], outcome.pred.get(label, set()))
            for label in LABELS
        },
    }
    return EvalReport(
        dataset=DATASET,
        split=options.split,
        n_docs=len(docs),
        scores=scores,
        details=details,
        seconds=time.perf_counter() - start,
    )
