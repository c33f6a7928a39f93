"""Extraction for ``POST /api/extract`` in a process of its own, bounded in time and queue.

One worker process (``extract_worker``) parses one text at a time. The server only waits for
its answer, in a thread of a small pool of its own, so read endpoints keep answering at full
speed during an extraction, and the threads that run other endpoints are never taken.

- At most ``queue`` requests wait behind the running one; more are answered 503 with
  ``Retry-After`` at once. One that waits longer than ``timeout`` for its turn (not counting
  the time a new worker takes to start) gets the same.
- An extraction that runs longer than ``timeout`` seconds is abandoned: the worker process is
  killed (the only way to stop a parse) and the request answered 504. The next request starts
  a fresh worker, which loads the pipeline again (a few seconds, not counted in its timeout).
- A worker that dies is started again on the next request; that request is answered 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson

from newsevents.api.errors import ApiError
from newsevents.api.extract_worker import encode_frame
from newsevents.limits import EXTRACT_TIMEOUT_S, PARSE_PROCESSES_VARIABLE

log = logging.getLogger(__name__)

#: Seconds an extraction may run (``newsevents serve --extract-timeout``).
EXTRACT_TIMEOUT = EXTRACT_TIMEOUT_S
#: Requests that may wait behind the running extraction.
EXTRACT_QUEUE = 4
#: Seconds a new worker may take to load the pipeline.
START_TIMEOUT = 180.0

_HEADER = struct.Struct(">I")
_COMMAND = (sys.executable, "-m", "newsevents.api.extract_worker")


class _Timeout(Exception):
    pass


class _Gone(Exception):
    pass


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    """``size`` bytes from ``fd`` by ``deadline`` (monotonic), else _Timeout; _Gone at EOF."""
    parts: list[bytes] = []
    left = size
    while left:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Timeout
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            raise _Timeout
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise _Gone
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _read_reply(fd: int, deadline: float) -> Any:
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    return orjson.loads(_read_exact(fd, size, deadline))


class Extractor:
    """The extraction worker of one server process, and the queue in front of it."""

    def __init__(
        self,
        timeout: float = EXTRACT_TIMEOUT,
        queue: int = EXTRACT_QUEUE,
        start_timeout: float = START_TIMEOUT,
        command: Sequence[str] = _COMMAND,
    ) -> None:
        self.timeout = timeout
        self.queue = queue
        self.start_timeout = start_timeout
        self.command = list(command)
        self._process: subprocess.Popen[bytes] | None = None
        self._turn = threading.Lock()  # held while a job runs
        self._count = threading.Lock()
        self._admitted = 0
        self._starting = False
        self._pool = ThreadPoolExecutor(max_workers=1 + queue, thread_name_prefix="extract")

    def _busy(self) -> ApiError:
        wait = math.ceil(self.timeout)
        return ApiError(
            503,
            f"the extraction worker is busy ({self._admitted} requests in hand); retry in {wait} s",
            {"Retry-After": str(wait)},
        )

    async def extract(self, job: dict[str, Any]) -> dict[str, Any]:
        """The worker's answer to ``job``; ApiError 503 (busy, worker lost) or 504 (timeout)."""
        with self._count:
            if self._admitted >= 1 + self.queue:
                raise self._busy()
            self._admitted += 1
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._pool, self._run_counted, job)
        except RuntimeError:  # the pool is shut down: the server is stopping
            self._release()
            raise ApiError(503, "the server is stopping") from None
        result: dict[str, Any] = await future
        return result

    def _release(self) -> None:
        with self._count:
            self._admitted -= 1

    def _run_counted(self, job: dict[str, Any]) -> dict[str, Any]:
        # Counted until the thread is done, even when the client went away meanwhile.
        try:
            return self._run(job)
        finally:
            self._release()

    def _wait_turn(self) -> None:
        """Wait up to ``timeout`` seconds for the worker, plus the time it spends starting
        (loading the pipeline is not the running job's doing); else 503."""
        deadline = time.monotonic() + self.timeout
        while not self._turn.acquire(timeout=0.5):
            if self._starting:
                deadline = max(deadline, time.monotonic() + self.timeout)
            elif time.monotonic() > deadline:
                raise self._busy()

    def _run(self, job: dict[str, Any]) -> dict[str, Any]:
        self._wait_turn()
        try:
            process = self._started()
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write(encode_frame(job))
                process.stdin.flush()
                reply = _read_reply(process.stdout.fileno(), time.monotonic() + self.timeout)
            except _Timeout:
                self._stop()
                raise ApiError(
                    504,
                    f"the extraction took over {self.timeout:g} s and was abandoned; "
                    "send a shorter text",
                ) from None
            except (_Gone, OSError, ValueError):
                self._stop()
                raise ApiError(
                    503, "the extraction worker stopped; it is started again for the next request",
                    {"Retry-After": "5"},
                ) from None  # fmt: skip
        finally:
            self._turn.release()
        if not reply.get("ok"):
            raise RuntimeError(f"extraction failed: {reply.get('error')}")
        result: dict[str, Any] = reply["result"]
        return result

    def _started(self) -> subprocess.Popen[bytes]:
        """The running worker, started (and waited for) if there is none."""
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._stop()
        log.info("starting the extraction worker")
        # One core for the worker: a long text's windows are otherwise parsed on every core
        # (newsevents.nlp.windows), and the read endpoints would wait for the CPU.
        env = {**os.environ, PARSE_PROCESSES_VARIABLE: "1"}
        process = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        self._process = process
        assert process.stdout is not None
        self._starting = True
        try:
            ready = _read_reply(process.stdout.fileno(), time.monotonic() + self.start_timeout)
        except (_Timeout, _Gone, OSError, ValueError):
            self._stop()
            raise ApiError(
                503, "the extraction worker did not start; see the server log",
                {"Retry-After": "30"},
            ) from None  # fmt: skip
        finally:
            self._starting = False
        if not isinstance(ready, dict) or not ready.get("ready"):
            self._stop()
            raise ApiError(503, "the extraction worker did not start; see the server log")
        return process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def close(self) -> None:
        """End the worker (its jobs are abandoned) and the waiting threads."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        process = self._process
        if process is not None and process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()  # the worker ends at the end of its input
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=2)
        self._stop()
