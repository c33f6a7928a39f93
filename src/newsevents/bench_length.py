"""The benchmark behind ``newsevents bench length``: extraction cost against article length.

Each length is a text made of real news articles (HRDsAttack, then MUC-4 if more is needed)
joined by blank lines and cut to that many characters. Each length is measured in a fresh
process, so that the peak resident memory reported is that length's own: the process loads
the pipeline, extracts a short article to load everything else, then extracts the long text
once (reading, truecasing, parsing, extraction and geocoding, as ``newsevents extract``
does). Wall-clock and CPU seconds are both given: on a shared machine the CPU time is the
steadier of the two. CPU seconds include the processes that parse a long text's windows
(:mod:`newsevents.nlp.windows`), and ``parser_peak_mb`` is the largest of those processes'
peaks (0 when the text was parsed in one process); ``peak_mb`` is the measuring process's.
"""

from __future__ import annotations

import html
import json
import multiprocessing as mp
import re
import resource
import time
from pathlib import Path
from typing import Any

DEFAULT_SIZES = "1k,10k,100k,1m"
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")
_TAG = re.compile(r"<[^>]+>")


def parse_sizes(spec: str) -> list[int]:
    """``"1k,10k,100k,1m"`` -> [1000, 10000, 100000, 1000000] (k = 1,000 characters).

    Raises ValueError naming the first size that is not a positive number with an optional
    k or m suffix.
    """
    sizes = []
    for part in spec.split(","):
        m = _SIZE.match(part)
        if m is None:
            raise ValueError(f"not a size: {part.strip()!r} (write e.g. 10k or 1m)")
        value = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
        if value < 1:
            raise ValueError(f"not a positive size: {part.strip()!r}")
        sizes.append(value)
    return sizes


def _hrdsattack(path: Path) -> list[str]:
    texts = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        sample = item["sample"]
        body = html.unescape(_TAG.sub("\n", sample.get("Input.article_interface", "")))
        texts.append(f"{sample.get('Input.title', '')}\n\n{body}".strip())
    return texts


def source_texts(data: Path) -> list[str]:
    """The real articles long texts are made of (empty when the data folder lacks them)."""
    texts: list[str] = []
    for name in ("dev.json", "train.json"):
        path = data / "hrdsattack" / name
        if path.exists():
            texts += _hrdsattack(path)
    muc = data / "muc4" / "gtt" / "dev.json"
    if muc.exists():
        for line in muc.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["doctext"])
    # Each article once (HRDsAttack repeats an article for each of its annotators).
    return [t for t in dict.fromkeys(_cleaned(t) for t in texts) if t]


def _cleaned(text: str) -> str:
    """The article as the reader keeps it: an end marker ("Related Posts") in one article
    would otherwise cut the joined text short there."""
    from newsevents.errors import InputError
    from newsevents.ingest import read_text

    try:
        return read_text(text).text
    except InputError:
        return ""


def text_of_length(texts: list[str], size: int) -> str:
    """``size`` characters of the articles joined by blank lines (repeated if need be)."""
    if not texts:
        raise ValueError("no articles to build a text from")
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        parts.append(texts[i % len(texts)])
        total += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size].rstrip()


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


_WARM = (
    "Gunmen attacked a police post in Khan Yunis on Sunday, killing two officers, AFP said. "
    "Police said on 3 March 2019 that the attack was the second in two weeks."
)


