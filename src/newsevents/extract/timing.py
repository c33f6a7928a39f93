"""When: the time expression that dates an event, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import functools

from pydantic import BaseModel, ConfigDict, field_validator
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsevents.extract.mentions import Mention
from newsevents.extract.syntax import span_ents, to_span
from newsevents.limits import date_in_range
from newsevents.model import DateBasis, Precision, TimeRef
from newsevents.ontology.datafiles import data_path, load_model
from newsevents.resolve.time import resolve_time

DATA_FILE = "date_cues.yaml"
_TIME_LABELS = frozenset({"DATE", "TIME"})
_WEEKDAYS = frozenset(
    (
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
    )
)
#: Words before a time expression that make it a duration, not a date ("held for the past
#: two weeks", "jailed for three years").
_DURATION_WORDS = frozenset({"for"})
#: Dependencies of clauses that describe a noun ("Kaur, who was arrested in Haryana, ..."):
#: a date on the sentence's main verb is not theirs.
_NOUN_CLAUSES = frozenset({"relcl", "acl", "appos"})


class DateCues(BaseModel):
    """Schema of ``data/date_cues.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    later_verbs: frozenset[str]
    outcome_verbs: frozenset[str]
    outcome_links: frozenset[str]
    future_auxiliaries: frozenset[str]
    stamp_words: frozenset[str]
    reported_acts: frozenset[str]
    summoned_verbs: frozenset[str]

    @field_validator(
        "later_verbs",
        "outcome_verbs",
        "outcome_links",
        "future_auxiliaries",
        "stamp_words",
        "reported_acts",
        "summoned_verbs",
    )
    @classmethod
    def _lower_case(cls, words: frozenset[str]) -> frozenset[str]:
        bad = sorted(w for w in words if not w.strip() or w != w.lower())
        if bad:
            raise ValueError(f"words must be lower case and not blank: {bad[:5]}")
        return words


@functools.cache
def date_cues() -> DateCues:
    """The shipped date cues, read and validated once."""
    return load_model(data_path(DATA_FILE), DateCues)


#: Parts of a day that may follow a weekday or "last"/"this" ("Last night, around 8 p.m.").
_DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night"})


def _untagged_days(sent: SpacySpan) -> list[SpacySpan]:
    """Weekdays and relative days outside every entity: "Last night", "yesterday", "Sunday
    morning", which the statistical model tags in one sentence and misses in another."""
    out: list[SpacySpan] = []
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        word = tok.lower_.rstrip(".")
        end = None
        if tok.ent_iob_ == "O":
            weekday = word in _WEEKDAYS and tok.text[:1].isupper() and len(word) > 3
            if weekday or word in ("yesterday", "tonight"):
                end = i + 1
            elif word in ("last", "this") and i + 1 < sent.end and doc[i + 1].lower_ in _DAY_PARTS:
                end = i + 2
        if end is not None:
            if end < sent.end and doc[end].lower_ in _DAY_PARTS and doc[end].ent_iob_ == "O":
                end += 1
            out.append(SpacySpan(doc, i, end, label="DATE"))
            i = end
            continue
        i += 1
    return out


def time_expressions(sent: SpacySpan) -> list[SpacySpan]:
    """The sentence's date and time expressions, a weekday joined to the date after it
    ("Saturday, 7 January": the model tags two), durations ("for two weeks") left out.
    Besides the model's entities, weekdays and relative days it left untagged count
    (:func:`_untagged_days`)."""
    ents = sorted(
        [e for e in span_ents(sent) if e.label_ in _TIME_LABELS] + _untagged_days(sent),
        key=lambda e: e.start,
    )
    out: list[SpacySpan] = []
    for ent in ents:
        prev = out[-1] if out else None
        doc = ent.doc
        if (
            prev is not None
            and prev.text.lower().rstrip(".") in _WEEKDAYS
            and (ent.start == prev.end or (ent.start == prev.end + 1 and doc[prev.end].text == ","))
        ):
            out[-1] = SpacySpan(doc, prev.start, ent.end, label=prev.label_)
            continue
        out.append(ent)
    return [e for e in out if not (e.start > 0 and e.doc[e.start - 1].lower_ in _DURATION_WORDS)]


