"""coder-gold evaluation: whole incidents (type, actors, place, date, counts, modality).

Reads JSON-lines files of incident codings (the coder-gold format: one article per line
with its ``text``, ``published`` date and coded ``events``, see that data set's README),
extracts events from each article's text (``title=None``: the text already holds any
title, and every gold offset refers to it) and scores them with
:mod:`newsevents.evaluate.scorers.incidents`: event precision, recall and F1 over core
incidents, overall and per pool, the events found on articles without a core incident,
per-field accuracy over matched core pairs, and the calibration of the events' confidence.

``--split dev`` and ``--split test`` read ``DIR/dev.jsonl`` and ``DIR/test.jsonl``;
``--split all`` reads every ``*.jsonl`` in ``DIR``. ``--limit N`` takes a seeded random
sample of N articles; ``--min-confidence X`` drops system events of lower confidence;
``--predictions-out F`` writes, per article, the system events and the matching kept.

How our actor kinds and modalities read in the gold's vocabulary is data:
``evaluate/mappings/coder.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newsevents.errors import DataFileError, InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport
from newsevents.evaluate.scorers.calibration import Calibration, calibration
from newsevents.evaluate.scorers.incidents import (
    COUNT_CATEGORIES,
    ArticleMatch,
    DateRange,
    GoldEvent,
    GoldMention,
    GoldPlace,
    IncidentScores,
    ScoredArticle,
    SystemEvent,
    SystemMention,
    SystemPlace,
    field_checks,
    field_values,
    score,
)
from newsevents.model import ActorKind, Article, Event, Modality, PlaceMention, Role, RoleType
from newsevents.ontology.datafiles import load_model

DATASET = "coder"
MAPPING_FILE = Path(__file__).resolve().parent / "mappings" / "coder.yaml"

#: The actor kinds of the coder-gold codings.
GOLD_KINDS = frozenset(
    {"state", "rebel", "militia", "identity", "political", "protesters", "rioters"}
    | {"civilian", "external", "criminal", "property", "unknown"}
)
#: The modalities of the coder-gold codings.
GOLD_MODALITIES = frozenset(
    {"asserted", "alleged", "claimed", "denied", "negated", "hypothetical", "threatened"}
    | {"planned"}
)

# Roles read as the gold's perpetrators: the perpetrator, else the doer of an event without
# one (protesters are the "actor" of a protest); and as its targets.
_AGENT_ROLES = (RoleType.perpetrator, RoleType.actor)
_TARGET_ROLES = frozenset({RoleType.target, RoleType.victim, RoleType.detainee})


# -- the mapping file ---------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Territory(_Strict):
    """Where the gold places a territory that has a country code of its own."""

    country: str = Field(pattern="^[A-Z]{3}$")
    admin1: str


class CoderMapping(_Strict):
    """The whole ``coder.yaml`` file."""

    actor_kinds: dict[ActorKind, frozenset[str]]
    modalities: dict[Modality, str] = Field(default_factory=dict)
    territories: dict[str, Territory] = Field(default_factory=dict)

    @field_validator("actor_kinds")
    @classmethod
    def _gold_kinds(cls, kinds: dict[ActorKind, frozenset[str]]) -> dict[ActorKind, frozenset[str]]:
        for kind, gold in kinds.items():
            unknown = sorted(gold - GOLD_KINDS)
            if unknown or not gold:
                raise ValueError(
                    f"{kind.value}: {unknown or 'no kind'}; expected some of {sorted(GOLD_KINDS)}"
                )
        return kinds

    @field_validator("modalities")
    @classmethod
    def _gold_modalities(cls, modalities: dict[Modality, str]) -> dict[Modality, str]:
        for ours, gold in modalities.items():
            if gold not in GOLD_MODALITIES:
                raise ValueError(f"{ours.value}: {gold!r} is not a coder-gold modality")
        return modalities


@functools.cache
def load_mapping(path: Path = MAPPING_FILE) -> CoderMapping:
    """Read and validate the mapping file; ``DataFileError`` when it is bad."""
    mapping = load_model(path, CoderMapping)
    missing = sorted(k.value for k in set(ActorKind) - set(mapping.actor_kinds))
    if missing:
        raise DataFileError(str(path), f"actor_kinds: no gold kinds for {missing}")
    unmapped = sorted(
        m.value for m in Modality if m not in mapping.modalities and m.value not in GOLD_MODALITIES
    )
    if unmapped:
        raise DataFileError(str(path), f"modalities: no coder-gold modality for {unmapped}")
    return mapping


# -- reading the gold ---------------------------------------------------------------------


class _Loose(BaseModel):
    # Fields the scorer does not use (claimed_by, according_to, notes...) may come and go.
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Offsets(_Loose):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class _Mention(_Loose):
    text: str
    start: int | None = None
    end: int | None = None
    kind: str | None = None


class _Place(_Loose):
    text: str | None = None
    start: int | None = None
    end: int | None = None
    country_iso3: str | None = None
    admin1: str | None = None


class _Date(_Loose):
    start: dt.date | None = None
    end: dt.date | None = None
    precision: str | None = None


class _Counts(_Loose):
    killed: int | None = Field(default=None, ge=0)
    injured: int | None = Field(default=None, ge=0)
    kidnapped: int | None = Field(default=None, ge=0)
    arrested: int | None = Field(default=None, ge=0)


class _GoldEvent(_Loose):
    id: str
    core: bool
    plover_type: str
    plover_mode: str | None = None
    acled_sub_event_type: str | None = None
    perpetrators: list[_Mention] = Field(default_factory=list)
    targets: list[_Mention] = Field(default_factory=list)
    place: _Place | None = None
    date: _Date | None = None
    counts: _Counts = _Counts()
    modality: str
    evidence: list[_Offsets] = Field(min_length=1)
    mergeable_with: list[str] = Field(default_factory=list)


class _GoldArticle(_Loose):
    doc_id: str
    pool: str
    published: dt.date | None = None
    text: str
    events: list[_GoldEvent]


@dataclass(frozen=True)
class CoderItem:
    """One article: what the extractor reads, and the gold incidents."""

    article: Article
    pool: str
    gold: tuple[GoldEvent, ...]


def split_paths(data: Path, split: str) -> list[Path]:
    """The files of ``split`` (``all``: every ``*.jsonl``); ``NewsEventsError`` when none."""
    folder = Path(data)
    if split == "all":
        paths = sorted(folder.glob("*.jsonl"))
        if not paths:
            raise NewsEventsError(f"coder-gold: no *.jsonl file in {folder}")
        return paths
    path = folder / f"{split}.jsonl"
    if not path.is_file():
        present = ", ".join(p.stem for p in sorted(folder.glob("*.jsonl"))) or "none"
        raise NewsEventsError(
            f"coder-gold split {split!r} not found: expected {path} (splits present: {present})"
        )
    return [path]


def _gold_event(event: _GoldEvent) -> GoldEvent:
    place = event.place
    date = event.date
    return GoldEvent(
        id=event.id,
        core=event.core,
        plover_type=event.plover_type,
        mode=event.plover_mode,
        acled_sub_event_type=event.acled_sub_event_type,
        perpetrators=tuple(GoldMention(m.text, m.start, m.end, m.kind) for m in event.perpetrators),
        targets=tuple(GoldMention(m.text, m.start, m.end, m.kind) for m in event.targets),
        place=None
        if place is None
        else GoldPlace(place.text, place.start, place.end, place.country_iso3, place.admin1),
        date=None if date is None else DateRange(date.start, date.end, date.precision),
        counts={c: getattr(event.counts, c) for c in COUNT_CATEGORIES},
        modality=event.modality,
        evidence=tuple((e.start, e.end) for e in event.evidence),
        mergeable_with=tuple(event.mergeable_with),
    )


def _check(record: _GoldArticle) -> str | None:
    """What is wrong with a record's offsets or event ids, or None."""
    ids = {e.id for e in record.events}
    if len(ids) != len(record.events):
        return "duplicate event ids"
    size = len(record.text)
    for event in record.events:
        spans = [(e.start, e.end) for e in event.evidence]
        spans += [
            (m.start, m.end)
            for m in [*event.perpetrators, *event.targets, event.place]
            if m is not None and m.start is not None and m.end is not None
        ]
        if any(not 0 <= start <= end <= size for start, end in spans):
            return f"event {event.id}: an offset lies outside the text ({size} characters)"
        if set(event.mergeable_with) - ids:
            return f"event {event.id}: mergeable_with names an unknown event"
    return None


