"""The web explorer in a real browser: Debian's chromium driven by Playwright.

Builds a database from samples/ plus a hostile article (markup and script in its title, text
and outlet, astral characters before its evidence), runs ``newsevents serve`` on a free port,
and checks that the page renders the map, timeline, network and list, highlights evidence at
the right characters, shows the hostile article as text without running anything, restores
filters from the URL (and back/forward), and stays on its own origin. It saves the screenshot
docs/explorer.png. No browser is downloaded: without /usr/bin/chromium the test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from newsevents.cli import app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "explorer.png"


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = _chromium()
if CHROMIUM is None:
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium); the browser test "
        "never downloads a browser",
        allow_module_level=True,
    )

from playwright.sync_api import (  # noqa: E402 (only once chromium is known to be there)
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    sync_playwright,
)

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TITLE = f"Attack near Gao {SCRIPT}"
# Astral characters (two UTF-16 units each) before every evidence span: a page that sliced the
# text with Python's code-point offsets as if they were JavaScript indices would be off by 2-4.
HOSTILE_TEXT = (
    f"{HOSTILE_TITLE}\n\n"
    "🔥🔥 Gunmen killed four soldiers near Gao on Sunday, the army said. "
    f"{IMG} The attackers fled on motorcycles, officials said.\n"
)
HOSTILE = {
    "id": "hostile-gao",
    "title": HOSTILE_TITLE,
    "text": HOSTILE_TEXT,
    "published": "2025-06-02",
    "outlet": "<b onmouseover=alert(1)>Wire</b>",
    "url": "javascript:window.__pwned=1",
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: dict[str, Any] = json.loads(response.read())
    return body


@dataclass
class Server:
    base: str
    log: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("explorer")
    hostile = work / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    db = work / "explorer.db"
    result = CliRunner().invoke(
        # Every event, whatever its confidence: the explorer shows what is stored.
        app,
        ["ingest", str(ROOT / "samples"), str(hostile), "--db", str(db), "--min-confidence", "0"],
    )
    assert result.exit_code == 0, result.output
    port = _free_port()
    log = work / "serve.log"
    script = Path(sys.executable).with_name("newsevents")
    executable = str(script) if script.exists() else shutil.which("newsevents")
    assert executable, "the newsevents command is not installed"
    command = [executable, "serve", "--db", str(db), "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=work)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"newsevents serve exited: {log.read_text(errors='replace')}")
            try:
                _get_json(base + "api/stats")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"newsevents serve did not answer: {log.read_text(errors='replace')}"
                    )
                time.sleep(0.2)
        yield Server(base=base, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Watch:
    """What the page did that it must not: errors, dialogs, requests off its origin."""

    origin: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def page_error(self, error: Exception) -> None:
        self.errors.append(str(error))

    def dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def request(self, request: Request) -> None:
        url = request.url
        if not (url.startswith(self.origin) or url.startswith("data:")):
            self.foreign.append(url)


def _wait_ready(page: Page, *panels: str) -> None:
    for panel in panels or ("map", "timeline", "network", "events"):
        page.wait_for_selector(f"#{panel}[data-state=ready]", state="attached", timeout=20_000)


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


# JavaScript: the UTF-16 ranges of the article text covered by <mark> elements, and their titles.
MARKED_RANGES = """() => {
  const root = document.getElementById("article-text");
  const ranges = [];
  let offset = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const mark = node.parentElement.closest("mark");
    if (mark) ranges.push([offset, offset + node.data.length, mark.title, mark.dataset.field]);
    offset += node.data.length;
  }
  return ranges;
}"""


def _covered(ranges: list[list[Any]], start: int, end: int) -> bool:
    """True when marks cover every UTF-16 unit of [start, end)."""
    units: set[int] = set()
    for lo, hi, _title, _field in ranges:
        units.update(range(int(lo), int(hi)))
    return all(unit in units for unit in range(start, end))


def _check_evidence(page: Page, server: Server, event_id: str) -> dict[str, Any]:
    """The event page's article text is the article, with every evidence span marked."""
    detail = _get_json(f"{server.base}api/events/{event_id}")
    text: str = detail["article"]["text"]
    shown = page.eval_on_selector("#article-text", "node => node.textContent")
    assert shown == text, "the article text is shown whole and unchanged"
    ranges: list[list[Any]] = page.evaluate(MARKED_RANGES)
    assert ranges, "evidence spans are highlighted"
    spans = [span for span in detail["evidence"] if span["field"] != "sentences"]
    assert spans
    for span in spans:
        start, end = _utf16(text, span["start"]), _utf16(text, span["end"])
        assert _covered(ranges, start, end), f"span not highlighted: {span}"
        # The marks over the span read exactly the span's text.
        assert text[span["start"] : span["end"]] == span["text"]
    labels = "\n".join(str(title) for _lo, _hi, title, _field in ranges)
    assert any(span["label"] and span["label"] in labels for span in spans), "hover labels"
    assert page.locator(".field-legend .field-key").count() >= 2
    return detail


