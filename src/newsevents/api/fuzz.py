"""The API fuzz test behind ``newsevents bench fuzz-api``.

It serves a database with ``newsevents serve`` on a free loopback port (never another
address) and sends N requests drawn by :class:`newsevents.api.fuzz_requests.RequestGenerator`
over a few keep-alive connections at once. Every response is checked: no 500 (nor any 5xx but
the 503/504 with which ``POST /api/extract`` sheds load), every security header present with
its value, errors in the envelope ``{"ok": false, "error", "status"}`` with the HTTP status,
JSON answers of the API ``{"ok": true, ...}``; and no connection may fail (a reset, or a
connection closed without ``Connection: close``). Reads answered while an extraction runs are
timed apart, to show they are not held up by it.
"""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from newsevents.api.bench import running_server
from newsevents.api.fuzz_requests import FuzzRequest, Known, RequestGenerator
from newsevents.api.headers import SECURITY_HEADERS

#: Client connections used at once.
CONNECTIONS = 4
#: Examples kept of each kind of failure.
_EXAMPLES = 10
#: A connection idle this long is opened again before use (the server closes idle ones
#: after 5 s, which is not a failure).
_IDLE_S = 3.0
_READS = frozenset(("events", "event", "actors", "actor", "stats", "network", "health"))


@dataclass
class Tally:
    """What the responses showed, gathered from every client thread."""

    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    n_server_errors: int = 0
    resets: list[str] = field(default_factory=list)
    n_resets: int = 0
    bad_headers: list[str] = field(default_factory=list)
    n_bad_headers: int = 0
    bad_envelopes: list[str] = field(default_factory=list)
    n_bad_envelopes: int = 0
    read_ms: list[float] = field(default_factory=list)
    read_ms_during_extraction: list[float] = field(default_factory=list)
    extractions_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, what: str, example: str) -> None:
        """Count a failure of ``kind`` (server_errors, resets, bad_headers, bad_envelopes)."""
        with self.lock:
            setattr(self, f"n_{kind}", getattr(self, f"n_{kind}") + 1)
            examples: list[str] = getattr(self, kind)
            if len(examples) < _EXAMPLES:
                examples.append(f"{what}: {example}"[:300])


def header_problems(headers: http.client.HTTPMessage) -> list[str]:
    """The security headers missing from a response, or with another value."""
    problems = []
    for name, value in SECURITY_HEADERS.items():
        found = headers.get(name)
        if found != value:
            problems.append(f"{name}: {found!r}")
    return problems


def envelope_problem(method: str, status: int, content_type: str, body: bytes) -> str | None:
    """Why a response is not in the API's envelope, or None."""
    if method == "HEAD":
        return None
    is_json = content_type.startswith("application/json")
    if status < 400 and not is_json:
        return None  # a page, a static file, CSV, JSON lines, GeoJSON
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return f"{status} with a body that is not JSON"
    if status >= 400:
        if not isinstance(data, dict) or set(data) != {"ok", "error", "status"}:
            return f"{status} error not in the envelope"
        if data["ok"] is not False or data["status"] != status or not data["error"]:
            return f"{status} envelope says {data!r}"[:200]
        return None
    if isinstance(data, dict) and "openapi" in data:
        return None  # /openapi.json
    if not isinstance(data, dict) or data.get("ok") is not True:
        return f"{status} JSON answer without ok: true"
    return None


def learn(base: str) -> Known:
    """Valid values of the served database, read through the API."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)

    def get(target: str) -> Any:
        conn.request("GET", target)
        response = conn.getresponse()
        return orjson.loads(response.read())

    try:
        known = Known()
        events = get("/api/events?limit=1000").get("events", [])
        if events:
            known.event_ids = [e["id"] for e in events]
            names = {p["name"] for e in events for p in e["perpetrators"] + e["targets"]}
            known.actor_names = sorted(names)[:200] or known.actor_names
            words = {w for e in events for w in (e.get("title") or "").split() if w.isalpha()}
            known.words = sorted(words)[:200] or known.words
        stats = get("/api/stats")
        known.types = list(stats.get("by_type", {})) or known.types
        known.countries = list(stats.get("by_country", {})) or known.countries
        actors = get("/api/actors?limit=200").get("actors", [])
        known.actor_ids = [a["id"] for a in actors] or known.actor_ids
        return known
    finally:
        conn.close()


class _Client:
    """One keep-alive connection, reopened when the server announced closing it."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def send(self, req: FuzzRequest) -> tuple[int, http.client.HTTPMessage, bytes]:
        if self.conn is None or time.monotonic() - self.last_used > _IDLE_S:
            if self.conn is not None:
                self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            headers = dict(req.headers)
            self.conn.request(req.method, req.target, body=req.body, headers=headers)
            response = self.conn.getresponse()
            body = response.read()
        except BaseException:
            self.conn.close()
            self.conn = None
            raise
        self.last_used = time.monotonic()
        if response.will_close:
            self.conn.close()
            self.conn = None
        return response.status, response.headers, body


