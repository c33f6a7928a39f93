"""Event mentions: a trigger in a sentence and the arguments the parse attaches to it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsevents.extract.countries import nationality_words
from newsevents.extract.lexicon import InstrumentEntry, cues, instruments
from newsevents.extract.quantities import is_quantity_word
from newsevents.extract.syntax import (
    PLACE_LABELS,
    conjuncts_with,
    is_age_noun,
    is_nobody,
    is_plural,
    noun_phrase,
    subject_of,
)
from newsevents.extract.triggers import TriggerMatch, find_triggers
from newsevents.extract.words import WORDS
from newsevents.model import CountCategory, Modality, RoleType, Span
from newsevents.nlp.entities import ent_of
from newsevents.nlp.places import is_country, is_known_place, people_words
from newsevents.resolve.actors import load_kb

# Verbs whose object noun carries the event and whose subject is its doer
# ("conducted a mortar attack", "carried out a bombing", "launched an offensive").
LIGHT_VERBS = WORDS.light_verbs
# Vehicles and objects attacked: "a bomb in a vehicle belonging to X" targets the vehicle
# and its owner.
OBJECT_NOUNS = WORDS.object_nouns
_WH = WORDS.wh_words
# Prepositions that mark the target of an event and those that mark its place.
TARGET_PREPS = WORDS.target_prepositions
PLACE_PREPS = WORDS.place_prepositions
# Nouns that name places or buildings, so "on a mosque" is a target that is also a place.
PLACE_NOUNS = WORDS.place_nouns


@dataclass
class Participant:
    """A candidate role filler: the phrase, its head and how it was found."""

    role: RoleType
    head: Token
    tokens: list[Token]
    via: str
    confidence: float
    quantity: list[Token] = field(default_factory=list)


@dataclass
class Mention:
    """One trigger with what the sentence says about it."""

    trigger: TriggerMatch
    sent: SpacySpan
    event_type: str
    mode: str | None
    participants: list[Participant] = field(default_factory=list)
    # People the sentence says underwent the event but whom the parse reaches only loosely
    # (a shared passive subject, a comma list): they count the toll but take no role, so
    # they neither type nor group events.
    counted: list[Participant] = field(default_factory=list)
    places: list[tuple[list[Token], bool]] = field(default_factory=list)
    instruments: list[tuple[list[Token], InstrumentEntry]] = field(default_factory=list)
    dates: list[SpacySpan] = field(default_factory=list)
    anaphoric: bool = False
    habitual: bool = False
    aggregate: bool = False
    discard: bool = False
    implies: CountCategory | None = None
    claim_context: bool = False
    modality: Modality = Modality.asserted
    modality_cues: list[Span] = field(default_factory=list)

    @property
    def head(self) -> Token:
        """The trigger's head token."""
        return self.trigger.head


