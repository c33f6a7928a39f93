"""Typing: the PLOVER type and mode and the ACLED sub-type of each incident.

:func:`assign_types` is the pipeline's typing step; it runs on the built incidents, before
their roles are settled and the incident model decides on them.

The trigger lexicon gives each incident its PLOVER type and a mode from its trigger and
weapon words, and the crosswalk and the ACLED typing rules its ACLED pair. For an assault
the mode that matters most is the means, and the words say it only when a weapon or a
specific verb is in the trigger's reach: in "a pirate attack on the ship ... 13 crew members
have been abducted" the attack has no mode, and is coded an Attack. The ``types`` model
(:mod:`newsevents.decide.types_model`) reads the incident's first sentences whole; where it
is confident that they tell of a bombing or a kidnapping, the assault's mode becomes
``explosives`` or ``abduct`` and its ACLED pair is looked up again
(:mod:`newsevents.decide.types_acled`).

The model's third means, Armed Assault, does not set ``firearms``: SATP, MUC-4 and GVDB
call any killing by armed men an armed assault, weapon stated or not, and a record must not
claim a firearm the article does not name. Everything else (the type, the other modes, the
ACLED distinctions that depend on who did what to whom) stays with the lexicon and the
rules, which measure better there (docs/quality.md, "Event typing"). One distinction is
made here from the instrument lexicon rather than the words of the rules: a seizure whose
seized thing is a weapon the lexicon knows ("dismantling the handgun") is Disrupted weapons
use, never territory taken. Another from the actors: people "detained" by unidentified
armed men ("masked men detained the protest leader and drove her away") are abducted, an
assault, not arrested (ACLED's Abduction/forced disappearance); a named group that holds
people where it rules (Hamas in Gaza) still arrests them. And an act that was only
threatened ("threatened to carry out an attack on the president") is recorded as the
threat that was made: a THREATEN event whose mode says what was threatened, as PLOVER and
CAMEO code it, with the modality ``threatened``; never an assault that did not happen.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from newsevents.decide.types_acled import retype
from newsevents.decide.types_model import (
    BOMBING,
    KIDNAPPING,
    TYPES_MODEL,
    TypeModel,
    shipped_type_model,
)
from newsevents.model import ActorKind, Count, CountCategory, Event, Modality, RoleType

#: The PLOVER assault mode of each means the model may set.
MEANS_MODES = {BOMBING: "explosives", KIDNAPPING: "abduct"}
#: Assault modes the model may set or change: none, firearms, or one of its means. The
#: others (suicide attack, aerial, heavy weapons, beating, sexual violence...) are more
#: specific than the model's labels and stay as the lexicon found them.
OPEN_MODES = frozenset({None, "firearms", *MEANS_MODES.values()})
#: Probability of a means from which it sets the mode of an assault that has none, and
#: from which it replaces a means the lexicon found: chosen on coder-gold dev, where lower
#: ones start to make bombings of targeted killings.
SET_THRESHOLD = 0.8
CHANGE_THRESHOLD = 0.95
#: ACLED's pair and CAMEO's code for weapons seized, found or dismantled before they are
#: used, by whoever takes them.
DISRUPTED = ("Strategic developments", "Disrupted weapons use")
DISRUPTED_CAMEO = "171"
#: Sentences of an incident the model reads (the first ones, where news tells the act).
SENTENCES = 2


def evidence_text(event: Event) -> str:
    """The text the model reads: the incident's first sentences, else its triggers."""
    spans = event.sentences[:SENTENCES] or event.triggers[:1]
    return " ".join(span.text for span in spans)


def means_mode(
    labels: Sequence[str], probabilities: Sequence[float], current: str | None
) -> str | None:
    """The mode the model's probabilities give an assault whose lexicon mode is
    ``current``: the most probable means when it clears the threshold (the higher one to
    replace a means), else ``current``."""
    best_label, best = max(
        (
            (lab, float(p))
            for lab, p in zip(labels, probabilities, strict=True)
            if lab in MEANS_MODES
        ),
        key=lambda pair: pair[1],
    )
    threshold = SET_THRESHOLD if current is None else CHANGE_THRESHOLD
    return MEANS_MODES[best_label] if best >= threshold else current


def seizes_weapons(event: Event) -> bool:
    """Whether ``event`` is a seizure of weapons: a weapon the instrument lexicon knows
    ("handgun", "grenades") lies inside what was seized ("dismantling the handgun")."""
    if event.event_type != "COERCE" or event.mode != "seize":
        return False
    seized = [s for r in event.roles if r.role == RoleType.target for s in r.spans]
    return any(
        a.start <= w.start and w.end <= a.end
        for i in event.instruments
        for w in i.spans
        for a in seized
    )


def _disrupted(event: Event) -> Event:
    event_type, sub_type = DISRUPTED
    return event.model_copy(
        update={
            "acled_event_type": event_type,
            "acled_sub_event_type": sub_type,
            "cameo_code": DISRUPTED_CAMEO,
        }
    )


def held_by_gunmen(event: Event) -> bool:
    """Whether ``event`` is an arrest whose doers are all unidentified armed men: armed
    people no knowledge-base entry names ("masked men", "gunmen")."""
    if event.event_type != "COERCE" or event.mode != "arrest":
        return False
    agents = [r for r in event.roles if r.role in (RoleType.actor, RoleType.perpetrator)]
    return bool(agents) and all(
        r.kind == ActorKind.armed_group and r.actor_id is None and r.affiliation_id is None
        for r in agents
    )


