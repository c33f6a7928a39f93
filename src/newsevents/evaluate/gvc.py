"""Incident fusion on the Gun Violence Corpus (GVC) and the GVA document pool.

Both datasets are JSON lines (``DIR/docs.jsonl``): one news article per line with
``doc_id``, ``incident_id`` (the gold incident: a Gun Violence Archive entry), ``title``,
``dct`` (publication date), ``url`` and ``text``. GVC (``gvc``) has a ``split`` field
(``train`` / ``dev``); the SemEval-2018 task 5 pool (``gva-pool``) has ``gvc_split`` for
the documents that are also in GVC. ``--split train|dev`` keeps the documents of that split
(the pool's ``gvc_split``); ``--split all`` keeps every document. The dataset name in the
report follows the file: ``gva-pool`` when its records have no ``split`` field.

Every article is ingested, in order of publication, into a fresh database with the code of
``newsevents ingest`` (extracted, stored, fused into incidents: :func:`incidents_of`), and is
given the incident the store recorded for it (that of its main event,
:mod:`newsevents.fuse.article`; an article without events joins the incident its words and
date point to, or stays alone). The grouping of articles is
scored against the gold incidents with the clustering metrics of
:mod:`newsevents.evaluate.scorers.clustering` (percentages): pairwise same-incident
``pairwise_p/r/f1``, ``muc_*``, ``b3_*``, ``ceafe_*`` and ``conll_f1``, the mean of the MUC,
B3 and CEAF-e F1. Every article is a mention and singleton incidents count (B3 and CEAF-e
reward placing a lone report alone).

``--limit N`` takes a seeded random sample of whole incidents until N articles (the last
incident cut to fit), so that the sample keeps incidents together. ``--predictions-out``
writes one JSON line per article: ``doc_id``, predicted ``incident``, ``gold_incident``,
its main event id, the decision's probability and reasons.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from newsevents.errors import InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport, read_jsonl_objects
from newsevents.evaluate.scorers.clustering import score_clusterings
from newsevents.model import Article, ArticleResult
from newsevents.store.schema import articles as articles_table
from newsevents.store.schema import incidents as incidents_table

if TYPE_CHECKING:
    from newsevents.fuse import Assignment
    from newsevents.store.write import StoreOutcome

DATASET = "gvc"
POOL_DATASET = "gva-pool"
ALL_SPLITS = "all"


@dataclass(frozen=True)
class GoldDoc:
    """One article of the dataset with its gold incident."""

    doc_id: str
    incident_id: str
    split: str | None
    record: dict[str, Any]


@dataclass(frozen=True)
class Placement:
    """Where fusion put one article: the incident of its main event, and why."""

    incident_id: str
    event_id: str
    probability: float | None
    reasons: tuple[str, ...]
    n_events: int


def docs_path(data: Path) -> Path:
    """``DIR/docs.jsonl``; ``NewsEventsError`` naming it when it does not exist."""
    path = Path(data) / "docs.jsonl"
    if not path.is_file():
        raise NewsEventsError(
            f"GVC documents not found: expected {path} (JSON lines with doc_id, incident_id, "
            "title, dct, url, text)"
        )
    return path


def read_docs(path: Path) -> tuple[str, list[GoldDoc]]:
    """The dataset name (``gvc`` or ``gva-pool``) and the documents of ``path``."""
    docs: list[GoldDoc] = []
    pool = False
    for n, item in enumerate(read_jsonl_objects(path), 1):
        try:
            doc_id, incident = str(item["doc_id"]), str(item["incident_id"])
        except KeyError as exc:
            raise InputError(str(path), f"record {n}: missing field {exc}") from exc
        if "split" not in item:
            pool = True
        split = item.get("split", item.get("gvc_split"))
        docs.append(GoldDoc(doc_id, incident, str(split) if split else None, item))
    return (POOL_DATASET if pool else DATASET), docs


def select(docs: Sequence[GoldDoc], split: str) -> list[GoldDoc]:
    """The documents of ``split`` (``all``: every one); an unknown split is an error."""
    if split == ALL_SPLITS:
        return list(docs)
    chosen = [d for d in docs if d.split == split]
    if not chosen:
        found = sorted({d.split for d in docs if d.split})
        raise NewsEventsError(
            f"no document of split {split!r}; splits in the file: {[*found, ALL_SPLITS]}"
        )
    return chosen


def sample_incidents(docs: Sequence[GoldDoc], limit: int, seed: int) -> list[GoldDoc]:
    """A seeded sample of whole incidents, exactly ``limit`` documents (the last incident
    cut to fit), in file order."""
    if limit >= len(docs):
        return list(docs)
    by_incident: dict[str, list[GoldDoc]] = defaultdict(list)
    for d in docs:
        by_incident[d.incident_id].append(d)
    order = sorted(by_incident)
    random.Random(seed).shuffle(order)
    kept: set[str] = set()
    for incident in order:
        for d in by_incident[incident]:
            if len(kept) < limit:
                kept.add(d.doc_id)
    return [d for d in docs if d.doc_id in kept]


def _published(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def article_of(doc: GoldDoc) -> Article:
    """The article of a document; one whose text is empty keeps its title and date, so
    that it is still placed in an incident."""
    from newsevents.ingest.jsonl import article_from_record

    r = doc.record
    record = {
        "id": doc.doc_id,
        "title": r.get("title") or None,
        "url": r.get("url") or None,
        "published": r.get("dct") or None,
        "text": r.get("text") or "",
    }
    try:
        return article_from_record(record, doc.doc_id)
    except InputError:
        title = str(r.get("title") or "")
        return Article(
            id=doc.doc_id,
            url=record["url"],
            title=title or None,
            published=_published(r.get("dct")),
            text=title,
        )


def _sorted_for_ingest(articles: Sequence[Article]) -> list[Article]:
    # News arrives in order of publication: fuse in that order, ties by id.
    return sorted(articles, key=lambda a: (a.published or dt.date.min, a.id))


def incidents_of(
    articles: Sequence[Article], db_url: str | None = None
) -> tuple[dict[str, Placement], dict[str, float]]:
    """Article id -> where fusion placed it, plus timings (seconds per stage).

    The articles are ingested, in order of publication, into a fresh database (a temporary
    SQLite file unless ``db_url`` names an empty one) by the same code as ``newsevents
    ingest``: extracted, stored one transaction each, and fused into the stored incidents.
    Each article's incident is read back from ``articles.incident_id``; an article fused
    into no incident (no event, and nothing it resembles) is an incident of its own.
    """
    from newsevents.store.db import open_database
    from newsevents.store.fuse import state_for
    from newsevents.store.load import ingest_items

    ordered = _sorted_for_ingest(articles)
    decisions: dict[str, Assignment] = {}
    n_events: dict[str, int] = {}

    def keep(assignments: Sequence[Assignment]) -> None:
        for a in assignments:
            if a.main:
                decisions[a.article_id] = a

    def counted(result: ArticleResult, outcome: StoreOutcome) -> None:
        n_events[result.article.id] = outcome.events

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsevents-gvc-") as folder:
        url = db_url or str(Path(folder) / "gvc.db")
        with open_database(url) as db:
            state = state_for(db.engine)
            state.on_assignments = keep
            ingest_items(db, ordered, on_result=counted)
            fusion = state.seconds
            with db.session() as session:
                stored = dict(
                    session.execute(sa.select(articles_table.c.id, articles_table.c.incident_id))
                    .tuples()
                    .all()
                )
                n_incidents = session.execute(
                    sa.select(sa.func.count()).select_from(incidents_table)
                ).scalar_one()
    total = time.perf_counter() - started
    placements: dict[str, Placement] = {}
    for a in ordered:
        incident = stored.get(a.id)
        decision = decisions.get(a.id)
        placements[a.id] = Placement(
            incident_id=str(incident) if incident is not None else f"article:{a.id}",
            event_id=decision.event_id if decision else "",
            probability=decision.probability if decision else None,
            reasons=decision.reasons if decision else (),
            n_events=n_events.get(a.id, 0),
        )
    timings = {
        "extraction_and_storage": total - fusion,
        "fusion": fusion,
        "incidents": float(n_incidents),
    }
    return placements, timings


def score(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """The clustering scores (percentages) of predicted against gold incidents."""
    return score_clusterings(gold, pred).as_percentages()


def _write_predictions(
    path: Path, docs: Sequence[GoldDoc], placements: dict[str, Placement]
) -> None:
    with Path(path).open("w", encoding="utf-8") as out:
        for d in docs:
            p = placements[d.doc_id]
            line = {
                "doc_id": d.doc_id,
                "incident": p.incident_id,
                "gold_incident": d.incident_id,
                "main_event": p.event_id,
                "probability": None if p.probability is None else round(p.probability, 4),
                "reasons": list(p.reasons),
            }
            out.write(json.dumps(line, sort_keys=True) + "\n")


def run(options: EvalOptions) -> EvalReport:
    """Fuse a GVC (or GVA pool) split into incidents and score the grouping of articles."""
    started = time.perf_counter()
    dataset, docs = read_docs(docs_path(options.data))
    docs = select(docs, options.split)
    if options.limit is not None:
        docs = sample_incidents(docs, options.limit, options.seed)
    articles = [article_of(d) for d in docs]
    placements, timings = incidents_of(articles)
    gold = {d.doc_id: d.incident_id for d in docs}
    pred = {d.doc_id: placements[d.doc_id].incident_id for d in docs}
    if options.predictions_out is not None:
        _write_predictions(options.predictions_out, docs, placements)
    details = {
        "gold_incidents": len(set(gold.values())),
        "predicted_incidents": len(set(pred.values())),
        "incidents_in_index": int(timings["incidents"]),
        "articles_without_events": sum(1 for p in placements.values() if p.n_events == 0),
        "extraction_and_storage_seconds": round(timings["extraction_and_storage"], 2),
        "fusion_seconds": round(timings["fusion"], 2),
    }
    return EvalReport(
        dataset=dataset,
        split=options.split,
        n_docs=len(docs),
        scores=score(gold, pred),
        details=details,
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "ALL_SPLITS",
    "DATASET",
    "POOL_DATASET",
    "GoldDoc",
    "Placement",
    "article_of",
    "docs_path",
    "incidents_of",
    "read_docs",
    "run",
    "sample_incidents",
    "score",
    "select",
]
