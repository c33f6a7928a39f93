"""The requests of the API fuzz test (``newsevents bench fuzz-api``), drawn from a seeded
generator: every endpoint and parameter, with valid values (learnt from the served database)
and hostile ones (forged and garbled ``next`` tokens, full-text query syntax, random
Unicode, raw bytes that are not UTF-8, huge and negative numbers, bad dates and circles,
unknown and repeated parameters, bodies that are not the JSON expected).
"""

from __future__ import annotations

import base64
import json
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

#: The query parameters of each endpoint that takes filters.
FILTERS = ("actor", "type", "country", "since", "until", "near", "text")
_ENDPOINTS = {
    "events": 0.3,
    "event": 0.08,
    "actors": 0.08,
    "actor": 0.06,
    "stats": 0.12,
    "network": 0.1,
    "health": 0.03,
    "extract": 0.1,
    "raw": 0.05,
    "other": 0.08,
}
_FTS = (
    '"', '""', "*", "bomb*", "-police", "NEAR(police army)", "NEAR", "a AND b", "OR", "NOT x",
    "(", ")", "((a)", "col:x", "body:bomb", "^start", "a_b", "'; DROP TABLE events; --",
    "a + b", "{a b}", "a OR", "AND", "\\", "%", "_%_", "police:", ":", "''", "!", "a & b | c",
    "a <-> b", "a:*", "!police", "\t", "\u200b", "x\u0301y",
)  # fmt: skip
_NUMBERS = (
    "-1", "0", "1.5", "1e3", "nan", "inf", "-0", " 5", "5 ", "0x10", "9" * 30, str(2**63),
    str(-(2**63)), "1_000", "٣", "", "１０",
)  # fmt: skip
_DATES = (
    "0001-01-01", "9999-12-31", "2021-02-30", "2021-13-01", "2021-W01", "20210101",
    "+002021-01-01", "2021-01-01T00:00", "yesterday", "2021/01/01", "1899-12-31", "2101-01-01",
    "0000-00-00", "-2021-01-01", "2021-1-1",
)  # fmt: skip
_NEAR = (
    "1e309,0,5", "0,0,1e-320", "90,180,20000", "-90,-180,0.0000001", "nan,0,1", "0,0,inf",
    "1,2", "1,2,3,4", "90,0,20000", "0,0,20000", "12.0,-1.5,50", "a,b,c", ",,", "91,0,5",
    "0,181,5", "0,0,-5", "0,0,0", "1e400,1,1",
)  # fmt: skip
_PATHS = (
    "/", "/docs", "/openapi.json", "/static/app.js", "/static/app.css", "/static/missing.js",
    "/static/../app.py", "/static/%2e%2e/app.py", "/api", "/api/", "/api/nothing", "/nothing",
    "/api/events/", "/static/vendor/leaflet/leaflet.js", "/favicon.ico", "/%ff", "/api/%00",
    "/static/%ed%a0%80", "/api/events/%ff%fe", "/api/actors/%c3",
)  # fmt: skip
#: Characters between two words: separators to a search index, some word characters to a
#: regular expression's ``\w``.
_JOINERS = (
    "_", "-", "'", ".", ":", "\u00b7", "\u2019", "\u0305", "\u200d", "\u00ad", "\u0600",
    "\u2028", "*", "^", "\u02b9", "\u3000",
)  # fmt: skip
_BAD_BYTES = ("%ff", "%c3", "%ed%a0%80", "%00", "%fe%ff", "%e2%82", "%80", "%c0%af", "%")
#: Most query values of a request.
_MAX_PARAMS = 8


@dataclass(frozen=True)
class FuzzRequest:
    """One request to send."""

    kind: str
    method: str
    target: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    filters: dict[str, str] | None = None
    """The filters of a GET /api/events whose ``next`` token is worth keeping."""


@dataclass
class Known:
    """Valid values seen in the served database."""

    event_ids: list[str] = field(default_factory=lambda: ["missing-event"])
    actor_ids: list[str] = field(default_factory=lambda: ["al_shabaab"])
    actor_names: list[str] = field(default_factory=lambda: ["police", "Boko Haram"])
    types: list[str] = field(default_factory=lambda: ["ASSAULT", "COERCE", "ASSAULT/explosives"])
    countries: list[str] = field(default_factory=lambda: ["NGA", "MLI", "Nigeria"])
    words: list[str] = field(default_factory=lambda: ["police", "killed", "soldiers"])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


