"""What the roles model sees of a candidate: how it relates to the trigger, what it is, and
the MiniLM states of the phrase and of the trigger.

The same at training and at run time: :func:`article_features` turns an article's incidents
into one feature matrix per incident, one row per candidate (see
:mod:`newsevents.roles.candidates`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc, Token

from newsevents.extract.evidence import is_people
from newsevents.extract.lexicon import instruments
from newsevents.extract.participants import is_negative
from newsevents.extract.syntax import PLACE_LABELS, subject_of
from newsevents.extract.words import WORDS
from newsevents.learn.encoder import DIM, TokenStates, span_vector, token_states
from newsevents.model import ClaimStance, Event, RoleType
from newsevents.resolve.actors import load_kb
from newsevents.roles.candidates import Candidate, Sentences, event_candidates

_AGENTS = frozenset({RoleType.perpetrator, RoleType.actor})
_PATIENTS = frozenset({RoleType.target, RoleType.victim, RoleType.detainee})
_TARGET_PREPS = WORDS.target_prepositions
_PLACE_PREPS = WORDS.place_prepositions
_SPEECH_VERBS = frozenset(
    {"say", "tell", "report", "announce", "confirm", "add", "state", "note", "quote", "write"}
)
_CLAIM_VERBS = frozenset({"claim", "deny", "admit", "reject", "acknowledge", "dismiss"})
_ACCUSE_VERBS = frozenset({"accuse", "blame", "suspect", "charge", "hold", "allege", "link"})
_CUSTODY_VERBS = frozenset(
    {"arrest", "detain", "apprehend", "book", "identify", "capture", "nab", "charge", "jail"}
)
_LIGHT_VERBS = WORDS.light_verbs
_KINDS = ("police", "military", "armed_group", "government", "other")
_ENTITIES = ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "other")
_RELATIONS = (
    "subject",
    "passive_subject",
    "object",
    "by",
    "prep_target",
    "prep_of",
    "prep_with",
    "prep_place",
    "prep_other",
    "possessor",
    "modifier",
    "light_subject",
    "light_object",
    "modified_by_trigger_active",
    "modified_by_trigger_passive",
    "trigger_itself",
    "in_trigger_subtree",
    "trigger_in_subtree",
    "same_sentence",
    "other_sentence",
)

# Relations read differently for people and for things: "the car was hit" is a target,
# "Kabul was hit" a place, "by police" a doer, "by the river" a place.
_CROSSED = (
    "subject",
    "passive_subject",
    "object",
    "by",
    "prep_target",
    "prep_of",
    "prep_place",
    "possessor",
    "modifier",
    "modified_by_trigger_passive",
    "in_trigger_subtree",
)

HAND_FEATURES: tuple[str, ...] = (
    *(f"rel={r}" for r in _RELATIONS),
    *(f"rel={r}&people" for r in _CROSSED),
    *(f"rel={r}&place" for r in _CROSSED),
    "people",
    "place",
    "conjunct_of_argument",
    "path_1",
    "path_2",
    "path_3",
    "path_4+",
    "trigger_passive",
    "trigger_noun",
    "before_trigger",
    "log_distance",
    "previous_sentence",
    "next_sentence",
    "title_sentence",
    "log_sentence_index",
    *(f"ent={e}" for e in _ENTITIES),
    "known_actor_name",
    "pos=PRON",
    "pos=PROPN",
    "pos=NOUN",
    "plural",
    "capitalised",
    "pronoun_personal",
    "pronoun_plural",
    "pronoun_first",
    "pronoun_reflexive",
    "negative",
    "log_phrase_words",
    "person_noun",
    "people_noun",
    "member_noun",
    "generic_head",
    "target_noun",
    "object_noun",
    "place_noun",
    "weapon_word",
    *(f"agent={k}" for k in _KINDS),
    "subject_of_speech",
    "subject_of_claim",
    "accused",
    "according_to",
    "in_custody",
    "rule_agent",
    "rule_patient",
    "rule_claimant",
    "rule_other",
    "rule_exact",
    "claimant_claimed",
    "claimant_denied",
    "agent_of_other_incident",
    "patient_of_other_incident",
    "other_incident_sentence",
    "log_candidates",
)
#: Width of the vector features: the phrase, the trigger and their product.
VECTOR_SIZE = 3 * DIM
WIDTH = len(HAND_FEATURES) + VECTOR_SIZE


@functools.cache
def weapon_words() -> frozenset[str]:
    """Head words of weapons and of what they fire ("bomb", "rockets", "shots")."""
    words = {entry.phrase.split()[-1] for entry in instruments()}
    return frozenset(words | {"shot", "shots", "round", "rounds", "bullet", "bullets", "fire"})


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head != tok and depth < 64:
        tok = tok.head
        depth += 1
    return depth


def _path_length(a: Token, b: Token) -> int:
    """Steps between two tokens of one sentence through their lowest common ancestor."""
    up: dict[int, int] = {}
    tok, steps = a, 0
    while True:
        up[tok.i] = steps
        if tok.head == tok or steps > 64:
            break
        tok, steps = tok.head, steps + 1
    tok, steps = b, 0
    while tok.i not in up and tok.head != tok and steps < 64:
        tok, steps = tok.head, steps + 1
    return steps + up.get(tok.i, _depth(a))


def _direct(c: Token, a: Token) -> str | None:
    """The relation of ``c`` to ``a`` when ``c`` is one of ``a``'s arguments."""
    if c == a:
        return "trigger_itself"
    if c.head == a:
        if c.dep_ in ("nsubj", "csubj"):
            return "subject"
        if c.dep_ == "nsubjpass":
            return "passive_subject"
        if c.dep_ in ("dobj", "obj", "dative", "attr", "oprd"):
            return "object"
        if c.dep_ == "poss":
            return "possessor"
        if c.dep_ in ("compound", "amod", "nmod", "npadvmod"):
            return "modifier"
    if c.dep_ == "pobj" and c.head.head == a and c.head.dep_ in ("prep", "agent"):
        prep = c.head.lower_
        if c.head.dep_ == "agent" or prep == "by":
            return "by"
        if prep in _TARGET_PREPS:
            return "prep_target"
        if prep == "of":
            return "prep_of"
        if prep == "with":
            return "prep_with"
        if prep in _PLACE_PREPS:
            return "prep_place"
        return "prep_other"
    if a.pos_ in ("VERB", "AUX") and subject_of(a) == c:
        return "subject"
    if a.head == c and a.dep_ in ("acl", "relcl", "amod"):
        return "modified_by_trigger_passive" if a.tag_ == "VBN" else "modified_by_trigger_active"
    gov = a.head
    if a.dep_ in ("dobj", "obj", "nsubjpass", "pobj") and gov.lemma_.lower() in _LIGHT_VERBS:
        if subject_of(gov) == c:
            return "light_subject"
        if c.head == gov and c.dep_ in ("dobj", "dative", "pobj"):
            return "light_object"
    return None


