"""Long articles: extraction cost in proportion to length, and windows that lose nothing."""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import random

import pytest

from newsevents.extract.article import events_from_doc
from newsevents.model import Article, Event

pytestmark = pytest.mark.slow

_FIRST = ["Amina", "Omar", "Grace", "Pedro", "Leila", "Samuel", "Nadia", "Tomas", "Irina", "Yusuf"]
_LAST = ["Haddad", "Okafor", "Mendes", "Karimi", "Novak", "Bello", "Suarez", "Rahman", "Ivanova"]
_TOWNS = ["Kabul", "Mosul", "Aleppo", "Maiduguri", "Goma", "Quetta", "Gao", "Mogadishu", "Lagos"]
_GROUPS = ["Boko Haram", "al-Shabaab", "the Taliban", "Islamic State", "the M23 rebels"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic_text(paragraphs: int, seed: int = 0) -> str:
    """News-like paragraphs with varied people, places, groups, days and tolls."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        town, group, day = rng.choice(_TOWNS), rng.choice(_GROUPS), rng.choice(_DAYS)
        n = rng.randint(2, 40)
        out.append(
            f"Gunmen from {group} attacked a police checkpoint in {town} on {day}, killing "
            f"{n} officers, the provincial governor said. Witnesses said the attackers "
            f"fled on motorcycles. {person}, a local teacher, told reporters that she saw "
            f"the bodies. Police arrested {n // 2 + 1} suspects later, {person.split()[1]} "
            "said."
        )
    return "\n\n".join(out)


def _article(text: str) -> Article:
    return Article(id="synthetic", text=text, published=dt.date(2021, 3, 8))


def _calls(text: str) -> int:
    """Python and Cython function calls made by extraction from the parsed text."""
    from newsevents.nlp.pipeline import parse

    doc = parse(text)
    article = _article(text)
    events_from_doc(doc, article)  # caches (names, dates, places) filled as in a warm process
    doc.user_data.clear()
    profile = cProfile.Profile()
    profile.enable()
    events_from_doc(doc, article)
    profile.disable()
    stats: int = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return stats


def test_extraction_work_grows_in_proportion_to_length() -> None:
    # Function calls, not seconds: the count does not depend on the machine's load. Linear
    # work gives a ratio of about 4 for a text 4 times longer; a step that scans the whole
    # article for each sentence, name or place (as several once did) gives far more.
    short = synthetic_text(12)
    long = synthetic_text(48)
    ratio = _calls(long) / _calls(short)
    assert ratio < 5.0, f"4x the text made {ratio:.1f}x the calls"


def _key(events: list[Event]) -> list[str]:
    return sorted(e.model_dump_json(exclude={"id"}) for e in events)


def test_windowed_parse_finds_the_same_events(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsevents.nlp import pipeline, windows

    text = synthetic_text(10, seed=3)
    whole = events_from_doc(pipeline.parse(text), _article(text))
    # Windows of 60 tokens: every paragraph meets a cut, some in mid-paragraph.
    monkeypatch.setattr(pipeline, "WINDOW_THRESHOLD_CHARS", 500)
    monkeypatch.setattr(windows, "WINDOW_TOKENS", 60)
    real = windows.parse_in_windows
    monkeypatch.setattr(
        pipeline, "parse_in_windows", lambda nlp, t: real(nlp, t, size=60, context=16)
    )
    doc = pipeline.parse(text)
    assert doc.text == text
    windowed = events_from_doc(doc, _article(text))
    assert whole, "the text should yield events"
    # Each event once, with the offsets of the whole text.
    assert _key(windowed) == _key(whole)
    for event in windowed:
        for role in event.roles:
            for span in role.spans:
                assert text[span.start : span.end] == span.text
