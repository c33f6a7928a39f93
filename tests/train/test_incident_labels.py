"""Labels of the incident model's training records, and the record feature that tells an
arrest for an act of violence."""

from __future__ import annotations

from newsevents.decide.features import RECORD_FEATURES, record_features
from newsevents.model import Article, Count, CountCategory, Event, Span
from newsevents.train.incident_data import _Doc, _label

TEXT = "Gunmen shot two men on Monday. Police arrested a suspect in the shooting."


def _span(word: str) -> Span:
    start = TEXT.index(word)
    return Span(start=start, end=start + len(word), text=word)


def _sentence(n: int) -> Span:
    bounds = [(0, TEXT.index(" Police")), (TEXT.index("Police"), len(TEXT))]
    a, b = bounds[n]
    return Span(start=a, end=b, text=TEXT[a:b])


def _shooting(arrested: bool = True) -> Event:
    count = Count(
        category=CountCategory.arrested,
        best=1,
        low=1,
        high=1,
        text="a suspect",
        spans=[_span("a suspect")],
    )
    return Event(
        id="shot",
        article_id="a",
        event_type="ASSAULT",
        mode="firearms",
        triggers=[_span("shot")],
        sentences=[_sentence(0)],
        arrested=count if arrested else None,
    )


def _arrest() -> Event:
    return Event(
        id="arrest",
        article_id="a",
        event_type="COERCE",
        mode="arrest",
        triggers=[_span("arrested")],
        sentences=[_sentence(1)],
    )


def _feature(event: Event, events: list[Event], name: str) -> float:
    return record_features(event, TEXT, events)[RECORD_FEATURES.index(name)]


def test_an_arrest_counted_by_a_shooting_is_marked() -> None:
    arrest = _arrest()
    assert _feature(arrest, [_shooting(), arrest], "arrest_for_violence") == 1.0
    assert _feature(arrest, [_shooting(arrested=False), arrest], "arrest_for_violence") == 0.0
    shooting = _shooting()
    assert _feature(shooting, [shooting, arrest], "arrest_for_violence") == 0.0


def _doc(source: str, keys: tuple[str, ...]) -> _Doc:
    return _Doc(source, "d1", Article(id="d1", text=TEXT), keys)


def _verbal(event_type: str) -> Event:
    return Event(
        id="v",
        article_id="a",
        event_type=event_type,
        triggers=[_span("shot")],
        sentences=[_sentence(0)],
    )


def test_sets_of_violence_say_nothing_of_other_kinds() -> None:
    for source in ("muc4", "gvdb"):
        assert _label(_doc(source, ("gunmen",)), _verbal("THREATEN")) is None
    assert _label(_doc("bbc", ()), _verbal("THREATEN")) == 0


def test_a_defenders_report_codes_threats_against_them_not_reactions() -> None:
    assert _label(_doc("hrdsattack", ("gunmen",)), _verbal("THREATEN")) == 1
    assert _label(_doc("hrdsattack", ("nobody",)), _verbal("THREATEN")) == 0
    assert _label(_doc("hrdsattack", ("gunmen",)), _verbal("ACCUSE")) == 0


def test_arrest_of_the_doers_is_not_an_incident_of_its_own() -> None:
    assert _label(_doc("gvdb", ("suspect",)), _arrest()) == 0
    assert _label(_doc("gvdb", ("nobody",)), _arrest()) is None
    assert _label(_doc("muc4", ("nobody",)), _arrest()) is None
    # A defender's detention is what HRDsAttack codes.
    assert _label(_doc("hrdsattack", ("suspect",)), _arrest()) == 1
    assert _label(_doc("muc4", ("gunmen",)), _shooting()) == 1
    assert _label(_doc("muc4", ("nobody",)), _shooting()) == 0


def test_cameo_sentences_label_by_their_class() -> None:
    threat = _verbal("THREATEN")
    assert _label(_doc("cameo", ("3",)), threat) == 1
    assert _label(_doc("cameo", ("0",)), threat) == 0
    assert _label(_doc("cameo", ("4",)), _shooting()) == 1
    assert _label(_doc("cameo", ("1",)), _shooting()) == 0
    # An accusation in an accusing lead is real, but no incident of its own.
    assert _label(_doc("cameo", ("3",)), _verbal("ACCUSE")) is None
    assert _label(_doc("cameo", ("0",)), _verbal("ACCUSE")) == 0
