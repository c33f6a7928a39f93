"""Cutting long texts into windows, and parsing them into one document of the whole text."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsevents.nlp.windows import cut_points


def _tokens(text: str) -> Doc:
    return spacy.blank("en").make_doc(text)


def _windows(doc: Doc, cuts: list[int]) -> list[tuple[int, int]]:
    return list(zip(cuts, [*cuts[1:], len(doc)], strict=True))


def test_cuts_fall_after_line_breaks_when_there_are_some() -> None:
    doc = _tokens("\n".join(f"Line {i} has a few words in it." for i in range(40)))
    cuts = cut_points(doc, size=30, slack=15)
    assert cuts[0] == 0 and len(cuts) > 5
    for start, end in _windows(doc, cuts):
        assert end - start <= 30
    for cut in cuts[1:]:
        assert doc[cut].text == "Line"


def test_cuts_fall_after_sentence_ends_without_line_breaks() -> None:
    doc = _tokens(" ".join(f"Sentence {i} says rather little here." for i in range(40)))
    cuts = cut_points(doc, size=25, slack=12)
    assert len(cuts) > 5
    for cut in cuts[1:]:
        assert doc[cut - 1].text == "." and doc[cut].text == "Sentence"


def test_text_without_any_boundary_is_cut_at_the_window_size() -> None:
    doc = _tokens(" ".join(["word"] * 100))
    assert cut_points(doc, size=30, slack=15) == [0, 30, 60, 90]


def test_short_text_is_one_window() -> None:
    assert cut_points(_tokens("Two words."), size=30, slack=15) == [0]


@pytest.mark.slow
def test_windowed_parse_is_the_whole_parse() -> None:
    from newsevents.nlp.pipeline import get_nlp
    from newsevents.nlp.windows import parse_in_windows

    nlp = get_nlp()
    text = "\n\n".join(
        f"Gunmen attacked a police post in Kabul on Sunday, killing {i} officers, the "
        f"interior ministry said. Residents of Jalalabad said the Taliban had warned of "
        f'attacks. "We heard shooting all night," said Ahmad Shah {i}.'
        for i in range(2, 14)
    )
    whole = nlp(text)
    windowed = parse_in_windows(nlp, text, size=70, context=24)
    assert windowed.text == text
    assert [(t.idx, t.text) for t in windowed] == [(t.idx, t.text) for t in whole]
    assert [s.start for s in windowed.sents] == [s.start for s in whole.sents]
    assert [(e.start, e.end, e.label_) for e in windowed.ents] == [
        (e.start, e.end, e.label_) for e in whole.ents
    ]
    assert [(t.head.i, t.dep_, t.lemma_, t.tag_) for t in windowed] == [
        (t.head.i, t.dep_, t.lemma_, t.tag_) for t in whole
    ]


def test_text_longer_than_the_pipelines_limit_is_parsed() -> None:
    from newsevents.nlp.windows import parse_in_windows

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 2_000
    text = "\n\n".join(f"Rebels fired on troops near post {i}." for i in range(300))
    assert len(text) > nlp.max_length
    with pytest.raises(ValueError, match="E088"):
        nlp(text)
    doc = parse_in_windows(nlp, text, size=100, context=10)
    assert doc.text == text
    assert sum(1 for s in doc.sents if s.text.strip().startswith("Rebels")) == 300


def test_windows_parsed_in_two_processes_are_those_of_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsevents.nlp import windows

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "\n\n".join(f"Rebels fired on troops near post {i}. Two died." for i in range(120))
    monkeypatch.setenv(windows.PROCESSES_VARIABLE, "1")
    alone = windows.parse_in_windows(nlp, text, size=40, context=5)
    monkeypatch.setenv(windows.PROCESSES_VARIABLE, "2")
    monkeypatch.setattr(windows, "MIN_PARALLEL_WINDOWS", 4)
    forked: list[int] = []
    pipe = nlp.pipe

    def counting_pipe(docs: object, **kwargs: int) -> object:
        forked.append(kwargs.get("n_process", 1))
        return pipe(docs, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(nlp, "pipe", counting_pipe)
    shared = windows.parse_in_windows(nlp, text, size=40, context=5)
    assert forked == [2]
    assert shared.text == text
    assert [(t.idx, t.is_sent_start) for t in shared] == [(t.idx, t.is_sent_start) for t in alone]


def test_parse_processes_only_where_forking_parsers_is_safe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import multiprocessing
    import threading

    from newsevents.nlp import windows

    many = windows.MIN_PARALLEL_WINDOWS
    monkeypatch.setenv(windows.PROCESSES_VARIABLE, "2")
    assert windows.parse_processes(many) == 2
    assert windows.parse_processes(many - 1) == 1
    monkeypatch.setenv(windows.PROCESSES_VARIABLE, "1")
    assert windows.parse_processes(many) == 1
    monkeypatch.setenv(windows.PROCESSES_VARIABLE, "two")
    assert windows.parse_processes(many) == 1
    monkeypatch.setenv(windows.PROCESSES_VARIABLE, "2")
    found: list[int] = []
    thread = threading.Thread(target=lambda: found.append(windows.parse_processes(many)))
    thread.start()
    thread.join()
    assert found == [1]
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    assert windows.parse_processes(many) == 1


_ORPHAN = """
import os, time
from newsevents.nlp import windows
windows._forking_parsers = True
pid = os.fork()
if pid == 0:
    time.sleep(60)  # a parser waiting for a window that will never come
    os._exit(0)
print(pid, flush=True)
os._exit(0)  # its parent is gone, as after kill -9
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork and /proc")
def test_a_forked_parser_exits_when_its_parent_is_gone() -> None:
    import subprocess
    import sys
    import time

    out = subprocess.run(
        [sys.executable, "-c", _ORPHAN], capture_output=True, text=True, timeout=60, check=True
    )
    pid = int(out.stdout.strip())
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the orphaned parser is still running"


# A parser scheduled only after its parent was killed: it must not take the reaper that
# adopted it for its parent.
_ADOPTED = """
import os, time
from newsevents.nlp import windows
windows._forking_pid = -1  # the process that forked it, already gone
windows._watch_parent()
time.sleep(30)
os._exit(0)
"""


def test_a_parser_adopted_before_it_ran_exits() -> None:
    import subprocess
    import sys
    import time

    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", _ADOPTED], capture_output=True, timeout=25)
    assert out.returncode == 1, out.stderr
    assert time.monotonic() - started < 20
