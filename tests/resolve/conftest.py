"""Helpers for gazetteer tests: a gazetteer built from a few hand-written input files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsevents.resolve.gazetteer import Inputs

WriteInputs = Callable[..., Inputs]


def _write_inputs(
    tmp: Path,
    *,
    cities: dict[str, Any],
    countries: dict[str, Any],
    states: str = "{}",
    regions: str = "[]\n",
    centres: str = "countries: {}\nsubdivisions: {}\n",
    names: str = "names: {}\nabbreviations: {}\n",
    demonyms: str = "{}\n",
    towns_csv: str | None = None,
) -> Inputs:
    """Write the gazetteer's input files under ``tmp`` and return where they are (no
    pycountry; ``towns_csv`` stands for rgeocoder's cities file when given)."""
    (tmp / "cities.json").write_text(json.dumps(cities))
    (tmp / "countries.json").write_text(json.dumps(countries))
    (tmp / "states.json").write_text(states)
    (tmp / "counties.json").write_text("[]")
    (tmp / "regions.yaml").write_text(regions)
    (tmp / "centres.yaml").write_text(centres)
    (tmp / "names.yaml").write_text(names)
    (tmp / "demonyms.yaml").write_text(demonyms)
    extra: dict[str, Any] = {}
    if towns_csv is not None:
        (tmp / "towns.csv").write_text(towns_csv)
        extra["admin1_names"] = tmp / "towns.csv"
    return Inputs(
        cities=tmp / "cities.json",
        countries=tmp / "countries.json",
        us_states=tmp / "states.json",
        us_counties=tmp / "counties.json",
        regions=tmp / "regions.yaml",
        centres=tmp / "centres.yaml",
        place_names=tmp / "names.yaml",
        demonyms=tmp / "demonyms.yaml",
        use_pycountry=False,
        **extra,
    )


@pytest.fixture(scope="session")
def write_inputs() -> WriteInputs:
    """``write_inputs(tmp, cities=..., countries=..., ...)``: see :func:`_write_inputs`."""
    return _write_inputs
