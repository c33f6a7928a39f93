"""Date, place and toll of each article's main incident against the Gun Violence Archive.

``--data DIR`` is the folder that holds both ``gva-pool/docs.jsonl`` (news articles, one
JSON object a line with ``doc_id``, ``incident_id``, ``title``, ``dct``, ``url``, ``text``)
and ``gva-records/incidents.jsonl`` (the archive's records: ``incident_id``, ``date``,
``state``, ``city_or_county``, ``latitude``, ``longitude``, ``n_killed``, ``n_injured``...;
the READMEs of both folders say more). Only the articles whose incident has a record are
read: 2,947 articles of 1,695 incidents.

Every article is read as :mod:`newsevents.evaluate.gvc` reads the pool (``dct`` is the
publication date that relative dates such as "Sunday" resolve against; an article whose
text is empty keeps its title), run through the extractor, and its main event scored with
:mod:`newsevents.evaluate.scorers.gva_records` (the fields, the shares and the rule that
picks the main event are documented there). The main event is the one the product files
the article under (:func:`newsevents.fuse.article.main_event`: one incident rather than a
sum; asserted rather than denied; ASSAULT first; first mentioned in the lead), because that
is the event whose date, place and toll an analyst reads first. The other rules and the
best of any event are reported in the details beside it.

Splits and samples. The records file is half of the archive's records (the other half is
kept for independent measurement), so it has no split of its own:

* ``--split dev`` (default) scores **one article per incident**, the one of its articles
  with text whose SHA-1 of ``seed:doc_id`` is smallest (stable whatever the sample size),
  so that incidents reported many times do not weigh more. ``--limit N`` takes a seeded
  random sample of N incidents; without it, :data:`DEFAULT_LIMIT` incidents, a run of a
  few minutes.
* ``--split train`` scores one article of each incident outside the default dev sample
  (1,195 incidents; ``--limit N``: a seeded sample of them), the part to study errors on.
* ``--split all`` scores every article of the incidents (``--limit N``: of N sampled
  incidents; without it, all 2,947 articles).

Scores (percentages): ``<field>_acc`` for each field of
:data:`~newsevents.evaluate.scorers.gva_records.FIELDS`, and the shares ``no_event``,
``no_date``, ``no_place``, ``date_from_publication`` and ``count_contradicted``. The
details hold the counts behind each (``[agreeing, compared]``), the same counts for the
other main-event rules and for the best of any event, the denominators of the location
check and, per article, the record, the main event and the fields it gets wrong
(``--details`` prints them). ``--predictions-out F`` writes one JSON line per article: its
events, the main event's id and its checks.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import math
import random
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from newsevents.errors import InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport, read_jsonl_objects
from newsevents.evaluate.gvc import GoldDoc, article_of, read_docs
from newsevents.evaluate.scorers.geo import haversine_km
from newsevents.evaluate.scorers.gva_records import (
    DEFAULT_RULE,
    FIELDS,
    MAIN_RULES,
    SHARES,
    USA,
    ArticleScore,
    GvaArticle,
    GvaEvent,
    GvaPlace,
    GvaRecord,
    GvaScores,
    location_km,
    normalise_place,
    score,
)
from newsevents.model import Event, PlaceMention

DATASET = "gva-records"
POOL_FILE = Path("gva-pool") / "docs.jsonl"
RECORDS_FILE = Path("gva-records") / "incidents.jsonl"
#: Incidents scored by ``--split dev`` without ``--limit``: about two minutes of extraction
#: at four articles a second, four on a machine busy with other work.
DEFAULT_LIMIT = 500
SPLITS = ("dev", "train", "all")


# -- reading ------------------------------------------------------------------------------


def data_paths(data: Path) -> tuple[Path, Path]:
    """The pool's documents and the records under ``data``; ``NewsEventsError`` naming the
    first one missing."""
    folder = Path(data)
    paths = (folder / POOL_FILE, folder / RECORDS_FILE)
    for path in paths:
        if not path.is_file():
            raise NewsEventsError(
                f"gva-records: {path} not found (--data is the folder holding "
                f"{POOL_FILE} and {RECORDS_FILE})"
            )
    return paths


def _int(raw: dict[str, Any], key: str, path: Path, line: int) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InputError(str(path), f"record {line}: {key} is not a count ({value!r})")
    return int(value)


def _coordinate(value: Any) -> float | None:
    # The archive leaves some points out (null); NaN is the same in its pandas origin.
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def read_records(path: Path) -> dict[str, GvaRecord]:
    """The archive's records by incident id; ``InputError`` naming a bad record."""
    out: dict[str, GvaRecord] = {}
    for line, raw in enumerate(read_jsonl_objects(path), 1):
        try:
            incident = str(raw["incident_id"])
            date = dt.date.fromisoformat(str(raw["date"])[:10])
            state, place = str(raw["state"]), str(raw.get("city_or_county") or "")
        except KeyError as exc:
            raise InputError(str(path), f"record {line}: missing field {exc}") from exc
        except ValueError as exc:
            raise InputError(str(path), f"record {line}: bad date ({exc})") from exc
        out[incident] = GvaRecord(
            incident_id=incident,
            date=date,
            state=state,
            city_or_county=place,
            latitude=_coordinate(raw.get("latitude")),
            longitude=_coordinate(raw.get("longitude")),
            killed=_int(raw, "n_killed", path, line),
            injured=_int(raw, "n_injured", path, line),
            address=str(raw["address"]) if raw.get("address") is not None else None,
            arrested=_arrested(raw),
        )
    return out


