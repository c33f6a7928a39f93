"""PLOVER ontology: the shipped file, validate_type, and rejection of bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.errors import DataFileError
from newsevents.ontology import (
    PLOVER_TYPES,
    UnknownTypeError,
    is_valid_type,
    load_plover,
    plover,
    validate_type,
)
from newsevents.ontology.datafiles import data_path


def test_all_sixteen_types_in_order() -> None:
    assert tuple(t.name for t in plover().types) == PLOVER_TYPES
    assert len(PLOVER_TYPES) == 16


@pytest.mark.parametrize(
    ("event_type", "modes"),
    [
        (
            "ASSAULT",
            {
                "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional",
            },
        ),
        (
            "COERCE",
            {
                "seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
                "withhold", "misinformation", "cyber",
            },
        ),
        ("PROTEST", {"demo", "riot", "strike", "hunger", "boycott", "obstruct"}),
        ("MOBILIZE", {"troops", "weapons", "police", "militia"}),
        ("THREATEN", {"violence", "territory", "restrict"}),
    ],
)  # fmt: skip
def test_required_modes_present(event_type: str, modes: set[str]) -> None:
    assert modes <= plover().get(event_type).mode_names


def test_scores_order_conflict_below_cooperation() -> None:
    onto = plover()
    assert onto.get("ASSAULT").event_scale == -9.3
    assert onto.get("RETREAT").event_scale == 7.6
    conflict = [t for t in onto.types if t.quad == 4]
    cooperation = [t for t in onto.types if t.quad in (1, 2)]
    assert max(t.event_scale or 0 for t in conflict) < min(t.event_scale or 0 for t in cooperation)


def test_validate_type_canonicalises() -> None:
    assert validate_type("assault", "Suicide-Attack") == ("ASSAULT", "suicide-attack")
    assert validate_type("ASSAULT", "assassinate") == ("ASSAULT", "targeted")
    assert validate_type("PROTEST", "strike-hun") == ("PROTEST", "hunger")
    assert validate_type("COERCE", None) == ("COERCE", None)
    assert validate_type("COERCE", "martial_law") == ("COERCE", "martial-law")


def test_validate_type_rejects_unknown_type_and_mode() -> None:
    with pytest.raises(UnknownTypeError, match="FIGHT"):
        validate_type("FIGHT", None)
    with pytest.raises(UnknownTypeError, match="drone"):
        validate_type("PROTEST", "drone")
    assert isinstance(UnknownTypeError("x"), ValueError)
    assert not is_valid_type("ASSAULT", "arrest")
    assert is_valid_type("COERCE", "arrest")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plover.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_type_is_reported_with_file_name(tmp_path: Path) -> None:
    text = data_path("plover.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("  - name: AGREE\n", "  - name: AGREED\n"))
    with pytest.raises(DataFileError) as err:
        load_plover(path)
    assert str(path) in str(err.value)
    assert "AGREE" in err.value.problem


def test_mode_alias_to_unknown_mode_is_rejected(tmp_path: Path) -> None:
    text = data_path("plover.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("assassinate: targeted", "assassinate: sniping"))
    with pytest.raises(DataFileError, match="sniping"):
        load_plover(path)


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "types:\n  - name: AGREE\n    modes: [a, b\n")
    with pytest.raises(DataFileError) as err:
        load_plover(path)
    assert err.value.path == str(path)
    assert "line" in err.value.problem
