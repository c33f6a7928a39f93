"""Typing: the PLOVER type and mode and the ACLED sub-type of each incident.

:func:`assign_types` is the pipeline's typing step; it runs on the built incidents, before
their roles are settled and the incident model decides on them.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsevents.model import Event


def assign_types(events: list[Event], doc: Doc, text: str) -> list[Event]:
    """The incidents with their types settled (the trigger lexicon's for now)."""
    del doc, text
    return events
