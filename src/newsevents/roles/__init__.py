"""Roles: who did it and to whom, for each of an article's incidents.

:func:`assign_roles` is the pipeline's roles step; it runs on the built incidents, after
they are typed and before the incident model decides on them. For assaults and coercion,
a trained model (``data/models/roles``, ``newsevents train roles``) scores every noun
phrase around the incident as its perpetrator and as its target
(:mod:`newsevents.roles.candidates`, :mod:`newsevents.roles.features`), and the most
probable ones are kept and resolved (:mod:`newsevents.roles.choose`).

While :func:`observe` is active (model training), the step hands the incidents, as the
extractor's rules built them, to the observer and leaves them unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from spacy.tokens import Doc

from newsevents.model import Event

Observer = Callable[[list[Event], Doc, str], None]
_observers: list[Observer] = []


@contextmanager
def observe(observer: Observer) -> Iterator[None]:
    """Within the block, pass each article's incidents (with the rule-made roles), its parse
    and its text to ``observer`` instead of settling their roles."""
    _observers.append(observer)
    try:
        yield
    finally:
        _observers.remove(observer)


def assign_roles(events: list[Event], doc: Doc, text: str) -> list[Event]:
    """The incidents with their perpetrators and targets settled by the roles model
    (:mod:`newsevents.roles.choose`); ``doc`` is the parse of ``text``."""
    if _observers:
        for observer in _observers:
            observer(events, doc, text)
        return events
    from newsevents.roles.choose import settle

    return settle(events, doc, text)
