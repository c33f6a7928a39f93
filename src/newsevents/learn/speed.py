"""Encoder speed and memory on real sentences: ``python -m newsevents.learn.speed``.

Reads sentences from the factuality gold data (its ``text`` field) or from a text file with
one sentence a line, encodes them once to warm up and then again timed, and prints
sentences per second, wordpieces per second, and the process's peak resident memory after
the warm-up and at the end. ``--factuality`` times the factuality model instead, on the
annotated predicates of the gold data.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import orjson

from newsevents.learn.encoder import Encoder

#: Sentences encoded per call.
CHUNK = 256


def read_sentences(path: Path, limit: int) -> list[str]:
    """Up to ``limit`` sentences: the ``text`` of each JSON line, or each non-empty line."""
    sentences: list[str] = []
    with path.open("rb") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            if line.startswith(b"{"):
                text = orjson.loads(line).get("text")
                if not isinstance(text, str):
                    raise ValueError(f"{path}: a JSON line has no string 'text'")
                sentences.append(text)
            else:
                sentences.append(line.decode("utf-8"))
            if len(sentences) >= limit:
                break
    return sentences


def measure(sentences: list[str], threads: int | None) -> dict[str, float]:
    """Sentences and wordpieces per second of :meth:`Encoder.token_states`, and peak RSS."""
    # No cache: a repeated sentence would be answered from memory, not measured.
    encoder = Encoder(threads=threads, cache_texts=0)
    encoder.token_states(sentences[:64])  # load the files and warm the session up
    loaded_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pieces = 0
    start = time.perf_counter()
    # In chunks, as a caller streaming articles would: the states of all sentences at once
    # (1.5 KiB per wordpiece) would measure the caller's memory, not the encoder's.
    for begin in range(0, len(sentences), CHUNK):
        states = encoder.token_states(sentences[begin : begin + CHUNK])
        pieces += sum(len(s.offsets) for s in states)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "sentences": len(sentences),
        "threads": encoder.threads,
        "seconds": round(seconds, 2),
        "loaded_rss_mib": round(loaded_kib / 1024, 1),
        "sentences_per_s": round(len(sentences) / seconds, 1),
        "wordpieces_per_s": round(pieces / seconds, 1),
        "mean_wordpieces": round(pieces / max(1, len(sentences)), 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
    }


def measure_factuality(path: Path, limit: int) -> dict[str, float]:
    """Predicates per second of :func:`newsevents.learn.factuality.factuality_many` on the
    annotated predicates of up to ``limit`` sentences of the factuality gold data."""
    from newsevents.learn.factuality import factuality_many, shipped_model

    items: list[tuple[str, int, int]] = []
    with path.open("rb") as handle:
        records = [orjson.loads(line) for line in handle if line.strip()]
    sentences = [r for r in records if r.get("events")][:limit]
    for record in sentences:
        # ``text`` is the tokens joined by spaces: a token's offset is the sum before it.
        starts = [0]
        for token in record["tokens"][:-1]:
            starts.append(starts[-1] + len(token) + 1)
        for event in record["events"]:
            index = event["token_index"]
            first = starts[index]
            items.append((record["text"], first, first + len(record["tokens"][index])))
    shipped_model().score(items[:64])  # load and warm up
    start = time.perf_counter()
    for begin in range(0, len(items), CHUNK):
        factuality_many(items[begin : begin + CHUNK])
    seconds = time.perf_counter() - start
    return {
        "sentences": len(sentences),
        "predicates": len(items),
        "seconds": round(seconds, 2),
        "predicates_per_s": round(len(items) / seconds, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=Path, required=True, help="JSON lines or text")
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--factuality", action="store_true", help="time factuality() on the gold predicates"
    )
    args = parser.parse_args(argv)
    if args.factuality:
        result = measure_factuality(args.sentences, args.limit)
    else:
        result = measure(read_sentences(args.sentences, args.limit), args.threads)
    print(orjson.dumps(result).decode())


if __name__ == "__main__":
    main()
