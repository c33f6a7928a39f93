"""Incident-level scoring: system events against gold incidents, one article at a time.

The rules are those of the coder-gold README ("Scoring suggestion"):

* A system event and a gold event may be matched when their types are compatible (same
  PLOVER type, same non-null ACLED sub-type, or one of the cross-overs ASSAULT-COERCE,
  ASSAULT-PROTEST, PROTEST-COERCE) and they refer to the same incident: the system's
  evidence (its sentences, else its triggers) overlaps a gold evidence sentence; or, when
  the system gives no usable evidence, the dates overlap (an unknown date overlaps any) and
  the places agree.
* Per article the matching is one-to-one and maximises the number of matches; among
  matchings with as many matches, the one with more core gold events wins (an optional
  event must not take a system event a core event could have had), then the one with more
  field agreement.
* Core gold matched: true positive; core unmatched: false negative; optional matched:
  neutral; system event matched to nothing: false positive.
* A ``mergeable_with`` group is scored both member by member and as one unit matched by a
  single system event (one true positive per core member); per article the better reading
  is kept: more true positives, then fewer false positives, then more field agreement.
* Field accuracy is measured over matched core pairs (:func:`field_checks`).

Everything here works on the plain records below: the runner
(:mod:`newsevents.evaluate.coder`) converts extractor output and gold lines into them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsevents.evaluate.scorers.assignment import assignment_pairs

Offsets = tuple[int, int]

COUNT_CATEGORIES = ("killed", "injured", "kidnapped", "arrested")

#: PLOVER type pairs that code one incident in two accepted ways: property destruction and
#: abduction vs. detention (ASSAULT-COERCE), riots and mob violence (ASSAULT-PROTEST),
#: arrests at a protest (PROTEST-COERCE).
CROSSOVERS = frozenset(
    {
        frozenset({"ASSAULT", "COERCE"}),
        frozenset({"ASSAULT", "PROTEST"}),
        frozenset({"PROTEST", "COERCE"}),
    }
)

#: Gold modalities that count as "factual" in the collapsed modality split.
FACTUAL = frozenset({"asserted", "claimed"})

#: Share of the gold figure a count may be off by and still count as "within 10 %".
COUNT_TOLERANCE = 0.10

#: Words that name the kind of a first-level unit rather than the unit ("Islamabad Capital
#: Territory" is "Islamabad"); dropped when comparing admin1 names.
_ADMIN1_WORDS = frozenset(
    {"province", "state", "region", "governorate", "oblast", "department", "prefecture"}
    | {"capital", "territory", "district", "county", "division", "of"}
)
_LEADING_ARTICLES = frozenset({"the", "a", "an"})

# Weights of one pair in the assignment: matches first, then core gold, then agreement
# (in [0, 1] per pair), so no number of lower-tier gains outweighs one higher-tier gain.
_MATCH_WEIGHT = 1e6
_CORE_WEIGHT = 1e3


# -- records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldMention:
    """A gold participant mention: its text, offsets (None when not in the text) and kind."""

    text: str
    start: int | None = None
    end: int | None = None
    kind: str | None = None


@dataclass(frozen=True)
class SystemMention:
    """A system participant: its text, every mention's offsets, and the gold kinds its
    kind can stand for (empty when unknown)."""

    text: str
    spans: tuple[Offsets, ...] = ()
    kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class GoldPlace:
    """Where a gold incident happened; ``text`` and offsets are None when not named."""

    text: str | None = None
    start: int | None = None
    end: int | None = None
    country: str | None = None
    admin1: str | None = None


@dataclass(frozen=True)
class SystemPlace:
    """A place the system gives for an event."""

    text: str
    spans: tuple[Offsets, ...] = ()
    country: str | None = None
    admin1: str | None = None


@dataclass(frozen=True)
class DateRange:
    """The range of possible dates of an incident; ``start`` None when unknown."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    """One gold incident."""

    id: str
    core: bool
    plover_type: str
    mode: str | None = None
    acled_sub_event_type: str | None = None
    perpetrators: tuple[GoldMention, ...] = ()
    targets: tuple[GoldMention, ...] = ()
    place: GoldPlace | None = None
    date: DateRange | None = None
    counts: Mapping[str, int | None] = field(default_factory=dict)
    modality: str = "asserted"
    evidence: tuple[Offsets, ...] = ()
    mergeable_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class SystemEvent:
    """One system event, in the gold's vocabulary (types, kinds, modality)."""

    id: str
    plover_type: str
    mode: str | None = None
    acled_sub_event_type: str | None = None
    sentences: tuple[Offsets, ...] = ()
    triggers: tuple[Offsets, ...] = ()
    trigger_text: str = ""
    perpetrators: tuple[SystemMention, ...] = ()
    targets: tuple[SystemMention, ...] = ()
    places: tuple[SystemPlace, ...] = ()  # the event's location first
    date: DateRange | None = None
    counts: Mapping[str, int | None] = field(default_factory=dict)
    modality: str = "asserted"
    confidence: float | None = None


