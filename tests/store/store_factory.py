"""Hand-written articles and events for the database tests (no spaCy needed).

Every span points into the article text, so evidence and packing behave as with real events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from newsevents.model import (
    Article,
    ArticleResult,
    Attribution,
    Claim,
    Count,
    Event,
    PlaceMention,
    Role,
    Span,
    TimeRef,
)


def span(text: str, phrase: str, after: int = 0) -> Span:
    """The span of the first ``phrase`` in ``text`` at or after offset ``after``."""
    start = text.index(phrase, after)
    return Span(start=start, end=start + len(phrase), text=phrase)


@dataclass
class Story:
    """One article reporting one event: who did what to whom, where, when."""

    article_id: str
    perpetrator: str = "Gunmen"
    perpetrator_id: str | None = None
    victim: str = "four soldiers"
    verb: str = "killed"
    event_type: str = "ASSAULT"
    mode: str | None = "firearms"
    place: str = "Gao"
    latitude: float | None = 16.27
    longitude: float | None = -0.04
    country: str | None = "MLI"
    admin2: str | None = None
    day: dt.date | None = dt.date(2021, 3, 7)
    killed: int | None = 4
    outlet: str | None = "Sahel Wire"
    claimant: str | None = None
    affiliation: tuple[str, str] | None = None
    extra_events: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        claim = f" {self.claimant} claimed the attack." if self.claimant else ""
        extra = "".join(f" Troops {word} the town." for word in self.extra_events)
        return (
            f"Attack near {self.place}\n\n{self.perpetrator} {self.verb} {self.victim} near "
            f"{self.place} on Sunday, the army said.{claim}{extra}\n"
        )

    def result(self) -> ArticleResult:
        """The extraction result of the story."""
        text = self.text
        article = Article(
            id=self.article_id,
            url=f"https://example.org/{self.article_id}",
            outlet=self.outlet,
            published=self.day + dt.timedelta(days=1) if self.day else None,
            title=f"Attack near {self.place}",
            text=text,
            language="en",
            source_path=f"{self.article_id}.txt",
        )
        events = [self.event(text)]
        events += [self.extra(text, word, n) for n, word in enumerate(self.extra_events, 1)]
        return ArticleResult(article=article, events=events)

    def event(self, text: str) -> Event:
        sentence_end = text.index("said.") + len("said.")
        body = text.index("\n\n") + 2
        roles = [
            Role(
                role="perpetrator",
                text=self.perpetrator,
                spans=[span(text, self.perpetrator, body)],
                name=self.perpetrator,
                actor_id=self.perpetrator_id,
                kind="armed_group",
                affiliation=self.affiliation[0] if self.affiliation else None,
                affiliation_id=self.affiliation[1] if self.affiliation else None,
                confidence=0.7,
            ),
            Role(
                role="victim",
                text=self.victim,
                spans=[span(text, self.victim)],
                name=self.victim.removeprefix("four "),
                kind="military",
                confidence=0.8,
            ),
        ]
        place = PlaceMention(
            text=self.place,
            spans=[span(text, self.place, body)],
            is_event_location=True,
            name=self.place,
            latitude=self.latitude,
            longitude=self.longitude,
            country_iso3=self.country,
            admin1="Gao Region" if self.country == "MLI" else None,
            admin2=self.admin2,
            precision="exact place",
            confidence=0.7,
        )
        attribution = [
            Attribution(
                source="army",
                kind="official",
                text="the army",
                cue="said",
                spans=[span(text, "the army")],
                confidence=0.7,
            ),
        ]
        if self.outlet:
            attribution.insert(
                0,
                Attribution(
                    source=self.outlet,
                    kind="publisher",
                    text=self.outlet,
                    cue="published",
                    confidence=0.9,
                ),
            )
        claims = []
        if self.claimant:
            claims.append(
                Claim(
                    claimant=self.claimant,
                    claimant_text=self.claimant,
                    cue="claimed",
                    spans=[span(text, self.claimant, body)],
                    confidence=0.8,
                )
            )
        time = None
        if self.day is not None:
            time = TimeRef(
                text="on Sunday",
                spans=[span(text, "on Sunday")],
                start=self.day,
                end=self.day,
                precision="day",
                basis="expression",
                confidence=0.8,
            )
        killed = None
        if self.killed is not None:
            killed = Count(
                category="killed",
                low=self.killed,
                best=self.killed,
                high=self.killed,
                text=self.victim,
                spans=[span(text, self.victim)],
            )
        return Event(
            id=f"{self.article_id}-e0",
            article_id=self.article_id,
            event_type=self.event_type,
            mode=self.mode,
            acled_event_type="Battles",
            acled_sub_event_type="Armed clash",
            triggers=[span(text, self.verb, body)],
            sentences=[Span(start=body, end=sentence_end, text=text[body:sentence_end])],
            roles=roles,
            places=[place],
            time=time,
            killed=killed,
            attribution=attribution,
            claims=claims,
            confidence=0.75,
        )

    def extra(self, text: str, word: str, n: int) -> Event:
        trigger = span(text, word, text.index("Troops"))
        return Event(
            id=f"{self.article_id}-e{n}",
            article_id=self.article_id,
            event_type="COERCE",
            mode="seize",
            triggers=[trigger],
            roles=[
                Role(
                    role="actor",
                    text="Troops",
                    name="troops",
                    kind="military",
                    spans=[span(text, "Troops")],
                )
            ],
            time=TimeRef(
                start=self.day or dt.date(2021, 1, 1),
                end=self.day or dt.date(2021, 1, 1),
                precision="day",
                basis="publication",
            ),
        )


def results(*stories: Story) -> list[ArticleResult]:
    """The extraction results of several stories."""
    return [story.result() for story in stories]
