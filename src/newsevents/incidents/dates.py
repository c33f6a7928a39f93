"""The date of each incident, from wherever the article states it.

Mentions are dated by the expressions attached to their own trigger
(:mod:`newsevents.extract.timing`). Articles often give the day in another clause or
another sentence of the same report ("Tuesday's shooting across from the school ... Brooks
is accused of shooting into a crowd") and an incident left undated falls back to the week
before publication, which is not the day a coder records. This step lets an explicit date
win, in order:

1. a date expression anywhere in the incident's own sentences;
2. one in the sentence right before the incident's first, in the same paragraph;
3. for the article's first incident (what its headline and lead report) and for the one
   it is filed under (:func:`newsevents.fuse.article.main_event`: "Man charged in Saturday's
   shooting" is about the shooting), a date expression in the lead (up to the third sentence
   with a verb), else in a sentence telling when "it happened" or "occurred", else a day in
   the week before publication told up to the fifth sentence with a verb. For the latter,
   a date on a trigger of an incident of another kind ("A man was arrested Sunday") is that
   incident's;
4. for those two still not dated to the day, the day of another event of the same kind in
   the article that falls in their range (the publication window, or "last week's murder"):
   extraction often splits one incident ("Girl, 7, shoots herself" in the headline, "she was
   shot Saturday" below).

A date on a later act found in one of these places ("A man was charged Friday in the
shooting death of ...") or on a death told as following the attack ("died Friday after a
shooting") is kept only when no later place gives one on the incident or its telling, on or
before it ("accused of firing into the home on Dec. 27", "the shooting happened around 10
p.m. Thursday"); so is such a date the incident's mentions gave it.

A date on a trigger of the incident's kind ("shot Saturday", "Tuesday's shooting") comes
before others, and one on a later act (the telling, the search, the court, the funeral:
"police said Thursday", "at a press conference Sunday"; another kind of incident: "arrested
Monday") after them; a page's time stamp ("Updated: Friday, June 26", "story updated at
4:04pm on August 10, 2013") and a date told as still to come ("will have counselors at the
school on Monday") date nothing (``data/date_cues.yaml``). Then the narrowest
wins, and among expressions equally narrow, the one nearest the incident's triggers. An
incident dated by a range ("last week", "the weekend") takes a day inside it told in the
same places ("on Thursday night"), and for the lead's incidents in a sentence telling when
it happened or a day of the week before publication told up to the fifth sentence, else
anywhere in the article ("last weekend's shootings" ... "a 2-year-old suffered a gunshot
wound Sunday"), for a range of a week at most (a month or a year holds many incidents): the
same date, said more exactly.

Only expressions that resolve to a day, or a week at most, on or before publication count:
"next week" and "in 2010" (background) do not date a fresh incident. In an article without
a publication date, only expressions that need none ("21 July 1972") count. A date outside
the clause that describes someone the incident's trigger sits in ("Kaur, who was arrested
..., was granted bail on Friday") dates the main clause, not the incident (a clause
describing a thing or a happening, "a fight, which ended when four people were shot", shares
the sentence's date), unless it lies in the phrase of the noun the clause describes ("the
Sept. 13 shooting that resulted in the death of ..."); durations ("held for two weeks") date
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.extract.syntax import to_span
from newsevents.extract.timing import (
    ahead,
    date_cues,
    in_noun_clause,
    outside,
    publication_time,
    time_expressions,
)
from newsevents.extract.words import WORDS
from newsevents.fuse.article import main_event
from newsevents.fuse.config import load_config
from newsevents.limits import date_in_range
from newsevents.model import DateBasis, Event, Modality, Precision, TimeRef
from newsevents.resolve.time import resolve_time

#: Sentences of the article's lead, where the first incident's date is usually given.
_LEAD = 3
#: Sentences read for a day inside the week before publication when the lead gives none: a
#: report often gives its incident's day in the paragraph after the lead ("According to
#: police, on Saturday, April 18 around 1:43 a.m., officers ..."); a date further back there
#: is more often background ("arrested on July 9, 2015") than the incident's.
_FRESH_LEAD = 5
#: Days before publication within which a date read beyond the lead is taken as fresh.
_FRESH_DAYS = 7
#: Verbs with which articles tell when their incident happened, or when the police came to
#: it ("officers responded to reports of shots fired"), which is the same day.
HAPPENED_VERBS = frozenset({"happen", "occur", "respond", "dispatch"})
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: Entity labels of those who act (a clause describing one tells of their past).
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: Widest range (days) that still dates an incident: a weekend or a week.
_MAX_DAYS = 7


@dataclass(frozen=True)
class _Kinds:
    """Trigger tokens of an incident's kind and of other kinds, and those whose dates are
    passed over altogether."""

    own: frozenset[int] = frozenset()
    other: frozenset[int] = frozenset()
    vetoed: frozenset[int] = field(default_factory=frozenset)


def _needs_date(event: Event) -> bool:
    # A total over many incidents has no single date ("2,000 arrested since August").
    if event.aggregate:
        return False
    return event.time is None or event.time.basis == DateBasis.publication


def _sentences_of(event: Event, doc: Doc) -> list[SpacySpan]:
    spans = [(s.start, s.end) for s in event.sentences]
    return [s for s in doc.sents if any(a < s.end_char and s.start_char < b for a, b in spans)]


def _date_in(
    sents: list[SpacySpan],
    text: str,
    published: dt.date | None,
    near: list[int],
    described: list[Token] | None = None,
    kinds: _Kinds = _Kinds(),
    within: tuple[dt.date, dt.date] | None = None,
) -> TimeRef | None:
    """The best date expression in ``sents`` (:func:`_ranked_date_in`)."""
    found = _ranked_date_in(sents, text, published, near, described, kinds, within)
    return None if found is None else found[0]


def _ranked_date_in(
    sents: list[SpacySpan],
    text: str,
    published: dt.date | None,
    near: list[int],
    described: list[Token] | None = None,
    kinds: _Kinds = _Kinds(),
    within: tuple[dt.date, dt.date] | None = None,
) -> tuple[TimeRef, int] | None:
    """The best date expression in ``sents`` and its rank: first by what it dates
    (:func:`_rank`), then the narrowest, then the nearest to a character offset in ``near``
    (the incident's triggers: "recovering Wednesday night from Tuesday's shooting" is dated
    by "Tuesday's"). Expressions outside a clause of ``described`` (noun-describing clauses
    holding the incident's triggers) in its sentence are passed over, and so are
    expressions governed by a token of ``kinds.vetoed``. With ``within``, only a day in that
    range that is not a later act's counts."""
    best: TimeRef | None = None
    best_key: tuple[int, int, int] | None = None
    for sent in sents:
        clauses = [c for c in described or [] if sent.start <= c.i < sent.end]
        for ent in time_expressions(sent):
            if any(outside(ent, c) and not _in_described(ent, c) for c in clauses):
                continue
            governor = _governor(ent)
            if governor.i in kinds.vetoed or ahead(governor):
                continue
            res = resolve_time(ent.text, published)
            if res is None or not (date_in_range(res.start) and date_in_range(res.end)):
                continue
            days = (res.end - res.start).days
            if (published is not None and res.end > published) or days > _MAX_DAYS:
                continue
            distance = min((abs(ent.start_char - n) for n in near), default=0)
            key = (_rank(ent, governor, kinds), days, distance)
            if key[0] == _STAMP:
                continue  # the page's time, not the incident's: publication dates it better
            if within is not None and not (
                days == 0 and within[0] <= res.start <= within[1] and key[0] <= 1
            ):
                continue
            if best_key is not None and best_key <= key:
                continue
            best_key = key
            span = to_span(ent.start_char, ent.end_char, text)
            best = TimeRef(
                text=span.text,
                spans=[span],
                start=res.start,
                end=res.end,
                precision=res.precision if days == 0 else Precision.week,
                basis=DateBasis.expression,
                confidence=0.6,
            )
    return None if best is None or best_key is None else (best, best_key[0])


#: Rank of a page's time stamp ("Posted: Monday, October 17, 2016 10:26 am"): it never dates
#: an incident; the publication date already stands for it, without claiming a day.
_STAMP = 3


def _rank(ent: SpacySpan, governor: Token, kinds: _Kinds) -> int:
    """0 for a date on a trigger of the incident's kind ("shot Saturday", "Tuesday's
    shooting"), 2 for one on a later act ("police said Thursday", "arrested Monday") or on
    the victim's death ("died Friday after a shooting"), :data:`_STAMP` for a page's time
    stamp, 1 otherwise: a date on the telling, the court, the death or another incident
    dates the incident only when nothing better does."""
    if _stamped(ent):
        return _STAMP
    if _death_after(governor):
        return 2
    if governor.i in kinds.own:
        return 0
    if governor.i in kinds.other or (_later_act(governor) and not _reported_act(governor)):
        return 2
    return 1


def _later_act(verb: Token) -> bool:
    """Whether ``verb`` is a later act, or takes one as its object ("received the sentence
    Monday", "held a vigil Sunday")."""
    words = date_cues().later_verbs
    return verb.lemma_.lower() in words or any(
        c.dep_ == "dobj" and c.lemma_.lower() in words for c in verb.children
    )


def _death_after(verb: Token) -> bool:
    """Whether ``verb`` tells a victim's death as following the attack ("died Friday after a
    shooting", "died Monday from her injuries"): its day may be days after the attack's."""
    cues = date_cues()
    if verb.lemma_.lower() not in cues.outcome_verbs:
        return False
    for child in verb.children:
        if child.lower_ in cues.outcome_links:
            return True
        # "died Friday after he was shot": the link marks the clause below.
        if child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in cues.outcome_links for c in child.children
        ):
            return True
    return False


