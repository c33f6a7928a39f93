"""A local HTTP server for the watch tests (127.0.0.1, any free port).

Each route answers from a list of responses, one per request, the last one repeated, so a
page can fail a first time and then succeed. Requests are recorded with their headers. A
reply can also be streamed from a generator (large bodies without holding them), trickled
(a pause between pieces), sent without a Content-Length, or with one that lies.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One answer of a route."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    """Answer 304 when the request's If-None-Match equals it (and send it as ETag)."""
    stream: Callable[[], Iterable[bytes]] | None = None
    """Pieces of the body, sent one by one instead of ``body`` (no Content-Length)."""
    pause: float = 0.0
    """Seconds between two pieces of ``stream``."""
    length: int | None = -1
    """The Content-Length sent: -1 the body's own, None none (the connection is then
    closed to end the body), another number a lie."""


@dataclass
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]


class Site:
    """The routes of the test server and the requests it got."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self.base = ""

    def add(self, path: str, *replies: Reply) -> str:
        """Serve ``replies`` at ``path``, one per request, the last one repeated; the URL."""
        self.routes[path] = list(replies)
        return self.base + path

    def page(self, path: str, html: str) -> str:
        """Serve an HTML page at ``path``; its URL."""
        return self.add(path, Reply(body=html.encode(), headers={"Content-Type": "text/html"}))

    def hits(self, path: str) -> list[Seen]:
        """The requests made for ``path``."""
        return [seen for seen in self.requests if seen.path == path]

    def answer(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(Seen(path, headers))
            replies = self.routes.get(path)
            if not replies:
                return Reply(404, b"not found")
            return replies.pop(0) if len(replies) > 1 else replies[0]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reply = site.answer(self.path, {k.lower(): v for k, v in self.headers.items()})
            if reply.delay:
                time.sleep(reply.delay)
            if reply.etag is not None and self.headers.get("If-None-Match") == reply.etag:
                self.send_response(304)
                self.send_header("ETag", reply.etag)
                self.end_headers()
                return
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.etag is not None:
                    self.send_header("ETag", reply.etag)
                length = len(reply.body) if reply.length == -1 else reply.length
                if reply.stream is not None:
                    length = None if reply.length == -1 else reply.length
                if length is not None:
                    self.send_header("Content-Length", str(length))
                else:
                    self.close_connection = True
                self.end_headers()
                for piece in reply.stream() if reply.stream is not None else [reply.body]:
                    self.wfile.write(piece)
                    self.wfile.flush()
                    if reply.pause:
                        time.sleep(reply.pause)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (timeout tests)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving() -> Iterator[Site]:
    """A running local HTTP server serving the routes added to its Site."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
