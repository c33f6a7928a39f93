"""Where an event happened when its own sentence does not say: the article's other places.

An analyst coding "Police are investigating a shooting. It happened on the 1100 block of
Wade Street in Aliquippa." puts the shooting in Aliquippa, Pennsylvania, and one coding a
story datelined "LEHIGH ACRES, Fla." or set entirely in Minsk puts its events there too.
This step does the same, after the incidents are decided, for events whose location is
unknown to the gazetteer or missing:

1. **The place that contains it.** A location the gazetteer does not know (a street, a
   school, a road) followed in its sentence by a known place with no verb in between ("Shagai
   Road in the limits of Cantonment Police Station in Peshawar") keeps its name and takes
   that place's country, division and point.
2. **The article's place.** Otherwise the article's own place, from its events' places,
   else from every place name it contains: its country when at least
   :data:`ARTICLE_SHARE` of the resolved mentions lie in one, its first-level division when
   as large a share of those do, and its town when the dateline names one there, or the
   article names one town there (read by its own name, or with other names placing the
   article too), or one town far more often than any other (:func:`with_town`; its
   division is taken when the names are spread over several, and the dateline's when
   they are spread over several countries). An event with no location gets it at the
   matching precision and a low confidence; an unknown location keeps its name and takes
   the country and division, or the town.

The town whose police the article names ("Birmingham police said") is where it is set
when its other names settle no town, and it holds the story in its country against a
stray foreign reading. A small town far from the dateline's town (or the police town, or
the town named more often), in a division nothing else in the article names, is no
setting of the article even when its events point at it: "Ensley" of a story told by
"Birmingham police" is a part of Birmingham.

Events the gazetteer does place are refined too: one located at a division only is put
at the town of that division it names, else at the article's town there; one located at
a small town far away (any town, where the article's town is its police town), in a
division the article names nowhere else, is put in the article's town (a neighbourhood
sharing a far town's name).

Each filled-in field cites the spans it came from: the containing place's mention, or the
article's mentions of the place it takes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.extract.geocode import NamedPlace
from newsevents.extract.words import WORDS
from newsevents.incidents.dates import HAPPENED_VERBS
from newsevents.model import Event, PlaceBasis, PlaceMention, Span
from newsevents.resolve.gazetteer import CITY, PRIMARY, Place
from newsevents.resolve.places import haversine_km

#: Share of an article's resolved place mentions that must lie in one country (then one
#: division, then one town) for events without a known place to be put there.
ARTICLE_SHARE = 0.75
#: Confidence of a location that is only the article's place.
ARTICLE_PLACE_CONFIDENCE = 0.4
#: Confidence of an unknown location placed by the known place that follows it.
CONTAINER_CONFIDENCE = 0.55
#: Most tokens between an unknown location and the known place that contains it.
CONTAINER_REACH = 12
#: Spans cited as evidence for a place taken from the whole article.
EVIDENCE_SPANS = 3
#: How many times as often as any other town of its division the article's town is named.
TOWN_LEAD = 2
#: A town at least this far (km) from the article's town, in a division the article names
#: nowhere else, and smaller than :data:`NAMESAKE_POPULATION`, is a misread part of the
#: article's town (a neighbourhood, a square) that shares a far town's name.
NAMESAKE_KM = 150.0
NAMESAKE_POPULATION = 100_000

#: Confidence of a street address taken as the event's location.
ADDRESS_CONFIDENCE = 0.6
_ORDINAL_WORDS = frozenset({"first", "second", "third", "other", "latter", "former", "one"})
_STREET = (
    r"(?:Street|St\.(?!\s*[A-Z])|Avenue|Ave\.|Road|Rd\.|Drive|Dr\.|Boulevard|Blvd\.|Lane|Way|Court|"
    r"Parkway|Highway|Terrace|Circle|Place)"
)
_DIRECTION = (
    r"(?:(?:North|South|East|West|Northwest|Northeast|Southwest|Southeast|[NSEW]|NW|NE|SW|SE)"
    r"\.?\s+)"
)
_NAME_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|(?!(?:The|A|An|On|In|At)\b)[A-Z][a-z]+)"
# Street words written before the name, as French, Spanish and Italian streets are ("Rue
# Victor Hugo", "Avenida Bolivar", "Calle de Alcala"), with the particles of such names.
_STREET_BEFORE = r"(?:Rue|Avenue|Boulevard|Calle|Avenida|Carrera|Viale|Piazza|Plaza|Plaça)"
_PARTICLE = r"(?:(?:de|du|des|la|le|del|de la|di|della)\s+)"
# "1100 block of Wade Street", "3000 block of Utah", "Southwest 25th Street", "202 Childers
# Drive": a block or a house number, or a name that ends in a street word; or a street word
# then a name ("Rue Victor Hugo").
_ADDRESS = re.compile(
    rf"\b\d{{1,5}}\s+block\s+of\s+{_DIRECTION}?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
    rf"|\b(?:\d{{1,5}}\s+)?{_DIRECTION}?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s+{_STREET}(?!\w)"
    rf"|\b{_STREET_BEFORE}\s+{_PARTICLE}?{_NAME_WORD}(?:[\s-]+{_PARTICLE}?{_NAME_WORD}){{0,3}}"
)

# A dateline: a place name at the start of a paragraph, perhaps with a state abbreviation,
# perhaps with the outlet in brackets, then a dash or a bar ("ALIQUIPPA (KDKA) —", "LEHIGH
# ACRES, Fla. –", "GARY |"); a name in upper and lower case only before a long dash
# ("Detroit — A 4-year-old boy ..."), since a hyphen after capitalised words is as often a
# headline's ("Oak Park Shooting - Fox 2 News"). A long dash may touch the first word of the
# story ("COLUMBUS (WCMH)–Police say").
_DATELINE = re.compile(
    r"(?:^|\n)[ \t]*(?:([A-Z][A-Z.'’ -]{1,40}[A-Z.])(?:,\s*[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)?"
    r"\s*(?:\([^)\n]{1,40}\))?"
    r"\s*(?:—|–|---|--|-|\|)"
    r"|([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})(?:,\s*[A-Z][\w.]*)?\s*(?:\([^)\n]{1,40}\))?"
    r"\s*(?:—|–|---|--))(?:\s|(?<=[—–])(?=[A-Z]))"
)
#: Characters from the start of the text within which a dateline is looked for.
DATELINE_REACH = 600


#: A town's police right after its name ("Birmingham police", "the Chicago Police
#: Department", "Columbus PD"): the town whose police investigate is where the story is set.
_POLICE_AFTER = re.compile(r"(?:'s)?[ \t]+(?:[Pp]olice|PD\b|P\.D\.)")


@dataclass(frozen=True)
class ArticlePlace:
    """Where the article as a whole is set: a country, perhaps a division, perhaps a town,
    with the mentions that show it."""

    iso3: str
    admin1: str | None
    town: NamedPlace | None
    spans: tuple[Span, ...]


def dateline_place(text: str, named: Sequence[NamedPlace]) -> NamedPlace | None:
    """The resolved town of the article's dateline, if it has one."""
    for match in _DATELINE.finditer(text, 0, DATELINE_REACH):
        start = match.start(1) if match.group(1) else match.start(2)
        for place in named:
            if place.span.start == start and place.resolution.place.kind == CITY:
                return place
    return None


