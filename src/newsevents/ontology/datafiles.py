"""Reading the YAML data files shipped in ``newsevents/data`` (or supplied by a user).

Every data file is parsed with PyYAML and validated with a pydantic model; any problem
(missing file, YAML syntax, schema violation) becomes a :class:`DataFileError` that names the
file and the offending field, so a bad file is reported in one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from newsevents.errors import DataFileError

ModelT = TypeVar("ModelT", bound=BaseModel)

_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The C loader (libyaml) is several times faster; PyYAML's pure-Python one is the fallback.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_path(name: str) -> Path:
    """Return the path of the shipped data file ``name`` (relative to ``newsevents/data``)."""
    return _DATA_DIR / name


def read_yaml(path: Path) -> Any:
    """Parse ``path`` as YAML, raising :class:`DataFileError` if it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), f"cannot read file: {exc}") from exc
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        # The first line of PyYAML's message plus its mark is enough to find the error.
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(str(path), f"YAML syntax error{where}: {problem}") from exc


def describe_validation_error(exc: ValidationError, limit: int = 3) -> str:
    """Summarise a pydantic error as ``field.path: message`` items (at most ``limit``)."""
    parts = []
    for err in exc.errors()[:limit]:
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{loc}: {err['msg']}")
    extra = exc.error_count() - limit
    if extra > 0:
        parts.append(f"... and {extra} more")
    return "; ".join(parts)


def load_model(path: Path, model: type[ModelT]) -> ModelT:
    """Read ``path`` and validate it as ``model``; every failure is a :class:`DataFileError`."""
    raw = read_yaml(path)
    if raw is None:
        raise DataFileError(str(path), "file is empty")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(str(path), describe_validation_error(exc)) from exc
