"""Stories and helpers shared by the API tests (a module of its own: ``conftest`` is a name
that several test folders use)."""

from __future__ import annotations

import datetime as dt
import sys
import warnings
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from newsevents.api.app import create_app

_STORE_TESTS = Path(__file__).resolve().parents[1] / "store"
if str(_STORE_TESTS) not in sys.path:
    sys.path.insert(0, str(_STORE_TESTS))

from store_factory import Story  # noqa: E402

with warnings.catch_warnings():
    # Starlette 1.x would rather drive its test client with the `httpx2` fork; httpx works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

#: Gao twice on one day (two outlets), Mopti (al-Shabaab, a knowledge-base actor), Maiduguri
#: (a Hamas commander, by affiliation), and an undated, unplaced arrest in Nigeria.
STORIES = [
    Story("gao", perpetrator="Gunmen", claimant="JNIM", day=dt.date(2021, 3, 7)),
    Story("gao2", perpetrator="Islamic State fighters", outlet="Mali Daily",
          day=dt.date(2021, 3, 7), killed=5),
    Story("mopti", perpetrator="al-Shabab", perpetrator_id="al_shabaab", victim="three farmers",
          place="Mopti", latitude=14.49, longitude=-4.18, day=dt.date(2020, 6, 1), killed=3),
    Story("borno", perpetrator="Hamas commander", affiliation=("Hamas", "hamas"),
          victim="two traders", place="Maiduguri", latitude=11.85, longitude=13.16,
          country="NGA", day=dt.date(2019, 1, 15), mode="explosives",
          extra_events=["seized"]),
    Story("raid", perpetrator="Police", verb="arrested", victim="five suspects",
          event_type="COERCE", mode="arrest", place="Kano", latitude=None, longitude=None,
          country="NGA", day=None, killed=None),
]  # fmt: skip

#: Event ids in list order: newest first, the later-stored first on the same day, undated last.
ORDER = ["gao2-e0", "gao-e0", "mopti-e0", "borno-e1", "borno-e0", "raid-e0"]


def url_text(url: URL) -> str:
    """A database URL as ``create_app`` takes it."""
    return url.render_as_string(hide_password=False)


def make_client(url: URL) -> TestClient:
    """A test client of the application over the database at ``url``."""
    return TestClient(create_app(url_text(url)), raise_server_exceptions=False)


def assert_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    """The response is the error envelope with ``status``, its message holding ``words``."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body.keys() == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    for word in words:
        assert word in body["error"], body["error"]
    return body