@dataclass(frozen=True)
class ScoredArticle:
    """The gold incidents and the system events of one article."""

    doc_id: str
    pool: str
    gold: tuple[GoldEvent, ...]
    system: tuple[SystemEvent, ...]


# -- comparing one system event with one gold event ----------------------------------------


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _usable(spans: Iterable[Offsets]) -> tuple[Offsets, ...]:
    return tuple(s for s in spans if s[0] < s[1])


def normalise_text(text: str) -> str:
    """Case, accents, punctuation and a leading article removed; spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.sub(r"[\W_]+", " ", plain).split()
    if len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words)


def normalise_admin1(name: str) -> str:
    """An admin1 name without accents, case and words such as "Province" or "Capital
    Territory" (kept when nothing else is left)."""
    words = normalise_text(name).split()
    kept = [w for w in words if w not in _ADMIN1_WORDS]
    return " ".join(kept or words)


def types_compatible(system: SystemEvent, gold: GoldEvent) -> bool:
    """Same PLOVER type, same non-null ACLED sub-type, or a known cross-over."""
    if system.plover_type == gold.plover_type:
        return True
    if gold.acled_sub_event_type is not None and (
        system.acled_sub_event_type == gold.acled_sub_event_type
    ):
        return True
    return frozenset({system.plover_type, gold.plover_type}) in CROSSOVERS


def system_evidence(system: SystemEvent) -> tuple[Offsets, ...]:
    """The system's evidence: its sentences, else its triggers (empty spans dropped)."""
    return _usable(system.sentences) or _usable(system.triggers)


def dates_overlap(a: DateRange | None, b: DateRange | None) -> bool:
    """Whether two date ranges can be the same day; an unknown date overlaps any."""
    if a is None or b is None or a.start is None or b.start is None:
        return True
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end and b.start <= a_end


def places_agree(places: Sequence[SystemPlace], gold: GoldPlace | None) -> bool:
    """Some system place has the gold country and admin1 (any admin1 when the gold has
    none), or a mention of it overlaps the gold place's span."""
    if gold is None:
        return False
    span = _gold_offsets(gold.start, gold.end)
    for place in places:
        if span is not None and any(_overlaps(s, span) for s in place.spans):
            return True
        if gold.country is None or place.country != gold.country:
            continue
        if gold.admin1 is None or _admin1_equal(place.admin1, gold.admin1):
            return True
    return False


def _admin1_equal(system: str | None, gold: str) -> bool:
    return system is not None and normalise_admin1(system) == normalise_admin1(gold)


def same_incident(system: SystemEvent, gold: GoldEvent) -> bool:
    """The system's evidence overlaps a gold evidence sentence; without usable system
    evidence, the dates overlap and the places agree."""
    evidence = system_evidence(system)
    if evidence:
        return any(_overlaps(s, g) for s in evidence for g in gold.evidence)
    return dates_overlap(system.date, gold.date) and places_agree(system.places, gold.place)


