"""Which named places keep two mentions apart as two incidents."""

from __future__ import annotations

from newsevents.extract.merge import names_disjoint


def test_a_name_inside_another_is_one_place() -> None:
    assert not names_disjoint({"kabul"}, {"central kabul"})


def test_a_division_holds_the_towns_inside_it() -> None:
    assert not names_disjoint({"haryana"}, {"kundli"})
    assert not names_disjoint({"kundli"}, {"haryana"})


def test_places_apart_stay_apart() -> None:
    assert names_disjoint({"gaza"}, {"yarmouk camp"})
    assert names_disjoint({"damascus"}, {"gaza"})
    assert names_disjoint({"haryana"}, {"lahore"})


def test_no_names_no_conflict() -> None:
    assert not names_disjoint(set(), {"gaza"})
