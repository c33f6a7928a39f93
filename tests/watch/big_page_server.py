"""A loopback server for measuring ``newsevents watch`` against a very large page.

    python tests/watch/big_page_server.py [--port 8765] [--mb 50]

Feeds, each with an entry linking to a page of ``--mb`` megabytes and one to a short article:
``/nolen.xml`` (the big page sent without Content-Length), ``/gzip.xml`` (gzip-compressed on
the fly, no Content-Length), ``/declared.xml`` (plain, with its Content-Length), and
``/small.xml`` (the short article only, the baseline). The big page is generated as it is
sent, so the server itself stays small. Only 127.0.0.1 is listened on.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from watch_samples import RAID, Item, page, rss

PARAGRAPH = (
    "<p>"
    + " ".join(["Gunmen attacked a village near Gao on Sunday, residents said."] * 10)
    + "</p>\n"
).encode()


def _big(total: int) -> Iterator[bytes]:
    yield b"<html><body><article>"
    sent = 0
    while sent < total:
        yield PARAGRAPH * 64
        sent += len(PARAGRAPH) * 64
    yield b"</article></body></html>"


def _handler(base: str, total: int) -> type[BaseHTTPRequestHandler]:
    raid = Item("r", "Raid", f"{base}/raid.html")
    feeds = {
        "/nolen.xml": [Item("big", "Big", f"{base}/big.html"), raid],
        "/gzip.xml": [Item("big", "Big", f"{base}/big.gz"), raid],
        "/declared.xml": [Item("big", "Big", f"{base}/big.len"), raid],
        "/small.xml": [raid],
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            # The watch stops reading at its size cap: what is measured.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer()

        def _answer(self) -> None:
            if self.path in feeds:
                return self._send(rss("Wire", feeds[self.path]).encode(), "application/rss+xml")
            if self.path == "/raid.html":
                return self._send(page(RAID).encode(), "text/html")
            if self.path not in ("/big.html", "/big.gz", "/big.len"):
                self.send_response(404)
                self.end_headers()
                return None
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if self.path == "/big.len":
                self.send_header("Content-Length", str(sum(len(c) for c in _big(total))))
            zipped = self.path == "/big.gz"
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            for chunk in _big(total):
                self.wfile.write(packer.compress(chunk) if zipped else chunk)
            if zipped:
                self.wfile.write(packer.flush())
            return None

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def main() -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mb", type=float, default=50.0)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    handler = _handler(base, int(args.mb * 1024 * 1024))
    ThreadingHTTPServer(("127.0.0.1", args.port), handler).serve_forever()


if __name__ == "__main__":
    main()
