"""The canonical records of newsevents: articles, evidence spans and coded events.

Every export, table and API response is a view of these models. Every extracted field
carries the character spans of the article it came from (``spans``) and a confidence in
[0, 1]. Offsets are Python string indices into ``Article.text``.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class _Record(BaseModel):
    """Base for every record: unknown fields are errors, so typos in data files surface."""

    model_config = ConfigDict(extra="forbid")


class Span(_Record):
    """A character range ``[start, end)`` of the article text, with the text it covers."""

    start: int = Field(ge=0, description="Offset of the first character in the article text.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field(description="The article text between start and end.")


class Article(_Record):
    """One news article as read from any input, normalised to plain text."""

    id: str = Field(description="Stable id: a hash of the normalised URL, else of the text.")
    url: str | None = Field(default=None, description="Where the article was published.")
    outlet: str | None = Field(default=None, description="Publishing outlet (site or agency).")
    published: dt.date | None = Field(default=None, description="Publication date.")
    title: str | None = Field(default=None, description="Headline.")
    tags: list[str] = Field(default_factory=list, description="Site tags or keywords.")
    text: str = Field(description="Body text; the title is its first line when known.")
    language: str | None = Field(default=None, description="ISO 639-1 code when detected.")
    source_path: str | None = Field(default=None, description="File the article was read from.")


class Modality(str, Enum):
    """How the article commits to an event having happened.

    ``hypothetical`` also covers acts that are only asked for ("asked Cuba to capture him",
    "called for the arrest of"): not facts, and not announced by those who would do them.
    """

    asserted = "asserted"
    claimed = "claimed"
    alleged = "alleged"
    suspected = "suspected"
    denied = "denied"
    threatened = "threatened"
    planned = "planned"
    negated = "negated"
    hypothetical = "hypothetical"


class RoleType(str, Enum):
    """The part a participant plays in an event."""

    perpetrator = "perpetrator"
    claimant = "claimant"
    target = "target"
    victim = "victim"
    detainee = "detainee"
    recipient = "recipient"
    actor = "actor"


class ActorKind(str, Enum):
    """Broad kind of an actor; PLOVER sectors refine it where known."""

    state = "state"
    military = "military"
    police = "police"
    government = "government"
    armed_group = "armed_group"
    party = "party"
    media = "media"
    igo = "igo"
    ngo = "ngo"
    civilians = "civilians"
    religious = "religious"
    person = "person"
    unknown = "unknown"


class Precision(str, Enum):
    """Granularity of a resolved date."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"


class DateBasis(str, Enum):
    """Where an event date comes from."""

    expression = "expression"
    publication = "publication"


class PlaceBasis(str, Enum):
    """How a place was found to be where an event happened."""

    text = "text"  # the event's own sentences name it
    container = "container"  # an unknown name, placed by a place containing it (the town
    # that follows it in its sentence, or the article's division or country)
    article = "article"  # the article's own place: its dateline, town, division or country


class CountCategory(str, Enum):
    """Categories of people counted in an event."""

    killed = "killed"
    injured = "injured"
    arrested = "arrested"
    kidnapped = "kidnapped"


class SourceKind(str, Enum):
    """Kinds of sources in an attribution chain."""

    publisher = "publisher"
    outlet = "outlet"
    official = "official"
    party = "party"
    sources = "sources"
    witness = "witness"
    statement = "statement"
    other = "other"


class ClaimStance(str, Enum):
    """Whether a party takes or rejects responsibility."""

    claimed = "claimed"
    denied = "denied"


class Role(_Record):
    """A participant: who did what to whom, with the text that names them."""

    role: RoleType = Field(description="Part played in the event.")
    text: str = Field(description="The words that name the participant.")
    spans: list[Span] = Field(default_factory=list, description="Every mention of it.")
    name: str = Field(description="Normalised name (a known actor's canonical name).")
    actor_id: str | None = Field(default=None, description="Knowledge-base id when resolved.")
    kind: ActorKind = Field(default=ActorKind.unknown, description="Kind of actor.")
    affiliation: str | None = Field(
        default=None, description="Organisation the participant belongs to ('Hamas commander')."
    )
    affiliation_id: str | None = Field(default=None, description="Knowledge-base id of it.")
    according_to: str | None = Field(
        default=None,
        description="Who assigns the role when the article only reports it ('police blamed X').",
    )
    country_iso3: str | None = Field(
        default=None, description="ISO 3166-1 alpha-3 country of the participant, where clear."
    )
    country_basis: str | None = Field(
        default=None,
        description="How the country is known: 'actor' (knowledge base), 'nationality' "
        "('Pakistani soldiers') or 'event place' (state forces where the event happened).",
    )
    confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence in this role.")


class Instrument(_Record):
    """A weapon or means used."""

    text: str = Field(description="The words naming the weapon.")
    category: str = Field(description="Weapon category (explosives, firearms, ...).")
    spans: list[Span] = Field(default_factory=list, description="Mentions.")
    confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence.")


