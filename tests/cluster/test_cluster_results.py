"""Results datasets: whole files only, read back in partition order, bad files reported."""

from __future__ import annotations

from pathlib import Path

from newsevents.cluster.results import part_files, part_name, read_results, write_part
from newsevents.errors import InputError
from newsevents.model import Article, ArticleResult


def _result(i: int, reason: str | None = None) -> ArticleResult:
    article = Article(id=f"a{i}", text=f"Story {i}\n\nText {i}.", title=f"Story {i}")
    return ArticleResult(article=article, reason=reason)


def test_round_trip_in_partition_order(tmp_path: Path) -> None:
    write_part(tmp_path, 1, "bbbb", [_result(2), _result(3, "no conflict event found")])
    write_part(tmp_path, 0, "aaaa", [_result(0), _result(1)])
    back = list(read_results(tmp_path))
    assert all(isinstance(r, ArticleResult) for r in back)
    assert [r.article.id for r in back if isinstance(r, ArticleResult)] == ["a0", "a1", "a2", "a3"]
    assert back[3] == _result(3, "no conflict event found")


def test_unfinished_files_are_not_results(tmp_path: Path) -> None:
    write_part(tmp_path, 0, "aaaa", [_result(0)])
    (tmp_path / f".{part_name(1, 'bbbb')}.partial").write_bytes(b"PAR1 half written")
    assert [p.name for p in part_files(tmp_path)] == [part_name(0, "aaaa")]


def test_a_damaged_file_is_an_error_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / part_name(0, "aaaa")).write_bytes(b"not parquet at all")
    write_part(tmp_path, 1, "bbbb", [_result(5)])
    back = list(read_results(tmp_path))
    assert isinstance(back[0], InputError)
    assert "part-000000-aaaa.parquet" in str(back[0])
    assert isinstance(back[1], ArticleResult)


def test_a_folder_without_results_says_so(tmp_path: Path) -> None:
    (only,) = read_results(tmp_path)
    assert isinstance(only, InputError)
    assert "no results files" in only.reason
    (missing,) = read_results(tmp_path / "nowhere")
    assert isinstance(missing, InputError)