def police_town(text: str, named: Sequence[NamedPlace]) -> NamedPlace | None:
    """The one town, read by its own name, whose police the article names ("Birmingham
    police said", "Chicago Police spokesman"); None when it names none or several."""
    towns = [
        p
        for p in named
        if p.resolution.place.kind == CITY
        and _by_own_name(p)
        and _POLICE_AFTER.match(text, p.span.end) is not None
    ]
    if len({p.resolution.place.geonames_id for p in towns}) != 1:
        return None
    return towns[0]


def article_place(
    named: Sequence[NamedPlace], events: Sequence[Event], dateline: NamedPlace | None
) -> ArticlePlace | None:
    """Where the article is set (:class:`ArticlePlace`), or None when it is about several
    countries or names no known place. Every resolved mention counts once, the article's
    and its events' alike. ``dateline``: the town of the article's dateline
    (:func:`dateline_place`), if any."""
    seen: dict[tuple[int, int], tuple[str, str | None, Span, NamedPlace | None]] = {}
    for place in named:
        if place.iso3 is not None:
            key = (place.span.start, place.span.end)
            seen[key] = (place.iso3, place.admin1, place.span, place)
    for event in events:
        for mention in event.places:
            if mention.country_iso3 is None:
                continue
            for span in mention.spans:
                seen.setdefault(
                    (span.start, span.end), (mention.country_iso3, mention.admin1, span, None)
                )
    if not seen:
        return None
    (iso3, n), *_ = Counter(c for c, _, _, _ in seen.values()).most_common(1)
    if n < ARTICLE_SHARE * len(seen):
        return None
    divisions = Counter(a for c, a, _, _ in seen.values() if c == iso3 and a)
    admin1: str | None = None
    if divisions:
        (top, k), *_ = divisions.most_common(1)
        admin1 = top if k >= ARTICLE_SHARE * n else None
    inside = [
        v for _, v in sorted(seen.items()) if v[0] == iso3 and (admin1 is None or v[1] == admin1)
    ]
    town = _town(inside, dateline, admin1)
    if town is not None:
        spans = [s for _, _, s, p in inside if p is not None and _same_place(p, town)]
        spans = spans or [town.span]
    else:
        spans = [s for _, _, s, _ in inside]
    return ArticlePlace(iso3, admin1, town, tuple(spans[:EVIDENCE_SPANS]))


