"""Checked model files: a shipped file is used only when its sha256 is the one recorded."""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsevents.errors import NewsEventsError


class ModelFileError(NewsEventsError):
    """A model file is missing, altered or malformed; the message names the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"model file {path}: {problem}")
        self.path = str(path)
        self.problem = problem


def sha256_of(path: Path) -> str:
    """The hex sha256 of the file at ``path``, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_sha256(path: Path, expected: str) -> None:
    """Raise :class:`ModelFileError` unless ``path`` exists and hashes to ``expected``."""
    if not path.is_file():
        raise ModelFileError(path, "not found (reinstall newsevents and its dependencies)")
    actual = sha256_of(path)
    if actual != expected.lower():
        raise ModelFileError(
            path,
            f"sha256 is {actual}, expected {expected.lower()}: the file was altered or "
            "belongs to another version; reinstall it",
        )
