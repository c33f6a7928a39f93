"""The hostile corpus and the checks of its benchmark, without running ingest."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsevents.hostile.corpus import CLASSES, Case, generate
from newsevents.hostile.run import check_run, expected_ids

Cases = tuple[list[Case], dict[int, str | None]]


@pytest.fixture(scope="module")
def corpus_cases(tmp_path_factory: pytest.TempPathFactory) -> Cases:
    corpus = generate(tmp_path_factory.mktemp("hostile"), 400, seed=3)
    return corpus.cases, expected_ids(corpus.cases)


def test_the_corpus_has_every_kind_of_input(
    corpus_cases: Cases,
) -> None:
    cases, ids = corpus_cases
    expect = Counter(case.expect for case in cases)
    assert set(expect) == {"stored", "refused", "warned", "either", "changing", "ignored"}
    assert len(cases) >= 400
    assert len({case.kind for case in cases}) >= len(CLASSES) * 3 // 4
    assert len({case.name for case in cases}) == len(cases)  # every input is named apart
    stored = [i for i, case in enumerate(cases) if case.expect == "stored"]
    assert all(ids[i] for i in stored), "a good input of the corpus cannot be read"


def test_the_same_seed_writes_the_same_corpus(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 80, seed=5)
    second = generate(tmp_path / "b", 80, seed=5)
    assert [(c.kind, c.expect) for c in first.cases] == [(c.kind, c.expect) for c in second.cases]


def _stderr(cases: list[Case], ids: dict[int, str | None]) -> tuple[str, set[str]]:
    """What a correct run prints and stores."""
    lines: list[str] = []
    stored: set[str] = set()
    for index, case in enumerate(cases):
        if ids.get(index):
            stored.add(str(ids[index]))
        elif case.expect in ("refused", "either"):
            lines.append(f"error: {case.name}: it is bad")
        if case.expect == "warned":
            lines.append(f"warning: {case.name}: publication date 0001-01-01 is outside")
    return "\n".join(lines) + "\n", stored


def test_a_correct_run_passes_and_each_defect_fails(
    corpus_cases: Cases,
) -> None:
    cases, ids = corpus_cases
    stderr, stored = _stderr(cases, ids)
    assert check_run(cases, ids, stderr, stored).failures == []

    refused = next(case for case in cases if case.expect == "refused")
    good = next(i for i, case in enumerate(cases) if case.expect == "stored")
    defects = {
        "missing error": stderr.replace(f"error: {refused.name}: it is bad\n", ""),
        "error twice": stderr + f"error: {refused.name}: again\n",
        "traceback": stderr + "Traceback (most recent call last):\n",
        "stray error": stderr + "error: somewhere else: boom\n",
        "good with error": stderr + f"error: {cases[good].name}: boom\n",
    }
    for what, text in defects.items():
        assert check_run(cases, ids, text, stored).failures, what
    unstored = stored - {str(ids[good])}
    assert check_run(cases, ids, stderr, unstored).counts["good input not stored"] >= 1
