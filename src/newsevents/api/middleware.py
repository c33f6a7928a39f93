"""The base of the plain ASGI middlewares (``guard``, ``headers``, ``params``).

Plain ASGI rather than Starlette's ``BaseHTTPMiddleware``: no task per request, and a
response can be answered or rewritten message by message. Only HTTP requests are theirs;
every other scope (lifespan, websocket) passes through untouched.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    """An ASGI middleware around ``app`` that sees HTTP requests in :meth:`handle`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand an HTTP request to :meth:`handle`, anything else to the application."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one HTTP request (usually by calling ``self.app``)."""
        raise NotImplementedError
