"""Fixtures for the API tests: small databases of hand-made stories, and a client over them.

The database fixtures are those of ``tests/conftest.py`` (SQLite, and PostgreSQL when a
server answers); ``store_factory`` builds the articles, so no test but the extraction one
needs spaCy.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.store.db import Database
from newsevents.store.write import store_articles

_STORE_TESTS = Path(__file__).resolve().parents[1] / "store"
if str(_STORE_TESTS) not in sys.path:
    sys.path.insert(0, str(_STORE_TESTS))

from api_factory import STORIES, TestClient, make_client  # noqa: E402


@pytest.fixture
def filled(db: Database) -> Database:
    """The stories stored, each event an incident of its own (no fusion)."""
    list(store_articles(db, [s.result() for s in STORIES], fuse=False))
    return db


@pytest.fixture
def client(filled: Database) -> Iterator[TestClient]:
    """A client of the application over the filled database (SQLite and PostgreSQL)."""
    with make_client(filled.url) as test_client:
        yield test_client
