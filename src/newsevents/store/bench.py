"""The database benchmark behind ``newsevents bench store``.

It synthesises N events by varying real extracted events (new ids, dates, places, counts,
and perpetrators drawn from the actor knowledge base with a long-tailed frequency, so some
actors are common and most are rare, as in news), stores them article by article through
the same code path as ``newsevents ingest`` (one transaction per article), and reports the
insert rate (storing time only: synthesis is not timed), the time of filtered queries, and
the size of the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from newsevents.model import ArticleResult, Count, Event, PlaceMention, RoleType, TimeRef
from newsevents.store.db import Database, analyse, sqlite_path
from newsevents.store.query import EventFilter, query_events, resolve_actor_ids
from newsevents.store.write import StoreOutcome, store_article, store_articles

FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 11 * 365
_OUTLETS = ("Reuters", "AFP", "AP", "Xinhua", "Anadolu", "BBC", "Al Jazeera", "Dawn")
_AGENT_ROLES = (RoleType.perpetrator, RoleType.actor, RoleType.claimant)


@dataclass(frozen=True)
class PoolActor:
    """An actor the synthetic events can name as perpetrator."""

    id: str
    name: str
    kind: str


def kb_actor_pool(size: int = 1000, seed: int = 0) -> list[PoolActor]:
    """``size`` actors from the knowledge base, in a seeded random order (the frequency rank)."""
    from newsevents.resolve.actors import load_kb

    actors = sorted(load_kb(), key=lambda a: a.id)
    picked = random.Random(seed).sample(actors, min(size, len(actors)))
    return [PoolActor(a.id, a.name, a.kind.value) for a in picked]


def _hex_id(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:16]


class Synthesiser:
    """Varied copies of template articles' events, reproducible from a seed."""

    def __init__(
        self, templates: Sequence[ArticleResult], pool: Sequence[PoolActor], seed: int = 0
    ) -> None:
        self.templates = [t for t in templates if t.events]
        if not self.templates:
            raise ValueError("no template article has an event to vary")
        self.pool = list(pool)
        self.rng = random.Random(seed)
        # Zipf-like: the actor of rank r is named with weight 1 / (r + 1).
        self.weights = [1.0 / (r + 1) for r in range(len(self.pool))]
        self.seed = seed

    def _actor(self) -> PoolActor:
        return self.rng.choices(self.pool, weights=self.weights)[0]

    def _place(self, place: PlaceMention) -> PlaceMention:
        if not place.is_event_location:
            return place
        rng = self.rng
        return place.model_copy(
            update={
                "latitude": round(rng.uniform(-40, 60), 5),
                "longitude": round(rng.uniform(-20, 120), 5),
                "country_iso3": rng.choice(("NGA", "MLI", "PAK", "AFG", "SOM", "MMR", "SYR")),
            }
        )

    def _count(self, count: Count | None) -> Count | None:
        if count is None:
            return None
        n = self.rng.randint(0, 60)
        return count.model_copy(update={"low": n, "best": n, "high": n})

    def _event(self, ev: Event, article_id: str, n: int, day: dt.date) -> Event:
        roles = []
        for role in ev.roles:
            if role.role in _AGENT_ROLES and self.pool:
                actor = self._actor()
                role = role.model_copy(
                    update={"name": actor.name, "text": actor.name, "actor_id": actor.id}
                )
            roles.append(role)
        old = ev.time
        time_ref = TimeRef(
            text=old.text if old else None,
            spans=old.spans if old else [],
            start=day,
            end=day,
            precision=old.precision if old else "day",
            basis=old.basis if old else "publication",
            confidence=old.confidence if old else 0.5,
        )
        return ev.model_copy(
            update={
                "id": _hex_id(article_id, n),
                "article_id": article_id,
                "roles": roles,
                "places": [self._place(p) for p in ev.places],
                "time": time_ref,
                "killed": self._count(ev.killed),
                "injured": self._count(ev.injured),
            }
        )

    def article(self, i: int) -> ArticleResult:
        """The ``i``-th synthetic article, with its varied events."""
        template = self.templates[i % len(self.templates)]
        article_id = _hex_id("synthetic", self.seed, i)
        day = FIRST_DAY + dt.timedelta(days=self.rng.randrange(DAYS))
        article = template.article.model_copy(
            update={
                "id": article_id,
                "url": f"https://example.org/{article_id}",
                "outlet": self.rng.choice(_OUTLETS),
                "published": day,
            }
        )
        evs = [self._event(ev, article_id, n, day) for n, ev in enumerate(template.events)]
        return ArticleResult(article=article, events=evs)

    def articles(self, n_events: int) -> Iterator[ArticleResult]:
        """Synthetic articles until they hold ``n_events`` events (the last may be cut)."""
        made, i = 0, 0
        while made < n_events:
            res = self.article(i)
            res = res.model_copy(update={"events": res.events[: n_events - made]})
            made += len(res.events)
            i += 1
            yield res


