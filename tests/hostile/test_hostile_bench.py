"""``newsevents bench hostile`` on a bounded corpus: ingest, in a subprocess, never stops on a
bad input, names each one once, stores every good one and loses nothing stored before."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.hostile.run import run_hostile

pytestmark = pytest.mark.slow


def test_a_bounded_hostile_corpus_passes(tmp_path: Path) -> None:
    report = run_hostile(200, seed=11, keep=tmp_path / "run", say=lambda line: None)
    assert report["failure_examples"] == []
    assert report["ok"] and report["tracebacks"] == 0
    assert report["exit_status"] == 1  # some inputs are bad
    assert report["inputs_refused"] > 40 and report["inputs_stored"] > 60
    assert report["stored_before_lost"] == 0
    assert report["articles_after"] > report["articles_before"]