def read_items(path: Path) -> list[CoderItem]:
    """Read one coder-gold file; ``InputError`` naming the line of any bad record."""
    from newsevents.evaluate.base import read_jsonl_objects

    items = []
    for number, raw in enumerate(read_jsonl_objects(path), 1):
        try:
            record = _GoldArticle.model_validate(raw)
        except ValidationError as exc:
            raise InputError(str(path), f"record {number}: {_first_error(exc)}") from exc
        problem = _check(record)
        if problem is not None:
            raise InputError(str(path), f"record {number} ({record.doc_id}): {problem}")
        article = Article(
            id=record.doc_id, text=record.text, published=record.published, title=None
        )
        gold = tuple(_gold_event(e) for e in record.events)
        items.append(CoderItem(article, record.pool, gold))
    return items


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "(top level)"
    return f"{where}: {err['msg']}"


# -- our events in the gold's vocabulary ---------------------------------------------------


def _actor_kind(role: Role) -> ActorKind:
    """The role's kind; a person takes the kind of their known organisation, or of the
    agent their description names ("Judge Jane Doe")."""
    if role.kind in (ActorKind.person, ActorKind.unknown) and role.affiliation_id:
        from newsevents.resolve.actors import load_kb

        kind = load_kb().kind_of(role.affiliation_id)
        if kind is not None:
            return kind
    return role.kind