def with_town(
    setting: ArticlePlace,
    named: Sequence[NamedPlace],
    dateline: NamedPlace | None,
    located: frozenset[int] = frozenset(),
) -> ArticlePlace:
    """The article's place with its town, when its events' places set the country and the
    division but name no town the article's other names single out ("Charlotte police
    said" names Charlotte outside every event's location), and with the dateline's
    division and town when the article's names are spread over several divisions of the
    dateline's country: the dateline says where the reporter is. A division that only the
    events' own locations point at (``located``: their GeoNames ids), with no town there
    to single out, yields to the division of the town the article names most: a "Park
    Hill" read as the Oklahoma village does not outweigh "Denver police" said twice."""
    admin1 = setting.admin1
    if admin1 is None and dateline is not None and dateline.iso3 == setting.iso3:
        admin1 = dateline.admin1
    if admin1 is None:
        admin1 = _leading_division(named, setting.iso3)
    elif not any(
        p.admin1 == admin1
        and (
            p.resolution.place.geonames_id not in located
            # A large town is no misreading: "Las Vegas" holds its state.
            or p.resolution.place.population >= NAMESAKE_POPULATION
        )
        for p in named
    ):
        admin1 = _leading_division(named, setting.iso3) or admin1
    inside = [
        (p.iso3 or "", p.admin1, p.span, p)
        for p in named
        if p.iso3 == setting.iso3 and admin1 is not None and p.admin1 == admin1
    ]
    town = _town(inside, dateline, admin1)
    if town is None:
        return setting
    spans = [p.span for p in named if _same_place(p, town)]
    return ArticlePlace(setting.iso3, admin1, town, tuple(spans[:EVIDENCE_SPANS]))


def _located_ids(events: Sequence[Event]) -> frozenset[int]:
    """The GeoNames ids of the events' locations."""
    return frozenset(
        own.geonames_id
        for own in (_location(e) for e in events)
        if own is not None and own.geonames_id is not None
    )


def _leading_division(named: Sequence[NamedPlace], iso3: str) -> str | None:
    """The division of the town the article names far more often than any other town of the
    country (twice at least and :data:`TOWN_LEAD` times as often as the next), counting
    only names read by a town's own name: "San Antonio" six times outweighs a stray
    reading of "North Side" as another state's town, which would otherwise leave the
    article with no division at all."""
    town = _leading_town(named, iso3)
    return town.admin1 if town is not None else None


def _leading_town(named: Sequence[NamedPlace], iso3: str | None = None) -> NamedPlace | None:
    """The town (of country ``iso3``, or of any) the article names far more often than any
    other town, by its own name: twice at least and :data:`TOWN_LEAD` times as often as the
    next."""
    counts = Counter(
        p.resolution.place.geonames_id
        for p in named
        if (iso3 is None or p.iso3 == iso3) and p.resolution.place.kind == CITY and _by_own_name(p)
    )
    if not counts:
        return None
    (top, k), *rest = counts.most_common(2)
    if k < 2 or (rest and k < TOWN_LEAD * rest[0][1]):
        return None
    return next(p for p in named if p.resolution.place.geonames_id == top)


def _same_place(a: NamedPlace, b: NamedPlace) -> bool:
    return a.resolution.place.geonames_id == b.resolution.place.geonames_id


def _town(
    inside: Sequence[tuple[str, str | None, Span, NamedPlace | None]],
    dateline: NamedPlace | None,
    admin1: str | None,
) -> NamedPlace | None:
    """The article's town: its dateline's when that lies in the article's division, else the
    only town it names there, else the town it names most there, twice at least and at
    least :data:`TOWN_LEAD` times as often as any other. Counties do not compete: a story
    set in a town names the town's county too ("Decatur County officials")."""
    if admin1 is None:
        return None
    if dateline is not None and dateline.admin1 == admin1:
        return dateline
    # The division and the country contain every town: only towns compete.
    towns = [p for _, _, _, p in inside if p is not None and p.resolution.place.kind == CITY]
    if not towns:
        return None
    counts = Counter(p.resolution.place.geonames_id for p in towns)
    (top, k), *rest = counts.most_common(2)
    mentions = [p for p in towns if p.resolution.place.geonames_id == top]
    if all(_via_prefix(p) for p in mentions):
        # "Hampton" of "Hampton Park": the first words of a longer name set no scene.
        return None
    # The one town the article names in its division is where it is set, however often it
    # is named ("Jonesboro police said ... in Arkansas"), when some other name places the
    # article too or the town is read by its own name ("Cincinnati police said"): one
    # name alone read otherwise is too little to go on.
    only = len(counts) == 1 and (len(inside) >= 2 or any(_by_own_name(p) for p in mentions))
    runner_up = rest[0][1] if rest else 0
    if not only and (k < 2 or k < TOWN_LEAD * runner_up):
        return None
    return next(p for p in mentions if not _via_prefix(p))


