"""The benchmark on a few tiny texts: figures present, medians over repeated passes."""

from __future__ import annotations

from newsevents.bench import bench_texts

TEXTS = [
    "Gunmen killed two police officers in Kandahar on Sunday, officials said.",
    "Troops arrested five suspected militants after a raid in the north.",
    "A car bomb exploded near a market in the capital, wounding twelve people.",
]


def test_bench_reports_every_figure_with_repeats() -> None:
    result = bench_texts(TEXTS, workers=1, repeat=2)
    assert result["articles"] == 3
    assert result["words"] == sum(len(t.split()) for t in TEXTS)
    assert result["repeat"] == 2 and len(result["runs"]) == 2
    assert result["events"] >= 3
    assert result["ratio_to_spacy"] > 0
    assert set(result["stage_seconds_cpu"]) == {"read", "nlp", "extract"}
    assert result["lookups"]["actor_lookup_ms"] < 5
    assert result["lookups"]["place_lookup_ms"] < 5
    assert 0 < result["peak_rss_mb"] < 4000
