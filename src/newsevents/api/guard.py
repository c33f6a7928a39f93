"""The last line of defence: an exception no handler caught becomes a JSON 500.

Starlette's own catch-all (``ServerErrorMiddleware``) answers and then raises the exception
again for the server to log, and uvicorn closes the connection when an application raises:
the client's next request on that keep-alive connection was reset. This plain ASGI
middleware answers the error envelope, logs the traceback, and returns normally, so the
connection stays usable.
"""

from __future__ import annotations

import logging

from starlette.types import Message, Receive, Scope, Send

from newsevents.api.middleware import HttpMiddleware
from newsevents.api.responses import error

log = logging.getLogger(__name__)


class CatchAll(HttpMiddleware):
    """ASGI middleware: any exception of ``app`` -> ``{"ok": false, ..., "status": 500}``."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Call the application; answer 500 in the error envelope if it raises."""
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"), exc_info=exc)
            if started:
                return  # half a response is out: nothing valid can follow it
            reason = f"internal error ({type(exc).__name__}); see the server log"
            await error(500, reason)(scope, receive, send)
