"""Where an event happened: choosing the event's place among the place names of its sentence.

A sentence often names several places ("Troops from Chad, based in Niger, attacked a village
near Gao"); the event happened at one of them, or at none the sentence names. Each candidate
place is described by how it hangs off the event word in the dependency parse (the
preposition that attaches it, the path between them, whether it modifies a participant, a
relative clause or an apposition), its distance and its kind; a conditional logit model
(weights in ``data/event_place_model.yaml``, learned from the annotated sentences of
Halterman's event-location data by :mod:`newsevents.extract.location_train`) scores every
candidate against the option "no place named here", and the best option wins.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.errors import DataFileError
from newsevents.extract.words import WORDS
from newsevents.nlp.places import country_names, is_known_place, toponyms_between

MODEL_FILE = "event_place_model.yaml"

#: Dependency labels under which a phrase describes another word rather than the event.
_DESCRIBING = frozenset({"relcl", "acl", "appos", "advcl", "ccomp", "xcomp", "conj", "parataxis"})
_VERBAL = frozenset({"VERB", "AUX"})
_PLACE_NOUNS = WORDS.place_nouns | {"suburb", "outskirts", "governorate", "county", "state"}
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "into", "from", "across", "around"})


class PlaceModel(BaseModel):
    """The content of ``event_place_model.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = Field(description="What the weights are and how they were made.")
    trained_on: str = Field(description="Data the weights were learned from.")
    weights: dict[str, float] = Field(description="Feature name to weight.")


@functools.cache
def place_model() -> PlaceModel:
    """The shipped weights, validated."""
    path = resources.files("newsevents") / "data" / MODEL_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PlaceModel.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(str(path), str(exc).splitlines()[0]) from exc


@dataclass(frozen=True)
class Choice:
    """The chosen candidate (its index, or None for "no place named") and its probability."""

    index: int | None
    probability: float


def _ancestors(tok: Token) -> list[Token]:
    """``tok`` and its heads up to the sentence root."""
    chain = [tok]
    while chain[-1].head != chain[-1] and len(chain) < 64:
        chain.append(chain[-1].head)
    return chain