def _reported_act(verb: Token) -> bool:
    """Whether ``verb`` is the report or the hearing of an act, which is when it happened
    ("The shooting was reported around 10:30 a.m. Monday", "heard the gunshots early
    Wednesday morning")."""
    lemma = verb.lemma_.lower()
    dep = "nsubjpass" if lemma == "report" else "dobj" if lemma == "hear" else None
    return dep is not None and any(
        c.dep_ == dep and c.lemma_.lower() in date_cues().reported_acts for c in verb.children
    )


#: Tokens read back from a date expression for a stamp word ("story updated at 4:04pm on").
_STAMP_REACH = 6


def _stamped(ent: SpacySpan) -> bool:
    """Whether the expression is a page's time stamp ("Updated: Friday, June 26, 2015",
    "story updated at 4:04pm on August 10, 2013", "Update (8:20 p.m. Sunday)"). A stamp is
    a line of its own, which the parser may split into sentences at "p.m.": the words
    before it are read back to the line's start, not the sentence's."""
    doc = ent.doc
    words = date_cues().stamp_words
    for tok in reversed(doc[max(0, ent.start - _STAMP_REACH) : ent.start]):
        if "\n" in tok.text_with_ws or tok.is_space:
            return False
        if tok.lower_ in words:
            return True
    return False


