"""The ACLED sub-event type and CAMEO code of an incident whose PLOVER type or mode changed.

When the typing step gives an incident another mode, its ACLED pair and CAMEO code are
looked up again the way the incident was first typed: the crosswalk
(:mod:`newsevents.ontology.crosswalk`) from the type, the mode, the participants' actor
kinds and the weapons, then the codebook distinctions of
:mod:`newsevents.ontology.acled_typing`. Weapons are the instruments' words and their
categories ("handgun" and "firearms"), as the crosswalk's rules expect.
"""

from __future__ import annotations

import re

from newsevents.model import Event, RoleType
from newsevents.ontology.acled_typing import default_typing, refine_acled
from newsevents.ontology.crosswalk import crosswalk

_AGENTS = frozenset({RoleType.perpetrator, RoleType.actor})
_PATIENTS = frozenset({RoleType.victim, RoleType.detainee, RoleType.target})
_WORD = re.compile(r"[\w][\w'-]*")
#: The role word the crosswalk takes for demonstrators among the targets.
PROTESTERS = "protesters"


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def crosswalk_inputs(event: Event) -> tuple[list[str], list[str], list[str]]:
    """Target kinds, actor kinds and weapons of ``event`` for the crosswalk.

    Demonstrators among the victims or targets (the ``protest_people`` cues of the ACLED
    typing rules) add the role word ``protesters``; weapons seized ("seized four pistols")
    are the targets of a COERCE event, so their words count as weapons there.
    """
    targets = [r.kind.value for r in event.roles if r.role not in _AGENTS]
    actors = [r.kind.value for r in event.roles if r.role in _AGENTS]
    protest_people = default_typing().phrases["protest_people"]
    for role in event.roles:
        padded = f" {' '.join(_words(role.text))} "
        if role.role in _PATIENTS and any(p in padded for p in protest_people):
            targets.append(PROTESTERS)
    weapons = [w for i in event.instruments for w in (*_words(i.text), i.category.lower())]
    if event.event_type == "COERCE":
        weapons += [w for r in event.roles if r.role == RoleType.target for w in _words(r.name)]
    return targets, actors, weapons


def retype(event: Event, event_type: str, mode: str | None) -> Event:
    """``event`` as a ``event_type`` / ``mode`` incident, with its ACLED pair and CAMEO code
    looked up again."""
    typed = event.model_copy(update={"event_type": event_type, "mode": mode})
    targets, actors, weapons = crosswalk_inputs(typed)
    cw = crosswalk(event_type, mode, target_kinds=targets, actor_kinds=actors, weapons=weapons)
    typed = typed.model_copy(
        update={
            "acled_event_type": cw.acled_event_type,
            "acled_sub_event_type": cw.acled_sub_event_type,
            "cameo_code": cw.cameo_code,
        }
    )
    return refine_acled(typed)


__all__ = ["PROTESTERS", "crosswalk_inputs", "retype"]
