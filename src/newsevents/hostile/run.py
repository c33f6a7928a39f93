"""``newsevents bench hostile``: run ``newsevents ingest`` over a hostile corpus and check it.

A database is first given a few good articles. Then ``ingest`` runs in a subprocess, as a
user would run it, over the corpus (and those articles again), while the corpus's changing
files are changed under it. The run passes when its standard error holds no traceback, every
input that must be refused is named by exactly one ``error:`` line and nothing else is, every
good input is stored, every date out of range gave one warning, and everything stored before
is still there.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from newsevents.hostile.corpus import Case, Corpus, generate
from newsevents.hostile.texts import conflict_text

BEFORE_ARTICLES = 5
_TRACEBACK = "Traceback (most recent call last)"
_MAX_LISTED = 20


def command() -> list[str]:
    """How to run ``newsevents``: the installed script beside this Python, else the module."""
    script = Path(sys.executable).with_name("newsevents")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from newsevents.cli import app; app()"]


@dataclass
class Snapshot:
    """The ids in the database's main tables."""

    articles: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    incidents: set[int] = field(default_factory=set)

    def missing_from(self, later: Snapshot) -> int:
        """How many of these ids ``later`` lacks."""
        return (
            len(self.articles - later.articles)
            + len(self.events - later.events)
            + len(self.incidents - later.incidents)
        )


def snapshot(db_path: Path) -> Snapshot:
    """The ids stored in the SQLite file ``db_path``."""
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            return Snapshot(
                set(conn.execute(text("SELECT id FROM articles")).scalars()),
                set(conn.execute(text("SELECT id FROM events")).scalars()),
                set(conn.execute(text("SELECT id FROM incidents")).scalars()),
            )
    finally:
        engine.dispose()


def _count_articles(db_path: Path) -> int:
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0)
    except Exception:  # the file may be locked or half made while ingest starts
        return 0
    finally:
        engine.dispose()


def _change(path: Path, how: str) -> None:
    """Change a corpus file the way the run is to find it changed."""
    if how == "remove":
        path.unlink()
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "fifo":
        path.unlink()
        os.mkfifo(path)
    elif how == "binary":
        with path.open("ab") as handle:
            handle.write(b"\x00\xff" * 4096)
    else:
        path.write_text(conflict_text(random.Random(str(path))), encoding="utf-8")


def _change_when_started(
    corpus: Corpus, db_path: Path, before: int, process: subprocess.Popen[str]
) -> None:
    """Once ingest has listed the corpus (it has stored an article), change the files."""
    while process.poll() is None and _count_articles(db_path) <= before:
        time.sleep(0.2)
    for path, how in corpus.changes:
        _change(path, how)


def expected_ids(cases: Iterable[Case]) -> dict[int, str | None]:
    """The article id each good input must be stored under, by case index (None: refused).

    Records carry their URL; files are read here with the same readers, before the run, so
    that markup that may or may not hold an article is known to be one or the other.
    """
    from newsevents.ingest import read_paths
    from newsevents.ingest.ids import url_id
    from newsevents.ingest.notices import warnings_to

    found: dict[int, str | None] = {}
    with warnings_to(lambda name, reason: None):
        for index, case in enumerate(cases):
            if case.expect not in ("stored", "warned", "either"):
                continue
            if case.url is not None:
                found[index] = url_id(case.url)
                continue
            assert case.path is not None
            items = list(read_paths([str(case.path)]))
            article = items[0] if len(items) == 1 else None
            found[index] = getattr(article, "id", None) if article is not None else None
    return found


def _name_of(line: str, known: set[str]) -> str:
    """The input a ``NAME: REASON`` line names: the longest known name before a ': ', or ''."""
    match = ""
    start = 0
    while (cut := line.find(": ", start)) != -1:
        if line[:cut] in known:
            match = line[:cut]
        start = cut + 1
    return match


def _named(lines: Iterable[str], prefix: str, known: set[str]) -> tuple[Counter[str], list[str]]:
    """How many ``prefix`` lines name each input, and the lines that name none."""
    named: Counter[str] = Counter()
    unnamed: list[str] = []
    for line in lines:
        if line.startswith(prefix):
            name = _name_of(line[len(prefix) :], known)
            named[name] += 1
            if not name:
                unnamed.append(line)
    return named, unnamed


@dataclass
class Check:
    """What the run did against what it had to do."""

    failures: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def fail(self, what: str, detail: str) -> None:
        self.counts[what] += 1
        if len(self.failures) < _MAX_LISTED:
            self.failures.append(f"{what}: {detail}")


