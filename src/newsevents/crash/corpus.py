"""A fixed corpus for the crash test: a slice of the GVA pool as ingest's JSON lines.

Whole incidents are drawn with a fixed seed (so that the slice holds reports that fusion
should join, not only unrelated articles) until ``limit`` articles are taken, then ordered by
publication date and document id, the order the GVA evaluation ingests them in.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsevents.errors import InputError

#: The seed of the incidents drawn, so every run of the test reads the same articles.
SEED = 14


def gva_records(docs: Path, limit: int) -> list[dict[str, Any]]:
    """``limit`` GVA pool documents (whole incidents) as ingest records, in ingest order."""
    by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    try:
        with docs.open(encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line) if line.strip() else None
                # A few pool documents have no text, which ingest rejects: not a crash.
                if doc and str(doc.get("text") or "").strip():
                    by_incident[str(doc["incident_id"])].append(doc)
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(str(docs), f"not the GVA pool's docs.jsonl ({exc})") from None
    incidents = sorted(by_incident)
    random.Random(SEED).shuffle(incidents)
    chosen: list[dict[str, Any]] = []
    for incident in incidents:
        if len(chosen) >= limit:
            break
        chosen.extend(by_incident[incident][: limit - len(chosen)])
    chosen.sort(key=lambda d: (str(d.get("dct") or ""), str(d["doc_id"])))
    return [
        {
            "id": str(d["doc_id"]),
            "title": d.get("title") or "",
            "text": d.get("text") or "",
            "url": d.get("url"),
            "published": d.get("dct"),
        }
        for d in chosen
    ]


def write_corpus(docs: Path, limit: int, out: Path) -> int:
    """Write the corpus of :func:`gva_records` to ``out`` (JSON lines); return its size."""
    records = gva_records(docs, limit)
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m newsevents.crash.corpus --docs DOCS --limit N --out FILE``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=Path, required=True, help="gva-pool/docs.jsonl")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(f"{write_corpus(args.docs, args.limit, args.out)} articles written to {args.out}")


__all__ = ["SEED", "gva_records", "main", "write_corpus"]


if __name__ == "__main__":
    main()
