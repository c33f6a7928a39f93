"""Geoparsing evaluation on LGL, TR-News and GeoVirus: toponym spans and their coordinates.

``--data DIR`` is the folder of Gritta et al.'s corpora; ``--split`` names the corpus:
``lgl`` (``DIR/lgl.xml``), ``tr-news`` (``DIR/TR-News.xml``), ``geovirus``
(``DIR/GeoVirus.xml``); ``dev`` means ``lgl`` (local US news, the corpus Mordecai 3
reports on). LGL and TR-News mark ``<toponym>`` elements (``start``, ``end``, ``phrase``
and a ``gaztag`` with ``lat``/``lon``); GeoVirus marks ``<location>`` elements (``name``,
``start``, ``end``, ``lat``, ``lon``). Toponyms without coordinates count for the span
scores only.

Predicted toponyms (every place mention, not only event locations) come from
:func:`newsevents.nlp.places.find_toponyms`: the GPE, LOC and FAC entities of the NLP
pipeline, demonyms of countries and states ("Russian"), which these corpora annotate as
toponyms, and known place names inside or instead of other entities. Their coordinates come from the
project's geocoder (:func:`newsevents.resolve.places.resolve_mentions`), which ranks the
gazetteer's candidates with the rest of the article as context.

Scores (percentages, except the km figures; see :mod:`newsevents.evaluate.scorers.geo`):

* ``toponym_p/r/f1``: exact span match; ``toponym_overlap_p/r/f1``: any overlap, one-to-one;
* ``acc161``: share of ALL gold toponyms with coordinates whose aligned prediction (exact
  match, else overlap) lies within 161 km (missed toponyms count as wrong);
* ``acc161_matched``, ``median_error_km`` (km, not a percentage), ``auc`` (Gritta's AUC
  times 100, lower is better): over gold toponyms that were aligned
  with a prediction, an unresolved prediction counting as the maximum error 20,039 km.
  This follows Gritta et al., who score geocoding on the toponyms a system recognised and
  give unresolved ones the largest error.
* ``acc161_gold_names``, ``median_error_km_gold_names``: the resolution step alone, given
  the annotated place names (every gold toponym with coordinates is resolved by the same
  geocoder, with the article as context; unresolved ones count as the maximum error). This
  is how Mordecai 3 reports its accuracy ("conditional on the place name being found
  correctly"), so it is the figure to compare with its 82.7 % on LGL.

``--limit N`` takes a seeded random sample of N articles (the files are grouped by
source). ``--predictions-out`` writes one JSON line per article with its predicted
toponyms (there is no published scorer input format).
"""

from __future__ import annotations

import json
import random
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsevents.errors import InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport
from newsevents.evaluate.scorers.geo import (
    MAX_ERROR_KM,
    accuracy_at,
    error_auc,
    exact_prf,
    haversine_km,
    match_spans,
    median_error,
    overlap_prf,
)

DATASET = "geoparsing"
#: Split name -> corpus file in the dataset folder.
SPLIT_FILES = {
    "dev": "lgl.xml",
    "lgl": "lgl.xml",
    "tr-news": "TR-News.xml",
    "geovirus": "GeoVirus.xml",
}
#: Entity labels taken as toponyms.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Toponym:
    """A place mention, with coordinates when known."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class GeoDoc:
    """One article with its gold toponyms."""

    id: str
    text: str
    toponyms: tuple[Toponym, ...]


def split_path(data: Path, split: str) -> Path:
    """The corpus file of ``split``; ``NewsEventsError`` naming it when it is missing."""
    name = SPLIT_FILES.get(split.lower())
    if name is None:
        raise NewsEventsError(
            f"geoparsing split {split!r} unknown: expected one of {sorted(SPLIT_FILES)} "
            f"(files {sorted(set(SPLIT_FILES.values()))} in {data})"
        )
    path = Path(data) / name
    if not path.is_file():
        raise NewsEventsError(f"geoparsing split {split!r} not found: expected {path}")
    return path


def _float(node: ET.Element | None, tag: str) -> float | None:
    if node is None:
        return None
    text = node.findtext(tag)
    try:
        return float(text) if text is not None and text.strip() else None
    except ValueError:
        return None


def _toponym(node: ET.Element, text: str) -> Toponym | None:
    start, end = node.findtext("start"), node.findtext("end")
    if start is None or end is None:
        return None
    s, e = int(start), int(end)
    # GeoVirus counts offsets from 1 (its "start" is one past the first character); where
    # the text at the offsets is not the annotated name, look one or two characters away.
    name = node.findtext("name") or node.findtext("phrase")
    if name and text[s:e] != name:
        shift = next((d for d in (-1, 1, -2, 2) if text[s + d : e + d] == name), 0)
        s, e = s + shift, e + shift
    coords = node.find("gaztag") if node.tag == "toponym" else node
    return Toponym(s, e, text[s:e], _float(coords, "lat"), _float(coords, "lon"))


def read_corpus(path: Path) -> list[GeoDoc]:
    """Read an LGL/TR-News (``<toponym>``) or GeoVirus (``<location>``) XML corpus."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(str(path), f"cannot read XML: {exc}") from exc
    docs = []
    for n, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        nodes = [*article.iter("toponym"), *article.iter("location")]
        tops = tuple(t for node in nodes if (t := _toponym(node, text)) is not None)
        docs.append(GeoDoc(article.get("docid") or str(n), text, tops))
    return docs