def _percentile(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return round(values[0], 1) if values else None
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def _check(tally: Tally, gen: RequestGenerator, req: FuzzRequest, result: Any) -> None:
    status, headers, body = result
    what = f"{req.method} {req.target[:150]}"
    with tally.lock:
        tally.statuses[status] += 1
        tally.kinds[req.kind] += 1
    shed = req.kind == "extract" and status in (503, 504)
    if status >= 500 and not shed:
        tally.note("server_errors", what, f"{status} {body[:200]!r}")
    problems = header_problems(headers)
    if problems:
        tally.note("bad_headers", what, "; ".join(problems))
    problem = envelope_problem(req.method, status, headers.get("content-type", ""), body)
    if problem:
        tally.note("bad_envelopes", what, problem)
    if req.kind == "events" and status == 200 and req.filters is not None:
        token = headers.get("x-next")
        if token is None and headers.get("content-type", "").startswith("application/json"):
            token = orjson.loads(body).get("next")
        with tally.lock:
            gen.remember(req.filters, token)


def fuzz_api(
    db_url: str,
    requests: int = 10_000,
    *,
    seed: int = 0,
    extractions: int = 3,
    connections: int = CONNECTIONS,
    extract_timeout: float = 30.0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Serve ``db_url`` on a loopback port and send it ``requests`` fuzzed requests.

    ``extractions`` of them are real extractions (slow: the first starts the worker); the
    other ``POST /api/extract`` bodies are refused before any extraction. The result holds
    the counts and examples of every failure; ``passed`` is true when there is none.
    """
    say = progress or (lambda _message: None)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="newsevents-fuzz-") as folder:
        log = Path(folder) / "server.log"
        extra = ["--extract-timeout", f"{extract_timeout:g}"]
        with running_server(db_url, log, extra_args=extra) as base:
            parts = urlsplit(base)
            host, port = parts.hostname or "127.0.0.1", parts.port or 80
            if host != "127.0.0.1":
                raise RuntimeError(f"the fuzz test only talks to loopback addresses, not {host}")
            gen = RequestGenerator(learn(base), seed=seed, extractions=extractions)
            gen_lock = threading.Lock()
            local = threading.local()
            say(f"{requests:,} requests over {connections} keep-alive connections to {base}")

            def one(_i: int) -> None:
                client: _Client | None = getattr(local, "client", None)
                if client is None:
                    client = local.client = _Client(host, port, timeout=extract_timeout + 240)
                with gen_lock:
                    req = gen.draw()
                real_extraction = req.kind == "extract" and b'"Gunmen' in (req.body or b"")
                if real_extraction:
                    with tally.lock:
                        tally.extractions_in_flight += 1
                during = tally.extractions_in_flight > 0
                start = time.perf_counter()
                try:
                    result = client.send(req)
                except (OSError, http.client.HTTPException) as exc:
                    tally.note("resets", f"{req.method} {req.target[:150]}", repr(exc))
                    return
                finally:
                    if real_extraction:
                        with tally.lock:
                            tally.extractions_in_flight -= 1
                elapsed = 1000 * (time.perf_counter() - start)
                if req.kind in _READS:
                    with tally.lock:
                        (tally.read_ms_during_extraction if during else tally.read_ms).append(
                            elapsed
                        )
                _check(tally, gen, req, result)

            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=connections) as pool:
                list(pool.map(one, range(requests)))
            wall = time.perf_counter() - t0
        server_log = log.read_text(errors="replace")
    failures = tally.n_server_errors + tally.n_resets + tally.n_bad_headers + tally.n_bad_envelopes
    return {
        "requests": requests,
        "seed": seed,
        "seconds": round(wall, 1),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "by_endpoint": dict(sorted(tally.kinds.items())),
        "status_500": tally.statuses.get(500, 0),
        "server_errors": tally.n_server_errors,
        "resets": tally.n_resets,
        "missing_security_headers": tally.n_bad_headers,
        "not_in_envelope": tally.n_bad_envelopes,
        "examples": {
            "server_errors": tally.server_errors,
            "resets": tally.resets,
            "missing_security_headers": tally.bad_headers,
            "not_in_envelope": tally.bad_envelopes,
        },
        "read_p50_ms": _percentile(tally.read_ms, 50),
        "read_p95_ms": _percentile(tally.read_ms, 95),
        "reads_during_extraction": len(tally.read_ms_during_extraction),
        "read_p95_ms_during_extraction": _percentile(tally.read_ms_during_extraction, 95),
        "server_tracebacks": server_log.count("Traceback"),
        "passed": failures == 0,
    }
