"""Small helpers over spaCy's dependency parse: phrases, clause walks and spans."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsevents.extract.words import WORDS
from newsevents.model import Span
from newsevents.nlp.entities import ent_of

# Dependencies that belong to a noun phrase when it is used as a participant.
_NP_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "nummod",
        "poss",
        "case",
        "nmod",
        "quantmod",
        "predet",
        "prep",
        "pobj",
        "punct",
        "cc",
        "conj",
        "appos",
        "acl",
        "hyph",
        "advmod",
        "npadvmod",
        "oprd",
        "dobj",
        "nsubj",
        "relcl",
        "aux",
        "neg",
        "attr",
        "pcomp",
    }
)
# A noun phrase stops at these even inside its subtree: they start new clauses.
_NP_STOP = frozenset({"relcl", "advcl", "ccomp", "parataxis", "mark"})
# Prepositions that keep a phrase together ("members of X", "supporters of X").
_NP_PREPS = frozenset({"of", "from"})

_NAMING_VERBS = WORDS.naming_verbs
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"ORG", "NORP", "PERSON", "GPE"})
PERSON_NOUNS = WORDS.person_nouns


def to_span(start: int, end: int, text: str) -> Span:
    """Make an evidence span from character offsets into ``text``."""
    return Span(start=start, end=end, text=text[start:end])


def token_span(tokens: Iterable[Token], text: str) -> Span:
    """Evidence span covering ``tokens`` (their first to last character)."""
    toks = sorted(tokens, key=lambda t: t.i)
    return to_span(toks[0].idx, toks[-1].idx + len(toks[-1].text), text)


def noun_phrase(head: Token, *, keep_of: bool = True) -> list[Token]:
    """The tokens of the noun phrase headed by ``head``, without clauses or trailing punctuation.

    Keeps determiners, modifiers, possessors, compounds and "of"/"from" phrases ("members of
    Ansar Bayt al-Maqdis"); drops relative clauses, appositions and other prepositions, which
    usually add places or times rather than name the participant.
    """
    keep: list[Token] = [head]

    def visit(tok: Token) -> None:
        for child in tok.children:
            if child.dep_ in _NP_STOP or child.dep_ in ("appos", "conj", "cc", "acl", "relcl"):
                continue
            if child.dep_ == "prep" and not (keep_of and child.lower_ in _NP_PREPS):
                continue
            if child.dep_ == "punct" and child.i > head.i:
                continue
            if child.dep_ not in _NP_DEPS:
                continue
            keep.append(child)
            visit(child)

    visit(head)
    for child in head.children:
        # "a group calling itself X", "fighters loyal to the Islamic State": the clause names
        # who they are, so it belongs to the phrase.
        if child.dep_ == "acl" and child.lemma_.lower() in _NAMING_VERBS:
            keep.extend(child.subtree)
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    # A phrase is contiguous: punctuation inside names ("al-Maqdis") is kept.
    out = [head.doc[i] for i in range(lo, hi + 1)]
    while out and (out[0].is_punct or out[0].is_space or out[0].lower_ in ("and", "or")):
        out.pop(0)
    while (
        out
        and (out[-1].is_punct or out[-1].is_space or out[-1].dep_ == "case")
        and (out[-1] != head)
    ):
        out.pop()  # trailing punctuation, and the "'s" of a possessor named alone
    return out or [head]


def conjuncts_with(head: Token) -> list[Token]:
    """``head`` and the tokens coordinated with it ("Hamas and Fatah")."""
    return [head, *(c for c in head.conjuncts if c.i > head.i)]


def ancestors_until_clause(token: Token, limit: int = 4) -> Iterator[Token]:
    """Walk up the heads of ``token`` for at most ``limit`` steps."""
    cur = token
    for _ in range(limit):
        if cur.head == cur:
            return
        cur = cur.head
        yield cur


def span_ents(span: SpacySpan) -> list[SpacySpan]:
    """The entities that lie wholly within ``span``, as ``Span.ents`` gives them.

    ``Span.ents`` walks every entity of the document on each call, so asking it for every
    sentence costs the square of the article's length; the IOB tags of the span's own
    tokens give the same entities.
    """
    doc = span.doc
    out: list[SpacySpan] = []
    i = span.start
    while i < span.end:
        if doc[i].ent_iob_ == "B":
            ent = ent_of(doc[i])
            if ent is not None and ent.end <= span.end:
                out.append(ent)
                i = ent.end
                continue
        i += 1
    return out


def ents_in(tokens: list[Token], labels: frozenset[str]) -> list[SpacySpan]:
    """The entities with one of ``labels`` that lie within the token range of ``tokens``."""
    if not tokens:
        return []
    lo, hi = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = tokens[0].doc
    out: list[SpacySpan] = []
    i = lo
    while i <= hi:
        tok = doc[i]
        if tok.ent_iob_ == "B" and tok.ent_type_ in labels:
            ent = ent_of(tok)
            if ent is not None and ent.end - 1 <= hi:
                out.append(ent)
                i = ent.end
                continue
        i += 1
    return out


#: Units of an age ("a 15-year-old", "a 6-month-old").
_AGE_UNITS = frozenset({"year", "month", "week", "day"})


def is_age_noun(tok: Token) -> bool:
    """ "a 15-year-old", "two 17-year-olds": the parse heads such a phrase with "old" (an
    adjective, or a plural noun), which names a person by age (the small model tags the
    phrase as a date)."""
    return tok.lemma_.lower() == "old" and any(c.lemma_.lower() in _AGE_UNITS for c in tok.children)


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, following conjunctions and control ("tried to take")."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # Two subjects come from a misparse ("In the light of X's crackdown, we renew..."):
        # the one nearest before the verb is the real one.
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in WORDS.comment_verbs:
        # "Police investigate shooting": who investigates, condemns or reports an act is
        # not who did it (the parse reads the act as the verb's complement).
        return None
    if verb.dep_ in ("conj", "xcomp") and verb.head != verb:
        return subject_of(verb.head)
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return verb.head  # "gunmen firing at the crowd"; a VBN participle names the patient
    if verb.dep_ in ("advcl", "ccomp") and verb.tag_ == "VBG" and verb.head != verb:
        # "ISIS considers Hamas heretical, accusing the group...": the participle shares
        # the main clause's subject.
        return subject_of(verb.head)
    return None


def is_nobody(head: Token) -> bool:
    """A phrase that names nobody: "no one", "nobody", "none of them", "no suspects"."""
    if head.lower_ in ("nobody", "none", "no-one", "noone"):
        return True
    if head.lower_ == "one" and head.i > 0 and head.doc[head.i - 1].lower_ == "no":
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)


def is_plural(token: Token) -> bool:
    """Whether a noun is plural by its tag or morphology."""
    return token.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(token.morph)