def _relation(c: Token, a: Token) -> tuple[str, bool]:
    """The candidate's relation to the trigger, and whether it holds through a conjunct or
    an apposition ("two women and a boy were killed")."""
    if c.sent != a.sent:
        return "other_sentence", False
    found = _direct(c, a)
    if found is not None:
        return found, False
    link = c
    while link.dep_ in ("conj", "appos") and link.head != link:
        link = link.head
        found = _direct(link, a)
        if found is not None:
            return found, True
    if a in c.ancestors:
        return "in_trigger_subtree", False
    if c in a.ancestors:
        return "trigger_in_subtree", False
    return "same_sentence", False


def _governor_context(c: Token) -> dict[str, float]:
    """Whether the candidate speaks, claims, is accused or is held: the verb it depends on."""
    out: dict[str, float] = {}
    verb = c.head
    lemma = verb.lemma_.lower()
    if c.dep_ in ("nsubj", "csubj"):
        if lemma in _SPEECH_VERBS:
            out["subject_of_speech"] = 1.0
        if lemma in _CLAIM_VERBS:
            out["subject_of_claim"] = 1.0
    if c.dep_ in ("dobj", "nsubjpass"):
        if lemma in _ACCUSE_VERBS:
            out["accused"] = 1.0
        if lemma in _CUSTODY_VERBS:
            out["in_custody"] = 1.0
    if c.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lower_ == "according":
        out["according_to"] = 1.0
    return out


