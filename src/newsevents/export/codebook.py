"""Generate ``docs/export.md``, the codebook of every export format, from the format definitions.

Like :mod:`newsevents.store.codebook` for ``docs/database.md``, the document is a view of the code
(``python -m newsevents.export.codebook > docs/export.md``) and a test fails when they differ:
each row comes from the :class:`~newsevents.export.base.Field` the writer emits.
"""

from __future__ import annotations

import sys

from newsevents.export.base import ExportFormat
from newsevents.export.formats import FORMATS

REGENERATE_COMMAND = "python -m newsevents.export.codebook > docs/export.md"

_INTRO = """\
`newsevents export --format FORMAT [filters] [--db URL] [-o FILE]` writes the stored incidents:
one record per incident (the real-world happening that one or more reported events make up),
with all of its reports. The filters are those of `newsevents events` (`--actor`, `--type`,
`--country`, `--since`, `--until`, `--near`, `--text`); an incident is exported when any of
its events matches. Incidents are written oldest first (undated last). Without `-o` a text
format goes to standard output; a summary line (incidents written, file) goes to standard
error.

Each table below lists every column (or key) of one format: its type, what it means in that
format's own terms, and how newsevents fills it. Columns that the format defines but
newsevents cannot fill are kept, empty, and say so. The database columns named here are
described in `docs/database.md`."""


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _section(fmt: ExportFormat) -> list[str]:
    label = "Key" if fmt.name in ("plover-jsonl", "geojson") else "Column"
    lines = [f"## `{fmt.name}`: {fmt.title}", "", fmt.description, ""]
    lines += [f"| {label} | Type | Meaning | From |", "| --- | --- | --- | --- |"]
    for field in fmt.fields:
        cells = [f"`{field.name}`", field.type, _cell(field.meaning), _cell(field.source)]
        lines.append("| " + " | ".join(cells) + " |")
    empty = [f"`{f.name}`" for f in fmt.fields if f.empty]
    if empty:
        lines += ["", f"Always empty: {', '.join(empty)}."]
    lines.append("")
    return lines


def render_export_codebook() -> str:
    """The Markdown codebook of every export format."""
    lines = [
        "# newsevents exports",
        "",
        f"Generated from `newsevents.export` by `{REGENERATE_COMMAND}`; do not edit by hand.",
        "",
        _INTRO,
        "",
        "Formats: " + ", ".join(f"`{name}`" for name in FORMATS) + ".",
        "",
    ]
    for fmt in FORMATS.values():
        lines += _section(fmt)
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> None:
    """Write the export codebook to standard output."""
    sys.stdout.write(render_export_codebook())


if __name__ == "__main__":
    main()