def _mention(role: Role, mapping: CoderMapping) -> SystemMention:
    spans = tuple((s.start, s.end) for s in role.spans)
    return SystemMention(role.text, spans, mapping.actor_kinds[_actor_kind(role)])


def _place(place: PlaceMention, mapping: CoderMapping) -> SystemPlace:
    """A place in the gold's terms: a resolved first-level unit ("region" precision, no
    admin1 of its own) is its own admin1; a territory with a code of its own is a unit of
    the country the gold places it in."""
    country, admin1 = place.country_iso3, place.admin1
    if admin1 is None and place.precision == "region":
        admin1 = place.name
    territory = mapping.territories.get(country or "")
    if territory is not None:
        country, admin1 = territory.country, admin1 or territory.admin1
    spans = tuple((s.start, s.end) for s in place.spans)
    return SystemPlace(place.text, spans, country, admin1)


def system_event(event: Event, mapping: CoderMapping) -> SystemEvent:
    """One extracted event as the incident scorer reads it.

    Perpetrators are its perpetrator roles, else its actor roles; targets its target,
    victim and detainee roles. Its places come with the ones marked as the event's
    location first. A count category without a Count is null.
    """
    agents: list[Role] = []
    for role_type in _AGENT_ROLES:
        agents = agents or event.roles_of(role_type)
    places = sorted(event.places, key=lambda p: not p.is_event_location)
    time_ref = event.time
    triggers = list(dict.fromkeys(t.text for t in event.triggers))
    return SystemEvent(
        id=event.id,
        plover_type=event.event_type,
        mode=event.mode,
        acled_sub_event_type=event.acled_sub_event_type,
        sentences=tuple((s.start, s.end) for s in event.sentences),
        triggers=tuple((t.start, t.end) for t in event.triggers),
        trigger_text=" / ".join(triggers),
        perpetrators=tuple(_mention(r, mapping) for r in agents),
        targets=tuple(_mention(r, mapping) for r in event.roles if r.role in _TARGET_ROLES),
        places=tuple(_place(p, mapping) for p in places),
        date=None
        if time_ref is None
        else DateRange(time_ref.start, time_ref.end, time_ref.precision.value),
        counts={
            c: (count.best if (count := getattr(event, c)) is not None else None)
            for c in COUNT_CATEGORIES
        },
        modality=mapping.modalities.get(event.modality, event.modality.value),
        confidence=event.confidence,
    )


