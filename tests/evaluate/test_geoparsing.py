"""Geoparsing reader and scorers: hand-computed expectations on tiny hand-written corpora."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from newsevents.errors import NewsEventsError
from newsevents.evaluate.geoparsing import (
    Toponym,
    geocoding_errors,
    read_corpus,
    score,
    split_path,
)
from newsevents.evaluate.scorers.geo import (
    MAX_ERROR_KM,
    accuracy_at,
    error_auc,
    exact_prf,
    haversine_km,
    match_spans,
    median_error,
    overlap_prf,
)

LGL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7">
    <text><![CDATA[Fire in Springfield near Lake Quiet.]]></text>
    <toponyms>
      <toponym><start>8</start><end>19</end><phrase>Springfield</phrase>
        <gaztag geonameid="1"><name>Springfield</name><lat>10.0</lat><lon>20.0</lon></gaztag>
      </toponym>
      <toponym><start>25</start><end>35</end><phrase>Lake Quiet</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

GEOVIRUS_STYLE = """<articles><article><source>x</source>
<text>Cases rose in Oslo.</text>
<locations><location><name>Oslo</name><start>14</start><end>18</end>
<lat>59.9</lat><lon>10.7</lon></location>
<location><name>rose</name><start>7</start><end>11</end><lat>1.0</lat><lon>2.0</lon></location>
</locations>
</article></articles>
"""


def test_haversine_known_distances() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    # A quarter of the equator: pi/2 * R.
    assert haversine_km(0, 0, 0, 90) == pytest.approx(math.pi / 2 * 6371.009, rel=1e-9)
    # One degree of latitude is about 111.2 km.
    assert haversine_km(10, 5, 11, 5) == pytest.approx(111.19, abs=0.01)
    # Antipodes: half the mean circumference, close to the published 20,039 km cap.
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.009, rel=1e-9)
    assert haversine_km(0, 0, 0, 180) < MAX_ERROR_KM


def test_span_prf_perfect_empty_partial() -> None:
    assert exact_prf([(0, 4)], [(0, 4)]).f1 == 1.0
    empty = exact_prf([(0, 4)], [])
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    partial = exact_prf([(0, 4), (10, 15)], [(0, 4), (20, 22), (10, 14)])
    assert (partial.tp, partial.n_pred, partial.n_gold) == (1, 3, 2)
    assert partial.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    loose = overlap_prf([(0, 4), (10, 15)], [(0, 4), (20, 22), (10, 14)])
    assert loose.tp == 2


def test_match_spans_prefers_exact_and_is_one_to_one() -> None:
    # Gold 0 overlaps pred 0 but pred 1 is exact; gold 1 then takes pred 0.
    assert match_spans([(0, 10), (5, 8)], [(5, 8), (0, 10)]) == {0: 1, 1: 0}
    assert match_spans([(0, 3), (1, 2)], [(0, 3)]) == {0: 0}


def test_error_metrics_hand_computed() -> None:
    errors = [0.0, 100.0, 200.0, MAX_ERROR_KM]
    assert accuracy_at(errors) == 0.5
    assert median_error(errors) == 150.0
    assert median_error([3.0, 1.0, 2.0]) == 2.0
    logs = sorted(math.log(e + 1) for e in errors)
    expected = sum((a + b) / 2 for a, b in itertools.pairwise(logs))
    assert error_auc(errors) == pytest.approx(expected / (math.log(MAX_ERROR_KM) * 3))
    assert error_auc([0.0, 0.0]) == 0.0
    assert accuracy_at([]) == 0.0 and error_auc([]) == 0.0


def test_read_corpus_both_layouts(tmp_path: Path) -> None:
    (tmp_path / "lgl.xml").write_text(LGL_STYLE, encoding="utf-8")
    (tmp_path / "GeoVirus.xml").write_text(GEOVIRUS_STYLE, encoding="utf-8")
    [doc] = read_corpus(split_path(tmp_path, "dev"))
    assert doc.id == "7"
    assert doc.toponyms[0] == Toponym(8, 19, "Springfield", 10.0, 20.0)
    assert doc.toponyms[1].text == "Lake Quiet" and doc.toponyms[1].lat is None
    [virus] = read_corpus(split_path(tmp_path, "geovirus"))
    # The second location's offsets count from 1, as GeoVirus's do: they are realigned.
    assert virus.toponyms == (
        Toponym(14, 18, "Oslo", 59.9, 10.7),
        Toponym(6, 10, "rose", 1.0, 2.0),
    )


def test_unknown_or_missing_split_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(NewsEventsError, match=r"TR-News\.xml"):
        split_path(tmp_path, "tr-news")
    with pytest.raises(NewsEventsError, match=r"lgl\.xml"):
        split_path(tmp_path, "test")


def test_geocoding_errors_missed_unresolved_and_resolved() -> None:
    gold = [
        Toponym(0, 4, "Oslo", 59.9, 10.7),
        Toponym(10, 14, "Bonn", 50.7, 7.1),
        Toponym(20, 24, "Riga", 56.9, 24.1),
        Toponym(30, 34, "Nowhere"),  # no coordinates: span scores only
    ]
    pred = [Toponym(0, 4, "Oslo", 59.9, 10.7), Toponym(10, 15, "Bonn.")]
    assert geocoding_errors(gold, pred) == [0.0, MAX_ERROR_KM, None]
    scores = score([gold], [pred])
    assert scores["toponym_p"] == 50.0 and scores["toponym_r"] == 25.0
    assert scores["toponym_overlap_r"] == 50.0
    assert scores["acc161"] == pytest.approx(100 / 3)
    assert scores["acc161_matched"] == 50.0
    assert scores["median_error_km"] == MAX_ERROR_KM / 2


def test_resolver_cities_countries_unknown() -> None:
    from newsevents.resolve.places import resolve

    paris = resolve("Paris")
    assert paris is not None and paris.lat is not None and paris.lon is not None
    assert haversine_km(paris.lat, paris.lon, 48.85, 2.35) < 20
    france = resolve("France")
    assert france is not None and france.lat is not None and france.lon is not None
    assert haversine_km(france.lat, france.lon, 46.6, 2.4) < 500
    assert resolve("Xyzzyville Qwerty") is None