def _by_own_name(place: NamedPlace) -> bool:
    """Whether the name was read as a town's own name, whole (not an alternate name, not
    the first words of a longer one)."""
    cands = place.resolution.candidates
    return bool(cands) and cands[0].how == PRIMARY and not _via_prefix(place)


def _via_prefix(place: NamedPlace) -> bool:
    """Whether the name was resolved through the first words of a longer one."""
    cands = place.resolution.candidates
    return bool(cands) and "via_prefix" in cands[0].parts


def _location(event: Event) -> PlaceMention | None:
    return next((p for p in event.places if p.is_event_location), None)


def _needs_place(event: Event) -> bool:
    """Whether the event has no location, or one without a country."""
    own = _location(event)
    return own is None or own.country_iso3 is None


def container(
    place: PlaceMention, named: Sequence[NamedPlace], doc: Doc, country: str | None = None
) -> NamedPlace | None:
    """The known place that follows an unknown one in its sentence and contains it: a
    resolved name after it, within :data:`CONTAINER_REACH` tokens with no verb between
    ("the 1100 block of Wade Street in Aliquippa"; a participle describing a noun, such as
    "located", may stand between; a conjunction may not). The first one in ``country``
    (the article's main country) when there is one, so that a misread name on the way
    ("Cantonment" as a Florida town) is passed over; else the first."""
    if not place.spans:
        return None
    first = place.spans[0]
    here = doc.char_span(first.start, first.end, alignment_mode="expand")
    if here is None:
        return None
    sent = here.sent
    reachable: list[NamedPlace] = []
    for candidate in named:
        start = candidate.span.start
        if start < first.end:
            continue
        there = doc.char_span(start, candidate.span.end, alignment_mode="expand")
        if start >= sent.end_char or there is None or there.start - here.end > CONTAINER_REACH:
            break
        if any(_breaks_containment(t) for t in doc[here.end : there.start]):
            break
        reachable.append(candidate)
    in_country = [c for c in reachable if c.iso3 == country]
    found = in_country or reachable
    return found[0] if found else None


def _breaks_containment(tok: Token) -> bool:
    """A verb (but a participle describing a noun: "located at") or a conjunction: what
    follows is a second place, not the one that contains the first."""
    if tok.pos_ == "CCONJ":
        return True
    return tok.pos_ in ("VERB", "AUX") and not (tok.tag_ == "VBN" and tok.dep_ == "acl")


def main_country(named: Sequence[NamedPlace]) -> str | None:
    """The country most of the article's resolved place names lie in (None for none)."""
    counts = Counter(p.iso3 for p in named if p.iso3 is not None)
    return counts.most_common(1)[0][0] if counts else None


def locate_from_article(events: list[Event], named: Sequence[NamedPlace], doc: Doc) -> list[Event]:
    """The events, those without a location the gazetteer knows placed by the place that
    contains their location, else by the article's place, then each at the street address
    its sentences give (see the module's notes)."""
    # The events' own places first: where they say a thing happened outweighs every
    # passing mention ("a Kenyan blogger", "the Gulf"); the whole article's names when
    # those settle nothing.
    text = doc.text  # spaCy joins every token on each read: once per article
    dateline = dateline_place(text, named)
    setting = article_place((), events, dateline) or article_place(named, events, dateline)
    if setting is None and dateline is not None and dateline.iso3 is not None:
        # Names spread over several countries (a street's "Bordeaux" read as the French
        # town) leave the article where its dateline puts the reporter.
        setting = ArticlePlace(dateline.iso3, dateline.admin1, dateline, (dateline.span,))
    if setting is not None and setting.town is None:
        setting = with_town(setting, named, dateline, _located_ids(events))
    police = police_town(text, named)
    if police is not None and police.iso3 is not None:
        if setting is None or setting.iso3 != police.iso3:
            # The police investigate at home: a stray reading of a street or a person's
            # name ("Shannon" as the New Zealand town) does not take the story abroad.
            setting = ArticlePlace(police.iso3, police.admin1, police, (police.span,))
        elif setting.town is None:
            setting = _policed(setting, police)
    if setting is not None:
        setting = _namesake_setting(setting, named, dateline, police) or setting
    country = main_country(named)
    # An article whose names are spread over several countries ("a man from Mexico" shot
    # in Chicago) may still name one town far more often than any other ("Chicago police",
    # "the Chicago Tribune"): a place it names that the gazetteer does not know (a
    # neighbourhood, "Kelvyn Park") lies in that town.
    leading = _leading_town(named) if setting is None else None
    # The article's main incident (its most probable record) takes the address of a
    # sentence telling where "it" happened, unless that sentence reports another record.
    main = max(events, key=lambda e: e.confidence, default=None)

    def of_other_event(a: int, b: int) -> bool:
        return any(a <= t.start < b for e in events if e is not main for t in e.triggers)

    told = [(a, b) for a, b in _told(doc) if not of_other_event(a, b)]
    # Else the article's first street address, in a sentence reporting no other record
    # ("Officers were called to the 800 block of Dover Street"): a local crime story names
    # the street of its incident once, often apart from the sentence telling the act.
    first = next(
        (
            (sent.start_char, sent.end_char)
            for sent in doc.sents
            if addresses(text, sent.start_char, sent.end_char)
            and not of_other_event(sent.start_char, sent.end_char)
            and not _one_of_several(sent)
        ),
        None,
    )
    if first is not None:
        told.append(first)
    # The article's addresses, found once: every event may look for a fuller form in them.
    streets = addresses(text)
    out = []
    for event in events:
        said = told if event is main else ()
        if _needs_place(event):
            event = _during(event, events, doc) or event
        if _needs_place(event):
            event = _placed(event, named, doc, setting, country, leading)
        else:
            event = _narrowed(event, setting)
        if setting is not None and setting.town is not None:
            # Also where a street took a far namesake's place ("Hyde Park Boulevard in
            # Hyde Park" of a Los Angeles story).
            event = _far_namesake(event, setting, named, police)
        out.append(_at_address(event, text, said, streets, setting))
    return out


