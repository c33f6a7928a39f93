"""Security headers on every response: API answers, the web page, static files, errors.

The Content-Security-Policy is the one the explorer's page declared in a meta tag (everything
from this server, no inline script, inline styles for Leaflet, ``data:`` images), plus what
only a header can say: no page may frame this one (``frame-ancestors 'none'``).
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from newsevents.api.middleware import HttpMiddleware

#: The policy of every response.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

#: The headers added to every response (names in lower case, as ASGI carries them).
SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}

_RAW = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
_NAMES = {name for name, _ in _RAW}


class SecurityHeaders(HttpMiddleware):
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response; it only
    rewrites the start message."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Call the application, adding the headers to its response."""

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _NAMES]
                message = {**message, "headers": kept + _RAW}
            await send(message)

        await self.app(scope, receive, with_headers)
