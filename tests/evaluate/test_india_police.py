"""IndiaPoliceEvents: the sentence-label scorer, offset alignment, label rules and reader.

Nothing here needs spaCy: events are built by hand and fixtures are written in the
corpus's file layout.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents.errors import InputError, NewsEventsError
from newsevents.evaluate import india_police as ip
from newsevents.evaluate.scorers.sentence_labels import (
    BinaryCounts,
    OffsetMap,
    binary_counts,
    locate_sentences,
    score_labels,
    sentence_at,
)
from newsevents.model import (
    ActorKind,
    Count,
    CountCategory,
    Event,
    Modality,
    Role,
    RoleType,
    Span,
)

# --- scorer -----------------------------------------------------------------------------


def test_perfect_prediction_scores_100() -> None:
    counts = binary_counts(range(10), {1, 2}, {1, 2})
    assert counts == BinaryCounts(tp=2, fp=0, fn=0)
    assert counts.f1 == pytest.approx(100.0)


def test_empty_prediction_scores_0() -> None:
    counts = binary_counts(range(10), {1, 2}, set())
    assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)


def test_partial_prediction_by_hand() -> None:
    # gold {1,2,3}, pred {2,3,4,5}: tp 2, fp 2, fn 1 -> P 50, R 66.7, F1 = 2*.5*.667/1.167 = 57.1
    counts = binary_counts(range(10), {1, 2, 3}, {2, 3, 4, 5})
    assert counts == BinaryCounts(tp=2, fp=2, fn=1)
    assert counts.precision == pytest.approx(50.0)
    assert counts.recall == pytest.approx(200 / 3)
    assert counts.f1 == pytest.approx(400 / 7)


def test_predictions_outside_the_universe_are_ignored() -> None:
    assert binary_counts([1, 2], {1}, {1, 99}) == BinaryCounts(tp=1, fp=0, fn=0)


def test_score_labels_treats_a_missing_label_as_no_positives() -> None:
    counts = score_labels([1, 2, 3], {"KILL": {1}}, {"ARREST": {2}}, ["KILL", "ARREST"])
    assert counts["KILL"] == BinaryCounts(tp=0, fp=0, fn=1)
    assert counts["ARREST"] == BinaryCounts(tp=0, fp=1, fn=0)


# --- sentences and offsets --------------------------------------------------------------


def test_locate_sentences_skips_dropped_whitespace() -> None:
    text = "police fired. two died.  calm returned."
    spans = locate_sentences(text, ["police fired.", "two died.", "calm returned."])
    assert [text[a:b] for a, b in spans] == ["police fired.", "two died.", "calm returned."]
    assert sentence_at(spans, spans[1][0]) == 1
    assert sentence_at(spans, spans[1][1]) == 1  # the space after a sentence stays with it
    assert sentence_at(spans, 0) == 0


def test_locate_sentences_names_a_missing_sentence() -> None:
    with pytest.raises(ValueError, match="sentence 1"):
        locate_sentences("one. two.", ["one.", "three."])


def test_offset_map_follows_repaired_text_and_added_headline_break() -> None:
    source = "ahmedabad: police \u00e2\u20ac\u0153arrested\u00e2\u20ac\ufffd five men. calm."
    target = "ahmedabad:\n\npolice \u201carrested\u201d five men. calm."
    offsets = OffsetMap(source, target)
    for word in ("police", "five", "calm"):
        assert offsets.to_source(target.index(word)) == source.index(word)
    # A repaired word maps into the source word it came from.
    inside = offsets.to_source(target.index("arrested"))
    assert source.index("police") < inside < source.index("five")


def test_offset_map_identity() -> None:
    offsets = OffsetMap("same text", "same text")
    assert offsets.identity and offsets.to_source(5) == 5


@given(
    st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=6), min_size=1, max_size=12),
    st.integers(min_value=1, max_value=3),
)
def test_offset_map_keeps_word_starts_when_spacing_changes(words: list[str], gap: int) -> None:
    source = (" " * gap).join(words)
    target = "\n".join(words)
    offsets = OffsetMap(source, target)
    t_pos = s_pos = 0
    for word in words:
        assert offsets.to_source(t_pos) == s_pos
        t_pos += len(word) + 1
        s_pos += len(word) + gap


# --- label rules ------------------------------------------------------------------------


def _span(text: str, word: str) -> Span:
    start = text.index(word)
    return Span(start=start, end=start + len(word), text=word)


def _role(text: str, word: str, role: RoleType, kind: ActorKind = ActorKind.unknown) -> Role:
    return Role(role=role, text=word, spans=[_span(text, word)], name=word, kind=kind)


KILL_TEXT = "Police opened fire and killed two rioters. Calm returned later."


def _kill_event(**changes: object) -> Event:
    event = Event(
        id="e1",
        article_id="a1",
        event_type="ASSAULT",
        mode="firearms",
        triggers=[_span(KILL_TEXT, "opened fire"), _span(KILL_TEXT, "killed")],
        roles=[
            _role(KILL_TEXT, "Police", RoleType.perpetrator, ActorKind.police),
            _role(KILL_TEXT, "two rioters", RoleType.victim, ActorKind.civilians),
        ],
        killed=Count(
            category=CountCategory.killed, best=2, text="two", spans=[_span(KILL_TEXT, "two")]
        ),
    )
    return event.model_copy(update=changes)


def test_police_killing_is_kill_evidence_at_the_kill_words_only() -> None:
    evidence = ip.event_evidence(_kill_event())
    assert set(evidence) == {"KILL"}
    # "killed" and the count "two", not the firearm trigger "opened fire".
    assert evidence["KILL"] == sorted([KILL_TEXT.index("killed"), KILL_TEXT.index("two")])


def test_killing_by_a_mob_or_of_police_is_not_kill() -> None:
    mob = _kill_event(
        roles=[_role(KILL_TEXT, "Police", RoleType.victim, ActorKind.police)],
    )
    assert ip.event_evidence(mob) == {}


def test_assault_without_deaths_is_not_kill() -> None:
    shooting = _kill_event(triggers=[_span(KILL_TEXT, "opened fire")], killed=None)
    assert ip.event_evidence(shooting) == {}


def test_police_word_makes_an_agent_police_when_its_kind_is_unknown() -> None:
    text = "SRP jawans killed one man."
    event = Event(
        id="e",
        article_id="a",
        event_type="ASSAULT",
        triggers=[_span(text, "killed")],
        roles=[_role(text, "SRP jawans", RoleType.perpetrator)],
    )
    assert "KILL" in ip.event_evidence(event)


ARREST_TEXT = "Fifty persons were arrested in Surat."


def _arrest_event(**changes: object) -> Event:
    event = Event(
        id="e2",
        article_id="a1",
        event_type="COERCE",
        mode="arrest",
        triggers=[_span(ARREST_TEXT, "arrested")],
        roles=[_role(ARREST_TEXT, "Fifty persons", RoleType.detainee, ActorKind.civilians)],
    )
    return event.model_copy(update=changes)


def test_passive_arrest_without_agent_is_arrest() -> None:
    assert ip.event_evidence(_arrest_event()) == {"ARREST": [ARREST_TEXT.index("arrested")]}


def test_arrest_by_a_non_police_agent_is_not_arrest() -> None:
    roles = [_role(ARREST_TEXT, "Surat", RoleType.actor, ActorKind.armed_group)]
    assert ip.event_evidence(_arrest_event(roles=roles)) == {}


@pytest.mark.parametrize("modality", [Modality.planned, Modality.negated, Modality.hypothetical])
def test_uncommitted_arrests_are_not_arrest(modality: Modality) -> None:
    assert ip.event_evidence(_arrest_event(modality=modality)) == {}


@pytest.mark.parametrize(
    ("word", "outcome"),
    [
        ("killed", CountCategory.killed),
        ("died", CountCategory.killed),
        ("nabbed", CountCategory.arrested),
        ("arrests", CountCategory.arrested),
        ("taken into custody", CountCategory.arrested),
        ("attack", None),
        ("opened fire", None),
    ],
)
def test_implied_outcome_from_the_trigger_lexicon(word: str, outcome: CountCategory | None) -> None:
    assert ip.implied_outcome(word) == outcome


def test_predict_sentences_places_evidence_in_gold_sentences() -> None:
    spans = locate_sentences(KILL_TEXT, ["Police opened fire and killed two rioters.", "Calm"])
    found = ip.predict_sentences([_kill_event()], OffsetMap(KILL_TEXT, KILL_TEXT), spans)
    assert found == {"KILL": {0}}


# --- reader, splits, report -------------------------------------------------------------


def _write_corpus(folder: Path, n_docs: int = 6) -> None:
    docs, sents, meta = [], [], []
    for doc_id in range(1, n_docs + 1):
        first = "police arrested five men."
        second = f"report number {doc_id} ends."
        labels = ["ARREST", "ANY_ACTION"] if doc_id % 2 else []
        docs.append({"doc_id": doc_id, "doc_text": f"{first} {second}", "doc_labels": labels})
        sents.append({"doc_id": doc_id, "sent_id": 0, "sent_labels": labels, "sent_text": first})
        sents.append({"doc_id": doc_id, "sent_id": 1, "sent_labels": [], "sent_text": second})
        meta.append({"doc_id": doc_id, "date": "2002-03-01", "url": f"http://x/{doc_id}"})
    for name, rows in (("docs", docs), ("sents", sents), ("metadata", meta)):
        (folder / f"{name}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
        )


def test_read_corpus(tmp_path: Path) -> None:
    _write_corpus(tmp_path)
    docs = ip.read_corpus(tmp_path)
    assert len(docs) == 6
    assert docs[0].date == "2002-03-01"
    assert [s.sent_id for s in docs[0].sentences] == [0, 1]
    assert docs[0].sentences[0].labels == {"ARREST", "ANY_ACTION"}


def test_missing_corpus_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(NewsEventsError, match=r"sents\.jsonl"):
        ip.read_corpus(tmp_path)


def test_malformed_line_is_an_input_error(tmp_path: Path) -> None:
    _write_corpus(tmp_path)
    (tmp_path / "sents.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        ip.read_corpus(tmp_path)


def test_dev_and_test_halve_the_documents_and_balance_labels(tmp_path: Path) -> None:
    _write_corpus(tmp_path, n_docs=40)
    docs = ip.read_corpus(tmp_path)
    dev = ip.split_ids(tmp_path, "dev", docs)
    test = ip.split_ids(tmp_path, "test", docs)
    assert not dev & test
    assert dev | test == ip.split_ids(tmp_path, "all", docs)
    arrest_docs = {d.doc_id for d in docs if d.doc_id % 2}
    assert len(dev & arrest_docs) == 10
    assert len(dev) == 20


def test_unknown_split_names_the_expected_file(tmp_path: Path) -> None:
    _write_corpus(tmp_path)
    docs = ip.read_corpus(tmp_path)
    with pytest.raises(NewsEventsError, match=r"splits[/\\]train\.txt"):
        ip.split_ids(tmp_path, "train", docs)


def test_split_file_lists_document_ids(tmp_path: Path) -> None:
    _write_corpus(tmp_path)
    (tmp_path / "splits").mkdir()
    (tmp_path / "splits" / "mine.txt").write_text("2\n5\n", encoding="utf-8")
    docs = ip.read_corpus(tmp_path)
    assert ip.split_ids(tmp_path, "mine", docs) == {2, 5}


def test_limit_takes_a_seeded_sample(tmp_path: Path) -> None:
    _write_corpus(tmp_path, n_docs=20)
    docs = ip.read_corpus(tmp_path)
    first = ip.select_docs(docs, tmp_path, "all", 5, seed=1)
    again = ip.select_docs(docs, tmp_path, "all", 5, seed=1)
    other = ip.select_docs(docs, tmp_path, "all", 5, seed=2)
    assert [d.doc_id for d in first] == [d.doc_id for d in again]
    assert [d.doc_id for d in first] != [d.doc_id for d in other]
    assert [d.doc_id for d in first] == sorted(d.doc_id for d in first)


def test_score_report_and_prediction_file(tmp_path: Path) -> None:
    _write_corpus(tmp_path, n_docs=4)
    docs = ip.read_corpus(tmp_path)
    # gold ARREST: docs 1 and 3, sentence 0. Predict doc 1 sentence 0 and doc 2 sentence 1.
    pred = {"ARREST": {(1, 0), (2, 1)}}
    scores, counts = ip.score_report(docs, pred)
    assert counts["ARREST"] == BinaryCounts(tp=1, fp=1, fn=1)
    assert scores["arrest_f1"] == pytest.approx(50.0)
    assert scores["kill_f1"] == 0.0
    out = tmp_path / "out" / "pred.csv"
    ip.write_predictions(out, docs, pred)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 8
    assert list(rows[0]) == ["doc_id", "sent_id", "KILL", "ARREST", "ANY_ACTION", "FAIL", "FORCE"]
    marked = {(int(r["doc_id"]), int(r["sent_id"])) for r in rows if r["ARREST"] == "1"}
    assert marked == {(1, 0), (2, 1)}


def test_mapping_loads() -> None:
    mapping = ip.load_mapping()
    assert set(ip.LABELS) <= set(mapping.labels)
    assert mapping.police_pattern().search("the srp jawans")
    assert not mapping.police_pattern().search("policy makers")
