"""`newsevents watch --once` end to end, against a local HTTP server and local files.

One scenario, run three times as three separate processes would (a fresh command and a
fresh database connection each time): feeds over HTTP and as files (RSS and Atom), pages
fetched from their links, failing sources of every kind next to working ones, a page that
fails for now and succeeds later, a file added to a folder between polls, and a feed that
answers 304 once everything in it is settled.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner
from watch_samples import BOMB, CLASH, KIDNAP, RAID, SPORT, Item, atom, page, rss, text_file
from watch_server import Reply, Site

from newsevents.cli import app

pytestmark = pytest.mark.slow


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def _rows(db: Path, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(text(query))]
    engine.dispose()
    return rows


def _aged(path: Path, content: str) -> None:
    """Write a file that looks settled (modified a minute ago)."""
    path.write_text(content, encoding="utf-8")
    stamp = time.time() - 60
    os.utime(path, (stamp, stamp))


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


def test_watch_polls_every_kind_of_source_and_remembers_across_runs(
    site: Site, tmp_path: Path
) -> None:
    bomb = site.page("/pages/bomb.html", page(BOMB))
    raid = site.page("/pages/raid.html", page(RAID))
    kidnap = site.add(
        "/pages/kidnap.html",
        Reply(503),
        Reply(body=page(KIDNAP).encode(), headers={"Content-Type": "text/html; charset=utf-8"}),
    )
    missing = site.base + "/pages/missing.html"
    served = site.add(
        "/feed.xml",
        Reply(body=rss("Served Wire", [Item("k1", "Kidnap", kidnap)]).encode(), etag='"v1"'),
    )
    gone, slow = site.base + "/gone.xml", site.add("/slow.xml", Reply(delay=1.5))
    world = tmp_path / "world.xml"
    world.write_text(
        rss("World Desk", [Item("b1", "Bomb", bomb), Item("m1", "Missing", missing)]),
        encoding="utf-8",
    )
    wire = tmp_path / "wire.atom"
    wire.write_text(atom("Atom Wire", [Item("urn:r1", "Raid", raid)]), encoding="utf-8")
    malformed = tmp_path / "malformed.xml"
    malformed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><ti', encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _aged(inbox / "sport.txt", text_file(SPORT))
    nowhere = tmp_path / "nowhere"
    db = tmp_path / "events.db"
    sources = [
        served,
        gone,
        slow,
        str(world),
        wire.as_uri(),
        str(malformed),
        str(inbox),
        str(nowhere),
    ]
    # --min-confidence 0: every event of the fixtures is stored, whatever the incident model thinks.
    args = ["watch", *sources, "--once", "--db", str(db), "--per-host-interval", "0",
            "--timeout", "0.3", "--retries", "0", "--min-confidence", "0"]  # fmt: skip

    code, out, err = _run(args)
    assert code == 1, err
    errors = _errors(err)
    expected = [
        f"{served}: 1 new item",
        f"error: {gone}: HTTP 404 Not Found",
        f"error: {slow}: timed out after 0.3s",
        f"error: {malformed}: malformed feed: ",
        f"error: {nowhere}: folder missing",
        f"error: {world}: {missing}: HTTP 404 Not Found (and the entry's own text is too short",
        f"error: {served}: {kidnap}: HTTP 503 Service Unavailable (and the entry's own text",
        f"{world}: 2 new items, 1 stored with",
        f"{wire}: 1 new item, 1 stored with",
        f"{inbox}: 1 new item, 0 stored with 0 events, 1 skipped (no conflict event found: 1)",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in err.splitlines()), (start, err)
    assert len(errors) == 6, errors
    assert errors[0].endswith("; will try again at the next poll")
    assert "stored: 2 articles with" in out and "polls: 8 (4 failed)" in out
    stored = _rows(db, "SELECT url, outlet, published FROM articles WHERE url IS NOT NULL")
    assert sorted(stored) == [(bomb, "World Desk", "2021-03-08"), (raid, "Atom Wire", "2021-03-08")]
    assert _rows(db, "SELECT count(*) FROM articles") == [(3,)]  # and the sport file

    # Second run: a file has arrived, the flaky page is back, nothing else is read again.
    _aged(inbox / "clash.txt", text_file(CLASH))
    code, out, err = _run(args)
    assert code == 1, err
    assert f"{world}: 0 new items" in err and f"{wire}: 0 new items" in err
    assert f"{served}: 0 new items, 1 retried, 1 stored with" in err
    assert f"{inbox}: 1 new item, 1 stored with" in err
    assert len(site.hits("/pages/bomb.html")) == 1 and len(site.hits("/pages/missing.html")) == 1
    assert _rows(db, "SELECT count(*) FROM articles") == [(5,)]
    # The feed's validators were not kept while an entry was still to be retried.
    assert [seen.headers.get("if-none-match") for seen in site.hits("/feed.xml")] == [None, None]

    # Third run: everything in the feed is settled, so it is asked for conditionally.
    code, out, err = _run(args)
    assert f"{served}: not modified" in err
    assert site.hits("/feed.xml")[-1].headers.get("if-none-match") == '"v1"'
    assert "stored: 0 articles" in out and "new items: 0" in out
    failures = dict(_rows(db, "SELECT source, failures FROM watch_sources"))
    assert failures[gone] == failures[str(nowhere)] == 3
    assert failures[served] == failures[str(world)] == 0
    statuses = dict(
        _rows(db, "SELECT item_key, status FROM watch_items WHERE item_key NOT LIKE '%|%'")
    )
    assert statuses == {"k1": "stored", "b1": "stored", "m1": "unreadable", "urn:r1": "stored"}


def _usage_error(args: list[str]) -> str:
    code, _, err = _run(args)
    assert code == 2, err
    # The message comes in a box, wrapped to the terminal's width.
    return " ".join(err.replace("│", " ").split())


def test_bad_sources_and_durations_are_usage_errors(tmp_path: Path) -> None:
    page_file = tmp_path / "page.html"
    page_file.write_text("<html><body>not a feed</body></html>", encoding="utf-8")
    db = str(tmp_path / "e.db")
    assert "not an RSS or Atom feed (its first element is <html>)" in _usage_error(
        ["watch", str(page_file), "--db", db]
    )
    every = ["watch", str(tmp_path), "--every", "soon", "--db", db]
    assert "'soon' is not a duration" in _usage_error(every)
    assert not Path(db).exists()
    assert not (tmp_path / "e.db").exists()


def test_bad_page_size_and_source_budget_are_usage_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    budget = _usage_error(["watch", str(tmp_path), "--source-budget", "0", "--db", db])
    assert "--source-budget" in budget and "'0' is not a duration longer than zero" in budget
    size = _usage_error(["watch", str(tmp_path), "--max-page-bytes", "10", "--db", db])
    assert "--max-page-bytes" in size and "1024" in size
    assert not Path(db).exists()
