"""One exception tree for newsevents: every error the library raises derives from NewsEventsError.

Messages name the bad value and say what to do, so a one-line report is enough for a user.
"""

from __future__ import annotations


class NewsEventsError(Exception):
    """Base class of every newsevents error."""


class InputError(NewsEventsError):
    """An input could not be read as an article (empty, binary, too large, bad encoding...).

    ``path`` names the input and ``reason`` says why, so the CLI can print
    ``PATH: REASON`` on one line and go on with the rest of the batch.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DataFileError(NewsEventsError):
    """A shipped or user-supplied data file (ontology, crosswalk, dictionary) is invalid."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"invalid data file {path}: {problem}")
        self.path = path
        self.problem = problem