def matchable(system: SystemEvent, gold: GoldEvent) -> bool:
    """Compatible types and the same incident: the pair may be matched."""
    return types_compatible(system, gold) and same_incident(system, gold)


def _gold_offsets(start: int | None, end: int | None) -> Offsets | None:
    return (start, end) if start is not None and end is not None else None


def _mention_agrees(system: SystemMention, gold: GoldMention) -> bool:
    span = _gold_offsets(gold.start, gold.end)
    if span is not None and any(_overlaps(s, span) for s in system.spans):
        return True
    target = normalise_text(gold.text)
    return bool(target) and normalise_text(system.text) == target


def mentions_agree(system: Sequence[SystemMention], gold: Sequence[GoldMention]) -> bool:
    """Some system mention overlaps a gold mention or equals its normalised text; both
    empty also agree."""
    if not gold or not system:
        return not gold and not system
    return any(_mention_agrees(s, g) for s in system for g in gold)


def kinds_agree(system: Sequence[SystemMention], gold: Sequence[GoldMention]) -> bool:
    """Some system mention's kind can stand for the kind of some gold mention."""
    gold_kinds = {g.kind for g in gold if g.kind is not None}
    return any(s.kinds & gold_kinds for s in system)


def _within(system: int | None, gold: int) -> bool:
    return system is not None and abs(system - gold) <= COUNT_TOLERANCE * gold


def field_checks(system: SystemEvent, gold: GoldEvent) -> dict[str, bool]:
    """Per-field agreement of a matched pair; a field the gold leaves open is left out.

    ``type``; ``mode`` (gold mode non-null); ``acled_sub_type`` (gold sub-type non-null);
    ``perpetrator`` and ``target`` (:func:`mentions_agree`) with ``*_kind`` where both sides
    name someone; ``country``, ``admin1`` and ``place_text`` against the system's first
    place (its location), each where the gold gives it; ``date`` (system start inside the
    gold range) and ``date_day`` (the same day, to the day, where the gold precision is
    day), where the gold start is known; per count category where the gold figure is
    known, ``<category>`` (equal) and ``<category>_10pct`` (within 10 %); ``modality``
    and ``factuality`` (both factual or both not).
    """
    checks: dict[str, bool] = {"type": system.plover_type == gold.plover_type}
    if gold.mode is not None:
        checks["mode"] = system.mode == gold.mode
    if gold.acled_sub_event_type is not None:
        checks["acled_sub_type"] = system.acled_sub_event_type == gold.acled_sub_event_type
    for name, sys_mentions, gold_mentions in (
        ("perpetrator", system.perpetrators, gold.perpetrators),
        ("target", system.targets, gold.targets),
    ):
        checks[name] = mentions_agree(sys_mentions, gold_mentions)
        if sys_mentions and gold_mentions:
            checks[f"{name}_kind"] = kinds_agree(sys_mentions, gold_mentions)
    checks.update(_place_checks(system.places, gold.place))
    checks.update(_date_checks(system.date, gold.date))
    for category in COUNT_CATEGORIES:
        figure = gold.counts.get(category)
        if figure is not None:
            value = system.counts.get(category)
            checks[category] = value == figure
            checks[f"{category}_10pct"] = _within(value, figure)
    checks["modality"] = system.modality == gold.modality
    checks["factuality"] = (system.modality in FACTUAL) == (gold.modality in FACTUAL)
    return checks


def _place_checks(places: Sequence[SystemPlace], gold: GoldPlace | None) -> dict[str, bool]:
    if gold is None:
        return {}
    # The system's answer is its first place (the event's location); a system naming two
    # countries gets no credit for either being somewhere in its list.
    first = places[0] if places else None
    checks: dict[str, bool] = {}
    if gold.country is not None:
        checks["country"] = first is not None and first.country == gold.country
    if gold.admin1 is not None:
        checks["admin1"] = first is not None and _admin1_equal(first.admin1, gold.admin1)
    if gold.text is not None:
        mention = GoldMention(gold.text, gold.start, gold.end)
        checks["place_text"] = first is not None and _mention_agrees(
            SystemMention(first.text, first.spans), mention
        )
    return checks


