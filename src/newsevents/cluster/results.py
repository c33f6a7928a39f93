"""Extraction results as a Parquet dataset: one file per partition, stored later by
``newsevents load``.

Each file ``part-NNNNNN-KEY.parquet`` holds one row per article of partition NNNNNN (its
number in the run) with key KEY: the article's id and source, its number of events, why it
has none, and the whole :class:`~newsevents.model.ArticleResult` as JSON (what ``newsevents
extract --format jsonl`` writes, so nothing is lost between extraction and storage). A file is
written under a temporary name and renamed when complete, so a file that exists is whole: a
restarted run skips the partitions whose file exists.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsevents.errors import InputError
from newsevents.model import ArticleResult

#: The columns of a results file.
SCHEMA = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string()),
        pa.field("n_events", pa.int32(), nullable=False),
        pa.field("reason", pa.string()),
        pa.field("result", pa.large_string(), nullable=False),
    ]
)
_PATTERN = "part-*.parquet"


def part_name(number: int, key: str) -> str:
    """The file name of partition ``number`` with key ``key``."""
    return f"part-{number:06d}-{key}.parquet"


def write_part(folder: Path, number: int, key: str, results: Sequence[ArticleResult]) -> Path:
    """Write one partition's results; the file appears only once it is complete."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / part_name(number, key)
    table = pa.table(
        {
            "article_id": [r.article.id for r in results],
            "source": [r.article.source_path or r.article.url for r in results],
            "n_events": [len(r.events) for r in results],
            "reason": [r.reason for r in results],
            "result": [r.model_dump_json() for r in results],
        },
        schema=SCHEMA,
    )
    partial = final.with_name(f".{final.name}.partial")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, final)
    return final


def part_files(folder: Path) -> list[Path]:
    """The complete results files of a dataset, in partition order."""
    return sorted(folder.glob(_PATTERN))


def read_results(folder: Path) -> Iterator[ArticleResult | InputError]:
    """The results of a dataset in partition order, a batch of rows at a time.

    A file that cannot be read, or a row that is not a result, is an InputError naming it;
    the rest goes on.
    """
    if not folder.is_dir():
        yield InputError(str(folder), "not a folder of results (newsevents ingest --out DIR)")
        return
    files = part_files(folder)
    if not files:
        yield InputError(str(folder), f"no results files ({_PATTERN}) in the folder")
        return
    for path in files:
        try:
            reader = pq.ParquetFile(path)
            row = 0
            for batch in reader.iter_batches(batch_size=256, columns=["result"]):
                for value in batch.column(0).to_pylist():
                    row += 1
                    try:
                        yield ArticleResult.model_validate_json(value)
                    except ValueError as exc:
                        first = str(exc).splitlines()[0]
                        yield InputError(f"{path}: row {row}", f"not an article result ({first})")
        except (OSError, pa.ArrowException) as exc:
            yield InputError(str(path), f"cannot read the results file ({exc})")
