"""``newsevents ingest`` as a library call: read inputs, extract events, store them.

Articles already in the database are skipped before extraction (their id comes from the
normalised URL, else the text), every article is stored in its own transaction as soon as it
is extracted, and bad inputs are reported and passed over. So a run can be stopped at any
point (Ctrl-C, a crash) and started again with the same command: nothing stored is lost or
stored twice, and the new run goes on where the old one stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsevents.errors import InputError
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database, analyse
from newsevents.store.write import ALREADY_STORED, StoreOutcome, is_stored, store_article

#: Articles parsed together (spaCy batches); the most a stopped run has to extract again.
EXTRACT_BATCH = 8


@dataclass
class IngestSummary:
    """What a run did: counts of articles, events and incidents, and why articles were skipped."""

    read: int = 0
    """Articles read from the inputs."""
    stored: int = 0
    """Articles newly stored with at least one event."""
    events: int = 0
    incidents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    """Articles that added no event, by reason ('already stored', 'no conflict event found',
    'not in English', ...). Those not already stored are recorded, so a later run skips them."""
    errors: int = 0
    """Inputs that could not be read (or, on a cluster, articles whose partition failed)."""
    interrupted: bool = False
    partitions: int = 0
    """Partitions extracted on a cluster (``ingest --workers`` or ``--scheduler``)."""
    partitions_skipped: int = 0
    """Partitions a cluster run found finished already (a restarted run)."""

    def lines(self) -> list[str]:
        """The summary as printed at the end of ``newsevents ingest``."""
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(self.skipped.items()))
        out = [
            f"articles read: {self.read}",
            f"stored: {self.stored} articles with {self.events} events, "
            f"{self.incidents} incidents formed",
            f"skipped: {skipped}" + (f" ({reasons})" if reasons else ""),
            f"errors: {self.errors} inputs could not be read",
        ]
        if self.partitions or self.partitions_skipped:
            out.append(
                f"partitions: {self.partitions} extracted, "
                f"{self.partitions_skipped} finished before"
            )
        return out


def reason_key(reason: str | None) -> str:
    """The reason an article has no event, without its details ('not in English (fr)')."""
    return (reason or "no event").split(" (", 1)[0]


def ingest_items(
    db: Database,
    items: Iterable[Article | InputError],
    *,
    on_error: Callable[[InputError], None] | None = None,
    on_result: Callable[[ArticleResult, StoreOutcome], None] | None = None,
    on_progress: Callable[[IngestSummary], None] | None = None,
    summary: IngestSummary | None = None,
    fuse: bool = True,
) -> IngestSummary:
    """Extract and store every article of ``items`` that is not stored yet.

    ``on_error`` is called for each unreadable input, ``on_result`` after each article is
    stored, and ``on_progress`` whenever the counts change. Pass ``summary`` to keep the
    counts when the run is interrupted (``KeyboardInterrupt`` propagates; the article being
    stored then is rolled back). ``fuse=False`` stores each event as its own incident.
    """

    from newsevents.extract.article import extract_many

    counts = summary if summary is not None else IngestSummary()

    def progressed() -> None:
        if on_progress is not None:
            on_progress(counts)

    def fresh() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                counts.errors += 1
                if on_error is not None:
                    on_error(item)
                progressed()
                continue
            counts.read += 1
            with db.session() as session:
                stored = is_stored(session, item.id)
            if stored:
                counts.skipped[ALREADY_STORED] += 1
                progressed()
                continue
            yield item

    # What fusion learns is committed with each article (store/fuse.py): nothing to save
    # at the end, also after Ctrl-C or a crash.
    store_results(
        db, extract_many(fresh(), batch_size=EXTRACT_BATCH), counts, fuse, on_result, progressed
    )
    refresh_statistics(db, counts)
    return counts


def refresh_statistics(db: Database, counts: IngestSummary) -> None:
    """Refresh SQLite's query-planner statistics after a run that stored articles."""
    if counts.stored and db.dialect == "sqlite":
        analyse(db)


def save_fusion_state(db: Database) -> None:
    """Nothing to do: what fusion learns is committed with each article (store/fuse.py).
    Kept for callers that saved it at the end of a run."""
    del db


def store_results(
    db: Database,
    results: Iterable[ArticleResult],
    counts: IngestSummary,
    fuse: bool,
    on_result: Callable[[ArticleResult, StoreOutcome], None] | None = None,
    progressed: Callable[[], None] | None = None,
) -> None:
    """Store extracted articles one transaction each (fused unless ``fuse`` is False), in
    order, counting what each did in ``counts``."""
    for result in results:
        outcome = store_article(db, result, fuse=fuse)
        tally(counts, outcome)
        if on_result is not None:
            on_result(result, outcome)
        if progressed is not None:
            progressed()


def tally(counts: IngestSummary, outcome: StoreOutcome) -> None:
    """Count what storing one article did."""
    if not outcome.stored:
        # The same article twice in one run, or stored meanwhile by another process.
        counts.skipped[ALREADY_STORED] += 1
    elif outcome.events:
        counts.stored += 1
        counts.events += outcome.events
        counts.incidents += outcome.incidents
    else:
        counts.skipped[reason_key(outcome.reason)] += 1
