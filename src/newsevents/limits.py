"""The limits every input is checked against, in one place, where the input is read.

The readers (files, standard input, JSON lines, Parquet, feeds), the API and the watcher all
check these, so an input outside them gets the same one-line reason wherever it comes from.
"""

from __future__ import annotations

import datetime as dt

MAX_TEXT_CHARS = 1_000_000
"""Longest article text extracted, in characters (after decoding and HTML cleaning).

It is spaCy's own ``nlp.max_length`` default: the pipeline parses a longer text in windows,
but no news article comes near it, and a longer one is almost always a dump of many pages."""

MAX_ID_CHARS = 200
"""Longest article id accepted from an input (a JSON-lines ``id`` field, a Parquet ``id``
column). The id is the articles table's primary key, and PostgreSQL refuses an index entry
over about 2,700 bytes; 200 characters is far more than any real id needs."""

MIN_YEAR = 1900
"""Earliest publication year accepted; an older date is treated as absent, with a warning."""

MAX_YEAR = 2100
"""Latest publication year accepted; a later date is treated as absent, with a warning."""

EXTRACT_TIMEOUT_S = 30.0
"""Seconds one ``POST /api/extract`` may run before it is abandoned (``newsevents serve
--extract-timeout``)."""


def text_too_long_reason(length: int) -> str:
    """The reason given for a text over :data:`MAX_TEXT_CHARS`."""
    return (
        f"text too long ({length:,} characters; the limit is {MAX_TEXT_CHARS:,}): "
        "split it into articles"
    )


def date_in_range(value: dt.date) -> bool:
    """Whether a publication date lies within the years newsevents accepts."""
    return MIN_YEAR <= value.year <= MAX_YEAR


def date_out_of_range_reason(value: dt.date | str) -> str:
    """The warning given when a publication date is outside the accepted years."""
    return f"publication date {value} is outside {MIN_YEAR}-{MAX_YEAR}; it is treated as absent"


PARSE_PROCESSES_VARIABLE = "NEWSEVENTS_PARSE_PROCESSES"
"""Environment variable that caps the processes parsing one long text's windows (1: none
besides the extracting process); see :mod:`newsevents.nlp.windows`."""
