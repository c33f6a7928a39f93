"""Actor knowledge base: matching steps, relations, agents, unknown ids and bad files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.errors import DataFileError
from newsevents.model import ActorKind
from newsevents.resolve.actors import (
    ActorKB,
    MatchStep,
    build_kb,
    curated_actor_files,
    load_kb,
    stable_id_for_unknown,
)


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


def _id(kb: ActorKB, name: str) -> str | None:
    found = kb.match(name)
    return found.actor.id if found else None


ISLAMIC_STATE_NAMES = [
    "Islamic State",
    "ISIS",
    "ISIL",
    "IS",
    "Daesh",
    "Islamic State group",
    "the Islamic State group",
    "the Islamic State",
    "Islamic State of Iraq and Syria",
    "Islamic State of Iraq and the Levant",
    "islamic state of iraq and the levant",
    "I.S.I.S.",
    "IS militants",
]


@pytest.mark.parametrize("name", ISLAMIC_STATE_NAMES)
def test_islamic_state_names(kb: ActorKB, name: str) -> None:
    assert _id(kb, name) == "isis"


def test_every_shipped_alias_resolves_to_its_actor(kb: ActorKB) -> None:
    wrong = [(alias, a.id) for alias, a in kb.all_aliases() if _id(kb, alias) != a.id]
    assert wrong == []
    isis = kb.get("isis")
    assert {"ISIS", "ISIL", "IS", "Daesh", "Islamic State group"} <= set(isis.aliases)


@pytest.mark.parametrize(
    "name",
    [
        "Izzadin Kassam",
        "Izz ad-Din al-Qassam Brigades",
        "Qassam Brigades",
        "Izz al-Din al-Qassam Brigades",
        "Ezzedine al-Qassam Brigades",
        "Izzedine al-Kassam Brigades",
    ],
)
def test_qassam_variants_share_an_id_under_hamas(kb: ActorKB, name: str) -> None:
    found = kb.match(name)
    assert found is not None and found.actor.id == "qassam_brigades"
    assert [p.id for p in kb.parents(found.actor.id)] == ["hamas"]


def test_parents_follow_the_chain(kb: ActorKB) -> None:
    assert [p.id for p in kb.parents("jenin_brigade")] == ["quds_brigades", "pij"]
    assert [p.id for p in kb.parents("iswap")] == ["isis"]
    assert kb.parents("hamas") == []
    # A pledge of allegiance is not membership.
    assert kb.parents("ansar_bayt_al_maqdis") == []
    assert [a.id for a in kb.related("ansar_bayt_al_maqdis", "pledged_allegiance_to")] == ["isis"]


def test_fuzzy_match_records_step_and_alias(kb: ActorKB) -> None:
    found = kb.match("Agence Frence-Presse")
    assert found is not None
    assert found.actor.id == "afp"
    assert found.step is MatchStep.fuzzy
    assert found.matched_alias == "Agence France-Presse"
    assert 0.0 < found.score < kb.match("Agence France-Presse").score  # type: ignore[union-attr]


def test_steps_and_scores_are_ordered(kb: ActorKB) -> None:
    exact = kb.match("Hamas")
    nocase = kb.match("hamas")
    stripped = kb.match("Hamas movement fighters")
    normalised = kb.match("Jaish-i-Muhammad")
    assert exact is not None and exact.step is MatchStep.exact and exact.score == 1.0
    assert nocase is not None and nocase.step is MatchStep.exact and nocase.score < 1.0
    assert stripped is not None and stripped.actor.id == "hamas"
    assert stripped.step is MatchStep.normalised
    assert normalised is not None and normalised.actor.id == "jem"
    assert normalised.step is MatchStep.normalised


@pytest.mark.parametrize(
    "name", ["Hama", "Homs", "Hamad", "is", "Is", "ap", "Jerusalem", "al-Quds"]
)
def test_near_misses_do_not_match(kb: ActorKB, name: str) -> None:
    assert kb.match(name) is None


def test_hamas_is_not_confused_with_haaretz(kb: ActorKB) -> None:
    assert _id(kb, "Haaretz") == "haaretz"
    assert _id(kb, "Hamas") == "hamas"
    assert _id(kb, "Haaretz daily") == "haaretz"


def test_ansar_bayt_al_maqdis_has_its_own_id(kb: ActorKB) -> None:
    for name in ["Ansar Bayt al-Maqdis", "Ansar Beit al-Maqdis", "ansar bayt al maqdis"]:
        assert _id(kb, name) == "ansar_bayt_al_maqdis"
    assert _id(kb, "Sinai Province") == "is_sinai"


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Agence France-Presse", "afp"),
        ("AFP", "afp"),
        ("Reuters", "reuters"),
        ("The Associated Press", "ap"),
        ("Arutz Sheva", "arutz_sheva"),
        ("Israel National News", "arutz_sheva"),
        ("Times of Israel", "times_of_israel"),
        ("Al-Jazeera", "al_jazeera"),
        ("Xinhua news agency", "xinhua"),
        ("Amaq", "amaq"),
        ("Radio Venceremos", "radio_venceremos"),
    ],
)
def test_outlets_are_media(kb: ActorKB, name: str, actor_id: str) -> None:
    found = kb.match(name)
    assert found is not None and found.actor.id == actor_id
    assert found.actor.kind is ActorKind.media
    assert found.actor.sector == "JRN"


def test_group_outlets_point_to_their_group(kb: ActorKB) -> None:
    assert [a.id for a in kb.related("amaq", "affiliated_with")] == ["isis"]
    assert [a.id for a in kb.related("radio_venceremos", "affiliated_with")] == ["fmln"]


def test_coverage_of_the_first_knowledge_base(kb: ActorKB) -> None:
    kinds = [a.kind for a in kb]
    assert kinds.count(ActorKind.armed_group) >= 60
    assert kinds.count(ActorKind.media) >= 40
    for actor_id in ["un", "unrwa", "unicef", "who", "icrc", "nato", "african_union", "amisom",
                     "eu", "hrw", "amnesty", "fatah", "hezbollah", "aqap", "aqim", "jnim",
                     "al_shabaab", "boko_haram", "taliban", "ttp", "let", "jem", "houthis",
                     "pkk", "ypg", "sdf", "hts", "al_nusra", "farc", "eln", "shining_path",
                     "fmln", "fpmr", "m19", "contras", "mrta", "wagner_group", "rsf", "m23",
                     "adf", "ambazonian_separatists", "ulfa", "cpi_maoist", "iskp", "iswap",
                     "is_somalia", "pij", "quds_brigades"]:  # fmt: skip
        assert actor_id in kb, actor_id
    assert kb.get("amnesty").kind is ActorKind.ngo
    assert kb.get("nato").kind is ActorKind.igo
    assert _id(kb, "Red Cross") == "icrc"


def test_no_normalised_key_is_shared_by_two_actors(kb: ActorKB) -> None:
    assert kb.ambiguous_keys == {}


def test_exact_only_names_need_exact_spelling(kb: ActorKB) -> None:
    assert _id(kb, "The Hindu") == "the_hindu"
    assert kb.match("Hindu") is None
    assert kb.match("amnesty") is None
    assert _id(kb, "Amnesty") == "amnesty"


@pytest.mark.parametrize(
    ("noun", "agent_id", "kind", "sector", "plural"),
    [
        ("police", "police", ActorKind.police, "COP", True),
        ("policeman", "police", ActorKind.police, "COP", False),
        ("three policemen", "police", ActorKind.police, "COP", True),
        ("officers", "police", ActorKind.police, "COP", True),
        ("army officers", "military", ActorKind.military, "MIL", True),
        ("Pakistani soldiers", "military", ActorKind.military, "MIL", True),
        ("troops", "military", ActorKind.military, "MIL", True),
        ("security forces", "security_forces", ActorKind.military, "MIL", True),
        ("unidentified gunmen", "gunmen", ActorKind.armed_group, "UAF", True),
        ("gunman", "gunmen", ActorKind.armed_group, "UAF", False),
        ("militants", "militants", ActorKind.armed_group, "REB", True),
        ("insurgents", "rebels", ActorKind.armed_group, "REB", True),
        ("suicide bomber", "attackers", ActorKind.armed_group, "UAF", False),
        ("the villagers", "civilians", ActorKind.civilians, "CVL", True),
        ("worshippers", "civilians", ActorKind.civilians, "CVL", True),
        ("Journalists", "journalists", ActorKind.civilians, "JRN", True),
        ("demonstrators", "protesters", ActorKind.civilians, "OPP", True),
        ("a judge", "judiciary", ActorKind.government, "JUD", False),
        ("local authorities", "government", ActorKind.government, "GOV", True),
        ("security operatives", "security_forces", ActorKind.military, "MIL", True),
        ("U.S. District Judge", "judiciary", ActorKind.government, "JUD", False),
        ("Lt. Col.", "military", ActorKind.military, "MIL", False),
        ("a police official", "police", ActorKind.police, "COP", False),
        ("US Attorney", "judiciary", ActorKind.government, "JUD", False),
        ("Home Secretary", "government", ActorKind.government, "GOV", False),
    ],
)
def test_generic_agents(
    kb: ActorKB, noun: str, agent_id: str, kind: ActorKind, sector: str, plural: bool
) -> None:
    found = kb.match_agent(noun)
    assert found is not None
    assert (found.agent.id, found.agent.kind, found.agent.sector) == (agent_id, kind, sector)
    assert found.plural is plural


def test_kind_of_an_actor_or_an_agent_id(kb: ActorKB) -> None:
    # A person described as a judge is affiliated with the judiciary agent: its id reads
    # as a kind like an organisation's.
    assert kb.kind_of("judiciary") == ActorKind.government
    assert kb.kind_of("idf") == ActorKind.military
    assert kb.kind_of("unk_0123456789") is None
    found = kb.agent("police")
    assert found is not None and found.kind == ActorKind.police


def test_agent_of_a_sector_is_the_first_listed(kb: ActorKB) -> None:
    gov, mil = kb.agent_of_sector("GOV"), kb.agent_of_sector("MIL")
    assert gov is not None and gov.id == "government"
    assert mil is not None and mil.id == "military"
    assert kb.agent_of_sector(None) is None


def test_unlisted_regular_plural_and_non_agents(kb: ActorKB) -> None:
    found = kb.match_agent("masked shooters")
    assert found is not None and found.agent.id == "gunmen"
    assert kb.match_agent("buildings") is None
    assert kb.match_agent("") is None


def test_unknown_names_get_stable_ids(kb: ActorKB) -> None:
    # A fixed value: the id must not depend on the process (no salted hash()).
    assert stable_id_for_unknown("Some Unknown Brigade") == "unk_d0039bae26"
    assert stable_id_for_unknown("the Some Unknown Brigade") == "unk_d0039bae26"
    assert kb.stable_id_for_unknown("Some Unknown Brigade") == "unk_d0039bae26"
    assert stable_id_for_unknown("Another Front") != stable_id_for_unknown("Some Unknown Brigade")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_match_never_fails_and_scores_are_bounded(text: str) -> None:
    kb = load_kb()
    found = kb.match(text)
    if found is not None:
        assert 0.0 < found.score <= 1.0
        assert found.actor.id in kb
    assert kb.stable_id_for_unknown(text).startswith("unk_")


def test_lookups_are_fast(kb: ActorKB) -> None:
    names = [f"{alias}x" for alias, _ in kb.all_aliases()][:400]
    names += [f"Unknown Group Number {i}" for i in range(200)]
    start = time.perf_counter()
    for name in names:
        kb.match(name)
    per_lookup = (time.perf_counter() - start) / len(names)
    assert per_lookup < 0.001


# --- user files and broken files ------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_actors(tmp_path: Path) -> None:
    extra = _write(
        tmp_path,
        "local.yaml",
        "actors:\n"
        "  - id: valley_front\n"
        "    name: Valley Liberation Front\n"
        "    aliases: [VLF]\n"
        "    kind: armed_group\n"
        "    sector: REB\n"
        "    relations: [{type: splinter_of, target: farc}]\n",
    )
    kb = load_kb([extra])
    assert _id(kb, "VLF") == "valley_front"
    assert _id(kb, "Valley Liberation Front group") == "valley_front"
    assert _id(kb, "FARC") == "farc"
    assert load_kb([extra]) is kb


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("actors:\n  - id: x\n    name: [unclosed\n", "YAML"),
        ("actors:\n  - id: x1\n    name: X\n    kind: guerrilla\n    sector: REB\n", "kind"),
        ("actors:\n  - id: x1\n    name: X\n    kind: armed_group\n    sector: XYZ\n", "XYZ"),
        (
            "actors:\n  - id: x1\n    name: X\n    kind: armed_group\n    sector: REB\n"
            "    relations: [{type: wing_of, target: nobody}]\n",
            "nobody",
        ),
        ("actors:\n  - id: x1\n    name: Hamas\n    kind: party\n    sector: PTY\n", "Hamas"),
        ("actors:\n  - id: hamas\n    name: Other\n    kind: party\n    sector: PTY\n", "hamas"),
        ("actors:\n  - id: x1\n    name: X\n    kind: party\n    sector: PTY\n    colour: red\n",
         "colour"),
    ],
)  # fmt: skip
def test_broken_actor_file_names_the_file(tmp_path: Path, text: str, needle: str) -> None:
    bad = _write(tmp_path, "broken.yaml", text)
    with pytest.raises(DataFileError) as err:
        build_kb([*curated_actor_files(), bad])
    assert err.value.path == str(bad)
    assert needle in err.value.problem


def test_broken_agents_file_names_the_file(tmp_path: Path) -> None:
    bad = _write(
        tmp_path,
        "agents.yaml",
        "agents:\n"
        "  - {id: a, name: a, kind: police, sector: COP, singular: [officer]}\n"
        "  - {id: b, name: b, kind: military, sector: MIL, singular: [officer]}\n",
    )
    with pytest.raises(DataFileError) as err:
        build_kb(curated_actor_files(), agents_file=bad)
    assert err.value.path == str(bad)
    assert "officer" in err.value.problem
