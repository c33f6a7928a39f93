"""Counting people killed, injured, arrested or kidnapped, as low / best / high."""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.extract.evidence import TARGET_NOUNS, is_people
from newsevents.extract.mentions import Mention, Participant
from newsevents.extract.quantities import parse_quantity
from newsevents.extract.syntax import PLACE_LABELS, is_plural, token_span
from newsevents.extract.words import WORDS
from newsevents.model import Count, CountCategory, RoleType

_COUNTED_ROLES = frozenset({RoleType.victim, RoleType.detainee, RoleType.target})
# Personal pronouns that stand for one person ("he was shot"); "they" says no figure.
_ONE_PERSON = frozenset({"he", "him", "she", "her"})
# Entities whose numbers are no head count: years, times, ordinals, sums, measures.
_NOT_COUNT_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _is_count(tokens: list[Token]) -> bool:
    """Whether number words count something ("12 people"), not a date, time or measure: the
    entity recognizer tags the latter."""
    return not any(t.ent_type_ in _NOT_COUNT_ENTS for t in tokens)


def _is_place_or_measure(head: Token) -> bool:
    """A place, an address or a measure ("the 8600 block", "a .40-caliber"): never people."""
    lemma = head.lemma_.lower()
    return (
        lemma in WORDS.measure_nouns
        or head.lower_ in WORDS.measure_nouns
        or lemma in WORDS.place_nouns
        or head.ent_type_ in PLACE_LABELS
        or head.ent_type_ == "FAC"
    )


def _is_age(head: Token) -> bool:
    """A bare number the parse attaches to a name ("Cade Smith, 16,") is an age, not a count."""
    return head.pos_ == "NUM" and head.dep_ in ("appos", "amod", "npadvmod") and (
        head.head.ent_type_ == "PERSON" or head.head.pos_ == "PROPN"
    )


def _quantity_count(
    category: CountCategory, tokens: list[Token], text: str, confidence: float
) -> Count | None:
    """The count that number words give ("at least 12", "dozens"), with their span."""
    span = token_span(tokens, text)
    q = parse_quantity(span.text)
    if q is None:
        return None
    return Count(
        category=category,
        low=q.low,
        best=q.best,
        high=q.high,
        text=span.text,
        spans=[span],
        confidence=confidence,
    )


def _count_of(p: Participant, category: CountCategory, text: str) -> Count | None:
    head = p.head
    if _is_place_or_measure(head) or _is_age(head):
        return None  # "on the 8600 block", "Cade Smith, 16": a number, but nobody counted
    if head.pos_ == "NUM" and not _is_count([head]):
        return None  # "in 2015", "at 10:30"
    quantity = p.quantity if _is_count(p.quantity) else []
    counted = bool(quantity) and head.lemma_.lower() not in TARGET_NOUNS
    if not (is_people(head) or counted):
        return None  # "kill off the game", "destroyed the bridge": nobody to count
    if quantity:
        count = _quantity_count(category, quantity, text, 0.8)
        if count is not None:
            return count
    span = token_span(p.tokens, text)
    if head.ent_type_ == "PERSON" or not is_plural(head):
        # One named person, or a singular noun ("a Hamas commander"): one person.
        return Count(
            category=category, low=1, best=1, high=1, text=span.text, spans=[span], confidence=0.7
        )
    # A bare plural ("soldiers were killed") says at least two, no more.
    return Count(
        category=category, low=2, best=None, high=None, text=span.text, spans=[span], confidence=0.5
    )


def _own_quantity(head: Token) -> list[Token]:
    """Number words that count an event noun itself ("40 deaths", "40 of the deaths")."""
    nums = [t for c in head.children if c.dep_ in ("nummod", "quantmod") for t in c.subtree]
    if nums:
        return sorted(nums, key=lambda t: t.i)
    gov = head.head
    if head.dep_ == "pobj" and gov.lower_ == "of" and gov.head.pos_ == "NUM":
        return [gov.head]
    return []


def mention_counts(
    m: Mention, text: str, with_counted: bool = False
) -> dict[CountCategory, Count]:
    """Counts that mention ``m`` gives for the category its trigger implies: from its
    participants, and with ``with_counted`` also from the people it only counts
    (``Mention.counted``)."""
    category = m.implies
    if category is None:
        return {}
    found: dict[CountCategory, Count] = {}
    named = {p.head for p in m.participants}
    counted = [c for c in m.counted if c.head not in named] if with_counted else []
    patients = [
        p
        for p in [*m.participants, *counted]
        if p.role in _COUNTED_ROLES
        # "he was shot": one person; other pronouns ("they", "it") give no figure.
        and (p.head.pos_ != "PRON" or p.head.lower_ in _ONE_PERSON)
    ]
    head = m.head
    own = _own_quantity(head)
    if not patients and own:
        # "40 deaths", "40 of these deaths": the event noun counts its own victims.
        count = _quantity_count(category, own, text, 0.7)
        if count is not None:
            return {category: count}
    if not patients and head.pos_ == "NOUN" and is_plural(head) and len(m.trigger.tokens) == 1:
        # "arrests were made", "the killings": more than one person, how many unknown.
        span = token_span([head], text)
        return {
            category: Count(category=category, low=2, text=span.text, spans=[span], confidence=0.4)
        }
    for p in patients:
        count = _count_of(p, category, text)
        if count is None:
            continue
        prev = found.get(category)
        found[category] = count if prev is None else add_counts(prev, count)
    return found


def add_counts(a: Count, b: Count) -> Count:
    """Two groups counted in one mention ("five soldiers and two civilians"): their sum."""

    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    return Count(
        category=a.category,
        low=plus(a.low, b.low) or max(a.low or 0, b.low or 0) or None,
        best=plus(a.best, b.best),
        high=plus(a.high, b.high),
        text=f"{a.text}; {b.text}",
        spans=[*a.spans, *b.spans],
        confidence=min(a.confidence, b.confidence),
    )


def _specificity(c: Count) -> int:
    """How precisely a count states its figure: a number ("12", "at least 12", "up to 12")
    beats a vague quantifier ("several", "dozens"), and one person named as a victim (one of
    the toll, perhaps) ranks with the vague ones."""
    if c.best is None:
        return 0
    if c.best > 1 and c.best in (c.low, c.high):
        return 2
    return 1


def merge_counts(a: Count, b: Count) -> Count:
    """The same count reported twice in an article: the most specific figure stated (the
    larger of two equally specific ones: a toll that rose), and the widest range."""
    lows = [v for v in (a.low, b.low) if v is not None]
    highs = [v for v in (a.high, b.high) if v is not None]
    rank = max(_specificity(a), _specificity(b))
    bests = [c.best for c in (a, b) if c.best is not None and _specificity(c) == rank]
    high = max(highs) if highs and len(highs) == 2 else None
    best = max(bests) if bests else None
    low = min(lows) if lows else None
    if best is not None and low is not None and best < low:
        best = low
    return Count(
        category=a.category,
        low=low,
        best=best,
        high=high if high is None or best is None or high >= best else best,
        text=a.text if a.confidence >= b.confidence else b.text,
        spans=[*a.spans, *b.spans],
        confidence=max(a.confidence, b.confidence),
    )
