"""What the incident model sees of a record: how it is told and what the text says around it.

Two parts, the same at training and at run time:

- **record features**: what the extractor found (kind of act, how firmly it is told, who,
  whom, how many, where, when, how often and how early the article reports it);
- **text features**: the MiniLM states of the record's first sentence (mean of its
  wordpieces) and of its first trigger, so that "attacked the opposition" and "attacked the
  convoy" read differently.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from newsevents.model import DateBasis, Event, Modality, RoleType

#: PLOVER types, in a fixed order: one indicator each, others share the last slot.
TYPES = (
    "ASSAULT",
    "COERCE",
    "PROTEST",
    "THREATEN",
    "ACCUSE",
    "SANCTION",
    "MOBILIZE",
    "RETREAT",
    "REQUEST",
    "AGREE",
)
MODALITIES = tuple(m.value for m in Modality)
#: Width of the text features: the sentence vector and the trigger vector.
TEXT_SIZE = 2 * 384
_AGENTS = frozenset({RoleType.perpetrator, RoleType.actor, RoleType.claimant})
_PATIENTS = frozenset({RoleType.victim, RoleType.target, RoleType.detainee})

RECORD_FEATURES = (
    *(f"type={t}" for t in (*TYPES, "other")),
    *(f"modality={m}" for m in MODALITIES),
    "has_mode",
    "log_triggers",
    "log_sentences",
    "has_agent",
    "has_patient",
    "has_claim",
    "has_killed",
    "has_injured",
    "has_arrested",
    "has_kidnapped",
    "dated",
    "day_precision",
    "placed",
    "first_position",
    "in_lead",
    "log_events_in_article",
    "rank_by_mentions",
    "quoted",
    "capital_trigger",
    "type_confidence",
    "modality_confidence",
    "has_acled_subtype",
    "arrest_for_violence",
)


def _first_sentence_text(event: Event, text: str) -> str:
    span = event.sentences[0] if event.sentences else event.triggers[0]
    return text[span.start : span.end]


def _arrest_for_violence(event: Event, events: Sequence[Event]) -> bool:
    """Whether the record is an arrest that an act of violence of the article counts as its
    own (a suspect "arrested in the shooting"): coders record it in that incident's toll,
    not as an incident of its own."""
    if event.mode != "arrest":
        return False
    for other in events:
        count = other.arrested
        if other is event or other.event_type != "ASSAULT" or count is None:
            continue
        for span in count.spans:
            if any(s.start <= span.start and span.end <= s.end for s in event.sentences):
                return True
    return False


def record_features(event: Event, text: str, events: Sequence[Event]) -> list[float]:
    """The record features of one event among its article's ``events``."""
    out: list[float] = [float(event.event_type == t) for t in TYPES]
    out.append(float(event.event_type not in TYPES))
    out += [float(event.modality.value == m) for m in MODALITIES]
    first = min(s.start for s in event.triggers)
    sentence = _first_sentence_text(event, text)
    trigger = event.triggers[0]
    trigger_text = text[trigger.start : trigger.end]
    mid_sentence = trigger.start > (event.sentences[0].start if event.sentences else 0)
    rank = sorted((-len(e.triggers), min(s.start for s in e.triggers)) for e in events).index(
        (-len(event.triggers), first)
    )
    time = event.time
    out += [
        float(event.mode is not None),
        math.log1p(len(event.triggers)),
        math.log1p(len(event.sentences)),
        float(any(r.role in _AGENTS for r in event.roles)),
        float(any(r.role in _PATIENTS for r in event.roles)),
        float(bool(event.claims)),
        float(event.killed is not None),
        float(event.injured is not None),
        float(event.arrested is not None),
        float(event.kidnapped is not None),
        float(time is not None and time.basis == DateBasis.expression),
        float(
            time is not None
            and time.basis == DateBasis.expression
            and time.precision.value == "day"
        ),
        float(any(p.is_event_location for p in event.places)),
        first / max(1, len(text)),
        float(first < 600),
        math.log1p(len(events)),
        min(rank, 5) / 5,
        float(sentence.count('"') + sentence.count("“") >= 2),
        float(mid_sentence and trigger_text[:1].isupper()),
        event.type_confidence,
        event.modality_confidence,
        float(event.acled_sub_event_type is not None),
        float(_arrest_for_violence(event, events)),
    ]
    return out


def text_features(events: Sequence[Event], text: str) -> NDArray[np.float32]:
    """MiniLM features of each event: its first sentence and its first trigger (2 x 384)."""
    from newsevents.learn.encoder import span_vector, token_states

    if not events:
        return np.zeros((0, TEXT_SIZE), dtype=np.float32)
    sentences = [event.sentences[0] if event.sentences else event.triggers[0] for event in events]
    unique = sorted({(s.start, s.end) for s in sentences})
    states = dict(zip(unique, token_states([text[a:b] for a, b in unique]), strict=True))
    rows = []
    for event, sent in zip(events, sentences, strict=True):
        st = states[(sent.start, sent.end)]
        trig = event.triggers[0]
        try:
            local = span_vector(st, trig.start - sent.start, trig.end - sent.start)
        except ValueError:
            # A trigger outside the sentence (merged from a title) or past the truncation.
            local = st.sentence
        rows.append(np.concatenate([st.sentence, local]))
    return np.asarray(rows, dtype=np.float32)


def features(
    events: Sequence[Event], text: str, text_rows: NDArray[np.float32] | None = None
) -> NDArray[np.float32]:
    """The full feature matrix of an article's events (record features, then text);
    ``text_rows``, when given, are their :func:`text_features` computed already."""
    record = np.asarray(
        [record_features(e, text, events) for e in events], dtype=np.float32
    ).reshape(len(events), len(RECORD_FEATURES))
    rows = text_features(events, text) if text_rows is None else text_rows
    return np.concatenate([record, rows], axis=1)
