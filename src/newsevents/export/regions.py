"""ACLED's region of a country (``data/acled_regions.yaml``), for the ``region`` column."""

from __future__ import annotations

import functools
from pathlib import Path

import pycountry
from pydantic import RootModel, ValidationError, field_validator

from newsevents.errors import DataFileError
from newsevents.ontology.datafiles import data_path, describe_validation_error, read_yaml

#: Codes ACLED uses that ISO 3166 does not define (Kosovo).
EXTRA_CODES = frozenset({"XKX"})


class Regions(RootModel[dict[str, list[str]]]):
    """Region name -> ISO alpha-3 codes of its countries."""

    @field_validator("root")
    @classmethod
    def _countries(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        seen: dict[str, str] = {}
        for region, codes in value.items():
            for code in codes:
                if code not in EXTRA_CODES and pycountry.countries.get(alpha_3=code) is None:
                    raise ValueError(f"{region}: {code!r} is no ISO 3166-1 alpha-3 code")
                if code in seen:
                    raise ValueError(f"{code} is in both {seen[code]} and {region}")
                seen[code] = region
        return value


@functools.cache
def region_table(path: Path | None = None) -> dict[str, str]:
    """Country (ISO alpha-3) -> ACLED region, read and checked once."""
    where = path or data_path("acled_regions.yaml")
    try:
        regions = Regions.model_validate(read_yaml(where))
    except ValidationError as exc:
        raise DataFileError(str(where), describe_validation_error(exc)) from exc
    return {code: region for region, codes in regions.root.items() for code in codes}


def acled_region(iso3: str | None) -> str | None:
    """ACLED's region of a country, None when unknown."""
    return region_table().get(iso3 or "")