# -- reporting ----------------------------------------------------------------------------


def _sample(items: list[CoderItem], limit: int | None, seed: int) -> list[CoderItem]:
    if limit is None or limit >= len(items):
        return items
    keep = sorted(random.Random(seed).sample(range(len(items)), limit))
    return [items[i] for i in keep]


def report_scores(scores: IncidentScores, calib: Calibration | None) -> dict[str, float]:
    """The flat metric names of the report (percentages, but for the event count)."""
    out: dict[str, float] = {
        "precision": scores.overall.precision,
        "recall": scores.overall.recall,
        "f1": scores.overall.f1,
    }
    for pool, tally in scores.by_pool.items():
        out[f"{pool}.precision"] = tally.precision
        out[f"{pool}.recall"] = tally.recall
        out[f"{pool}.f1"] = tally.f1
    out["no_core_system_events"] = float(scores.no_core_system_events)
    for name in scores.fields:
        value = scores.accuracy(name)
        if value is not None:
            out[f"{name}_acc"] = value
    if calib is not None and calib.n:
        out["confidence_ece"] = 100.0 * calib.ece
    return out


def _disagreements(system: SystemEvent, gold: GoldEvent) -> list[dict[str, str]]:
    """The fields of a matched core pair that disagree, with both sides' values (the
    within-10 % count checks are left out: their plain count says the same)."""
    out = []
    for name, ok in field_checks(system, gold).items():
        if ok or name.endswith("_10pct"):
            continue
        said, coded = field_values(system, gold, name)
        out.append({"field": name, "system": said, "gold": coded})
    return out


def _article_listing(match: ArticleMatch, item: CoderItem) -> dict[str, Any]:
    by_gold = {g.id: p for p in match.pairs for g in p.gold}
    gold = []
    for event in item.gold:
        pair = by_gold.get(event.id)
        gold.append(
            {
                "id": event.id,
                "core": event.core,
                "type": event.plover_type,
                "system": None if pair is None else pair.system.id,
                "system_type": None if pair is None else pair.system.plover_type,
                "system_trigger": None if pair is None else pair.system.trigger_text,
                "merged": pair is not None and len(pair.gold) > 1,
                "disagreements": []
                if pair is None or not event.core
                else _disagreements(pair.system, event),
            }
        )
    return {
        "doc_id": match.doc_id,
        "pool": match.pool,
        "gold": gold,
        "false_positives": [
            {
                "id": s.id,
                "type": s.plover_type,
                "trigger": s.trigger_text,
                "confidence": s.confidence,
            }
            for s in match.false_positives
        ],
    }


def _details(
    items: Sequence[CoderItem],
    scores: IncidentScores,
    calib: Calibration | None,
    min_confidence: float | None,
) -> dict[str, Any]:
    return {
        "tp": scores.overall.tp,
        "fp": scores.overall.fp,
        "fn": scores.overall.fn,
        "neutral": scores.neutral,
        "n_core": scores.overall.tp + scores.overall.fn,
        "n_system_events": sum(len(m.pairs) + m.fp for m in scores.matches),
        "no_core_articles": scores.no_core_articles,
        "min_confidence": min_confidence,
        "pools": {pool: {"tp": t.tp, "fp": t.fp, "fn": t.fn} for pool, t in scores.by_pool.items()},
        "fields": {name: list(counts) for name, counts in scores.fields.items()},
        "calibration": None if calib is None else calib.to_dict(),
        "articles": [
            _article_listing(m, item) for m, item in zip(scores.matches, items, strict=True)
        ],
    }


