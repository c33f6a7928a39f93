"""WikiEvents: the head-word scorer, the gold reader and the KAIROS adapter.

Nothing here needs spaCy: the dependency parse of the gold tokens is given by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsevents.errors import DataFileError, NewsEventsError
from newsevents.evaluate import wikievents as we
from newsevents.evaluate.scorers.sentence_labels import OffsetMap
from newsevents.evaluate.scorers.wikievents import (
    Arg,
    GoldDoc,
    Mention,
    Tally,
    find_head,
    gold_head,
    match_mentions,
    score_corpus,
    score_document,
)
from newsevents.model import (
    ActorKind,
    CountCategory,
    Event,
    Instrument,
    PlaceMention,
    Role,
    RoleType,
    Span,
)

DIE = "Life.Die.Unspecified"
BOMB = "Conflict.Attack.DetonateExplode"

# --- scorer -----------------------------------------------------------------------------


def _gold() -> GoldDoc:
    return GoldDoc(
        "d1",
        (
            Mention(BOMB, 3, 4, (Arg(2, "ExplosiveDevice"), Arg(5, "Place"))),
            Mention(DIE, 7, 8, (Arg(9, "Victim"), Arg(5, "Place"))),
        ),
        clusters={9: "E1", 12: "E1"},
    )


def test_perfect_prediction_scores_100() -> None:
    gold = _gold()
    scores = score_corpus([(gold, list(gold.mentions))]).scores()
    for name in ("trigger_i_f1", "trigger_c_f1", "arg_i_f1", "arg_c_f1", "arg_c_coref_f1"):
        assert scores[name] == pytest.approx(100.0), name


def test_empty_prediction_scores_0() -> None:
    tallies = score_document(_gold(), [])
    assert tallies.trigger_c == Tally(pred=0, gold=2, matched=0)
    assert tallies.arg_c == Tally(pred=0, gold=4, matched=0)
    assert tallies.scores()["arg_c_f1"] == 0.0


def test_partial_prediction_by_hand() -> None:
    pred = [
        # Right type and trigger: Place right, device head right but role wrong, one extra.
        Mention(BOMB, 3, 4, (Arg(2, "Instrument"), Arg(5, "Place"), Arg(9, "Target"))),
        # Right trigger, wrong type: its arguments cannot match.
        Mention(BOMB, 7, 8, (Arg(9, "Target"),)),
        # Spurious mention.
        Mention(DIE, 20, 21, ()),
    ]
    t = score_document(_gold(), pred)
    assert t.trigger_i == Tally(pred=3, gold=2, matched=2)
    assert t.trigger_c == Tally(pred=3, gold=2, matched=1)
    assert t.arg_i == Tally(pred=4, gold=4, matched=2)
    assert t.arg_c == Tally(pred=4, gold=4, matched=1)
    # Only the matched bomb mention: its 3 arguments against the gold's 2, Place right.
    assert t.arg_c_matched == Tally(pred=3, gold=2, matched=1)
    # trigger_c: P 1/3, R 1/2 -> F1 40; arg_c: P = R = 1/4 -> F1 25
    scores = t.scores()
    assert scores["trigger_c_f1"] == pytest.approx(40.0)
    assert scores["arg_c_f1"] == pytest.approx(25.0)
    assert scores["arg_i_f1"] == pytest.approx(50.0)


def test_coreferent_head_counts_only_in_the_coref_scores() -> None:
    pred = [Mention(DIE, 7, 8, (Arg(12, "Victim"),))]
    t = score_document(_gold(), pred)
    assert t.arg_c.matched == 0
    assert t.arg_i_coref.matched == 1
    assert t.arg_c_coref.matched == 1


def test_duplicate_predicted_arguments_count_once() -> None:
    pred = [Mention(DIE, 7, 8, (Arg(9, "Victim"), Arg(9, "Victim")))]
    t = score_document(_gold(), pred)
    assert t.arg_c == Tally(pred=1, gold=4, matched=1)


def test_overlapping_triggers_match_one_to_one() -> None:
    gold = [Mention(BOMB, 3, 4), Mention(BOMB, 10, 11)]
    pred = [Mention(BOMB, 2, 5), Mention(BOMB, 3, 4)]
    pairs = match_mentions(gold, pred, typed=True)
    assert sorted(pairs) == [(0, 1)]  # the exact span wins; the wider one finds no partner


def test_find_head_follows_heads_inside_the_span() -> None:
    # "the car bomb": the->bomb, car->bomb, bomb->exploded(3)
    heads = [2, 2, 3, 3]
    assert find_head(0, 2, heads) == 2
    assert gold_head(["the", "car", "bomb", "exploded"], 0, 3, heads) == 2
    assert gold_head(["the", "bomb"], 0, 1, [0, 0]) == 0  # single token kept as is


def test_find_head_survives_a_cyclic_parse() -> None:
    assert find_head(0, 1, [1, 0]) in (0, 1)


# --- gold reader and text ---------------------------------------------------------------


def _doc() -> dict[str, Any]:
    words = ["A", "car", "bomb", "exploded", "in", "Kabul", ",", "killing", "three"]
    words += ["soldiers", "."]
    first = [["Bomb", 0, 4], ["kills", 5, 10]]
    second: list[list[Any]] = []
    pos = 11
    for w in words:
        gap = 0 if w in (",", ".") else 1
        start = pos + gap if second else pos
        second.append([w, start, start + len(w)])
        pos = start + len(w)
    tokens = [t[0] for t in first + second]
    return {
        "doc_id": "doc-1",
        "tokens": tokens,
        "text": "",
        "sentences": [[first, "Bomb kills"], [second, "A car bomb exploded ..."]],
        "entity_mentions": [
            {"id": "doc-1-T1", "sent_idx": 1, "start": 2, "end": 5, "text": "A car bomb"},
            {"id": "doc-1-T2", "sent_idx": 1, "start": 7, "end": 8, "text": "Kabul"},
            {"id": "doc-1-T3", "sent_idx": 1, "start": 10, "end": 12, "text": "three soldiers"},
        ],
        "event_mentions": [
            {
                "id": "doc-1-E1",
                "event_type": BOMB,
                "trigger": {"start": 5, "end": 6, "text": "exploded", "sent_idx": 1},
                "arguments": [
                    {"entity_id": "doc-1-T1", "role": "ExplosiveDevice", "text": "A car bomb"},
                    {"entity_id": "doc-1-T2", "role": "Place", "text": "Kabul"},
                ],
            },
            {
                "id": "doc-1-E2",
                "event_type": DIE,
                "trigger": {"start": 9, "end": 10, "text": "killing", "sent_idx": 1},
                "arguments": [{"entity_id": "doc-1-T3", "role": "Victim", "text": "soldiers"}],
            },
        ],
    }


# Hand-made parse of _doc()'s 13 tokens: Bomb kills | A car bomb exploded in Kabul ,
# killing three soldiers .
HEADS = (1, 1, 4, 4, 5, 5, 5, 6, 5, 5, 11, 9, 5)
LEMMAS: tuple[str, ...] = ("bomb", "kill", "a", "car", "bomb", "explode", "in", "kabul")
LEMMAS += (",", "kill", "three", "soldier", ".")
POS: tuple[str, ...] = ("NOUN", "VERB", "DET", "NOUN", "NOUN", "VERB", "ADP", "PROPN")
POS += ("PUNCT", "VERB", "NUM", "NOUN", "PUNCT")
PARSE = we.Parse(HEADS, LEMMAS, POS)


def test_build_text_keeps_spacing_and_one_line_per_sentence() -> None:
    text = we.build_text(_doc())
    assert text.text == "Bomb kills\nA car bomb exploded in Kabul, killing three soldiers."
    assert [text.text[a:b] for a, b in text.token_spans] == _doc()["tokens"]
    assert text.token_sentence[:3] == (0, 0, 1)
    start = text.text.index("three soldiers")
    assert text.tokens_in(start, start + len("three soldiers")) == [10, 11]


def test_gold_document_reduces_arguments_to_heads() -> None:
    gold = we.gold_document(_doc(), PARSE, [["doc-1-T3"]])
    assert gold.mentions[0].args == (Arg(4, "ExplosiveDevice"), Arg(7, "Place"))
    assert gold.mentions[1].args == (Arg(11, "Victim"),)
    assert gold.clusters == {11: "doc-1-T3"}


def test_read_split_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NewsEventsError, match=r"test\.jsonl"):
        we.read_split(tmp_path, "test")


def test_read_split_and_optional_files(tmp_path: Path) -> None:
    (tmp_path / "dev.jsonl").write_text(json.dumps(_doc()) + "\n", encoding="utf-8")
    assert [d["doc_id"] for d in we.read_split(tmp_path, "dev")] == ["doc-1"]
    assert we.read_clusters(tmp_path, "dev") == {}
    assert we.read_ontology(tmp_path) is None


def test_limit_takes_a_seeded_sample_in_file_order() -> None:
    docs = [{"doc_id": str(i)} for i in range(10)]
    sample = we.select_docs(docs, 4, seed=3)
    assert len(sample) == 4
    assert sample == we.select_docs(docs, 4, seed=3)
    assert [int(d["doc_id"]) for d in sample] == sorted(int(d["doc_id"]) for d in sample)


# --- mapping and adapter ----------------------------------------------------------------


def test_mapping_types() -> None:
    mapping = we.load_mapping()
    assert mapping.kairos_type("ASSAULT", "explosives", None) == BOMB
    assert mapping.kairos_type("ASSAULT", "firearms", None) == "Conflict.Attack.Unspecified"
    assert mapping.kairos_type("ASSAULT", None, CountCategory.killed) == DIE
    assert mapping.kairos_type("COERCE", "arrest", None) == ("Justice.ArrestJailDetain.Unspecified")
    assert mapping.kairos_type("COERCE", "curfew", None) is None


def test_mapping_check_rejects_roles_outside_the_ontology() -> None:
    mapping = we.load_mapping()
    ontology = {name: sorted(set(roles.values())) for name, roles in mapping.roles.items()}
    mapping.check(ontology, "ontology.json")
    ontology[DIE] = ["Victim"]
    with pytest.raises(DataFileError, match="Killer"):
        mapping.check(ontology, "ontology.json")


def test_trigger_entry_uses_phrases_and_lemmas() -> None:
    entry = we.trigger_entry(["exploded"], ["explode"], ["VERB"])
    assert entry is not None and entry.mode == "explosives"
    phrase = we.trigger_entry(["car", "bomb"], ["car", "bomb"], ["NOUN", "NOUN"])
    assert phrase is not None and phrase.id == "car_bomb"
    assert we.trigger_entry(["table"], ["table"], ["NOUN"]) is None


def _span(text: str, word: str) -> Span:
    start = text.index(word)
    return Span(start=start, end=start + len(word), text=word)


def test_event_mentions_split_an_incident_into_kairos_mentions() -> None:
    doc = _doc()
    text = we.build_text(doc)
    t = text.text
    event = Event(
        id="e",
        article_id="a",
        event_type="ASSAULT",
        mode="explosives",
        triggers=[_span(t, "exploded"), _span(t, "killing")],
        roles=[
            Role(
                role=RoleType.victim,
                text="three soldiers",
                spans=[_span(t, "three soldiers")],
                name="soldiers",
                kind=ActorKind.military,
            )
        ],
        instruments=[
            Instrument(text="car bomb", category="explosives", spans=[_span(t, "car bomb")])
        ],
        places=[PlaceMention(text="Kabul", spans=[_span(t, "Kabul")], is_event_location=True)],
    )
    mentions = we.event_mentions(
        event, text, OffsetMap(t, t), PARSE, doc["tokens"], we.load_mapping()
    )
    by_type = {m.event_type: m for m in mentions}
    assert set(by_type) == {BOMB, DIE}
    assert {(a.role, a.head) for a in by_type[BOMB].args} == {
        ("Target", 11),
        ("ExplosiveDevice", 4),
        ("Place", 7),
    }
    # The weapon is not a role of Life.Die.
    assert {(a.role, a.head) for a in by_type[DIE].args} == {("Victim", 11), ("Place", 7)}

    gold = we.gold_document(doc, PARSE, None)
    tallies = score_corpus([(gold, [m.scored() for m in mentions])])
    # 2 of 2 mentions; arguments: 5 predicted, 3 gold, 3 right (the extra Target is wrong).
    assert tallies.trigger_c == Tally(pred=2, gold=2, matched=2)
    assert tallies.arg_c == Tally(pred=5, gold=3, matched=3)


def test_dedupe_merges_arguments_of_a_shared_trigger() -> None:
    a = we.PredMention(DIE, 1, 2, (we.PredArg("Victim", 3, 3, 4, "x"),))
    b = we.PredMention(DIE, 1, 2, (we.PredArg("Place", 5, 5, 6, "y"),))
    merged = we._dedupe([a, b])
    assert len(merged) == 1 and len(merged[0].args) == 2


def test_participants_of_other_sentences_are_not_given_to_a_trigger() -> None:
    doc = _doc()
    text = we.build_text(doc)
    t = text.text
    event = Event(
        id="e",
        article_id="a",
        event_type="ASSAULT",
        mode="explosives",
        triggers=[_span(t, "exploded")],
        roles=[
            Role(
                role=RoleType.perpetrator,
                text="Bomb",
                spans=[_span(t, "Bomb")],  # in the headline, sentence 0
                name="Bomb",
            )
        ],
    )
    mentions = we.event_mentions(
        event, text, OffsetMap(t, t), PARSE, doc["tokens"], we.load_mapping()
    )
    assert [m.event_type for m in mentions] == [BOMB]
    assert mentions[0].args == ()