def measure_one(text: str) -> dict[str, Any]:
    """Extract ``text`` in this process and time it (run in a fresh process per length)."""
    import datetime as dt

    from newsevents.extract.article import extract_article
    from newsevents.ingest import read_text
    from newsevents.resolve.time import resolve_time

    t0 = time.perf_counter()
    extract_article(read_text(_WARM, published=dt.date(2020, 1, 1)))
    for expr in ("last Tuesday", "March 3", "two days ago", "on 12 Jan 1990", "Sunday night"):
        resolve_time(expr, dt.date(2020, 1, 1))
    load_s = time.perf_counter() - t0
    warm_mb = _peak_mb()
    w0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    article = read_text(text, published=dt.date(2020, 1, 1))
    result = extract_article(article)
    wall = time.perf_counter() - w0
    cpu = time.process_time() - c0 + _children_cpu() - k0
    return {
        "chars": len(article.text),
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "seconds_per_100kB": round(wall * 100_000 / len(article.text), 2),
        "cpu_seconds_per_100kB": round(cpu * 100_000 / len(article.text), 2),
        "peak_mb": round(_peak_mb(), 1),
        "parser_peak_mb": round(_peak_mb(resource.RUSAGE_CHILDREN), 1),
        "warm_mb": round(warm_mb, 1),
        "events": len(result.events),
        "load_seconds": round(load_s, 2),
    }


def _measure_into(text: str, sender: Any) -> None:
    # A spawned process starts its own children by spawning too; a command started from a
    # shell forks them on Linux, which the parsing of long texts relies on (a forked parser
    # starts with the pipeline loaded). Measure what the command does.
    if "fork" in mp.get_all_start_methods():
        mp.set_start_method("fork", force=True)
    sender.send(measure_one(text))
    sender.close()


def bench_length(data: Path, sizes: list[int]) -> dict[str, Any]:
    """Measure every size in its own fresh process; raises FileNotFoundError without data."""
    texts = source_texts(data)
    if not texts:
        raise FileNotFoundError(f"no HRDsAttack or MUC-4 articles under {data}")
    rows = []
    ctx = mp.get_context("spawn")
    for size in sizes:
        text = text_of_length(texts, size)
        # One process per length: the peak resident set is this length's alone. A plain
        # process, not a pool's: pool workers are daemons, which may not start the
        # processes that parse a long text's windows, as `newsevents extract` does.
        receiver, sender = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_measure_into, args=(text, sender))
        process.start()
        sender.close()
        try:
            row = receiver.recv()
        except EOFError:
            raise RuntimeError(f"the process measuring {_label(size)} died") from None
        finally:
            process.join()
        rows.append({"size": _label(size), **row})
    return {"sizes": rows, "linearity": _linearity(rows)}


def _label(size: int) -> str:
    for suffix, unit in (("m", 1_000_000), ("k", 1_000)):
        if size >= unit and size % unit == 0:
            return f"{size // unit}{suffix}"
    return str(size)


def _linearity(rows: list[dict[str, Any]]) -> dict[str, float] | None:
    """CPU seconds per 100 kB and memory growth per 100 kB of the longest text, against the
    second longest: 1.0 where cost grows in proportion to length."""
    big = sorted((r for r in rows if r["chars"] >= 10_000), key=lambda r: r["chars"])
    if len(big) < 2:
        return None
    a, b = big[-2], big[-1]
    grow_a = (a["peak_mb"] - a["warm_mb"]) / a["chars"]
    grow_b = (b["peak_mb"] - b["warm_mb"]) / b["chars"]
    return {
        "cpu_per_char_ratio": round(b["cpu_seconds_per_100kB"] / a["cpu_seconds_per_100kB"], 2),
        "memory_per_char_ratio": round(grow_b / grow_a, 2) if grow_a > 0 else float("nan"),
    }


def format_table(result: dict[str, Any]) -> str:
    """The result as a Markdown table (the one docs/performance.md records)."""
    head = (
        "| length | characters | seconds | CPU seconds | CPU s per 100 kB | peak MB "
        "| MB before | events |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["sizes"]:
        lines.append(
            f"| {r['size']} | {r['chars']:,} | {r['seconds']} | {r['cpu_seconds']} "
            f"| {r['cpu_seconds_per_100kB']} | {r['peak_mb']} | {r['warm_mb']} | {r['events']} |"
        )
    return "\n".join(lines)