#: Prepositions that set an act inside another ("arrested during the raid").
_DURING = frozenset({"during", "amid", "in"})


def _during(event: Event, events: Sequence[Event], doc: Doc) -> Event | None:
    """The event located where the incident it happened during was ("During the mosque raid,
    Hamas also arrested several members ..."): a phrase of "during" (or "amid", "in")
    attached to one of this event's triggers that names another event, by one of its
    triggers ("during the attack") or by what it was done to ("the mosque raid" of the
    attack on a mosque), gives that event's location."""
    for trigger in event.triggers:
        span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
        if span is None:
            continue
        for prep in span.root.children:
            if prep.dep_ != "prep" or prep.lower_ not in _DURING:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj" or obj.pos_ != "NOUN":
                    continue
                words = {t.lower_ for t in obj.subtree if t.pos_ in ("NOUN", "PROPN")}
                found = _event_named(words, event, events)
                if found is not None:
                    return _located_during(event, found, obj)
    return None


def _event_named(words: set[str], event: Event, events: Sequence[Event]) -> PlaceMention | None:
    """The location of the first other event that ``words`` name, by a trigger or by the
    last word of a participant ("a mosque")."""
    for other in events:
        where = _location(other)
        if other is event or where is None or where.country_iso3 is None:
            continue
        names = {t.text.lower() for t in other.triggers}
        names |= {r.text.split()[-1].lower() for r in other.roles if r.text.strip()}
        if words & names:
            return where
    return None


def _located_during(event: Event, where: PlaceMention, obj: Token) -> Event:
    phrase = obj.doc[obj.left_edge.i : obj.right_edge.i + 1]
    located = where.model_copy(
        update={
            "spans": [
                *where.spans,
                Span(start=phrase.start_char, end=phrase.end_char, text=phrase.text),
            ],
            "confidence": min(where.confidence, CONTAINER_CONFIDENCE),
            "basis": PlaceBasis.container,
        }
    )
    places = [p for p in event.places if not p.is_event_location]
    return event.model_copy(update={"places": [located, *places]})


def _placed(
    event: Event,
    named: Sequence[NamedPlace],
    doc: Doc,
    setting: ArticlePlace | None,
    country: str | None,
    leading: NamedPlace | None = None,
) -> Event:
    """The event placed by the place containing its unknown location, else by the article's
    place (``setting``), else, for an unknown location, by the town the article names far
    more often than any other (``leading``, when the article's names are spread over
    several countries)."""
    own = _location(event)
    if own is not None:
        outer = container(own, named, doc, country)
        if outer is not None:
            return _replace(event, own, _inside(own, outer))
        if setting is None:
            return _replace(event, own, _inside(own, leading)) if leading is not None else event
        if setting.town is not None:
            # An unknown street of a story set in one town lies in that town.
            return _replace(event, own, _inside(own, setting.town))
        filled = own.model_copy(
            update={
                "country_iso3": setting.iso3,
                "admin1": setting.admin1,
                "precision": "region" if setting.admin1 else "country",
                "basis": PlaceBasis.container,
            }
        )
        return _replace(event, own, filled)
    # Places the event names without being its location ("Jacksonville police said") must
    # agree with the article's place: a story set in Syria about Turkish shelling is not
    # put in Syria.
    if setting is None or any(p.country_iso3 not in (None, setting.iso3) for p in event.places):
        return event
    return event.model_copy(update={"places": [_setting_place(setting), *event.places]})