class RequestGenerator:
    """Seeded requests over the values ``known`` holds; ``remember`` keeps ``next`` tokens."""

    def __init__(self, known: Known, seed: int = 0, extractions: int = 0) -> None:
        self.rng = random.Random(seed)
        self.known = known
        self.extractions_left = extractions
        self.tokens: deque[tuple[dict[str, str], str]] = deque(maxlen=200)

    def remember(self, filters: dict[str, str], token: str | None) -> None:
        """Keep a ``next`` token with the filters it belongs to."""
        if token:
            self.tokens.append((filters, token))

    # -- values ---------------------------------------------------------------------------

    def unicode_text(self, max_len: int = 12) -> str:
        """Random characters from every plane (no surrogates: they cannot be sent)."""
        rng = self.rng
        chars = []
        for _ in range(rng.randint(1, max_len)):
            block = rng.random()
            if block < 0.3:
                cp = rng.randint(0x20, 0x7E)
            elif block < 0.5:
                cp = rng.randint(0x80, 0x2FF)
            elif block < 0.7:
                cp = rng.choice((0x0300, 0x0600, 0x0900, 0x3040, 0x4E00, 0xAC00)) + rng.randint(
                    0, 0xFF
                )
            elif block < 0.8:
                cp = rng.randint(0x1F300, 0x1FAFF)
            elif block < 0.9:
                cp = rng.randint(0, 0x1F)
            else:
                cp = rng.randint(0xE000, 0x10FFFF)
            if 0xD800 <= cp <= 0xDFFF:
                cp = 0xFFFD
            chars.append(chr(cp))
        return "".join(chars)

    def hostile_text(self) -> str:
        """A string a user or an attacker might type anywhere."""
        rng = self.rng
        pick = rng.random()
        if pick < 0.35:
            return rng.choice(_FTS)
        if pick < 0.6:
            return self.unicode_text()
        if pick < 0.7:
            return rng.choice(self.known.words) + " " + rng.choice(_FTS)
        if pick < 0.8:
            return "x" * rng.choice((999, 1000, 1001, 5000))
        if pick < 0.9:
            return " ".join(rng.choice(self.known.words) for _ in range(rng.randint(20, 60)))
        return rng.choice(("", " ", "\n", "null", "None", "[]", "{}", "0"))

    def forged_token(self) -> str:
        """A ``next`` token that is not one the server gave, or one of other filters."""
        rng = self.rng
        day: Any = rng.choice((None, "2021-03-07", "0001-01-01", "9999-12-31", "2021-02-30", 5, []))
        pk = rng.choice(
            (2**63, 2**63 - 1, 2**64, -(2**63) - 1, -1, 0, 1.5, "7", None, True, 10**40)
        )
        fingerprint = rng.choice(("0" * 10, "", None, 7))
        forms: list[Any] = [
            [1, day, pk, fingerprint],
            [2, None, 1, "0" * 10],
            [1, day, pk],
            {"version": 1, "pk": pk},
            "token",
            [],
            [[1, None, 1, "x"]],
        ]
        pick = rng.random()
        if pick < 0.15 and self.tokens:
            _, token = rng.choice(self.tokens)  # a real token, with other filters
            return token
        if pick < 0.3 and self.tokens:
            _, token = rng.choice(self.tokens)  # garbled
            cut = rng.randrange(len(token))
            return token[:cut] + rng.choice("A_-=!%~") + token[cut + 1 :]
        if pick < 0.4:
            return rng.choice(("", "=", "!!!", "a" * 201, "A" * 5000, "%ff", "WzFd"))
        if pick < 0.5:
            return _b64(bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))))
        return _b64(json.dumps(rng.choice(forms)).encode())

    def tampered_token(self, token: str) -> str:
        """A real token with its key changed but its filter fingerprint kept: what a client
        that decoded the format would forge."""
        rng = self.rng
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        except ValueError:
            return token
        if not isinstance(data, list) or len(data) != 4:
            return token
        if rng.random() < 0.6:
            data[2] = rng.choice(
                (2**63, 2**63 - 1, 2**64, 10**30, -(2**63) - 1, -1, 0, 1.5, "7", None, True, [])
            )
        else:
            data[1] = rng.choice(
                ("0001-01-01", "9999-12-31", "2021-02-30", "20210307", 20210307, "", "x", {})
            )
        return _b64(json.dumps(data).encode())

    def filter_value(self, name: str) -> str:
        """A value of a filter parameter: valid two times in three."""
        rng, known = self.rng, self.known
        if rng.random() < 0.33:
            if name == "text" and rng.random() < 0.4:
                sep = rng.choice(_JOINERS)
                return sep.join(rng.sample(known.words, k=min(2, len(known.words))))
            if name in ("since", "until") and rng.random() < 0.6:
                return rng.choice(_DATES)
            if name == "near" and rng.random() < 0.6:
                return rng.choice(_NEAR)
            return self.hostile_text()
        if name == "actor":
            return rng.choice(known.actor_names)
        if name == "type":
            return rng.choice(known.types)
        if name == "country":
            return rng.choice(known.countries)
        if name in ("since", "until"):
            return f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if name == "near":
            return f"{rng.uniform(-30, 40):.2f},{rng.uniform(-20, 60):.2f},{rng.choice((50, 500))}"
        return " ".join(rng.sample(known.words, k=min(len(known.words), rng.randint(1, 2))))

    def number(self, low: int, high: int) -> str:
        """A ``limit``: in range two times in three, else anything."""
        if self.rng.random() < 0.66:
            return str(self.rng.randint(low, high))
        return self.rng.choice(_NUMBERS)

    # -- requests -------------------------------------------------------------------------

    def _query(self, params: list[tuple[str, str]]) -> str:
        rng = self.rng
        if rng.random() < 0.05:
            params.append((rng.choice(("contry", "q", "page", "offset", "x")), "1"))
        if params and rng.random() < 0.04:
            params.append(rng.choice(params))  # a repeated parameter
        parts = [f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params]
        if rng.random() < 0.04:
            name = rng.choice(("text", "actor", "q", "country"))
            parts.append(f"{name}={rng.choice(self.known.words)}{rng.choice(_BAD_BYTES)}")
        return "?" + "&".join(parts) if parts else ""

    def _filters(self) -> list[tuple[str, str]]:
        names = self.rng.sample(FILTERS, k=self.rng.randint(0, 3))
        return [(name, self.filter_value(name)) for name in names]

    def _events(self) -> FuzzRequest:
        rng = self.rng
        params = self._filters()
        if rng.random() < 0.6:
            # Small pages mostly: they give next tokens even over a small database.
            limit = str(rng.choice((1, 2, 3))) if rng.random() < 0.6 else self.number(1, 50)
            params.append(("limit", limit))
        if rng.random() < 0.3:
            params.append(("format", rng.choice(("json", "jsonl", "csv", "geojson", "xml", ""))))
        if rng.random() < 0.3:
            if self.tokens and rng.random() < 0.6:
                old_filters, token = self.tokens.popleft()
                if rng.random() < 0.5:
                    token = self.tampered_token(token)
                params = [*old_filters.items(), ("next", token)]
            else:
                params.append(("next", self.forged_token()))
        params = params[:_MAX_PARAMS]
        filters = {k: v for k, v in params if k != "next"}
        return FuzzRequest("events", "GET", "/api/events" + self._query(params), filters=filters)

    def _one(self, path: str, ids: list[str]) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.5:
            return f"{path}/{quote(rng.choice(ids), safe='')}"
        if pick < 0.8:
            return f"{path}/{quote(self.hostile_text() or 'x', safe='')}"
        return f"{path}/{rng.choice(_BAD_BYTES)}x"

    def _extract(self) -> FuzzRequest:
        rng = self.rng
        headers = {"Content-Type": "application/json"}
        if self.extractions_left > 0 and rng.random() < 0.3:
            self.extractions_left -= 1
            body: Any = {
                "text": "Gunmen killed four soldiers near Gao on Sunday, the army said. "
                + self.unicode_text(30),
                "published": rng.choice(("2021-03-08", "0001-01-01", "9999-12-31", None)),
                "url": rng.choice((None, "http://[::1/x", "https://example.org/a")),
            }
            real = json.dumps(body).encode()
            return FuzzRequest("extract", "POST", "/api/extract", real, headers)
        pick = rng.random()
        data: bytes
        if pick < 0.15:
            data = rng.choice((b"", b"null", b"[]", b"{", b"\xff\xfe", b'{"text": 5}', b"1" * 50))
        elif pick < 0.3:
            data = json.dumps({"title": self.hostile_text()}).encode()  # no text
        elif pick < 0.45:
            data = json.dumps({"text": ""}).encode()
        elif pick < 0.6:
            bad: Any = rng.choice(("99999-01-01", "yesterday", "2021-02-30", 5, [], {}))
            data = json.dumps({"text": "x", "published": bad}).encode()
        elif pick < 0.7:
            data = json.dumps({"text": rng.choice(([], {}, None, 1.5, True))}).encode()
        elif pick < 0.75:
            data = json.dumps({"text": "a" * 1_000_001}).encode()  # over the text limit: 413
        elif pick < 0.85:
            kind = rng.choice(("text/plain", "application/x-www-form-urlencoded"))
            headers = {"Content-Type": kind}
            data = b"text=hello"
        else:
            data = json.dumps({"text": ["x"], "published": "2021-01-01"}).encode()
        target = "/api/extract" + (self._query([("x", "1")]) if rng.random() < 0.05 else "")
        return FuzzRequest("extract", "POST", target, data, headers)

    def _other(self) -> FuzzRequest:
        rng = self.rng
        pick = rng.random()
        if pick < 0.6:
            return FuzzRequest("other", "GET", rng.choice(_PATHS))
        method = rng.choice(("DELETE", "PUT", "PATCH", "POST", "OPTIONS", "HEAD"))
        path = rng.choice(("/api/events", "/api/health", "/api/stats", "/", "/api/events/x"))
        return FuzzRequest("other", method, path)

    def _raw(self) -> FuzzRequest:
        """A query string built by hand: bad escapes, stray separators, huge."""
        rng = self.rng
        path = rng.choice(("/api/events", "/api/stats", "/api/network", "/api/actors"))
        query = rng.choice(
            (
                "?" + "&" * rng.randint(1, 5),
                "?=",
                "?text",
                "?text=" + rng.choice(_BAD_BYTES),
                "?%ff=1",
                "?limit=%31%30",
                "?text=" + "a" * 9000,
                "?text=a+b+c",
                "?near=1%2C2%2C3",
                "?" + "&".join(f"p{i}=1" for i in range(200)),
                "?;text=a",
            )
        )
        return FuzzRequest("raw", "GET", path + query)

    def draw(self) -> FuzzRequest:
        """The next request."""
        rng, known = self.rng, self.known
        kind = rng.choices(list(_ENDPOINTS), weights=list(_ENDPOINTS.values()))[0]
        if kind == "events":
            return self._events()
        if kind == "event":
            return FuzzRequest(kind, "GET", self._one("/api/events", known.event_ids) + (
                self._query([("x", "1")]) if rng.random() < 0.1 else ""))  # fmt: skip
        if kind == "actors":
            params = [("q", self.filter_value("actor"))] if rng.random() < 0.8 else []
            if rng.random() < 0.4:
                params.append(("limit", self.number(1, 100)))
            return FuzzRequest(kind, "GET", "/api/actors" + self._query(params))
        if kind == "actor":
            return FuzzRequest(kind, "GET", self._one("/api/actors", known.actor_ids))
        if kind == "stats":
            params = self._filters()
            if rng.random() < 0.5:
                params.append(("bucket", rng.choice(("day", "week", "month", "year", ""))))
            return FuzzRequest(kind, "GET", "/api/stats" + self._query(params))
        if kind == "network":
            params = self._filters()
            if rng.random() < 0.5:
                params.append(("limit", self.number(1, 100)))
            return FuzzRequest(kind, "GET", "/api/network" + self._query(params))
        if kind == "health":
            return FuzzRequest(kind, "GET", "/api/health" + ("?x=1" if rng.random() < 0.2 else ""))
        if kind == "extract":
            return self._extract()
        if kind == "raw":
            return self._raw()
        return self._other()
