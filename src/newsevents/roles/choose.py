"""Settling each incident's perpetrators and targets with the roles model's scores.

The model (``data/models/roles``, trained by ``newsevents train roles``) gives every
candidate of an incident two probabilities: that it did it, and that it was done to. The
parse rules' perpetrators and targets stand (they measure better than the model's on every
development set); where the rules found no perpetrator, the incident takes the model's most
probable ones above a threshold, among the candidates more probably doers than targets. A
participant the model adds is never one that already plays the other part. Rules that stay:
weapons and shots are never the doer, nor is anything that cannot act (an abstract noun
such as "loyalty" in "terrorists claiming loyalty to the group"), nor is a party that
claims or denies the incident (the claim is recorded as such), nor a named town or region.
The chosen phrases are resolved as the extractor resolves its own (names, kinds, affiliations:
:func:`newsevents.extract.participants.resolve_participant`).

Only assaults and coercion (arrests, seizures) are settled, the incidents the model was
trained on; the participants of other incidents (protests, threats, accusations) keep the
rule-made roles, as do claimants and the recipients of threats.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from newsevents.extract.evidence import can_act, is_people
from newsevents.extract.mentions import Participant
from newsevents.extract.participants import ArticleActors, resolve_participant
from newsevents.extract.words import WORDS
from newsevents.learn.heads import Head, load_head, shipped_folder
from newsevents.model import ClaimStance, Event, Role, RoleType
from newsevents.nlp.places import is_country
from newsevents.roles.candidates import Candidate
from newsevents.roles.features import IncidentRows, article_features, weapon_words

NAME = "roles"
#: Incident types whose participants the model settles.
SETTLED_TYPES = frozenset({"ASSAULT", "COERCE"})
_AGENTS = frozenset({RoleType.perpetrator, RoleType.actor})
_PATIENTS = frozenset({RoleType.target, RoleType.victim, RoleType.detainee})


@dataclass(frozen=True)
class Policy:
    """When the model adds a participant the parse rules did not find.

    Chosen on coder-gold dev (incident-level perpetrator and target accuracy) and on the
    quality floors of HRDsAttack, MUC-4, WikiEvents and IndiaPoliceEvents dev, none of
    which was trained on. Targets are added only when ``target_threshold`` is set: on those
    sets every threshold tried cost more wrong victims than it found right ones.
    """

    perpetrator_threshold: float = 0.4
    max_perpetrators: int = 2
    # A doer named in a sentence next to the incident's needs more: the model, trained on
    # sets that name people anywhere near, is too ready to take a name there for a doer.
    # None: never (those sentences are then not encoded). At 0.8 they added no right doer
    # on coder-gold dev that None lost, and encoding them cost a third of extraction time.
    neighbour_threshold: float | None = None
    target_threshold: float | None = None
    max_targets: int = 4
    # Without any target above the threshold, the most probable one above this floor.
    target_floor: float | None = None


POLICY = Policy()


@functools.cache
def model() -> Head:
    """The shipped roles model, loaded and checked once per process."""
    return load_head(shipped_folder(NAME), NAME)


def _agent_type(event: Event) -> RoleType:
    # The extractor's own convention: assaults have perpetrators, other acts actors.
    return RoleType.perpetrator if event.event_type == "ASSAULT" else RoleType.actor


def _patient_type(event: Event, cand: Candidate) -> RoleType:
    if not is_people(cand.head):
        return RoleType.target
    return RoleType.detainee if event.event_type == "COERCE" else RoleType.victim


def _identity(role: Role) -> str:
    return role.actor_id or role.name.lower()


@dataclass
class _Pick:
    role: Role
    probability: float


def _resolve(
    cand: Candidate, kind: RoleType, probability: float, actors: ArticleActors, text: str
) -> Role | None:
    confidence = round(min(1.0, max(0.0, probability)), 3)
    if cand.rule is not None and cand.rule.role in _AGENTS | _PATIENTS:
        rule_kind = cand.rule.role
        same_side = (rule_kind in _AGENTS) == (kind in _AGENTS)
        return cand.rule.model_copy(
            update={"role": rule_kind if same_side else kind, "confidence": confidence}
        )
    part = Participant(kind, cand.head, list(cand.tokens), "roles model", confidence)
    role = resolve_participant(part, text, actors)
    if role is None:
        return None
    return role.model_copy(update={"role": kind, "confidence": confidence})


def _add(picks: list[_Pick], role: Role, probability: float) -> None:
    """Add a participant, or merge its mention into the same participant already kept."""
    for pick in picks:
        if _identity(pick.role) == _identity(role):
            spans = pick.role.spans + [s for s in role.spans if s not in pick.role.spans]
            pick.role = pick.role.model_copy(update={"spans": spans})
            return
    picks.append(_Pick(role, probability))


def _is_town(cand: Candidate) -> bool:
    """A named town, region or area: where an incident happened, never who took part in it
    (a country stays a participant: the state)."""
    head = cand.head
    return head.ent_type_ in ("GPE", "LOC") and not is_country(head)


def _is_weapon(cand: Candidate) -> bool:
    """Shots, bombs and rockets are what was used, never who used it."""
    head = cand.head
    return head.lemma_.lower() in weapon_words() or head.lower_ in weapon_words()


def _comments_on(cand: Candidate) -> bool:
    """Whether the candidate is the subject of a verb that speaks of the act ("Lawyers
    condemned the journalist's arrest"): who condemns, reports or investigates an act is
    not who did it."""
    head = cand.head
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass") or verb is head:
        return False
    if verb.lemma_.lower() not in WORDS.comment_verbs:
        return False
    anchor = cand.anchor
    return anchor is not verb and verb.is_ancestor(anchor)


def _can_act(cand: Candidate, role: Role) -> bool:
    """Whether a candidate doer is something that can act (see
    :func:`newsevents.extract.evidence.can_act`). The model scores every noun of the
    sentence and may rank an abstract noun first ("loyalty", "responsibility", "control")."""
    return can_act(cand.head, role.kind, role.actor_id is not None)


def _claims(event: Event, role: Role) -> bool:
    """Whether the participant claims the incident: the claim is recorded as such, and the
    claimant is not silently made the perpetrator."""
    names = {c.claimant.lower() for c in event.claims} | {
        c.claimant_text.lower() for c in event.claims
    }
    ids = {c.actor_id for c in event.claims if c.actor_id}
    # A claimant's words that joined another claim of the same party ("terrorists took
    # responsibility" and "the group said") are its spans.
    spans = {(s.start, s.end) for c in event.claims for s in c.spans}
    if any((s.start, s.end) in spans for s in role.spans):
        return True
    return bool(
        (role.actor_id and role.actor_id in ids)
        or role.name.lower() in names
        or role.text.lower() in names
    )


def _denied(event: Event, cand: Candidate) -> bool:
    """Whether the candidate names a party that denies the incident (never its doer)."""
    at = cand.head.idx
    return any(
        claim.stance == ClaimStance.denied and any(s.start <= at < s.end for s in claim.spans)
        for claim in event.claims
    )


def _fallback_target(
    incident: IncidentRows,
    scores: NDArray[np.float32],
    actors: ArticleActors,
    text: str,
    policy: Policy,
    patients: list[_Pick],
) -> None:
    """Keep the most probable target above the floor, when none reached the threshold."""
    best: tuple[float, int] | None = None
    for k, cand in enumerate(incident.candidates):
        p_agent, p_patient = float(scores[k, 0]), float(scores[k, 1])
        floor = policy.target_floor
        if (
            floor is not None
            and p_patient > p_agent >= 0.0
            and p_patient >= floor
            and not _is_town(cand)
        ):
            best = max(best or (p_patient, k), (p_patient, k))
    if best is not None:
        cand = incident.candidates[best[1]]
        role = _resolve(cand, _patient_type(incident.event, cand), best[0], actors, text)
        if role is not None:
            _add(patients, role, best[0])


def choose(
    incident: IncidentRows,
    scores: NDArray[np.float32],
    actors: ArticleActors,
    text: str,
    policy: Policy = POLICY,
) -> list[Role]:
    """The incident's roles: the parse rules' perpetrators and targets where they found any,
    the model's most probable ones where they found none, then the other roles."""
    event = incident.event
    rule_agents = _rule_agents(event, incident.candidates)
    rule_patients = [r for r in event.roles if r.role in _PATIENTS]
    agents = [_Pick(r, 1.0) for r in rule_agents]
    patients = [_Pick(r, 1.0) for r in rule_patients]
    added_agents: list[_Pick] = []
    added_patients: list[_Pick] = []
    order = sorted(
        range(len(incident.candidates)), key=lambda k: -float(scores[k].max(initial=0.0))
    )
    for k in order:
        cand = incident.candidates[k]
        if cand.rule is not None or cand.head.pos_ == "PRON" or _is_town(cand):
            # The rules' reading of a phrase stands; the model has not learned pronouns (the
            # keys name people, never "he").
            continue
        p_agent, p_patient = float(scores[k, 0]), float(scores[k, 1])
        if cand.sent_offset and policy.neighbour_threshold is None:
            continue
        near = (policy.neighbour_threshold or 0.0) if cand.sent_offset else 0.0
        if not rule_agents and p_agent >= p_patient:
            if p_agent < max(near, policy.perpetrator_threshold):
                continue
            if _denied(event, cand) or _is_weapon(cand) or _comments_on(cand):
                continue
            if len(added_agents) >= policy.max_perpetrators:
                continue
            role = _resolve(cand, _agent_type(event), p_agent, actors, text)
            if role is not None and not _claims(event, role) and _can_act(cand, role):
                _add(added_agents, role, p_agent)
        elif not rule_patients and policy.target_threshold is not None and p_patient > p_agent:
            if p_patient < policy.target_threshold or len(added_patients) >= policy.max_targets:
                continue
            role = _resolve(cand, _patient_type(event, cand), p_patient, actors, text)
            if role is not None:
                _add(added_patients, role, p_patient)
    if not rule_patients and not added_patients and policy.target_floor is not None:
        _fallback_target(incident, scores, actors, text, policy, added_patients)
    # One participant never did it to itself: a participant the model adds on one side is
    # dropped when it already plays the other.
    sides = (agents, patients)
    taken = [{_identity(p.role) for p in side} for side in sides]
    agents += [p for p in added_agents if _identity(p.role) not in taken[1]]
    taken[0] |= {_identity(p.role) for p in agents}
    patients += [p for p in added_patients if _identity(p.role) not in taken[0]]
    others = [r for r in event.roles if r.role not in _AGENTS | _PATIENTS]
    return [*(p.role for p in agents), *(p.role for p in patients), *others]


def _names_weapon(role: Role, candidates: list[Candidate]) -> bool:
    """Whether a rule-made doer is a weapon ("Shots hit the convoy")."""
    return any(cand.rule is role and _is_weapon(cand) for cand in candidates)


def _rule_agents(event: Event, candidates: list[Candidate]) -> list[Role]:
    """The rule-made doers that stand: neither claimants nor weapons."""
    return [
        r
        for r in event.roles
        if r.role in _AGENTS and not _claims(event, r) and not _names_weapon(r, candidates)
    ]


def _needs_scores(event: Event, candidates: list[Candidate], policy: Policy = POLICY) -> bool:
    """Whether :func:`choose` reads the model's scores for this incident: it does when the
    rules left it without a doer, or when the model may add targets."""
    if policy.target_threshold is not None or policy.target_floor is not None:
        return True
    return not _rule_agents(event, candidates)


def settle(events: list[Event], doc: Doc, text: str) -> list[Event]:
    """Set the perpetrators and targets of the article's assaults and coercion."""
    if not any(e.event_type in SETTLED_TYPES for e in events):
        return events
    incidents = [
        inc
        for inc in article_features(
            events,
            doc,
            lambda e: e.event_type in SETTLED_TYPES,
            _needs_scores,
            neighbour_vectors=POLICY.neighbour_threshold is not None,
        )
        if inc.event.event_type in SETTLED_TYPES
    ]
    # Only the incidents whose choice reads the scores are scored (the others' rows lack
    # their MiniLM blocks).
    scored = [inc for inc in incidents if _needs_scores(inc.event, inc.candidates)]
    sizes = [len(inc.candidates) for inc in scored]
    by_incident: dict[int, NDArray[np.float32]] = {}
    if sum(sizes):
        predicted = model().predict(np.vstack([inc.matrix for inc in scored]))
        parts = np.split(predicted, np.cumsum(sizes)[:-1])
        by_incident = {id(inc): part for inc, part in zip(scored, parts, strict=True)}
    actors = ArticleActors()
    for inc in incidents:
        rows = by_incident.get(id(inc), np.zeros((len(inc.candidates), 2), np.float32))
        inc.event.roles = choose(inc, rows, actors, text)
    return events
