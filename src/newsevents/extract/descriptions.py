"""The named person a definite description stands for: "the journalist" after "journalist
Masih Alinejad", "the suspect" after "suspect John Doe, 24", "the shooter" after "the shooter,
identified as Mark Lee".

An article names a person once with what they are and then goes on with the description
alone. The description is a participant of its own sentence; the name is who it is, and
what an analyst codes. A description is linked only when the article gives that description
to one person and no other: two suspects, or a journalist and a reporter the article never
tells apart, stay as written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsevents.extract.words import WORDS

#: Words that make a noun phrase definite: it refers back to someone already introduced.
_DEFINITE = frozenset({"the", "this", "that"})
#: Verbs that give a described person's name ("identified as", "named as").
_NAMING = WORDS.identifying_verbs


@dataclass(frozen=True)
class Described:
    """A person the article names, with the span of the name."""

    name: str
    start: int
    end: int


def _descriptions_of(ent: Span) -> set[str]:
    """The common nouns the article attaches to one named person: "journalist Masih
    Alinejad" (compound), "Masih Alinejad, a US-based journalist" and "the journalist,
    Masih Alinejad" (apposition), "the victim was identified as John Doe"."""
    root = ent.root
    inside = range(ent.start, ent.end)
    out = {
        child.lemma_.lower()
        for child in root.children
        if child.i not in inside
        and _is_common(child)
        and (child.dep_ in ("compound", "appos") or (child.dep_ == "amod" and child.pos_ == "NOUN"))
    }
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN":
        out.add(head.lemma_.lower())
    if root.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in _NAMING:
        verb = head.head
        # "the victim was identified as X" (the verb's subject) or "the shooter, identified
        # as X" (the noun the participle describes).
        nouns = [c for c in verb.children if c.dep_ == "nsubjpass" and c.pos_ == "NOUN"]
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            nouns.append(verb.head)
        out.update(n.lemma_.lower() for n in nouns)
    return out


def _is_common(tok: Token) -> bool:
    # The tagger reads a title before a name as a noun or an adjective ("suspect John Doe").
    return tok.pos_ in ("NOUN", "ADJ") and tok.is_alpha and tok.is_lower


def described_people(doc: Doc) -> dict[str, list[Described]]:
    """Each description the article gives a named person (lemma, lower case), with the
    people it is given to, in text order."""
    found: dict[str, list[Described]] = defaultdict(list)
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent) < 2:
            continue
        for lemma in _descriptions_of(ent):
            found[lemma].append(Described(ent.text, ent.start_char, ent.end_char))
    return dict(found)


def is_definite_description(head: Token) -> bool:
    """A singular common noun introduced as already known ("the journalist", "this
    officer")."""
    if head.pos_ != "NOUN" or head.tag_ != "NN":
        return False
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children)


def person_described(head: Token, people: dict[str, list[Described]]) -> Described | None:
    """The one named person the article gives the description ``head`` to, or None when it
    gives it to nobody or to several people."""
    if not is_definite_description(head):
        return None
    candidates = people.get(head.lemma_.lower(), [])
    names = {c.name for c in candidates}
    if len(names) != 1:
        return None
    # The mention nearest before the description, else the first one.
    before = [c for c in candidates if c.start < head.idx]
    return before[-1] if before else candidates[0]
