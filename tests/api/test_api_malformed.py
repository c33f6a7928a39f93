"""Malformed requests are 400 (or 413/414) in the error envelope on every endpoint, never 500:
forged next tokens, query syntax in search words, bad escapes, NUL, repeated parameters."""

from __future__ import annotations

import base64
import json
from typing import Any

from api_factory import assert_error

from newsevents.store.search import MAX_QUERY_WORDS, query_words

FILTER_ENDPOINTS = ("/api/events", "/api/stats", "/api/network")


def _tampered(token: str, index: int, value: Any) -> str:
    data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    data[index] = value
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


FORGED = [
    (2, 2**63), (2, 2**64), (2, 10**30), (2, -1), (2, 0), (2, 1.5), (2, "7"), (2, True),
    (2, None), (1, "0001-13-01"), (1, 20210307), (1, {}), (0, 2),
]  # fmt: skip


def test_a_forged_token_with_the_right_fingerprint_is_400(client: Any) -> None:
    for filters in ({}, {"country": "NGA"}):
        token = client.get("/api/events", params={"limit": 1, **filters}).json()["next"]
        for index, value in FORGED:
            forged = _tampered(token, index, value)
            for fmt in ("json", "csv"):
                params = {"limit": 1, "next": forged, "format": fmt, **filters}
                assert_error(client.get("/api/events", params=params), 400, "next")


def test_the_largest_row_id_is_a_valid_key(client: Any) -> None:
    token = client.get("/api/events", params={"limit": 1}).json()["next"]
    body = client.get("/api/events", params={"limit": 1, "next": _tampered(token, 2, 2**63 - 1)})
    assert body.status_code == 200, body.text


def test_an_oversized_token_is_400(client: Any) -> None:
    assert_error(client.get("/api/events", params={"next": "A" * 5000}), 400, "next")


SEARCHES = [
    '"', "bomb*", "-Gao", "NEAR(Gao Mopti)", "Gao AND Mopti", "Gao OR NOT x", "(Gao",
    "body:Gao", "^Gao", "Gao_Mopti", "Gao:", "a <-> b", "x\u0301y", "\u00b7Gao\u00b7",
    "Gao\u0305Mopti", "'; DROP TABLE events; --",
]  # fmt: skip


def test_query_syntax_in_search_words_is_only_words(client: Any) -> None:
    for words in SEARCHES:
        for path in FILTER_ENDPOINTS:
            response = client.get(path, params={"text": words})
            assert response.status_code in (200, 400), (path, words, response.text)
            if response.status_code == 400:
                assert_error(response, 400, "text")


def test_words_joined_by_a_separator_find_what_the_words_find(client: Any) -> None:
    joined = client.get("/api/events", params={"text": "Mopti_farmers"}).json()
    apart = client.get("/api/events", params={"text": "Mopti farmers"}).json()
    assert joined["total"] == apart["total"] >= 1


def test_query_words_are_cut_as_the_index_cuts_them() -> None:
    assert query_words('"NEAR(a b)" AND -x* ^y col:z') == [
        "NEAR", "a", "b", "AND", "x", "y", "col", "z",
    ]  # fmt: skip
    assert query_words("a_b c\u00b7d") == ["a", "b", "c", "d"]
    assert query_words("café naïve x\u0301y") == ["café", "naïve", "x\u0301y"]
    assert query_words("\x00 \u200b -") == []


def test_too_many_search_words_are_400(client: Any) -> None:
    words = " ".join(["police"] * (MAX_QUERY_WORDS + 1))
    assert_error(client.get("/api/events", params={"text": words}), 400, "text", "at most")


MALFORMED = [
    ("limit=1&limit=2", 400, ["limit", "2 times"]),
    ("text=a&text=b", 400, ["text", "once"]),
    ("text=%ff", 400, ["text", "UTF-8"]),
    ("%c3=1", 400, ["UTF-8"]),
    ("actor=a%00b", 400, ["actor", "NUL"]),
    ("text=" + "a" * 1001, 400, ["text", "1,000"]),
    ("text=" + "a+" * 4500, 414, ["query string"]),
    ("limit=-1", 400, ["limit"]),
    ("limit=1.5", 400, ["limit"]),
    ("limit=" + "9" * 30, 400, ["limit"]),
    ("near=1e309,0,5", 400, ["near"]),
    ("since=0000-01-01", 400, ["since"]),
]


def test_malformed_query_strings_are_refused_on_every_endpoint(client: Any) -> None:
    for query, status, words in MALFORMED:
        for path in (*FILTER_ENDPOINTS, "/api/actors"):
            if path == "/api/actors" and query.startswith(("near", "since")):
                continue
            assert_error(client.get(f"{path}?{query}"), status, *words)


def test_malformed_paths_are_400(client: Any) -> None:
    for path in ("/api/events/%ff", "/api/actors/%c3x", "/api/events/a%00b"):
        assert_error(client.get(path), 400, "path")


def test_every_endpoint_refuses_unknown_parameters(client: Any) -> None:
    for path in ("/api/health?x=1", "/api/events/gao-e0?x=1", "/api/actors/al_shabaab?x=1"):
        assert_error(client.get(path), 400, "x", "unknown parameter")


def test_nul_in_names_is_400_not_a_database_error(client: Any) -> None:
    for text in ("\x00", "a\x00b"):
        assert_error(client.get("/api/events", params={"actor": text}), 400, "NUL")
        assert_error(client.get("/api/actors", params={"q": text}), 400, "NUL")
