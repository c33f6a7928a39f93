"""Every error as ``{"ok": false, "error": "...", "status": n}`` with that HTTP status.

Bad query or path parameters are 400 (a filter, ``limit``, ``next``, ``format``, ``bucket``):
the message names the parameter and its valid values. A request body that is not the JSON
expected is 422, unknown ids and routes 404, bodies over the limit 413 (``limits``). An
unexpected failure is still a JSON 500, never an HTML page (``guard``), and malformed query
strings and paths are refused before routing (``params``).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsevents.api.responses import JSONBody, error

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error to answer with ``status`` and ``message``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def bad_parameter(name: str, message: str) -> ApiError:
    """A 400 naming the query parameter ``name``."""
    return ApiError(400, f"{name}: {message}")


def _location(loc: tuple[int | str, ...]) -> str:
    # ("query", "limit") -> "limit"; ("body", "text") -> "body.text"
    head, *rest = loc or ("request",)
    if head in ("query", "path", "header") and rest:
        return ".".join(str(p) for p in rest)
    return ".".join(str(p) for p in (head, *rest))


def validation_message(exc: RequestValidationError) -> tuple[int, str]:
    """The status and one-line message of FastAPI's validation error."""
    problems = exc.errors()
    in_body = any(tuple(p.get("loc", ()))[:1] == ("body",) for p in problems)
    parts = []
    for problem in problems[:3]:
        where = _location(tuple(problem.get("loc", ())))
        if problem.get("type") == "json_invalid":
            ctx = problem.get("ctx") or {}
            parts.append(f"the body is not valid JSON ({ctx.get('error', 'malformed')})")
        else:
            parts.append(f"{where}: {problem.get('msg', 'invalid value')}")
    message = "; ".join(parts) or "invalid request"
    return (422 if in_body else 400), message


async def _api_error(_request: Request, exc: Exception) -> JSONBody:
    assert isinstance(exc, ApiError)
    response = error(exc.status, exc.message)
    response.headers.update(exc.headers)
    return response


async def _validation_error(_request: Request, exc: Exception) -> JSONBody:
    assert isinstance(exc, RequestValidationError)
    status, message = validation_message(exc)
    return error(status, message)


async def _http_error(request: Request, exc: Exception) -> JSONBody:
    assert isinstance(exc, StarletteHTTPException)
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = (
            f"no endpoint at {request.url.path}; the endpoints are listed at /openapi.json "
            "and /docs"
        )
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    response = error(exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected(request: Request, exc: Exception) -> JSONBody:
    # Logged with the traceback for the operator; the client gets JSON, not an HTML page.
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error(500, f"internal error ({type(exc).__name__}); see the server log")


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` with the error envelope."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
