"""Turn the bytes of an input into text, refusing what is not a readable text file.

Every refusal is an InputError whose reason says what is wrong and what to do about it.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO, NoReturn

from newsevents.errors import InputError

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest input read, in bytes. Looked up at call time, so tests can lower it."""

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Signatures of common non-text formats people pass by mistake, so the message can name them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
)

# C0 control bytes other than tab, line feed, form feed and carriage return, plus DEL.
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
_CONTROL_CHARS = frozenset(chr(b) for b in _CONTROL_BYTES)
_MAX_CONTROL_SHARE = 0.05
_SAMPLE = 65536


def human_size(size: int) -> str:
    """Format a byte count for messages ('12 bytes', '3.4 MB')."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def too_large_reason(size: int | None = None) -> str:
    """The reason given for an input over MAX_FILE_BYTES."""
    shown = None if size is None else human_size(size)
    if shown is not None and size is not None and shown == human_size(MAX_FILE_BYTES):
        shown = f"{size:,} bytes"  # just over the limit: rounded, it would read as the limit
    found = f" ({shown})" if shown is not None else ""
    return f"file is too large{found}; the limit is {human_size(MAX_FILE_BYTES)}; split it first"


def special_kind(mode: int) -> str | None:
    """What a file that is neither a regular file nor a directory is, or None."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a special file"


def special_reason(kind: str) -> str:
    """The reason given for an input that is not a regular file (a FIFO, a device...)."""
    return f"not a regular file ({kind}); skipped without reading it"


def _check_mode(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(name, "is a directory, not a file")
    kind = special_kind(mode)
    if kind is not None:
        raise InputError(name, special_reason(kind))


def open_regular(path: Path, name: str) -> BinaryIO:
    """Open a regular file for reading; anything else is an InputError, and never opened.

    Opening a FIFO waits for a writer, forever if none comes, and opening a device may do
    anything, so the file's kind is checked first. The open itself does not block either
    (``O_NONBLOCK``), in case the file was replaced between the check and the open; the
    opened file is checked again. OSErrors (missing file, symlink loop) propagate.
    """
    _check_mode(os.stat(path).st_mode, name)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    fd = os.open(path, flags)
    try:
        _check_mode(os.fstat(fd).st_mode, name)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def os_error_reason(exc: OSError) -> str:
    """The reason given for a file that could not be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "cannot read the file: permission denied"
    return f"cannot read the file: {exc.strerror or exc}"


def read_bytes(path: Path, name: str | None = None) -> bytes:
    """Read a whole file, checking its kind and size before reading.

    Raises InputError (named ``name`` or the path) when the file is missing, not a regular
    file (a FIFO, a device, a socket: never opened), unreadable or larger than
    MAX_FILE_BYTES.
    """
    label = name if name is not None else str(path)
    limit = MAX_FILE_BYTES
    try:
        with open_regular(path, label) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputError(label, too_large_reason(size))
            # Read one byte past the limit: the file may grow while it is read.
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(label, os_error_reason(exc)) from None
    if len(data) > limit:
        raise InputError(label, too_large_reason())
    return data


def _magic_kind(data: bytes) -> str | None:
    for signature, kind in _MAGIC:
        if data.startswith(signature):
            return kind
    return None


def _looks_like_bomless_utf16(sample: bytes) -> bool:
    """True when every other byte is NUL, as in ASCII text saved as UTF-16 without a BOM."""
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.9


def binary_reason(data: bytes) -> str | None:
    """Say why ``data`` is not text, or None if it may be text."""
    kind = _magic_kind(data)
    if kind is not None:
        return f"binary file ({kind}), not text; convert it to text or HTML first"
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        if _looks_like_bomless_utf16(sample):
            return "looks like UTF-16 without a byte-order mark; re-encode the file as UTF-8"
        return "binary file (contains NUL bytes), not text"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        return "binary file (too many control characters), not text"
    return None


def _decode_with_bom(data: bytes, name: str) -> str | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    name,
                    f"starts with a {label} byte-order mark but is not valid {label} "
                    f"(offset {exc.start + len(bom)}); re-encode the file as UTF-8",
                ) from None
    return None


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of a text input: UTF-8, or UTF-8/16/32 with a byte-order mark.

    Never guesses a legacy encoding: anything else is an InputError that gives the first
    bad byte and its offset. Empty and binary data are InputErrors too.
    """
    if not data.strip():
        _empty(name)
    text = _decode_with_bom(data, name)
    if text is None:
        reason = binary_reason(data)
        if reason is not None:
            raise InputError(name, reason)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = data[exc.start]
            raise InputError(
                name,
                f"not valid UTF-8 (byte 0x{bad:02X} at offset {exc.start}); "
                "re-encode the file as UTF-8",
            ) from None
    check_decoded(text, name)
    return text


def check_decoded(text: str, name: str) -> None:
    """Refuse decoded text that is empty or mostly control characters."""
    if not text.strip():
        _empty(name)
    sample = text[:_SAMPLE]
    if "\x00" in sample:
        raise InputError(name, "binary file (contains NUL characters), not text")
    controls = sum(1 for ch in sample if ch in _CONTROL_CHARS)
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(name, "binary file (too many control characters), not text")


def _empty(name: str) -> NoReturn:
    raise InputError(name, "empty file (nothing but whitespace)")
