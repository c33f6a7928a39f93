"""Factuality scores of trigger words: only the triggers of kept mentions are scored, in one
batch per article, and a score does not depend on the other triggers of its batch."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.extract import trigger_factuality as tf
from newsevents.extract.article import events_from_doc
from newsevents.extract.triggers import find_triggers
from newsevents.model import Article

pytestmark = pytest.mark.slow

#: A kept mention, a teaser line (its trigger dropped by ``_keep``), and habitual violence.
TEXT = (
    "Gunmen killed five villagers in Kaduna on Sunday, police said.\n"
    "See also: Soldiers kill three herders in Benue\n"
    "Frequent bombings have shaken the region for years."
)


def _article(text: str) -> Article:
    return Article(id="t", text=text, published=dt.date(2021, 3, 8))


def test_only_the_triggers_of_kept_mentions_are_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsevents.nlp.pipeline import parse

    batches: list[list[tuple[str, int, int]]] = []

    def fake(items: list[tuple[str, int, int]]) -> list[float]:
        batches.append(list(items))
        return [3.0] * len(items)

    monkeypatch.setattr(tf, "factuality_many", fake)
    doc = parse(TEXT)
    lexicon_words = {m.head.text for sent in doc.sents for m in find_triggers(sent)}
    assert {"killed", "kill", "bombings"} <= lexicon_words
    events = events_from_doc(doc, _article(TEXT))
    assert events
    # One batch for the article, holding the kept mention's trigger and nothing else.
    assert len(batches) == 1
    assert [text[start:end] for text, start, end in batches[0]] == ["killed"]


def test_scores_equal_those_of_the_whole_batch() -> None:
    from newsevents.nlp.pipeline import parse

    text = (
        "Gunmen killed five villagers in Kaduna on Sunday. Police did not arrest anyone.\n"
        "Residents said the rebels may have kidnapped two traders near the market."
    )
    whole = parse(text)
    heads = [m.head for sent in whole.sents for m in find_triggers(sent)]
    assert len(heads) >= 3
    tf.score_triggers(whole, heads)
    everything = {h.i: tf.trigger_factuality(h) for h in heads}
    # Each head scored in a batch of its own, and in a batch with only some of the others.
    alone = parse(text)
    assert {h.i: tf.trigger_factuality(alone[h.i]) for h in heads} == everything
    some = parse(text)
    tf.score_triggers(some, [some[h.i] for h in heads[1:]])
    assert {h.i: tf.trigger_factuality(some[h.i]) for h in heads} == everything