class PlaceMention(_Record):
    """A place named in connection with an event."""

    text: str = Field(description="The place name as written.")
    spans: list[Span] = Field(default_factory=list, description="Mentions.")
    is_event_location: bool = Field(
        default=False, description="True for the place where the event happened."
    )
    name: str | None = Field(default=None, description="Resolved place name.")
    geonames_id: int | None = Field(default=None, description="GeoNames id when resolved.")
    latitude: float | None = Field(default=None, description="WGS84 latitude.")
    longitude: float | None = Field(default=None, description="WGS84 longitude.")
    country_iso3: str | None = Field(default=None, description="ISO 3166-1 alpha-3 country.")
    admin1: str | None = Field(default=None, description="First-level subdivision.")
    admin2: str | None = Field(
        default=None, description="Second-level subdivision (a US county) of a resolved town."
    )
    locality: str | None = Field(
        default=None,
        description="The town a resolved section of a town (a neighbourhood) lies in.",
    )
    locality_geonames_id: int | None = Field(
        default=None, description="GeoNames id of the locality."
    )
    precision: str | None = Field(
        default=None, description="exact place, district, region or country."
    )
    confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence.")
    basis: PlaceBasis = Field(
        default=PlaceBasis.text,
        description="Named in the event's sentences, placed by the place containing it, or "
        "the article's own place.",
    )


class TimeRef(_Record):
    """When an event happened, resolved against the publication date."""

    text: str | None = Field(default=None, description="The time expression ('Sunday').")
    spans: list[Span] = Field(default_factory=list, description="Mentions of the expression.")
    start: dt.date = Field(description="First day of the resolved range.")
    end: dt.date = Field(description="Last day of the resolved range.")
    precision: Precision = Field(description="Granularity of the date.")
    basis: DateBasis = Field(description="From an expression, or the publication date alone.")
    confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence.")


class Count(_Record):
    """How many people were killed, injured, arrested or kidnapped."""

    category: CountCategory = Field(description="What is counted.")
    low: int | None = Field(default=None, ge=0, description="Lowest figure the text supports.")
    best: int | None = Field(default=None, ge=0, description="Best single estimate.")
    high: int | None = Field(default=None, ge=0, description="Highest figure the text supports.")
    text: str = Field(description="The words giving the number.")
    spans: list[Span] = Field(default_factory=list, description="Mentions.")
    confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence.")


class Attribution(_Record):
    """One link of the reporting chain: who says so."""

    source: str = Field(description="Who reports or is cited (normalised).")
    kind: SourceKind = Field(description="Publisher, outlet, official, party, sources, ...")
    actor_id: str | None = Field(default=None, description="Knowledge-base id when resolved.")
    text: str | None = Field(default=None, description="The words naming the source.")
    cue: str | None = Field(default=None, description="Reporting verb or phrase ('reported').")
    spans: list[Span] = Field(default_factory=list, description="Mentions.")
    confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence.")


class Claim(_Record):
    """A claim of responsibility: its own record, never silently the perpetrator."""

    claimant: str = Field(description="Who claims (normalised name).")
    claimant_text: str = Field(description="The words naming the claimant.")
    actor_id: str | None = Field(default=None, description="Knowledge-base id when resolved.")
    stance: ClaimStance = Field(
        default=ClaimStance.claimed, description="Takes or rejects responsibility."
    )
    cue: str = Field(description="The claiming words ('took responsibility for').")
    spans: list[Span] = Field(default_factory=list, description="Claimant and cue mentions.")
    confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence.")


class Event(_Record):
    """One incident as reported in one article, with every field's evidence."""

    id: str = Field(description="Stable id from the article id and the event's first trigger.")
    article_id: str = Field(description="Id of the article reporting it.")
    event_type: str = Field(description="PLOVER event type (ASSAULT, COERCE, ...).")
    mode: str | None = Field(default=None, description="PLOVER mode (explosives, arrest, ...).")
    acled_event_type: str | None = Field(default=None, description="ACLED event type.")
    acled_sub_event_type: str | None = Field(default=None, description="ACLED sub-event type.")
    cameo_code: str | None = Field(default=None, description="CAMEO code where it maps.")
    type_confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence in type.")
    triggers: list[Span] = Field(description="Words that express the event, every mention.")
    sentences: list[Span] = Field(default_factory=list, description="Sentences reporting it.")
    roles: list[Role] = Field(default_factory=list, description="Participants.")
    instruments: list[Instrument] = Field(default_factory=list, description="Weapons, means.")
    places: list[PlaceMention] = Field(default_factory=list, description="Places named.")
    time: TimeRef | None = Field(default=None, description="When it happened.")
    killed: Count | None = Field(default=None, description="People killed.")
    injured: Count | None = Field(default=None, description="People injured.")
    arrested: Count | None = Field(default=None, description="People arrested.")
    kidnapped: Count | None = Field(default=None, description="People kidnapped.")
    modality: Modality = Field(default=Modality.asserted, description="Commitment to the event.")
    modality_cues: list[Span] = Field(default_factory=list, description="Words behind modality.")
    modality_confidence: float = Field(default=0.5, ge=0, le=1, description="Confidence.")
    aggregate: bool = Field(
        default=False,
        description="A sum over many incidents ('2,000 detained since September'), not one "
        "incident: its counts are totals and it has no single date.",
    )
    attribution: list[Attribution] = Field(
        default_factory=list, description="Reporting chain: publisher first, then those cited."
    )
    claims: list[Claim] = Field(default_factory=list, description="Claims of responsibility.")
    confidence: float = Field(default=0.5, ge=0, le=1, description="Overall confidence.")

    def roles_of(self, role: RoleType | str) -> list[Role]:
        """Return the participants playing ``role``."""
        wanted = RoleType(role)
        return [r for r in self.roles if r.role == wanted]


class ArticleResult(_Record):
    """What extraction made of one article: its events, or the reason there are none."""

    article: Article = Field(description="The article read.")
    events: list[Event] = Field(default_factory=list, description="Events found.")
    reason: str | None = Field(default=None, description="Why no event was found, if none.")