def _governor(ent: SpacySpan) -> Token:
    """The word a date expression modifies, through its preposition ("arrested on Monday")."""
    tok = ent.root.head
    while tok.dep_ == "prep" and tok.head != tok:
        tok = tok.head
    return tok


def _trigger_tokens(event: Event, doc: Doc) -> set[int]:
    """Indices of the head tokens of the event's triggers."""
    out: set[int] = set()
    for span in event.triggers:
        chars = doc.char_span(span.start, span.end, alignment_mode="expand")
        if chars is not None and len(chars) > 0:
            out.add(chars.root.i)
    return out


def _in_described(ent: SpacySpan, clause: Token) -> bool:
    """Whether a date outside a describing clause still belongs to what the clause
    describes: the clause describes the date itself ("Friday, 21 July 1972, when car bombs
    exploded") or the date sits in the phrase of the noun described ("the Sept. 13 shooting
    that resulted in the death of ...")."""
    noun = clause.head
    if ent.start <= noun.i < ent.end:
        return True
    return (
        noun.pos_ in ("NOUN", "PROPN")
        and noun.left_edge.i <= ent.start
        and (ent.end <= noun.right_edge.i + 1)
    )


def _described(event: Event, doc: Doc) -> list[Token]:
    """Heads of the noun-describing clauses that hold the incident's triggers, for the
    sentences where every trigger of the incident lies in such a clause."""
    by_sentence: dict[int, list[Token | None]] = {}
    for span in event.triggers:
        chars = doc.char_span(span.start, span.end, alignment_mode="expand")
        if chars is None or len(chars) == 0:
            continue
        root = chars.root
        by_sentence.setdefault(root.sent.start, []).append(in_noun_clause(root))
    out: list[Token] = []
    for clauses in by_sentence.values():
        if all(c is not None and _of_someone(c) for c in clauses):
            out.extend(c for c in clauses if c is not None)
    return out