def _arrested(raw: dict[str, Any]) -> int:
    """How many of the record's participants the archive lists as arrested."""
    people = raw.get("participants") or []
    return sum(
        1
        for p in people
        if isinstance(p, dict) and "arrested" in str(p.get("Status") or "").lower()
    )


def _rank(seed: int, doc_id: str) -> str:
    return hashlib.sha1(f"{seed}:{doc_id}".encode()).hexdigest()


def select(
    docs: Sequence[GoldDoc],
    records: Mapping[str, GvaRecord],
    split: str,
    limit: int | None,
    seed: int,
) -> list[GoldDoc]:
    """The articles to score, in file order (see the module docstring for the rules); an
    article the pool files under two incidents is scored once against each record."""
    if split not in SPLITS:
        raise NewsEventsError(
            f"gva-records has no split {split!r}: its records are one held-out half of the "
            f"archive's; use one of {list(SPLITS)}"
        )
    by_incident: dict[str, list[GoldDoc]] = defaultdict(list)
    for doc in docs:
        if doc.incident_id in records:
            by_incident[doc.incident_id].append(doc)
    incidents = sorted(by_incident)
    if split == "train":
        # The incidents outside the dev sample: where rules are studied, so that the dev
        # figures stay on articles nobody looked at.
        dev = set(random.Random(seed).sample(incidents, min(DEFAULT_LIMIT, len(incidents))))
        incidents = [i for i in incidents if i not in dev]
    if split == "dev" and limit is None:
        limit = DEFAULT_LIMIT
    if limit is not None and limit < len(incidents):
        incidents = sorted(random.Random(seed).sample(incidents, limit))
    # By article and incident: the pool files a few articles under two incidents.
    chosen: set[tuple[str, str]] = set()
    for incident in incidents:
        group = by_incident[incident]
        if split == "all":
            chosen.update((d.doc_id, incident) for d in group)
            continue
        # An article with text when there is one: an empty one is only its title.
        with_text = [d for d in group if str(d.record.get("text") or "").strip()] or group
        chosen.add((min(with_text, key=lambda d: _rank(seed, d.doc_id)).doc_id, incident))
    return [d for d in docs if (d.doc_id, d.incident_id) in chosen]


# -- the system's events as the scorer reads them ---------------------------------------


@dataclass(frozen=True)
class _Town:
    latitude: float
    longitude: float
    county: str


