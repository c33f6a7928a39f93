"""Inputs cut into partitions: the unit of work sent to a worker and of restarting a run.

A partition is ``size`` consecutive articles of the inputs. Its key is a digest of their ids,
so the same inputs read again with the same size give the same partitions, and a restarted
run recognises those it finished (:mod:`newsevents.cluster.sinks`). Articles are read lazily:
only the partitions in flight are in memory, however large the inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from newsevents.errors import InputError
from newsevents.model import Article

#: Articles per partition by default: enough that a task's overhead (about 10 ms) is small
#: beside its extraction (a few seconds), few enough that a lost worker costs little.
PARTITION_SIZE = 32


@dataclass(frozen=True)
class Partition:
    """Consecutive articles of the inputs."""

    number: int
    """Its place in the run, from 0: results are written in this order."""
    key: str
    """A digest of its articles' ids (same inputs and size, same key)."""
    articles: tuple[Article, ...]


def partition_key(articles: Iterable[Article]) -> str:
    """The key of a partition holding ``articles`` (16 hex digits)."""
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.id.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def partitions(
    items: Iterable[Article | InputError],
    size: int = PARTITION_SIZE,
    on_error: Callable[[InputError], None] | None = None,
    on_read: Callable[[Article], None] | None = None,
) -> Iterator[Partition]:
    """Cut the articles of ``items`` into partitions of ``size`` (the last may be smaller).

    Unreadable inputs go to ``on_error`` and take no place in a partition; ``on_read`` sees
    each article as it is read.
    """
    if size < 1:
        raise ValueError("a partition holds at least one article")
    batch: list[Article] = []
    number = 0
    for item in items:
        if isinstance(item, InputError):
            if on_error is not None:
                on_error(item)
            continue
        if on_read is not None:
            on_read(item)
        batch.append(item)
        if len(batch) == size:
            yield Partition(number, partition_key(batch), tuple(batch))
            number += 1
            batch = []
    if batch:
        yield Partition(number, partition_key(batch), tuple(batch))
