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


def test_a_division_carries_the_name_its_towns_give_it() -> None:
    # ISO 3166-2 writes "Haryāna" and "Dagestan, Respublika"; the towns' records write
    # "Haryana" and "Dagestan": one name, so that a division and its towns compare equal.
    for division, town in (("Haryana", "Kundli"), ("Dagestan", "Makhachkala")):
        hits = gazetteer().lookup(division)
        unit = next(h.place for h in hits if h.place.kind == "admin1")
        (inside, *_) = gazetteer().lookup(town)
        assert unit.name == unit.admin1 == inside.place.admin1 == division
    # The ISO name still finds the division.
    assert any(h.place.kind == "admin1" for h in gazetteer().lookup("Haryāna"))
