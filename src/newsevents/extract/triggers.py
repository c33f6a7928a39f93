"""Finding event triggers in a parsed sentence with the trigger lexicon."""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsevents.extract.lexicon import TriggerEntry, triggers

# Month names that are also trigger words ("March").
_MONTHS = frozenset(m.lower() for m in calendar.month_name if m)
# Entity labels under which a trigger word is part of a name ("Strike Force", "Al-Aqsa Martyrs").
_NAME_LABELS = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT", "LAW"})
# Dependencies of what a trigger acts on: object, passive subject, "of"/"from" phrase.
_OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "dative"})
_OBJECT_PREPS = frozenset({"of", "from", "over", "to"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger found in text: its head token, all its tokens and its lexicon entry."""

    head: Token
    tokens: tuple[Token, ...]
    entry: TriggerEntry


@dataclass(frozen=True)
class _Index:
    by_lemma: dict[tuple[str, str], TriggerEntry]
    # Phrases by their first word, longest first, so each token looks up only its own.
    phrases: dict[str, tuple[tuple[tuple[str, ...], TriggerEntry], ...]]


@functools.cache
def _index() -> _Index:
    by_lemma: dict[tuple[str, str], TriggerEntry] = {}
    by_first: dict[str, list[tuple[tuple[str, ...], TriggerEntry]]] = {}
    for entry in triggers():
        for lemma in entry.lemmas:
            for pos in entry.pos:
                by_lemma.setdefault((lemma.lower(), pos), entry)
        for phrase in entry.phrases:
            words = tuple(phrase.lower().split())
            by_first.setdefault(words[0], []).append((words, entry))
    phrases = {w: tuple(sorted(v, key=lambda p: -len(p[0]))) for w, v in by_first.items()}
    return _Index(by_lemma, phrases)


def _word_matches(tok: Token, word: str) -> bool:
    return tok.lower_ == word or tok.lemma_.lower() == word


def _match_phrase(toks: list[Token], start: int, words: tuple[str, ...]) -> list[Token] | None:
    """Match ``words`` at ``start``, letting up to two determiners or possessives sit between
    them ("renew our loyalty", "pledged its allegiance")."""
    out: list[Token] = []
    i, skipped = start, 0
    for k, word in enumerate(words):
        while (
            k > 0
            and skipped < 2
            and i < len(toks)
            and not _word_matches(toks[i], word)
            and toks[i].dep_ in ("poss", "det", "amod")
        ):
            i, skipped = i + 1, skipped + 1
        if i >= len(toks) or not _word_matches(toks[i], word):
            return None
        out.append(toks[i])
        i += 1
    return out


def _objects(head: Token) -> list[Token]:
    """What ``head`` acts on: objects, passive subjects and prepositional objects, with
    their conjuncts; a passive participle modifying a noun acts on that noun."""
    found: list[Token] = []
    for child in head.children:
        if child.dep_ in _OBJECT_DEPS:
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS:
            found.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "prt":
            found.extend(_objects(child))
    if head.dep_ in ("acl", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
        found.append(head.head)
    return found + [c for tok in found for c in tok.conjuncts]


def _has_object(head: Token, entry: TriggerEntry) -> bool:
    """Whether a trigger that needs a particular object (``entry.objects``) has one."""
    wanted = {w.lower() for w in entry.objects}
    for tok in _objects(head):
        if tok.lemma_.lower() in wanted or tok.lower_ in wanted:
            return True
        if entry.object_places and tok.ent_type_ in _PLACE_LABELS:
            return True
    return False


def _phrase_head(tokens: tuple[Token, ...]) -> Token:
    """The syntactic head of a multi-word trigger: the token whose head lies outside it."""
    ids = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i not in ids or tok.head == tok:
            return tok
    return tokens[0]


def find_triggers(sent: SpacySpan) -> list[TriggerMatch]:
    """All trigger matches in ``sent``; phrases first, then single words not already covered."""
    index = _index()
    found: list[TriggerMatch] = []
    covered: set[int] = set()
    toks = list(sent)
    for start, first in enumerate(toks):
        if first.i in covered:
            continue
        candidates = index.phrases.get(first.lower_, ()) + index.phrases.get(
            first.lemma_.lower(), ()
        )
        for words, phrase_entry in candidates:
            matched = _match_phrase(toks, start, words)
            if matched is None or any(t.i in covered for t in matched):
                continue
            span = tuple(matched)
            if phrase_entry.objects and not _has_object(_phrase_head(span), phrase_entry):
                continue
            found.append(TriggerMatch(_phrase_head(span), span, phrase_entry))
            covered.update(t.i for t in span)
            break
    for tok in toks:
        if tok.i in covered or tok.ent_type_ in _NAME_LABELS:
            continue
        if tok.ent_type_ == "DATE" and tok.lower_ in _MONTHS:
            continue  # "March 3", "the 11 march elections": a month, not a march
        entry = index.by_lemma.get((tok.lemma_.lower(), tok.pos_))
        if entry is None and tok.pos_ == "PROPN":
            # Truecased or headline text tags common nouns as proper nouns ("Bomb Kills Five").
            entry = index.by_lemma.get((tok.lemma_.lower(), "NOUN")) or index.by_lemma.get(
                (tok.lemma_.lower(), "VERB")
            )
        if entry is None:
            continue
        if tok.pos_ == "VERB" and any(c.dep_ == "prt" for c in tok.children):
            continue  # phrasal verbs mean something else: "die down", "fire off", "blow up"?
        if entry.objects and not _has_object(tok, entry):
            continue
        found.append(TriggerMatch(tok, (tok,), entry))
    return _drop_modifier_triggers(found)


def _drop_modifier_triggers(found: list[TriggerMatch]) -> list[TriggerMatch]:
    """Drop a noun trigger that only modifies another trigger ("mortar" in "mortar attack")."""
    heads = {m.head.i for m in found}
    kept = []
    for match in found:
        head = match.head
        if head.dep_ in ("compound", "amod", "nmod") and head.head.i in heads:
            continue
        if head.lemma_.lower() == "target" and head.dep_ in ("advcl", "acl"):
            continue  # "..., targeting X" names the target of the main event
        kept.append(match)
    return kept