def _as_kidnapped(count: Count | None) -> Count | None:
    if count is None:
        return None
    return count.model_copy(update={"category": CountCategory.kidnapped})


def _abduction(event: Event) -> Event:
    """An arrest by unidentified armed men as the abduction it is: the doers are its
    perpetrators, those held its victims, their number the kidnapped."""
    renamed = {RoleType.actor: RoleType.perpetrator, RoleType.detainee: RoleType.victim}
    roles = [r.model_copy(update={"role": renamed.get(r.role, r.role)}) for r in event.roles]
    moved = event.model_copy(
        update={
            "roles": roles,
            "kidnapped": event.kidnapped or _as_kidnapped(event.arrested),
            "arrested": None,
        }
    )
    return retype(moved, "ASSAULT", "abduct")


#: PLOVER's THREATEN type and the mode that says what a threat threatens, by the type and
#: mode of the act threatened (None: any mode of that type).
THREAT = "THREATEN"
_THREAT_MODES: dict[tuple[str, str | None], str] = {
    ("COERCE", "seize"): "territory",
    ("COERCE", "arrest"): "arrest",
    ("COERCE", "deport"): "expel",
    ("COERCE", "ban"): "ban",
    ("COERCE", "restrict"): "restrict",
    ("COERCE", "curfew"): "restrict",
    ("COERCE", "martial-law"): "restrict",
    ("SANCTION", None): "relations",
}
#: Types of acts that threats of force threaten.
_FORCE_TYPES = frozenset({"ASSAULT", "MOBILIZE"})


def threat_mode(event: Event) -> str | None:
    """The THREATEN mode of a threat to carry out ``event``: what it threatens."""
    if event.event_type in _FORCE_TYPES:
        return "violence"
    return _THREAT_MODES.get(
        (event.event_type, event.mode), _THREAT_MODES.get((event.event_type, None))
    )


def _as_threat(event: Event) -> Event:
    """A threatened act as the threat that was made."""
    return retype(event, THREAT, threat_mode(event))


def _shares_sentence(a: Event, b: Event) -> bool:
    return bool({(s.start, s.end) for s in a.sentences} & {(s.start, s.end) for s in b.sentences})


def _with_act(threat: Event, act: Event) -> Event:
    """The threat told with the act it threatens ("threatened Saudi Arabia with new missile
    strikes"): one record, with the act's words and the participants the threat lacks."""
    named = {r.text for r in threat.roles}
    return threat.model_copy(
        update={
            "mode": threat.mode or act.mode,
            "triggers": sorted([*threat.triggers, *act.triggers], key=lambda s: s.start),
            "roles": [*threat.roles, *(r for r in act.roles if r.text not in named)],
            "instruments": [*threat.instruments, *act.instruments],
        }
    )


def _threats(events: list[Event]) -> list[Event]:
    """Threatened acts as threats: one joins the threat told in its sentence, if any."""
    out: list[Event | None] = list(events)
    for i, event in enumerate(events):
        if event.modality != Modality.threatened or event.event_type == THREAT:
            continue
        act = _as_threat(event)
        told = next(
            (
                k
                for k, e in enumerate(out)
                if e is not None
                and e.event_type == THREAT
                and e.modality == Modality.threatened
                and _shares_sentence(e, act)
            ),
            None,
        )
        if told is None:
            out[i] = act
        else:
            threat = out[told]
            assert threat is not None
            out[told] = _with_act(threat, act)
            out[i] = None
    return [e for e in out if e is not None]


def type_events(events: list[Event], model: TypeModel) -> list[Event]:
    """``events`` with the means of their assaults decided by ``model``."""
    out = [_disrupted(e) if seizes_weapons(e) else e for e in events]
    out = [_abduction(e) if held_by_gunmen(e) else e for e in out]
    out = _threats(out)
    open_events = [
        i for i, e in enumerate(out) if e.event_type == "ASSAULT" and e.mode in OPEN_MODES
    ]
    if not open_events:
        return out
    probabilities = model.probabilities([evidence_text(out[i]) for i in open_events])
    for i, row in zip(open_events, probabilities, strict=True):
        event = out[i]
        mode = means_mode(model.labels, [float(p) for p in row], event.mode)
        if mode != event.mode:
            out[i] = retype(event, event.event_type, mode)
    return out


def assign_types(events: list[Event], doc: Doc, text: str) -> list[Event]:
    """The incidents with their types settled: the lexicon's, with the means of assaults
    from the ``types`` model where it is confident."""
    del doc, text
    return type_events(events, shipped_type_model(TYPES_MODEL))


__all__ = [
    "CHANGE_THRESHOLD",
    "DISRUPTED",
    "DISRUPTED_CAMEO",
    "MEANS_MODES",
    "OPEN_MODES",
    "SENTENCES",
    "SET_THRESHOLD",
    "THREAT",
    "assign_types",
    "evidence_text",
    "held_by_gunmen",
    "means_mode",
    "seizes_weapons",
    "threat_mode",
    "type_events",
]
