"""Turning participant phrases into roles: actor names, kinds and affiliations."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from newsevents.extract.evidence import is_armed_name
from newsevents.extract.mentions import Participant
from newsevents.extract.syntax import (
    PERSON_NOUNS,
    ent_of,
    ents_in,
    noun_phrase,
    subject_of,
    token_span,
)
from newsevents.extract.words import WORDS
from newsevents.model import ActorKind, Role, RoleType, Span
from newsevents.resolve.actors import ActorKB, load_kb, stable_id_for_unknown

_DROP_LEADING = WORDS.leading_words
_PRONOUNS = WORDS.pronouns
_FIRST_PERSON = WORDS.first_person
# Heads that name members of an organisation rather than the organisation itself.
_MEMBER_NOUNS = WORDS.member_nouns


_OWNER_WORDS = {
    "military": ActorKind.military,
    "army": ActorKind.military,
    "troop": ActorKind.military,
    "police": ActorKind.police,
    "security": ActorKind.military,
    "paramilitary": ActorKind.military,
    "government": ActorKind.government,
    "rebel": ActorKind.armed_group,
    "militant": ActorKind.armed_group,
}


@dataclass
class ArticleActors:
    """Actors seen so far in an article, for pronouns and definite descriptions."""

    kb: ActorKB = field(default_factory=load_kb)
    recent: list[Role] = field(default_factory=list)

    def remember(self, role: Role) -> None:
        """Record a resolved, named participant."""
        if role.actor_id or role.kind != ActorKind.unknown:
            self.recent.append(role)


def _kind_of(value: object) -> ActorKind:
    raw = getattr(value, "value", value)
    try:
        return ActorKind(str(raw))
    except ValueError:
        return ActorKind.unknown


def _phrase_text(tokens: list[Token], text: str) -> tuple[str, Span]:
    span = token_span(tokens, text)
    return span.text, span


def _clean_name(tokens: list[Token], text: str) -> str:
    toks = [t for t in tokens if (not t.is_punct or t.text in ("-", "'")) and t.dep_ != "case"]
    while toks and (toks[0].lower_ in _DROP_LEADING or toks[0].like_num):
        toks = toks[1:]
    if not toks:
        return token_span(tokens, text).text
    return _unquote(token_span(toks, text).text)


def _unquote(name: str) -> str:
    for q in '"“”‘’«»':
        name = name.replace(q, "")
    return " ".join(name.split()).strip(" '")


def _self_name(head: Token, text: str) -> str | None:
    """The name a group gives itself: "a group calling itself X"."""
    for child in head.children:
        if child.dep_ == "acl" and child.lemma_.lower() in ("call", "name", "identify"):
            for obj in child.children:
                if obj.dep_ in ("oprd", "dobj", "attr", "xcomp") and obj.lower_ != "itself":
                    toks = [t for t in obj.subtree if not (t.is_punct and t.text not in "-'")]
                    return _unquote(token_span(toks, text).text)
    return None


def resolve_participant(
    p: Participant, text: str, actors: ArticleActors, speaker: Role | None = None
) -> Role | None:
    """Make a :class:`Role` from a participant phrase, or None for an unusable phrase."""
    head = p.head
    low = head.lower_
    if is_negative(head):
        return None  # "no group", "no one": nobody plays the role
    if low in _PRONOUNS or head.pos_ == "PRON":
        return _resolve_pronoun(p, text, actors, speaker)
    if head.pos_ in ("NUM",) and not head.ent_type_:
        return None
    phrase, span = _phrase_text(p.tokens, text)
    kb = actors.kb
    role = Role(
        role=p.role,
        text=phrase,
        spans=[span],
        name=_clean_name(p.tokens, text),
        confidence=p.confidence,
    )
    self_name = _self_name(head, text)
    if self_name:
        role.name = self_name
    head_ent = ent_of(head)
    if head_ent is not None and head_ent.label_ == "PERSON" and kb.match(head_ent.text) is None:
        role.kind = ActorKind.person
        role.name = head_ent.text
        role.actor_id = stable_id_for_unknown(head_ent.text)
        _affiliate(role, p.tokens, kb, head, exclude=head_ent.start)
    else:
        lookup = self_name or (head_ent.text if head_ent is not None else role.name)
        match = kb.match(lookup) or (kb.match(role.name) if lookup != role.name else None)
        named = head_ent is not None or self_name or head.pos_ == "PROPN"
        if match is not None and (named or match.step.value != "fuzzy"):
            role.name = match.actor.name
            role.actor_id = match.actor.id
            role.kind = _kind_of(match.actor.kind)
            role.confidence = min(1.0, p.confidence * (0.6 + 0.4 * match.score))
        else:
            _describe(role, head, p.tokens, kb, self_name)
    actors.remember(role)
    return role


def is_negative(head: Token) -> bool:
    """Whether a phrase names nobody: "no group", "no one", "nobody", "none of them"."""
    if head.lower_ in ("nobody", "none", "no-one", "noone"):
        return True
    if head.lower_ == "one" and head.i > 0 and head.doc[head.i - 1].lower_ == "no":
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in head.children)


def _affiliate(
    role: Role, tokens: list[Token], kb: ActorKB, head: Token, exclude: int | None = None
) -> None:
    """Set the organisation a person or a member group belongs to, from names in the phrase."""
    for ent in ents_in(tokens, frozenset({"ORG", "NORP", "GPE"})):
        if (exclude is not None and ent.start == exclude) or ent.start <= head.i < ent.end:
            continue
        match = kb.match(ent.text)
        if match is not None:
            role.affiliation = match.actor.name
            role.affiliation_id = match.actor.id
            return
        if ent.label_ == "ORG":
            role.affiliation = ent.text
            role.affiliation_id = stable_id_for_unknown(ent.text)
            return


def _describe(
    role: Role, head: Token, tokens: list[Token], kb: ActorKB, self_name: str | None
) -> None:
    """Fill kind, affiliation and a normalised name for a descriptive phrase."""
    lemma = head.lemma_.lower()
    agent = kb.match_agent(lemma)
    if agent is not None:
        role.kind = _kind_of(agent.agent.kind)
    elif lemma in PERSON_NOUNS:
        role.kind = ActorKind.person
    _affiliate(role, tokens, kb, head)
    if role.kind == ActorKind.unknown:
        # "a military base", "a police checkpoint": whose facility it is.
        for child in head.children:
            owner = _OWNER_WORDS.get(child.lemma_.lower())
            if child.dep_ in ("amod", "compound") and owner is not None:
                role.kind = owner
                break
    own = ent_of(head)
    if own is not None and own.label_ == "ORG" and not self_name:
        # An organisation unknown to the knowledge base ("Supporters of the ISIS"); the
        # phrase wins when the model cut the name short.
        within = own.end_char >= tokens[-1].idx + len(tokens[-1].text)
        role.name = _unquote(own.text) if within else role.name
        role.actor_id = stable_id_for_unknown(role.name)
        inner = _affiliation_in_text(role.name, kb)
        if inner is not None and inner[1] != role.actor_id:
            role.affiliation, role.affiliation_id = inner
        if role.kind in (ActorKind.unknown, ActorKind.person, ActorKind.civilians):
            # Unknown organisations may be companies or clubs: armed only by their name or
            # by belonging to a known group.
            armed = is_armed_name(role.name) or role.affiliation_id is not None
            role.kind = ActorKind.armed_group if armed else ActorKind.unknown
        return
    if self_name:
        match = kb.match(self_name)
        inner = _affiliation_in_text(self_name, kb)
        role.kind = ActorKind.armed_group if role.kind == ActorKind.unknown else role.kind
        if match is None and inner is not None:
            role.affiliation, role.affiliation_id = inner
        role.actor_id = stable_id_for_unknown(self_name)
        return
    if role.affiliation and lemma in _MEMBER_NOUNS:
        if role.kind in (ActorKind.unknown, ActorKind.civilians):
            role.kind = ActorKind.armed_group if lemma not in PERSON_NOUNS else ActorKind.person
        if lemma not in PERSON_NOUNS or lemma in ("member", "supporter", "fighter", "militant"):
            # "Terrorists claiming loyalty to the ISIS group" -> "Islamic State terrorists".
            plural = "s" if head.tag_ in ("NNS", "NNPS") and not lemma.endswith("s") else ""
            role.name = f"{role.affiliation} {lemma}{plural}"
    elif head.pos_ == "PROPN" or head.ent_type_:
        role.actor_id = stable_id_for_unknown(role.name)


def _affiliation_in_text(name: str, kb: ActorKB) -> tuple[str, str] | None:
    """Find a known actor named inside a longer self-given name ("Supporters of the ISIS")."""
    words = name.replace("“", " ").replace("”", " ").replace('"', " ").split()
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            if len(chunk) < 3:
                continue
            match = kb.match(chunk)
            if match is not None and match.score >= 0.9:
                return match.actor.name, match.actor.id
    return None


def _resolve_pronoun(
    p: Participant, text: str, actors: ArticleActors, speaker: Role | None
) -> Role | None:
    low = p.head.lower_
    if low in _FIRST_PERSON and speaker is not None:
        antecedent: Role | None = speaker
    else:
        antecedent = _antecedent(p.head, text, actors)
    if antecedent is None:
        return None
    span = token_span([p.head], text)
    return antecedent.model_copy(
        update={
            "role": p.role,
            "spans": [*antecedent.spans[:1], span],
            "confidence": min(antecedent.confidence, p.confidence) * 0.8,
        }
    )


def _antecedent(pron: Token, text: str, actors: ArticleActors) -> Role | None:
    """The subject of a governing speech verb ("X said it ..."), else the latest named actor."""
    for anc in pron.ancestors:
        if anc.lemma_.lower() in ("say", "claim", "announce", "state", "declare", "admit"):
            # subject_of follows "X denied ... and said it ...", where "said" has no subject.
            speaker = subject_of(anc)
            if speaker is None:
                break
            if is_negative(speaker):
                return None  # "No group has said it carried out the attack"
            if speaker.pos_ != "PRON" and speaker.lower_ not in _PRONOUNS:
                part = Participant(RoleType.actor, speaker, noun_phrase(speaker), "antecedent", 0.8)
                return resolve_participant(part, text, actors)
            break
    for role in reversed(actors.recent):
        if role.kind not in (ActorKind.person, ActorKind.civilians, ActorKind.media):
            return role
    return None
