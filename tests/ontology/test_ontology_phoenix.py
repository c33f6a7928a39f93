"""Converting the Phoenix actor dictionaries into knowledge-base files."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
import yaml

from newsevents.ontology.actors import ActorFile
from newsevents.ontology.phoenix import (
    COUNTRIES,
    INTERNATIONAL,
    NONSTATE,
    convert,
    decode,
    display_name,
    merge_same_code,
)
from newsevents.ontology.tabari import read_actor_dictionary
from newsevents.resolve.actors import shipped_actor_files

COUNTRY_CODES = frozenset({"AFG", "USA", "AZE"})
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "petrarch2" / "dictionaries"


@pytest.mark.parametrize(
    ("code", "country", "sector", "kind"),
    [("AFGMIL", "AFG", "MIL", "military"), ("AZEGOVEDU", "AZE", "GOV", "government"),
     ("IGOUNO", None, "IGO", "igo"), ("NGOHRI", None, "NGO", "ngo"),
     ("IMGMUSALQ", None, "IMG", "armed_group"), ("USACOP", "USA", "COP", "police"),
     ("AFG", "AFG", "GOV", "government")],
)  # fmt: skip
def test_decode_cameo_codes(code: str, country: str | None, sector: str, kind: str) -> None:
    info = decode(code, COUNTRY_CODES)
    assert (info.country, info.sector, info.kind) == (country, sector, kind)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [("AFGHAN NATIONAL ARMY", "Afghan National Army"), ("ANSF", "ANSF"),
     ("BASHAR AL-ASSAD", "Bashar Al-Assad"), ("ABU NIDAL ORGANIZATION", "Abu Nidal Organization"),
     ("UNITED NATIONS HIGH COMMISSIONER FOR REFUGEES",
      "United Nations High Commissioner for Refugees"),
     ("A.F.M. RUHUL HAQUE", "A.F.M. Ruhul Haque")],
)  # fmt: skip
def test_display_names(phrase: str, name: str) -> None:
    assert display_name(phrase) == name


def test_undated_records_with_one_code_fold_into_one_actor() -> None:
    lines = ["THE_UNITED_NATIONS_ [IGOUNO]", "UN_ [IGOUNO]", "SOMEONE_ [IGOUNO 20010101-20051231]"]
    merged = merge_same_code(read_actor_dictionary(lines))
    assert [(e.phrase, e.synonyms) for e in merged] == [
        ("THE UNITED NATIONS", ["UN"]),
        ("SOMEONE", []),
    ]


def _dictionaries(tmp_path: Path) -> Path:
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / COUNTRIES).write_text(
        "AFGHANISTAN_ [AFG]\n+KABUL_\n"
        "AFGHAN_NATIONAL_POLICE_ [AFGCOP]\n+EXAMPLELAND_POLICE_FORCE_\n"
        "ZALMAY_EXAMPLEZAI_  # CountryInfo.txt\n\t[AFGGOV 20020101-20091231]\n\t[AFGELI]\n"
        "HAMAS_ [PSEREB]\n",  # a name the curated files already have
        encoding="utf-8",
    )
    (folder / INTERNATIONAL).write_text(
        "EXAMPLE_RELIEF_NETWORK_ [NGOHRI]\nEXNET_ [NGOHRI]\nBIGCO_ [MNC]\n", encoding="utf-8"
    )
    (folder / NONSTATE).write_text("VALLEY_EXAMPLE_FRONT_ [AFGREB]\n", encoding="utf-8")
    return folder


def test_convert_writes_valid_files_and_skips_known_names(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    report = convert(_dictionaries(tmp_path), out)
    files = {p.name: ActorFile.model_validate(yaml.safe_load(p.read_text())) for p in out.iterdir()}
    assert set(files) == set(report)
    state = {a.name: a for a in files["phoenix_state.yaml"].actors}
    assert "Afghanistan" not in state  # countries come from the gazetteer
    assert "Hamas" not in state  # the curated entry wins
    police = state["Afghan National Police"]
    assert (police.kind.value, police.country) == ("police", "AFG")
    assert police.aliases == ("Exampleland Police Force",)
    person = state["Zalmay Examplezai"]
    assert person.kind.value == "person" and person.country == "AFG"
    assert [r.code for r in person.roles] == ["AFGGOV", "AFGELI"]
    assert all(not f.patterns for f in files.values())
    intl = files["phoenix_international.yaml"].actors
    assert [(a.name, a.aliases) for a in intl] == [("Example Relief Network", ("EXNET",))]
    assert [a.kind.value for a in files["phoenix_nonstate.yaml"].actors] == ["armed_group"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/petrarch2 is not available")
def test_shipped_phoenix_files_are_current(tmp_path: Path) -> None:
    """The generated files equal a fresh conversion (regenerate with the module's command)."""
    convert(SHARED, tmp_path)
    shipped = {p.name: p for p in shipped_actor_files() if p.name.startswith("phoenix_")}
    assert set(shipped) == {p.name for p in tmp_path.iterdir()}
    for name, path in shipped.items():
        assert filecmp.cmp(path, tmp_path / name, shallow=False), f"{name} is stale"
