"""Article files that appear in (or change in) a watched folder.

A file is known by its path relative to the folder, its modification time and its size, so
a file that is rewritten is read again. Files modified in the last ``settle`` seconds are
left for the next poll: one still being written would otherwise be read half-written and
then again once complete. The files read are those ``newsevents ingest`` reads in a folder
(by extension; hidden files and folders are skipped).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from newsevents.errors import InputError
from newsevents.ingest.sources import kind_of
from newsevents.watch.errors import SourceError


@dataclass(frozen=True)
class FileItem:
    """One article file and the key it is remembered by."""

    path: Path
    key: str


@dataclass
class FolderScan:
    """What one look at a folder found."""

    files: list[FileItem] = field(default_factory=list)
    unsettled: int = 0
    """Files modified too recently to be read yet."""
    errors: list[InputError] = field(default_factory=list)
    """Subfolders that could not be listed."""


def file_key(relative: Path, stat: os.stat_result) -> str:
    """The key of a file: relative path, modification time (ns) and size."""
    return f"{relative.as_posix()}|{stat.st_mtime_ns}|{stat.st_size}"


def scan_folder(root: Path, *, settle: float, now: float) -> FolderScan:
    """The article files under ``root``, sorted by path, with their keys.

    ``now`` is the current time (``time.time()``); files modified after ``now - settle`` are
    counted in ``unsettled`` instead. Raises SourceError when ``root`` is missing or not a
    folder.
    """
    if not root.exists():
        raise SourceError("folder missing (no such file or folder)")
    if not root.is_dir():
        raise SourceError("not a folder")
    scan = FolderScan()

    def on_error(exc: OSError) -> None:
        scan.errors.append(InputError(str(exc.filename or root), f"cannot list: {exc.strerror}"))

    found: list[tuple[tuple[str, ...], FileItem]] = []
    for folder, dirs, files in os.walk(root, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(folder, name)
            if name.startswith(".") or kind_of(path) is None:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue  # removed since it was listed
            if stat.st_mtime > now - settle:
                scan.unsettled += 1
                continue
            relative = path.relative_to(root)
            found.append((relative.parts, FileItem(path, file_key(relative, stat))))
    scan.files = [item for _, item in sorted(found, key=lambda pair: pair[0])]
    return scan
