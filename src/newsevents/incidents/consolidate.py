"""From mention groups to the article's incidents.

:func:`newsevents.extract.merge.merge_mentions` links mentions that the text ties together
(one clause, a shared victim, "the attack" a sentence later). Articles also come back to an
incident far from its first report, with nothing but the act itself ("Jones was shot in the
chest" five sentences after "four people were hit"), and those mentions stayed separate
records. This step joins groups that report one incident: the same kind of act, in the same
reality (what happened vs. what was threatened), with nothing that tells them apart (another
day, another place, another toll, other identified participants), and either something
shared or nothing of their own to set them apart. A group that names its own place or day
stays its own incident: the St. Louis weekend's four shootings stay four. An incident told
only in the headline is the first compatible incident the body tells.
"""

from __future__ import annotations

from newsevents.extract.merge import (
    AGENT_ROLES,
    PATIENT_ROLES,
    Group,
    MentionInfo,
    done_to_doers,
    named_places,
    names_disjoint,
    same_reality,
    shares_participant,
)
from newsevents.model import ActorKind, DateBasis, PlaceMention, RoleType, TimeRef

#: Farthest (in sentences) that a group may be from the incident it joins on the strength of
#: saying nothing new. Shared participants, places or days join across any distance.
_BARE_REACH = 12


def _explicit_times(group: Group) -> list[TimeRef]:
    return [
        mi.time
        for mi in group.mentions
        if mi.time is not None and mi.time.basis == DateBasis.expression
    ]


def _event_places(group: Group) -> list[PlaceMention]:
    return [p for mi in group.mentions for p in mi.places if p.is_event_location]


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("the ", " ").split())


def _places_conflict(a: Group, b: Group) -> bool:
    """Both name where they happened, and no name of one contains a name of the other."""
    pa = {_norm(p.text) for p in _event_places(a)}
    pb = {_norm(p.text) for p in _event_places(b)}
    return names_disjoint(pa, pb)


def _named_places_conflict(a: Group, b: Group) -> bool:
    """Both tie the act to named places (not countries), none of which contains another:
    an execution "inside the Yarmouk camp" is not the bombing in Gaza told again."""
    return names_disjoint(named_places(a.mentions), named_places(b.mentions))


def _places_shared(a: Group, b: Group) -> bool:
    pa = {_norm(p.text) for p in _event_places(a)}
    pb = {_norm(p.text) for p in _event_places(b)}
    return bool(pa and pb) and any(x in y or y in x for x in pa for y in pb)


def _times_conflict(a: Group, b: Group) -> bool:
    ta, tb = _explicit_times(a), _explicit_times(b)
    if not ta or not tb:
        return False
    # Conflict only when no date of one overlaps any date of the other: articles restate a
    # day at coarser grain ("on Monday", "this week") and that is the same incident.
    return not any(x.start <= y.end and y.start <= x.end for x in ta for y in tb)


def _times_shared(a: Group, b: Group) -> bool:
    ta, tb = _explicit_times(a), _explicit_times(b)
    return any(
        x.start == y.start and x.end == y.end and x.precision.value == "day" for x in ta for y in tb
    )


def _exact_tolls(group: Group) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for mi in group.mentions:
        for cat, c in mi.counts.items():
            if c.best is not None and c.low == c.high:
                out.setdefault(cat.value, set()).add(c.best)
    return out


def _tolls_conflict(a: Group, b: Group) -> bool:
    """Different exact tolls, unless ``b`` only names some of ``a``'s victims ("six were
    kidnapped ... his brother was also kidnapped") and says nothing else of its own."""
    ta, tb = _exact_tolls(a), _exact_tolls(b)
    part_of = not _distinct(b)
    return any(
        ta[k].isdisjoint(tb[k]) and not (part_of and max(tb[k]) < max(ta[k]))
        for k in ta.keys() & tb.keys()
    )


#: Smallest toll that links two reports by itself: one dead is told of many incidents.
LINKING_TOLL = 2


def _exact_hits(group: Group) -> set[int]:
    """The exact numbers of people the group's mentions say were hit ("seven were shot")."""
    return {
        h.best
        for mi in group.mentions
        if (h := mi.hits) is not None and h.best is not None and h.low == h.high
    }


def _tolls_shared(a: Group, b: Group) -> bool:
    """The same exact toll of several people ("Seven people were shot on Broad Ripple
    Avenue" ... "six men and one woman were shot around 2:20 a.m. Saturday")."""
    ta, tb = _exact_tolls(a), _exact_tolls(b)
    ta["hit"], tb["hit"] = _exact_hits(a), _exact_hits(b)
    return any(
        len(ta[k]) == len(tb[k]) == 1 and ta[k] == tb[k] and min(ta[k]) >= LINKING_TOLL
        for k in ta.keys() & tb.keys()
    )


