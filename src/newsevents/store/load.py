"""``newsevents ingest`` as a library call: read inputs, extract events, store them.

Articles already in the database are skipped before extraction (their id comes from the
normalised URL, else the text), every article is stored in its own transaction as soon as it
is extracted, and bad inputs are reported and passed over (the loop itself is
:mod:`newsevents.ingest.batch`; this module keeps its counts). So a run can be stopped at any
point (Ctrl-C, a crash) and started again with the same command: nothing stored is lost or
stored twice, and the new run goes on where the old one stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsevents.decide import held_back_note
from newsevents.errors import InputError
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database, analyse
from newsevents.store.write import ALREADY_STORED, StoreOutcome

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
    """Inputs that could not be read, articles whose extraction or storing failed (and, on a
    cluster, the articles of a partition whose task failed)."""
    interrupted: bool = False
    partitions: int = 0
    """Partitions extracted on a cluster (``ingest --workers`` or ``--scheduler``)."""
    partitions_skipped: int = 0
    """Partitions a cluster run found finished already (a restarted run)."""
    below_confidence: int = 0
    """Events extracted but not kept, their confidence below ``min_confidence``."""
    min_confidence: float = 0.0
    """The minimum confidence of the events kept (see :mod:`newsevents.decide`)."""
    undated: int = 0
    """Articles read without a publication date (none in the input, no ``--published``):
    their events are dated by the text alone, and relative dates ("on Sunday") not at all."""

    def count_read(self, published: object) -> None:
        """Count one article read, and whether it came without a publication date."""
        self.read += 1
        if published is None:
            self.undated += 1

    def held_back(self) -> str:
        """`` (5 below confidence 0.5 not kept)`` after the count of events stored, or
        nothing when no event was left out."""
        if not self.below_confidence:
            return ""
        return f" ({held_back_note(self.below_confidence, self.min_confidence)})"

    def lines(self) -> list[str]:
        """The summary as printed at the end of ``newsevents ingest``."""
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(self.skipped.items()))
        out = [
            f"articles read: {self.read}",
            f"stored: {self.stored} articles with {self.events} events{self.held_back()}, "
            f"{self.incidents} incidents formed",
            f"skipped: {skipped}" + (f" ({reasons})" if reasons else ""),
            f"errors: {self.errors} inputs could not be read",
        ]
        if self.undated:
            every = "every article" if self.undated == self.read else f"{self.undated} articles"
            out.append(
                f'undated: {every} read had no publication date; relative dates ("on '
                'Sunday") cannot be resolved (give --published, or a date field such as '
                '"published")'
            )
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
    """Extract and store every article of ``items`` that is not stored yet: what
    :func:`newsevents.ingest.batch.ingest_safely` does (an unreadable input, or an article
    whose extraction or storing fails, is counted in ``errors``, passed to ``on_error`` if
    given, and the rest is stored), for callers that do not import the ingest package."""
    from newsevents.ingest.batch import ingest_safely

    return ingest_safely(
        db,
        items,
        on_error=on_error,
        on_result=on_result,
        on_progress=on_progress,
        summary=summary,
        fuse=fuse,
    )


def refresh_statistics(db: Database, counts: IngestSummary) -> None:
    """Refresh SQLite's query-planner statistics after a run that stored articles."""
    if counts.stored and db.dialect == "sqlite":
        analyse(db)


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
