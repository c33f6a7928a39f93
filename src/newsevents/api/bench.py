"""The load benchmark behind ``newsevents bench api``.

It fills a temporary SQLite database with N synthetic events (those of ``newsevents bench
store``: varied real events, stored without fusion), starts ``newsevents serve`` on it in a
separate process on a free loopback port, and sends requests to ``/api/events`` at a fixed rate
(open loop: request i leaves at ``i / rate`` seconds whatever the answers before it, so a slow
server shows as latency instead of as a lower rate) with a mix of filters: an actor, a type
and country, a date range, a circle, words, and the following page of an earlier answer. Each
latency runs from the moment the request was due to be sent to the end of the response, so
time waiting for a client thread counts too. The same rate against ``/api/health``, which
does nothing, gives the baseline of the same machine, client and HTTP stack in the same run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import orjson

from newsevents.model import ArticleResult
from newsevents.store.bench import DAYS, FIRST_DAY, Synthesiser, kb_actor_pool
from newsevents.store.db import analyse, open_database
from newsevents.store.write import store_articles

#: Share of each kind of request in the mix.
MIX = {
    "actor": 0.2,
    "type+country": 0.2,
    "date range": 0.15,
    "near": 0.15,
    "text": 0.1,
    "next page": 0.2,
}
_COUNTRIES = ("NGA", "MLI", "PAK", "AFG", "SOM", "MMR", "SYR")
_WORDS = ("soldiers", "police", "attack", "killed", "army", "village")
#: Client threads: enough that requests never wait for one while the server keeps up.
_THREADS = 64


@dataclass(frozen=True)
class Sample:
    """One request's outcome."""

    kind: str
    latency_ms: float
    ok: bool


def fill_database(
    url: str, templates: Sequence[ArticleResult], n_events: int, seed: int = 0
) -> dict[str, Any]:
    """Store ``n_events`` synthetic events (no fusion); return what the request mix needs."""
    pool = kb_actor_pool(seed=seed)
    synth = Synthesiser(templates, pool, seed=seed)
    perpetrators: Counter[str] = Counter()
    types: Counter[str] = Counter()
    t0 = time.perf_counter()
    with open_database(url) as db:
        batch: list[ArticleResult] = []
        for res in synth.articles(n_events):
            batch.append(res)
            for ev in res.events:
                types[ev.event_type] += 1
                perpetrators.update(r.name for r in ev.roles if r.actor_id)
            if len(batch) >= 5000:
                list(store_articles(db, batch, 5000, fuse=False))
                batch = []
        if batch:
            list(store_articles(db, batch, 5000, fuse=False))
        analyse(db)
    return {
        "seconds": round(time.perf_counter() - t0, 1),
        # The 50 most named actors: an actor filter then finds a page or more of events.
        "actors": [name for name, _ in perpetrators.most_common(50)],
        "types": [name for name, _ in types.most_common()],
    }


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(
    db_url: str,
    log: Path,
    timeout: float = 60.0,
    workers: int = 1,
    extra_args: Sequence[str] = (),
) -> Iterator[str]:
    """``newsevents serve`` on a free loopback port in another process; yields its base URL.

    ``extra_args`` are more options of ``newsevents serve``.
    """
    port = free_port()
    command = [
        sys.executable, "-c", "from newsevents.cli import main; main()",
        "serve", "--db", db_url, "--port", str(port), "--workers", str(workers), *extra_args,
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the server exited: {log.read_text().strip()[-500:]}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer within {timeout:.0f} s")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class RequestMix:
    """The requests of the benchmark, drawn from a seeded generator."""

    def __init__(self, actors: Sequence[str], types: Sequence[str], limit: int, seed: int = 0):
        self.rng = random.Random(seed)
        self.actors = list(actors) or ["police"]
        self.types = list(types) or ["ASSAULT"]
        self.limit = limit
        self.tokens: deque[tuple[dict[str, str], str]] = deque(maxlen=1000)
        self._lock = threading.Lock()

    def _day(self) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=self.rng.randrange(DAYS))

    def draw(self) -> tuple[str, dict[str, str]]:
        """The kind and query parameters of the next request."""
        with self._lock:
            kind = self.rng.choices(list(MIX), weights=list(MIX.values()))[0]
            params: dict[str, str] = {"limit": str(self.limit)}
            if kind == "actor":
                params["actor"] = self.rng.choice(self.actors)
            elif kind == "type+country":
                params["type"] = self.rng.choice(self.types)
                params["country"] = self.rng.choice(_COUNTRIES)
            elif kind == "date range":
                start = self._day()
                params["since"] = start.isoformat()
                params["until"] = (start + dt.timedelta(days=30)).isoformat()
            elif kind == "near":
                lat, lon = self.rng.uniform(-40, 60), self.rng.uniform(-20, 120)
                params["near"] = f"{lat:.3f},{lon:.3f},300"
            elif kind == "text":
                params["text"] = self.rng.choice(_WORDS)
            elif self.tokens:
                filters, token = self.tokens.popleft()
                params |= filters | {"next": token}
            else:
                kind = "first page"
            return kind, params

    def remember(self, params: dict[str, str], body: dict[str, Any]) -> None:
        """Keep the ``next`` token of an answer for a later 'next page' request."""
        token = body.get("next")
        if token:
            filters = {k: v for k, v in params.items() if k != "next"}
            with self._lock:
                self.tokens.append((filters, token))


