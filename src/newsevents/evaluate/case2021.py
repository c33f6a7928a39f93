"""CASE 2021 Task 2 evaluation: classifying news snippets into ACLED sub-event types.

Reads ``DIR/{split}.tsv`` (columns ``id``, ``EventSnippet``, ``SubType``), extracts events
from each snippet and labels the snippet with the CASE label of the ACLED sub-event type of
its first-mentioned event that has one (the ontology's ``case_label``). A snippet with no
such event is labelled ``OTHER``: the ACLED catch-all for "a relevant development that
fits no other sub-event type" is the closest of the 25 labels to "no conflict event", and
it keeps the other labels' precision clean.

The task was scored by the organisers (on CodaLab; the task repository has no scorer) with
micro, macro and weighted F1, weighted F1 being the headline (Haneczok et al. 2021). The
scores here are computed as scikit-learn's ``f1_score`` does
(:func:`newsevents.evaluate.scorers.classification.multiclass_scores`):

* ``weighted_f1``, ``micro_f1``, ``macro_f1``: snippets whose gold label is one of the 25
  ACLED-derived labels, averaged over the labels present in gold or predictions, which is
  how sub-task 1 (the published 83.9 weighted F1) was scored;
* ``all_*``: every snippet, including those of the "unseen" types added for sub-tasks 2
  and 3 (NATURAL_DISASTER, MAN_MADE_DISASTER, ORG_CRIME, DIPLO, ATTRIB), which this
  adapter never predicts.

``--limit N`` takes a seeded random sample of N snippets (the file is ordered by id).
``--predictions-out`` writes ``id<TAB>LABEL`` lines, the task's submission format.
"""

from __future__ import annotations

import csv
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsevents.errors import InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport
from newsevents.evaluate.scorers.classification import MulticlassScores, multiclass_scores
from newsevents.model import Article, Event
from newsevents.ontology.acled import CASE_LABELS, acled

DATASET = "case2021"
#: Label given to a snippet with no event that maps to an ACLED sub-event type.
FALLBACK_LABEL = "OTHER"


@dataclass(frozen=True)
class Snippet:
    """One snippet with its gold label."""

    id: str
    text: str
    label: str


def split_path(data: Path, split: str) -> Path:
    """The file of ``split``; ``NewsEventsError`` naming it when it does not exist."""
    path = Path(data) / f"{split}.tsv"
    if not path.is_file():
        raise NewsEventsError(
            f"CASE 2021 task 2 split {split!r} not found: expected {path} "
            "(tab-separated, columns id, EventSnippet, SubType)"
        )
    return path


def read_snippets(path: Path) -> list[Snippet]:
    """Read a task 2 TSV file (a header line, then id, snippet and label per line)."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    out = []
    for n, row in enumerate(rows, start=2):
        try:
            out.append(Snippet(row["id"].strip(), row["EventSnippet"], row["SubType"].strip()))
        except (KeyError, AttributeError) as exc:
            raise InputError(str(path), f"line {n}: missing column {exc}") from exc
    return out


def event_label(event: Event) -> str | None:
    """The CASE label of an event's ACLED sub-event type, if it has one."""
    if event.acled_event_type is None or event.acled_sub_event_type is None:
        return None
    try:
        return acled().case_label(event.acled_event_type, event.acled_sub_event_type)
    except KeyError:
        return None


def snippet_label(events: Sequence[Event]) -> str:
    """The label of the event mentioned first that has an ACLED sub-type; else ``OTHER``.

    News leads with what happened (the inverted pyramid): later events in a snippet are
    mostly background or consequences ("... the protest over the killing of ..."). Events
    whose first mention starts at the same place go to the more confident one.
    """
    labelled = [(e, label) for e in events if (label := event_label(e)) is not None]
    if not labelled:
        return FALLBACK_LABEL

    def rank(pair: tuple[Event, str]) -> tuple[int, float]:
        event = pair[0]
        first = min((t.start for t in event.triggers), default=0)
        return (-first, event.confidence)

    return max(labelled, key=rank)[1]


def _article(snippet: Snippet) -> Article | None:
    from newsevents.ingest import read_text

    try:
        return read_text(snippet.text, source_path=f"snippet-{snippet.id}")
    except InputError:
        return None


def _scores(prefix: str, s: MulticlassScores) -> dict[str, float]:
    return {
        f"{prefix}weighted_f1": 100 * s.weighted_f1,
        f"{prefix}micro_f1": 100 * s.micro_f1,
        f"{prefix}macro_f1": 100 * s.macro_f1,
        f"{prefix}weighted_p": 100 * s.weighted_precision,
        f"{prefix}weighted_r": 100 * s.weighted_recall,
    }


def score(gold: Sequence[str], pred: Sequence[str]) -> tuple[dict[str, float], dict[str, Any]]:
    """The task's scores (percentages) and per-label details, seen labels and all."""
    seen = [(g, p) for g, p in zip(gold, pred, strict=True) if g in CASE_LABELS]
    known = multiclass_scores([g for g, _ in seen], [p for _, p in seen])
    every = multiclass_scores(gold, pred)
    scores = _scores("", known) | _scores("all_", every)
    confusions = Counter(f"{g} -> {p}" for g, p in zip(gold, pred, strict=True) if g != p)
    details = {
        "n_seen_type_snippets": len(seen),
        "per_label": {
            label: {
                "p": round(100 * s.precision, 1),
                "r": round(100 * s.recall, 1),
                "f1": round(100 * s.f1, 1),
                "support": s.support,
            }
            for label, s in known.per_label.items()
        },
        "top_confusions": dict(confusions.most_common(25)),
    }
    return scores, details


def run(options: EvalOptions) -> EvalReport:
    """Evaluate the extractor on a CASE 2021 task 2 split."""
    from newsevents.extract.article import extract_many

    started = time.perf_counter()
    snippets = read_snippets(split_path(options.data, options.split))
    if options.limit is not None and options.limit < len(snippets):
        snippets = random.Random(options.seed).sample(snippets, options.limit)
    articles = {s.id: a for s in snippets if (a := _article(s)) is not None}
    labels: dict[str, str] = dict.fromkeys((s.id for s in snippets), FALLBACK_LABEL)
    ids = list(articles)
    for sid, result in zip(ids, extract_many(articles[i] for i in ids), strict=True):
        labels[sid] = snippet_label(result.events)
    pred = [labels[s.id] for s in snippets]
    scores, details = score([s.label for s in snippets], pred)
    details["predicted_other"] = sum(1 for p in pred if p == FALLBACK_LABEL)
    if options.predictions_out is not None:
        with Path(options.predictions_out).open("w", encoding="utf-8") as out:
            out.writelines(f"{s.id}\t{labels[s.id]}\n" for s in snippets)
    return EvalReport(
        dataset=DATASET,
        split=options.split,
        n_docs=len(snippets),
        scores=scores,
        details=details,
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "DATASET",
    "FALLBACK_LABEL",
    "Snippet",
    "event_label",
    "read_snippets",
    "run",
    "score",
    "snippet_label",
    "split_path",
]
