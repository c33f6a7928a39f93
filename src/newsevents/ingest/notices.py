"""Warnings about inputs that are read anyway (a publication date treated as absent).

A reader calls :func:`warn` with the input's name and the reason; the command line decides
how it is shown (``warning: FILE: REASON`` above the progress bar) by installing a handler
with :func:`warnings_to`. Without one, the warning goes to the ``newsevents.ingest`` logger,
so a library user sees it the way Python shows any logged warning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Handler = Callable[[str, str], None]
"""Receives the input's name and the reason."""

_LOG = logging.getLogger("newsevents.ingest")


def _log(name: str, reason: str) -> None:
    _LOG.warning("%s: %s", name, reason)


_HANDLER: ContextVar[Handler] = ContextVar("newsevents_input_warnings", default=_log)


def warn(name: str, reason: str) -> None:
    """Report that input ``name`` is read, but not all of it as given (``reason``)."""
    _HANDLER.get()(name, reason)


@contextmanager
def warnings_to(handler: Handler) -> Iterator[None]:
    """Send the input warnings made inside the block to ``handler``."""
    token = _HANDLER.set(handler)
    try:
        yield
    finally:
        _HANDLER.reset(token)
