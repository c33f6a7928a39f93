"""Load and validate the data files the readers use (boilerplate, function words, URL params)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from newsevents.errors import DataFileError

_M = TypeVar("_M", bound=BaseModel)


class _DataModel(BaseModel):
    """Base for data-file schemas: unknown keys are errors, so typos surface on load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _clean_list(values: list[str], what: str) -> list[str]:
    """Reject blank and duplicate entries (compared case-insensitively)."""
    seen: set[str] = set()
    for value in values:
        key = value.strip().casefold()
        if not key:
            raise ValueError(f"blank entry in {what}")
        if key in seen:
            raise ValueError(f"duplicate entry {value!r} in {what}")
        seen.add(key)
    return [v.strip() for v in values]


class BoilerplateRules(_DataModel):
    """Schema of ``boilerplate.yaml``."""

    version: int
    lines: list[str]
    patterns: list[str]
    glued: list[str]
    end_markers: list[str]

    @field_validator("lines", "glued", "end_markers")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return _clean_list(values, "phrase list")

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, values: list[str]) -> list[str]:
        for pattern in values:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
        return values


class LanguageWords(_DataModel):
    """One language's entry in ``language_function_words.yaml``."""

    script: str
    words: list[str]

    @field_validator("words")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return [w.casefold() for w in _clean_list(values, "word list")]


class FunctionWords(_DataModel):
    """Schema of ``language_function_words.yaml``."""

    version: int
    script_languages: dict[str, str]
    languages: dict[str, LanguageWords]

    @model_validator(mode="after")
    def _has_english(self) -> FunctionWords:
        if "en" not in self.languages:
            raise ValueError("the English ('en') word list is missing")
        return self


class TrackingParams(_DataModel):
    """Schema of ``url_tracking_params.yaml``."""

    version: int
    names: list[str]
    prefixes: list[str]

    @field_validator("names", "prefixes")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return [v.casefold() for v in _clean_list(values, "parameter list")]


def load_data_file(name: str, model: type[_M], folder: Traversable | None = None) -> _M:
    """Read ``<folder>/<name>`` (default: the package's ``newsevents/data``) and validate it.

    Raises DataFileError naming the file and the first problem found.
    """
    base = folder if folder is not None else resources.files("newsevents") / "data"
    path = base / name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), str(exc).replace("\n", " ")) from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise DataFileError(str(path), f"{where}: {first['msg']}") from exc


@cache
def boilerplate_rules() -> BoilerplateRules:
    """The shipped boilerplate rules (loaded once)."""
    return load_data_file("boilerplate.yaml", BoilerplateRules)


@cache
def function_words() -> FunctionWords:
    """The shipped function-word lists (loaded once)."""
    return load_data_file("language_function_words.yaml", FunctionWords)


@cache
def tracking_params() -> TrackingParams:
    """The shipped list of URL tracking parameters (loaded once)."""
    return load_data_file("url_tracking_params.yaml", TrackingParams)
