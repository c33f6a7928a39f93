"""Event-location evaluation on Halterman's "Geolocating political events in text" data.

``--data DIR`` holds ``labeled_text.jsonl``: one Prodigy record per line with ``text``,
``_id`` and ``spans``; a ``VERB`` span marks the event and zero or more ``LOCATION`` spans
mark the place mention(s) where that event happened (several when the event happened in
several places; none when the sentence names no location of the event).

There is no split file, so the split is fixed by a hash of the record id: ``dev`` is the
records whose SHA-1 of ``_id`` is 0 modulo 5 (20 %), ``train`` the rest, ``all`` every
record. Any other split raises ``NewsEventsError``. ``--limit N`` takes a seeded random
sample of N records of the split (the file is grouped by annotation source).

Two protocols are scored. The task's own (Halterman's model is given the event verb and
picks its place): the verb's sentence is parsed and the product's event-place model
(:func:`newsevents.extract.location.choose` over
:func:`newsevents.extract.location.sentence_places`, the code the extractor uses for every
event) picks one of the sentence's places or none. End to end: the text is run through the
extractor; the event answering the gold verb is the one whose trigger overlaps the verb, else
the event whose trigger is nearest to it, and its predicted location is its first place with
``is_event_location``. A prediction is correct when it overlaps a gold LOCATION span or
equals one after normalisation (case, leading "the", punctuation); for a record with no gold
location, predicting no location is correct.

Scores (percentages):

* ``accuracy``: given the verb, all records;
* ``located_accuracy``: given the verb, records that have a gold location;
* ``unlocated_accuracy``: given the verb, records without one;
* ``pipeline_accuracy``: end to end, a record where no event was found counting as wrong;
* ``pipeline_accuracy_found``: end to end, records where an event was found;
* ``pipeline_event_found``: share of records where the extractor found an event.

The model's weights were learned on the ``train`` part only
(``python -m newsevents.extract.location_train``).

``--predictions-out`` writes one JSON line per record (our own format; the source
repository publishes no scorer).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsevents.errors import InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport
from newsevents.model import Article, ArticleResult, Event, PlaceBasis

DATASET = "event-location"
FILE_NAME = "labeled_text.jsonl"
SPLITS = ("dev", "train", "all")
#: One record in this many (by id hash) belongs to ``dev``.
DEV_MODULUS = 5

SpanT = tuple[int, int]


@dataclass(frozen=True)
class LocationRecord:
    """One annotated sentence: the event verb(s) and the gold location mentions."""

    id: str
    text: str
    verbs: tuple[SpanT, ...]
    locations: tuple[SpanT, ...]


@dataclass(frozen=True)
class Prediction:
    """What the extractor said about one record."""

    event_found: bool
    location: SpanT | None
    location_text: str | None


def data_path(data: Path) -> Path:
    """The records file; ``NewsEventsError`` naming it when missing."""
    path = Path(data) / FILE_NAME
    if not path.is_file():
        raise NewsEventsError(f"event-location data not found: expected {path}")
    return path


def in_split(record_id: str, split: str) -> bool:
    """Whether a record belongs to ``split`` (``dev``, ``train`` or ``all``)."""
    if split not in SPLITS:
        raise NewsEventsError(
            f"event-location split {split!r} unknown: the data has no split files "
            f"(only {FILE_NAME}); use one of {list(SPLITS)}"
        )
    if split == "all":
        return True
    is_dev = int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % DEV_MODULUS == 0
    return is_dev == (split == "dev")


def _span(span: dict[str, Any], tokens: Sequence[dict[str, Any]]) -> SpanT:
    """Character offsets of a span, repaired from its tokens when they are empty.

    About 7 % of the LOCATION spans carry ``start == end`` (the token index copied into
    both); their ``token_start``/``token_end`` still point at the right tokens.
    """
    start, end = int(span["start"]), int(span["end"])
    if end <= start and "token_start" in span and "token_end" in span:
        by_id = {int(t["id"]): t for t in tokens if "id" in t}
        first, last = by_id.get(int(span["token_start"])), by_id.get(int(span["token_end"]))
        if first is not None and last is not None:
            return int(first["start"]), int(last["end"])
    return start, end


def parse_record(raw: dict[str, Any], line: int) -> LocationRecord | None:
    """A record from one decoded JSON line; None for records without text or verb."""
    text = raw.get("text")
    spans = raw.get("spans") or []
    if not isinstance(text, str) or not text.strip():
        return None
    tokens = raw.get("tokens") or []
    verbs = tuple(_span(s, tokens) for s in spans if s.get("label") == "VERB")
    locs = tuple(_span(s, tokens) for s in spans if s.get("label") == "LOCATION")
    if not verbs:
        return None
    return LocationRecord(str(raw.get("_id", f"line-{line}")), text, verbs, locs)


def read_records(path: Path) -> list[LocationRecord]:
    """Read every usable record of the JSON-lines file."""
    out = []
    try:
        with Path(path).open(encoding="utf-8") as handle:
            for n, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(str(path), f"line {n}: {exc}") from exc
                if (rec := parse_record(raw, n)) is not None:
                    out.append(rec)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    return out


def _norm(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip().lower())
    return re.sub(r"[^\w]+", " ", text).strip()


def _distance(a: SpanT, b: SpanT) -> int:
    if a[0] < b[1] and b[0] < a[1]:
        return 0
    return min(abs(a[0] - b[1]), abs(b[0] - a[1]))


def pick_event(events: Sequence[Event], verbs: Sequence[SpanT]) -> Event | None:
    """The event whose trigger overlaps a gold verb, else the one with the nearest trigger."""
    best: tuple[int, int] | None = None
    chosen: Event | None = None
    for n, event in enumerate(events):
        for trig in event.triggers:
            d = min(_distance((trig.start, trig.end), v) for v in verbs)
            if best is None or (d, n) < best:
                best, chosen = (d, n), event
    return chosen


def predict(record: LocationRecord, result: ArticleResult | None) -> Prediction:
    """The location our extraction gives the record's event."""
    if result is None:
        return Prediction(False, None, None)
    event = pick_event(result.events, record.verbs)
    if event is None:
        return Prediction(False, None, None)
    same_text = result.article.text == record.text
    for place in event.places:
        # The task is which words of the sentence say where: a place inferred from the
        # rest of the article is no answer to it.
        if place.is_event_location and place.basis != PlaceBasis.article:
            span = place.spans[0] if place.spans and same_text else None
            return Prediction(True, (span.start, span.end) if span else None, place.text)
    return Prediction(True, None, None)