def _narrowed(event: Event, setting: ArticlePlace | None) -> Event:
    """The event located at a town when its location is only the division the town lies
    in: the one town of that division the event itself names ("in Clinton, Md.", read
    with "Md." as the location), else the article's town ("a Kentucky man" of a story
    set in Elkton, Kentucky). The town is the finer place."""
    own = _location(event)
    if own is None or own.precision != "region" or own.admin1 is None or own.name != own.admin1:
        return event
    towns = [
        p
        for p in event.places
        if p is not own
        and p.country_iso3 == own.country_iso3
        and p.admin1 == own.admin1
        and p.precision == "exact place"
        and p.latitude is not None
    ]
    if towns:
        if len({p.geonames_id for p in towns}) > 1:
            return event  # several towns of the division: which one is not said
        chosen = towns[0]
        return event.model_copy(
            update={
                "places": [
                    p.model_copy(update={"is_event_location": p is chosen})
                    if p is own or p is chosen
                    else p
                    for p in event.places
                ]
            }
        )
    if (
        setting is None
        or setting.town is None
        or own.country_iso3 != setting.iso3
        or own.admin1 != setting.admin1
    ):
        return event
    placed = _setting_place(setting)
    placed = placed.model_copy(update={"spans": [*own.spans, *placed.spans]})
    kept = [
        p.model_copy(update={"is_event_location": False}) if p is own else p for p in event.places
    ]
    return event.model_copy(update={"places": [placed, *kept]})


def _far_namesake(
    event: Event,
    setting: ArticlePlace,
    named: Sequence[NamedPlace],
    police: NamedPlace | None = None,
) -> Event:
    """The event located in the article's town when its location was read as a small town
    far away, in a division of the same country that nothing else in the article names:
    "Park Hill" of a Denver story is a part of Denver, not the village in Oklahoma, and
    "Germantown" of a Philadelphia story is not the Maryland suburb. Where the article's
    town is the one whose police the article names (``police``), a far town of any size is
    no reading either: "Chicago Police" do not investigate a shooting in Austin, Texas. The
    name is kept; the town gives the point and the units."""
    own = _location(event)
    town = setting.town
    if (
        own is None
        or town is None
        or own.basis == PlaceBasis.article
        or (own.precision not in ("exact place", "district") and not _part_of_town(own))
        or own.country_iso3 != setting.iso3
        or own.admin1 is None
        or own.admin1 == setting.admin1
        or own.geonames_id is None
        or own.latitude is None
        or own.longitude is None
        or town.resolution.lat is None
        or town.resolution.lon is None
    ):
        return event
    far = haversine_km(own.latitude, own.longitude, town.resolution.lat, town.resolution.lon)
    policed = police is not None and _same_place(police, town)
    if far < NAMESAKE_KM or (not policed and _population(own) >= NAMESAKE_POPULATION):
        return event
    if any(
        p.admin1 == own.admin1 and p.resolution.place.geonames_id != own.geonames_id for p in named
    ):
        return event  # the article names that division otherwise: the reading stands
    return _replace(event, own, _inside(own, town))


def _policed(setting: ArticlePlace, police: NamedPlace | None) -> ArticlePlace:
    """The article's place with the town whose police it names (:func:`police_town`) as its
    town, when that lies in the article's country and division: "Pittsburgh Police" set a
    story whose names are spread over several states in Pittsburgh."""
    if (
        police is None
        or police.iso3 != setting.iso3
        or police.admin1 is None
        or setting.admin1 not in (None, police.admin1)
    ):
        return setting
    return ArticlePlace(setting.iso3, police.admin1, police, (police.span,))


def _namesake_setting(
    setting: ArticlePlace,
    named: Sequence[NamedPlace],
    dateline: NamedPlace | None,
    police: NamedPlace | None = None,
) -> ArticlePlace | None:
    """The article set in its dateline's town, else in the town it names most, when the
    town its events point at is a small town far from that one, in a division nothing else
    in the article names: "Ensley" of a story told by "Birmingham police" is a part of
    Birmingham, not the Florida town, and "Linden" of a story datelined "COLUMBUS" is not
    the New Jersey city. The other town must be named by its own name at least as often
    as the namesake (a dateline counts as often), so that a story set in a small town that
    names a far city in passing ("a Birmingham man") stays where it is. The town whose
    police the article names (``police``) is the other town after the dateline, and then
    the events' town may be large ("Austin" of a story told by "Chicago Police"). None when
    the setting stands."""
    town = setting.town
    if town is None or town.resolution.lat is None or town.resolution.lon is None:
        return None
    place = town.resolution.place
    if place.kind != CITY:
        return None
    if any(p.admin1 == town.admin1 and not _same_place(p, town) for p in named):
        return None  # the article names that division otherwise: the reading stands
    if dateline is not None and _same_place(dateline, town):
        return None  # the reporter is there
    times = sum(1 for p in named if _same_place(p, town))
    other = next(
        (p for p in (dateline, police) if p is not None and not _same_place(p, town)), None
    )
    if place.population >= NAMESAKE_POPULATION and (other is None or other is not police):
        return None
    if other is None:
        other = _most_named_elsewhere(named, town)
        if other is None or _own_name_count(named, other) < max(2, times):
            return None
    if (
        other.iso3 != setting.iso3
        or other.admin1 in (None, town.admin1)
        or other.resolution.lat is None
        or other.resolution.lon is None
    ):
        return None
    far = haversine_km(
        town.resolution.lat, town.resolution.lon, other.resolution.lat, other.resolution.lon
    )
    if far < NAMESAKE_KM:
        return None
    spans = [p.span for p in named if _same_place(p, other)]
    return ArticlePlace(setting.iso3, other.admin1, other, tuple(spans[:EVIDENCE_SPANS]))


