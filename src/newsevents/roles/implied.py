"""The police as the arrester an article implies but does not name.

"Nodeep Kaur was arrested in Haryana" names no one who arrested her; the article says
"police custody" and "the police had said". Arrests are made by the state's police, and
coders record them as the arrester (ACLED's "Police Forces of India"): an arrest without a
doer takes the police the article names nearest to it, with that mention as its evidence.
An article that names no police leaves the arrester unknown: "authorities" or a court may
have ordered it, and the record should not guess.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsevents.extract.merge import AGENT_ROLES
from newsevents.extract.syntax import token_span
from newsevents.model import ActorKind, Event, Modality, Role, RoleType

__all__ = ["POLICE_WORDS", "implied_arresters"]

#: Words that name the police as a body (not one officer, who may be off duty).
POLICE_WORDS = frozenset({"police", "policemen", "cops"})
#: Confidence of an arrester read from elsewhere in the article.
CONFIDENCE = 0.5


def _police_mentions(doc: Doc) -> list[Token]:
    return [t for t in doc if t.lower_ in POLICE_WORDS and t.ent_type_ not in ("PERSON", "GPE")]


def implied_arresters(events: list[Event], doc: Doc, text: str) -> list[Event]:
    """The events, each asserted arrest without a doer given the police the article names
    nearest to its first trigger (see the module)."""
    police: list[Token] | None = None
    out = []
    for event in events:
        if (
            event.event_type != "COERCE"
            or event.mode != "arrest"
            or event.modality != Modality.asserted
            or any(r.role in AGENT_ROLES for r in event.roles)
            or not event.triggers
        ):
            out.append(event)
            continue
        if police is None:
            police = _police_mentions(doc)
        if not police:
            out.append(event)
            continue
        at = event.triggers[0].start
        nearest = min(police, key=lambda t: abs(t.idx - at))
        span = token_span([nearest], text)
        role = Role(
            role=RoleType.actor,
            text=span.text,
            spans=[span],
            name="police",
            kind=ActorKind.police,
            confidence=CONFIDENCE,
        )
        out.append(event.model_copy(update={"roles": [*event.roles, role]}))
    return out