def _date_checks(system: DateRange | None, gold: DateRange | None) -> dict[str, bool]:
    if gold is None or gold.start is None:
        return {}
    start = system.start if system is not None else None
    gold_end = gold.end or gold.start
    checks = {"date": start is not None and gold.start <= start <= gold_end}
    if gold.precision == "day":
        checks["date_day"] = (
            system is not None and start == gold.start and system.precision == "day"
        )
    return checks


def _mentions_text(mentions: Sequence[SystemMention] | Sequence[GoldMention]) -> str:
    return " | ".join(m.text for m in mentions) or "-"


def _kinds_text(mentions: Sequence[SystemMention] | Sequence[GoldMention]) -> str:
    kinds: list[str] = []
    for m in mentions:
        found = sorted(m.kinds) if isinstance(m, SystemMention) else [m.kind or "?"]
        kinds.append("/".join(found) or "?")
    return " | ".join(kinds) or "-"


def _date_text(date: DateRange | None) -> str:
    if date is None or date.start is None:
        return "-"
    end = f"..{date.end}" if date.end is not None and date.end != date.start else ""
    return f"{date.start}{end} ({date.precision or '?'})"


def field_values(system: SystemEvent, gold: GoldEvent, name: str) -> tuple[str, str]:
    """What the system and the gold say for field ``name`` of :func:`field_checks`, as
    short texts: the ``--details`` listing shows them where the two disagree."""
    first = system.places[0] if system.places else None
    place = gold.place
    category = name.removesuffix("_10pct")
    if category in COUNT_CATEGORIES:
        value = system.counts.get(category)
        return ("-" if value is None else str(value)), str(gold.counts.get(category))
    values: dict[str, tuple[str, str]] = {
        "type": (system.plover_type, gold.plover_type),
        "mode": (str(system.mode), str(gold.mode)),
        "acled_sub_type": (str(system.acled_sub_event_type), str(gold.acled_sub_event_type)),
        "perpetrator": (_mentions_text(system.perpetrators), _mentions_text(gold.perpetrators)),
        "perpetrator_kind": (_kinds_text(system.perpetrators), _kinds_text(gold.perpetrators)),
        "target": (_mentions_text(system.targets), _mentions_text(gold.targets)),
        "target_kind": (_kinds_text(system.targets), _kinds_text(gold.targets)),
        "country": (str(first and first.country), str(place and place.country)),
        "admin1": (str(first and first.admin1), str(place and place.admin1)),
        "place_text": (first.text if first else "-", str(place and place.text)),
        "date": (_date_text(system.date), _date_text(gold.date)),
        "date_day": (_date_text(system.date), _date_text(gold.date)),
        "modality": (system.modality, gold.modality),
        "factuality": (system.modality, gold.modality),
    }
    return values.get(name, ("?", "?"))


def agreement(system: SystemEvent, gold: GoldEvent) -> float:
    """Share of :func:`field_checks` that agree (0-1): the tie-break between matchings."""
    checks = field_checks(system, gold)
    return sum(checks.values()) / len(checks)


# -- matching one article -----------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A system event matched to a gold event, or to a merged group of them (``gold``)."""

    gold: tuple[GoldEvent, ...]
    system: SystemEvent
    column: int  # index of the system event in its article

    @property
    def core_members(self) -> tuple[GoldEvent, ...]:
        """The core gold events of the pair: one true positive each."""
        return tuple(g for g in self.gold if g.core)

    @property
    def same_type(self) -> bool:
        """The system's PLOVER type is that of a gold event of the pair."""
        return any(g.plover_type == self.system.plover_type for g in self.gold)