def _timed(run: Callable[[], int], repeat: int) -> dict[str, Any]:
    times, found = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        found = run()
        times.append(1000 * (time.perf_counter() - t0))
    return {
        "first_ms": round(times[0], 2),
        "median_ms": round(statistics.median(times), 2),
        "found": found,
    }


def database_bytes(db: Database) -> int | None:
    """Size of the database: the SQLite file after a WAL checkpoint, or PostgreSQL's tables."""
    path = sqlite_path(db.url)
    with db.engine.connect() as conn:
        if db.dialect == "postgresql":
            size = conn.execute(
                text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                )
            ).scalar()
            return int(size or 0)
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    if path is None:
        return None
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def standard_queries(actors_by_frequency: Sequence[str]) -> dict[str, EventFilter]:
    """The queries the benchmark times: actors (a typical and the most common one) over a
    year, type and country over a year, a circle, and a frequent word."""
    year = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
    queries: dict[str, EventFilter] = {}
    if actors_by_frequency:
        typical = actors_by_frequency[len(actors_by_frequency) // 10]
        common = actors_by_frequency[0]
        queries["actor (typical) + 1 year"] = EventFilter(
            actor=typical, since=year[0], until=year[1]
        )
        queries["actor (most common) + 1 year"] = EventFilter(
            actor=common, since=year[0], until=year[1]
        )
    queries["type + country + 1 year"] = EventFilter(
        type="ASSAULT", country="NGA", since=year[0], until=year[1]
    )
    queries["near 100 km"] = EventFilter(near="12.0,15.0,100")
    queries["text 'soldiers'"] = EventFilter(text="soldiers")
    return queries


def bench_queries(
    db: Database,
    queries: dict[str, EventFilter],
    *,
    actor_ids: Callable[[str], Sequence[str]] = resolve_actor_ids,
    repeat: int = 5,
) -> dict[str, Any]:
    """Time each query (100 events, newest first): the first run and the median of all."""
    timings: dict[str, Any] = {}
    for label, flt in queries.items():
        if flt.actor is not None:
            actor_ids(flt.actor)  # load the knowledge base outside the timing

        def run(flt: EventFilter = flt) -> int:
            with db.session() as session:
                return len(query_events(session, flt, limit=100, actor_ids=actor_ids))

        timings[label] = _timed(run, repeat) | {
            "filter": flt.model_dump(mode="json", exclude_none=True)
        }
    return timings


#: Most events the baseline stores (its rate is steady long before).
BASELINE_EVENTS = 50_000


def bench_baseline(
    templates: Sequence[ArticleResult],
    pool: Sequence[PoolActor],
    n_events: int,
    *,
    seed: int = 0,
    batch_size: int = 5000,
) -> dict[str, Any]:
    """The simplest store of the same synthetic events, for a ratio measured in the same
    process: each event's JSON record in one SQLite table keyed by its id (plain ``sqlite3``,
    ``batch_size`` articles per transaction), with no parts, indexes or search.
    """
    import sqlite3
    import tempfile
    from pathlib import Path

    synth = Synthesiser(templates, pool, seed=seed)
    seconds, cpu, stored = 0.0, 0.0, 0
    with tempfile.TemporaryDirectory(prefix="newsevents-baseline-") as folder:
        conn = sqlite3.connect(Path(folder) / "baseline.db")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE events (id TEXT PRIMARY KEY, article_id TEXT, record TEXT)")
        batch: list[ArticleResult] = []

        def flush() -> None:
            nonlocal seconds, cpu, stored
            t0, c0 = time.perf_counter(), time.process_time()
            rows = [
                (ev.id, res.article.id, ev.model_dump_json(exclude_none=True))
                for res in batch
                for ev in res.events
            ]
            with conn:
                conn.executemany("INSERT INTO events VALUES (?, ?, ?)", rows)
            seconds += time.perf_counter() - t0
            cpu += time.process_time() - c0
            stored += len(rows)
            batch.clear()

        for res in synth.articles(n_events):
            batch.append(res)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        conn.close()
    return {
        "events": stored,
        "seconds": round(seconds, 2),
        "events_per_second": round(stored / seconds, 1) if seconds else None,
        "events_per_cpu_second": round(stored / cpu, 1) if cpu else None,
    }


def bench_store(
    db: Database,
    templates: Sequence[ArticleResult],
    n_events: int,
    *,
    pool: Sequence[PoolActor] | None = None,
    seed: int = 0,
    batch_size: int = 5000,
    per_article: int | None = None,
    repeat: int = 5,
    progress: Callable[[int], None] | None = None,
    actor_ids: Callable[[str], Sequence[str]] = resolve_actor_ids,
    fuse: bool = False,
) -> dict[str, Any]:
    """Store ``n_events`` synthetic events in ``db`` and time inserts, queries and size.

    Fusion is off by default (each event its own incident, as ``newsevents ingest
    --no-fuse`` stores): the synthetic reports vary a few template texts, so fusing them
    would measure nothing real; fusion is timed on real articles (``newsevents eval gvc``).

    The first ``per_article`` events (default: 5 %, at most 5,000) are stored one article
    per transaction, as ``newsevents ingest`` does; the rest ``batch_size`` articles per
    transaction, as a bulk load does. Both rates are reported. ``actor_ids`` resolves actor
    names in the queries (by default through the knowledge base the pool comes from).
    """
    pool = list(pool) if pool is not None else kb_actor_pool(seed=seed)
    synth = Synthesiser(templates, pool, seed=seed)
    if per_article is None:
        per_article = min(n_events // 20, 5000)
    # seconds, events, articles, CPU seconds (the rate per CPU second is what a busy,
    # shared machine cannot blur)
    timing = {"single": [0.0, 0, 0, 0.0], "batched": [0.0, 0, 0, 0.0]}
    perpetrators: Counter[str] = Counter()
    pool_ids = {a.id for a in pool}

    def account(mode: str, seconds: float, cpu: float, outcomes: Sequence[StoreOutcome]) -> None:
        timing[mode][0] += seconds
        timing[mode][3] += cpu
        timing[mode][1] += sum(o.events for o in outcomes)
        timing[mode][2] += len(outcomes)
        if progress is not None:
            progress(int(timing["single"][1] + timing["batched"][1]))

    batch: list[ArticleResult] = []
    for res in synth.articles(n_events):
        perpetrators.update(r.name for ev in res.events for r in ev.roles if r.actor_id in pool_ids)
        if timing["single"][1] < per_article:
            t0, c0 = time.perf_counter(), time.process_time()
            outcome = store_article(db, res, fuse=fuse)
            account("single", time.perf_counter() - t0, time.process_time() - c0, [outcome])
            continue
        batch.append(res)
        if len(batch) >= batch_size:
            t0, c0 = time.perf_counter(), time.process_time()
            outcomes = list(store_articles(db, batch, batch_size, fuse=fuse))
            account("batched", time.perf_counter() - t0, time.process_time() - c0, outcomes)
            batch = []
    if batch:
        t0, c0 = time.perf_counter(), time.process_time()
        outcomes = list(store_articles(db, batch, batch_size, fuse=fuse))
        account("batched", time.perf_counter() - t0, time.process_time() - c0, outcomes)
    t1 = time.perf_counter()
    # What `newsevents ingest` does at the end of a run.
    analyse(db)
    analyse_s = time.perf_counter() - t1
    by_rank = [name for name, _ in perpetrators.most_common()]
    timings = bench_queries(db, standard_queries(by_rank), actor_ids=actor_ids, repeat=repeat)
    size = database_bytes(db)
    stored = int(timing["single"][1] + timing["batched"][1])
    baseline = bench_baseline(
        templates, pool, min(n_events, BASELINE_EVENTS), seed=seed, batch_size=batch_size
    )
    ours = timing["batched"][1] / timing["batched"][3] if timing["batched"][3] else None
    theirs = baseline["events_per_cpu_second"]
    return {
        "database": db.display_url,
        "fusion": fuse,
        "events": stored,
        "articles": int(timing["single"][2] + timing["batched"][2]),
        "insert": {
            mode: {
                "events": int(ev),
                "articles": int(arts),
                "seconds": round(sec, 2),
                "events_per_second": round(ev / sec, 1) if sec else None,
                "cpu_seconds": round(cpu, 2),
                "events_per_cpu_second": round(ev / cpu, 1) if cpu else None,
            }
            for mode, (sec, ev, arts, cpu) in (
                ("one_article_per_transaction", timing["single"]),
                (f"{batch_size}_articles_per_transaction", timing["batched"]),
            )
        },
        "baseline": baseline,
        # CPU rates: the ratio a busy, shared machine does not blur.
        "batched_cpu_rate_ratio_to_baseline": round(ours / theirs, 3) if ours and theirs else None,
        "analyse_seconds": round(analyse_s, 2),
        "queries": timings,
        "size_bytes": size,
        "bytes_per_event": round(size / stored, 1) if size and stored else None,
    }