def is_correct(record: LocationRecord, pred: Prediction) -> bool:
    """Whether the predicted location is a gold location (or both are absent)."""
    if not record.locations:
        return pred.location_text is None
    if pred.location_text is None:
        return False
    if pred.location is not None and any(
        _distance(pred.location, g) == 0 for g in record.locations
    ):
        return True
    gold_texts = {_norm(record.text[s:e]) for s, e in record.locations}
    return _norm(pred.location_text) in gold_texts


def score(
    records: Sequence[LocationRecord],
    given: Sequence[Prediction],
    pipeline: Sequence[Prediction] | None = None,
) -> dict[str, float]:
    """Accuracy figures of the module docstring (percentages)."""

    def pct(pairs: Iterable[tuple[LocationRecord, Prediction]], found_only: bool = False) -> float:
        chosen = [(r, p) for r, p in pairs if p.event_found or not found_only]
        right = sum(1 for r, p in chosen if p.event_found and is_correct(r, p))
        return 100 * right / len(chosen) if chosen else 0.0

    pairs = list(zip(records, given, strict=True))
    scores = {
        "accuracy": pct(pairs),
        "located_accuracy": pct([(r, p) for r, p in pairs if r.locations]),
        "unlocated_accuracy": pct([(r, p) for r, p in pairs if not r.locations]),
    }
    if pipeline is not None:
        ends = list(zip(records, pipeline, strict=True))
        found = sum(1 for p in pipeline if p.event_found)
        scores["pipeline_accuracy"] = pct(ends)
        scores["pipeline_accuracy_found"] = pct(ends, found_only=True)
        scores["pipeline_event_found"] = 100 * found / len(ends) if ends else 0.0
    return scores


def locate_given_verbs(records: Sequence[LocationRecord]) -> list[Prediction]:
    """The place the event-place model picks for each record's gold verb."""
    from newsevents.extract.location import choose, sentence_places
    from newsevents.nlp.pipeline import parse_many

    out = []
    for rec, doc in zip(records, parse_many(r.text for r in records), strict=True):
        start, end = rec.verbs[0]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            out.append(Prediction(False, None, None))
            continue
        places = sentence_places(span.root.sent)
        choice = choose(span.root, places)
        if choice.index is None:
            out.append(Prediction(True, None, None))
        else:
            place = places[choice.index]
            out.append(Prediction(True, (place.start_char, place.end_char), place.text))
    return out


def _article(record: LocationRecord) -> Article | None:
    from newsevents.ingest import read_text

    try:
        return read_text(record.text, source_path=f"record-{record.id}")
    except InputError:
        return None


def extract(records: Sequence[LocationRecord]) -> list[ArticleResult | None]:
    """Extraction results per record (None where the text is not an article)."""
    from newsevents.extract.article import extract_many

    articles = [_article(r) for r in records]
    results = iter(extract_many(a for a in articles if a is not None))
    return [next(results) if a is not None else None for a in articles]


def run(options: EvalOptions) -> EvalReport:
    """Evaluate which place our events are located at against the gold location mentions."""
    started = time.perf_counter()
    split = options.split.lower()
    path = data_path(options.data)
    in_split("", split)  # reject an unknown split before reading the file
    records = [r for r in read_records(path) if in_split(r.id, split)]
    if options.limit is not None and options.limit < len(records):
        records = random.Random(options.seed).sample(records, options.limit)
    given = locate_given_verbs(records)
    preds = [predict(r, res) for r, res in zip(records, extract(records), strict=True)]
    scores = score(records, given, preds)
    if options.predictions_out is not None:
        with Path(options.predictions_out).open("w", encoding="utf-8") as out:
            for rec, g, pred in zip(records, given, preds, strict=True):
                row = {
                    "id": rec.id,
                    "gold": [rec.text[s:e] for s, e in rec.locations],
                    "location": g.location_text,
                    "location_span": g.location,
                    "correct": g.event_found and is_correct(rec, g),
                    "pipeline_event_found": pred.event_found,
                    "pipeline_location": pred.location_text,
                    "pipeline_correct": pred.event_found and is_correct(rec, pred),
                }
                out.write(json.dumps(row) + "\n")
    details = {
        "split_rule": f"dev = sha1(_id) % {DEV_MODULUS} == 0",
        "n_with_gold_location": sum(1 for r in records if r.locations),
    }
    return EvalReport(DATASET, split, len(records), scores, details, time.perf_counter() - started)