def _of_someone(clause: Token) -> bool:
    """Whether the clause describes a person ("Kaur, who was arrested ...", "a union
    organiser who was arrested"): the rest of the sentence tells what that person did
    later. A clause describing a thing or a happening ("a fight, which ended when four
    people were shot") is part of the sentence's own story, whose date it shares."""
    noun = clause.head
    # "Ravi Das, a union organiser who was arrested": the noun stands for the name before it.
    for word in (noun, noun.head) if noun.dep_ == "appos" else (noun,):
        if word.ent_type_ in _ACTOR_LABELS or word.pos_ == "PRON":
            return True
        lemma = word.lemma_.lower()
        if lemma in WORDS.people_nouns or lemma in WORDS.person_nouns:
            return True
        if lemma in WORDS.relation_nouns or lemma in WORDS.member_nouns:
            return True
    return False


def _scene(sent: SpacySpan, doc: Doc, text: str) -> list[SpacySpan]:
    """The sentence right before ``sent`` in its paragraph, which often sets the day of
    what follows ("On Sunday, tens of thousands demonstrated. Security forces detained 633
    protesters."). ``text`` is the document's text."""
    if sent.start == 0:
        return []
    before = doc[sent.start - 1].sent
    # A blank line anywhere from there to here (the parser may keep it inside either
    # sentence) ends the paragraph.
    if _BLANK_LINE.search(text, before.start_char, sent.start_char) or not before.text.strip():
        return []
    return [before]


def _scenes(own: list[SpacySpan], doc: Doc, text: str) -> list[SpacySpan]:
    """The sentences right before each of the incident's own sentences in their paragraph
    (:func:`_scene`) that are not its own: the day set in one ("had cleaned his shotgun
    Saturday afternoon") holds for the act told next ("the gun accidentally fired once")."""
    starts = {s.start for s in own}
    out: list[SpacySpan] = []
    for sent in own:
        out.extend(b for b in _scene(sent, doc, text) if b.start not in starts and b not in out)
    return out


def _lead(doc: Doc, told_sentences: int = _LEAD) -> list[SpacySpan]:
    """The article's lead: its sentences up to the third (``told_sentences``) that says
    something. A caption
    ("(Photo: Sheriff's Office)") or a dateline ("CULPEPER, Va. (WUSA9) --") split off by
    the parser has no verb and does not count (its date, if any, still does); a headline the
    page repeats ("× Boy killed ...") is read once."""
    lead: list[SpacySpan] = []
    said: set[str] = set()
    told = 0
    for sent in doc.sents:
        key = "".join(c for c in sent.text.lower() if c.isalnum())
        if key in said:
            continue
        said.add(key)
        lead.append(sent)
        told += any(t.pos_ in ("VERB", "AUX") for t in sent)
        if told == told_sentences:
            break
    return lead


def _told(doc: Doc) -> list[SpacySpan]:
    """Sentences that say when "it" happened ("The incident happened at about 10:22 p.m.
    Sunday", "The shooting was reported around 10:30 a.m. Monday", "Deputies were called to
    the home Saturday"): they date the article's main incident."""
    return [
        s
        for s in doc.sents
        if any(t.lemma_.lower() in HAPPENED_VERBS or _reported_act(t) or _summoned(t) for t in s)
    ]


def _summoned(verb: Token) -> bool:
    """Whether ``verb`` tells that someone was summoned to the incident ("Deputies were called
    to the hospital on Saturday"), in the passive: the active ("he called his mother") tells
    nothing of when it happened."""
    return verb.lemma_.lower() in date_cues().summoned_verbs and any(
        c.dep_ == "auxpass" for c in verb.children
    )


def _refinable(time: TimeRef) -> bool:
    """Whether a day told beyond the incident's own sentences and the lead may stand for
    its range: a week at most ("last week's murder" ... "he shot Ian last Monday night").
    A month or a year holds many incidents like it, which the same article may tell of."""
    return (time.end - time.start).days <= _MAX_DAYS


