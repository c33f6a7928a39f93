"""Building one Event record from a group of merged mentions."""

from __future__ import annotations

import hashlib
import re

from newsevents.extract.merge import AGENT_ROLES, PATIENT_ROLES, Group, MentionInfo
from newsevents.extract.words import WORDS
from newsevents.incidents.tolls import incident_counts
from newsevents.model import (
    ActorKind,
    Attribution,
    Claim,
    CountCategory,
    Event,
    Instrument,
    Modality,
    PlaceMention,
    Role,
    RoleType,
    Span,
    TimeRef,
)
from newsevents.ontology.acled_typing import refine_acled
from newsevents.ontology.crosswalk import crosswalk

# Most committed first: an event asserted anywhere in the article is asserted.
_COMMITMENT = [
    Modality.asserted,
    Modality.claimed,
    Modality.alleged,
    Modality.suspected,
    Modality.planned,
    Modality.threatened,
    Modality.hypothetical,
    Modality.denied,
    Modality.negated,
]
# Weapon modes say more than how-modes: a car bomb that kills a commander is "explosives".
_MODE_RANK = {
    "suicide-attack": 0,
    "explosives": 1,
    "aerial": 2,
    "drone": 2,
    "heavy-weapons": 3,
    "firearms": 4,
    "unconventional": 4,
    "abduct": 5,
    "sexual": 5,
    "targeted": 6,
    "beat": 7,
    "destroy": 8,
    "primitive": 9,
}


_PROTEST_WORDS = frozenset(
    {
        "protester",
        "protesters",
        "protestor",
        "protestors",
        "demonstrator",
        "demonstrators",
        "marcher",
        "marchers",
        "rioters",
        "crowd",
        "crowds",
        "strikers",
    }
)


def _words(text: str) -> list[str]:
    return [w.strip(".,;:'\"()").lower() for w in text.split()]


def _mode(group: Group) -> str | None:
    modes = [mi.mode for mi in group.mentions if mi.mode]
    if group.event_type != "ASSAULT":
        # Weapons give modes of assault only; a threat "to fire rockets" keeps its own mode.
        return modes[0] if modes else None
    modes += [inst_mode for mi in group.mentions for inst_mode in _instrument_modes(mi)]
    doers = " ".join(
        r.text.lower() for mi in group.mentions for r in mi.roles if r.role in AGENT_ROLES
    )
    if "suicide" in doers:
        modes.append("suicide-attack")  # "two suicide bombers killed ..."
    if not modes:
        return None
    return min(modes, key=lambda m: _MODE_RANK.get(m, 10))


def _instrument_modes(mi: MentionInfo) -> list[str]:
    return [entry.mode for _, entry in mi.mention.instruments]


def _merge_roles(roles: list[Role]) -> list[Role]:
    """One role per participant: same actor id or same name, evidence combined."""
    merged: list[Role] = []
    for role in roles:
        for i, prev in enumerate(merged):
            same = prev.role == role.role and (
                (prev.actor_id is not None and prev.actor_id == role.actor_id)
                or prev.name.lower() == role.name.lower()
            )
            if same:
                spans = prev.spans + [s for s in role.spans if s not in prev.spans]
                merged[i] = prev.model_copy(
                    update={
                        "spans": spans,
                        "confidence": max(prev.confidence, role.confidence),
                        "affiliation": prev.affiliation or role.affiliation,
                        "affiliation_id": prev.affiliation_id or role.affiliation_id,
                    }
                )
                break
        else:
            merged.append(role)
    return _fold_descriptions(merged)


def _fold_descriptions(roles: list[Role]) -> list[Role]:
    """Fold "a Hamas commander" into the one named victim it describes, keeping both spans."""
    out = list(roles)
    for kind in (RoleType.victim, RoleType.detainee):
        # Named people carry a generated id; descriptions ("a commander") have none.
        named = [
            r
            for r in out
            if r.role == kind
            and r.kind == ActorKind.person
            and (r.actor_id or "").startswith("unk_")
        ]
        described = [
            r for r in out if r.role == kind and r.kind == ActorKind.person and r.actor_id is None
        ]
        if len(named) != 1 or not described:
            continue
        person = named[0]
        for d in described:
            person = person.model_copy(
                update={
                    "spans": person.spans + d.spans,
                    "affiliation": person.affiliation or d.affiliation,
                    "affiliation_id": person.affiliation_id or d.affiliation_id,
                }
            )
            out.remove(d)
        out[out.index(named[0])] = person
    return out


def _time(group: Group, fallback: TimeRef | None) -> TimeRef | None:
    times = [mi.time for mi in group.mentions if mi.time is not None]
    if not times:
        return fallback
    # The narrowest expression is the most informative ("Sunday" over "earlier this month").
    # Among days, the earliest is the incident's: its mentions told on other days are what
    # followed it ("shot Dec. 25 ... died Monday").
    return min(times, key=lambda t: ((t.end - t.start).days, -t.confidence, t.start))