def predict_toponyms(texts: Sequence[str]) -> list[list[Toponym]]:
    """Toponyms of each text (:func:`newsevents.nlp.places.find_toponyms`), resolved
    together with the article as context."""
    from newsevents.nlp.pipeline import parse_many
    from newsevents.nlp.places import find_toponyms
    from newsevents.resolve.places import resolve_mentions

    out = []
    for doc in parse_many(texts):
        spans = find_toponyms(doc)
        resolved = resolve_mentions([doc.text[s:e] for s, e in spans], doc.text)
        tops = []
        for (s, e), res in zip(spans, resolved, strict=True):
            lat, lon = (res.lat, res.lon) if res is not None else (None, None)
            tops.append(Toponym(s, e, doc.text[s:e], lat, lon))
        out.append(tops)
    return out


def gold_name_errors(docs: Sequence[GeoDoc]) -> list[float]:
    """Km error of resolving each located gold toponym by its annotated name."""
    from newsevents.resolve.places import resolve_mentions

    errors: list[float] = []
    for doc in docs:
        located = [g for g in doc.toponyms if g.lat is not None and g.lon is not None]
        resolved = resolve_mentions([doc.text[g.start : g.end] for g in located], doc.text)
        for g, res in zip(located, resolved, strict=True):
            if res is None or res.lat is None or res.lon is None or g.lat is None or g.lon is None:
                errors.append(MAX_ERROR_KM)
            else:
                errors.append(haversine_km(g.lat, g.lon, res.lat, res.lon))
    return errors


def geocoding_errors(gold: Sequence[Toponym], pred: Sequence[Toponym]) -> list[float | None]:
    """Per located gold toponym: km error, MAX_ERROR_KM if unresolved, None if missed."""
    located = [g for g in gold if g.lat is not None and g.lon is not None]
    alignment = match_spans([(g.start, g.end) for g in located], [(p.start, p.end) for p in pred])
    errors: list[float | None] = []
    for i, g in enumerate(located):
        j = alignment.get(i)
        if j is None:
            errors.append(None)
            continue
        p = pred[j]
        if p.lat is None or p.lon is None or g.lat is None or g.lon is None:
            errors.append(MAX_ERROR_KM)
        else:
            errors.append(haversine_km(g.lat, g.lon, p.lat, p.lon))
    return errors


def score(
    golds: Sequence[Sequence[Toponym]], preds: Sequence[Sequence[Toponym]]
) -> dict[str, float]:
    """Corpus scores (see the module docstring) from per-document gold and predictions."""
    exact = [
        exact_prf([(g.start, g.end) for g in gold], [(p.start, p.end) for p in pred])
        for gold, pred in zip(golds, preds, strict=True)
    ]
    overlap = [
        overlap_prf([(g.start, g.end) for g in gold], [(p.start, p.end) for p in pred])
        for gold, pred in zip(golds, preds, strict=True)
    ]
    all_errors = [e for g, p in zip(golds, preds, strict=True) for e in geocoding_errors(g, p)]
    matched = [e for e in all_errors if e is not None]
    scores: dict[str, float] = {}
    for prefix, parts in (("toponym", exact), ("toponym_overlap", overlap)):
        tp = sum(x.tp for x in parts)
        n_pred = sum(x.n_pred for x in parts)
        n_gold = sum(x.n_gold for x in parts)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        scores[f"{prefix}_p"] = 100 * p
        scores[f"{prefix}_r"] = 100 * r
        scores[f"{prefix}_f1"] = 100 * (2 * p * r / (p + r) if p + r else 0.0)
    hits = sum(1 for e in matched if e <= 161.0)
    scores["acc161"] = 100 * hits / len(all_errors) if all_errors else 0.0
    scores["acc161_matched"] = 100 * accuracy_at(matched)
    scores["median_error_km"] = median_error(matched)
    scores["auc"] = 100 * error_auc(matched)
    return scores


def run(options: EvalOptions) -> EvalReport:
    """Evaluate toponym recognition and baseline resolution on one corpus."""
    started = time.perf_counter()
    split = options.split.lower()
    docs = read_corpus(split_path(options.data, split))
    if options.limit is not None and options.limit < len(docs):
        docs = random.Random(options.seed).sample(docs, options.limit)
    preds = predict_toponyms([d.text for d in docs])
    golds = [d.toponyms for d in docs]
    scores = score(golds, preds)
    given = gold_name_errors(docs)
    scores["acc161_gold_names"] = 100 * accuracy_at(given)
    scores["median_error_km_gold_names"] = median_error(given)
    if options.predictions_out is not None:
        with Path(options.predictions_out).open("w", encoding="utf-8") as out:
            for doc, pred in zip(docs, preds, strict=True):
                rows = [vars(t) for t in pred]
                out.write(json.dumps({"id": doc.id, "toponyms": rows}) + "\n")
    details: dict[str, Any] = {
        "corpus": SPLIT_FILES[split],
        "n_gold_toponyms": sum(len(g) for g in golds),
        "n_pred_toponyms": sum(len(p) for p in preds),
        "resolver": "newsevents.resolve.places (gazetteer + article context)",
    }
    return EvalReport(DATASET, split, len(docs), scores, details, time.perf_counter() - started)
