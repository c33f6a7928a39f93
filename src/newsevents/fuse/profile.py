"""Compact, serialisable summaries of an event (``EventProfile``) and of an incident
(``IncidentProfile``): what fusion compares, and what an incident index stores.

An event profile is built from an :class:`~newsevents.model.Event` and its
:class:`~newsevents.model.Article` (:func:`profile_event`): type and mode, the date range
and its precision, the event place (already geocoded by extraction), actors per role,
named people, counts, salient terms (:mod:`newsevents.fuse.terms`) and the source. An
incident profile is the reconciliation of the event profiles fused into it
(:mod:`newsevents.fuse.reconcile`). Both are pydantic models, so ``model_dump_json`` /
``model_validate_json`` store and restore them (a database keeps them as JSON).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field
from unidecode import unidecode

from newsevents.fuse.boilerplate import SegmentStats, strip_boilerplate
from newsevents.fuse.config import PLACE_PRECISIONS, TextSettings
from newsevents.fuse.dates import shift
from newsevents.fuse.terms import TermVector, salient_terms
from newsevents.model import (
    ActorKind,
    Article,
    CountCategory,
    DateBasis,
    Event,
    PlaceMention,
    Precision,
    RoleType,
)

#: The type of a profile made from an article without events: it blocks with any type.
ANY_TYPE = "*"
#: Roles whose named people identify an incident (victims and suspects are in every report).
_PERSON_ROLES = frozenset(
    {RoleType.victim, RoleType.perpetrator, RoleType.detainee, RoleType.target}
)
#: How the event id of an article's fallback profile (no event found) starts.
FALLBACK_PREFIX = "article:"
#: Most places besides the event location a profile keeps.
MAX_OTHER_PLACES = 6
_ARCHIVE = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/", re.I)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlacePoint(_Model):
    """A geocoded place: where an event happened, as precisely as known."""

    name: str
    latitude: float
    longitude: float
    precision: str | None = None
    country_iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None

    @property
    def rank(self) -> int:
        """0 for an exact place, up to 4 for an unknown precision (lower is finer)."""
        if self.precision in PLACE_PRECISIONS:
            return PLACE_PRECISIONS.index(self.precision)
        return len(PLACE_PRECISIONS)


class CountRange(_Model):
    """One count as low / best / high (any may be unknown)."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    def value(self) -> int | None:
        """The single figure to compare: best, else low, else high."""
        for v in (self.best, self.low, self.high):
            if v is not None:
                return v
        return None


class DateRange(_Model):
    """When: a range of days, its precision, and whether the text wrote it."""

    start: dt.date
    end: dt.date
    precision: Precision
    written: bool = Field(description="From a date expression, not the publication date.")

    @property
    def days(self) -> int:
        """Length of the range in days."""
        return (self.end - self.start).days + 1


class SourceRef(_Model):
    """One report: the article and event behind a profile."""

    article_id: str
    event_id: str
    outlet: str | None = None
    published: dt.date | None = None


class EventProfile(_Model):
    """What fusion needs to know about one event as one article reports it."""

    source: SourceRef
    event_type: str = Field(description=f"PLOVER type; {ANY_TYPE!r} for an article fallback.")
    mode: str | None = None
    modality: str = "asserted"
    date: DateRange | None = None
    place: PlacePoint | None = None
    other_places: list[PlacePoint] = Field(
        default_factory=list, description="Other geocoded places named with the event."
    )
    place_names: list[str] = Field(default_factory=list)
    actors: dict[str, list[str]] = Field(
        default_factory=dict, description="Role -> knowledge-base actor ids."
    )
    persons: list[str] = Field(default_factory=list, description="Normalised person names.")
    perpetrators: list[str] = Field(default_factory=list, description="Named perpetrators.")
    claims: list[str] = Field(default_factory=list, description="'claimed:X' / 'denied:X'.")
    counts: dict[str, CountRange] = Field(default_factory=dict)
    title_terms: TermVector = Field(default_factory=dict)
    terms: TermVector = Field(default_factory=dict)
    is_main: bool = Field(default=False, description="The main event of its article.")
    is_fallback: bool = Field(default=False, description="Made from an article, no event.")
    aggregate: bool = Field(default=False, description="A sum over many incidents.")


