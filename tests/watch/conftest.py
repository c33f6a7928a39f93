"""Fixtures of the watch tests: a local HTTP server (the databases are those of
``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from watch_server import Site, serving


@pytest.fixture
def site() -> Iterator[Site]:
    """A running local HTTP server (see watch_server.py)."""
    with serving() as running:
        yield running