def check_run(
    cases: list[Case], ids: dict[int, str | None], stderr: str, stored: set[str]
) -> Check:
    """Compare what ``ingest`` printed and stored with what each case expects."""
    lines = stderr.splitlines()
    known = {case.name for case in cases}
    errors, unnamed = _named(lines, "error: ", known)
    warnings, _ = _named(lines, "warning: ", known)
    result = Check()
    for index, case in enumerate(cases):
        expect = case.expect
        if expect == "either":
            expect = "stored" if ids.get(index) else "refused"
        n_errors, n_warnings = errors[case.name], warnings[case.name]
        if expect == "refused" and n_errors != 1:
            result.fail("refused input without exactly one error", f"{case.name} ({n_errors})")
        elif expect in ("stored", "warned"):
            if n_errors:
                result.fail("good input with an error", case.name)
            if ids.get(index) is None:
                result.fail("good input unreadable", case.name)
            elif ids[index] not in stored:
                result.fail("good input not stored", case.name)
            if (expect == "warned") != (n_warnings == 1):
                result.fail("wrong number of warnings", f"{case.name} ({n_warnings})")
        elif expect == "changing" and n_errors > 1:
            result.fail("changing file with several errors", case.name)
        elif expect == "ignored" and n_errors + n_warnings:
            result.fail("ignored input named", case.name)
    for line in unnamed:
        result.fail("error line naming no input", line)
    result.counts["tracebacks"] = stderr.count(_TRACEBACK)
    if result.counts["tracebacks"]:
        result.failures.append(f"tracebacks: {result.counts['tracebacks']}")
    return result


def _before(root: Path, db_path: Path) -> Snapshot:
    """Store a few good articles first; what the run must leave in place."""
    folder = root / "before"
    folder.mkdir()
    rng = random.Random(-1)
    for n in range(BEFORE_ARTICLES):
        folder.joinpath(f"before_{n}.txt").write_text(conflict_text(rng), encoding="utf-8")
    done = subprocess.run(
        [*command(), "ingest", str(folder), "--db", str(db_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"storing the first articles failed: {done.stderr.strip()[-500:]}")
    return snapshot(db_path)


def run_hostile(
    count: int, seed: int = 0, keep: Path | None = None, say: Callable[[str], None] = print
) -> dict[str, Any]:
    """Generate a corpus of ``count`` inputs, ingest it, check it; the report as a dict
    (``ok`` says whether every check passed). ``keep`` keeps the corpus and database there."""
    root = keep if keep is not None else Path(tempfile.mkdtemp(prefix="newsevents-hostile-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        return _run(root, count, seed, say)
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _run(root: Path, count: int, seed: int, say: Callable[[str], None]) -> dict[str, Any]:
    started = time.perf_counter()
    corpus = generate(root, count, seed)
    generated = time.perf_counter() - started
    say(f"corpus: {len(corpus.cases)} inputs in {corpus.folder} ({generated:.1f} s)")
    db_path = root / "hostile.db"
    before = _before(root, db_path)
    ids = expected_ids(corpus.cases)
    say(f"ingest: {len(before.articles)} articles stored first; running ingest on the corpus")
    args = [*command(), "ingest", str(corpus.folder), str(root / "before"), "--db", str(db_path)]
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    changer = threading.Thread(
        target=_change_when_started,
        args=(corpus, db_path, len(before.articles), process),
        daemon=True,
    )
    changer.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    changer.join()
    after = snapshot(db_path)
    check = check_run(corpus.cases, ids, stderr, after.articles)
    lost = before.missing_from(after)
    if lost:
        check.fail("stored before and lost", f"{lost} ids")
    if process.returncode != 1:
        check.fail("exit status", f"{process.returncode} (expected 1: some inputs are bad)")
    expect = Counter(case.expect for case in corpus.cases)
    lines = stderr.splitlines()
    report: dict[str, Any] = {
        "inputs": len(corpus.cases),
        "seed": seed,
        **{f"inputs_{kind}": n for kind, n in sorted(expect.items())},
        "classes": len({case.kind for case in corpus.cases}),
        "ingest_seconds": round(seconds, 1),
        "inputs_per_second": round(len(corpus.cases) / seconds, 1) if seconds else None,
        "exit_status": process.returncode,
        "error_lines": sum(line.startswith("error: ") for line in lines),
        "warning_lines": sum(line.startswith("warning: ") for line in lines),
        "tracebacks": check.counts["tracebacks"],
        "articles_before": len(before.articles),
        "articles_after": len(after.articles),
        "events_after": len(after.events),
        "incidents_after": len(after.incidents),
        "stored_before_lost": lost,
        "summary": stdout.strip().splitlines(),
        "failures": sum(n for what, n in check.counts.items() if what != "tracebacks")
        + check.counts["tracebacks"],
        "failure_examples": check.failures,
    }
    report["ok"] = report["failures"] == 0
    return report
