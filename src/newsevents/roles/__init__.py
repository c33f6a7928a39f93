"""Roles: who did it and to whom, for each of an article's incidents.

:func:`assign_roles` is the pipeline's roles step; it runs on the built incidents, after
they are typed and before the incident model decides on them.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsevents.model import Event


def assign_roles(events: list[Event], doc: Doc, text: str) -> list[Event]:
    """The incidents with their participant roles settled (the extractor's own for now)."""
    del doc, text
    return events
