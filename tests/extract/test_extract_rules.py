"""Extraction rules on short texts: roles, modality, dates, counts, claims and attribution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from newsevents.model import Event, Modality, RoleType, SourceKind

pytestmark = pytest.mark.slow
Extract = Callable[..., list[Event]]


def names(event: Event, *roles: RoleType) -> list[str]:
    """Names of the participants playing ``roles``."""
    return [r.name for r in event.roles if r.role in roles]


def only(events: list[Event], event_type: str) -> Event:
    """The single event of ``event_type``."""
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, [t.text for t in e.triggers]) for e in events]
    return found[0]


# --- roles -----------------------------------------------------------------------------


def test_extract_roles_perpetrator_and_victims(extract: Extract) -> None:
    ev = only(extract("Gunmen shot dead three farmers in Kaduna on Sunday."), "ASSAULT")
    assert ev.mode == "firearms"
    assert "Gunmen" in " ".join(names(ev, RoleType.perpetrator))
    assert any("farmers" in r.text for r in ev.roles_of(RoleType.victim))
    assert ev.killed is not None and ev.killed.best == 3


def test_extract_roles_passive_with_agent(extract: Extract) -> None:
    ev = only(
        extract("Two soldiers were killed by al-Shabaab militants near Mogadishu."), "ASSAULT"
    )
    assert any("al-Shabaab" in (r.affiliation or r.name) for r in ev.roles_of(RoleType.perpetrator))
    assert ev.killed is not None and ev.killed.best == 2


def test_extract_roles_arrest_detainee(extract: Extract) -> None:
    ev = only(extract("Police arrested five suspects after the raid in Lahore."), "COERCE")
    assert ev.mode == "arrest"
    assert ev.acled_sub_event_type == "Arrests"
    assert any(r.kind.value == "police" for r in ev.roles_of(RoleType.actor))
    assert ev.arrested is not None and ev.arrested.best == 5


def test_the_detainee_of_a_relative_clause_and_not_the_charge(extract: Extract) -> None:
    text = (
        "The court granted bail to the activist Nodeep Kaur, who was arrested in Haryana on "
        "criminal charges during the protests."
    )
    ev = only(extract(text), "COERCE")
    assert names(ev, RoleType.detainee) == ["Nodeep Kaur"]
    assert ev.arrested is not None and ev.arrested.best == 1


def test_extract_roles_kidnapping(extract: Extract) -> None:
    ev = only(extract("Armed men kidnapped two aid workers in northern Mali on Friday."), "ASSAULT")
    assert ev.mode == "abduct"
    assert ev.kidnapped is not None and ev.kidnapped.best == 2
    assert ev.acled_sub_event_type == "Abduction/forced disappearance"


def test_extract_roles_known_actor_normalised(extract: Extract) -> None:
    ev = only(extract("Daesh fighters attacked an army checkpoint in Anbar on Tuesday."), "ASSAULT")
    perps = ev.roles_of(RoleType.perpetrator)
    assert any(r.affiliation_id == "isis" or r.actor_id == "isis" for r in perps)


# --- modality --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Rebels attacked the town of Kidal on Monday.", Modality.asserted),
        ("Rebels did not attack the town of Kidal on Monday.", Modality.negated),
        ("The rebels denied attacking the town of Kidal.", Modality.denied),
        ("The rebels threatened to attack the town of Kidal.", Modality.threatened),
        ("The rebels are planning to attack the town of Kidal.", Modality.planned),
        ("Rebels allegedly attacked the town of Kidal on Monday.", Modality.alleged),
        ("If the talks fail, the rebels would attack the town of Kidal.", Modality.hypothetical),
        ("Rebels may have attacked the town of Kidal on Monday.", Modality.suspected),
        # The purpose of a negated verb did not happen either.
        ("The rebels did not come to attack the town of Kidal.", Modality.negated),
    ],
)
def test_extract_modality(extract: Extract, text: str, modality: Modality) -> None:
    # A threatened attack is recorded as the threat that was made.
    wanted = "THREATEN" if modality == Modality.threatened else "ASSAULT"
    events = [e for e in extract(text) if e.event_type == wanted]
    assert events, text
    assert events[0].modality == modality, (text, events[0].modality_cues)


def test_extract_modality_unnamed_sources_allege(extract: Extract) -> None:
    ev = only(
        extract("Security sources said militants attacked a police post in Quetta."), "ASSAULT"
    )
    assert ev.modality == Modality.alleged
    assert any(a.kind == SourceKind.sources for a in ev.attribution)


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("Militants attacked a convoy on Sunday.", dt.date(2021, 3, 7), dt.date(2021, 3, 7), "day"),
        (
            "Militants attacked a convoy last month.",
            dt.date(2021, 2, 1),
            dt.date(2021, 2, 28),
            "month",
        ),
        (
            "Militants attacked a convoy on March 2.",
            dt.date(2021, 3, 2),
            dt.date(2021, 3, 2),
            "day",
        ),
        (
            "Militants attacked a convoy in 2019.",
            dt.date(2019, 1, 1),
            dt.date(2019, 12, 31),
            "year",
        ),
    ],
)
def test_extract_dates(
    extract: Extract, text: str, start: dt.date, end: dt.date, precision: str
) -> None:
    ev = only(extract(text), "ASSAULT")
    assert ev.time is not None
    assert (ev.time.start, ev.time.end, ev.time.precision.value) == (start, end, precision)
    assert ev.time.basis.value == "expression"
    assert ev.time.spans and ev.time.spans[0].text in text


def test_extract_dates_without_expression_use_publication(extract: Extract) -> None:
    ev = only(extract("Militants attacked a convoy near Gao."), "ASSAULT")
    assert ev.time is not None and ev.time.basis.value == "publication"
    assert ev.time.end == dt.date(2021, 3, 8)


# --- counts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "low", "best", "high"),
    [
        ("A car bomb killed at least 12 people in Kabul.", "killed", 12, 12, None),
        ("A car bomb killed dozens of people in Kabul.", "killed", 24, 36, 99),
        ("The blast wounded 40 people in Kabul.", "injured", 40, 40, 40),
        ("Police detained several protesters in Kabul.", "arrested", 3, 5, 9),
    ],
)
def test_extract_counts(
    extract: Extract, text: str, field: str, low: int | None, best: int | None, high: int | None
) -> None:
    events = extract(text)
    counts = [getattr(e, field) for e in events if getattr(e, field) is not None]
    assert counts, (text, events)
    c = counts[0]
    assert (c.low, c.best, c.high) == (low, best, high)
    assert c.spans and c.spans[0].text in text


# --- claims and attribution ------------------------------------------------------------


def test_extract_claim_is_not_perpetrator(extract: Extract) -> None:
    text = (
        "A roadside bomb killed four soldiers in Kunduz on Saturday. "
        "The Taliban claimed responsibility for the attack."
    )
    ev = only(extract(text), "ASSAULT")
    assert any("Taliban" in c.claimant for c in ev.claims)
    assert not any("Taliban" in r.name for r in ev.roles_of(RoleType.perpetrator))
    assert ev.claims[0].stance == "claimed"


def test_extract_denial_of_responsibility(extract: Extract) -> None:
    text = (
        "A bomb exploded at a market in Maiduguri. "
        "Boko Haram denied responsibility for the bombing."
    )
    ev = only(extract(text), "ASSAULT")
    assert any(c.stance == "denied" for c in ev.claims)


def test_extract_attribution_chain(extract: Extract) -> None:
    text = "Gunmen killed a judge in Tripoli on Monday, Reuters reported, citing local officials."
    ev = only(extract(text, outlet="Example Daily"), "ASSAULT")
    chain = [(a.source, a.kind) for a in ev.attribution]
    assert chain[0] == ("Example Daily", SourceKind.publisher)
    assert any(src == "Reuters" and kind == SourceKind.outlet for src, kind in chain)


# --- merging and evidence --------------------------------------------------------------


def test_extract_merges_mentions_of_one_incident(extract: Extract) -> None:
    text = (
        "A suicide bomber struck a mosque in Peshawar on Friday, killing 30 worshippers. "
        "The attack also wounded dozens of people, police said."
    )
    assaults = [e for e in extract(text) if e.event_type == "ASSAULT"]
    assert len(assaults) == 1
    ev = assaults[0]
    assert ev.mode == "suicide-attack"
    assert ev.killed is not None and ev.killed.best == 30
    assert ev.injured is not None and ev.injured.low == 24
    assert len(ev.sentences) == 2


def test_extract_separate_incidents_stay_separate(extract: Extract) -> None:
    text = (
        "Gunmen killed two policemen in Karachi on Monday. "
        "Separately, a bomb exploded in Quetta on Tuesday, wounding five people."
    )
    assaults = [e for e in extract(text) if e.event_type == "ASSAULT"]
    assert len(assaults) == 2


def test_extract_every_span_points_into_the_text(extract: Extract) -> None:
    text = "Militants ambushed a police patrol near Garissa on Sunday, killing three officers."
    for ev in extract(text):
        spans = [*ev.triggers, *(s for r in ev.roles for s in r.spans)]
        spans += [s for p in ev.places for s in p.spans]
        for span in spans:
            assert text[span.start : span.end] == span.text


def test_extract_no_event_in_sports_story(extract: Extract) -> None:
    text = (
        "The home side beat the visitors 3-1 on Saturday, with their striker scoring twice "
        "in the second half before a crowd of twenty thousand fans."
    )
    assert extract(text) == []


def test_extract_all_caps_and_lower_case_keep_entities(extract: Extract) -> None:
    text = (
        "Taliban fighters attacked a police checkpoint in Kandahar on Sunday, "
        "killing four officers."
    )
    for variant in (text.upper(), text.lower()):
        events = [e for e in extract(variant) if e.event_type == "ASSAULT"]
        assert events, variant
        assert any(
            r.actor_id == "taliban" or r.affiliation_id == "taliban" for r in events[0].roles
        ), variant
        assert any("kandahar" in p.text.lower() for p in events[0].places), variant


def test_extract_roles_target_and_place(extract: Extract) -> None:
    ev = only(extract("Insurgents attacked a military base in Borno on Sunday."), "ASSAULT")
    assert any("base" in r.text for r in ev.roles_of(RoleType.target))
    assert [p.text for p in ev.places if p.is_event_location] == ["Borno"]
    assert ev.acled_sub_event_type == "Armed clash"


def test_extract_roles_threat_recipient(extract: Extract) -> None:
    ev = only(
        extract("The Houthis threatened Saudi Arabia with new missile strikes on Monday."),
        "THREATEN",
    )
    assert any("Houthi" in r.name or r.actor_id == "houthis" for r in ev.roles_of(RoleType.actor))
    assert any("Saudi Arabia" in r.text for r in ev.roles_of(RoleType.recipient))


def test_extract_pledge_of_allegiance(extract: Extract) -> None:
    text = "The militant group pledged allegiance to al-Qaeda leader Ayman al-Zawahiri on Friday."
    ev = only(extract(text), "SUPPORT")
    assert any("Zawahiri" in r.text for r in ev.roles_of(RoleType.recipient))


def test_extract_outlets_are_attribution_not_actors(extract: Extract) -> None:
    ev = only(
        extract("Al Jazeera reported that soldiers killed two protesters in Khartoum."), "ASSAULT"
    )
    assert any(a.kind == SourceKind.outlet for a in ev.attribution)
    assert not any("Al Jazeera" in r.name for r in ev.roles)


def test_a_weapon_or_a_document_is_no_perpetrator(extract: Extract) -> None:
    for text in (
        "official sources announced that a cargo plane was partially destroyed early this "
        "morning when an incendiary bomb exploded at the qorvalt airport.",
        "The video shows a car bombing that hit the town of Qorvalt.",
    ):
        for ev in extract(text):
            assert not names(ev, RoleType.perpetrator), text