def format_details(report: EvalReport) -> str:
    """Per-article listing (each gold incident and the system event matched to it, then the
    unmatched system events), field accuracies with their counts, and the reliability
    table: the text of ``newsevents eval coder --details``."""
    details = report.details
    lines: list[str] = []
    for article in details.get("articles", []):
        lines.append(f"{article['doc_id']} ({article['pool']})")
        for gold in article["gold"]:
            kind = "core" if gold["core"] else "opt "
            if gold["system"] is None:
                found = "-- missed" if gold["core"] else "--"
            else:
                merged = " (merged group)" if gold["merged"] else ""
                found = (
                    f'-> {gold["system"]} {gold["system_type"]} "{gold["system_trigger"]}"{merged}'
                )
            lines.append(f"  {gold['id']:<4} {kind} {gold['type']:<9} {found}")
            for wrong in gold.get("disagreements", []):
                lines.append(
                    f"         {wrong['field']:<16} system {wrong['system']!r}"
                    f"  gold {wrong['gold']!r}"
                )
        for fp in article["false_positives"]:
            confidence = "" if fp["confidence"] is None else f" conf {fp['confidence']:.2f}"
            lines.append(f'  FP   {fp["id"]} {fp["type"]:<9} "{fp["trigger"]}"{confidence}')
    lines.append("field accuracy over matched core pairs (agreeing / compared)")
    for name, (right, total) in details.get("fields", {}).items():
        lines.append(f"  {name:<18} {right:>3} / {total:<3} {100.0 * right / total:6.1f}")
    calib = details.get("calibration")
    if calib and calib["n"]:
        lines.append(f"confidence reliability ({calib['n']} events, ECE {calib['ece']:.4f})")
        for b in calib["bins"]:
            if b["count"]:
                lines.append(
                    f"  [{b['lower']:.1f}, {b['upper']:.1f})  n={b['count']:<4}"
                    f" conf {b['mean_confidence']:.3f}  accuracy {b['accuracy']:.3f}"
                )
    return "\n".join(lines)


def _write_predictions(
    path: Path,
    items: Sequence[CoderItem],
    events: Sequence[Sequence[Event]],
    scores: IncidentScores,
) -> None:
    with Path(path).open("w", encoding="utf-8") as out:
        for item, found, match in zip(items, events, scores.matches, strict=True):
            row = {
                "doc_id": item.article.id,
                "pool": item.pool,
                "events": [e.model_dump(mode="json") for e in found],
                "matches": [
                    {"gold": [g.id for g in p.gold], "system": p.system.id} for p in match.pairs
                ],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(options: EvalOptions) -> EvalReport:
    """Evaluate the extractor on coder-gold incident codings."""
    from newsevents.extract.article import extract_many

    started = time.perf_counter()
    mapping = load_mapping()
    items: list[CoderItem] = []
    for path in split_paths(options.data, options.split):
        items.extend(read_items(path))
    items = _sample(items, options.limit, options.seed)
    threshold = options.min_confidence
    events = [
        [e for e in result.events if threshold is None or e.confidence >= threshold]
        for result in extract_many([item.article for item in items])
    ]
    articles = [
        ScoredArticle(
            item.article.id,
            item.pool,
            item.gold,
            tuple(system_event(e, mapping) for e in found),
        )
        for item, found in zip(items, events, strict=True)
    ]
    scores = score(articles)
    calib = calibration([c for c, _ in scores.outcomes], [ok for _, ok in scores.outcomes])
    if options.predictions_out is not None:
        _write_predictions(options.predictions_out, items, events, scores)
    return EvalReport(
        dataset=DATASET,
        split=options.split,
        n_docs=len(items),
        scores=report_scores(scores, calib),
        details=_details(items, scores, calib, threshold),
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "DATASET",
    "GOLD_KINDS",
    "GOLD_MODALITIES",
    "MAPPING_FILE",
    "CoderItem",
    "CoderMapping",
    "format_details",
    "load_mapping",
    "read_items",
    "report_scores",
    "run",
    "split_paths",
    "system_event",
]