class SourcedValue(_Model):
    """A claim about an incident (a perpetrator, a claim of responsibility) and who makes it."""

    value: str
    article_ids: list[str]


class CountSummary(_Model):
    """A count reconciled across sources, with what each source reported."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    reports: dict[str, CountRange] = Field(
        default_factory=dict, description="Article id -> what that article reported."
    )


class IncidentProfile(_Model):
    """One incident as all its sources describe it."""

    incident_id: str
    event_type: str
    mode: str | None = None
    modes: dict[str, int] = Field(default_factory=dict, description="Mode -> events.")
    date: DateRange | None = None
    first_published: dt.date | None = None
    last_published: dt.date | None = None
    place: PlacePoint | None = None
    places: list[PlacePoint] = Field(default_factory=list)
    place_names: list[str] = Field(default_factory=list)
    actors: dict[str, list[str]] = Field(default_factory=dict)
    persons: list[str] = Field(default_factory=list)
    perpetrators: list[SourcedValue] = Field(default_factory=list)
    claims: list[SourcedValue] = Field(default_factory=list)
    counts: dict[str, CountSummary] = Field(default_factory=dict)
    title_terms: TermVector = Field(default_factory=dict)
    terms: TermVector = Field(default_factory=dict)
    sources: list[SourceRef] = Field(default_factory=list)
    aggregate: bool = Field(default=False, description="Made of sums over many incidents.")

    @property
    def n_sources(self) -> int:
        """Number of distinct articles reporting the incident."""
        return len({s.article_id for s in self.sources})

    @property
    def article_ids(self) -> list[str]:
        """The reporting articles, in order of arrival."""
        return list(dict.fromkeys(s.article_id for s in self.sources))


# -- building profiles --------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Lower-case ASCII words of a name, without punctuation ("José O'Neil" -> "jose oneil")."""
    words = re.findall(r"[a-z0-9]+", unidecode(name).lower().replace("'", ""))
    return " ".join(words)


def outlet_of(article: Article) -> str | None:
    """The outlet, else the site of the URL (past an archive prefix), without ``www.``."""
    if article.outlet:
        return article.outlet
    if not article.url:
        return None
    try:
        host = urlsplit(_ARCHIVE.sub("", article.url)).hostname or ""
    except ValueError:  # a URL kept as text because it does not parse ("http://[::1/x")
        return None
    return host.removeprefix("www.") or None


def source_of(article: Article, event_id: str) -> SourceRef:
    """The source reference of an event (or of the article, for a fallback)."""
    return SourceRef(
        article_id=article.id,
        event_id=event_id,
        outlet=outlet_of(article),
        published=article.published,
    )


def event_places(places: list[PlaceMention]) -> list[PlacePoint]:
    """The geocoded places of an event, the likeliest event location first: those marked
    as the location, then the finest, then the most confident; one per name."""

    def rank(p: PlaceMention) -> tuple[bool, int, float]:
        precision = PLACE_PRECISIONS.index(p.precision) if p.precision in PLACE_PRECISIONS else 9
        return (not p.is_event_location, precision, -p.confidence)

    out: dict[str, PlacePoint] = {}
    for p in sorted(places, key=rank):
        if p.latitude is None or p.longitude is None:
            continue
        point = PlacePoint(
            name=p.name or p.text,
            latitude=p.latitude,
            longitude=p.longitude,
            precision=p.precision,
            country_iso3=p.country_iso3,
            admin1=p.admin1,
            admin2=p.admin2,
        )
        out.setdefault(point.name, point)
    return list(out.values())


def publication_range(published: dt.date | None) -> DateRange | None:
    """An undated report happened within the week before publication."""
    if published is None:
        return None
    return DateRange(
        start=shift(published, -7),
        end=published,
        precision=Precision.week,
        written=False,
    )