def _own_name_count(named: Sequence[NamedPlace], town: NamedPlace) -> int:
    """How often the article names ``town`` by its own name."""
    return sum(1 for p in named if _same_place(p, town) and _by_own_name(p))


def _most_named_elsewhere(named: Sequence[NamedPlace], town: NamedPlace) -> NamedPlace | None:
    """The town other than ``town`` that the article names most often by its own name."""
    counts = Counter(
        p.resolution.place.geonames_id
        for p in named
        if p.resolution.place.kind == CITY and _by_own_name(p) and not _same_place(p, town)
    )
    if not counts:
        return None
    (top, _), *_ = counts.most_common(1)
    return next(p for p in named if p.resolution.place.geonames_id == top)


def _entries(place: PlaceMention) -> list[Place]:
    """The gazetteer's entries of a resolved place's GeoNames id, found by its name."""
    from newsevents.resolve.gazetteer import gazetteer

    hits = gazetteer().lookup(place.name or place.text)
    return [h.place for h in hits if h.place.geonames_id == place.geonames_id]


def _part_of_town(place: PlaceMention) -> bool:
    """A part of a town named by a compass word and the town's name ("south Linden"): read
    with the precision of a region, but still that town's reading of the name."""
    if place.precision != "region" or place.geonames_id is None:
        return False
    return any(p.kind == CITY for p in _entries(place))


def _population(place: PlaceMention) -> int:
    """The population of a resolved town (0 when the gazetteer has no entry of its id)."""
    return max((p.population for p in _entries(place)), default=0)


def addresses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Street addresses in ``text[start:end]``: "1100 block of Wade Street", "Southwest 25th
    Street", "the 3000 block of Utah" (without "the"); not the names of courts ("177th State
    District Court"), where a suspect appears, not where the act happened."""
    end = len(text) if end is None else end
    return [
        m.span()
        for m in _ADDRESS.finditer(text, start, end)
        if not (m.group().endswith("Court") and WORDS.court_words & set(m.group().lower().split()))
    ]


def _fullest(
    start: int, end: int, text: str, streets: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The fullest form the article gives of an address (``streets``, all of them): "Lake
    Mead Boulevard" is "the 6100 block of Lake Mead Boulevard" where the article says so."""
    name = text[start:end]
    return max(
        ((a, b) for a, b in streets if text[a:b].endswith(name)),
        key=lambda span: span[1] - span[0],
        default=(start, end),
    )


def _told(doc: Doc) -> list[tuple[int, int]]:
    """Sentences telling where and when "it" happened ("It happened around 8:30 p.m. in the
    1100 block of Wade Street"): they place the article's main incident."""
    out = []
    for sent in doc.sents:
        for tok in sent:
            said = tok.lemma_.lower() in HAPPENED_VERBS or (
                tok.lemma_.lower() == "take"
                and tok.i + 1 < sent.end
                and tok.nbor(1).lower_ == "place"
            )
            if said and any(_refers_back(c) for c in tok.children if c.dep_ == "nsubj"):
                out.append((sent.start_char, sent.end_char))
                break
    return out


#: Words by which a subject is one of several ("another shooting", "the second one").
_ONE_OF_SEVERAL = _ORDINAL_WORDS | {"another", "other"}


def _one_of_several(sent: SpacySpan) -> bool:
    """Whether the sentence tells of one of several incidents ("One took place on the 3100
    block of Qorvalt Street", "Another man was shot on Park Lane"): its address is that
    one's, not the article's."""
    return any(
        tok.dep_ in ("nsubj", "nsubjpass")
        and (
            tok.lower_ in _ONE_OF_SEVERAL
            or any(c.dep_ in ("det", "amod") and c.lower_ in _ONE_OF_SEVERAL for c in tok.children)
        )
        for tok in sent
    )


def _refers_back(subject: Token) -> bool:
    """ "It", "this", or a definite noun ("the shooting", "the incident"): the subject refers
    to the article's incident; "one" or "the second" of several does not."""
    if subject.lower_ in ("it", "this"):
        return True
    if subject.pos_ != "NOUN" or subject.lower_ in _ORDINAL_WORDS:
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in subject.children)


