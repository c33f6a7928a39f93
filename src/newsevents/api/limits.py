"""The request body limit: bodies over ``max_bytes`` are answered 413 before any endpoint runs.

A plain ASGI middleware (no per-request task, unlike Starlette's ``BaseHTTPMiddleware``).
It rejects a declared ``Content-Length`` over the limit at once, and also counts the bytes
actually received, since a chunked request declares no length and a client may send more than
it declares; a body within the limit is buffered and handed on unchanged.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsevents.api.responses import error

#: Largest request body accepted (the JSON of ``POST /api/extract``).
MAX_BODY_BYTES = 5 * 1024 * 1024


class BodyLimit:
    """ASGI middleware: 413 for request bodies over ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        mb = self.max_bytes / 2**20
        return f"request body over {self.max_bytes:,} bytes (the limit is {mb:g} MB)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check and buffer the body, then call the application."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await error(400, "Content-Length is not a number")(scope, receive, send)
                return
            if int(declared) > self.max_bytes:
                await error(413, self._too_large())(scope, receive, send)
                return
        if declared is None and b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; the application sees an empty body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await error(413, self._too_large())(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
