"""Cutting long texts into windows, and parsing them into one document of the whole text."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsevents.nlp.windows import cut_points


def _tokens(text: str) -> Doc:
    return spacy.blank("en").make_doc(text)


def _windows(doc: Doc, cuts: list[int]) -> list[tuple[int, int]]:
    return list(zip(cuts, [*cuts[1:], len(doc)], strict=True))


def test_cuts_fall_after_line_breaks_when_there_are_some() -> None:
    doc = _tokens("\n".join(f"Line {i} has a few words in it." for i in range(40)))
    cuts = cut_points(doc, size=30, slack=15)
    assert cuts[0] == 0 and len(cuts) > 5
    for start, end in _windows(doc, cuts):
        assert end - start <= 30
    for cut in cuts[1:]:
        assert doc[cut].text == "Line"


def test_cuts_fall_after_sentence_ends_without_line_breaks() -> None:
    doc = _tokens(" ".join(f"Sentence {i} says rather little here." for i in range(40)))
    cuts = cut_points(doc, size=25, slack=12)
    assert len(cuts) > 5
    for cut in cuts[1:]:
        assert doc[cut - 1].text == "." and doc[cut].text == "Sentence"


def test_text_without_any_boundary_is_cut_at_the_window_size() -> None:
    doc = _tokens(" ".join(["word"] * 100))
    assert cut_points(doc, size=30, slack=15) == [0, 30, 60, 90]


def test_short_text_is_one_window() -> None:
    assert cut_points(_tokens("Two words."), size=30, slack=15) == [0]


@pytest.mark.slow
def test_windowed_parse_is_the_whole_parse() -> None:
    from newsevents.nlp.pipeline import get_nlp
    from newsevents.nlp.windows import parse_in_windows

    nlp = get_nlp()
    text = "\n\n".join(
        f"Gunmen attacked a police post in Kabul on Sunday, killing {i} officers, the "
        f"interior ministry said. Residents of Jalalabad said the Taliban had warned of "
        f"attacks. \"We heard shooting all night,\" said Ahmad Shah {i}."
        for i in range(2, 14)
    )
    whole = nlp(text)
    windowed = parse_in_windows(nlp, text, size=70, context=24)
    assert windowed.text == text
    assert [(t.idx, t.text) for t in windowed] == [(t.idx, t.text) for t in whole]
    assert [s.start for s in windowed.sents] == [s.start for s in whole.sents]
    assert [(e.start, e.end, e.label_) for e in windowed.ents] == [
        (e.start, e.end, e.label_) for e in whole.ents
    ]
    assert [(t.head.i, t.dep_, t.lemma_, t.tag_) for t in windowed] == [
        (t.head.i, t.dep_, t.lemma_, t.tag_) for t in whole
    ]


def test_text_longer_than_the_pipelines_limit_is_parsed() -> None:
    from newsevents.nlp.windows import parse_in_windows

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 2_000
    text = "\n\n".join(f"Rebels fired on troops near post {i}." for i in range(300))
    assert len(text) > nlp.max_length
    with pytest.raises(ValueError, match="E088"):
        nlp(text)
    doc = parse_in_windows(nlp, text, size=100, context=10)
    assert doc.text == text
    assert sum(1 for s in doc.sents if s.text.strip().startswith("Rebels")) == 300