def run_load(
    send: Callable[[], Sample], rate: float, seconds: float, threads: int = _THREADS
) -> tuple[list[Sample], float]:
    """Call ``send`` ``rate`` times a second for ``seconds`` (open loop); samples, wall time."""
    n = int(rate * seconds)
    samples: list[Sample] = []
    lock = threading.Lock()

    def one(due: float) -> None:
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        sample = send()
        # From when the request was due: time spent waiting for a free thread counts.
        latency = 1000 * (time.perf_counter() - due)
        with lock:
            samples.append(Sample(sample.kind, latency, sample.ok))

    start = time.perf_counter() + 0.1
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for i in range(n):
            due = start + i / rate
            # Submit a little ahead of time so that a thread is ready when the request is due.
            ahead = due - 0.05 - time.perf_counter()
            if ahead > 0:
                time.sleep(ahead)
            pool.submit(one, due)
    return samples, time.perf_counter() - start


def _percentile(values: Sequence[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def summarise(samples: Sequence[Sample], wall: float, rate: float) -> dict[str, Any]:
    """Errors, achieved rate and latency percentiles of a run."""
    latencies = [s.latency_ms for s in samples]
    by_kind: dict[str, Any] = {}
    for kind in sorted({s.kind for s in samples}):
        these = [s.latency_ms for s in samples if s.kind == kind]
        by_kind[kind] = {"requests": len(these), "p50_ms": _percentile(these, 50),
                         "p95_ms": _percentile(these, 95)}  # fmt: skip
    return {
        "requests": len(samples),
        "errors": sum(not s.ok for s in samples),
        "target_rate": rate,
        "achieved_rate": round(len(samples) / wall, 1) if wall else None,
        "p50_ms": _percentile(latencies, 50),
        "p95_ms": _percentile(latencies, 95),
        "p99_ms": _percentile(latencies, 99),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "by_kind": by_kind,
    }


class LoopbackClient:
    """Keep-alive HTTP connections to the server, one per client thread.

    The plain standard-library client: the load generator shares the machine with the server,
    and every CPU second it spends is one the server does not get (httpx costs several times
    more per request).
    """

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self._local = threading.local()

    def get(self, path: str, params: dict[str, str] | None = None) -> tuple[int, bytes]:
        """Status and body of ``GET path?params``; ``OSError`` or ``HTTPException`` on failure."""
        target = f"{path}?{urlencode(params)}" if params else path
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._local.conn = conn
        try:
            conn.request("GET", target)
            response = conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            self._local.conn = None
            raise


_FAILURES = (OSError, http.client.HTTPException)


def _events_sender(client: LoopbackClient, mix: RequestMix) -> Callable[[], Sample]:
    def send() -> Sample:
        kind, params = mix.draw()
        try:
            status, body = client.get("/api/events", params)
            good = status == 200
            if good:
                mix.remember(params, orjson.loads(body))
        except _FAILURES:
            good = False
        return Sample(kind, 0.0, good)

    return send


def _health_sender(client: LoopbackClient) -> Callable[[], Sample]:
    def send() -> Sample:
        try:
            good = client.get("/api/health")[0] == 200
        except _FAILURES:
            good = False
        return Sample("health", 0.0, good)

    return send


def bench_api(
    templates: Sequence[ArticleResult],
    n_events: int = 100_000,
    *,
    rate: float = 200,
    seconds: float = 30,
    limit: int = 50,
    workers: int = 1,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Fill a temporary database, serve it, and measure ``/api/events`` under load."""
    say = progress or (lambda _message: None)
    with tempfile.TemporaryDirectory(prefix="newsevents-bench-api-") as folder:
        db_path = str(Path(folder) / "bench.db")
        say(f"storing {n_events:,} synthetic events")
        filled = fill_database(db_path, templates, n_events, seed=seed)
        mix = RequestMix(filled["actors"], filled["types"], limit, seed=seed)
        with running_server(db_path, Path(folder) / "server.log", workers=workers) as base:
            client = LoopbackClient(base)
            # Warm-up (not measured): the actor knowledge base and the page cache load here.
            warm = _events_sender(client, mix)
            for _ in range(50):
                warm()
            say(f"baseline: /api/health at {rate:g}/s for {seconds:g} s")
            base_samples, base_wall = run_load(_health_sender(client), rate, seconds)
            say(f"/api/events at {rate:g}/s for {seconds:g} s")
            samples, wall = run_load(_events_sender(client, mix), rate, seconds)
    events = summarise(samples, wall, rate)
    baseline = summarise(base_samples, base_wall, rate)
    del baseline["by_kind"]

    def ratio(key: str) -> float | None:
        ours, theirs = events[key], baseline[key]
        return round(ours / theirs, 2) if ours is not None and theirs else None

    return {
        "events_stored": n_events,
        "fill_seconds": filled["seconds"],
        "page_size": limit,
        "server_workers": workers,
        "seconds": seconds,
        "events_endpoint": events,
        "baseline_health_endpoint": baseline,
        "p50_ratio_to_baseline": ratio("p50_ms"),
        "p95_ratio_to_baseline": ratio("p95_ms"),
        "target": {"rate": 200, "errors": 0, "p95_ms_below": 100},
    }