def _identities(group: Group, kinds: frozenset[RoleType]) -> set[str]:
    """The identified participants in ``kinds``; for the victims of violence, groups only:
    one kidnapping spree or shooting has many named victims ("Josephine Danlami was one
    of the victims ... Isiah Bamayi was also kidnapped"). Named people held stay apart:
    the arrests of two defenders are two incidents."""
    victims = group.event_type == "ASSAULT" and not kinds & AGENT_ROLES
    return {
        i
        for mi in group.mentions
        for r in mi.roles
        if r.role in kinds
        and not (victims and r.kind == ActorKind.person)
        and (i := r.actor_id or r.affiliation_id)
    }


def _actors_conflict(a: Group, b: Group) -> bool:
    """Different identified doers, or victims of different identified groups, are
    different incidents ("arrested dozens of IS supporters" / "members of Ansar Bayt
    al-Maqdis"). Unidentified victims never conflict: one incident has many. Nor is an act
    done to the other's doers the same incident (a reprisal)."""
    both = AGENT_ROLES | PATIENT_ROLES
    if done_to_doers(a.roles(AGENT_ROLES), b.roles(both)) or done_to_doers(
        b.roles(AGENT_ROLES), a.roles(both)
    ):
        return True
    for kinds in (AGENT_ROLES, *(frozenset({r}) for r in PATIENT_ROLES)):
        ia, ib = _identities(a, kinds), _identities(b, kinds)
        if ia and ib and ia.isdisjoint(ib):
            return True
    return False


def _compatible(a: Group, b: Group) -> bool:
    ma, mb = a.mentions[0], b.mentions[0]
    if a.event_type != b.event_type or not same_reality(ma, mb):
        return False
    modes = {mi.mode for mi in a.mentions if mi.mode}, {mi.mode for mi in b.mentions if mi.mode}
    if a.event_type != "ASSAULT" and modes[0] and modes[1] and modes[0].isdisjoint(modes[1]):
        return False
    return not (
        _places_conflict(a, b)
        or _named_places_conflict(a, b)
        or _times_conflict(a, b)
        or _tolls_conflict(a, b)
        or _actors_conflict(a, b)
    )


def _same_manner(a: Group, b: Group) -> bool:
    """No two different ways of doing it (a kidnapping is not the bombing told again)."""
    ma = {mi.mode for mi in a.mentions if mi.mode}
    mb = {mi.mode for mi in b.mentions if mi.mode}
    return not (ma and mb and ma.isdisjoint(mb))


def _distinct(group: Group) -> bool:
    """Whether a group says something of its own that could make it another incident."""
    return bool(_event_places(group) or _explicit_times(group))


def _linked(a: Group, b: Group) -> bool:
    if _places_shared(a, b) or _times_shared(a, b) or _tolls_shared(a, b):
        return True
    return any(shares_participant(a, mi) for mi in b.mentions)


#: Longest first line that reads as a headline (as :func:`headline_counts` reads it).
HEADLINE_CHARS = 160


def _headline_only(group: Group) -> bool:
    """Whether the group is told only in the headline: the text's first sentence, short and
    without the full stop of a lead ("Child hospitalized after shooting self in hand")."""
    return all(
        mi.sent_index == 0
        and len(mi.sentence.text) <= HEADLINE_CHARS
        and not mi.sentence.text.rstrip().endswith(".")
        for mi in group.mentions
    )


def _first(group: Group) -> MentionInfo:
    return min(group.mentions, key=lambda mi: (mi.sent_index, mi.trigger.start))


def consolidate(groups: list[Group]) -> list[Group]:
    """Join groups that report one incident; keep the others apart. Order: first mention."""
    incidents: list[Group] = []
    for g in sorted(groups, key=lambda g: (_first(g).sent_index, _first(g).trigger.start)):
        target = None
        candidates = [h for h in reversed(incidents) if _compatible(h, g)]
        for h in candidates:
            if _linked(h, g):
                target = h
                break
        if target is None:
            # A headline announces the story the article goes on to tell: the first
            # compatible incident after it is the headline's, told in full ("Child
            # hospitalized after shooting self in hand", then "a child shot himself in the
            # hand ... in the 9000 block of East 39th Place"), even when the headline's
            # words share no participant with it.
            target = next((h for h in candidates if _headline_only(h)), None)
        if target is None and not _distinct(g):
            # Nothing of its own: the most recent compatible incident close enough is the
            # one it goes on about.
            near = [
                h
                for h in candidates
                if _first(g).sent_index - h.last_sentence <= _BARE_REACH and _same_manner(h, g)
            ]
            target = near[0] if near else None
        if target is None:
            incidents.append(Group(list(g.mentions)))
            continue
        target.mentions.extend(g.mentions)
        target.mentions.sort(key=lambda mi: (mi.sent_index, mi.trigger.start))
    return incidents