def _companion_date(event: Event, events: list[Event], later: bool = False) -> TimeRef | None:
    """A day for an incident the lead reports and nothing dates to the day, from another
    event of its kind in the article whose day falls in its range (its publication window,
    or a range of a week at most the text gives: "last week's murder" ... "he shot Ian last
    Monday night"):
    extraction often splits one incident ("Girl, 7, shoots herself" in the headline; "she
    was shot Saturday" below), and the day told of one part is the whole's (as fusion reads
    a main event's companions). With ``later``, the incident's day is a later act's
    ("received the sentence Monday"), and a companion's day on or before it is the act's
    ("in the Jan. 1 shooting death")."""
    time = event.time
    if event.aggregate or time is None:
        return None
    if later:
        time = time.model_copy(update={"start": dt.date.min})
    elif time.start == time.end or not _refinable(time):
        return None
    dated = [
        e
        for e in events
        if e is not event
        and not e.aggregate
        and e.event_type == event.event_type
        and e.time is not None
        and e.time.basis == DateBasis.expression
        and e.time.precision == Precision.day
        and time.start <= e.time.start <= time.end
    ]
    if not dated:
        return None
    first = min(dated, key=lambda e: min(t.start for t in e.triggers))
    assert first.time is not None  # kept above
    return first.time.model_copy()


def _later_act_dated(event: Event, doc: Doc, kinds: _Kinds) -> bool:
    """Whether the event's date is an expression on a later act or on the victim's death
    (:func:`_rank` 2: "has died Monday from her injuries")."""
    time = event.time
    if time is None or time.basis != DateBasis.expression or not time.spans:
        return False
    first = time.spans[0]
    ent = doc.char_span(first.start, first.end, alignment_mode="expand")
    if ent is None or len(ent) == 0:
        return False
    return _rank(ent, _governor(ent), kinds) == 2


def _before(ref: TimeRef, later: TimeRef) -> bool:
    """Whether ``ref`` may date the act a later act's date ``later`` follows: on or before
    it, and no wider ("2014" does not stand for "March 1")."""
    return ref.start <= later.start and ref.end - ref.start <= later.end - later.start


def _first_date(
    searches: list[tuple[list[SpacySpan], list[Token] | None, _Kinds]],
    text: str,
    published: dt.date | None,
    near: list[int],
    held: TimeRef | None = None,
) -> tuple[TimeRef | None, int]:
    """The date of the first of ``searches`` (sentences, describing clauses, trigger kinds)
    that gives one, and the index of that search (the number of searches when none does).
    A date on a later act ("A suspect was charged Friday in the shooting death of ...")
    gives way to one a later search finds on the incident itself or its telling, on or
    before it ("accused of firing into the home on Dec. 27"): the act came first, and the
    article is about what followed. ``held`` is such a later act's date the incident
    already has. The latest of the later acts found bounds the act's date: a weekday read
    into the past may belong to one still to come ("an autopsy is expected Wednesday")."""
    later: tuple[TimeRef, int] | None = None if held is None else (held, -1)
    bound = held
    for index, (sents, described, kinds) in enumerate(searches):
        found = _ranked_date_in(sents, text, published, near, described, kinds)
        if found is None:
            continue
        ref, rank = found
        if rank < 2 and (bound is None or _before(ref, bound)):
            return ref, index
        if rank >= 2:
            later = later or (ref, index)
            bound = ref if bound is None or ref.start > bound.start else bound
    return later if later is not None else (None, len(searches))