@dataclass(frozen=True)
class ArticleMatch:
    """The matching kept for one article and what it counts."""

    doc_id: str
    pool: str
    pairs: tuple[Pair, ...]
    missed: tuple[GoldEvent, ...]  # core gold events matched to nothing
    false_positives: tuple[SystemEvent, ...]
    n_core: int
    merged: tuple[tuple[str, ...], ...] = ()  # mergeable groups scored as one unit

    @property
    def tp(self) -> int:
        """Core gold events matched."""
        return sum(len(p.core_members) for p in self.pairs)

    @property
    def fn(self) -> int:
        """Core gold events not matched."""
        return len(self.missed)

    @property
    def fp(self) -> int:
        """System events matched to nothing."""
        return len(self.false_positives)

    @property
    def neutral(self) -> int:
        """System events matched to optional gold events only."""
        return sum(1 for p in self.pairs if not p.core_members)

    @property
    def agreement(self) -> float:
        """Summed field agreement over matched core gold events."""
        return sum(agreement(p.system, g) for p in self.pairs for g in p.core_members)


def mergeable_groups(gold: Sequence[GoldEvent]) -> list[tuple[str, ...]]:
    """Groups of two or more gold ids linked by ``mergeable_with`` (either direction), in
    article order; ids not in ``gold`` are ignored."""
    ids = [g.id for g in gold]
    parent = {i: i for i in ids}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for event in gold:
        for other in event.mergeable_with:
            if other in parent:
                parent[root(other)] = root(event.id)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(root(i), []).append(i)
    return [tuple(members) for members in groups.values() if len(members) > 1]


def _unit_matchable(system: SystemEvent, unit: Sequence[GoldEvent]) -> bool:
    return any(matchable(system, g) for g in unit)


def _unit_weight(system: SystemEvent, unit: Sequence[GoldEvent]) -> float:
    core = [g for g in unit if g.core]
    fit = sum(agreement(system, g) for g in (core or unit)) / len(core or unit)
    return _MATCH_WEIGHT + _CORE_WEIGHT * len(core) + fit


def _match_units(
    doc_id: str,
    pool: str,
    units: Sequence[tuple[GoldEvent, ...]],
    system: Sequence[SystemEvent],
    merged: tuple[tuple[str, ...], ...],
) -> ArticleMatch:
    weights = [
        [_unit_weight(s, unit) if _unit_matchable(s, unit) else 0.0 for s in system]
        for unit in units
    ]
    pairs = [
        Pair(units[row], system[col], col)
        for row, col in assignment_pairs(weights)
        if weights[row][col] > 0
    ]
    matched_gold = {g.id for p in pairs for g in p.gold}
    matched_system = {p.column for p in pairs}
    gold = [g for unit in units for g in unit]
    return ArticleMatch(
        doc_id=doc_id,
        pool=pool,
        pairs=tuple(pairs),
        missed=tuple(g for g in gold if g.core and g.id not in matched_gold),
        false_positives=tuple(s for i, s in enumerate(system) if i not in matched_system),
        n_core=sum(1 for g in gold if g.core),
        merged=merged,
    )


def match_article(article: ScoredArticle) -> ArticleMatch:
    """The best one-to-one matching of an article's system events to its gold events,
    trying each mergeable group both split and merged (see the module docstring)."""
    groups = mergeable_groups(article.gold)
    by_id = {g.id: g for g in article.gold}
    grouped = {i for group in groups for i in group}
    singles = [(g,) for g in article.gold if g.id not in grouped]
    best: ArticleMatch | None = None
    for merge in itertools.product((False, True), repeat=len(groups)):
        units: list[tuple[GoldEvent, ...]] = list(singles)
        merged = []
        for group, as_one in zip(groups, merge, strict=True):
            if as_one:
                units.append(tuple(by_id[i] for i in group))
                merged.append(group)
            else:
                units.extend((by_id[i],) for i in group)
        result = _match_units(article.doc_id, article.pool, units, article.system, tuple(merged))
        # Split readings come first, so a merged one is kept only when strictly better.
        if best is None or _rank(result) > _rank(best):
            best = result
    assert best is not None  # product() yields at least the empty choice
    return best


