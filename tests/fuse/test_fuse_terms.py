"""Salient terms, document frequencies and TF-IDF cosine."""

from __future__ import annotations

import pytest

from newsevents.fuse.config import FusionConfig
from newsevents.fuse.terms import TermStats, add_vectors, cosine, salient_terms, term_of, unit


def test_names_numbers_and_name_pairs_are_terms(config: FusionConfig) -> None:
    terms = salient_terms("Police said Emmanuel Arrington, 33, was shot at 3:15 a.m.", config.text)
    assert {"emmanuel", "arrington", "emmanuel arrington", "#33", "#315"} <= set(terms)
    assert "police" in terms  # capitalised: kept, IDF will make it cheap
    assert "said" not in terms  # a stop word
    assert "shot" not in terms  # common words are off in the shipped settings


def test_a_line_break_ends_a_name_pair(config: FusionConfig) -> None:
    terms = salient_terms("Kokomo\nClinton Drive", config.text)
    assert "clinton drive" in terms
    assert "kokomo clinton" not in terms


def test_repetition_counts_sublinearly(config: FusionConfig) -> None:
    terms = salient_terms("Kokomo Kokomo Kokomo Marion", config.text)
    assert terms["kokomo"] > terms["marion"]
    assert terms["kokomo"] < 3 * terms["marion"]


def test_max_terms_keeps_the_heaviest(config: FusionConfig) -> None:
    settings = config.text.model_copy(update={"max_terms": 1})
    assert set(salient_terms("Alpha Beta Alpha", settings)) == {"alpha"}


def test_idf_favours_rare_terms_and_counts_a_document_once() -> None:
    stats = TermStats()
    stats.observe("d1", ["chicago", "arrington"])
    stats.observe("d2", ["chicago"])
    stats.observe("d2", ["chicago", "again"])  # same document: ignored
    assert stats.n_documents == 2
    assert stats.idf("arrington") > stats.idf("chicago")
    assert stats.idf("never-seen") > stats.idf("arrington")
    assert 0 < stats.specificity("chicago") < stats.specificity("arrington") <= 1


def test_cosine_weighs_shared_rare_terms_above_shared_common_ones() -> None:
    stats = TermStats()
    for n in range(10):
        stats.observe(f"d{n}", ["chicago", "police"] + (["arrington"] if n == 0 else []))
    a = {"chicago": 1.0, "police": 1.0, "arrington": 1.0}
    same_name = {"arrington": 1.0, "marion": 1.0}
    same_city = {"chicago": 1.0, "police": 1.0, "marion": 1.0}
    assert cosine(a, same_name, stats) > cosine(a, same_city, stats)
    assert cosine(a, a, stats) == pytest.approx(1.0)
    assert cosine(a, {}, stats) == 0.0


def test_stats_round_trip_through_plain_data() -> None:
    stats = TermStats()
    stats.observe("d1", ["x", "y"])
    back = TermStats.from_dict(stats.to_dict())
    assert back.n_documents == 1 and back.df == stats.df
    back.observe("d1", ["z"])  # still known as seen
    assert back.n_documents == 1


def test_centroid_helpers() -> None:
    assert unit({"a": 3.0, "b": 4.0}) == pytest.approx({"a": 0.6, "b": 0.8})
    assert add_vectors({"a": 1.0}, {"a": 1.0, "b": 0.5}, cap=1) == {"a": 2.0}
    assert term_of("Rancho Penasquitos") == "rancho penasquitos"
    assert term_of("Fort Bend County") == "fort bend"