def _places(group: Group) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    for mi in group.mentions:
        for place in mi.places:
            prev = next((p for p in out if p.text.lower() == place.text.lower()), None)
            if prev is None:
                out.append(place)
            else:
                prev.spans.extend(s for s in place.spans if s not in prev.spans)
                prev.is_event_location = prev.is_event_location or place.is_event_location
    located = _finest_first([p for p in out if p.is_event_location], group)
    if located:
        # Places only named nearby add nothing once the text says where it happened.
        out = [p for p in out if p.is_event_location or p.confidence > 0.4]
    for p in located[1:]:
        p.is_event_location = False
    tied = [p for p in out if p.confidence > 0.4]
    if tied and not located:
        # A place tied to the trigger by the parse stands in for the event's place; places
        # only named nearby stay candidates (the event-place model found none of them).
        tied[0].is_event_location = True
    return out


#: What may stand between a place and the larger place it lies in, as written ("the town
#: of Dzhemikent in Dagestan province", "Kundli, Haryana", "Bakulguri village in Baksa").
_NESTED = re.compile(
    r"^(?:\s+(?:village|town|city|community|camp|area|district|neighbou?rhood|suburb))?"
    r"\s*(?:,|\bin\b|\bnear\b|\boutside\b|\bof\b)\s*(?:the\s+)?$",
    re.IGNORECASE,
)


def _finest_first(located: list[PlaceMention], group: Group) -> list[PlaceMention]:
    """The places where the group's mentions say it happened, the most specific first: of
    two that one sentence writes as one within the other ("a car bombing that hit the town
    of Dzhemikent in Dagestan province", one mention located at each), the inner one."""
    if len(located) < 2:
        return located
    sentences = [mi.sentence for mi in group.mentions]
    for inner in located:
        for outer in located:
            if outer is not inner and any(
                _written_within(a, b, sentences) for a in inner.spans for b in outer.spans
            ):
                return [inner, *(p for p in located if p is not inner)]
    return located


def _written_within(inner: Span, outer: Span, sentences: list[Span]) -> bool:
    """Whether a sentence writes ``inner`` as lying in ``outer``, which follows it closely."""
    if not inner.end <= outer.start <= inner.end + 40:
        return False
    for sent in sentences:
        if sent.start <= inner.start and outer.end <= sent.end:
            between = sent.text[inner.end - sent.start : outer.start - sent.start]
            return _NESTED.match(between) is not None
    return False


def _accusing(mi: MentionInfo) -> bool:
    """Whether a mention accuses or suspects someone of the act ("Brooks is accused of
    shooting", "allegedly shot"); hearsay from unnamed sources only qualifies the report."""
    if mi.modality not in (Modality.alleged, Modality.suspected):
        return False
    cited = [(s.start, s.end) for a in mi.sources for s in a.spans]
    return not any(a < c.end and c.start < b for c in mi.modality_cues for a, b in cited)


def _modality_source(mentions: list[MentionInfo]) -> MentionInfo:
    """The mention whose modality the event takes: the most committed one, but an act told
    as fact whose doer is accused or suspected elsewhere in the article ("Tuesday's shooting
    ... Brooks is accused of shooting into a crowd") is, as a record, an allegation."""
    best = min(mentions, key=lambda mi: _COMMITMENT.index(mi.modality))
    if best.modality == Modality.asserted:
        return next((mi for mi in mentions if _accusing(mi)), best)
    return best


def _instruments(group: Group) -> list[Instrument]:
    out: list[Instrument] = []
    for mi in group.mentions:
        for inst in mi.instruments:
            prev = next((i for i in out if i.text.lower() == inst.text.lower()), None)
            if prev is None:
                out.append(inst)
            else:
                prev.spans.extend(s for s in inst.spans if s not in prev.spans)
    return out


def _attribution(group: Group, publisher: Attribution | None) -> list[Attribution]:
    chain: list[Attribution] = [publisher] if publisher is not None else []
    for mi in group.mentions:
        for src in mi.sources:
            prev = next((a for a in chain if a.source == src.source and a.kind == src.kind), None)
            if prev is None:
                chain.append(src)
            else:
                prev.spans.extend(s for s in src.spans if s not in prev.spans)
    return chain


def _claims(group: Group) -> list[Claim]:
    out: list[Claim] = []
    for mi in group.mentions:
        for claim in mi.claims:
            key = (claim.actor_id or claim.claimant.lower(), claim.stance)
            prev = next(
                (c for c in out if (c.actor_id or c.claimant.lower(), c.stance) == key), None
            )
            if prev is None:
                out.append(claim)
            else:
                prev.spans.extend(s for s in claim.spans if s not in prev.spans)
    return _merge_described_claimants(out)