def _cities_file() -> Path | None:
    # rgeocoder's cities.csv (GeoNames cities1000 with admin1 and admin2 names), read as
    # data as the gazetteer reads it: for places whose record carries no county.
    spec = find_spec("rgeocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "cities.csv"
    return path if path.is_file() else None


@functools.cache
def us_counties() -> dict[tuple[str, str], tuple[_Town, ...]]:
    """US towns by (normalised name, state): their points and counties (empty when the
    data file is not installed)."""
    path = _cities_file()
    out: dict[tuple[str, str], list[_Town]] = defaultdict(list)
    if path is None:
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("cc") != "US" or not row.get("admin2"):
                continue
            key = (normalise_place(row["name"]), row["admin1"])
            out[key].append(_Town(float(row["lat"]), float(row["lon"]), row["admin2"]))
    return {key: tuple(towns) for key, towns in out.items()}


def county_of(place: PlaceMention) -> str | None:
    """The county of a resolved US town: of the towns of its name in its state, the one
    nearest to its point (the first one when it has none)."""
    if place.country_iso3 != USA or not place.admin1 or not place.name:
        return None
    towns = us_counties().get((normalise_place(place.name), place.admin1), ())
    if not towns:
        return None
    lat, lon = place.latitude, place.longitude
    if lat is None or lon is None:
        return towns[0].county
    return min(towns, key=lambda t: haversine_km(lat, lon, t.latitude, t.longitude)).county


def _count(event: Event, category: str) -> int | None:
    count = getattr(event, category)
    if count is None:
        return None
    value: int | None = count.best if count.best is not None else count.low
    return value


def gva_event(event: Event, main: bool) -> GvaEvent:
    """One extracted event as the scorer reads it: its location is its first place marked
    as the event's location."""
    location = next((p for p in event.places if p.is_event_location), None)
    place = None
    if location is not None:
        place = GvaPlace(
            text=location.text,
            name=location.name,
            country=location.country_iso3,
            admin1=location.admin1,
            # The county the system gives the place, else the one its name and state tell.
            admin2=location.admin2 or county_of(location),
            locality=location.locality,
            latitude=location.latitude,
            longitude=location.longitude,
            precision=location.precision,
        )
    time_ref = event.time
    return GvaEvent(
        id=event.id,
        event_type=event.event_type,
        confidence=event.confidence,
        main=main,
        aggregate=event.aggregate,
        trigger=" / ".join(dict.fromkeys(t.text for t in event.triggers)),
        date_start=time_ref.start if time_ref else None,
        date_end=time_ref.end if time_ref else None,
        date_precision=time_ref.precision.value if time_ref else None,
        date_from_publication=time_ref is not None and time_ref.basis.value == "publication",
        place=place,
        killed=_count(event, "killed"),
        injured=_count(event, "injured"),
        arrested=_count(event, "arrested"),
    )


def gva_events(events: Sequence[Event]) -> tuple[GvaEvent, ...]:
    """An article's events, the product's main event flagged."""
    from newsevents.fuse.article import main_event
    from newsevents.fuse.config import load_config

    main = main_event(events, load_config())
    return tuple(gva_event(e, e is main) for e in events)


# -- reporting ----------------------------------------------------------------------------


def report_scores(scores: GvaScores) -> dict[str, float]:
    """The flat metric names of the report (percentages)."""
    out: dict[str, float] = {}
    for name in FIELDS:
        value = scores.accuracy(name)
        if value is not None:
            out[f"{name}_acc"] = value
    for name in SHARES:
        out[name] = scores.share(name)
    return out


def _date_text(event: GvaEvent) -> str:
    if event.date_start is None:
        return "-"
    basis = ", publication" if event.date_from_publication else ""
    return f"{event.date_start} ({event.date_precision}{basis})"


def _place_text(place: GvaPlace | None) -> str:
    if place is None:
        return "-"
    units = ", ".join(u for u in (place.locality, place.admin2, place.admin1, place.country) if u)
    name = place.name if place.name and place.name != place.text else ""
    return f"{place.text}{' = ' + name if name else ''} [{units or place.precision or '?'}]"


def _listing(article: GvaArticle, result: ArticleScore, doc: GoldDoc) -> dict[str, Any]:
    record, main = article.record, result.main
    distance = location_km(main.place, record) if main is not None else None
    return {
        "doc_id": article.doc_id,
        "incident_id": record.incident_id,
        "title": str(doc.record.get("title") or ""),
        "dct": str(doc.record.get("dct") or ""),
        "record": {
            "date": record.date.isoformat(),
            "place": f"{record.city_or_county}, {record.state}",
            "killed": record.killed,
            "injured": record.injured,
            "arrested": record.arrested,
        },
        "n_events": len(article.events),
        "main": None
        if main is None
        else {
            "id": main.id,
            "type": main.event_type,
            "trigger": main.trigger,
            "date": _date_text(main),
            "place": _place_text(main.place),
            "km": None if distance is None else round(distance, 1),
            "killed": main.killed,
            "injured": main.injured,
            "arrested": main.arrested,
        },
        "wrong": result.disagreements(),
        "shares": sorted(name for name, raised in result.shares.items() if raised),
    }


def _details(
    articles: Sequence[GvaArticle],
    docs: Sequence[GoldDoc],
    scores: GvaScores,
    split: str,
) -> dict[str, Any]:
    by_rule = {rule: score(articles, rule).fields for rule in MAIN_RULES if rule != DEFAULT_RULE}
    main_points = sum(
        1
        for a in scores.articles
        if a.main is not None and a.main.place is not None and a.main.place.latitude is not None
    )
    return {
        "rule": DEFAULT_RULE,
        "sample": "one article per incident" if split == "dev" else "every article",
        "incidents": len({a.record.incident_id for a in articles}),
        "fields": scores.fields,
        "any_event": scores.any_event,
        "rules": by_rule,
        "shares": scores.shares,
        "location": {
            "records_with_point": sum(1 for a in articles if a.record.latitude is not None),
            "main_events_with_point": main_points,
            "compared": scores.fields["location_25km"][1],
        },
        "articles": [
            _listing(a, r, d) for a, r, d in zip(articles, scores.articles, docs, strict=True)
        ],
    }


def _ratio(tally: Sequence[int]) -> str:
    right, total = tally
    value = f"{100.0 * right / total:6.1f}" if total else "     -"
    return f"{right:>5} / {total:<5} {value}"


def format_details(report: EvalReport) -> str:
    """Per-article listing (record, main event, fields it gets wrong), then the counts of
    each field for the main event, the other rules and any event: the text of ``newsevents
    eval gva-records --details``."""
    details = report.details
    lines: list[str] = []
    for item in details.get("articles", []):
        record = item["record"]
        lines.append(f"{item['doc_id']} incident {item['incident_id']} (dct {item['dct']})")
        lines.append(f"  title   {item['title'][:100]}")
        lines.append(
            f"  record  {record['date']}  {record['place']}"
            f"  killed {record['killed']} injured {record['injured']}"
            f" arrested {record['arrested']}"
        )
        main = item["main"]
        if main is None:
            lines.append(f"  system  no main event ({item['n_events']} events)")
        else:
            km = "" if main["km"] is None else f" ({main['km']} km)"
            lines.append(
                f"  system  {main['date']}  {main['place']}{km}"
                f"  killed {main['killed']} injured {main['injured']}"
                f" arrested {main['arrested']}"
                f'  [{main["type"]} "{main["trigger"]}", {item["n_events"]} events]'
            )
        if item["wrong"] or item["shares"]:
            lines.append(f"  wrong   {' '.join(item['wrong'])}  {' '.join(item['shares'])}")
    rules = details.get("rules", {})
    header = f"  {'field':<22} {details.get('rule', DEFAULT_RULE) + ' (main)':<24}"
    header += "".join(f"{rule:<24}" for rule in rules) + "any event"
    lines.append("field accuracy (agreeing / compared)")
    lines.append(header)
    for name, tally in details.get("fields", {}).items():
        row = f"  {name:<22} {_ratio(tally):<24}"
        row += "".join(f"{_ratio(table[name]):<24}" for table in rules.values())
        row += _ratio(details["any_event"][name])
        lines.append(row)
    n = report.n_docs
    lines.append(f"shares of the {n} articles")
    for name, count in details.get("shares", {}).items():
        lines.append(f"  {name:<22} {_ratio((count, n))}")
    location = details.get("location")
    if location:
        lines.append(
            f"location: {location['records_with_point']} records with a point, "
            f"{location['main_events_with_point']} main events with one, "
            f"{location['compared']} compared"
        )
    return "\n".join(lines)


def _write_predictions(
    path: Path,
    articles: Sequence[GvaArticle],
    events: Sequence[Sequence[Event]],
    scores: GvaScores,
) -> None:
    with Path(path).open("w", encoding="utf-8") as out:
        for article, found, result in zip(articles, events, scores.articles, strict=True):
            row = {
                "doc_id": article.doc_id,
                "incident_id": article.record.incident_id,
                "main": None if result.main is None else result.main.id,
                "checks": result.checks,
                "events": [e.model_dump(mode="json") for e in found],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(options: EvalOptions) -> EvalReport:
    """Score the main incident of GVA pool articles against the archive's records, and
    count the checks every event fails (:mod:`newsevents.evaluate.scorers.sanity`)."""
    from newsevents.evaluate.scorers.sanity import CHECKS, violations
    from newsevents.extract.article import extract_many

    started = time.perf_counter()
    pool_path, records_path = data_paths(options.data)
    records = read_records(records_path)
    _, docs = read_docs(pool_path)
    docs = select(docs, records, options.split, options.limit, options.seed)
    events = [list(r.events) for r in extract_many([article_of(d) for d in docs])]
    articles = [
        GvaArticle(d.doc_id, records[d.incident_id], gva_events(found))
        for d, found in zip(docs, events, strict=True)
    ]
    scores = score(articles)
    if options.predictions_out is not None:
        _write_predictions(options.predictions_out, articles, events, scores)
    texts = [article_of(d) for d in docs]
    found = [
        (a.id, v)
        for a, evs in zip(texts, events, strict=True)
        for v in violations(evs, a.text, a.published)
    ]
    details = _details(articles, docs, scores, options.split)
    details["violations"] = [f"{doc}: {v.check}: {v.detail}" for doc, v in found]
    return EvalReport(
        dataset=DATASET,
        split=options.split,
        n_docs=len(articles),
        # Counts, not percentages: every one is an error an analyst sees at once.
        scores=report_scores(scores)
        | {f"violations_{c}": float(sum(v.check == c for _, v in found)) for c in CHECKS},
        details=details,
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "DATASET",
    "DEFAULT_LIMIT",
    "SPLITS",
    "county_of",
    "data_paths",
    "format_details",
    "gva_event",
    "gva_events",
    "read_records",
    "report_scores",
    "run",
    "select",
    "us_counties",
]
