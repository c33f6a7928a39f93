"""Generate the Markdown codebook of newsevents' records from the pydantic models.

The codebook is a view of ``newsevents.model`` and nothing else, so it cannot drift from the
code: ``docs/codebook.md`` is this module's output (``python -m newsevents.codebook``), and a test
fails when the two differ.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections import deque
from collections.abc import Iterator
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import to_jsonable_python

from newsevents import model

JsonSchema = dict[str, Any]

REGENERATE_COMMAND = "python -m newsevents.codebook > docs/codebook.md"


def _public_classes() -> list[type]:
    """Classes defined in newsevents.model that are not private, sorted by name."""
    return [
        obj
        for name, obj in sorted(vars(model).items())
        if inspect.isclass(obj) and obj.__module__ == model.__name__ and not name.startswith("_")
    ]


def _schema_refs(schema: Any) -> Iterator[str]:
    """Names of every ``$ref`` target inside a JSON schema fragment, in document order."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value.rsplit("/", 1)[-1]
            elif key != "$defs":
                yield from _schema_refs(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _schema_refs(item)


def _field_refs(record: type[BaseModel]) -> list[str]:
    """Names of the models and enums that the fields of ``record`` refer to, in field order."""
    properties = record.model_json_schema()["properties"]
    return list(dict.fromkeys(_schema_refs(properties)))


def documented_types() -> tuple[list[type[BaseModel]], list[type[Enum]]]:
    """Every record model and enum of newsevents.model, in codebook order.

    Records are listed top-down, starting from those no other record contains (so
    ``ArticleResult``, then ``Article`` and ``Event``, then their parts), which reads better than
    alphabetical order; enums follow in the order the records first use them.
    """
    classes = _public_classes()
    records = [c for c in classes if issubclass(c, BaseModel)]
    enums = [c for c in classes if issubclass(c, Enum)]
    by_name: dict[str, type] = {c.__name__: c for c in classes}
    refs = {r.__name__: _field_refs(r) for r in records}
    contained = {name for names in refs.values() for name in names}
    roots = [r.__name__ for r in records if r.__name__ not in contained]

    order: list[str] = []
    queue: deque[str] = deque(roots)
    while queue:
        name = queue.popleft()
        if name in order:
            continue
        order.append(name)
        queue.extend(refs.get(name, []))
    # Records in a reference cycle have no root; list them after the rest, by name.
    order.extend(n for n in sorted(by_name) if n not in order)

    ordered_records = [by_name[n] for n in order if by_name[n] in records]
    ordered_enums = [by_name[n] for n in order if by_name[n] in enums]
    return ordered_records, ordered_enums


def _anchor(name: str) -> str:
    return f"[{name}](#{name.lower()})"


def _type_text(schema: JsonSchema) -> str:
    """A short human-readable type for a JSON schema fragment."""
    if "$ref" in schema:
        return _anchor(str(schema["$ref"]).rsplit("/", 1)[-1])
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        text = " or ".join(_type_text(s) for s in options)
        return f"{text} or null" if len(options) < len(schema["anyOf"]) else text
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type_text(schema.get('items', {}))}"
    if kind == "string" and "format" in schema:
        return f"{schema['format']} (ISO 8601 string)" if schema["format"] == "date" else "string"
    return str(kind)


def _enum_values(schema: JsonSchema, enums: dict[str, type[Enum]]) -> list[str]:
    """Allowed values when the field (or its list items) is one of the enums."""
    for name in _schema_refs(schema):
        if name in enums:
            return [str(member.value) for member in enums[name]]
    return []


def _bounds(schema: JsonSchema) -> str:
    """Numeric bounds of a field ('0 to 1', '≥ 0') found in the schema or its options."""
    fragments = [schema, *schema.get("anyOf", [])]
    low = next((f["minimum"] for f in fragments if "minimum" in f), None)
    high = next((f["maximum"] for f in fragments if "maximum" in f), None)
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"≥ {low}"
    if high is not None:
        return f"≤ {high}"
    return ""


def _default_text(info: FieldInfo) -> str:
    """'required', or the default as JSON (default factories are called)."""
    if info.is_required():
        return "required"
    default = info.get_default(call_default_factory=True, validated_data={})
    return f"`{json.dumps(to_jsonable_python(default))}`"


def _cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(text.replace("|", "\\|").split())


def _markdown_doc(text: str | None) -> str:
    """A docstring as Markdown: reST literals become code spans."""
    return inspect.cleandoc(text or "").replace("``", "`")


def _record_section(record: type[BaseModel], enums: dict[str, type[Enum]]) -> list[str]:
    properties: dict[str, JsonSchema] = record.model_json_schema()["properties"]
    lines = [
        f"### {record.__name__}",
        "",
        _markdown_doc(record.__doc__),
        "",
        "| Field | Type | Default | Allowed values | Description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, info in record.model_fields.items():
        schema = properties[name]
        values = _enum_values(schema, enums)
        allowed = ", ".join(f"`{v}`" for v in values) if values else _bounds(schema)
        cells = [
            f"`{name}`",
            _type_text(schema),
            _default_text(info),
            allowed,
            _cell(info.description or ""),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _enum_section(enum: type[Enum]) -> list[str]:
    values = ", ".join(f"`{member.value}`" for member in enum)
    return [f"### {enum.__name__}", "", _markdown_doc(enum.__doc__), "", f"Values: {values}.", ""]


def render_codebook() -> str:
    """Return the Markdown codebook of every record and enum in newsevents.model.

    The output depends only on the models, so it is the same on every run and machine.
    """
    records, enum_list = documented_types()
    enums = {e.__name__: e for e in enum_list}
    intro = _markdown_doc(model.__doc__)
    lines = [
        "# newsevents codebook",
        "",
        f"Generated from `newsevents.model` by `{REGENERATE_COMMAND}` (or `scripts/codebook`);",
        "do not edit by hand.",
        "",
        intro,
        "",
        "JSON output uses the field names below. Dates are ISO 8601 strings (`YYYY-MM-DD`);",
        "`null` marks an absent optional value.",
        "",
        "## Records",
        "",
    ]
    lines += [f"- {_anchor(r.__name__)}: {_cell(_first_line(r.__doc__))}" for r in records]
    lines.append("")
    for record in records:
        lines += _record_section(record, enums)
    lines += ["## Enumerations", ""]
    for enum in enum_list:
        lines += _enum_section(enum)
    return "\n".join(lines).rstrip("\n") + "\n"


def _first_line(text: str | None) -> str:
    return _markdown_doc(text).split("\n", 1)[0]


def main() -> None:
    """Write the codebook to standard output."""
    sys.stdout.write(render_codebook())


if __name__ == "__main__":
    main()
