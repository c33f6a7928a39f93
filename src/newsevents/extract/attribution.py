"""Who says so: reporting verbs, "according to" phrases and the sources they name."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsevents.extract.lexicon import cues
from newsevents.extract.mentions import Participant
from newsevents.extract.participants import ArticleActors, resolve_participant
from newsevents.extract.syntax import noun_phrase, token_span
from newsevents.extract.words import WORDS
from newsevents.model import ActorKind, Attribution, RoleType, SourceKind

# Nouns that refer back to a news outlet already named ("told the broadcaster").
OUTLET_NOUNS = WORDS.outlet_nouns


@dataclass
class Source:
    """A source named in a sentence, with the verb that cites it and its depth in the parse."""

    attribution: Attribution
    verb: Token
    subject: Token
    depth: int


def _depth(tok: Token) -> int:
    d = 0
    while tok.head != tok:
        tok = tok.head
        d += 1
    return d


def _kind(head: Token, actor_kind: ActorKind) -> SourceKind:
    if actor_kind == ActorKind.media:
        return SourceKind.outlet
    lemma = head.lemma_.lower()
    for kind, words in cues().source_kinds.items():
        if lemma in words:
            return SourceKind(kind)
    if lemma in OUTLET_NOUNS:
        return SourceKind.outlet
    if actor_kind in (ActorKind.police, ActorKind.military, ActorKind.government, ActorKind.state):
        return SourceKind.official
    if actor_kind in (ActorKind.armed_group, ActorKind.party):
        return SourceKind.party
    if actor_kind == ActorKind.person:
        return SourceKind.official
    return SourceKind.other


def _source_head(subj: Token) -> Token:
    """For "a statement from X" the source is X; the statement is how X spoke."""
    if subj.lemma_.lower() in cues().source_kinds["statement"]:
        for child in subj.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
    return subj


def _make(
    subj: Token,
    verb: Token,
    cue_text: str,
    text: str,
    actors: ArticleActors,
    last: Attribution | None,
) -> Attribution | None:
    head = _source_head(subj)
    lemma = head.lemma_.lower()
    if lemma in OUTLET_NOUNS and head.ent_type_ == "" and last is not None:
        # A definite description of an outlet named before: the same outlet.
        return last.model_copy(
            update={
                "spans": [token_span(noun_phrase(head), text)],
                "text": token_span(noun_phrase(head), text).text,
                "cue": cue_text,
                "confidence": 0.6,
            }
        )
    role = resolve_participant(
        Participant(RoleType.actor, head, noun_phrase(head), "source", 0.7), text, actors
    )
    if role is None:
        return None
    kind = _kind(head, role.kind)
    if subj != head:
        kind = SourceKind.statement if kind in (SourceKind.party, SourceKind.other) else kind
    return Attribution(
        source=role.name,
        kind=kind,
        actor_id=role.actor_id,
        text=role.text,
        cue=cue_text,
        spans=[*role.spans, token_span([verb], text)],
        confidence=0.8 if role.actor_id else 0.6,
    )


def sentence_sources(
    sent: SpacySpan, text: str, actors: ArticleActors, last_outlet: Attribution | None
) -> list[Source]:
    """The sources a sentence cites, outermost first ("X reported that Y said ...")."""
    verbs = set(cues().reporting_verbs)
    found: list[Source] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in verbs:
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ == "PRON":
                continue
            att = _make(subj, tok, tok.text, text, actors, last_outlet)
            if att is None:
                continue
            if att.kind == SourceKind.outlet:
                last_outlet = att
            found.append(Source(att, tok, subj, _depth(tok)))
            # "sources told the broadcaster": the outlet relays what the sources said.
            for child in tok.children:
                if child.dep_ in ("dative", "dobj") and child.lemma_.lower() in OUTLET_NOUNS:
                    relay = _make(child, tok, tok.text, text, actors, last_outlet)
                    if relay is not None:
                        found.append(Source(relay, tok, child, _depth(tok) - 1))
        elif lemma == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            obj = next((c for c in tok.nbor().children if c.dep_ == "pobj"), None)
            if obj is not None:
                att = _make(obj, tok, "according to", text, actors, last_outlet)
                if att is not None:
                    found.append(Source(att, tok, obj, _depth(tok)))
        elif lemma in ("cite", "quote") and tok.dep_ in ("advcl", "acl", "prep"):
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
            if obj is not None:
                att = _make(obj, tok, tok.text, text, actors, last_outlet)
                if att is not None:
                    found.append(Source(att, tok, obj, _depth(tok) + 1))
    found.sort(key=lambda s: s.depth)
    return found


def applies_to(source: Source, trigger: Token) -> bool:
    """Whether ``source`` reports the event of ``trigger``: the event lies in what the
    reporting verb introduces, not in the name of the source itself."""
    if trigger == source.verb or trigger in set(source.subject.subtree):
        return False
    return trigger in set(source.verb.subtree) or (
        source.verb.dep_ == "ROOT" and (source.verb.i > trigger.i)
    )