#: Words that describe a claimant without naming another party: "terrorists", "an offshoot of
#: the group", "militants loyal to". (Plural forms are read without their final "s".)
_DESCRIBING_WORDS = WORDS.member_nouns | WORDS.people_nouns | WORDS.person_nouns


def _describes(claim: Claim, named: Claim) -> bool:
    """Whether an unresolved claimant is only a description of a named one: its words are the
    named claimant's name and descriptive nouns ("Islamic State offshoot", "Terrorists")."""
    if claim.actor_id is not None or claim.stance != named.stance:
        return False
    name_words = set(named.claimant.lower().split())
    words = claim.claimant.lower().split()
    rest = [w for w in words if w not in name_words]
    return bool(rest) and all(
        w in _DESCRIBING_WORDS or w.rstrip("s") in _DESCRIBING_WORDS for w in rest
    )


def _merge_described_claimants(claims: list[Claim]) -> list[Claim]:
    """One party's claim told three ways ("an IS offshoot says it killed ...", "terrorists
    took responsibility", "the IS group said it placed the bomb") is one claim: where exactly
    one named, resolved party claims the incident, the claimants that only describe a party
    ("terrorists", "an offshoot of it") are taken for that party and their words join its
    claim. With two named parties claiming, which of them a description means is unknown,
    and every claim stays."""
    for stance in {c.stance for c in claims}:
        named = [c for c in claims if c.actor_id is not None and c.stance == stance]
        if len({c.actor_id for c in named}) != 1:
            continue
        target = named[0]
        for claim in [c for c in claims if _describes(c, target)]:
            target.spans.extend(s for s in claim.spans if s not in target.spans)
            claims = [c for c in claims if c is not claim]
    return claims


def build_event(
    group: Group, article_id: str, publisher: Attribution | None, fallback_time: TimeRef | None
) -> Event:
    """The Event record for a group of mentions."""
    mentions = group.mentions
    roles = _merge_roles([r for mi in mentions for r in mi.roles])
    mode = _mode(group)
    best = _modality_source(mentions)
    # A sum over many incidents has no single date ("2,000 detained since September").
    aggregate = any(mi.mention.aggregate for mi in mentions)
    target_kinds = [r.kind.value for r in roles if r.role not in AGENT_ROLES]
    actor_kinds = [r.kind.value for r in roles if r.role in AGENT_ROLES]
    weapons = [w for mi in mentions for i in mi.instruments for w in _words(i.text)]
    # Weapons seized are patients of a seizure: "seized four pistols" is disrupted weapons use.
    if group.event_type == "COERCE":
        weapons += [w for r in roles if r.role == RoleType.target for w in _words(r.name)]
    if any(r.role in PATIENT_ROLES and _PROTEST_WORDS & set(_words(r.text)) for r in roles):
        target_kinds.append("protesters")
    event_type = group.event_type
    if event_type == "ASSAULT" and any(
        r.role in AGENT_ROLES and _PROTEST_WORDS & set(_words(r.text)) for r in roles
    ):
        # Demonstrators who fight, burn or throw are a violent demonstration, a protest.
        event_type, mode = "PROTEST", "riot"
    cw = crosswalk(
        event_type, mode, target_kinds=target_kinds, actor_kinds=actor_kinds, weapons=weapons
    )
    counts = incident_counts(group)
    first = mentions[0].trigger
    digest = hashlib.sha1(f"{article_id}:{first.start}:{group.event_type}".encode()).hexdigest()
    strong = sum(1 for mi in mentions if mi.mention.trigger.entry.strength == "strong")
    type_conf = min(0.95, 0.55 + 0.15 * strong + 0.05 * len(mentions))
    event = Event(
        id=digest[:16],
        article_id=article_id,
        event_type=event_type,
        mode=mode,
        acled_event_type=cw.acled_event_type,
        acled_sub_event_type=cw.acled_sub_event_type,
        cameo_code=cw.cameo_code,
        type_confidence=round(type_conf, 2),
        triggers=[mi.trigger for mi in mentions],
        sentences=list({mi.sentence.start: mi.sentence for mi in mentions}.values()),
        roles=roles,
        instruments=_instruments(group),
        places=_places(group),
        time=None if aggregate else _time(group, fallback_time),
        killed=counts.get(CountCategory.killed),
        injured=counts.get(CountCategory.injured),
        arrested=counts.get(CountCategory.arrested),
        kidnapped=counts.get(CountCategory.kidnapped),
        modality=best.modality,
        modality_cues=best.modality_cues,
        modality_confidence=best.modality_confidence,
        aggregate=aggregate,
        attribution=_attribution(group, publisher),
        claims=_claims(group),
    )
    # The crosswalk's first ACLED type is refined with the codebook's distinctions that
    # depend on the participants' words and the setting (armed vs civilian targets, force
    # used on demonstrators, weapons disrupted, who took territory).
    return refine_acled(event)