def in_noun_clause(token: Token) -> Token | None:
    """The head of the clause describing a noun that ``token`` lies in, if any."""
    tok = token
    for _ in range(12):
        if tok.dep_ in _NOUN_CLAUSES and tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def outside(ent: SpacySpan, clause: Token) -> bool:
    """Whether the expression lies outside the clause headed by ``clause``."""
    return not (clause.left_edge.i <= ent.start and ent.end <= clause.right_edge.i + 1)


def _attached_verb(ent: SpacySpan, event_heads: set[int]) -> Token | None:
    """The first verb or event noun above a date expression: what it dates."""
    tok = ent.root
    for _ in range(6):
        if tok.head == tok:
            return tok
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") or tok.i in event_heads:
            return tok
    return None


def ahead(verb: Token) -> bool:
    """Whether ``verb`` is told as still to come ("will have counselors at the school on
    Monday"): a date on it is no past act's."""
    words = date_cues().future_auxiliaries
    return any(c.dep_ == "aux" and c.lower_ in words for c in verb.children)


def mention_dates(m: Mention, others: list[Mention]) -> list[SpacySpan]:
    """Date expressions in the mention's sentence that attach to its trigger.

    A date attaches when the first verb above it is the trigger, its light verb or its
    governing clause; when the sentence has a single mention, a date on the main verb counts.
    A date on a verb of a later act (``later_verbs`` of ``data/date_cues.yaml``: "police said
    Thursday") dates that act, so it attaches only to a trigger it sits on.
    """
    ents = time_expressions(m.sent)
    if not ents:
        return []
    event_heads = {o.head.i for o in others}
    clause = {m.head.i, m.head.head.i}
    # A trigger in a clause describing a noun ("who was arrested in Haryana") is background
    # to the main clause: "the court on Friday granted her bail" does not date the arrest.
    described = in_noun_clause(m.head)
    own: list[SpacySpan] = []
    governing: list[SpacySpan] = []
    for ent in ents:
        verb = _attached_verb(ent, event_heads)
        if verb is None or ahead(verb):
            continue
        # "Family members confirmed Monday the toddler has died", "police said Thursday four
        # were shot": the day of the telling, not of the act.
        later = verb.lemma_.lower() in date_cues().later_verbs
        on_root = len(others) == 1 and verb.dep_ == "ROOT" and described is None and not later
        if verb.i == m.head.i or ent.root.head.i == m.head.i:
            own.append(ent)
        elif (verb.i in clause and not later) or on_root:
            governing.append(ent)
    # A date on the trigger itself comes before one on the verb it depends on: "A father
    # was arraigned Thursday after his son shot himself Wednesday night".
    return own + governing


def _anchor(published: dt.date | None) -> dt.date | None:
    """The publication date relative expressions are read against: none when it lies
    outside the accepted years (year 1 or 9999 would take date arithmetic off the
    calendar's ends)."""
    return published if published is not None and date_in_range(published) else None


def resolve_mention_time(m: Mention, text: str, published: dt.date | None) -> TimeRef | None:
    """Resolve the first attached date expression of ``m`` that the resolver understands.

    A date that falls outside the accepted years (:mod:`newsevents.limits`) is no date the
    event can have: that expression is passed over, and the event may stay undated.
    """
    anchor = _anchor(published)
    for ent in m.dates:
        res = resolve_time(ent.text, anchor)
        if res is None or not (date_in_range(res.start) and date_in_range(res.end)):
            continue
        span = to_span(ent.start_char, ent.end_char, text)
        return TimeRef(
            text=span.text,
            spans=[span],
            start=res.start,
            end=res.end,
            precision=res.precision,
            basis=DateBasis.expression,
            confidence=0.75,
        )
    return None


def publication_time(published: dt.date | None) -> TimeRef | None:
    """No expression dates the event: it happened on or before publication, within a week."""
    published = _anchor(published)
    if published is None or not date_in_range(published - dt.timedelta(days=7)):
        return None
    return TimeRef(
        text=None,
        spans=[],
        start=published - dt.timedelta(days=7),
        end=published,
        precision=Precision.week,
        basis=DateBasis.publication,
        confidence=0.3,
    )