def _bin(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _cand_root(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens covering characters ``start``..``end``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def candidate_features(trigger: Token, place: SpacySpan) -> dict[str, float]:
    """Features of one candidate place for the event expressed by ``trigger``."""
    f: dict[str, float] = {"bias": 1.0}
    root = place.root
    label = place.label_ or "NONE"
    f[f"label={label}"] = 1.0
    up_c = _ancestors(root)
    up_t = _ancestors(trigger)
    ids_t = {t.i: n for n, t in enumerate(up_t)}
    common = next((n for n, t in enumerate(up_c) if t.i in ids_t), None)
    if common is None:
        f["path=none"] = 1.0
        return f
    lca = up_c[common]
    down = common  # steps from the place up to the common ancestor
    up = ids_t[lca.i]  # steps from the trigger up to it
    f[f"up={_bin(up, (0, 1, 2))}"] = 1.0
    f[f"down={_bin(down, (1, 2, 3, 4))}"] = 1.0
    # The labels on the way from the place up to the common ancestor, nearest first.
    deps = [t.dep_ for t in up_c[:common]]
    if deps:
        f[f"dep1={deps[0]}"] = 1.0
        f[f"deps2={'/'.join(deps[:2])}"] = 1.0
        f[f"deps3={'/'.join(deps[:3])}"] = 1.0
    if up == 0:
        f[f"attach={'/'.join(deps[-2:])}"] = 1.0
    preps = [t for t in up_c[1 : common + 1] if t.dep_ == "prep" or t.pos_ == "ADP"]
    if preps:
        f[f"prep={preps[0].lower_}"] = 1.0
        if up == 0:
            f[f"trigger_prep={preps[-1].lower_}"] = 1.0
    if any(d in _DESCRIBING for d in deps[1:]):
        f["describing"] = 1.0
    if any(t.pos_ in _VERBAL for t in up_c[1:common]):
        f["other_verb_between"] = 1.0
    if root.head.dep_ == "prep" and root.head.lower_ == "of":
        owner = root.head.head
        if owner.lemma_.lower() in _PLACE_NOUNS:
            f["named_by_place_noun"] = 1.0
    if is_country_span(place):
        f["country"] = 1.0
    if any(t.lemma_.lower() in _PLACE_NOUNS for t in up_c[2:common]) and preps:
        # "a camp near Damascus": the name locates a place the sentence names more exactly.
        f["locates_place_noun"] = 1.0
    if _names_place_noun(root):
        f["names_place_noun"] = 1.0
    if root.dep_ == "poss":
        f["possessive"] = 1.0
    if root.dep_ in ("compound", "amod", "nmod"):
        f["modifier"] = 1.0
        f[f"modifier_of={root.head.dep_}"] = 1.0
    distance = abs(place.start - trigger.i)
    f[f"dist={_bin(distance, (1, 2, 4, 8, 16))}"] = 1.0
    f["before" if place.start < trigger.i else "after"] = 1.0
    f[f"trigger_pos={trigger.pos_}"] = 1.0
    # Some event words take their place as a direct object ("patrolled the streets of X",
    # "captured X"); others rarely name a place at all ("accuse").
    f[f"trigger={trigger.lemma_.lower()}"] = 1.0
    if up == 0 and deps:
        f[f"trigger={trigger.lemma_.lower()}|{deps[-1]}"] = 1.0
    if trigger.pos_ in ("NOUN", "PROPN"):
        f[f"trigger_noun_attach={'/'.join(deps[-2:]) if up == 0 else 'other'}"] = 1.0
    return f


def _nesting(places: Sequence[SpacySpan]) -> list[tuple[bool, bool]]:
    """For each place: whether it locates another candidate ("Aleppo" in "a hospital in
    Aleppo", "Syria" in "Raqqa province, in northeastern Syria"), and whether another one
    locates it."""
    # Nationality words are no places that locate others ("the Yarmouk Palestinian camp").
    roots = [p.root for p in places if p.label_ != "NORP"]
    out = []
    for place in places:
        root = place.root
        chain = {t.i for t in _ancestors(root)[1:6]}
        locates = any(r.i in chain for r in roots if r.i != root.i)
        located = any(root.i in {t.i for t in _ancestors(r)[1:6]} for r in roots if r.i != root.i)
        out.append((locates, located))
    return out


def _names_place_noun(root: Token) -> bool:
    """Whether the name modifies a place noun: "the Yarmouk refugee camp", "Ranage district"."""
    tok = root
    for _ in range(3):
        if tok.dep_ not in ("compound", "amod", "nmod") or tok.head == tok:
            return False
        tok = tok.head
        if tok.lemma_.lower() in _PLACE_NOUNS:
            return True
    return False


def _score(features: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in features.items())


def choose(
    trigger: Token, places: Sequence[SpacySpan], weights: dict[str, float] | None = None
) -> Choice:
    """The place among ``places`` where the event of ``trigger`` happened, or none of them.

    Candidates are ranked against each other; a set bonus (``rank=1``) goes to the one with
    the best score of the simple model so that rivals in the same sentence compete.
    """
    if not places:
        return Choice(None, 1.0)
    w = weights if weights is not None else place_model().weights
    feats = place_features(trigger, places)
    scores = [_score(f, w) for f in feats]
    top = max(scores)
    # The "no place" option has score 0: a softmax over it and the candidates.
    norm = math.exp(-top) + sum(math.exp(s - top) for s in scores)
    best = max(range(len(scores)), key=lambda n: scores[n])
    p_best = math.exp(scores[best] - top) / norm
    p_none = math.exp(-top) / norm
    if p_none >= p_best:
        return Choice(None, p_none)
    return Choice(best, p_best)


def place_features(trigger: Token, places: Sequence[SpacySpan]) -> list[dict[str, float]]:
    """The features of every candidate, including those that compare it with the others."""
    feats = [candidate_features(trigger, p) for p in places]
    for f, (locates, located) in zip(feats, _nesting(places), strict=True):
        if locates:
            f["locates_other"] = 1.0
        if located:
            f["located_by_other"] = 1.0
    add_rank_features(feats)
    return feats


def add_rank_features(feats: list[dict[str, float]]) -> None:
    """Mark, among a sentence's candidates, the one nearest the trigger in the parse tree
    and how many candidates compete (in place)."""

    def tree_distance(f: dict[str, float]) -> int:
        up = next((k for k in f if k.startswith("up=")), "up=>2")
        down = next((k for k in f if k.startswith("down=")), "down=>4")
        value = 0
        for key in (up, down):
            part = key.split("=", 1)[1]
            value += int(part.lstrip(">")) + (1 if part.startswith(">") else 0)
        return value if "path=none" not in f else 99

    if not feats:
        return
    dists = [tree_distance(f) for f in feats]
    nearest = min(dists)
    for f, d in zip(feats, dists, strict=True):
        f[f"n_cands={_bin(len(feats), (1, 2, 3))}"] = 1.0
        if d == nearest:
            f["nearest_in_tree"] = 1.0


def is_country_span(place: SpacySpan) -> bool:
    """Whether a candidate names a country."""
    return place.text.lower().removeprefix("the ") in country_names()


def _proper_run(doc: Doc, i: int, stop: int) -> SpacySpan | None:
    """The run of capitalised proper-noun tokens starting at ``i`` ("Kafr Nabuda")."""
    j = i
    while j < stop and (doc[j].pos_ == "PROPN" or (j > i and doc[j].text in ("-", "al"))):
        if not doc[j].text[:1].isupper() and doc[j].text not in ("-", "al"):
            break
        j += 1
    while j > i and not doc[j - 1].text[:1].isupper():
        j -= 1
    return doc[i:j] if j > i else None


def sentence_places(sent: SpacySpan) -> list[SpacySpan]:
    """Candidate place mentions of a sentence, labelled with their entity type (or "NONE").

    The toponyms the geoparser finds, plus names the statistical model misses where the
    words around them make them places: "the town of Mussaiyab", "withdrew from Kafr Nabuda".
    """
    doc = sent.doc
    spans: list[SpacySpan] = []
    for start, end in toponyms_between(doc, sent.start_char, sent.end_char):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            label = span.root.ent_type_ or "GPE"
            spans.append(SpacySpan(doc, span.start, span.end, label=label))
    taken = {t.i for s in spans for t in s}
    for tok in sent:
        cue = tok.lower_ in _LOCATIVE or (
            tok.lower_ == "of" and tok.head.lemma_.lower() in _PLACE_NOUNS
        )
        if not cue or tok.i + 1 >= sent.end:
            continue
        i = tok.i + 1
        # Skip a determiner and direction words: "in the northern Maree", "in central Maree".
        while i < sent.end and (doc[i].pos_ in ("DET", "ADJ") and not doc[i].text[:1].isupper()):
            i += 1
        # After "the town of", a name is a place whatever the entity model took it for
        # ("the town of Dzhemikent", tagged a person); after "in" or "at" it must not be
        # a name of another kind ("in January", "in Hamas").
        of_settlement = tok.lower_ == "of" and tok.head.lemma_.lower() in WORDS.settlement_nouns
        not_places = _NOT_NAMES if of_settlement else _NOT_PLACES
        if i >= sent.end or i in taken or doc[i].ent_type_ in not_places:
            continue
        run = _proper_run(doc, i, sent.end)
        if run is not None and not any(t.i in taken for t in run):
            spans.append(SpacySpan(doc, run.start, run.end, label="NONE"))
            taken.update(t.i for t in run)
    # Proper names the gazetteer knows, which the model tagged as something else or nothing
    # ("patrolled Mbabane", "captured Knin"); not names of known actors.
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        if i in taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or i == sent.start:
            i += 1
            continue
        run = _proper_run(doc, i, sent.end)
        if run is None:
            i += 1
            continue
        if not any(t.i in taken for t in run) and is_known_place(run.text, 1000):
            spans.append(SpacySpan(doc, run.start, run.end, label="KNOWN"))
            taken.update(t.i for t in run)
        i = run.end
    return sorted(spans, key=lambda s: s.start)


#: Entity types that are no names at all: never places, even after "the town of".
_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
#: Entity types that are never places, even after "in" ("in January", "in Hamas").
_NOT_PLACES = frozenset(
    {
        "DATE",
        "TIME",
        "ORG",
        "PERSON",
        "NORP",
        "CARDINAL",
        "ORDINAL",
        "MONEY",
        "PERCENT",
        "QUANTITY",
        "EVENT",
        "LAW",
        "LANGUAGE",
        "WORK_OF_ART",
        "PRODUCT",
    }
)
