"""``/docs``: the endpoints and their parameters as one plain HTML page, built offline.

FastAPI's own ``/docs`` loads Swagger UI from a CDN, and nothing may be fetched from the web,
so it is disabled; this page is rendered from the same OpenAPI schema (``/openapi.json``)
with no script or style from anywhere.
"""

from __future__ import annotations

import html
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse


def _param_rows(operation: dict[str, Any]) -> str:
    rows = []
    for p in operation.get("parameters", []):
        schema = p.get("schema", {})
        kind = schema.get("type") or "/".join(
            s.get("type", "") for s in schema.get("anyOf", []) if s.get("type") != "null"
        )
        default = schema.get("default")
        rows.append(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                html.escape(p["name"]),
                html.escape(f"{p.get('in', '')} {kind}".strip()),
                "" if default is None else html.escape(repr(default)),
                html.escape(p.get("description", "")),
            )
        )
    if not rows:
        return ""
    head = "<tr><th>parameter</th><th>in / type</th><th>default</th><th>meaning</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def render_docs(schema: dict[str, Any]) -> str:
    """The HTML page of an OpenAPI schema."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(schema['info']['title'])} API</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
        "table{border-collapse:collapse}</style></head><body>",
        f"<h1>{html.escape(schema['info']['title'])} API</h1>",
        '<p>Every response is JSON: <code>{"ok": true, ...}</code>, or '
        '<code>{"ok": false, "error": "...", "status": 400}</code> with that HTTP status. '
        "The machine-readable schema is <a href='/openapi.json'>/openapi.json</a>.</p>",
    ]
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parts.append(f"<h2><code>{html.escape(method.upper())} {html.escape(path)}</code></h2>")
            parts.append(f"<p>{html.escape(operation.get('description', ''))}</p>")
            parts.append(_param_rows(operation))
    parts.append("</body></html>")
    return "\n".join(parts)


def add_docs_page(app: FastAPI) -> None:
    """Serve the offline documentation page at ``/docs``."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))
