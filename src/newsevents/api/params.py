"""Query strings and paths checked before any endpoint sees them.

Starlette decodes a query string leniently: an escape that is not UTF-8 becomes U+FFFD,
a repeated parameter silently keeps its last value, and a NUL character reaches the database
(PostgreSQL refuses it with an error). Here each is a 400 in the error envelope naming the
parameter, as are values over :data:`MAX_PARAM_CHARS`; a query string over
:data:`MAX_QUERY_BYTES` is a 414. Paths must be UTF-8 without NUL wherever they lead.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import unquote, unquote_plus

from starlette.types import Receive, Scope, Send

from newsevents.api.middleware import HttpMiddleware
from newsevents.api.responses import error

#: Longest query string accepted, in bytes (as sent, percent-escapes included).
MAX_QUERY_BYTES = 8192
#: Longest value of one query parameter, in characters (after decoding).
MAX_PARAM_CHARS = 1000


def _decoded(raw: str) -> str:
    return unquote_plus(raw, encoding="utf-8", errors="strict")


def query_problem(query_string: bytes) -> tuple[int, str] | None:
    """The status and message refusing a raw query string, or None when it is fine."""
    if len(query_string) > MAX_QUERY_BYTES:
        return 414, f"query string over {MAX_QUERY_BYTES:,} bytes"
    # Split as Starlette does (on '&'), but decode strictly.
    names: Counter[str] = Counter()
    for piece in query_string.decode("latin-1").split("&"):
        if not piece:
            continue
        raw_name, _, raw_value = piece.partition("=")
        try:
            name = _decoded(raw_name)
        except UnicodeDecodeError:
            return 400, f"{raw_name[:40]}: the parameter name is not UTF-8 after percent-decoding"
        shown = repr(name[:40])[1:-1]
        try:
            value = _decoded(raw_value)
        except UnicodeDecodeError:
            return 400, f"{shown}: the value is not UTF-8 after percent-decoding"
        if "\x00" in name or "\x00" in value:
            return 400, f"{shown}: holds a NUL character"
        if len(value) > MAX_PARAM_CHARS:
            return 400, f"{shown}: longer than {MAX_PARAM_CHARS:,} characters"
        names[name] += 1
    repeated = sorted(name for name, n in names.items() if n > 1)
    if repeated:
        name = repeated[0]
        return 400, f"{repr(name[:40])[1:-1]}: given {names[name]} times; give it once"
    return None


def path_problem(scope: Scope) -> str | None:
    """Why a request path is refused (not UTF-8, or holds NUL), or None."""
    raw = scope.get("raw_path")
    if raw is not None:
        try:
            unquote(raw.decode("latin-1"), encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            return "the path is not UTF-8 after percent-decoding"
    if "\x00" in scope.get("path", ""):
        return "the path holds a NUL character"
    return None


class QueryGuard(HttpMiddleware):
    """ASGI middleware: 400 (or 414) in the error envelope for malformed paths and, under
    ``/api/``, malformed query strings."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the path and query string, then call the application."""
        bad_path = path_problem(scope)
        if bad_path is not None:
            await error(400, bad_path)(scope, receive, send)
            return
        if str(scope.get("path", "")).startswith("/api/"):
            problem = query_problem(scope.get("query_string", b""))
            if problem is not None:
                await error(*problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)
