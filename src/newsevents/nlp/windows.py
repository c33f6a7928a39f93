"""Parsing a long text in windows, into one document with offsets into the whole text.

The statistical pipeline slows down and grows in memory on one very long document, and
refuses a text over ``nlp.max_length`` (1,000,000 characters). A text over
:data:`WINDOW_THRESHOLD_CHARS` is therefore tokenised whole (tokenising is cheap and
linear), cut into windows of about :data:`WINDOW_TOKENS` tokens, and each window is run
through the rest of the pipeline on its own, with :data:`CONTEXT_TOKENS` tokens of the text
on either side as context. Cuts fall where a sentence must start anyway: after a line break
(the pipeline starts a sentence there), else after a sentence's final punctuation, else
anywhere as a last resort; the parser is told that the cut starts a sentence. Only each
window's own tokens are kept, and the kept pieces are joined into one ``Doc`` whose text is
exactly the input text, so character offsets, sentences and entities are those of the whole
text, each sentence is parsed once (an event cannot be found twice), and a sentence is
never split by a cut it did not already have.

Texts up to the threshold, which is every news article, are parsed whole as before.

The windows of one text are independent, so where the process may fork (the main thread of
a process that is not itself a pool worker, such as `newsevents extract` or `ingest`) they are
parsed by :func:`parse_processes` processes, one per core (two at most): the parse is about
three quarters of the time of a long text, and the second core would otherwise sit idle.
``NEWSEVENTS_PARSE_PROCESSES=1`` keeps the parse in one process. A forked parser watches its
parent and exits when it is gone, so a killed run leaves no parser behind.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from numpy.typing import NDArray
from spacy.language import Language
from spacy.tokens import Doc

from newsevents.limits import PARSE_PROCESSES_VARIABLE

#: Texts longer than this (in characters) are parsed in windows.
WINDOW_THRESHOLD_CHARS = 50_000
#: Tokens per window, about 5,000 characters of news text. The size hardly changes the
#: speed (a 200,000-character text, vocabulary already loaded: 10.3, 10.0 and 9.9 CPU
#: seconds in windows of 500, 2,000 and 1,000 tokens); what is parsed at once, and so the
#: memory, is the window size times the batch.
WINDOW_TOKENS = 1_000
#: How far back from the window's end a cut may move to reach a better place.
_SLACK_TOKENS = WINDOW_TOKENS // 2
#: Tokens of context on each side of a window, parsed but not kept.
CONTEXT_TOKENS = 32
#: Windows run through the pipeline together.
_BATCH = 8
#: Fewest windows worth parsing in several processes (starting them costs about a second).
MIN_PARALLEL_WINDOWS = 40
#: Most processes one text's windows are parsed in.
MAX_PARSE_PROCESSES = 2
#: Environment variable that sets the number of parse processes (1: no other process).
PROCESSES_VARIABLE = PARSE_PROCESSES_VARIABLE

#: The token attributes a window copies from the tokenised text (those a ``Doc`` stores).
_ATTRS: tuple[int, ...] = Doc._get_array_attrs()
_FINAL_PUNCT = frozenset({".", "!", "?", '."', '?"', '!"', ".”", "?”", "!”"})


def _after_line_break(doc: Doc, i: int) -> bool:
    prev = doc[i - 1]
    return not doc[i].is_space and (
        "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)
    )


def _after_sentence_end(doc: Doc, i: int) -> bool:
    prev = doc[i - 1]
    return bool(prev.whitespace_) and prev.text in _FINAL_PUNCT and doc[i].text[:1].isupper()


def cut_points(doc: Doc, size: int = WINDOW_TOKENS, slack: int = _SLACK_TOKENS) -> list[int]:
    """Token indices where windows start (the first is 0), each window at most ``size``
    tokens: the last line break in its second half, else the last sentence end, else
    ``size`` tokens on."""
    n = len(doc)
    cuts = [0]
    while n - cuts[-1] > size:
        start = cuts[-1]
        hi = start + size
        lo = max(start + 1, hi - slack)
        cut = next((i for i in range(hi, lo - 1, -1) if _after_line_break(doc, i)), None)
        if cut is None:
            cut = next((i for i in range(hi, lo - 1, -1) if _after_sentence_end(doc, i)), hi)
        cuts.append(cut)
    return cuts


def _window(whole: Doc, array: NDArray[Any], lo: int, hi: int, starts: list[int]) -> Doc:
    """A fresh document of the tokens ``lo``..``hi`` of ``whole`` (with the tokenizer's
    attributes, such as the norms of its special cases, from ``array``), whose sentences
    start at the window-relative tokens ``starts``."""
    # (spaCy's type stubs lack these keyword arguments of Span.as_doc and Doc.from_docs)
    doc = whole[lo:hi].as_doc(array_head=_ATTRS, array=array)  # type: ignore[call-arg]
    for i in starts:
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    return doc


def _kept(window: Doc, start: int, end: int) -> Doc:
    """The window's own tokens ``start``..``end``, without entities cut by the window's
    edges (the neighbouring window has them whole)."""
    return window[start:end].as_doc()


def parse_processes(n_windows: int) -> int:
    """How many processes parse the ``n_windows`` windows of one text.

    One, unless the text has at least :data:`MIN_PARALLEL_WINDOWS` windows, the machine has
    more than one core for this process, and the process may fork parsers safely: it is in
    its main thread, is no daemon (Dask workers and pool workers are, and may not have
    children), and forks (a forked parser starts with the pipeline already loaded).
    """
    setting = os.environ.get(PROCESSES_VARIABLE, "").strip()
    try:
        wanted = int(setting) if setting else min(MAX_PARSE_PROCESSES, _cores())
    except ValueError:
        wanted = 1
    if wanted < 2 or n_windows < MIN_PARALLEL_WINDOWS:
        return 1
    if threading.current_thread() is not threading.main_thread():
        return 1
    if multiprocessing.current_process().daemon:
        return 1
    if multiprocessing.get_start_method(allow_none=True) not in (None, "fork"):
        return 1
    return wanted


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


# Set in the parent while it forks parsers; the forked child sees it set and starts a watch
# on its parent. spaCy starts the parser processes itself, so this is the one place to act.
_forking_parsers = False
# The forking process's id, taken before the fork: a child that asked for its parent only
# once running could already see the reaper that adopted it (a parent killed right after
# forking) and would then wait for ever.
_forking_pid = 0


def _before_fork() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def _watch_parent() -> None:
    parent = _forking_pid

    def watch() -> None:
        # A parser whose parent was killed would wait for its next window for ever.
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newsevents-parent-watch", daemon=True).start()


def _after_fork_in_child() -> None:
    if _forking_parsers:
        _watch_parent()


os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)


def parse_in_windows(
    nlp: Language, text: str, size: int = WINDOW_TOKENS, context: int = CONTEXT_TOKENS
) -> Doc:
    """Parse ``text`` window by window into one ``Doc`` (``doc.text == text``): windows of
    at most ``size`` tokens, each with ``context`` tokens on either side."""
    whole = nlp.tokenizer(text)
    cuts = cut_points(whole, size, max(1, size // 2))
    ends = [*cuts[1:], len(whole)]
    pieces = list(_pieces(nlp, whole, list(zip(cuts, ends, strict=True)), context))
    doc = Doc.from_docs(  # type: ignore[call-arg]
        pieces, ensure_whitespace=False, exclude=["tensor", "user_data"]
    )
    # Doc.from_docs returns None only for an empty list; a text has at least one window.
    assert doc is not None and doc.text == text
    return doc


def _pieces(
    nlp: Language, whole: Doc, ranges: list[tuple[int, int]], context: int
) -> Iterator[Doc]:
    n = len(whole)
    array = whole.to_array(list(_ATTRS))
    bounds = [(max(0, a - context), min(n, b + context), a, b) for a, b in ranges]
    windows = (_window(whole, array, lo, hi, [a - lo, b - lo]) for lo, hi, a, b in bounds)
    processes = parse_processes(len(bounds))
    if processes == 1:
        parsed = nlp.pipe(windows, batch_size=_BATCH)
        for (lo, _hi, a, b), window in zip(bounds, parsed, strict=True):
            yield _kept(window, a - lo, b - lo)
        return
    global _forking_parsers
    _forking_parsers = True
    try:
        # spaCy hands the windows to the processes in turn and yields them back in order.
        parsed = nlp.pipe(windows, batch_size=_BATCH, n_process=processes)
        kept = [
            _kept(window, a - lo, b - lo)
            for (lo, _hi, a, b), window in zip(bounds, parsed, strict=True)
        ]
    finally:
        _forking_parsers = False
    yield from kept