def _rank(match: ArticleMatch) -> tuple[int, int, float]:
    return (match.tp, -match.fp, match.agreement)


# -- scoring a collection -----------------------------------------------------------------


@dataclass
class Tally:
    """True positives, false positives and false negatives, with P/R/F1 in percent."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, match: ArticleMatch) -> None:
        """Count one article."""
        self.tp += match.tp
        self.fp += match.fp
        self.fn += match.fn

    @property
    def precision(self) -> float:
        """Percent of system events (neutral ones aside) that match a core gold event."""
        return 100.0 * self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Percent of core gold events matched."""
        return 100.0 * self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class IncidentScores:
    """Everything the scorer measured over a collection of articles."""

    overall: Tally
    by_pool: dict[str, Tally]
    no_core_articles: int
    no_core_system_events: int
    neutral: int
    fields: dict[str, tuple[int, int]]  # field -> (agreeing, compared)
    matches: list[ArticleMatch]
    # (confidence, label) per system event with a confidence: label 1 when matched to a
    # core or optional gold event of the same PLOVER type.
    outcomes: list[tuple[float, bool]]

    def accuracy(self, name: str) -> float | None:
        """Percent of compared pairs agreeing on ``name``; None when none was compared."""
        right, total = self.fields.get(name, (0, 0))
        return 100.0 * right / total if total else None


#: Order of the field accuracies in reports.
FIELD_ORDER = (
    "type",
    "mode",
    "acled_sub_type",
    "perpetrator",
    "perpetrator_kind",
    "target",
    "target_kind",
    "country",
    "admin1",
    "place_text",
    "date",
    "date_day",
    *(name for c in COUNT_CATEGORIES for name in (c, f"{c}_10pct")),
    "modality",
    "factuality",
)


def score(articles: Iterable[ScoredArticle]) -> IncidentScores:
    """Match every article and total the counts, field agreement and calibration outcomes."""
    overall = Tally()
    by_pool: dict[str, Tally] = {}
    fields: dict[str, list[int]] = {}
    matches: list[ArticleMatch] = []
    outcomes: list[tuple[float, bool]] = []
    no_core_articles = no_core_events = neutral = 0
    for article in articles:
        match = match_article(article)
        matches.append(match)
        overall.add(match)
        by_pool.setdefault(article.pool, Tally()).add(match)
        neutral += match.neutral
        if match.n_core == 0:
            no_core_articles += 1
            no_core_events += len(article.system)
        for pair in match.pairs:
            for gold in pair.core_members:
                for name, ok in field_checks(pair.system, gold).items():
                    tally = fields.setdefault(name, [0, 0])
                    tally[0] += ok
                    tally[1] += 1
        right = {p.column for p in match.pairs if p.same_type}
        outcomes.extend(
            (s.confidence, i in right)
            for i, s in enumerate(article.system)
            if s.confidence is not None
        )
    ordered = {n: (fields[n][0], fields[n][1]) for n in FIELD_ORDER if n in fields}
    return IncidentScores(
        overall=overall,
        by_pool=dict(sorted(by_pool.items())),
        no_core_articles=no_core_articles,
        no_core_system_events=no_core_events,
        neutral=neutral,
        fields=ordered,
        matches=matches,
        outcomes=outcomes,
    )


__all__ = [
    "COUNT_CATEGORIES",
    "CROSSOVERS",
    "FACTUAL",
    "FIELD_ORDER",
    "ArticleMatch",
    "DateRange",
    "GoldEvent",
    "GoldMention",
    "GoldPlace",
    "IncidentScores",
    "Pair",
    "ScoredArticle",
    "SystemEvent",
    "SystemMention",
    "SystemPlace",
    "Tally",
    "agreement",
    "dates_overlap",
    "field_checks",
    "kinds_agree",
    "match_article",
    "matchable",
    "mentions_agree",
    "mergeable_groups",
    "normalise_admin1",
    "normalise_text",
    "places_agree",
    "same_incident",
    "score",
    "system_evidence",
    "types_compatible",
]