@dataclass(frozen=True)
class ArticleContext:
    """What is known of the whole article's incidents when one candidate is read: where
    each incident's rule-made agents and patients are named, and which incidents each
    sentence reports."""

    agents: tuple[tuple[int, int, int], ...]  # (incident, start, end) of each mention
    patients: tuple[tuple[int, int, int], ...]
    trigger_sentences: dict[int, frozenset[int]]  # sentence index -> incidents reported there

    @classmethod
    def of(cls, events: Sequence[Event], sentences: Sentences) -> ArticleContext:
        """Collect the rule roles and the trigger sentences of every incident."""
        agents: list[tuple[int, int, int]] = []
        patients: list[tuple[int, int, int]] = []
        by_sentence: dict[int, set[int]] = {}
        for index, event in enumerate(events):
            for role in event.roles:
                if role.role in _AGENTS:
                    agents.extend((index, s.start, s.end) for s in role.spans)
                elif role.role in _PATIENTS:
                    patients.extend((index, s.start, s.end) for s in role.spans)
            for span in event.triggers:
                by_sentence.setdefault(sentences.index_at(span.start), set()).add(index)
        return cls(
            tuple(agents),
            tuple(patients),
            {k: frozenset(v) for k, v in by_sentence.items()},
        )

    def elsewhere(self, mentions: tuple[tuple[int, int, int], ...], index: int, at: int) -> bool:
        """Whether character ``at`` lies in one of ``mentions`` (this context's ``agents`` or
        ``patients``) of another incident."""
        if mentions is self.agents:
            cover = self._agent_cover
        elif mentions is self.patients:
            cover = self._patient_cover
        else:
            cover = _covering(mentions)
        return bool(cover.get(at, frozenset()) - {index})

    @functools.cached_property
    def _agent_cover(self) -> dict[int, frozenset[int]]:
        return _covering(self.agents)

    @functools.cached_property
    def _patient_cover(self) -> dict[int, frozenset[int]]:
        return _covering(self.patients)


def _covering(mentions: tuple[tuple[int, int, int], ...]) -> dict[int, frozenset[int]]:
    """Character offset -> the incidents whose mentions cover it: one lookup per candidate
    instead of a scan of every mention of the article (which made long articles quadratic).
    Mentions are short, so the table is about as long as the text they cover."""
    # One merged incident repeats its participants' spans: walk each distinct span once.
    by_span: dict[tuple[int, int], set[int]] = {}
    for index, start, end in mentions:
        by_span.setdefault((start, end), set()).add(index)
    cover: dict[int, set[int]] = {}
    for (start, end), found in by_span.items():
        for at in range(start, end):
            cover.setdefault(at, set()).update(found)
    return {at: frozenset(found) for at, found in cover.items()}


