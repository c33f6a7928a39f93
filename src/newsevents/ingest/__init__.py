"""Input readers: plain text, HTML, JSON lines, Parquet, directories and standard input.

Every reader returns ``newsevents.model.Article`` records whose ``text`` is the headline,
a blank line, then the cleaned body. Unreadable inputs are ``InputError(path, reason)``;
``read_paths`` yields them instead of raising, so a batch always goes on.
"""

from __future__ import annotations

from newsevents.ingest.decode import MAX_FILE_BYTES
from newsevents.ingest.html import article_from_html, read_html_file
from newsevents.ingest.ids import article_id, normalise_url
from newsevents.ingest.jsonl import iter_jsonl
from newsevents.ingest.language import detect_language, is_english
from newsevents.ingest.parquet import iter_parquet
from newsevents.ingest.sources import read_paths, read_stdin, sniff_kind
from newsevents.ingest.text import read_text, read_text_file

__all__ = [
    "MAX_FILE_BYTES",
    "article_from_html",
    "article_id",
    "detect_language",
    "is_english",
    "iter_jsonl",
    "iter_parquet",
    "normalise_url",
    "read_html_file",
    "read_paths",
    "read_stdin",
    "read_text",
    "read_text_file",
    "sniff_kind",
]