def _is_person_name(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN"


def _person_list(first: Token) -> list[Token]:
    """A person and the people listed with them, by coordination or apposition: "Dagga
    Tolar, party member; Chinedu Bosah, ... and Hassan Soweto"."""
    out: list[Token] = []
    todo = [first]
    while todo:
        tok = todo.pop(0)
        if tok in out:
            continue
        out.append(tok)
        for child in tok.children:
            if child.dep_ in ("appos", "conj") and _is_person_name(child):
                todo.append(child)
    return sorted(out, key=lambda t: t.i)


def _with_appositions(heads: list[Token]) -> list[Token]:
    """Heads plus the people listed in apposition to them: "two Italians, Roberto Roascio and
    Mario Accurso, were taken hostage" names three participants (the group and both men)."""
    out = list(heads)
    for tok in heads:
        for child in tok.children:
            if child.dep_ == "appos" and _is_person_name(child):
                out.extend(c for c in _person_list(child) if c not in out)
    return out


# Verbs that say who belongs to a group: "the arrested journalists are A, B and C",
# "those detained include A and B".
_LISTING_VERBS = frozenset({"be", "include"})


def _listed_members(tok: Token) -> list[Token]:
    """The people a group phrase is said to consist of, named after a copula or "include"."""
    subj = tok
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "nsubj":
        subj = tok.head.head  # "some of the arrested protesters include ..."
    verb = subj.head
    if subj.dep_ != "nsubj" or verb.lemma_.lower() not in _LISTING_VERBS:
        return []
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("attr", "dobj") and _is_person_name(child):
            out.extend(c for c in _person_list(child) if c not in out)
    return out


def _quantity_tokens(head: Token) -> list[Token]:
    """The number words that count a noun: "at least 12 people", "several members"."""
    out: list[Token] = []
    for child in head.children:
        if child.dep_ in ("nummod", "quantmod") or (
            child.dep_ == "amod" and is_quantity_word(child.lower_)
        ):
            out.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


def _is_quantity_head(tok: Token) -> bool:
    return tok.pos_ == "NUM" or (
        tok.pos_ in ("NOUN", "ADJ", "PRON") and is_quantity_word(tok.lower_)
    )


def _owner(obj: Token) -> Token | None:
    """The owner of an attacked object: "a vehicle belonging to X", "X's car"."""
    for child in obj.children:
        if child.dep_ == "poss" and child.ent_type_ in ("PERSON", "ORG"):
            return child
        if child.dep_ == "acl" and child.lemma_.lower() in ("belong", "own", "carry", "use"):
            for prep in child.children:
                for o in prep.children if prep.dep_ in ("prep", "agent") else ():
                    if o.dep_ == "pobj":
                        return o
    return None


def _add(
    m: Mention,
    role: RoleType | None,
    head: Token,
    via: str,
    conf: float,
    count_only: bool = False,
) -> None:
    if role is None or head.lower_ in _WH or head in m.trigger.tokens:
        return
    if m.event_type == "ASSAULT" and role != m.trigger.entry.agent and _is_weapon(head):
        return  # "fired tear gas", "fired rockets": the weapon, found among the instruments
    lemma = head.lemma_.lower()
    if lemma in WORDS.munition_nouns and head.ent_type_ not in ("PERSON", "ORG", "NORP"):
        return  # "fired shots", "15 rounds", "a bullet grazed him": what was fired
    if (
        lemma in WORDS.body_parts
        and m.event_type == "ASSAULT"
        and head.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE")
        and not any(c.dep_ == "compound" for c in head.children)  # "the police head"
    ):
        # "the boy's chest", "a suspect's leg": the one hit is the owner; "his head" or
        # "my heart" name nobody new.
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is None or owner.lower_ in WORDS.pronouns or owner.pos_ == "PRON":
            return
        head = owner
    if (
        role == RoleType.target
        and lemma in WORDS.street_words
        and any(c.pos_ == "PROPN" or c.like_num for c in head.subtree if c is not head)
    ):
        # "West 38th Street", "73rd Street and Mill Road": where, not whom.
        _add_place(m, head)
        return
    # When, how much, and named occasions and laws ("on Human Rights Day", "under the
    # Terrorism Act"): never who. A person named by age ("a 17-year-old") is tagged a date.
    not_whom = ("DATE", "TIME", "ORDINAL", "PERCENT", "MONEY", "EVENT", "LAW")
    if (head.ent_type_ in not_whom and not is_age_noun(head)) or (
        head.ent_type_ == "CARDINAL" and role == RoleType.target
    ):
        return  # "on Friday" is when, not whom; a bare number may still count victims
    if head.pos_ in ("VERB", "AUX") and not head.ent_type_:
        return  # a clause, not a participant (an entity mis-tagged as a verb is kept)
    if role == RoleType.target and head.ent_type_ in PLACE_LABELS and not is_country(head):
        # A town attacked or taken is where the event happened, not a participant; a
        # country stays a participant (the state).
        m.places.append((noun_phrase(head, keep_of=False), True))
        return
    if via in ("dobj",) and any(p.via == "dobj" for p in m.participants):
        return  # two direct objects of one verb come from a misparse; keep the first
    owner = _owner(head) if head.lemma_.lower() in OBJECT_NOUNS and not count_only else None
    if owner is not None:
        m.participants.append(
            Participant(RoleType.victim, owner, noun_phrase(owner), "owner", conf * 0.9)
        )
    heads = _with_appositions(conjuncts_with(head))
    if role in (RoleType.victim, RoleType.detainee):
        # "one man, two women and a child": a comma list the parse reads as apposition of
        # counted nouns; counted, since the parse of such lists is too loose for roles.
        for t in list(heads):
            for c in t.children:
                if (
                    c.dep_ == "appos"
                    and c.pos_ == "NOUN"
                    and any(n.dep_ == "nummod" for n in c.children)
                    and c not in heads
                ):
                    m.counted.append(
                        Participant(role, c, noun_phrase(c), via, conf, _quantity_tokens(c))
                    )
    if head.pos_ in ("NOUN", "PRON") and role in (RoleType.victim, RoleType.detainee):
        heads += [t for t in _listed_members(head) if t not in heads]
    out = m.counted if count_only else m.participants
    for tok in heads:
        phrase = noun_phrase(tok)
        quantity = _quantity_tokens(tok)
        if _is_quantity_head(tok):
            # "dozens of supporters", "12 of them": the counted noun heads the participant.
            counted = next(
                (
                    o
                    for p in tok.children
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for o in p.children
                    if o.dep_ == "pobj"
                ),
                None,
            )
            quantity = [t for t in tok.subtree if t.i <= tok.i]
            if counted is not None:
                out.append(Participant(role, counted, phrase, via, conf, quantity))
                continue
        out.append(Participant(role, tok, phrase, via, conf, quantity))


def _is_place(tok: Token) -> bool:
    return tok.ent_type_ in PLACE_LABELS or tok.lemma_.lower() in PLACE_NOUNS


def _prep_objects(head: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs attached to ``head``."""
    out = []
    for child in head.children:
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    out.append((child.lower_, obj))
        elif child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.append(("by", obj))
    return out


def _attach_preps(m: Mention, head: Token) -> None:
    entry = m.trigger.entry
    for prep, obj in _prep_objects(head):
        if prep == "by":
            _add(m, entry.agent, obj, "by", 0.8)
        elif prep in TARGET_PREPS:
            if _is_place(obj) and obj.ent_type_ in PLACE_LABELS:
                m.places.append((noun_phrase(obj, keep_of=False), True))
            if entry.patient == RoleType.detainee:
                continue  # "arrested on criminal charges": why, not whom
            _add(
                m,
                entry.patient if entry.patient != RoleType.victim else RoleType.target,
                obj,
                prep,
                0.7,
            )
        elif prep == "of" and head.pos_ in ("NOUN", "PROPN"):
            if entry.territory and _is_place(obj):
                m.places.append((noun_phrase(obj, keep_of=False), True))
            _add(m, entry.patient, obj, "of", 0.75)
        elif prep == "with":
            if entry.clash:
                # "protesters clashed with police": the other side of the clash.
                _add(m, RoleType.target, obj, "with", 0.7)
            continue
        elif prep in PLACE_PREPS and _is_place(obj):
            _add_place(m, obj)
        elif prep in ("in", "inside", "into", "under") and obj.lemma_.lower() in OBJECT_NOUNS:
            _add(m, RoleType.target, obj, prep, 0.6)


def _add_place(m: Mention, obj: Token) -> None:
    """Record a place and the places that locate it ("the camp near Damascus")."""
    m.places.append((noun_phrase(obj, keep_of=False), True))
    for p2, o2 in _prep_objects(obj):
        if p2 in PLACE_PREPS and o2.ent_type_ in PLACE_LABELS:
            m.places.append((noun_phrase(o2, keep_of=False), True))


def _patient_places(m: Mention) -> None:
    """Places attached to a participant: "a commander in Gaza", "an official inside the camp"."""
    for p in list(m.participants):
        for prep, obj in _prep_objects(p.head):
            if prep in PLACE_PREPS and _is_place(obj) and prep != "on":
                _add_place(m, obj)


def _recipients(m: Mention) -> None:
    """ "pledged loyalty to X", "threat against X": the recipient hangs off any trigger word."""
    if m.trigger.entry.patient != RoleType.recipient:
        return
    for tok in m.trigger.tokens:
        for prep, obj in _prep_objects(tok):
            if prep in ("to", "against", "toward", "towards"):
                _add(m, RoleType.recipient, obj, prep, 0.7)


def _is_agent_noun(tok: Token) -> bool:
    from newsevents.resolve.actors import load_kb

    match = load_kb().match_agent(tok.lemma_.lower())
    return match is not None and match.agent.kind.value in ("police", "military", "armed_group")


#: How many words a headline may have before its verb, and after it before the line ends.
_HEADLINE_WORDS = 40


def _headline_participle(verb: Token) -> bool:
    """A past form in a headline, without auxiliary or object: headlines drop "was", so
    "Journalist arrested in Lagos" says the journalist underwent it (an active headline is
    in the present: "Police arrest journalist"). The headline is the text's first line,
    when a line break follows it."""
    if verb.tag_ not in ("VBD", "VBN") or verb.i > _HEADLINE_WORDS:
        return False
    deps = ("aux", "auxpass", "dobj", "obj", "dative")
    if any(c.dep_ in deps for c in verb.children):
        return False
    doc = verb.doc
    if any("\n" in t.text or "\n" in t.whitespace_ for t in doc[: verb.i]):
        return False
    after = doc[verb.i : verb.i + _HEADLINE_WORDS]
    return any("\n" in t.text or "\n" in t.whitespace_ for t in after)


def _is_unknown_name(tok: Token) -> bool:
    """A proper noun that names no group, state or known actor: a person the model missed or
    mislabelled ("Bhiri's arrest", "Khashoggi's murder" with the surname tagged a place or an
    organisation)."""
    if tok.pos_ != "PROPN":
        return False
    ent = ent_of(tok)
    # A lone capitalised word tagged an organisation is often a surname; a longer name or
    # an acronym ("the TLP's attack") is an organisation's, as are nationalities.
    lone_org = ent is not None and ent.label_ == "ORG" and len(ent) == 1 and not tok.is_upper
    if ent is not None and ent.label_ not in ("PERSON", "GPE") and not lone_org:
        return False
    text = ent.text if ent is not None else tok.text
    return load_kb().match(text) is None and not is_known_place(text, 1000)


def _verb_arguments(m: Mention) -> None:
    head, entry = m.head, m.trigger.entry
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    if (
        head.dep_ in ("acl", "amod")
        and head.tag_ == "VBN"
        and head.head != head
        and not own_subject
    ):
        # "the workers arrested on Monday", "the arrested workers": the noun underwent it
        # (not in "One dead, four others wounded", where the participle has its own).
        _add(m, entry.patient, head.head, "participle", 0.75)
    undergone = head.tag_ == "VBN" or (head.pos_ == "ADJ" and entry.subject_is_patient)
    if head.dep_ in ("acl", "amod") and undergone and head.head != head:
        # "eight women, a girl and four men injured": every noun of the list underwent it
        # (counted only: the parse of a long list is too loose for roles).
        for noun in _listed_nouns(head.head):
            if noun != head.head or head.tag_ != "VBN":
                _add(m, entry.patient, noun, "participle", 0.75, count_only=True)
    subj = subject_of(head)
    passive = (
        any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
        or (
            # "four were killed and six others wounded": the second participle is passive too.
            head.dep_ == "conj"
            and head.tag_ == "VBN"
            and any(c.dep_ == "auxpass" for c in head.head.children)
        )
        or _small_clause(head)
        or _headline_participle(head)
        or _with_noun(head) is not None
    )
    if not own_subject and (passive or entry.subject_is_patient):
        # "a boy was shot and wounded", "two men were found dead": the subject of the verb
        # this one joins or completes underwent it too (counted only, not a role: the link
        # is the parse's coordination, which also joins unrelated clauses).
        shared = _shared_patient(head)
        if shared is not None:
            _add(m, entry.patient, shared, "shared", 0.7, count_only=True)
    undergoer = _clause_patient(head) if passive and not own_subject else None
    if undergoer is not None:
        # "A boy is in critical condition after being shot", "he died after being
        # stabbed": the main clause's subject underwent the passive gerund.
        _add(m, entry.patient, undergoer, "nsubjpass", 0.7)
    if passive and subj is not None and subj.dep_ == "nsubj" and subj.head == head:
        _add(m, entry.patient, subj, "nsubjpass", 0.7)
        subj = None
    if subj is not None and not passive:
        role = entry.patient if entry.subject_is_patient else entry.agent
        if (
            m.implies is not None
            and head.tag_ == "VBN"
            and head.dep_ in ("conj", "acl")
            and not any(c.dep_ in ("aux", "auxpass") for c in head.children)
        ):
            # "left one man dead and six others injured", "2 killed, 6 injured": a bare
            # participle's subject underwent it (the active past would be tagged VBD).
            role = entry.patient
        if role == entry.agent and subj.lemma_.lower() in OBJECT_NOUNS:
            # "the vehicle hit a mine": a thing that is hit, not a doer.
            role = RoleType.target
        _add(m, role, subj, "nsubj", 0.8)
    for child in head.children:
        if child.dep_ == "nsubjpass" and child.lower_ in _WH and head.dep_ == "relcl":
            # "Nodeep Kaur, who was arrested in Haryana": the one the clause is about.
            _add(m, entry.patient, head.head, "nsubjpass", 0.8)
        elif child.dep_ == "nsubjpass":
            _add(m, entry.patient, child, "nsubjpass", 0.8)
        elif child.dep_ in ("dobj", "obj") and not entry.subject_is_patient:
            if child.lower_ in ("it", "them") and entry.patient == RoleType.target:
                continue  # "detonated it": the object is the device, not a target
            _add(m, entry.patient, child, "dobj", 0.8)
        elif child.dep_ == "advcl" and child.lemma_.lower() == "target":
            for obj in child.children:
                if obj.dep_ == "dobj":
                    _add(m, RoleType.target, obj, "targeting", 0.75)
    if not entry.subject_is_patient:
        # "shot and killed his wife": the object hangs on the phrase's last verb.
        for tok in m.trigger.tokens:
            if tok.i != head.i and tok.pos_ == "VERB":
                for child in tok.children:
                    if child.dep_ in ("dobj", "obj"):
                        _add(m, entry.patient, child, "dobj", 0.8)
    _attach_preps(m, head)
    _companions(m, head)


#: Verbs that put their subject in the state a phrase names ("is in custody").
_STATE_VERBS = frozenset({"be", "remain", "stay", "sit", "spend"})


def _state_arguments(m: Mention) -> None:
    """The one in the state a phrase trigger names ("a suspect is in custody", "two men
    remain behind bars"): the subject of the verb the phrase completes underwent it."""
    head = m.head
    if head.pos_ != "ADP" or head.dep_ != "prep" or m.participants:
        return
    verb = head.head
    if verb.lemma_.lower() not in _STATE_VERBS:
        return
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and not is_nobody(subj):
        _add(m, m.trigger.entry.patient, subj, "state", 0.7)


#: Verbs whose complement clause tells the state someone was found or left in.
_FINDING_VERBS = frozenset({"find", "see", "leave", "discover", "witness"})


def _small_clause(head: Token) -> bool:
    """ "They found Jacob Allen shot to death", "saw two men killed": a participle without
    an auxiliary or an object, completing a verb of finding or seeing, tells what its
    subject underwent (the parser may tag it as a past tense)."""
    return (
        head.tag_ in ("VBN", "VBD")
        and head.dep_ in ("ccomp", "xcomp", "oprd")
        and head.head.lemma_.lower() in _FINDING_VERBS
        and not any(c.dep_ in ("aux", "auxpass", "dobj", "obj") for c in head.children)
    )


def _listed_nouns(noun: Token) -> list[Token]:
    """Every noun of the list ``noun`` belongs to, joined by "and" or by commas (which the
    parse may read as apposition): "eight women, a girl and four men"."""
    links = ("conj", "appos")
    top = noun
    while top.dep_ in links and top.head != top and top.head.pos_ in ("NOUN", "PROPN"):
        top = top.head
    out, todo = [], [top]
    while todo:
        tok = todo.pop()
        out.append(tok)
        todo.extend(c for c in tok.children if c.dep_ in links and c.pos_ in ("NOUN", "PROPN"))
    return sorted(out, key=lambda t: t.i)


#: Prepositions whose passive gerund tells what befell the main clause's subject.
_GERUND_PREPOSITIONS = frozenset({"after", "before", "since", "upon", "while", "when"})


def _clause_patient(head: Token) -> Token | None:
    """The subject of the clause that a passive gerund after a preposition depends on ("A
    2-year-old is in critical condition after being shot"): it has no subject of its own,
    and the one who underwent it is the main clause's subject."""
    prep = head.head
    if head.dep_ != "pcomp" or prep == head or prep.lower_ not in _GERUND_PREPOSITIONS:
        return None
    if not any(c.dep_ == "auxpass" and c.tag_ == "VBG" for c in head.children):
        return None
    gov = prep.head
    return next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _with_noun(head: Token) -> Token | None:
    """The noun of a "with" phrase that a participle without a subject tells of ("were
    killed with two others injured": "two others"), or None."""
    if head.dep_ != "advcl" or head.tag_ not in ("VBN", "VBD"):
        return None
    if any(c.dep_.startswith("nsubj") for c in head.children):
        return None
    return next(
        (
            obj
            for prep in head.head.children
            if prep.dep_ == "prep" and prep.lower_ == "with" and prep.i < head.i
            for obj in prep.children
            if obj.dep_ == "pobj"
        ),
        None,
    )


def _shared_patient(head: Token) -> Token | None:
    """Who underwent a verb or predicate that has no subject of its own: the passive subject
    of the verb it is coordinated with ("a boy was shot and wounded", "was shot at and
    injured"), or of the verb it completes ("two men were found dead"; "found the man
    deceased" names the object); for a participle after "with", that phrase's noun ("six
    were killed with two others injured")."""
    gov = head.head
    if gov == head or head.dep_ not in ("conj", "oprd", "acomp", "xcomp", "ccomp", "advcl"):
        return None
    with_noun = _with_noun(head)
    if with_noun is not None:
        return with_noun
    if head.dep_ == "advcl" and head.pos_ != "ADJ":
        return None
    deps = ("nsubjpass",) if head.dep_ == "conj" else ("nsubjpass", "dobj", "obj")
    if head.dep_ == "acomp" and gov.lemma_.lower() == "be":
        deps = ("nsubj",)  # "two men are dead"
    return next((c for c in gov.children if c.dep_ in deps), None)


def _companions(m: Mention, verb: Token) -> None:
    """ "X was arrested together with Y", "police detained X along with Y": Y shares the
    role of the verb's patient."""
    patients = [p for p in m.participants if p.via in ("nsubjpass", "dobj")]
    if not patients:
        return
    role = patients[0].role
    for child in verb.children:
        if child.dep_ != "prep":
            continue
        together = child.lower_ == "with" and any(
            c.dep_ == "advmod" and c.lower_ == "together" for c in verb.children
        )
        if child.lower_ == "along":
            child = next(
                (c for c in child.children if c.dep_ == "prep" and c.lower_ == "with"), child
            )
            together = child.lower_ == "with"
        if together:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    _add(m, role, obj, "with", 0.7)


def _noun_arguments(m: Mention) -> None:
    head, entry = m.head, m.trigger.entry
    has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    for child in head.children:
        if child.dep_ == "poss":
            # "the journalist's arrest", "Siam's murder": a person's possessive names who
            # suffered it; "Hamas's attack", "the army's killing of ...": who did it.
            undergoes = m.implies is not None or entry.mode == "torture"
            person = (
                child.ent_type_ == "PERSON"
                or _is_unknown_name(child)
                # A headline's "AVM Smith's abduction", tagged an organisation: the article
                # names the person in full elsewhere ("Musiliu Smith").
                or (child.pos_ == "PROPN" and child.text in people_words(child.doc))
                or (child.pos_ == "NOUN" and not _is_agent_noun(child))
                # "his arrest", "her abduction": the pronoun names who suffered it.
                or (child.pos_ == "PRON" and child.lower_ in ("his", "her", "their"))
            )
            role = entry.patient if undergoes and person and not has_of else entry.agent
            _add(m, role, child, "poss", 0.7)
        elif child.dep_ in ("compound", "nmod", "amod") and child.pos_ in ("PROPN", "NOUN", "ADJ"):
            ent = ent_of(child)
            # The kind of a weapon ("an incendiary bomb", which the model tags as a
            # nationality) is no doer: before a weapon, only a known nationality or actor
            # ("a Saudi missile", "a Houthi drone") is.
            if (
                ent is not None
                and ent.label_ == "NORP"
                and _is_weapon(head)
                and child.lower_ not in nationality_words()
                and load_kb().match(child.text) is None
            ):
                ent = None
            if (ent is not None and ent.label_ in ("ORG", "NORP", "PERSON")) or (
                child.pos_ == "NOUN" and _is_agent_noun(child)
            ):
                # "Hamas attack", "police firing": the modifier is the doer.
                _add(m, entry.agent, child, "compound", 0.6)
            elif _is_place(child) and ent is None:
                _add(m, entry.patient, child, "compound", 0.5)
    # "X conducted an attack": the light verb's subject does the noun's event.
    gov = head.head
    if head.dep_ in ("dobj", "obj", "nsubjpass") and gov.lemma_.lower() in LIGHT_VERBS:
        subj = subject_of(gov)
        if subj is not None and gov.lemma_.lower() != "claim":
            _add(m, entry.agent, subj, "light-verb", 0.75)
        _attach_preps(m, gov)
        for child in gov.children:
            if child.dep_ == "advcl" and child.lemma_.lower() == "target":
                for obj in child.children:
                    if obj.dep_ == "dobj":
                        _add(m, RoleType.target, obj, "targeting", 0.75)
    if head.dep_ in ("dobj", "obj") and gov.lemma_.lower() in WORDS.injury_verbs:
        # "three policemen received bullet injuries": the subject takes the wound (counted
        # only, so that the wound noun adds no role of its own).
        subj = subject_of(gov)
        if subj is not None:
            _add(m, entry.patient, subj, "injury", 0.7, count_only=True)
    carrier = _with_wound_verb(m)
    if carrier is not None:
        # "another child was taken to hospital with minor injuries": the subject of the
        # verb the wound comes with took it (counted only, as above).
        subj = next((c for c in carrier.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if subj is not None:
            _add(m, entry.patient, subj, "injury", 0.6, count_only=True)
    # "an explosion killed five": a noun trigger that is the subject of a kill verb.
    _attach_preps(m, head)
    det = [c for c in head.children if c.dep_ == "det"]
    m.anaphoric = (
        bool(det)
        and det[0].lower_ in ("the", "this", "that", "these")
        and not any(p.via in ("poss", "compound", "of") for p in m.participants)
    )


def _with_wound_verb(m: Mention) -> Token | None:
    """The verb a wound noun comes "with" ("was taken to hospital with injuries", "was
    found with gunshot wounds"), through the prepositional phrases between them."""
    head = m.head
    if m.implies != CountCategory.injured or head.dep_ != "pobj" or head.head.lower_ != "with":
        return None
    node = head.head.head
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.dep_ not in ("pobj", "prep") or node.head is node:
            return None
        node = node.head
    return None


@functools.cache
def _instrument_index() -> dict[str, tuple[tuple[tuple[str, ...], InstrumentEntry], ...]]:
    """Weapon phrases by their first word, longest first."""
    by_first: dict[str, list[tuple[tuple[str, ...], InstrumentEntry]]] = {}
    for entry in instruments():
        words = tuple(entry.phrase.split())
        by_first.setdefault(words[0], []).append((words, entry))
    return {w: tuple(sorted(v, key=lambda p: -len(p[0]))) for w, v in by_first.items()}


def _instruments(m: Mention) -> None:
    """Weapons named in the trigger or in the words that depend on it."""
    index = _instrument_index()
    scope = {t.i: t for t in m.trigger.tokens}
    scope.update((c.i, c) for c in m.head.subtree if abs(c.i - m.head.i) <= 12)
    words = [scope[i] for i in sorted(scope)]
    seen: set[int] = set()
    for i, tok in enumerate(words):
        cands = index.get(tok.lower_, ()) or index.get(tok.lemma_.lower(), ())
        for parts, entry in cands:
            chunk = words[i : i + len(parts)]
            if len(chunk) < len(parts) or any(t.i in seen for t in chunk):
                continue
            if all(
                t.lemma_.lower() == p or t.lower_ == p for t, p in zip(chunk, parts, strict=True)
            ):
                m.instruments.append((chunk, entry))
                seen.update(t.i for t in chunk)
                break


_HABITUAL_ADVERBS = WORDS.habitual_adverbs
_HABITUAL_ADJECTIVES = WORDS.habitual_adjectives


def _is_habitual(m: Mention) -> bool:
    """Generic or habitual statements ("has carried out frequent bombings", "attacks in the
    past") describe no single incident."""
    head = m.head
    clause = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), head)
    for tok in (head, clause):
        for child in tok.children:
            if child.dep_ == "advmod" and child.lower_ in _HABITUAL_ADVERBS:
                return True
            if (
                child.dep_ == "prep"
                and child.lower_ == "in"
                and any(o.lower_ == "past" for o in child.children)
            ):
                return True
            if child.dep_ == "npadvmod" and child.lower_ in ("times", "occasions"):
                # "shot multiple times", "stabbed 20 times": the blows of one attack.
                if tok is head and head.lemma_.lower() in WORDS.wounding_words:
                    continue
                return True
    if head.tag_ in ("NNS", "NNPS"):
        return any(c.dep_ == "amod" and c.lower_ in _HABITUAL_ADJECTIVES for c in head.children)
    return False


def _clause_chain(head: Token) -> list[Token]:
    """The trigger and the words above it up to its sentence's root, where the adverbials
    of its clause hang ("In the past two months, the regime has been accused of ...")."""
    chain = [head]
    while chain[-1].head != chain[-1] and len(chain) < 6:
        chain.append(chain[-1].head)
    return chain


def _words_of(tok: Token) -> set[str]:
    return {t.lower_ for t in tok.subtree}


def _over_period(chain: list[Token]) -> bool:
    """A time adverbial that spans a period: "since September", "in the past two months",
    "over the last year", "in recent weeks", "so far this year", "to date"."""
    c = cues().aggregates
    periods, recent = set(c.period_nouns), set(c.recent_words)
    for tok in chain:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in c.period_preps:
                return True
            if child.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in c.period_preps for g in child.children
            ):
                return True  # "since the protests began"
            if child.dep_ == "prep":
                for obj in child.children:
                    in_period = obj.dep_ == "pobj" and obj.lemma_.lower() in periods
                    if in_period and _words_of(obj) & recent:
                        return True
            if child.dep_ in ("advmod", "prep", "npadvmod"):
                phrase = " ".join(t.lower_ for t in child.subtree)
                if any(p == phrase or phrase.startswith(p + " ") for p in c.so_far):
                    return True
    return False


def _frequent(chain: list[Token]) -> bool:
    """A frequency: "every year", "each month", "500 children a year", "annually"."""
    c = cues().aggregates
    periods, dets = set(c.period_nouns), set(c.frequency_dets)
    for tok in chain[:3]:
        for child in tok.children:
            if child.dep_ == "advmod" and child.lower_ in c.frequency_adverbs:
                return True
            noun = child
            if child.dep_ == "prep" and child.lower_ == "per":
                return any(o.lemma_.lower() in periods for o in child.children)
            if noun.dep_ in ("npadvmod", "advmod", "dobj", "obj") and (
                noun.lemma_.lower() in periods
                and any(d.dep_ == "det" and d.lower_ in dets for d in noun.children)
            ):
                return True
    return False


def _series(m: Mention) -> bool:
    """Many incidents under one word: "a wave of arrests", "dozens of attacks"."""
    head = m.head
    if head.dep_ != "pobj" or head.head.lower_ != "of" or not is_plural(head):
        return False
    return head.head.head.lemma_.lower() in cues().aggregates.series_nouns


#: Links within a list of tolls ("5 dead, 17 wounded"): no clause boundary.
_LIST_LINKS = frozenset({"npadvmod", "acl", "conj", "appos", "punct", "dep"})


def _listed_under(tok: Token, head: Token) -> bool:
    """Whether ``tok`` hangs below ``head`` through list links only (no clause between)."""
    while tok.i != head.i:
        if tok.dep_ not in _LIST_LINKS or tok.head == tok:
            return False
        tok = tok.head
    return True


def _over_many_acts(chain: list[Token]) -> bool:
    """A toll told over several acts: "twelve killed in attacks across the region", or "5
    dead, 17 wounded in weekend shootings" (the acts may hang on a toll listed beside the
    trigger's, however the parser joins the list, but not on another clause: "97 died in
    police firing, while the remaining were killed during other incidents")."""
    c = cues().aggregates
    nouns, preps, tolls = set(c.many_act_nouns), set(c.many_act_preps), set(c.toll_words)
    heads = {t.i for t in chain[:3]}
    for tok in chain[0].sent:
        if tok.dep_ != "pobj" or tok.lemma_.lower() not in nouns or not is_plural(tok):
            continue
        prep = tok.head
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        if prep.head.i in heads or (
            prep.head.lemma_.lower() in tolls and _listed_under(prep.head, chain[0])
        ):
            return True
    return False


_COUNTED_ROLES = frozenset({RoleType.victim, RoleType.detainee, RoleType.target})


def _counted(m: Mention) -> bool:
    """Whether the mention gives a number of people or acts ("2,000 people", "hundreds of
    civilians", "2,000 arrests")."""
    if _quantity_tokens(m.head):
        return True
    return any(p.quantity for p in m.participants if p.role in _COUNTED_ROLES)


def _many_acts(m: Mention) -> bool:
    """Whether the trigger names many acts ("arrests since September"). Many people do not
    make a sum: "torturing activists A and B" over two months is one accusation."""
    return m.head.pos_ == "NOUN" and is_plural(m.head)


def _generic_or_aggregate(m: Mention) -> None:
    """Set ``habitual`` (no incident: dropped) or ``aggregate`` (a sum over many incidents:
    kept as a record of its own, never a dated single incident).

    A count over a period ("2,000 people have been detained since September"), at a
    frequency ("500 to 700 children every year") or over several acts ("5 dead in weekend
    shootings") is an aggregate, and so is a series of acts ("a wave of arrests"); a generic
    statement without a count ("attacks in the past", "journalists are often arrested") is no
    event at all.
    """
    chain = _clause_chain(m.head)
    generic = _is_habitual(m) or _frequent(chain)
    counted = _counted(m)
    m.aggregate = (
        _series(m)
        or (counted and (generic or _over_many_acts(chain)))
        or ((counted or _many_acts(m)) and _over_period(chain))
    )
    m.habitual = generic and not m.aggregate


_DISRUPTING = frozenset(
    {
        "defuse",
        "dismantle",
        "disarm",
        "confiscate",
        "recover",
        "discover",
        "uncover",
        "find",
        "intercept",
        "seize",
        "capture",
        "neutralize",
        "neutralise",
        "detect",
        "clear",
    }
)
_ARMS = frozenset({"weapon", "arms", "ammunition", "cache", "munition", "arsenal", "stockpile"})


@functools.cache
def _weapon_heads() -> frozenset[str]:
    """Head words of the weapon phrases ("bomb" of "car bomb", "gas" of "tear gas")."""
    return frozenset(e.phrase.split()[-1] for e in instruments()) | _ARMS


def _is_weapon(tok: Token) -> bool:
    return tok.lemma_.lower() in _weapon_heads() or tok.lower_ in _weapon_heads()


def _people_seized(m: Mention) -> None:
    """People seized or captured are abducted, not territory taken; weapons seized, found or
    defused are weapons taken out of use, and the bomb defused is no bombing."""
    from newsevents.extract.evidence import is_people

    entry = m.trigger.entry
    gov = m.head.head
    if (
        entry.type == "ASSAULT"
        and m.head.dep_ in ("dobj", "nsubjpass")
        and (gov.lemma_.lower() in _DISRUPTING)
    ):
        m.discard = True  # "police defused a bomb": the disruption is the event
        return
    first = next((p for p in m.participants if p.role == RoleType.target), None)
    if entry.weapons_only:
        m.discard = first is None or not _is_weapon(first.head)
        return
    if entry.territory and first is not None and is_people(first.head):
        m.event_type, m.mode, m.implies = "ASSAULT", "abduct", CountCategory.kidnapped
        for p in m.participants:
            if p.role == RoleType.target:
                p.role = RoleType.victim
            elif p.role == RoleType.actor:
                p.role = RoleType.perpetrator


def build_mentions(sent: SpacySpan) -> list[Mention]:
    """Every event mention in ``sent``, with participants, places and instruments attached."""
    mentions = []
    for match in find_triggers(sent):
        m = Mention(match, sent, match.entry.type, match.entry.mode, implies=match.entry.implies)
        # A gerund used as a noun ("killed in police firing") takes a noun's arguments.
        nominal = match.head.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "compound")
        if (match.head.pos_ in ("VERB", "AUX") and not nominal) or (
            match.head.pos_ == "ADJ" and match.entry.subject_is_patient
        ):
            _verb_arguments(m)
        else:
            _noun_arguments(m)
            _state_arguments(m)
        _recipients(m)
        _patient_places(m)
        _instruments(m)
        _generic_or_aggregate(m)
        _people_seized(m)
        if not m.discard:
            mentions.append(m)
    _share_aggregate(mentions)
    return mentions


def _share_aggregate(mentions: list[Mention]) -> None:
    """Acts joined by "or"/"and" share a sum: in "eight children have been wounded or
    killed this year", the killings are in the total as much as the woundings."""
    by_head = {m.head.i: m for m in mentions}
    for m in mentions:
        if m.aggregate or m.head.dep_ != "conj":
            continue
        other = by_head.get(m.head.head.i)
        if other is not None and other.aggregate:
            m.aggregate, m.habitual = True, False
