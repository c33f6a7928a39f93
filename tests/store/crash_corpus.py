"""Many hand-written reports (no spaCy), some of one incident, as a results folder that
``newsevents load`` stores: the corpus of the quick crash tests."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy.engine import URL
from store_factory import Story

from newsevents.cluster.results import write_part
from newsevents.model import ArticleResult

PLACES = [
    ("Gao", 16.27, -0.04, "MLI"), ("Mopti", 14.49, -4.2, "MLI"), ("Katsina", 12.99, 7.6, "NGA"),
    ("Maiduguri", 11.85, 13.16, "NGA"), ("Djibo", 14.1, -1.63, "BFA"),
    ("Tillaberi", 14.21, 1.45, "NER"),
]  # fmt: skip
VICTIMS = ["four soldiers", "nine herders", "three farmers", "two traders", "six villagers"]
PERPETRATORS = ["Gunmen", "Bandits", "Militants", "Jihadists"]
OUTLETS = ["Sahel Wire", "Mali Daily", "Lagos Post", None]


def reports(n: int, seed: int = 0) -> list[ArticleResult]:
    """``n`` reports of about ``n / 2`` incidents, in order of publication."""
    rng = random.Random(seed)
    stories: list[Story] = []
    for i in range(n):
        incident = rng.randrange(max(1, n // 2))
        place, lat, lon, country = PLACES[incident % len(PLACES)]
        story = Story(
            f"r{i:04d}",
            perpetrator=PERPETRATORS[incident % len(PERPETRATORS)],
            victim=VICTIMS[incident % len(VICTIMS)],
            place=place, latitude=lat, longitude=lon, country=country,
            day=dt.date(2021, 1, 1) + dt.timedelta(days=incident * 3),
            killed=incident % 7 + rng.choice([0, 0, 1]),
            outlet=rng.choice(OUTLETS),
            extra_events=["seized"] * rng.randrange(2),
        )  # fmt: skip
        stories.append(story)
    stories.sort(key=lambda s: (s.day or dt.date.min, s.article_id))
    return [s.result() for s in stories]


def write_results(folder: Path, results: list[ArticleResult], size: int = 10) -> None:
    """Write ``results`` as the results folder ``ingest --out`` writes."""
    for number, start in enumerate(range(0, len(results), size)):
        write_part(folder, number, f"{number:016x}", results[start : start + size])


def scratch_pg_url(backend: str, request: pytest.FixtureRequest) -> str:
    """The PostgreSQL database the crash tests make their scratch schemas in ("" for
    SQLite): the test database of the ``pg_url`` fixture, which skips when there is none."""
    if backend != "postgresql":
        return ""
    url: URL = request.getfixturevalue("pg_url")
    return url.set(query={}).render_as_string(hide_password=False)
