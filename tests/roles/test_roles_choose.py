"""Choosing an incident's roles from candidate scores (scores given, no model needed)."""

from __future__ import annotations

import numpy as np

from newsevents.extract.participants import ArticleActors
from newsevents.model import Claim, ClaimStance, Event, Role, RoleType, Span
from newsevents.nlp.pipeline import parse
from newsevents.roles.choose import Policy, choose
from newsevents.roles.features import article_features


def _incident(  # type: ignore[no-untyped-def]
    text: str, trigger: str, claims: list[Claim] | None = None, roles: list[Role] | None = None
):
    start = text.index(trigger)
    event = Event(
        id="e1",
        article_id="a1",
        event_type="ASSAULT",
        triggers=[Span(start=start, end=start + len(trigger), text=trigger)],
        sentences=[Span(start=0, end=len(text), text=text)],
        claims=claims or [],
        roles=roles or [],
    )
    [incident] = article_features([event], parse(text))
    return incident


def _scores(incident, values: dict[str, tuple[float, float]]) -> np.ndarray:  # type: ignore[no-untyped-def]
    rows = [values.get(c.head.text, (0.0, 0.0)) for c in incident.candidates]
    return np.asarray(rows, np.float32)


def test_each_candidate_plays_its_more_probable_part_above_the_threshold() -> None:
    text = "Gunmen killed a woman and her son in the market."
    incident = _incident(text, "killed")
    scores = _scores(
        incident,
        {"Gunmen": (0.9, 0.1), "woman": (0.2, 0.8), "son": (0.1, 0.4), "market": (0.1, 0.3)},
    )
    roles = choose(incident, scores, ArticleActors(), text, Policy(0.5, 2, 0.8, 0.35, 4))
    doers = [r.text for r in roles if r.role == RoleType.perpetrator]
    victims = [r.text for r in roles if r.role == RoleType.victim]
    assert doers == ["Gunmen"]
    assert victims == ["a woman", "her son"]
    assert all(r.role != RoleType.target for r in roles)  # the market is below the threshold


def test_limits_keep_the_most_probable() -> None:
    text = "Gunmen killed a woman and her son in the market."
    incident = _incident(text, "killed")
    scores = _scores(incident, {"woman": (0.0, 0.6), "son": (0.0, 0.9)})
    roles = choose(incident, scores, ArticleActors(), text, Policy(0.5, 2, 0.8, 0.5, 1))
    assert [r.text for r in roles] == ["her son"]


def test_a_victim_is_never_the_perpetrator_of_the_same_incident() -> None:
    text = "The man shot himself and his wife at home."
    incident = _incident(text, "shot")
    # "The man" and "himself" are one person: the more probable part wins.
    scores = _scores(incident, {"man": (0.7, 0.1), "himself": (0.1, 0.8), "wife": (0.0, 0.9)})
    roles = choose(incident, scores, ArticleActors(), text, Policy(0.5, 2, 0.8, 0.5, 4))
    names = {(r.role, r.name.lower()) for r in roles}
    doers = {n for role, n in names if role == RoleType.perpetrator}
    victims = {n for role, n in names if role != RoleType.perpetrator}
    assert not doers & victims


def test_a_party_denying_the_incident_is_not_its_perpetrator() -> None:
    text = "The group denied involvement in the bombing."
    start = text.index("The group")
    denial = Claim(
        claimant="the group",
        claimant_text="The group",
        stance=ClaimStance.denied,
        cue="denied",
        spans=[Span(start=start, end=start + 9, text="The group")],
    )
    incident = _incident(text, "bombing", [denial])
    scores = _scores(incident, {"group": (0.95, 0.0)})
    roles = choose(incident, scores, ArticleActors(), text, Policy(0.5, 2, 0.8, 0.5, 4))
    assert not [r for r in roles if r.role == RoleType.perpetrator]


def test_the_rules_roles_stand_and_the_model_adds_a_missing_doer() -> None:
    text = "Gunmen killed a woman in the market."
    start = text.index("a woman")
    woman = Role(
        role=RoleType.victim,
        text="a woman",
        spans=[Span(start=start, end=start + 7, text="a woman")],
        name="a woman",
    )
    incident = _incident(text, "killed", roles=[woman])
    # The model would rather call the woman the doer: the rules' reading stands.
    scores = _scores(incident, {"Gunmen": (0.9, 0.0), "woman": (0.95, 0.0)})
    roles = choose(incident, scores, ArticleActors(), text, Policy(0.5, 2, 0.8, None, 4))
    assert [(r.role, r.text) for r in roles] == [
        (RoleType.perpetrator, "Gunmen"),
        (RoleType.victim, "a woman"),
    ]
    # Without a target threshold the model adds no target.
    bare = _incident(text, "killed")
    roles = choose(bare, _scores(bare, {"woman": (0.0, 0.9)}), ArticleActors(), text, Policy())
    assert roles == []


def test_an_abstract_noun_is_never_the_doer() -> None:
    # The model may rank an abstract noun first; it cannot have done anything.
    text = "Men pledging loyalty to the group bombed the police station."
    incident = _incident(text, "bombed")
    scores = _scores(incident, {"loyalty": (0.9, 0.05), "station": (0.1, 0.7)})
    roles = choose(incident, scores, ArticleActors(), text, Policy(0.4, 2))
    assert not any(r.role == RoleType.perpetrator and "loyalty" in r.text for r in roles)


def test_a_group_noun_the_model_picks_is_the_doer() -> None:
    text = "The regime bombed the village on Monday."
    incident = _incident(text, "bombed")
    scores = _scores(incident, {"regime": (0.9, 0.05), "village": (0.1, 0.7)})
    roles = choose(incident, scores, ArticleActors(), text, Policy(0.4, 2))
    assert [r.text for r in roles if r.role == RoleType.perpetrator] == ["The regime"]
