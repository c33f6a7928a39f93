"""The API fuzz test, bounded: a served database, a few hundred hostile requests on every
endpoint, no 500, no reset connection, every security header, every error in the envelope
(``newsevents bench fuzz-api`` runs the same with 10,000)."""

from __future__ import annotations

import http.client

from api_factory import url_text

from newsevents.api.fuzz import envelope_problem, fuzz_api, header_problems
from newsevents.api.fuzz_requests import Known, RequestGenerator
from newsevents.api.headers import SECURITY_HEADERS
from newsevents.store.db import Database


def test_a_bounded_fuzz_run_finds_no_failure(filled: Database) -> None:
    requests = 300 if filled.dialect == "sqlite" else 200
    result = fuzz_api(url_text(filled.url), requests, seed=7, extractions=0)
    assert result["examples"] == {
        "server_errors": [], "resets": [], "missing_security_headers": [], "not_in_envelope": [],
    }  # fmt: skip
    assert result["passed"] and result["status_500"] == 0
    assert sum(result["statuses"].values()) == requests
    # The mix reached every endpoint and drew both answers and refusals.
    assert set(result["by_endpoint"]) >= {"events", "event", "actors", "stats", "network"}
    assert result["statuses"].get("200", 0) > 0 and result["statuses"].get("400", 0) > 0


def test_the_checks_catch_what_they_look_for() -> None:
    message = http.client.HTTPMessage()
    assert len(header_problems(message)) == len(SECURITY_HEADERS)
    for name, value in SECURITY_HEADERS.items():
        message[name] = value
    assert header_problems(message) == []
    assert envelope_problem("GET", 404, "application/json", b'{"detail":"Not Found"}')
    assert envelope_problem("GET", 500, "text/plain", b"Internal Server Error")
    json_type = "application/json"
    assert envelope_problem("GET", 400, json_type, b'{"ok":false,"error":"x","status":422}')
    assert envelope_problem("GET", 200, json_type, b'{"events":[]}')
    assert envelope_problem("GET", 400, json_type, b'{"ok":false,"error":"x","status":400}') is None
    assert envelope_problem("GET", 200, "text/csv", b"a,b\n") is None


def test_the_requests_are_seeded_and_cover_the_hostile_classes() -> None:
    def targets(seed: int) -> list[str]:
        gen = RequestGenerator(Known(), seed=seed)
        return [gen.draw().target for _ in range(2000)]

    assert targets(1) == targets(1) != targets(2)
    drawn = "\n".join(targets(1))
    for sign in ("next=", "text=", "%FF".lower(), "limit=", "near=", "/api/extract", "%00"):
        assert sign in drawn.lower(), sign
