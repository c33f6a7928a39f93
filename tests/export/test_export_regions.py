"""ACLED's regions: every country in exactly one, and a bad table is refused in one line."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from newsevents.errors import DataFileError
from newsevents.export.regions import acled_region, region_table


def test_every_country_has_one_region() -> None:
    table = region_table()
    assert {c.alpha_3 for c in pycountry.countries} <= set(table)


@pytest.mark.parametrize(
    ("iso3", "region"),
    [("MLI", "Western Africa"), ("PSE", "Middle East"), ("TUR", "Middle East"),
     ("GEO", "Caucasus and Central Asia"), ("MEX", "Central America"),
     ("MOZ", "Southern Africa"), ("USA", "North America"), ("XKX", "Europe")],
)  # fmt: skip
def test_regions_as_acled_groups_them(iso3: str, region: str) -> None:
    assert acled_region(iso3) == region


def test_unknown_country_has_no_region() -> None:
    assert acled_region(None) is None and acled_region("ZZZ") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [("Europe: [FRA]\nOceania: [FRA]\n", "FRA is in both Europe and Oceania"),
     ("Europe: [FRQ]\n", "'FRQ' is no ISO 3166-1 alpha-3 code")],
)  # fmt: skip
def test_a_bad_table_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "regions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=problem) as info:
        region_table(path)
    assert str(path) in str(info.value)
