"""Partitions: consecutive articles, stable keys, unreadable inputs left out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsevents.cluster.partitions import Partition, partition_key, partitions
from newsevents.errors import InputError
from newsevents.ingest import read_text
from newsevents.model import Article


def _articles(n: int, prefix: str = "story") -> list[Article]:
    return [read_text(f"{prefix} {i}\n\nSoldiers were killed in town {i}.") for i in range(n)]


def test_partitions_are_consecutive_and_the_last_is_smaller() -> None:
    arts = _articles(7)
    parts = list(partitions(arts, size=3))
    assert [len(p.articles) for p in parts] == [3, 3, 1]
    assert [p.number for p in parts] == [0, 1, 2]
    assert [a for p in parts for a in p.articles] == arts


def test_keys_depend_on_the_articles_only() -> None:
    first = [p.key for p in partitions(_articles(6), size=2)]
    again = [p.key for p in partitions(_articles(6), size=2)]
    other = [p.key for p in partitions(_articles(6, prefix="report"), size=2)]
    assert first == again
    assert len(set(first)) == 3
    assert not set(first) & set(other)
    assert [p.key for p in partitions(_articles(6), size=3)] != first[:2]


def test_unreadable_inputs_go_to_on_error_and_take_no_place() -> None:
    arts = _articles(3)
    bad = InputError("broken.html", "not valid UTF-8")
    errors: list[InputError] = []
    read: list[Article] = []
    parts = list(partitions([arts[0], bad, arts[1], arts[2]], 2, errors.append, read.append))
    assert errors == [bad]
    assert read == arts
    assert [list(p.articles) for p in parts] == [arts[:2], arts[2:]]


def test_partition_key_is_that_of_the_ids() -> None:
    arts = _articles(2)
    (part,) = partitions(arts, size=5)
    assert isinstance(part, Partition)
    assert part.key == partition_key(arts)
    assert partition_key(arts) != partition_key(list(reversed(arts)))


@given(n=st.integers(min_value=0, max_value=60), size=st.integers(min_value=1, max_value=9))
def test_every_article_once_in_order(n: int, size: int) -> None:
    arts = [Article(id=f"a{i}", text=f"text {i}") for i in range(n)]
    parts = list(partitions(arts, size=size))
    assert [a.id for p in parts for a in p.articles] == [a.id for a in arts]
    assert all(len(p.articles) == size for p in parts[:-1])
    assert all(1 <= len(p.articles) <= size for p in parts)
    assert len(parts) == -(-n // size)