def _lexical(head: Token) -> dict[str, float]:
    lemma, low = head.lemma_.lower(), head.lower_
    out: dict[str, float] = {}
    for name, words in (
        ("person_noun", WORDS.person_nouns),
        ("people_noun", WORDS.people_nouns),
        ("member_noun", WORDS.member_nouns),
        ("generic_head", WORDS.generic_heads),
        ("target_noun", WORDS.target_nouns),
        ("object_noun", WORDS.object_nouns),
        ("place_noun", WORDS.place_nouns),
        ("weapon_word", weapon_words()),
    ):
        if lemma in words or low in words:
            out[name] = 1.0
    agent = load_kb().match_agent(lemma) if head.pos_ == "NOUN" else None
    if agent is not None:
        kind = str(getattr(agent.agent.kind, "value", agent.agent.kind))
        out[f"agent={kind if kind in _KINDS else 'other'}"] = 1.0
    if head.pos_ == "PRON":
        if low in ("he", "she", "him", "her", "his", "hers"):
            out["pronoun_personal"] = 1.0
        elif low in ("they", "them", "their", "theirs"):
            out["pronoun_plural"] = 1.0
        elif low in WORDS.first_person:
            out["pronoun_first"] = 1.0
        elif low.endswith(("self", "selves")):
            out["pronoun_reflexive"] = 1.0
    return out


def hand_features(
    cand: Candidate, event: Event, context: ArticleContext, index: int, n_candidates: int
) -> dict[str, float]:
    """The named features of one candidate of incident number ``index`` of the article."""
    c, a = cand.head, cand.anchor
    relation, through = _relation(c, a)
    out: dict[str, float] = {f"rel={relation}": 1.0}
    people = is_people(c)
    place = c.ent_type_ in PLACE_LABELS or c.lemma_.lower() in WORDS.place_nouns
    if people:
        out["people"] = 1.0
    if place:
        out["place"] = 1.0
    if relation in _CROSSED and (people or place):
        out[f"rel={relation}&{'people' if people else 'place'}"] = 1.0
    if through:
        out["conjunct_of_argument"] = 1.0
    if c.sent == a.sent and c != a:
        steps = _path_length(c, a)
        out[f"path_{min(steps, 4)}{'+' if steps >= 4 else ''}"] = 1.0
    if any(ch.dep_ in ("auxpass", "nsubjpass") for ch in a.children):
        out["trigger_passive"] = 1.0
    if a.pos_ in ("NOUN", "PROPN"):
        out["trigger_noun"] = 1.0
    if c.i < a.i:
        out["before_trigger"] = 1.0
    out["log_distance"] = math.log1p(abs(c.i - a.i))
    anchor_sentence = a.sent.start
    if cand.sent_offset:
        key = "previous_sentence" if c.sent.start < anchor_sentence else "next_sentence"
        out[key] = 1.0
    if cand.sent_index == 0:
        out["title_sentence"] = 1.0
    out["log_sentence_index"] = math.log1p(cand.sent_index)
    label = c.ent_type_
    if label:
        out[f"ent={label if label in _ENTITIES else 'other'}"] = 1.0
        if c.ent_id_:
            out["known_actor_name"] = 1.0
    if c.pos_ in ("PRON", "PROPN", "NOUN"):
        out[f"pos={c.pos_}"] = 1.0
    if c.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(c.morph):
        out["plural"] = 1.0
    if c.text[:1].isupper() and not c.is_sent_start:
        out["capitalised"] = 1.0
    if is_negative(c):
        out["negative"] = 1.0
    out["log_phrase_words"] = math.log1p(len(cand.tokens))
    out.update(_lexical(c))
    out.update(_governor_context(c))
    if cand.rule is not None:
        if cand.rule.role in _AGENTS:
            out["rule_agent"] = 1.0
        elif cand.rule.role in _PATIENTS:
            out["rule_patient"] = 1.0
        elif cand.rule.role == RoleType.claimant:
            out["rule_claimant"] = 1.0
        else:
            out["rule_other"] = 1.0
        if any(s.start == cand.start for s in cand.rule.spans):
            out["rule_exact"] = 1.0
    for claim in event.claims:
        if any(s.start <= c.idx < s.end for s in claim.spans):
            stance = "claimed" if claim.stance == ClaimStance.claimed else "denied"
            out[f"claimant_{stance}"] = 1.0
    if context.elsewhere(context.agents, index, c.idx):
        out["agent_of_other_incident"] = 1.0
    if context.elsewhere(context.patients, index, c.idx):
        out["patient_of_other_incident"] = 1.0
    here = context.trigger_sentences.get(cand.sent_index, frozenset())
    if here - {index}:
        out["other_incident_sentence"] = 1.0
    out["log_candidates"] = math.log1p(n_candidates)
    return out


