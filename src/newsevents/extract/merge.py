"""Merging mentions of the same incident within one article into one event."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsevents.extract.mentions import Mention
from newsevents.extract.words import WORDS
from newsevents.model import (
    ActorKind,
    Attribution,
    Claim,
    Count,
    CountCategory,
    Instrument,
    Modality,
    PlaceMention,
    Role,
    RoleType,
    Span,
    TimeRef,
)

PATIENT_ROLES = frozenset({RoleType.victim, RoleType.detainee, RoleType.target})
AGENT_ROLES = frozenset({RoleType.perpetrator, RoleType.actor})
# How far apart (in sentences) linked mentions may be.
_ANAPHORA_WINDOW = 3
_SHARED_WINDOW = 6
# Head words too general to show that two mentions share a participant.
_GENERIC_HEADS = WORDS.generic_heads


@dataclass
class MentionInfo:
    """A mention with everything resolved for it, ready to merge."""

    mention: Mention
    sent_index: int
    roles: list[Role]
    claims: list[Claim]
    modality: Modality
    modality_cues: list[Span]
    modality_confidence: float
    counts: dict[CountCategory, Count]
    # The counts with the people the mention only counts (``Mention.counted``): they give
    # the event's toll, while ``counts`` alone weigh in deciding what is an event and what
    # groups with what.
    tallies: dict[CountCategory, Count]
    time: TimeRef | None
    places: list[PlaceMention]
    instruments: list[Instrument]
    sources: list[Attribution]
    mode: str | None
    sentence: Span
    trigger: Span
    # The doer someone names for it ("X is accused of shooting"), also among ``roles``
    # when the sentence names no other.
    accused: Role | None = None
    # How many people a weapon hit ("four people were shot"): injured, unless told dead.
    hits: Count | None = None

    @property
    def substantive(self) -> bool:
        """Whether the mention says enough to stand as an event: who, whom, how many, with
        what, where or when. Bare mentions ("those detained") only add to other events."""
        return bool(
            self.roles
            or self.claims
            or self.instruments
            or any(c.best or c.low for c in self.counts.values())
            or any(p.is_event_location for p in self.places)
            or self.time is not None
            or self.hit_someone
        )

    @property
    def hit_someone(self) -> bool:
        """Whether the mention tells of people hit whom the parse reaches only through a
        verb of finding ("A young man was found shot"); not of the dead ("were found dead"),
        whom a bare mention gives to the incident it goes on about."""
        from newsevents.extract.evidence import is_target

        m = self.mention
        return m.trigger.entry.implies != CountCategory.killed and any(
            p.role not in (RoleType.perpetrator, RoleType.actor) and is_target(p.head)
            for p in m.counted
        )

    @property
    def strong(self) -> bool:
        """Whether the mention can make an event on its own."""
        m = self.mention
        if m.trigger.entry.strength == "strong":
            return True
        return bool(self.roles or self.places or self.instruments or self.claims)


@dataclass
class Group:
    """Mentions found to report one incident."""

    mentions: list[MentionInfo] = field(default_factory=list)
    # Counts the article states about the incident outside its own mentions ("no one is
    # in custody", a suspect arrested for it): see :mod:`newsevents.incidents.tolls`.
    stated: list[Count] = field(default_factory=list)
    # People hit, stated outside its mentions (a headline's "6 shot").
    stated_hits: list[Count] = field(default_factory=list)
    # For a headline's incident, the group that tells it in the body (the first incident
    # told after the headline): its toll completes the headline's.
    retold: Group | None = None

    @property
    def event_type(self) -> str:
        """The PLOVER type shared by the group."""
        return self.mentions[0].mention.event_type

    @property
    def last_sentence(self) -> int:
        """Index of the latest sentence in the group."""
        return max(mi.sent_index for mi in self.mentions)

    def roles(self, kinds: frozenset[RoleType]) -> list[Role]:
        """All roles of the given kinds across the group."""
        return [r for mi in self.mentions for r in mi.roles if r.role in kinds]


def _head_key(role: Role) -> str:
    words = role.name.lower().split()
    return words[-1].rstrip("s") if words else ""


def _same_participant(a: Role, b: Role) -> bool:
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id
    if a.kind == ActorKind.person and b.kind == ActorKind.person:
        # A named person and a singular description ("a commander") may be the same.
        return True
    return _head_key(a) == _head_key(b) and _head_key(a) not in _GENERIC_HEADS


def _compatible_modes(a: MentionInfo, b: MentionInfo) -> bool:
    if a.mention.event_type != b.mention.event_type:
        return False
    if a.mention.event_type == "ASSAULT":
        return True
    return a.mode is None or b.mode is None or a.mode == b.mode


def _times_conflict(group: Group, mi: MentionInfo) -> bool:
    if mi.time is None:
        return False
    for other in group.mentions:
        t = other.time
        if t is not None and (t.end < mi.time.start or mi.time.end < t.start):
            return True
    return False


def _identity(role: Role) -> str | None:
    """What identifies a participant across mentions: its actor, else its organisation."""
    return role.actor_id or role.affiliation_id


def done_to_doers(doers: Sequence[Role], roles: Sequence[Role]) -> bool:
    """Whether an act with ``roles`` is a reprisal on ``doers``, the doers of another act:
    someone else strikes what is theirs ("militants attacked a post ... the security forces
    pounded the hideouts of militants"), or a crowd strikes them ("the people roughed up the
    two militants"). Armed men who strike the doers themselves ("police shot the gunman")
    are the fight itself, whose toll counts the attackers hit."""
    heads = {_head_key(r) for r in doers} - _GENERIC_HEADS - {""}
    others = [r for r in roles if r.role in AGENT_ROLES and _head_key(r) not in heads]
    if not others:
        return False
    crowd = all(r.kind == ActorKind.civilians for r in others)

    def theirs(role: Role) -> bool:
        words = [w.lower().rstrip("s") for w in role.text.split()]
        # The phrase's own head: the noun before an "of" ("hideouts of militants").
        own = role.text.lower().split(" of ")[0].split()
        if not (set(words) & heads and own):
            return False
        return crowd or own[-1].rstrip("s") not in heads

    return any(r.role in PATIENT_ROLES and theirs(r) for r in roles)


def _roles_conflict(group: Group, mi: MentionInfo) -> bool:
    """Two mentions conflict when they name different identified participants in one role,
    or when one is done to the other's doers.

    Descriptions without identity ("30 worshippers", "dozens of people") never conflict:
    one incident has many victims.
    """
    if done_to_doers(group.roles(AGENT_ROLES), mi.roles):
        return True
    for kinds in (AGENT_ROLES, *(frozenset({r}) for r in PATIENT_ROLES)):
        mine = {i for r in mi.roles if r.role in kinds and (i := _identity(r))}
        theirs = {i for r in group.roles(kinds) if (i := _identity(r))}
        if mine and theirs and not mine & theirs:
            if kinds is not AGENT_ROLES and _persons_compatible(group, mi, kinds):
                continue
            return True
    return False


def _persons_compatible(group: Group, mi: MentionInfo, kinds: frozenset[RoleType]) -> bool:
    """A named person and a description of one ("a Hamas commander") may be the same."""
    mine = [r for r in mi.roles if r.role in kinds]
    theirs = group.roles(kinds)
    return any(
        _same_participant(a, b)
        for a in mine
        for b in theirs
        if a.kind == ActorKind.person and b.kind == ActorKind.person
    )


def shares_participant(group: Group, mi: MentionInfo) -> bool:
    """Whether a mention names a claimant, weapon, toll, victim or target of the group."""
    claimants = {c.actor_id for other in group.mentions for c in other.claims if c.actor_id}
    if any(c.actor_id in claimants for c in mi.claims):
        return True
    # The same weapon, or the same toll, is the same incident told twice (headline and body).
    weapons = {i.text.lower() for other in group.mentions for i in other.instruments}
    if any(i.text.lower() in weapons for i in mi.instruments):
        return True
    tolls = {(cat, c.best) for other in group.mentions for cat, c in other.counts.items() if c.best}
    if any((cat, c.best) in tolls for cat, c in mi.counts.items() if c.best):
        return True
    for role in PATIENT_ROLES:
        mine = [r for r in mi.roles if r.role == role]
        theirs = group.roles(frozenset({role}))
        for a in mine:
            for b in theirs:
                if (a.actor_id and a.actor_id == b.actor_id) or (
                    _head_key(a) == _head_key(b) and _head_key(a) not in _GENERIC_HEADS
                ):
                    return True
    return False


def _clause_linked(a: Token, b: Token) -> bool:
    """Two triggers in one clause: each within three steps of a common ancestor."""

    def chain(tok: Token) -> list[int]:
        out = [tok.i]
        while tok.head != tok and len(out) < 4:
            tok = tok.head
            out.append(tok.i)
        return out

    return bool(set(chain(a)) & set(chain(b)))


_REALIS = frozenset({Modality.asserted, Modality.claimed, Modality.alleged, Modality.suspected})


def _tolls_conflict(group: Group, mi: MentionInfo) -> bool:
    """Two different exact death tolls are two incidents (or two sums), not one; two sums
    with different figures ("more than 2,000 since September", "over 60,000 since 2014")
    are sums over different periods, however open their figures."""
    for cat, count in mi.counts.items():
        if count.best is None:
            continue
        for other in group.mentions:
            theirs = other.counts.get(cat)
            if theirs is None or theirs.best is None or theirs.best == count.best:
                continue
            sums = mi.mention.aggregate and other.mention.aggregate
            if sums or (count.low == count.high and theirs.low == theirs.high):
                return True
    return False


def same_reality(a: MentionInfo, b: MentionInfo) -> bool:
    """What happened and what was only threatened, planned or denied are different events;
    so are one incident and a sum over many ("2,000 detained since September")."""
    return (a.modality in _REALIS) == (b.modality in _REALIS) and (
        a.mention.aggregate == b.mention.aggregate
    )


@functools.cache
def _country_names() -> frozenset[str]:
    """Lower-case names of countries, with their other names ("Palestine", "Britain")."""
    from newsevents.nlp.places import country_names
    from newsevents.ontology.datafiles import data_path
    from newsevents.resolve.gazetteer import _load_place_names

    other = _load_place_names(data_path("place_names.yaml")).names
    extra = {n.lower() for code, names in other.items() if len(code) == 2 for n in names}
    return country_names() | extra


def named_places(mentions: list[MentionInfo]) -> set[str]:
    """The named places (proper names, not countries) where the mentions say it happened, or
    that the parse ties to their trigger."""
    out = set()
    for mi in mentions:
        for p in mi.places:
            name = " ".join(p.text.lower().removeprefix("the ").split())
            tied = p.is_event_location or p.confidence > 0.4
            if tied and p.text[:1].isupper() and name not in _country_names():
                out.add(name)
    return out


def names_disjoint(a: set[str], b: set[str]) -> bool:
    """Both sides name places, and no name of one contains a name of the other ("Kabul" and
    "central Kabul" are one place), nor is a first-level division that the other lies in
    ("Haryana" and "Kundli")."""
    return bool(a and b) and not any(
        x in y or y in x or _division_holds(x, y) or _division_holds(y, x) for x in a for y in b
    )


@functools.lru_cache(maxsize=4096)
def _divisions(name: str) -> frozenset[tuple[str, str]]:
    """(country, division) of the first-level divisions ``name`` may denote."""
    from newsevents.resolve.gazetteer import ADMIN1, gazetteer, normalise

    return frozenset(
        (h.place.country or "", normalise(h.place.admin1 or h.place.name))
        for h in gazetteer().lookup(name)
        if h.place.kind == ADMIN1
    )


@functools.lru_cache(maxsize=4096)
def _located_in(name: str) -> frozenset[tuple[str, str]]:
    """(country, division) of every place ``name`` may denote."""
    from newsevents.resolve.gazetteer import gazetteer, normalise

    return frozenset(
        (h.place.country or "", normalise(h.place.admin1))
        for h in gazetteer().lookup(name)
        if h.place.admin1
    )


def _division_holds(outer: str, inner: str) -> bool:
    divisions = _divisions(outer)
    return bool(divisions) and bool(divisions & _located_in(inner))


def _places_conflict(group: Group, mi: MentionInfo) -> bool:
    """Both say where it happened, by names of which none contains another: an execution
    "inside the Yarmouk camp" is not the car bombing in Gaza, even with one death each.
    (Countries are left out: "Kabul" and "Afghanistan" are one place.)"""
    mine = named_places([mi])
    return bool(mine) and names_disjoint(mine, named_places(group.mentions))


def _fits(group: Group, mi: MentionInfo) -> bool:
    return (
        same_reality(group.mentions[0], mi)
        and _compatible_modes(group.mentions[0], mi)
        and not _times_conflict(group, mi)
        and (
            mi.mention.anaphoric
            or not (
                _roles_conflict(group, mi)
                or _tolls_conflict(group, mi)
                or _places_conflict(group, mi)
            )
        )
    )


def merge_mentions(infos: list[MentionInfo]) -> list[Group]:
    """Group mentions into incidents, in text order.

    A mention joins an earlier group of the same type when nothing conflicts (times, doers,
    victims) and something links them: the same clause, a shared victim, target or claimant,
    a definite reference ("the attack") to a recent event, or the very next sentence.
    """
    groups: list[Group] = []
    deferred: list[MentionInfo] = []
    in_order = all(a.sent_index <= b.sent_index for a, b in itertools.pairwise(infos))
    live = _Live(in_order)
    for mi in infos:
        target = _find_group(live.pool(mi.sent_index), mi)
        if target is not None:
            target.mentions.append(mi)
        elif mi.substantive:
            groups.append(Group([mi]))
            live.add(groups[-1])
        else:
            deferred.append(mi)
    # A bare mention ("two suicide bombers killed ...": the bombers) may belong to an event
    # that only its own clause, read further on, establishes.
    live = _Live(in_order, groups)
    for mi in deferred:
        target = _find_group(live.pool(mi.sent_index), mi)
        if target is not None:
            target.mentions.append(mi)
            target.mentions.sort(key=lambda x: (x.sent_index, x.trigger.start))
    return [g for g in _coalesce(groups) if any(m.strong for m in g.mentions)]


#: Farthest (in sentences) that a mention may be from the last sentence of a group it joins,
#: other than the title's (see :func:`_find_group`).
_REACH = max(_ANAPHORA_WINDOW, _SHARED_WINDOW, 1)


class _Live:
    """The groups a mention may still join, in the order they were formed.

    A mention joins a group whose last sentence is at most ``_REACH`` sentences before its
    own, or the title's group. Mentions come in text order, so a group left behind stays
    behind: dropping it keeps each lookup in proportion to the groups nearby instead of all
    the groups of the article (which made long articles cost the square of their length).
    Mentions out of text order see every group.
    """

    def __init__(self, in_order: bool, groups: list[Group] | None = None) -> None:
        self.in_order = in_order
        self.groups: list[Group] = list(groups or [])

    def add(self, group: Group) -> None:
        self.groups.append(group)

    def pool(self, sent_index: int) -> list[Group]:
        if self.in_order:
            # In text order a group's mentions stay sorted: its last one is its last sentence.
            self.groups = [
                g
                for g in self.groups
                if g.mentions[0].sent_index == 0 or g.mentions[-1].sent_index >= sent_index - _REACH
            ]
        return self.groups


def _coalesce(groups: list[Group]) -> list[Group]:
    """Join groups that one clause ties together ("a bomb struck the convoy, killing four"),
    which the left-to-right pass can split when the linking word comes last."""
    out: list[Group] = []
    # Groups of ``out`` by the sentences of their mentions: only a group with a mention in
    # one of the same sentences can be linked, so no pass over all earlier groups.
    by_sentence: dict[int, list[int]] = {}
    for g in groups:
        sents = {mi.sent_index for mi in g.mentions}
        near = sorted({k for s in sents for k in by_sentence.get(s, ())})
        for k in near:
            prev = out[k]
            linked = any(
                a.sent_index == b.sent_index and _clause_linked(a.mention.head, b.mention.head)
                for a in prev.mentions
                for b in g.mentions
            )
            if linked and all(_fits(prev, mi) for mi in g.mentions):
                prev.mentions.extend(g.mentions)
                prev.mentions.sort(key=lambda mi: (mi.sent_index, mi.trigger.start))
                for s in sents:
                    by_sentence.setdefault(s, []).append(k)
                break
        else:
            out.append(g)
            for s in sents:
                by_sentence.setdefault(s, []).append(len(out) - 1)
    return out


def _find_group(groups: list[Group], mi: MentionInfo) -> Group | None:
    candidates = [g for g in reversed(groups) if _fits(g, mi)]
    weak = mi.mention.trigger.entry.strength == "weak"
    for g in candidates:
        if any(
            o.sent_index == mi.sent_index
            and (weak or _clause_linked(o.mention.head, mi.mention.head))
            for o in g.mentions
        ):
            return g
    for g in candidates:
        title = g.mentions[0].sent_index == 0
        if (title or mi.sent_index - g.last_sentence <= _SHARED_WINDOW) and shares_participant(
            g, mi
        ):
            return g
    if mi.mention.anaphoric:
        for g in candidates:
            if mi.sent_index - g.last_sentence <= _ANAPHORA_WINDOW:
                return g
    for g in candidates:
        if mi.sent_index - g.last_sentence == 1 and mi.time is None and not mi.mention.anaphoric:
            return g
    return None
