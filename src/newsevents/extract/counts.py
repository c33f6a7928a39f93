"""Counting people killed, injured, arrested or kidnapped, as low / best / high."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsevents.extract.evidence import TARGET_NOUNS, is_people, is_person_hit
from newsevents.extract.mentions import Mention, Participant
from newsevents.extract.quantities import match_quantity, multiple_of, parse_quantity
from newsevents.extract.syntax import (
    PLACE_LABELS,
    is_age_noun,
    is_nobody,
    is_plural,
    to_span,
    token_span,
)
from newsevents.extract.words import WORDS
from newsevents.model import Count, CountCategory, RoleType, Span

_COUNTED_ROLES = frozenset({RoleType.victim, RoleType.detainee, RoleType.target})
# Personal pronouns that stand for one person ("he was shot"); "they" says no figure. The
# reflexive ones count the doer among the dead ("killed his daughter and himself").
_ONE_PERSON = frozenset({"he", "him", "she", "her", "himself", "herself"})
#: Reflexives that name the doer among those hit ("killed his daughter and then himself").
REFLEXIVES = frozenset({"himself", "herself"})
# Possessives of one person ("his injuries").
_ONE_OWNER = frozenset({"his", "her"})
# Prepositions that aim an act at someone without saying it hit them ("shot at police").
_AIMED = frozenset({"at", "on", "upon", "into", "against", "toward", "towards"})
# Prepositions that name what someone died of ("died of", "died from", "succumbed to").
_OF_WOUND = frozenset({"of", "from", "to"})
# Pronouns that stand for people told before ("three of them", "one of whom").
_TOLD_BEFORE = frozenset({"them", "those", "whom"})
# Entities whose numbers are no head count: years, times, ordinals, sums, measures.
_NOT_COUNT_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _is_count(tokens: list[Token]) -> bool:
    """Whether number words count something ("12 people"), not a date, time or measure: the
    entity recognizer tags the latter."""
    return not any(t.ent_type_ in _NOT_COUNT_ENTS for t in tokens)


def _is_place_or_measure(head: Token) -> bool:
    """A place, an address or a measure ("the 8600 block", "a .40-caliber"): never people."""
    lemma = head.lemma_.lower()
    return (
        lemma in WORDS.measure_nouns
        or head.lower_ in WORDS.measure_nouns
        or lemma in WORDS.place_nouns
        or head.ent_type_ in PLACE_LABELS
        or head.ent_type_ == "FAC"
    )


def _is_age(head: Token) -> bool:
    """A bare number the parse attaches to a name ("Cade Smith, 16,") is an age, not a count."""
    return (
        head.pos_ == "NUM"
        and head.dep_ in ("appos", "amod", "npadvmod")
        and (head.head.ent_type_ == "PERSON" or head.head.pos_ == "PROPN")
    )


def _aged_name(head: Token) -> bool:
    """A name given an age ("15-year-old Fernando Enriquez", "Cade Smith, 16"): a person,
    whatever entity the recognizer took the name for."""
    return head.pos_ == "PROPN" and any(
        (c.dep_ == "amod" and c.lower_ == "old") or _is_age(c) for c in head.children
    )


def _quantity_count(
    category: CountCategory, tokens: list[Token], text: str, confidence: float
) -> Count | None:
    """The count that number words give ("at least 12", "dozens"), with their span."""
    span = token_span(tokens, text)
    q = parse_quantity(span.text)
    if q is None:
        return None
    return Count(
        category=category,
        low=q.low,
        best=q.best,
        high=q.high,
        text=span.text,
        spans=[span],
        confidence=confidence,
    )


def _count_of(p: Participant, category: CountCategory, text: str) -> Count | None:
    head = p.head
    if _is_place_or_measure(head) or _is_age(head):
        return None  # "on the 8600 block", "Cade Smith, 16": a number, but nobody counted
    if head.pos_ == "NUM" and not _is_count([head]):
        return None  # "in 2015", "at 10:30"
    # "two 17-year-olds": the tagger makes the whole phrase an age (a DATE), yet the number
    # that counts the aged people is a head count.
    quantity = p.quantity if _is_count(p.quantity) or is_age_noun(head) else []
    counted = bool(quantity) and head.lemma_.lower() not in TARGET_NOUNS
    if not (is_person_hit(head) or counted or head.lower_ in _ONE_PERSON or _aged_name(head)):
        return None  # "kill off the game", "destroyed the bridge": nobody to count
    listed = _listed_ages(head, quantity)
    if listed is not None:
        span = token_span(sorted({*quantity, head}, key=lambda t: t.i), text)
        return Count(
            category=category, low=listed, best=listed, high=listed, text=span.text,
            spans=[span], confidence=0.7,
        )  # fmt: skip
    if quantity:
        count = _quantity_count(category, quantity, text, 0.8)
        if count is not None:
            return count
    span = token_span(p.tokens, text)
    if head.ent_type_ == "PERSON" or not is_plural(head):
        # One named person, or a singular noun ("a Hamas commander"): one person.
        return Count(
            category=category, low=1, best=1, high=1, text=span.text, spans=[span], confidence=0.7
        )
    # A bare plural ("soldiers were killed") says at least two, no more.
    return Count(
        category=category, low=2, best=None, high=None, text=span.text, spans=[span], confidence=0.5
    )


def _listed_ages(head: Token, quantity: list[Token]) -> int | None:
    """How many people an indefinite phrase of listed ages names ("a 16 and 17-year-old":
    two, "a 16 or 17-year-old": one): its figures are ages, not a head count. None for
    any other phrase."""
    if not quantity or not is_age_noun(head):
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children):
        return None
    if any(t.lower_ == "and" for t in quantity):
        return sum(1 for t in quantity if t.pos_ == "NUM") + 1
    return 1 if any(t.lower_ == "or" for t in quantity) else None


def _own_quantity(head: Token) -> list[Token]:
    """Number words that count an event noun itself ("40 deaths", "40 of the deaths")."""
    nums = [t for c in head.children if c.dep_ in ("nummod", "quantmod") for t in c.subtree]
    if nums:
        return sorted(nums, key=lambda t: t.i)
    gov = head.head
    if head.dep_ == "pobj" and gov.lower_ == "of" and gov.head.pos_ == "NUM":
        return [gov.head]
    return []


def _multiple(head: Token, category: CountCategory, text: str) -> Count | None:
    """The victims a word qualifying the act counts ("a double shooting": two people hit; "a
    triple homicide": three dead)."""
    for c in head.children:
        n = multiple_of(c.lower_) if c.dep_ in ("amod", "compound", "nmod") else None
        if n is not None:
            span = token_span([c, head], text)
            return Count(
                category=category, low=n, best=n, high=n, text=span.text, spans=[span],
                confidence=0.6,
            )  # fmt: skip
    return None


def is_wounding(m: Mention) -> bool:
    """Whether the mention hits people with a weapon ("four people were shot", "the stabbing
    of a teen") without saying whether they lived: they are injured unless told dead."""
    head = m.head
    return (
        m.implies is None
        and m.event_type == "ASSAULT"
        and (head.lemma_.lower() in WORDS.wounding_words or head.lower_ in WORDS.wounding_words)
    )


def _fatal(head: Token) -> bool:
    """ "fatally shot", "mortally wounded", "shot to death", "stabbed to death": the wound
    killed."""
    return any(
        (c.dep_ == "advmod" and c.lower_ in WORDS.fatal_adverbs)
        or (
            c.dep_ == "prep"
            and c.lower_ == "to"
            and any(g.dep_ == "pobj" and g.lemma_.lower() == "death" for g in c.children)
        )
        for c in head.children
    )


def _fatal_to_one(m: Mention, text: str) -> bool:
    """ "the fatal shooting of a teen", "a deadly stabbing of a man": a weapon's hit an
    adjective calls deadly, of one person, killed that person. Of several it says only
    that someone died (not who), so they are left to the incident's toll."""
    if not is_wounding(m) or not any(
        c.dep_ == "amod" and c.lower_ in WORDS.fatal_adjectives for c in m.head.children
    ):
        return False
    hit = _sum_counts(_patients(m, True), CountCategory.injured, text).get(CountCategory.injured)
    return hit is not None and hit.best == 1 and hit.high == 1


def _category(m: Mention, text: str) -> CountCategory | None:
    """The category a mention counts: its trigger's, a death where an adverb (or, for one
    person, an adjective) says the wound killed, and none for a weapon's hit that does not
    say how it ended."""
    fatal = _fatal(m.head)
    if fatal and (m.implies == CountCategory.injured or is_wounding(m)):
        return CountCategory.killed
    if m.implies is None and _fatal_to_one(m, text):
        return CountCategory.killed
    if m.implies is None and _hits_others(m):
        return CountCategory.injured
    return m.implies


def _is_other(p: Participant) -> bool:
    """ "two others", "six other people": people besides those told before. Not one person
    ("shot another boy", "one shot the other"), who may be the dead of a pair."""
    head = p.head
    if not (is_plural(head) or p.quantity):
        return False
    return head.lemma_.lower() in WORDS.other_words or any(
        c.dep_ in ("amod", "det") and c.lower_ in WORDS.other_words for c in head.children
    )


def _hits_others(m: Mention) -> bool:
    """ "one man was killed and two others were shot": a weapon's hit of people besides the
    dead told before them; they are the injured, not people hit of whom the dead are some."""
    if not is_wounding(m):
        return False
    patients = _patients(m, True)
    return bool(patients) and all(_is_other(p) for p in patients)


def succumbed(head: Token) -> bool:
    """Whether a death is told as dying of wounds ("died of his wounds", "succumbed to her
    injuries", "died from a gunshot wound"): the dead was first among the hurt."""
    return head.lemma_.lower() in WORDS.succumb_verbs and any(
        c.dep_ == "prep"
        and c.lower_ in _OF_WOUND
        and any(g.dep_ == "pobj" and g.lemma_.lower() in WORDS.wound_nouns for g in c.children)
        for c in head.children
    )


def among_those_told(head: Token) -> bool:
    """Whether a death befell some of the people told before ("three of them died", "one
    of whom later died"): its subject is a part of them."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass")
        and any(
            p.dep_ == "prep"
            and p.lower_ == "of"
            and any(g.dep_ == "pobj" and g.lower_ in _TOLD_BEFORE for g in p.children)
            for p in c.children
        )
        for c in head.children
    )


def _wound_that_killed(head: Token) -> bool:
    """A wound someone died of ("died from his injuries"): it counts nobody injured."""
    prep = head.head
    return (
        head.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.lower_ in _OF_WOUND
        and prep.head.lemma_.lower() in WORDS.succumb_verbs
    )


def _in_scope(m: Mention, people: list[Participant]) -> list[Participant]:
    """``people`` less those a word written after its noun does not qualify: it qualifies
    what comes before it only ("found Munnings dead and another man wounded")."""
    head = m.head
    if head.dep_ in ("acl", "amod") and head.i > head.head.i:
        return [p for p in people if p.head.i < head.i]
    return people


def _patients(m: Mention, with_counted: bool) -> list[Participant]:
    named = {p.head for p in m.participants}
    counted = [c for c in m.counted if c.head not in named] if with_counted else []
    # One person counted once, however many list readings reached them.
    counted = _in_scope(m, list({c.head.i: c for c in counted}.values()))
    found = [
        p
        for p in [*m.participants, *counted]
        if p.role in _COUNTED_ROLES
        # "he was shot": one person; other pronouns ("they", "it") give no figure, unless
        # counted ("one of them died").
        and (p.head.pos_ != "PRON" or p.head.lower_ in _ONE_PERSON or bool(p.quantity))
    ]
    if not found:
        found = _parsed_patient(m)
    heads = {p.head for p in found}
    # "the victim, Mary Smith, was struck": the name in apposition is the same person.
    # Not an item of a list the parse took for an apposition ("six men, a boy and two women").
    found = [
        p
        for p in found
        if not (p.head.dep_ == "appos" and p.head.head in heads and not _joined(p.head))
    ]
    joined = _conjoined(found, {*heads, *(p.head for p in m.participants)})
    return [*found, *_in_scope(m, joined)]


def _phrase(head: Token, role: RoleType, via: str, confidence: float) -> Participant:
    """A patient read from the parse: ``head``'s phrase without the phrases conjoined to it,
    and the numbers that count it ("two 17-year-olds")."""
    joined = {t.i for c in head.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    tokens = [t for t in head.subtree if (t.i not in joined and t.dep_ != "punct") or t is head]
    quantity = [
        t
        for c in head.children
        if c.dep_ in ("nummod", "quantmod") and c.i < head.i
        for t in c.subtree
    ]
    return Participant(role, head, tokens, via, confidence, sorted(quantity, key=lambda t: t.i))


def _conjoined(patients: list[Participant], known: set[Token]) -> list[Participant]:
    """People conjoined to a patient that the participants leave out ("shot his wife, his son
    and himself", "a 17-year-old and an 18-year-old were shot"): each is one more person the
    act befell, in the patient's role."""
    out: list[Participant] = []
    for p in patients:
        stack = [c for c in p.head.children if _joined(c)]
        while stack:
            tok = stack.pop()
            stack.extend(c for c in tok.children if _joined(c))
            if tok in known or not (is_person_hit(tok) or tok.lower_ in _ONE_PERSON):
                continue
            known.add(tok)
            out.append(_phrase(tok, p.role, "conj", p.confidence * 0.9))
    return out


def _joined(tok: Token) -> bool:
    """Whether ``tok`` is another item of a list: a conjunct, or an apposition that goes on
    to the list's "and" ("his wife, his son and himself": the parse takes "his son" for an
    apposition of "his wife")."""
    if tok.dep_ == "conj":
        return True
    # An apposition to a figure of bare people spells out those it counts ("two people - a
    # man and a boy - were shot"): no more of them ("six men, a boy and two women" are more).
    head = tok.head
    spelled = head.lemma_.lower() in WORDS.bare_people_nouns and any(
        c.dep_ == "nummod" for c in head.children
    )
    # A figure of people after one person ("killed his wife, 2 sons, then himself") cannot
    # describe that person: it is the list's next item.
    if (
        tok.dep_ == "appos"
        and not spelled
        and tok.tag_ == "NNS"
        and head.tag_ == "NN"
        and any(c.dep_ == "nummod" for c in tok.children)
    ):
        return True
    # After a name, an apposition with "and" describes the one person ("Carlos Pizarro,
    # political leader and former guerrilla commander"); a list item has its own
    # determiner ("his son").
    return (
        tok.dep_ == "appos"
        and not spelled
        and head.ent_type_ != "PERSON"
        and head.pos_ != "PROPN"
        and any(c.dep_ in ("det", "poss") for c in tok.children)
        and any(c.dep_ == "cc" and c.lower_ == "and" for c in tok.children)
    )


def _parsed_patient(m: Mention) -> list[Participant]:
    """The patient of a mention whose participants name none, read from the parse: a person
    named by age ("a 15-year-old was killed"), or the one a relative clause is about ("a
    17-year-old boy who was shot"). Only the passive subject or the object: an active
    subject is the doer."""
    for child in m.head.children:
        if child.dep_ not in ("nsubjpass", "dobj"):
            continue
        tok = child
        if tok.lower_ in ("who", "that") and m.head.dep_ == "relcl":
            tok = m.head.head  # "a boy who was shot": the boy
        if is_age_noun(tok) or (tok is not child and is_person_hit(tok)):
            return [_phrase(tok, RoleType.victim, "parse", 0.6)]
    return []


def _names_one(tok: Token) -> bool:
    """Whether ``tok`` names one person ("the boy's", "Smith's")."""
    return (tok.ent_type_ == "PERSON" or is_person_hit(tok)) and not is_plural(tok)


def _told_dead(head: Token) -> bool:
    """Whether the phrase says its person is dead ("Munnings, from Quincy, dead")."""
    return any(c.dep_ == "amod" and c.lower_ == "dead" for c in head.children)


def _sum_counts(
    patients: list[Participant], category: CountCategory, text: str
) -> dict[CountCategory, Count]:
    found: dict[CountCategory, Count] = {}
    for p in patients:
        if category == CountCategory.injured and _told_dead(p.head):
            continue  # "found Munnings dead and another man wounded": one hurt
        count = _count_of(p, category, text)
        if count is None:
            continue
        prev = found.get(category)
        found[category] = count if prev is None else add_counts(prev, count)
    return found


def mention_counts(m: Mention, text: str, with_counted: bool = False) -> dict[CountCategory, Count]:
    """Counts that mention ``m`` gives for the category its trigger implies: from its
    participants, and with ``with_counted`` also from the people it only counts
    (``Mention.counted``)."""
    category = _category(m, text)
    if category is None:
        return {}
    head = m.head
    if category == CountCategory.injured and _wound_that_killed(head):
        return {}  # "died from his injuries": its owner is among the dead, not the hurt
    patients = _patients(m, with_counted)
    # "suffering from at least one gunshot wound", "two gunshot wounds to the chest": the
    # number counts wounds, not people ("40 injuries" still counts people).
    own = [] if head.lemma_.lower() in ("wound", "gunshot") else _own_quantity(head)
    if not patients and own:
        # "40 deaths", "40 of these deaths": the event noun counts its own victims.
        count = _quantity_count(category, own, text, 0.7)
        if count is not None:
            return {category: count}
    if not patients and (many := _multiple(head, category, text)) is not None:
        return {category: many}  # "a triple homicide"
    if not patients and head.pos_ == "NOUN" and is_plural(head) and len(m.trigger.tokens) == 1:
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None and (owner.lower_ in _ONE_OWNER or _names_one(owner)):
            # "his injuries", "the boy's wounds": one person's, however many.
            return {category: one_person(category, token_span([owner, head], text), 0.5)}
        if head.lemma_.lower() in WORDS.wound_nouns:
            return {}  # "non-life-threatening injuries": one person may have many
        # "arrests were made", "the killings": more than one person, how many unknown.
        span = token_span([head], text)
        return {
            category: Count(category=category, low=2, text=span.text, spans=[span], confidence=0.4)
        }
    found = _sum_counts(patients, category, text)
    if category == CountCategory.killed:
        found = _with_self(m, found, patients, text)
    return found


def _with_self(
    m: Mention, found: dict[CountCategory, Count], patients: list[Participant], text: str
) -> dict[CountCategory, Count]:
    """ "killed his daughter and then himself": the doer who kills himself is among the
    dead, even where the parse joins "himself" to the verb rather than to its object."""
    if any(p.head.lower_ in REFLEXIVES for p in patients):
        return found
    objects = [c for c in m.head.children if c.dep_ in ("dobj", "obj")]
    near = [*m.head.children, *(c for o in objects for c in o.children)]
    self_ = next((t for t in near if t.lower_ in REFLEXIVES and t.dep_ in ("conj", "appos")), None)
    if self_ is None:
        return found
    one = one_person(CountCategory.killed, token_span([self_], text), 0.6)
    prev = found.get(CountCategory.killed)
    return {**found, CountCategory.killed: one if prev is None else add_counts(prev, one)}


def one_person(category: CountCategory, span: Span, confidence: float) -> Count:
    """One person, as ``span`` tells it."""
    return Count(
        category=category, low=1, best=1, high=1, text=span.text, spans=[span],
        confidence=confidence,
    )  # fmt: skip


def survival_deaths(sent: SpacySpan, text: str) -> list[Count]:
    """Deaths told as survival denied: "one of them did not survive", "he didn't make it"
    is not covered (too idiomatic to tell from its other senses)."""
    out: list[Count] = []
    for tok in sent:
        if tok.lemma_.lower() != "survive" or not any(c.dep_ == "neg" for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        if subj.lower_ in _ONE_PERSON:
            count: Count | None = one_person(CountCategory.killed, token_span([subj], text), 0.6)
        else:
            words = [t for t in subj.subtree if t.i <= subj.i] if subj.pos_ == "NUM" else []
            count = _quantity_count(CountCategory.killed, words or [subj], text, 0.6)
            if count is None and is_people(subj) and not is_plural(subj):
                count = one_person(CountCategory.killed, token_span([subj], text), 0.6)
        if count is not None:
            out.append(count)
    return out


#: Nouns for the people an act hurt or killed, and what "no ..." of them says nobody was.
_CASUALTY_NOUNS: dict[str, tuple[CountCategory, ...]] = {
    "victim": (CountCategory.killed, CountCategory.injured),
    "casualty": (CountCategory.killed, CountCategory.injured),
    "fatality": (CountCategory.killed,),
    "death": (CountCategory.killed,),
}


def no_casualties(sent: SpacySpan, text: str) -> list[Count]:
    """Zero counts where the sentence says there were no victims ("no victims were
    reported", "there were no casualties"): nobody killed or hurt; "no fatalities": nobody
    killed. Not "no other victims" nor "no victims' names": only the bare noun."""
    out: list[Count] = []
    for tok in sent:
        categories = _CASUALTY_NOUNS.get(tok.lemma_.lower())
        if categories is None or tok.pos_ != "NOUN" or tok.dep_ == "poss":
            continue
        children = list(tok.children)
        if not any(c.dep_ == "det" and c.lower_ == "no" for c in children) or any(
            c.dep_ in ("amod", "compound", "case") for c in children
        ):
            continue
        span = token_span(
            sorted([*(c for c in children if c.lower_ == "no"), tok], key=lambda t: t.i), text
        )
        out.extend(
            Count(category=c, low=0, best=0, high=0, text=span.text, spans=[span], confidence=0.6)
            for c in categories
        )
    return out


def mention_hits(m: Mention, text: str) -> Count | None:
    """How many people a weapon hit, by this mention ("four people were shot"), counted as
    injured: the event's toll takes those of them not said to have died. None when the
    mention does not say that people were hit ("shot at police", "shots were fired")."""
    if not is_wounding(m) or _fatal(m.head) or _fatal_to_one(m, text) or _hits_others(m):
        return None
    if any(
        c.dep_ in ("prep", "prt") and c.lower_ in _AIMED and not list(c.children)
        for c in m.head.children
    ):
        return None  # "he was shot at": aimed at, not hit
    patients = [p for p in _patients(m, True) if p.via not in _AIMED]
    if not patients:
        return _multiple(m.head, CountCategory.injured, text)  # "a double shooting"
    return _sum_counts(patients, CountCategory.injured, text).get(CountCategory.injured)


# Dependencies through which a negation of the clause reaches the trigger it introduces.
_CARRIED = frozenset(
    {"attr", "dobj", "nsubj", "nsubjpass", "xcomp", "acomp", "ccomp", "pobj", "prep"}
)


#: Nouns of a place or moment that make a denial partial ("not arrested at the scene").
_PARTIAL_DENIAL = frozenset({"scene", "spot", "time"})


def _only_there(head: Token) -> bool:
    """Whether the denied act is denied only at a place or moment ("was not arrested at the
    scene", "not detained at the time"), which says nothing of later."""
    return any(
        prep.dep_ == "prep"
        and any(o.dep_ == "pobj" and o.lemma_.lower() in _PARTIAL_DENIAL for o in prep.children)
        for prep in head.children
    )


def _negation(head: Token) -> Token | None:
    """The "not" that denies the trigger: its own ("has not been charged"), or that of the
    verbs it is the object or complement of ("there does not seem to be an arrest"), but not
    that of a verb of saying or knowing ("did not say whether anyone was hurt")."""
    node = head
    for _ in range(4):
        neg = next((c for c in node.children if c.dep_ == "neg"), None)
        if neg is not None:
            return neg
        gov = node.head
        if gov is node or node.dep_ not in _CARRIED:
            return None
        if gov.lemma_.lower() not in WORDS.negation_carriers and gov.pos_ not in ("ADP", "AUX"):
            return None
        node = gov
    return None


def _state_subject(head: Token) -> Token | None:
    """Who is in the state a phrase names ("no one is in custody"): the subject of the
    verb the phrase is the complement of."""
    node = head
    for _ in range(3):
        if node.dep_ not in ("pobj", "prep", "attr", "acomp") or node.head is node:
            break
        node = node.head
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
    return None


def zero_counts(m: Mention, text: str) -> dict[CountCategory, Count]:
    """A zero count where the text says that nobody underwent what the mention's trigger
    implies: "no one was hurt", "no arrests have been made", "no one is in custody", "Valle
    has not been charged". Not where a degree is denied ("was not seriously injured")."""
    category = _category(m, text) or (CountCategory.injured if is_wounding(m) else None)
    if category is None:
        return {}
    head = m.head
    patients = _patients(m, True)
    nobody = next((p for p in patients if is_nobody(p.head)), None)
    cue: list[Token]
    if nobody is not None:
        cue = nobody.tokens
    elif head.pos_ == "NOUN" and is_nobody(head):
        cue = [head]  # "no arrests were made", "there were no injuries"
    elif not patients and (held := _state_subject(head)) is not None and is_nobody(held):
        cue = [held, head]  # "no one is in custody"
    else:
        neg = _negation(head)
        if neg is None or any(
            c.dep_ == "advmod" and c.lower_ in WORDS.degree_adverbs for c in head.children
        ):
            return {}
        if _only_there(head):
            return {}  # "he was not arrested at the scene": he was later
        if patients and not all(
            p.head.pos_ in ("PROPN", "PRON")
            or p.head.ent_type_ == "PERSON"
            or any(c.dep_ == "det" and c.lower_ == "the" for c in p.head.children)
            for p in patients
        ):
            return {}  # "two men were not injured" is rare; a named or known person is not
        cue = sorted({neg, head}, key=lambda t: t.i)
    span = token_span(sorted(cue, key=lambda t: t.i), text)
    return {
        category: Count(
            category=category, low=0, best=0, high=0, text=span.text, spans=[span], confidence=0.6
        )
    }


def add_counts(a: Count, b: Count) -> Count:
    """Two groups counted in one mention ("five soldiers and two civilians"): their sum."""

    def plus(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    return Count(
        category=a.category,
        low=plus(a.low, b.low) or max(a.low or 0, b.low or 0) or None,
        best=plus(a.best, b.best),
        high=plus(a.high, b.high),
        text=f"{a.text}; {b.text}",
        spans=[*a.spans, *b.spans],
        confidence=min(a.confidence, b.confidence),
    )


def _specificity(c: Count) -> int:
    """How precisely a count states its figure: a number ("12", "at least 12", "up to 12")
    beats a vague quantifier ("several", "dozens"), and one person named as a victim (one of
    the toll, perhaps) ranks with the vague ones."""
    if c.best is None:
        return 0
    if c.best > 1 and c.best in (c.low, c.high):
        return 2
    return 1


def merge_counts(a: Count, b: Count) -> Count:
    """The same count reported twice in an article: the most specific figure stated (the
    larger of two equally specific ones: a toll that rose), and the widest range."""
    lows = [v for v in (a.low, b.low) if v is not None]
    highs = [v for v in (a.high, b.high) if v is not None]
    rank = max(_specificity(a), _specificity(b))
    bests = [c.best for c in (a, b) if c.best is not None and _specificity(c) == rank]
    high = max(highs) if highs and len(highs) == 2 else None
    best = max(bests) if bests else None
    low = min(lows) if lows else None
    if best is not None and low is not None and best < low:
        best = low
    return Count(
        category=a.category,
        low=low,
        best=best,
        high=high if high is None or best is None or high >= best else best,
        text=a.text if a.confidence >= b.confidence else b.text,
        spans=[*a.spans, *b.spans],
        confidence=max(a.confidence, b.confidence),
    )


#: Words of a headline's toll ("1 Dead, 6 Hurt", "6 shot at Easter party", "4 shot, 1
#: fatally"): what the number before them counts; "hit" counts people shot.
_HEADLINE_TOLL = {
    "dead": CountCategory.killed,
    "killed": CountCategory.killed,
    "die": CountCategory.killed,
    "dies": CountCategory.killed,
    "fatally": CountCategory.killed,
    "hurt": CountCategory.injured,
    "injured": CountCategory.injured,
    "wounded": CountCategory.injured,
    "hospitalized": CountCategory.injured,
    "shot": None,
}
#: People nouns a headline may put between the number and its toll word ("2 teens shot").
_HEADLINE_PEOPLE = (
    r"(?:(?:people|persons|men|women|teens|teenagers|boys|girls|juveniles|adults|children"
    r"|kids|victims|students|friends|officers|others|more)\s+)?"
    # "Three found dead", "5 people found shot": found so, they were so.
    r"(?:found\s+)?"
)
#: A headline over many incidents ("3 Dead, 22 Wounded In Weekend Shootings") totals them.
_ROUNDUP = re.compile(
    r"\b(?:shootings|killings|attacks|incidents|homicides|stabbings|separate|violence|scenes)\b"
    r"|\bviolent\s+(?:night|weekend|week|day|holiday)\b",
    re.I,
)
#: People words of a headline that tell people besides those counted before it.
_BESIDES = frozenset({"others", "more"})
_TOLL_WORD = re.compile(_HEADLINE_PEOPLE + r"(" + "|".join(_HEADLINE_TOLL) + r")\b", re.I)


#: One person a headline names by age, kin or kind ("Teen shot, killed", "17-year-old boy
#: shot to death", "Boy, 4, shoots self"), in the singular: a plural says no figure.
_HEADLINE_ONE = (
    r"(?:\d{1,3}-(?:year|month)-old(?:\s+(?:boy|girl|man|woman|child))?"
    r"|teen(?:age)?(?:\s+(?:boy|girl))?|teenager|boy|girl|man|woman|toddler|child|infant"
    r"|baby|father|mother|son|daughter|mom|dad)(?:,\s*\d{1,3},)?"
)
#: What befell that person: death, or a hit that is an injury unless told dead.
_HEADLINE_ONE_DEAD = (
    r"(?:(?:shoots,?\s+(?:and\s+)?)?kills\s+(?:him|her)?self|fatally\s+shot|shot(?:,|\s+and)\s+killed|shot\s+(?:to\s+death|dead)"
    r"|stabbed\s+to\s+death|killed|dead|dies|died|slain)"
)
_HEADLINE_ONE_HIT = r"(?:shot|shoots\s+(?:him|her)?self|wounded|injured|hurt|grazed)"
_ONE_TOLL = re.compile(
    r"(?<![\w,&])(?<!,\s)(?<!\band\s)(?<!&\s)"
    + _HEADLINE_ONE
    + r"\s+(?:(?:is|was)\s+)?(?:found\s+)?(?:accidentally\s+)?"
    r"(?:(" + _HEADLINE_ONE_DEAD + r")|(" + _HEADLINE_ONE_HIT + r"))\b"
    # Not the doer of a verb with an object ("Man killed his wife", "Father shot 2 sons").
    r"(?!\s+(?:(?:his|her|their|its|a|an|the|my|our)\b"
    r"|(?:two|three|four|five|six|\d+)\b(?!\s+times)))",
    re.I,
)


def roundup_headline(text: str) -> bool:
    """Whether the text's first line is a headline over many incidents ("3 Dead, 22
    Wounded In Weekend Shootings")."""
    return _ROUNDUP.search(text.split("\n", 1)[0]) is not None


def _one_person_toll(line: str, text: str) -> tuple[Count, bool] | None:
    """The toll of one person a headline names without a figure ("Morgan County teen shot,
    killed", "Boy, 4, shoots self"): one dead, or one hit (injured unless told dead). None
    when the person is one of several joined ("Man, woman shot")."""
    found = _ONE_TOLL.search(line)
    if found is None:
        return None
    dead = found.group(1) is not None
    span = to_span(found.start(), found.end(), text)
    category = CountCategory.killed if dead else CountCategory.injured
    count = Count(
        category=category, low=1, best=1, high=1, text=span.text, spans=[span], confidence=0.5
    )
    return count, not dead


#: A headline's verb that tells the toll of the figure after it ("Gunman Shoots 4 People",
#: "Man Kills 2 Outside Bar"), as the toll word it stands for.
_VERB_TOLL = {"shoots": "shot", "kills": "killed", "wounds": "wounded", "injures": "injured"}
_VERB_BEFORE = re.compile(r"\b(" + "|".join(_VERB_TOLL) + r")\s+\Z", re.I)
#: What must follow the figure for it to count people: a people noun, or the end of the
#: phrase ("Shoots 4 In Bar"), not a measure ("Shoots 3 Times").
_PEOPLE_AFTER = re.compile(
    r"(\s+(?:people|persons|men|women|teens|children|kids|others)\b"
    r"|(?=\s*(?:$|[,;:.!?]|\s-|\s+(?:in|at|on|outside|near|inside|during|after)\b)))",
    re.I,
)


def headline_counts(text: str) -> list[tuple[Count, bool]]:
    """The toll a headline gives in the terse form headlines use and the parser reads
    poorly ("1 Dead, 6 Hurt", "6 shot at Easter party", "4 shot, 1 fatally"): each count
    with whether it counts people shot (injured unless told dead). The headline is the
    text's first line, when it is a short line; none for a round-up of many incidents."""
    line = text.split("\n", 1)[0]
    if len(line) > 160 or _ROUNDUP.search(line):
        return []
    out: list[tuple[Count, bool]] = []
    i = 0
    while i < len(line):
        if (i and line[i - 1].isalnum()) or not line[i].isalnum():
            i += 1
            continue
        found = match_quantity(line, i)
        if found is None or found.start != i:
            i += 1
            continue
        toll = (
            _TOLL_WORD.match(line, found.end + 1)
            if line[found.end : found.end + 1] == " "
            else None
        )
        q = found.quantity
        verb = _VERB_BEFORE.search(line, 0, found.start) if toll is None else None
        people = _PEOPLE_AFTER.match(line, found.end) if verb is not None else None
        if (toll is None and people is None) or q.best is None:
            i = found.end
            continue
        if toll is not None:
            word, start, end = toll.group(1).lower(), found.start, toll.end()
        else:
            # "Gunman Shoots 4 People": the verb before the figure says what befell them.
            assert verb is not None and people is not None
            word, start, end = _VERB_TOLL[verb.group(1).lower()], verb.start(1), people.end(1)
        category = _HEADLINE_TOLL[word]
        # "Teen killed, 6 others shot": people shot besides the dead are the injured.
        besides = toll is not None and toll.group(0).split()[0].lower() in _BESIDES
        span = to_span(start, end, text)
        count = Count(
            category=category or CountCategory.injured,
            low=q.low,
            best=q.best,
            high=q.high,
            text=span.text,
            spans=[span],
            confidence=0.6,
        )
        out.append((count, category is None and not besides))
        i = end
    one = _one_person_toll(line, text)
    if one is not None and all(c.category != one[0].category for c, _ in out):
        out.append(one)  # "Woman killed, 3 hurt": the one the figures leave out
    return out
