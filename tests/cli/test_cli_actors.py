"""``newsevents actors search`` and user actor files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.resolve import actors as actors_mod

runner = CliRunner()

USER_FILE = (
    "actors:\n"
    "  - id: valley_front\n"
    "    name: Valley Liberation Front\n"
    "    aliases: [Frente del Valle]\n"
    "    kind: armed_group\n"
    "    sector: REB\n"
)


def _search(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["actors", "search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [("Islamic State", "isis"), ("ISIS", "isis"), ("IS", "isis"), ("ISIL", "isis"),
     ("Daesh", "isis"), ("the Islamic State group", "isis"),
     ("Izzadin Kassam", "qassam_brigades"), ("Izz ad-Din al-Qassam Brigades", "qassam_brigades"),
     ("Qassam Brigades", "qassam_brigades")],
)  # fmt: skip
def test_aliases_resolve_to_one_id(name: str, actor_id: str) -> None:
    assert _search(name)["match"]["id"] == actor_id


def test_wing_links_to_parent_and_says_how_it_matched() -> None:
    found = _search("Izzadin Kassam")["match"]
    assert found["parents"] == ["hamas"]
    assert found["step"] in {"exact", "normalised"} and 0 < found["score"] <= 1


def test_imported_person_has_dated_posts() -> None:
    found = _search("Hamid Karzai")["match"]
    assert found["kind"] == "person" and found["country"] == "AFG"
    assert any(r["code"] == "AFGGOV" and r.get("since") for r in found["roles"])


def test_generic_agent_and_unknown_name() -> None:
    assert _search("unidentified gunmen")["agent"]["kind"] == "armed_group"
    first = _search("Brigade of the Nine Rivers")
    assert first["match"] is None and first["unknown_id"].startswith("unk_")
    assert _search("Brigade of the Nine Rivers")["unknown_id"] == first["unknown_id"]


def test_text_output_explains_the_match() -> None:
    result = runner.invoke(app, ["actors", "search", "Daesh"])
    assert result.exit_code == 0
    assert "isis" in result.stdout and "step exact" in result.stdout


def test_user_actor_file_by_option(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(USER_FILE, encoding="utf-8")
    assert _search("Frente del Valle", "--actors", str(extra))["match"]["id"] == "valley_front"


def test_missing_user_actor_file_is_one_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["actors", "search", "X", "--actors", str(tmp_path / "no.yaml")])
    assert result.exit_code == 2
    assert "no.yaml" in result.output and "not found" in result.output


def test_user_actor_files_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "env.yaml"
    extra.write_text(USER_FILE, encoding="utf-8")
    monkeypatch.setattr(actors_mod, "_user_files", None)
    monkeypatch.setenv(actors_mod.ACTORS_ENV, str(extra))
    assert actors_mod.user_actor_files() == (extra,)
    match = actors_mod.load_kb().match("Valley Liberation Front")
    assert match is not None and match.actor.id == "valley_front"


def test_validated_files_are_snapshotted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSEVENTS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "mine.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    first = actors_mod.load_actor_file(path)
    snapshots = list((tmp_path / "cache" / "actors").glob("*.pickle"))
    assert len(snapshots) == 1
    assert actors_mod.load_actor_file(path) == first
    # An edited file is read afresh, not served from the old snapshot.
    path.write_text(USER_FILE.replace("Valley Liberation Front", "Hill Front"), encoding="utf-8")
    assert actors_mod.load_actor_file(path).actors[0].name == "Hill Front"
    # A damaged snapshot costs only a re-read.
    for snap in (tmp_path / "cache" / "actors").glob("*.pickle"):
        snap.write_bytes(b"not a pickle")
    assert actors_mod.load_actor_file(path).actors[0].name == "Hill Front"
