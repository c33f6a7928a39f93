"""Candidate participants of an incident: the noun phrases around its mentions.

For each incident, every noun phrase whose head is a noun, a proper noun or a pronoun, and
the root of every named person, organisation or group, in the sentences that report it and
in the sentence before and after each of them, is a candidate for its perpetrator or its
target. Each candidate is paired with the incident's trigger it is read against (the
nearest one in its own sentence, else the nearest in the article) and with the role the
extractor's parse rules gave it, if any.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.extract.syntax import noun_phrase
from newsevents.extract.words import WORDS
from newsevents.model import Event, Role

#: How many sentences before and after a reporting sentence are searched.
REACH = 1
# Entity labels that never name a participant (when, how much, which; named occasions and
# laws: "Human Rights Day", "the Digital Security Act").
_NOT_WHO = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY", "CARDINAL", "EVENT", "LAW"}
)
# Entities whose root is always a candidate, however the parse attaches it.
_WHO_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# Dependencies of words that modify another noun rather than head a phrase of their own.
_MODIFIER_DEPS = frozenset({"compound", "flat", "amod", "det", "nummod", "quantmod", "case"})
_WH = WORDS.wh_words
# Pronouns that refer to nobody in particular ("it rained", "there were").
_EXPLETIVES = frozenset({"it", "there", "that", "this", "which", "what", "who", "whom"})


@dataclass(frozen=True, eq=False)
class Candidate:
    """A noun phrase that may play a part in an incident.

    ``head`` heads the phrase ``tokens``; ``anchor`` is the trigger head it is read against;
    ``sent_offset`` is how many sentences it lies from the nearest reporting sentence (0 in
    one of them); ``rule`` is the role the extractor's rules gave the phrase in this
    incident, if any.
    """

    head: Token
    tokens: tuple[Token, ...]
    anchor: Token
    sent_index: int
    sent_offset: int
    rule: Role | None

    @property
    def start(self) -> int:
        """Offset of the phrase's first character."""
        return self.tokens[0].idx

    @property
    def end(self) -> int:
        """Offset one past the phrase's last character."""
        last = self.tokens[-1]
        return last.idx + len(last.text)


@dataclass(frozen=True)
class Sentences:
    """The document's sentences, found by character offset."""

    spans: tuple[SpacySpan, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, doc: Doc) -> Sentences:
        """Index the sentences of ``doc``."""
        spans = tuple(doc.sents)
        return cls(spans, tuple(s.start_char for s in spans))

    def index_at(self, char: int) -> int:
        """Index of the sentence holding character ``char`` (the last one starting before)."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)


def trigger_heads(event: Event, doc: Doc) -> list[Token]:
    """The head token of each of the incident's triggers, in text order."""
    heads: list[Token] = []
    for span in event.triggers:
        chars = doc.char_span(span.start, span.end, alignment_mode="expand")
        if chars is not None and len(chars) > 0 and chars.root not in heads:
            heads.append(chars.root)
    return sorted(heads, key=lambda t: t.i)


def _is_candidate(tok: Token) -> bool:
    if tok.pos_ not in ("NOUN", "PROPN", "PRON"):
        return False
    if tok.ent_type_ in _NOT_WHO or tok.lower_ in _WH or tok.lower_ in _EXPLETIVES:
        return False
    if tok.dep_ in ("expl", "det"):
        return False
    return tok.dep_ not in _MODIFIER_DEPS or tok.ent_type_ in _WHO_LABELS


def _heads_in(sent: SpacySpan) -> list[Token]:
    """Candidate heads of a sentence: phrase heads, and the roots of names of who."""
    out: dict[int, Token] = {}
    for tok in sent:
        if not _is_candidate(tok):
            continue
        if tok.ent_type_ in _WHO_LABELS and tok.ent_iob_ == "I":
            continue  # the root of the name is taken below
        out[tok.i] = tok
    i = sent.start
    while i < sent.end:
        tok = sent.doc[i]
        if tok.ent_iob_ == "B" and tok.ent_type_ in _WHO_LABELS:
            end = i + 1
            while end < sent.end and sent.doc[end].ent_iob_ == "I":
                end += 1
            root = sent.doc[i:end].root
            out.setdefault(root.i, root)
            # A name in compound position ("Hamas attack") is its own candidate; its other
            # words are not.
            for j in range(i, end):
                if j != root.i:
                    out.pop(j, None)
            i = end
            continue
        i += 1
    return [out[k] for k in sorted(out)]


def _name_phrase(head: Token) -> list[Token]:
    """The phrase of a candidate: its noun phrase, or the whole name for a name's root used
    as a modifier ("the [Hamas] attack")."""
    if head.dep_ in _MODIFIER_DEPS and head.ent_type_:
        tokens = [head]
        i = head.i - 1
        while i >= 0 and head.doc[i].ent_iob_ != "O" and head.doc[i + 1].ent_iob_ == "I":
            tokens.insert(0, head.doc[i])
            i -= 1
        return tokens
    return noun_phrase(head)


def _rule_role(head: Token, roles: Sequence[Role]) -> Role | None:
    """The incident's rule-made role whose mention holds ``head``, if any."""
    at = head.idx
    for role in roles:
        if any(s.start <= at < s.end for s in role.spans):
            return role
    return None


def _anchor(head: Token, same_sentence: Sequence[Token], triggers: Sequence[Token]) -> Token:
    """The trigger nearest ``head`` in its sentence, else in the whole incident (``triggers``
    in text order; found by bisection, as a merged incident can have many)."""
    pool = list(same_sentence)
    if not pool:
        at = bisect.bisect_left([t.i for t in triggers], head.i)
        pool = list(triggers[max(0, at - 1) : at + 1])
    return min(pool, key=lambda t: (abs(t.i - head.i), t.i))


def event_candidates(event: Event, doc: Doc, sentences: Sentences) -> list[Candidate]:
    """The candidate participants of one incident, in text order."""
    triggers = trigger_heads(event, doc)
    if not triggers:
        return []
    reporting = sorted({sentences.index_at(t.idx) for t in triggers})
    scope: dict[int, int] = {}
    for index in reporting:
        for k in range(index - REACH, index + REACH + 1):
            if 0 <= k < len(sentences.spans):
                scope[k] = min(scope.get(k, REACH + 1), abs(k - index))
    trigger_ids = {t.i for t in triggers}
    by_sentence: dict[int, list[Token]] = {}
    for t in triggers:
        by_sentence.setdefault(sentences.index_at(t.idx), []).append(t)
    out: list[Candidate] = []
    for k in sorted(scope):
        for head in _heads_in(sentences.spans[k]):
            if head.i in trigger_ids and head.pos_ != "NOUN":
                continue
            out.append(
                Candidate(
                    head=head,
                    tokens=tuple(_name_phrase(head)),
                    anchor=_anchor(head, by_sentence.get(k, ()), triggers),
                    sent_index=k,
                    sent_offset=scope[k],
                    rule=_rule_role(head, event.roles),
                )
            )
    return out