def _date(event: Event, article: Article) -> DateRange | None:
    if event.time is None:
        return publication_range(article.published)
    t = event.time
    return DateRange(
        start=t.start, end=t.end, precision=t.precision, written=t.basis == DateBasis.expression
    )


def _persons(event: Event) -> list[str]:
    names = [
        normalise_name(r.name)
        for r in event.roles
        if r.kind == ActorKind.person and r.role in _PERSON_ROLES
    ]
    return sorted({n for n in names if " " in n})


def _actors(event: Event) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for r in event.roles:
        # Unknown names get hashed "unk_" ids: those are compared as persons, not actors.
        if r.actor_id and not r.actor_id.startswith("unk_"):
            out.setdefault(r.role.value, set()).add(r.actor_id)
    return {role: sorted(ids) for role, ids in sorted(out.items())}


def _counts(event: Event) -> dict[str, CountRange]:
    out = {}
    for category in CountCategory:
        count = getattr(event, category.value)
        if count is not None and (count.low, count.best, count.high) != (None, None, None):
            out[category.value] = CountRange(low=count.low, best=count.best, high=count.high)
    return out


def _sentences_text(event: Event, article: Article) -> str:
    return "\n".join(s.text for s in event.sentences) or article.text


def profile_event(
    event: Event,
    article: Article,
    settings: TextSettings,
    *,
    text: str | None = None,
    boilerplate: SegmentStats | None = None,
) -> EventProfile:
    """The profile of ``event`` as ``article`` reports it.

    Its terms come from ``text`` when given (the whole article, for a main event), else
    from the sentences that report the event; sentences ``boilerplate`` knows as site
    boilerplate are left out.
    """
    title = strip_boilerplate(article.title or "", boilerplate)
    text = text if text is not None else _sentences_text(event, article)
    perpetrators = [
        normalise_name(r.name) for r in event.roles_of(RoleType.perpetrator) if r.actor_id
    ]
    places = event_places(event.places)
    return EventProfile(
        source=source_of(article, event.id),
        event_type=event.event_type,
        mode=event.mode,
        modality=event.modality.value,
        aggregate=event.aggregate,
        date=_date(event, article),
        place=places[0] if places else None,
        other_places=places[1 : MAX_OTHER_PLACES + 1],
        place_names=sorted({normalise_name(p.name or p.text) for p in event.places} - {""}),
        actors=_actors(event),
        persons=_persons(event),
        perpetrators=sorted(set(perpetrators) - {""}),
        claims=sorted({f"{c.stance.value}:{c.actor_id or c.claimant}" for c in event.claims}),
        counts=_counts(event),
        title_terms=salient_terms(title, settings),
        terms=salient_terms(strip_boilerplate(text, boilerplate), settings),
    )


def fallback_profile(
    article: Article, settings: TextSettings, boilerplate: SegmentStats | None = None
) -> EventProfile:
    """A profile of an article in which extraction found no event.

    The article must still be placed in an incident: it is dated by its publication and
    compared by its words (names, numbers), with a type that blocks with any other.
    """
    return EventProfile(
        source=source_of(article, f"{FALLBACK_PREFIX}{article.id}"),
        event_type=ANY_TYPE,
        date=publication_range(article.published),
        title_terms=salient_terms(strip_boilerplate(article.title or "", boilerplate), settings),
        terms=salient_terms(strip_boilerplate(article.text, boilerplate), settings),
        is_main=True,
        is_fallback=True,
    )


__all__ = [
    "ANY_TYPE",
    "FALLBACK_PREFIX",
    "CountRange",
    "CountSummary",
    "DateRange",
    "EventProfile",
    "IncidentProfile",
    "PlacePoint",
    "SourceRef",
    "SourcedValue",
    "event_places",
    "fallback_profile",
    "normalise_name",
    "outlet_of",
    "profile_event",
    "publication_range",
    "source_of",
]
