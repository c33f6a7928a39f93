"""The extraction process behind ``POST /api/extract``.

Run as ``python -m newsevents.api.extract_worker``.

The server keeps extraction out of its own process (``extractor``): a parse holds the
interpreter for seconds, which would stall every read request, and a runaway one can only be
stopped by ending the process that runs it. This module is that process: it loads the NLP
pipeline once, says it is ready, then answers one job at a time, each a frame on standard
input answered by a frame on standard output.

A frame is a 4-byte big-endian length and that many bytes of JSON. Standard output is kept
for frames: anything a library prints goes to standard error.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import struct
import sys
from collections.abc import Callable
from typing import IO, Any

import orjson

_HEADER = struct.Struct(">I")
#: A job's fields that are passed to ``read_text`` as they are.
_TEXT_FIELDS = ("outlet", "url", "title")
_WARM_UP = "Gunmen attacked a police station in Gao on Sunday, killing two officers."


def encode_frame(payload: Any) -> bytes:
    """``payload`` as one frame."""
    data = orjson.dumps(payload)
    return _HEADER.pack(len(data)) + data


def read_frame(stream: IO[bytes]) -> Any | None:
    """The next frame's payload, or None at the end of the stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return orjson.loads(data)


def extract_job(job: dict[str, Any]) -> dict[str, Any]:
    """The events of one job (``text``, ``published``, ``outlet``, ``url``, ``title``).

    A text ``read_text`` refuses gives ``{"input_error": reason}``.
    """
    from newsevents.errors import InputError
    from newsevents.extract.article import extract_article
    from newsevents.ingest import read_text

    published = job.get("published")
    try:
        article = read_text(
            job["text"],
            published=dt.date.fromisoformat(published) if published else None,
            **{name: job.get(name) for name in _TEXT_FIELDS},
        )
    except InputError as exc:
        return {"input_error": str(exc)}
    result = extract_article(article)
    return {
        "events": [event.model_dump(mode="json") for event in result.events],
        "reason": result.reason,
    }


def warm_up() -> None:
    """Load the NLP pipeline, the actor knowledge base and the gazetteer before any job."""
    extract_job({"text": _WARM_UP})


def serve(
    handler: Callable[[dict[str, Any]], dict[str, Any]] = extract_job,
    warm: Callable[[], None] = warm_up,
) -> None:
    """Answer jobs from standard input until it closes."""
    # The server handles Ctrl-C and ends this process; a second traceback would be noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    jobs = sys.stdin.buffer
    warm()
    out.write(encode_frame({"ready": True}))
    out.flush()
    while (job := read_frame(jobs)) is not None:
        try:
            reply = {"ok": True, "result": handler(job)}
        except Exception as exc:  # reported to the server, which answers 500 and logs it
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        try:
            out.write(encode_frame(reply))
            out.flush()
        except BrokenPipeError:
            return  # the server went away


if __name__ == "__main__":
    serve()