def _at_address(
    event: Event,
    text: str,
    told: Sequence[tuple[int, int]],
    streets: Sequence[tuple[int, int]],
    setting: ArticlePlace | None = None,
) -> Event:
    """The event located at the street address its own sentences (or, for the article's main
    incident, a sentence telling where it happened, else the article's first sentence with
    an address that reports no other record) give, when its location is no finer
    than a town: the most specific place stated. The address keeps the country, division
    and point of the place it lies in: the event's location, else the town the event
    names, else the article's place (``setting``). ``streets``: every address of the
    article, for the fullest form of the one taken."""
    own = _location(event)
    if own is not None and (own.basis == PlaceBasis.text and own.latitude is None):
        return event  # a named site the gazetteer does not know ("Therrell High School")
    if own is not None and addresses(own.text):
        return event
    found: list[tuple[int, int]] = []
    for span in event.sentences:
        found.extend(addresses(text, span.start, span.end))
    if not found:
        for start, end in told:
            found.extend(addresses(text, start, end))
    if not found:
        return event
    start, end = found[0]
    fullest = _fullest(start, end, text, streets)
    address = Span(start=fullest[0], end=fullest[1], text=text[fullest[0] : fullest[1]])
    if fullest != (start, end):
        # Where this event's words name the street too.
        stated_spans = [Span(start=start, end=end, text=text[start:end])]
    else:
        stated_spans = []
    town = own if own is not None and own.country_iso3 is not None else None
    if town is None:
        # "Detroit — ... in the 6200 block of Minock": the street lies in the town the
        # event or the article names, not nowhere.
        town = next(
            (p for p in event.places if p.country_iso3 is not None and p.latitude is not None),
            _setting_place(setting) if setting is not None else None,
        )
    where = PlaceMention(
        text=address.text,
        spans=[address, *stated_spans, *(town.spans[:1] if town else [])],
        is_event_location=True,
        name=town.name if town else None,
        geonames_id=town.geonames_id if town else None,
        latitude=town.latitude if town else None,
        longitude=town.longitude if town else None,
        country_iso3=town.country_iso3 if town else None,
        admin1=town.admin1 if town else None,
        precision="exact place",
        confidence=ADDRESS_CONFIDENCE,
        basis=PlaceBasis.container if town else PlaceBasis.text,
    )
    others = [
        p.model_copy(update={"is_event_location": False}) if p is own else p for p in event.places
    ]
    if own is not None and own.basis == PlaceBasis.article:
        others = [p for p in others if p is not own and p.spans != own.spans]
    return event.model_copy(update={"places": [where, *others]})


def _replace(event: Event, old: PlaceMention, new: PlaceMention) -> Event:
    return event.model_copy(update={"places": [new if p is old else p for p in event.places]})


def _inside(own: PlaceMention, outer: NamedPlace) -> PlaceMention:
    """An unknown location with what the place containing it gives: its country, division
    and point, at that place's precision, or at "district" when a town contains a named
    part of it that is no street address (a neighbourhood, a park, a school): the point is
    then only the town's."""
    res = outer.resolution
    precision = res.precision
    if precision == "exact place" and not addresses(own.text):
        # A named part of the town ("Western Heights", "the West Side", a school) at the
        # town's point: the point is the town's, not the part's own.
        precision = "district"
    return own.model_copy(
        update={
            "name": res.place.name,
            "geonames_id": res.place.geonames_id,
            "latitude": res.lat,
            "longitude": res.lon,
            "country_iso3": outer.iso3,
            "admin1": outer.admin1,
            "precision": precision,
            "spans": [*own.spans, outer.span],
            "confidence": min(own.confidence, CONTAINER_CONFIDENCE),
            "basis": PlaceBasis.container,
        }
    )


def _setting_place(setting: ArticlePlace) -> PlaceMention:
    """The article's place as an event's location."""
    spans = list(setting.spans)
    if setting.town is not None:
        res = setting.town.resolution
        return PlaceMention(
            text=setting.town.span.text,
            spans=spans,
            is_event_location=True,
            name=res.place.name,
            geonames_id=res.place.geonames_id,
            latitude=res.lat,
            longitude=res.lon,
            country_iso3=setting.iso3,
            admin1=setting.admin1,
            precision=res.precision,
            confidence=ARTICLE_PLACE_CONFIDENCE,
            basis=PlaceBasis.article,
        )
    from newsevents.resolve.gazetteer import gazetteer

    gaz = gazetteer()
    iso2 = gaz.iso2(setting.iso3)
    country = gaz.country(iso2) if iso2 else None
    country_name = country.name if country is not None else setting.iso3
    admin1 = setting.admin1
    return PlaceMention(
        text=admin1 or country_name,
        spans=spans,
        is_event_location=True,
        name=f"{admin1}, {country_name}" if admin1 else country_name,
        geonames_id=None if admin1 or country is None else country.geonames_id,
        latitude=None if admin1 or country is None else country.lat,
        longitude=None if admin1 or country is None else country.lon,
        country_iso3=setting.iso3,
        admin1=admin1,
        precision="region" if admin1 else "country",
        confidence=ARTICLE_PLACE_CONFIDENCE,
        basis=PlaceBasis.article,
    )