def test_explorer_in_chromium(server: Server) -> None:
    started = time.monotonic()
    origin = server.base.rstrip("/")
    watch = Watch(origin=origin)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("console", watch.console)
            page.on("pageerror", watch.page_error)
            page.on("dialog", watch.dialog)
            page.on("request", watch.request)

            # 1. Everything renders: country outlines, markers or clusters, bars, actors, list.
            page.goto(server.base)
            _wait_ready(page)
            assert page.locator("#map path").count() > 100, "world-atlas country outlines"
            assert page.locator("#map .event-marker, #map .cluster").count() >= 1
            assert page.locator(".leaflet-tile").count() == 0, "no tile layer"
            assert page.locator("#timeline rect.bar").count() >= 2
            assert page.locator("#network g.node").count() >= 2
            assert page.locator("#network line.edge").count() >= 1
            assert page.locator("#events li.event-item").count() >= 5
            assert page.locator("#legend .legend-item").count() >= 1

            # 2. An event page: the article text with its evidence highlighted.
            page.locator("#events li.event-item", has_text="Roadside bomb").first.click()
            _wait_ready(page, "detail")
            event_id = parse_qs(urlsplit(page.url).query)["event"][0]
            detail = _check_evidence(page, server, event_id)
            claims = page.locator("#detail ul.claims li")
            assert claims.count() == len(detail["event"].get("claims") or []) > 0
            assert page.locator("#detail ol.attribution li").count() >= 1
            assert "Modality" in page.locator("#detail dl.facts").inner_text()
            page.screenshot(path=str(SCREENSHOT))

            # 3. The hostile article: shown as text, nothing runs, no dialog, no error.
            page.locator("#detail button.back").first.click()
            _wait_ready(page, "events")
            hostile = page.locator("#events li.event-item", has_text=SCRIPT)
            assert hostile.count() >= 1, "the title is listed literally"
            hostile.first.click()
            _wait_ready(page, "detail")
            hostile_id = parse_qs(urlsplit(page.url).query)["event"][0]
            _check_evidence(page, server, hostile_id)
            text = page.locator("#detail").inner_text()
            # The title and outlet are shown literally; markup in the record's text is read
            # as a page's text is, so the image tag is gone from it rather than shown.
            assert SCRIPT in text and "<b onmouseover=alert(1)>Wire</b>" in text
            assert IMG not in text
            assert page.locator("#detail script, #detail img, #detail b").count() == 0
            assert page.locator("#detail a[href^='javascript']").count() == 0
            page.locator("#article-text mark").first.hover()
            assert page.evaluate("() => typeof window.__pwned") == "undefined"
            # The emoji before it: the trigger's mark reads exactly "killed".
            marks = page.locator("#article-text mark").all_inner_texts()
            assert "killed" in marks and "Gunmen" in marks, marks

            # 4. Filters live in the URL: loading one restores them; back and forward work.
            page.goto(f"{server.base}?type=ASSAULT&since=2025-01-01&until=2025-12-31&bucket=month")
            _wait_ready(page)
            assert page.input_value("#f-type") == "ASSAULT"
            assert page.input_value("#f-since") == "2025-01-01"
            assert page.input_value("#f-until") == "2025-12-31"
            assert page.input_value("#f-bucket") == "month"
            badges = page.locator("#events .badge").all_inner_texts()
            assert badges and all(badge.startswith("ASSAULT") for badge in badges), badges
            assert page.locator("#timeline rect.brush").get_attribute("visibility") == "visible"
            page.select_option("#f-type", "THREATEN")
            page.wait_for_url("**type=THREATEN**")
            _wait_ready(page)
            badges = page.locator("#events .badge").all_inner_texts()
            assert badges and all(badge.startswith("THREATEN") for badge in badges), badges
            page.go_back()
            page.wait_for_url("**type=ASSAULT**")
            _wait_ready(page)
            assert page.input_value("#f-type") == "ASSAULT"
            page.go_forward()
            page.wait_for_url("**type=THREATEN**")
            assert page.input_value("#f-type") == "THREATEN"

            # 5. Brushing the timeline sets since/until; clicking an actor sets the actor filter.
            page.goto(server.base)
            _wait_ready(page)
            box = page.locator("#timeline svg").bounding_box()
            assert box is not None
            y = box["y"] + box["height"] / 2
            page.mouse.move(box["x"] + 35, y)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] / 2, y, steps=4)
            page.mouse.up()
            page.wait_for_url("**since=*until=**")
            query = parse_qs(urlsplit(page.url).query)
            assert query["since"][0] <= query["until"][0]
            assert page.input_value("#f-since") == query["since"][0]
            _wait_ready(page)
            node = page.locator("#network g.node").first
            name = node.get_attribute("aria-label")
            node.locator("circle").click()
            page.wait_for_url("**actor=**")
            assert name and page.input_value("#f-actor") == name.removeprefix("filter by ")

            assert page.evaluate("() => typeof window.__pwned") == "undefined"
        finally:
            browser.close()
    assert not watch.dialogs, watch.dialogs
    assert not watch.errors, watch.errors
    assert not watch.foreign, f"requests off the server's origin: {watch.foreign}"
    assert SCREENSHOT.stat().st_size > 10_000
    assert time.monotonic() - started < 60
