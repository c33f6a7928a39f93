"""How firmly the article commits to an event: asserted, negated or left open, and why.

Two sources decide together:

- the **factuality model** (:mod:`newsevents.learn.factuality`) scores the trigger in its
  sentence from -3 (did not happen) to +3 (happened). It decides between asserted, negated
  and open (hypothetical), replacing the negation, modal-verb and conditional rules: on the
  UW + MEANTIME development data it separates the three better than they did (see
  docs/quality.md, "Modality and aggregates");
- **cue words** (``cues.yaml``) decide what the score cannot say: a claim of responsibility,
  an accusation, a threat, a plan, a request, a denial, unnamed sources, hedges
  ("allegedly"), and an act announced for the future ("will attack", which news readers
  and the model's training data read as a fact to come).

Requested acts ("asked Cuba to capture him", "called for the arrest of") are stored as
hypothetical: nothing says they happened, nor that anyone announced doing them.
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

from newsevents.errors import DataFileError
from newsevents.extract.attribution import Source, applies_to
from newsevents.extract.claims import ClaimFound
from newsevents.extract.lexicon import cues
from newsevents.extract.mentions import LIGHT_VERBS, Mention
from newsevents.extract.syntax import token_span
from newsevents.extract.trigger_factuality import trigger_factuality
from newsevents.model import Modality, SourceKind, Span

#: Scores at or above this are facts; chosen on the UW + MEANTIME development data (best
#: macro F1 over happened / open / did not happen), and asserted incidents of coder-gold dev
#: score above it.
FACTUAL_FROM = 2.0
#: Scores at or below this did not happen (same choice).
NEGATED_UPTO = 0.0

#: The PLOVER type of threats, whose records are threatened when the threat was made.
THREAT_TYPE = "THREATEN"
#: The cue tables' name for acts only asked for, and the modality they are stored as.
REQUESTED = "requested"
_STORED_AS = {REQUESTED: Modality.hypothetical}

# Dependencies along which a governing word's meaning reaches down to the event ("tried to
# take over", "threatened that it would attack", "planned the abduction", "a plot to kidnap").
# ("any responsibility for the death" is an adverbial noun in lower-case text.)
_SCOPE_DEPS = frozenset({"xcomp", "ccomp", "dobj", "obj", "acl", "npadvmod"})
# Prepositions through which a governing verb reaches the event, by the kind it signals:
# "accused of torturing", "charged with murder", "called for the arrest of", "warned of
# attacks", "refrained from attacking". Other kinds need a complement ("wanted for murder"
# is no plan).
_VERB_PREPS: dict[str, frozenset[str]] = {
    Modality.alleged.value: frozenset({"of", "with", "for", "over"}),
    Modality.suspected.value: frozenset({"of", "in"}),
    Modality.threatened.value: frozenset({"of", "with"}),
    Modality.negated.value: frozenset({"from"}),
    REQUESTED: frozenset({"for"}),
}
# Kinds whose scope takes in a participle of the act ("accused of shooting, hitting five").
_ACCUSING = frozenset({Modality.alleged.value, Modality.suspected.value})
# Steps up the parse from the trigger to a governing word.
_MAX_STEPS = 4
# Words shown as the evidence of an open score ("would attack", "should be arrested").
_OPEN_WORDS = ("would", "should", "can")
# The reporting verbs after which "would" is a future in the past ("said they would arrest").
_SPEECH = frozenset({"say", "tell", "announce", "state", "declare", "add"})

Decision = tuple[Modality, list[Span], float]


@functools.cache
def _table(section: str) -> dict[str, str]:
    """A cue table as word -> kind, its kinds checked against the modalities."""
    table: dict[str, list[str]] = getattr(cues(), section)
    known = {m.value for m in Modality} | {REQUESTED}
    unknown = sorted(set(table) - known)
    if unknown:
        raise DataFileError("cues.yaml", f"{section}: unknown modality {unknown}")
    return {w: kind for kind, words in table.items() for w in words}


def _modality(kind: str) -> Modality:
    return _STORED_AS.get(kind) or Modality(kind)


def _clause_head(m: Mention) -> Token:
    """The verb whose clause states the event: the trigger, or its light verb."""
    head = m.head
    if (
        head.pos_ != "VERB"
        and head.dep_ in ("dobj", "obj")
        and head.head.lemma_.lower() in LIGHT_VERBS
    ):
        return head.head
    return head


def needs_factuality(claim: ClaimFound | None) -> bool:
    """Whether :func:`mention_modality` reads the factuality score of a mention with the
    claim ``claim``: a claim of responsibility decides without it."""
    return claim is None or not claim.replaces_agent


def mention_modality(
    m: Mention, sources: list[Source], claim: ClaimFound | None, text: str
) -> Decision:
    """The modality of mention ``m`` with the words that signal it and a confidence."""
    if claim is not None and claim.replaces_agent:  # what needs_factuality tells callers
        return Modality.claimed, list(claim.claim.spans[-1:]), 0.8
    verb = _clause_head(m)
    score = trigger_factuality(m.head)
    governed = _governing(m.head, score, text)
    if governed is not None:
        return governed
    if score <= NEGATED_UPTO:
        return Modality.negated, _evidence(verb, m.head, cues().negations, text), 0.8
    return _cued(m, verb, sources, text) or _open_or_fact(m, verb, score, text)


def _cued(m: Mention, verb: Token, sources: list[Source], text: str) -> Decision | None:
    """Unnamed sources, a future, or a hedge: words that decide whatever the score."""
    # Unnamed sources make an allegation whatever else the sentence says.
    for src in sources:
        if applies_to(src, m.head) and src.attribution.kind == SourceKind.sources:
            return Modality.alleged, [token_span([src.subject, src.verb], text)], 0.65
    modals = _table("modal_verbs")
    for child in verb.children:
        if child.dep_ != "aux":
            continue
        kind = modals.get(child.lemma_.lower()) or modals.get(child.lower_)
        if kind == Modality.planned.value or (child.lower_ == "would" and _reported_future(verb)):
            return Modality.planned, [token_span([child], text)], 0.7
        if kind is not None:
            # "may have attacked": a guess about the past, not a possibility to come.
            perfect = any(a.lemma_.lower() == "have" and a.i > child.i for a in verb.children)
            kind = Modality.suspected.value if perfect else kind
            return _modality(kind), [token_span([child], text)], 0.7
    adverbs, adjectives = _table("adverbs"), _table("adjectives")
    for tok in (verb, m.head):
        for child in tok.children:
            if child.dep_ == "advmod" and child.lower_ in adverbs:
                return _modality(adverbs[child.lower_]), [token_span([child], text)], 0.75
    head = m.head
    # "an apparent murder-suicide": the adjective qualifies the compound the trigger is in.
    nouns = (head, head.head) if head.dep_ == "compound" else (head,)
    for child in (c for noun in nouns for c in noun.children):
        if child.dep_ in ("amod", "compound") and child.lower_ in adjectives:
            return _modality(adjectives[child.lower_]), [token_span([child], text)], 0.75
    return None


def _reported_future(verb: Token) -> bool:
    """ "Police said they would arrest anyone": a future in reported speech, not a condition."""
    node = verb
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    conditional = any(c.dep_ == "advcl" for c in verb.children) or any(
        c.dep_ == "mark" and c.lower_ in cues().conditionals for c in verb.children
    )
    return not conditional and node.dep_ == "ccomp" and node.head.lemma_.lower() in _SPEECH


def _open_or_fact(m: Mention, verb: Token, score: float, text: str) -> Decision:
    """What the score says when no cue decides: a fact, or an open possibility."""
    head = m.head
    if score >= FACTUAL_FROM and m.event_type == THREAT_TYPE:
        # A threat made is recorded as what it is: a threat, not an act.
        return Modality.threatened, [token_span(m.trigger.tokens, text)], 0.75
    if score >= FACTUAL_FROM:
        return Modality.asserted, [], 0.6
    evidence = _evidence(verb, head, [*_OPEN_WORDS, *cues().conditionals], text)
    return Modality.hypothetical, evidence, 0.7


def _evidence(verb: Token, head: Token, words: list[str], text: str) -> list[Span]:
    """The words of ``words`` next to the event that show why the score is what it is: "not",
    "No one was arrested", "may", "if"."""
    wanted = set(words)
    near = [*verb.children, *head.children]
    if verb.dep_ in ("advcl", "xcomp") and verb.head != verb:
        near.extend(verb.head.children)  # "did not come to attack"
    # "No one was arrested", "killed nobody": the negation of a participant.
    for child in list(near):
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
            near.extend(child.children)
            near.append(child)
    found = sorted({t.i: t for t in near if t.lower_ in wanted}.values(), key=lambda t: t.i)
    return [token_span([t], text) for t in found[:1]]


def _misattached_noun(node: Token, gov: Token, nouns: dict[str, str]) -> Token | None:
    """The governing noun of an infinitive that the parser hung on the verb instead: in
    "uncovered a plot to kidnap the governor" "to kidnap" is parsed as a purpose of
    "uncovered"; it completes "plot"."""
    if node.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return None
    objects = [c for c in gov.children if c.dep_ in ("dobj", "obj") and c.i < node.i]
    return next((o for o in objects if o.lemma_.lower() in nouns), None)


#: Determiners of an act that has not happened: "vowed to avenge any attack".
_OPEN_DETERMINERS = frozenset({"any", "every", "no", "future"})


def _avenged(node: Token, gov: Token, prep: str | None, nominal: bool) -> bool:
    """Whether ``node`` is the act that ``gov`` avenges or retaliates for: the object of
    "avenge" or "revenge", or the object of "for" after "retaliate", "revenge", "reprisal"."""
    table = cues().retribution
    words = table.get("nouns" if nominal else "verbs", [])
    if prep == "for" and node.dep_ == "pobj":
        # "attacks in revenge for the execution": the parser often hangs "for" on the noun
        # before "in revenge"; the word just before "for" says what the phrase is.
        before = node.doc[node.head.i - 1] if node.head.i > 0 else node.head
        if before.lemma_.lower() in table.get("nouns", []):
            return not _open_act(node)
    if gov.lemma_.lower() not in words and gov.lower_ not in words:
        return False
    if prep is None and (nominal or node.dep_ not in ("dobj", "obj")):
        return False
    if prep is not None and prep != "for":
        return False
    return not _open_act(node)


def _open_act(node: Token) -> bool:
    """ "any attack", "future attacks": an act that has not happened."""
    return any(c.dep_ in ("det", "amod") and c.lower_ in _OPEN_DETERMINERS for c in node.children)


def _governing(head: Token, score: float, text: str) -> Decision | None:
    """A word above the event that makes it planned, threatened, denied, suspected, alleged,
    requested or stopped: "plans to attack", "accused of torturing", "asked Cuba to capture
    him", "a plot to kidnap", "calls for the arrest of", "prevented the attack"."""
    verbs, nouns = _table("governing_verbs"), _table("governing_nouns")
    node = head
    participle = False
    for _ in range(_MAX_STEPS):
        gov = node.head
        if gov == node:
            return None
        if node.dep_ == "conj":
            node = gov  # a conjunct shares the commitment of the act it goes with
            continue
        prep: str | None = None
        misattached = _misattached_noun(node, gov, nouns)
        if node.dep_ in ("pobj", "pcomp") and gov.dep_ == "prep" and gov.head != gov:
            prep, gov = gov.lower_, gov.head
        elif misattached is not None:
            gov = misattached
        elif node.dep_ == "advcl" and node.tag_ == "VBG":
            participle = True
        elif node.dep_ not in _SCOPE_DEPS:
            return None
        nominal = gov.pos_ in ("NOUN", "PROPN")
        if _avenged(node, gov, prep, nominal):
            # "swore to avenge the execution": what is avenged already happened; the threat
            # or plan above is about the avenging, a separate act.
            return Modality.asserted, [token_span([gov], text)], 0.75
        kind = (nouns if nominal else verbs).get(gov.lemma_.lower())
        if (
            kind == Modality.planned.value
            and node.dep_ in ("dobj", "obj")
            and (score >= FACTUAL_FROM)
        ):
            # "planned the September 11 attacks", "plotted the murder of": the verb names
            # who masterminded an act; the score says whether it was carried out ("planned
            # the abduction of the journalist" scores +1.6).
            return None
        if participle and kind is not None and kind not in _ACCUSING:
            # A participle tells what an act led to: "attempted to rape a woman, killing
            # the man who defended her" (the killing happened). Under an accusation it is
            # part of what is alleged: "accused of shooting into a crowd, hitting five".
            return None
        if kind is not None and (
            nominal or prep is None or prep in _VERB_PREPS.get(kind, frozenset())
        ):
            if kind == Modality.denied.value and node.lemma_.lower() in cues().claim.deny_objects:
                # "denied involvement in the bombing": the bombing happened; who did it is
                # in dispute.
                kind = Modality.alleged.value
            negation = [c for c in gov.children if c.dep_ == "neg"]
            if kind == Modality.asserted.value and negation:
                return Modality.negated, [token_span(negation, text)], 0.8
            return _modality(kind), [token_span([gov], text)], 0.75
        node = gov
    return None
