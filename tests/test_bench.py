"""The benchmark on a few tiny texts: figures present, medians over repeated passes."""

from __future__ import annotations

import pytest

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


# -- bench length -----------------------------------------------------------------------


def test_length_sizes_are_parsed_with_suffixes() -> None:
    from newsevents.bench_length import parse_sizes

    assert parse_sizes("1k,10k,100k,1m") == [1_000, 10_000, 100_000, 1_000_000]
    assert parse_sizes(" 2500, 0.5m ") == [2_500, 500_000]
    for bad in ("10x", "", "k", "0"):
        with pytest.raises(ValueError):
            parse_sizes(bad)


def test_length_text_is_cut_from_whole_articles() -> None:
    from newsevents.bench_length import text_of_length

    text = text_of_length(["First article.", "Second one here."], 40)
    assert text == "First article.\n\nSecond one here.\n\nFirst"
    assert len(text_of_length(["abc def"], 1_000)) <= 1_000


def test_length_bench_needs_articles(tmp_path: object) -> None:
    from pathlib import Path

    from newsevents.bench_length import bench_length

    with pytest.raises(FileNotFoundError, match="no HRDsAttack or MUC-4 articles"):
        bench_length(Path(str(tmp_path)), [1_000])


@pytest.mark.slow
def test_length_measure_reports_every_figure() -> None:
    from newsevents.bench_length import format_table, measure_one, text_of_length

    # In this process (the bench runs it in a fresh one per length, for its peak memory).
    row = measure_one(text_of_length(TEXTS, 400))
    assert row["chars"] > 300
    assert row["events"] >= 1
    assert row["seconds"] > 0 and row["cpu_seconds"] > 0
    assert row["peak_mb"] >= row["warm_mb"] > 0
    table = format_table({"sizes": [{"size": "400", **row}], "linearity": None})
    assert table.splitlines()[2].startswith("| 400 |")
