"""Turning participant phrases into roles: actor names, kinds and affiliations."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.extract.descriptions import Described, described_people, person_described
from newsevents.extract.evidence import is_armed_name
from newsevents.extract.mentions import Participant
from newsevents.extract.people import PeopleIndex, PersonName
from newsevents.extract.syntax import (
    PERSON_NOUNS,
    ents_in,
    noun_phrase,
    subject_of,
    to_span,
    token_span,
)
from newsevents.extract.words import WORDS
from newsevents.model import ActorKind, Role, RoleType, Span
from newsevents.nlp.entities import ent_of
from newsevents.nlp.places import is_known_place
from newsevents.ontology.actors import Agent
from newsevents.resolve.actors import ActorKB, load_kb, stable_id_for_unknown

_DROP_LEADING = WORDS.leading_words
_PRONOUNS = WORDS.pronouns
_FIRST_PERSON = WORDS.first_person
_PERSONAL = WORDS.personal_pronouns
_INDEFINITE = WORDS.indefinite_pronouns
_TITLES = WORDS.name_titles
# Words that describe a person and are written before the name ("journalist Jane Doe");
# the model sometimes takes them into the name when they are capitalised.
_DESCRIPTORS = WORDS.person_nouns | WORDS.people_nouns
# How far back (in characters) "he" or "she" may find the person it refers to.
_PERSON_WINDOW = 700
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
    _doc: Doc | None = None
    _people: PeopleIndex = field(default_factory=lambda: PeopleIndex(()))
    # What pronouns look back for, kept as roles are remembered so that each lookup costs
    # the same at the end of a long article as at its start: people by where they are
    # named, the latest role of each name, the latest described person, the latest other.
    _persons: list[tuple[int, str]] = field(default_factory=list)
    _by_name: dict[str, Role] = field(default_factory=dict)
    _described: Role | None = None
    _other: Role | None = None
    # The named people of ``_doc`` by the descriptions the article gives them.
    _descriptions: dict[str, list[Described]] = field(default_factory=dict)

    def remember(self, role: Role) -> None:
        """Record a resolved, named participant."""
        if not (role.actor_id or role.kind != ActorKind.unknown):
            return
        self.recent.append(role)
        self._by_name[role.name] = role
        if role.kind == ActorKind.person:
            start = min((s.start for s in role.spans), default=-1)
            bisect.insort(self._persons, (start, role.name))
        words = role.name.lower().split()
        if words and words[-1] in _DESCRIPTORS and role.kind != ActorKind.civilians:
            self._described = role
        if role.kind not in (ActorKind.person, ActorKind.civilians, ActorKind.media):
            self._other = role

    def people(self, doc: Doc) -> list[PersonName]:
        """The people the article names (its PERSON entities), in text order."""
        return self.people_index(doc).people

    def people_index(self, doc: Doc) -> PeopleIndex:
        """The people the article names, indexed for lookups by name and offset."""
        if self._doc is not doc:
            self._doc = doc
            self._people = PeopleIndex(_people_of(doc))
            self._descriptions = described_people(doc)
        return self._people

    def described(self, head: Token) -> Described | None:
        """The one named person the definite description ``head`` stands for ("the
        journalist" after "journalist Masih Alinejad"), if the article says who."""
        self.people_index(head.doc)
        return person_described(head, self._descriptions)

    def persons_between(self, lo: int, hi: int) -> list[tuple[int, str]]:
        """Remembered people (offset of their first span, name) with lo <= offset < hi."""
        a = bisect.bisect_left(self._persons, (lo, ""))
        b = bisect.bisect_left(self._persons, (hi, ""))
        return self._persons[a:b]

    def latest_named(self, name: str) -> Role | None:
        """The latest remembered role called ``name``."""
        return self._by_name.get(name)

    def latest_described(self) -> Role | None:
        """The latest remembered single person named by a description ("the minister")."""
        return self._described

    def latest_other(self) -> Role | None:
        """The latest remembered participant that is no person, civilians or outlet."""
        return self._other


def _name_words(tokens: list[Token]) -> tuple[str, ...]:
    """The words of a person's name: no possessive ending, title or descriptor in front
    ("Mr. Lai's" -> Lai, "Journalists Yusef Abu Hussein" -> Yusef Abu Hussein)."""
    toks = [t for t in tokens if t.tag_ != "POS" and not t.is_space]
    while toks and (toks[-1].is_punct and toks[-1].text != "."):
        toks.pop()
    # A time or a number the model took into the name ("02:00 Belarus").
    while toks and (toks[0].is_punct or any(c.isdigit() for c in toks[0].text)):
        toks.pop(0)
    while len(toks) > 1 and _is_title(toks[0]):
        toks = toks[1:]
    if not toks:
        return ()
    # Words as written, so that "Zaghari-Ratcliffe" and "Jr." stay whole.
    # (the words' own span: Doc.text would join the whole document on every call)
    first, last = min(t.i for t in toks), max(t.i for t in toks)
    words = _unquote(toks[0].doc[first : last + 1].text).split()
    if words:
        words[-1] = words[-1].removesuffix("'s").removesuffix("’s")
    return tuple(w for w in words if w)


def _is_title(tok: Token) -> bool:
    """A word before a name that is not part of it: a courtesy title, or a descriptor
    written in lower case or the plural ("journalist Jane Doe", "Journalists Jane Doe");
    a capitalised singular ("Father Kiggundu") is the title the person is known by."""
    low = tok.lower_.rstrip(".")
    if low in _TITLES:
        return True
    if tok.lemma_.lower() not in _DESCRIPTORS and low not in _DESCRIPTORS:
        return False
    return tok.is_lower or tok.tag_ in ("NNS", "NNPS") or low.endswith("s")


def _people_of(doc: Doc) -> list[PersonName]:
    out = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            tokens = _with_first_name(ent)
            words = _name_words(tokens)
            if words and any(w[:1].isupper() for w in words):
                written = [t for t in tokens if t.tag_ != "POS" and not t.is_punct] or tokens
                end = written[-1].idx + len(written[-1].text)
                out.append(PersonName(words, tokens[0].idx, end))
    return out


def _with_first_name(ent: SpacySpan) -> list[Token]:
    """The entity's tokens, with the proper noun just before it when the model left a
    first name out ("Jamal [Ahmad Khashoggi]"); titles ("President") stay out."""
    tokens = list(ent)
    if ent.start > 0:
        prev = ent.doc[ent.start - 1]
        name_part = (
            prev.pos_ == "PROPN" and prev.dep_ in ("compound", "flat") and not prev.ent_type_
        )
        # Only after a lower-case descriptor or a nationality ("columnist Jamal ...",
        # "Iranian Nazanin ..."): a capitalised word before a name is often a heading or a
        # caption ("Image", "Laureate").
        before = ent.doc[ent.start - 2] if ent.start > 1 else None
        led = before is not None and not prev.is_sent_start
        led = led and before is not None and (before.is_lower or before.ent_type_ == "NORP")
        if name_part and led and prev.head.i in range(ent.start, ent.end) and not _is_title(prev):
            tokens.insert(0, prev)
    return tokens


def _proper_run(head: Token) -> list[Token]:
    """The proper nouns that end with ``head``: "Lady Ann Salem" of "journalist Lady Ann
    Salem", "Zaghari-Ratcliffe" (hyphenated parts included)."""
    run = [head]
    i = head.i - 1
    while i >= 0:
        tok = head.doc[i]
        joined = tok.text == "-" and not tok.whitespace_ and i > 0
        part = tok.pos_ == "PROPN" and tok.dep_ in ("compound", "hyph", "punct", "flat")
        if joined or part:
            run.insert(0, tok)
        else:
            break
        i -= 1
    while len(run) > 1 and run[0].text == "-":
        run.pop(0)
    return run


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


#: Verbs that give a described participant its name: "identified as", "named as".
_NAMING_VERBS = WORDS.identifying_verbs


def identified_names(head: Token, text: str) -> list[Span]:
    """The proper names a clause on ``head`` gives it: "the militants, who were identified as
    Ratan Boro and Bimal Rajbongshi", "a constable identified as Rafaqat"."""
    out: list[Span] = []
    for clause in head.children:
        if clause.dep_ not in ("acl", "relcl") or clause.lemma_.lower() not in _NAMING_VERBS:
            continue
        for prep in clause.children:
            if prep.dep_ != "prep" or prep.lower_ != "as":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for name in (obj, *obj.conjuncts):
                    if name.pos_ == "PROPN":
                        out.append(token_span(_proper_run(name), text))
    return out


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
    if low in _INDEFINITE:
        # "someone opened fire": an unidentified doer, named as the text names it.
        span = token_span([head], text)
        return Role(role=p.role, text=span.text, spans=[span], name=low, confidence=p.confidence)
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
    # "the militants, who were identified as Ratan Boro and Bimal Rajbongshi": the names
    # are the same people, and cited as such.
    given = identified_names(head, text)
    if given:
        role.spans = [span, *given]
    head_ent = ent_of(head)
    person = _person_name(head, actors)
    if person is not None:
        role.kind = ActorKind.person
        role.name = person
        role.actor_id = stable_id_for_unknown(person)
        # A surname ("Brooks") is the person the article names in full elsewhere ("Marcellus
        # Brooks"): that mention is one of the participant's too.
        full = _full_name_span(person, head.idx, actors, text)
        if full is not None and not any(_overlap(full, s) for s in role.spans):
            role.spans.append(full)
        _affiliate(role, p.tokens, kb, head, exclude=head_ent.start if head_ent else None)
        if role.affiliation_id is None:
            agent = _title_agent(head, p.tokens, kb)
            if agent is not None:
                # "District Judge Jane Doe", "Jane Doe, a police officer": the person acts
                # for the institution the description names (the kind of who did it).
                role.affiliation, role.affiliation_id = agent.name, agent.id
    else:
        lookup = self_name or (head_ent.text if head_ent is not None else role.name)
        match = kb.match(lookup) or (kb.match(role.name) if lookup != role.name else None)
        named = head_ent is not None or self_name or head.pos_ == "PROPN"
        if match is not None and (named or match.step.value != "fuzzy"):
            role.name = match.actor.name
            role.actor_id = match.actor.id
            role.kind = _kind_of(match.actor.kind)
            role.confidence = min(1.0, p.confidence * (0.6 + 0.4 * match.score))
            _affiliate_by_sector(role, match.actor.sector, kb)
        else:
            _describe(role, head, p.tokens, kb, self_name)
            if not given:
                _name_described(role, head, actors, text)
    actors.remember(role)
    return role


def _name_described(role: Role, head: Token, actors: ArticleActors, text: str) -> None:
    """A definite description of one person the article names ("the journalist") is that
    person: named, with the name among its mentions. What the description said the person
    acts for (an officer, a soldier) stays as the affiliation."""
    found = actors.described(head)
    if found is None or role.kind not in _DESCRIBED_KINDS:
        return
    chars = head.doc.char_span(found.start, found.end, alignment_mode="expand")
    words = _name_words(list(chars)) if chars is not None else ()
    if len(words) < 2:
        return
    name = " ".join(words)
    if role.actor_id and role.affiliation_id is None and role.kind != ActorKind.person:
        role.affiliation, role.affiliation_id = role.name, role.actor_id
    role.name = name
    role.kind = ActorKind.person
    role.actor_id = stable_id_for_unknown(name)
    role.spans.append(to_span(found.start, found.end, text))


#: Kinds a description of a single person may resolve to: a person, or someone of a force,
#: an office or an outlet ("the officer", "the reporter").
_DESCRIBED_KINDS = frozenset(
    {
        ActorKind.unknown,
        ActorKind.person,
        ActorKind.civilians,
        ActorKind.media,
        ActorKind.police,
        ActorKind.military,
        ActorKind.government,
    }
)


#: Roles of those who act: a place named in one of them is a state.
_AGENT_ROLES = frozenset({RoleType.perpetrator, RoleType.actor})

#: Kinds of the agents that make a described person act for someone: the state's forces and
#: offices, armed groups. A civilian description ("journalist Jane Doe") says who the person
#: is, not for whom they act.
_TITLE_KINDS = frozenset(
    {
        ActorKind.military,
        ActorKind.police,
        ActorKind.government,
        ActorKind.state,
        ActorKind.armed_group,
    }
)


def _affiliate_by_sector(role: Role, sector: str | None, kb: ActorKB) -> None:
    """A known person of a state or armed sector ("Xi Jinping", GOV) acts for it: affiliated
    with the agent that stands for the sector, unless an organisation of theirs is known."""
    if role.kind != ActorKind.person or role.affiliation_id is not None:
        return
    agent = kb.agent_of_sector(sector)
    if agent is not None and agent.kind in _TITLE_KINDS:
        role.affiliation, role.affiliation_id = agent.name, agent.id


def _title_agent(head: Token, tokens: list[Token], kb: ActorKB) -> Agent | None:
    """The agent a named person's description makes them: the words of the phrase before the
    name ("U.S. District Judge Jane Doe", "police officer John Roe") or a noun in apposition
    ("Jane Doe, a federal judge"); None when neither names a state or armed agent."""
    found = None
    # The description ends right before some word of the name (the model's name may take
    # a capitalised title in: "Judge Jane Doe"), nearest the name's head first.
    upto = [t for t in tokens if t.i < head.i and not t.is_punct]
    for end in range(len(upto), 0, -1):
        found = kb.match_agent(" ".join(t.text for t in upto[:end]))
        if found is not None:
            break
    if found is None:
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                words = [t.text for t in child.subtree if t.i <= child.i and not t.is_punct]
                found = kb.match_agent(" ".join(words))
                if found is not None:
                    break
    if found is None or found.agent.kind not in _TITLE_KINDS:
        return None
    return found.agent


def _person_name(head: Token, actors: ArticleActors) -> str | None:
    """The full name of the person ``head`` names, or None when it names no person.

    A name the model tags as a person counts, and so does a proper noun that the article
    writes elsewhere as part of a person's name ("Velasco" after "Dennise Velasco"); the
    name is given in full, without titles or a possessive ending.
    """
    ent = ent_of(head)
    people = actors.people_index(head.doc)
    if ent is not None and ent.label_ == "PERSON":
        if actors.kb.match(ent.text) is not None:
            return None
        words = _name_words(_with_first_name(ent))
        if not words or actors.kb.match(" ".join(words)) is not None:
            return None
        return people.full_name(words, ent.start_char) or " ".join(words)
    if head.pos_ != "PROPN":
        return None
    words = _name_words(_proper_run(head))
    if not words or actors.kb.match(" ".join(words)) is not None:
        return None
    return people.full_name(words, head.idx)


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
    agent = kb.match_agent(_words_to_head(head, tokens)) or kb.match_agent(lemma)
    if agent is not None:
        role.kind = _kind_of(agent.agent.kind)
    elif lemma in PERSON_NOUNS:
        role.kind = ActorKind.person
    _affiliate(role, tokens, kb, head)
    owner = kb.kind_of(role.affiliation_id) if role.affiliation_id else None
    if owner == ActorKind.armed_group and role.kind in _STATE_FORCE_KINDS:
        # "Hamas security forces", "Houthi police": the forces of an armed group, not of a
        # state.
        role.kind = owner
    if role.kind == ActorKind.unknown:
        # "a military base", "a police checkpoint": whose facility it is.
        for child in head.children:
            owner = _OWNER_WORDS.get(child.lemma_.lower())
            if child.dep_ in ("amod", "compound") and owner is not None:
                role.kind = owner
                break
    own = ent_of(head)
    acting_state = _is_state_place(own) or _is_state_nationality(head, own, kb)
    if role.kind == ActorKind.unknown and role.role in _AGENT_ROLES and acting_state:
        # "Ukraine detains five", "Beijing's arrest of ...": a country or city that acts is
        # its state (a people or a place that undergoes an act stays what it is).
        role.kind = ActorKind.state
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
    if role.kind in (ActorKind.unknown, ActorKind.person) and not role.affiliation:
        group = _group_agent(head, tokens, kb)
        if group is not None:
            # "members of armed groups", "armed group members", "one of the officers": the
            # kind of the group they belong to.
            role.kind = group.kind
    if role.affiliation and lemma in _MEMBER_NOUNS:
        if role.kind in (ActorKind.unknown, ActorKind.civilians):
            role.kind = ActorKind.armed_group if lemma not in PERSON_NOUNS else ActorKind.person
        if lemma not in PERSON_NOUNS or lemma in ("member", "supporter", "fighter", "militant"):
            # "Terrorists claiming loyalty to the ISIS group" -> "Islamic State terrorists".
            plural = "s" if head.tag_ in ("NNS", "NNPS") and not lemma.endswith("s") else ""
            role.name = f"{role.affiliation} {lemma}{plural}"
    elif head.pos_ == "PROPN" or head.ent_type_:
        role.actor_id = stable_id_for_unknown(role.name)


def _words_to_head(head: Token, tokens: list[Token]) -> str:
    """The phrase's words up to its head, as written: "the security operatives" of "the
    security operatives in the state". Agents are listed by their written forms, and some
    only in the plural or as several words ("troops", "security forces"), which the head's
    lemma alone ("troop", "force") does not find."""
    return " ".join(t.text for t in tokens if t.i <= head.i and not t.is_punct)


#: How many people a town needs for its name to stand for a government ("Beijing said");
#: the model also tags surnames as places, and small towns share names with people.
_SEAT_POPULATION = 100_000


def _is_state_place(ent: SpacySpan | None) -> bool:
    """Whether an entity names a country, region or large city that can stand for a state:
    tagged as a place and known to the gazetteer ("Khashoggi", tagged a place, is not)."""
    if ent is None or ent.label_ != "GPE":
        return False
    return is_known_place(ent.text.removeprefix("the ").removesuffix("'s"), _SEAT_POPULATION)


def _is_state_nationality(head: Token, ent: SpacySpan | None, kb: ActorKB) -> bool:
    """Whether a nationality that acts stands for its state: an adjective before the act
    ("the Saudi murder of ...", "American airstrikes"). Alone it names people
    ("Palestinians", "an American", "Lebanese kidnapped ...": a gang's members as often)."""
    if ent is None or ent.label_ != "NORP" or head.dep_ not in ("compound", "amod", "nmod"):
        return False
    if not is_known_place(ent.text, _SEAT_POPULATION):
        return False  # the model tags other words as nationalities too ("incendiary")
    # Of an act ("the Saudi murder"), not of people ("American hostages": who they are).
    owner = head.head.lemma_.lower()
    return owner not in PERSON_NOUNS and kb.match_agent(owner) is None


#: Kinds of the state's own forces.
_STATE_FORCE_KINDS = frozenset({ActorKind.military, ActorKind.police})

#: Heads that name some of a group ("members of", "one of").
_PART_NOUNS = frozenset({"member", "one"})


def _group_agent(head: Token, tokens: list[Token], kb: ActorKB) -> Agent | None:
    """The generic agent a part-of phrase names the group of: the object of its "of"
    ("members of a suspected armed group", "one of the officers") or the words before it
    ("armed group members"); None for other heads."""
    if head.lemma_.lower() not in _PART_NOUNS:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    words = [t.text for t in obj.subtree if t.i <= obj.i and not t.is_punct]
                    found = kb.match_agent(" ".join(words))
                    if found is not None:
                        return found.agent
    before = [t.text for t in tokens if t.i < head.i and not t.is_punct]
    found = kb.match_agent(" ".join(before)) if before else None
    return found.agent if found is not None else None


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
    if low in _PERSONAL:
        return _person_antecedent(p, text, actors)
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


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _full_name_span(name: str, at: int, actors: ArticleActors, text: str) -> Span | None:
    """Where the article writes ``name`` in full (nearest before ``at``, else first)."""
    doc = actors._doc
    if doc is None:
        return None
    found = actors.people_index(doc).full_mention(tuple(name.split()), at)
    if found is None or found.text != name:
        return None
    return to_span(found.start_char, found.end, text)


#: Dependencies of a name that the sentence is about: its subjects.
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Dependencies that tie a name to the phrase it belongs to ("his wife Li Wenzu").
_NAME_DEPS = frozenset({"compound", "flat", "appos"})


def _salience(tok: Token) -> tuple[int, int]:
    """How prominent a name is in its sentence, smaller first: a subject before any other
    part, a possessor ("X's niece") last; then how deep in the clauses it sits."""
    while tok.dep_ in _NAME_DEPS and tok.head is not tok:
        tok = tok.head
    rank = 0 if tok.dep_ in _SUBJECT_DEPS else 2 if tok.dep_ == "poss" else 1
    depth = sum(1 for _ in tok.ancestors)
    return rank, depth


def _person_antecedent(p: Participant, text: str, actors: ArticleActors) -> Role | None:
    """ "he", "she", "her": the person it refers back to, if named near enough.

    Candidates are the people named before the pronoun within a few paragraphs: the names
    the model tags as people and the people already resolved as participants. A lone word
    counts only when the article also writes it as part of a fuller name ("Malcolm" after
    "Malcolm Bidali"): alone it is too often a place or a misread heading. The nearest
    sentence with a candidate wins (the pronoun's own, before it, first); within it the
    subject of the highest clause ("When Wang learned his wife Li Wenzu was ill, he ...").
    """
    head = p.head
    doc = head.doc
    at = head.idx
    people = actors.people_index(doc)
    found: list[tuple[tuple[int, int, int, int], str, Span]] = []
    seen: set[int] = set()
    named = [
        (start, " ".join(n.words))
        for n in people.people
        if at - _PERSON_WINDOW <= (start := n.start_char) < at
    ]
    for start, name in [*named, *actors.persons_between(at - _PERSON_WINDOW, at)]:
        if start in seen:
            continue
        seen.add(start)
        fullest = people.full_name(tuple(name.split()), at) or name
        remembered = actors.latest_named(name) is not None
        if len(fullest.split()) < 2 and not remembered:
            continue
        chars = doc.char_span(start, start + 1, alignment_mode="expand")
        if chars is None or not len(chars):
            continue
        tok = chars[0]
        # The name's head word: the last word of the run it starts.
        while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
            tok = tok.head
        distance = head.sent.start - tok.sent.start
        rank, depth = _salience(tok)
        written = [t for t in _proper_run(tok) if t.tag_ != "POS"] or [tok]
        found.append(((distance, rank, depth, -start), fullest, token_span(written, text)))
    if not found:
        return _described_person(p, text, actors)
    _, name, antecedent = min(found, key=lambda f: f[0])
    span = token_span([head], text)
    # The pronoun, the name it refers back to, and that name written in full.
    spans = [span, antecedent]
    full = _full_name_span(name, antecedent.start, actors, text)
    if full is not None and not _overlap(full, antecedent):
        spans.append(full)
    match = actors.kb.match(name)
    if match is not None:
        # A known person (a politician, a commander): the actor the knowledge base has.
        known_role = Role(
            role=p.role,
            text=span.text,
            spans=spans,
            name=match.actor.name,
            kind=_kind_of(match.actor.kind),
            actor_id=match.actor.id,
            confidence=p.confidence * 0.7,
        )
        _affiliate_by_sector(known_role, match.actor.sector, actors.kb)
        return known_role
    known = actors.latest_named(name)
    return Role(
        role=p.role,
        text=span.text,
        spans=spans,
        name=name,
        kind=ActorKind.person,
        actor_id=stable_id_for_unknown(name),
        affiliation=known.affiliation if known else None,
        affiliation_id=known.affiliation_id if known else None,
        confidence=p.confidence * 0.7,
    )


def _described_person(p: Participant, text: str, actors: ArticleActors) -> Role | None:
    """Without a named person before it, "he" or "she" refers to the latest single person
    described ("the chief minister ... he")."""
    role = actors.latest_described()
    if role is not None:
        span = token_span([p.head], text)
        return role.model_copy(
            update={
                "role": p.role,
                "spans": [*role.spans[:1], span],
                "confidence": min(role.confidence, p.confidence) * 0.8,
            }
        )
    return None


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
    return actors.latest_other()