_COLUMN = {name: i for i, name in enumerate(HAND_FEATURES)}


def _hand_row(values: dict[str, float]) -> NDArray[np.float32]:
    row = np.zeros(len(HAND_FEATURES), np.float32)
    for name, value in values.items():
        row[_COLUMN[name]] = value
    return row


@dataclass(frozen=True)
class IncidentRows:
    """The candidates of one incident and their feature matrix (one row each)."""

    event: Event
    candidates: list[Candidate]
    matrix: NDArray[np.float32]


def _vector(states: TokenStates, offset: int, start: int, end: int) -> NDArray[np.float32]:
    try:
        return span_vector(states, start - offset, end - offset)
    except ValueError:
        # Past the end of a truncated sentence, or only spaces: no vector to read.
        return np.zeros(DIM, np.float32)


def article_features(
    events: Sequence[Event],
    doc: Doc,
    wanted: Callable[[Event], bool] | None = None,
    encoded: Callable[[Event, list[Candidate]], bool] | None = None,
    neighbour_vectors: bool = True,
) -> list[IncidentRows]:
    """Candidates and features of each of an article's incidents, in the order given; an
    incident that ``wanted`` turns down gets no candidates (it still counts as the context
    of the others). Only the incidents that ``encoded`` accepts, given their candidates,
    get the MiniLM blocks of their rows (the others' stay zero): encoding the sentences is
    most of the step's cost, and an incident whose roles the rules settle needs no scores.
    Without ``neighbour_vectors``, neither do the candidates of the sentences next to an
    incident's own (those sentences mostly hold no trigger, so nothing else encodes them)."""
    sentences = Sentences.of(doc)
    context = ArticleContext.of(events, sentences)
    per_event = [
        event_candidates(event, doc, sentences) if wanted is None or wanted(event) else []
        for event in events
    ]
    with_vectors = [
        bool(cands) and (encoded is None or encoded(event, cands))
        for event, cands in zip(events, per_event, strict=True)
    ]
    needed = sorted(
        {
            k
            for cands, use in zip(per_event, with_vectors, strict=True)
            if use
            for c in cands
            if neighbour_vectors or not c.sent_offset
            for k in (c.sent_index, sentences.index_at(c.anchor.idx))
        }
    )
    spans = [sentences.spans[k] for k in needed]
    states = dict(zip(needed, token_states([s.text for s in spans]), strict=True))
    out: list[IncidentRows] = []
    for index, (event, cands) in enumerate(zip(events, per_event, strict=True)):
        matrix = np.zeros((len(cands), WIDTH), np.float32)
        for row, cand in enumerate(cands):
            values = hand_features(cand, event, context, index, len(cands))
            matrix[row, : len(HAND_FEATURES)] = _hand_row(values)
            if not with_vectors[index] or (cand.sent_offset and not neighbour_vectors):
                continue
            sent = sentences.spans[cand.sent_index]
            anchor_k = sentences.index_at(cand.anchor.idx)
            anchor_sent = sentences.spans[anchor_k]
            phrase = _vector(states[cand.sent_index], sent.start_char, cand.start, cand.end)
            a = cand.anchor
            trigger = _vector(states[anchor_k], anchor_sent.start_char, a.idx, a.idx + len(a.text))
            matrix[row, len(HAND_FEATURES) :] = np.concatenate([phrase, trigger, phrase * trigger])
        out.append(IncidentRows(event, cands, matrix))
    return out