def date_incidents(events: list[Event], doc: Doc, published: dt.date | None) -> list[Event]:
    """The incidents with an explicit date wherever the article gives one (see module)."""
    if published is not None and not date_in_range(published):
        return events
    text = doc.text
    lead = _lead(doc)
    first = min(events, key=lambda e: min(t.start for t in e.triggers), default=None)
    # The lead reports the incident an article is filed under as well as the one it names
    # first ("Man charged in Saturday's shooting": the charge comes first, the shooting is
    # what it is about).
    leading = [e for e in (first, main_event(events, load_config())) if e is not None]
    heads = {id(e): _trigger_tokens(e, doc) for e in events}
    # Leading incidents left with a later act's day.
    later_dated: set[int] = set()
    for event in events:
        if event.aggregate:
            continue
        near = [t.start for t in event.triggers]
        described = _described(event, doc)
        own_kind = frozenset(
            i for e in events if e.event_type == event.event_type for i in heads[id(e)]
        )
        other_kind = frozenset(
            i
            for e in events
            if e.event_type != event.event_type
            for i in heads[id(e)]
            if i not in own_kind
        )
        kinds = _Kinds(own=own_kind, other=other_kind)
        own = _sentences_of(event, doc)
        scene = _scenes(own, doc, text)
        leads = any(event is e for e in leading)
        searches: list[tuple[list[SpacySpan], list[Token] | None, _Kinds]] = [
            (own, described, kinds),
            (scene, None, kinds),
        ]
        lead_kinds = kinds
        if leads:
            # For an incident the lead does not name first, a date on another kind of
            # incident's trigger is that incident's (an assault is often split into
            # several events of one kind, each of them the same incident).
            if event is not first:
                lead_kinds = _Kinds(own=own_kind, other=other_kind, vetoed=other_kind)
            # A sentence telling when it happened dates it even where the incident is told in a
            # clause describing someone ("called ... about a person who had been shot").
            searches += [(lead, described, lead_kinds), (_told(doc), None, lead_kinds)]
        if not _needs_date(event) and _later_act_dated(event, doc, kinds):
            # Its mentions gave it the day of a later act or of the death: the act's own
            # day, told elsewhere on or before it, comes first.
            found, _ = _first_date(searches, text, published, near, event.time)
            if found is not None:
                event.time = found
        if _needs_date(event):
            found, source = _first_date(searches, text, published, near)
            if leads and source >= 2:
                kinds = lead_kinds
            if found is None and leads and published is not None:
                fresh = (published - dt.timedelta(days=_FRESH_DAYS), published)
                found = _date_in(
                    _lead(doc, _FRESH_LEAD), text, published, near, described, kinds, fresh
                )
            if found is not None:
                event.time = found
        if leads and _later_act_dated(event, doc, kinds):
            later_dated.add(id(event))
        time = event.time
        if time is None or time.basis != DateBasis.expression or time.start == time.end:
            continue
        # A range ("the weekend", "in November") with a day inside it told nearby ("on
        # Sunday"): the day is the same date, said more exactly.
        span = (time.start, time.end)
        day = _date_in(own, text, published, near, described, kinds, span) or _date_in(
            scene, text, published, near, kinds=kinds, within=span
        )
        if day is None and leads:
            day = _date_in(lead, text, published, near, described, kinds, span)
        if day is None and leads and _refinable(time):
            day = _date_in(_told(doc), text, published, near, described, kinds, span)
            if day is None and published is not None:
                # As for an undated incident, a day of the week before publication told
                # just after the lead ("treated at the scene Wednesday night"), inside the
                # range.
                fresh = (max(time.start, published - dt.timedelta(days=_FRESH_DAYS)), time.end)
                if fresh[0] <= fresh[1]:
                    day = _date_in(
                        _lead(doc, _FRESH_LEAD), text, published, near, described, kinds, fresh
                    )
            if day is None:
                # A day inside the range told anywhere, on the act or not on a later one ("a
                # 2-year-old suffered a gunshot wound Sunday" in a story of weekend
                # shootings).
                day = _date_in(list(doc.sents), text, published, near, described, kinds, span)
        if day is not None:
            event.time = day
    for event in leading:
        companion = _companion_date(event, events, id(event) in later_dated)
        if companion is not None:
            event.time = companion
    for event in events:
        if _impossible(event, published):
            event.time = publication_time(published)
    return events


#: Modalities of acts that may lie ahead of the article: what is planned or threatened.
_AHEAD = frozenset({Modality.planned, Modality.threatened})
_WRITTEN_YEAR = re.compile(r"\b1[0-9]{3}\b")


def _impossible(event: Event, published: dt.date | None) -> bool:
    """Whether the event's date cannot be its own: after publication for an act told as
    done ("'I Almost Didn't Get a Tomorrow'" read as the next day), or before 1900 while
    its expression writes no such year. The publication window stands in for it."""
    time = event.time
    if time is None or time.basis != DateBasis.expression:
        return False
    if published is not None and time.start > published and event.modality not in _AHEAD:
        return True
    return time.start.year < 1900 and not _WRITTEN_YEAR.search(time.text or "")
