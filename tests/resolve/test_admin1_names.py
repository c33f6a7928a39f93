"""First-level division names as English news writes them."""

from __future__ import annotations

from newsevents.resolve.gazetteer import _load_place_names, data_path, gazetteer


def test_suffixes_and_renames_of_the_shipped_file() -> None:
    names = _load_place_names(data_path("place_names.yaml"))
    assert names.admin1("CN", "Shandong Sheng") == "Shandong"
    assert names.admin1("CN", "Guangxi Zhuangzu Zizhiqu") == "Guangxi"
    assert names.admin1("NG", "Abuja Federal Capital Territory") == "Federal Capital Territory"
    # Only that country's suffixes, and only as a separate last word.
    assert names.admin1("US", "Shandong Sheng") == "Shandong Sheng"
    assert names.admin1("CN", "Sichuan") == "Sichuan"


def test_the_gazetteer_uses_them() -> None:
    (jinan, *_) = gazetteer().lookup("Jinan")
    assert jinan.place.admin1 == "Shandong"
