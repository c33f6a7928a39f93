"""The folder for derived data (casing table, gazetteer, knowledge-base snapshot).

Derived files are rebuilt from the package's own data whenever their key changes, so deleting
the folder is always safe. ``$NEWSEVENTS_CACHE`` overrides the location (default
``$XDG_CACHE_HOME/newsevents`` or ``~/.cache/newsevents``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

CACHE_ENV = "NEWSEVENTS_CACHE"


def cache_dir() -> Path:
    """The folder for derived data: ``$NEWSEVENTS_CACHE``, else the user's cache folder."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "newsevents"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def content_key(parts: Iterable[bytes | str]) -> str:
    """A short hex digest of ``parts`` (file contents, versions), for cache file names."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:16]


__all__ = ["CACHE_ENV", "cache_dir", "content_key", "write_atomically"]
