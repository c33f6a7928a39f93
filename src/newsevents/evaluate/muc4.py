"""MUC-4 evaluation: our events as MUC-4 templates, scored with the GTT and GRIT metrics.

``run`` reads ``DATA/gtt/SPLIT.json`` (or ``DATA/SPLIT.json``) in the processed GTT format,
extracts events from each document's text, maps them onto MUC-4 templates with
:func:`events_to_templates` and scores them with the template metric of GTT (Du et al.,
NAACL 2021) and the entity metric of GRIT (Du et al., EACL 2021).

The processed texts have no header. When the original MUC texts are present under
``DATA/raw/``, their datelines ("SAN SALVADOR, 3 JAN 90 (ACAN-EFE) --") give each document
a publication date and an outlet, so that "today" resolves and old incidents can be told
apart; without them the publication date is unknown.

The adapter follows the MUC-4 task definition (``taskdoc/template-doc-part1``): only violent
incidents reported as fact and recent (within two months of the article) make a template,
whether accomplished, attempted or threatened (the "stage of execution" slot); arrests,
verbal threats, pledges and clashes between armed forces and rebels do not. Fillers are
written the way the answer keys write them: short noun phrases from the text without
determiners, numbers or relative clauses; victims are people's names without their titles.
The word lists the adapter needs are specific to this benchmark's answer keys, so they live
here rather than in the extractor's data files.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from newsevents.errors import InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport
from newsevents.evaluate.scorers.muc4_grit import extracts_from_templates, score_grit
from newsevents.evaluate.scorers.muc4_gtt import (
    ROLES,
    GoldDocument,
    Template,
    gold_templates,
    gtt_docid,
    normalize_string,
    read_gtt,
    score_gtt,
)
from newsevents.model import ActorKind, Article, Event, Modality, Role, RoleType

__all__ = [
    "Dateline",
    "clean_filler",
    "event_template",
    "events_to_templates",
    "incident_type",
    "is_relevant",
    "merge_templates",
    "parse_dateline",
    "read_datelines",
    "run",
    "sample_documents",
    "write_predictions",
]

DATASET = "muc4"

# An incident is "recent" when it happened within two months of the article (task
# definition 1.0, point 6).
RECENT_DAYS = 62
# Events typed from weak evidence only are left out. A lone "attack" or "death" (0.6) is kept:
# the keys count such incidents, and the incident model weeds out the lone "offensive".
MIN_TYPE_CONFIDENCE = 0.6
# Records the incident model (``Event.confidence``) finds unlikely to be real incidents are
# mostly figurative, generic or background mentions, which the keys leave out. The bar is
# lower than the product's default: the keys also count small incidents told in passing.
MIN_INCIDENT_CONFIDENCE = 0.4

# fmt: off
# --- incident types: words of our triggers (lower case, matched as substrings) -------------
_ARSON_WORDS = ("burn", "torch", "arson", "fire", "ablaze", "incendiar")
_ROBBERY_WORDS = ("loot", "rob", "steal", "stole", "theft", "hold-up", "holdup")
_STOPPAGE_WORDS = ("armed strike", "work stoppage", "stoppage")
_BOMB_MODES = frozenset({"explosives", "suicide-attack"})
# Words of a threatened kidnapping or bombing (a threat's record has no mode of the act).
_KIDNAP_WORDS = ("kidnap", "abduct", "hostage")
_BOMB_WORDS = ("bomb", "explosi", "dynamite", "blow up")
# Shelling and air raids are acts of war unless they hit civilians.
_WAR_MODES = frozenset({"heavy-weapons", "aerial", "drone"})
# MUC-4 records attempted and threatened attacks as well as accomplished ones (the stage of
# execution slot), so a planned, threatened or plotted ("a plot to murder him") attack makes
# a template; only one the text denies or says did not happen does not. Rumours and
# discredited stories are left to the incident model (``MIN_INCIDENT_CONFIDENCE``).
_FACTUAL = frozenset(
    {
        Modality.asserted,
        Modality.claimed,
        Modality.alleged,
        Modality.suspected,
        Modality.threatened,
        Modality.planned,
        Modality.hypothetical,
    }
)

# --- fillers ---------------------------------------------------------------------------------
# Words in front of a noun phrase that the answer keys leave out.
_LEADING_WORDS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "some", "several", "many", "its",
    "their", "his", "her", "our", "other", "another", "various", "certain", "both", "all",
    "each", "any", "alleged", "presumed", "suspected", "so-called", "self-styled",
    "presumably", "reportedly", "yesterday", "today", "tonight", "at", "least", "such",
    "than", "or", "and",
})
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "dozen", "dozens", "hundreds", "thousands", "few", "more",
    "most", "about", "approximately", "nearly", "almost", "over",
})
# Heads that name a place or a circumstance, not a physical target.
_NON_TARGETS = frozenset({
    "area", "areas", "zone", "zones", "region", "street", "streets", "avenue", "corner",
    "neighborhood", "neighborhoods", "town", "towns", "city", "village", "department",
    "province", "country", "territory", "place", "site", "sites", "position", "positions",
    "front", "occasion", "action", "actions", "situation", "way", "time", "case", "incident",
    "bodies", "body", "life", "lives", "population", "people", "instructions",
})
# Heads of phrases that name an organisation ("army of national liberation", "government").
_ORG_HEADS = frozenset({
    "army", "front", "movement", "forces", "command", "party", "cartel", "alliance",
    "organization", "organisation", "union", "battalion", "brigade", "government", "mafia",
    "mafias", "regime", "guard", "police", "military", "extraditables", "liberation", "path",
    "council", "detachment", "federation", "committee",
})
# Titles and offices in front of a person's name ("colonel", "archbishop", "dr").
_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "doctor", "msgr", "monsignor", "father", "fr", "sister",
    "archbishop", "bishop", "cardinal", "rev", "reverend", "priest", "jesuit", "president",
    "vice", "president-elect", "former", "late", "acting", "general", "gen", "colonel", "col",
    "lieutenant", "lt", "captain", "capt", "major", "maj", "sergeant", "sgt", "corporal",
    "cpl", "commander", "admiral", "adm", "private", "minister", "deputy", "senator", "sen",
    "congressman", "representative", "mayor", "governor", "judge", "justice", "attorney",
    "prosecutor", "ambassador", "consul", "councilman", "councilor", "candidate", "leader",
    "chief", "director", "secretary", "chairman", "spokesman", "engineer", "professor",
    "prof", "journalist", "reporter", "newsman", "businessman", "industrialist", "rancher",
    "peasant", "student", "citizen", "retired",
    # Occupations and nationalities the texts put in front of a name ("inspector eulogio
    # flores", "jesuits ignacio ellacuria", "italian dino rossy").
    "inspector", "officer", "agent", "guard", "reporters", "photographer", "correspondent",
    "cameraman", "actor", "cattleman", "teacher", "lawyer", "economist", "magistrate", "rector",
    "announcer", "politician", "activist", "unionist", "banker", "landowner", "farmer",
    "worker", "nun", "priests", "jesuits", "leaders", "brothers", "engineers", "spaniard",
    "frenchman", "italian", "american", "dutch",
})
# fmt: on

# Heads of phrases that name the people who act, not their organisation.
_PEOPLE_HEADS = frozenset({
    "guerrilla", "guerrillas", "rebel", "rebels", "terrorist", "terrorists", "insurgent",
    "insurgents", "subversive", "subversives", "extremist", "extremists", "commando",
    "commandos", "gunmen", "gunman", "men", "soldiers", "troops", "militiamen", "members",
})  # fmt: skip
# Heads that name people only through what they belong to ("members of the fmln").
_MEMBER_WORDS = frozenset({"member", "members"})
_PREPOSITIONS = frozenset({"of", "in", "on", "at", "from", "by", "for", "with", "to"})
# Where a post-modifying clause starts: the keys keep the head phrase only.
_CLAUSE_START = re.compile(
    r"\s*(?:,|\(|--| who\b| whom\b| which\b| whose\b| where\b| when\b| after\b| while\b"
    r"| as\b| because\b| located\b| carrying\b| belonging\b| including\b)"
)
_POSSESSIVE = re.compile(r"\s*'s?$")
_VERB_FORM = re.compile(r"(?:ed|ing)$")
_CAPITALISED_RUN = re.compile(r"(?:\b[A-Z][a-z]+(?:[-'][A-Za-z]+)?\b\s?){2,6}")
# Instrument categories that the keys do not list as weapons (aircraft carry them).
_NON_WEAPON_CATEGORIES = frozenset({"aerial", "drone"})
# Roles whose fillers identify an incident when two events share them.
_IDENTIFYING_ROLES = ("Target", "Victim")
# Human kinds; a target of another kind is a physical target.
_HUMAN_KINDS = frozenset(
    {
        ActorKind.person,
        ActorKind.civilians,
        ActorKind.military,
        ActorKind.police,
        ActorKind.government,
        ActorKind.religious,
        ActorKind.media,
        ActorKind.party,
        ActorKind.armed_group,
    }
)
# Targets that make an incident guerrilla warfare rather than terrorism when they are the
# only ones (task definition 1.0, point 1).
_FORCES = frozenset({ActorKind.military, ActorKind.police, ActorKind.armed_group})
_ORG_KINDS = frozenset(
    {
        ActorKind.state,
        ActorKind.military,
        ActorKind.police,
        ActorKind.government,
        ActorKind.armed_group,
        ActorKind.party,
    }
)
_AGENT_ROLES = (RoleType.perpetrator, RoleType.claimant)
_PATIENT_ROLES = (RoleType.target, RoleType.victim)


# --- datelines of the original texts -------------------------------------------------------


@dataclass(frozen=True)
class Dateline:
    """What the header of an original MUC text says: publication date and outlet."""

    published: dt.date | None
    outlet: str | None


_DOCID_LINE = re.compile(r"^([A-Z]+\d*-MUC\d-\d{4})\b", re.MULTILINE)
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DATE_DMY = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r")[A-Z]* (\d{2})\b")
_DATE_MDY = re.compile(r"\b(" + "|".join(_MONTHS) + r")[A-Z]* (\d{1,2}),? (\d{2})\b")
_OUTLET = re.compile(r"\(([^()]{2,40})\)\s*$")


def parse_dateline(header: str) -> Dateline:
    """Parse the part of a MUC header before "--": "CITY, 3 JAN 90 (AGENCY)"."""
    day, month, year = 0, "", 0
    if match := _DATE_DMY.search(header):
        day, month, year = int(match.group(1)), match.group(2), int(match.group(3))
    elif match := _DATE_MDY.search(header):
        day, month, year = int(match.group(2)), match.group(1), int(match.group(3))
    published = None
    if month:
        try:
            published = dt.date(1900 + year, _MONTHS.index(month) + 1, day)
        except ValueError:
            published = None
    outlet = _OUTLET.search(header.strip())
    return Dateline(published, outlet.group(1).strip() if outlet else None)


def read_datelines(data: Path) -> dict[str, Dateline]:
    """Datelines of the original MUC texts under ``data/raw`` (empty when there are none)."""
    raw = data / "raw"
    out: dict[str, Dateline] = {}
    if not raw.is_dir():
        return out
    for path in sorted(raw.rglob("*")):
        if not path.is_file() or path.name.startswith(("key-", "README")):
            continue
        text = path.read_text(encoding="latin-1")
        starts = list(_DOCID_LINE.finditer(text))
        for k, match in enumerate(starts):
            end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
            head = text[match.end() : end][:400]
            if "--" in head:
                out[match.group(1)] = parse_dateline(head.split("--", 1)[0])
    return out


# --- which events are MUC-4 incidents ------------------------------------------------------


def incident_type(event: Event) -> str | None:
    """The MUC-4 incident type of one of our events, or None when it has none. A threat of
    violence is the threatened attack (the stage of execution "threatened"), typed by its
    words: the record keeps no mode of the act it threatens."""
    threat = event.event_type == "THREATEN" and event.mode == "violence"
    if event.event_type != "ASSAULT" and not threat:
        return None
    words = " ".join(t.text.lower() for t in event.triggers)
    if any(w in words for w in _STOPPAGE_WORDS):
        return "forced work stoppage"
    if event.mode == "abduct" or (threat and any(w in words for w in _KIDNAP_WORDS)):
        return "kidnapping"
    if event.mode in _BOMB_MODES or (threat and any(w in words for w in _BOMB_WORDS)):
        return "bombing"
    if event.mode == "destroy":
        if any(w in words for w in _ARSON_WORDS):
            return "arson"
        if any(w in words for w in _ROBBERY_WORDS):
            return "robbery"
    if any(i.category == "explosives" for i in event.instruments):
        return "bombing"
    return "attack"


def _is_recent(event: Event, published: dt.date | None) -> bool:
    """False for an incident that a time expression dates two months before the article."""
    if published is None or event.time is None or event.time.text is None:
        return True
    return event.time.end >= published - dt.timedelta(days=RECENT_DAYS)


def _only_forces_targeted(event: Event) -> bool:
    hit = [r for r in event.roles if r.role in _PATIENT_ROLES]
    return bool(hit) and all(r.kind in _FORCES for r in hit)


def _is_war_action(event: Event) -> bool:
    if event.mode not in _WAR_MODES:
        return False
    hit = [r for r in event.roles if r.role in _PATIENT_ROLES]
    return not hit or all(r.kind in _FORCES for r in hit)


def _has_substance(event: Event) -> bool:
    """A lone mention with no participant and no weapon is rarely an incident."""
    return bool(event.roles or event.instruments or len(event.triggers) > 1)


def is_relevant(event: Event, published: dt.date | None) -> bool:
    """Whether an event is a MUC-4 incident: violent, reported as fact, real, recent, terrorist.

    Attacks on armed forces or rebels only, and shelling or air raids without a civilian
    target, are guerrilla warfare, which the task leaves out.
    """
    return (
        incident_type(event) is not None
        and event.modality in _FACTUAL
        and event.type_confidence >= MIN_TYPE_CONFIDENCE
        and event.confidence >= MIN_INCIDENT_CONFIDENCE
        and _is_recent(event, published)
        and not _only_forces_targeted(event)
        and not _is_war_action(event)
        and _has_substance(event)
    )


# --- fillers -------------------------------------------------------------------------------


def clean_filler(text: str) -> str:
    """A noun phrase as the keys write it.

    No determiner, number or quantifier in front, no post-modifying clause, no possessive
    ending; a cut that would leave a dangling preposition is not made.
    """
    phrase = " ".join(text.split())
    cut = _CLAUSE_START.search(phrase)
    if cut and cut.start() > 0:
        head = phrase[: cut.start()]
        if head.split()[-1].lower() not in _PREPOSITIONS:
            phrase = head
    phrase = _POSSESSIVE.sub("", phrase)
    words = phrase.split()
    while len(words) > 1 and (words[0].lower() in _LEADING_WORDS or _is_number(words[0])):
        words = words[1:]
    return " ".join(words).strip(" ,.;:'\"")


def _is_number(word: str) -> bool:
    low = word.lower().strip(",")
    return low in _NUMBER_WORDS or low.replace(",", "").replace(".", "").isdigit()


def _title_free(name: str) -> str:
    """A person's name, lower case, without a possessive ending and without the words up to
    its last title ("social democratic leader hector oqueli" -> "hector oqueli")."""
    words = _POSSESSIVE.sub("", name).lower().split()
    titles = [i for i, w in enumerate(words[:-1]) if w.strip(".") in _TITLES]
    if titles:
        words = words[titles[-1] + 1 :]
    return " ".join(words)


def _is_named_person(role: Role) -> bool:
    # The extractor gives a person named in the text a stable "unk_" id.
    return role.kind == ActorKind.person and (role.actor_id or "").startswith("unk_")


def _is_organisation(role: Role) -> bool:
    return role.kind in _ORG_KINDS and role.actor_id is not None and not _is_named_person(role)


def _is_known_organisation(role: Role) -> bool:
    known = role.actor_id is not None and not role.actor_id.startswith("unk_")
    return known and role.kind in _ORG_KINDS


def _org_head(filler: str) -> bool:
    """A phrase headed by an organisation noun ("army of national liberation")."""
    low = filler.lower()
    if " of " in low:
        # "members of the liberation front" names people; "army of national liberation"
        # an organisation: the word before "of" is the head.
        return low.split(" of ")[0].split()[-1] in _ORG_HEADS
    return low.split()[-1] in _ORG_HEADS


@dataclass(frozen=True)
class _Article:
    """What the whole article says that one event's template needs."""

    people: tuple[str, ...]
    organisations: tuple[str, ...]
    event_words: frozenset[str]
    text: str = ""
    # Names as the text writes them (capitalised runs after their last title).
    names: frozenset[str] = frozenset()

    def full_name(self, name: str) -> str:
        """The longest name in the article that ends with ``name`` ("galan" -> "luis carlos
        galan"), or that a name of two words or more begins (the second surname: "bernardo
        jaramillo" -> "bernardo jaramillo ossa"): the keys give a person's fullest name."""
        words = name.split()
        best = name
        for other in self.people:
            other_words = other.split()
            if len(other_words) > len(best.split()) and other_words[-len(words) :] == words:
                best = other
        best_words = best.split()
        for other in self.people:
            other_words = other.split()
            longer = len(other_words) > len(best_words) >= 2
            if longer and other_words[: len(best_words)] == best_words:
                best, best_words = other, other_words
        return best

    def name_in(self, phrase: str) -> str | None:
        """The name a phrase ends with, as the text writes it, with the words before it left
        out ("guatemalan political leader gilda flores" -> "gilda flores"); None when the
        phrase ends with no name of two words or more that the text gives."""
        words = _POSSESSIVE.sub("", clean_filler(phrase)).lower().split()
        for start in range(max(len(words) - 1, 0)):
            candidate = " ".join(words[start:])
            if candidate in self.names:
                return candidate
        return None


def _names_in(text: str) -> list[str]:
    """Runs of capitalised words of the truecased text, after their last title."""
    from newsevents.nlp.truecase import maybe_truecase

    cased, _ = maybe_truecase(text)
    names = []
    for match in _CAPITALISED_RUN.finditer(cased):
        words = match.group(0).lower().split()
        titles = [i for i, w in enumerate(words) if w.strip(".") in _TITLES]
        name = words[titles[-1] + 1 :] if titles else words
        if len(name) >= 2:
            names.append(" ".join(name))
    return names


def _article(events: Sequence[Event], text: str) -> _Article:
    people = _names_in(text) if text else []
    names = frozenset(people)
    # One filler per organisation (by identity), so "fmln" and its full name count once.
    organisations: dict[str, str] = {}
    words: set[str] = set()
    bare = _Article((), (), frozenset(), text)
    for ev in events:
        words.update(t.text.lower() for t in ev.triggers)
        for role in ev.roles:
            if _is_named_person(role):
                people.append(_title_free(role.name))
            elif role.role in (*_AGENT_ROLES, RoleType.actor) and _is_known_organisation(role):
                organisations.setdefault(role.actor_id or "", _organisation_filler(role, text))
            if role.role in _AGENT_ROLES and role.affiliation_id:
                affiliation = _affiliation_filler(role, bare)
                if affiliation is not None:
                    organisations.setdefault(role.affiliation_id, affiliation)
        for claim in ev.claims:
            if claim.stance == "claimed" and claim.actor_id:
                organisations.setdefault(claim.actor_id, clean_filler(claim.claimant_text))
    orgs = tuple(_dedup(organisations.values()))
    return _Article(tuple(people), orgs, frozenset(words), text, names)


def _organisation_filler(role: Role, text: str) -> str:
    """A known organisation's filler: its words, or for people resolved to it ("fmln
    guerrillas") the organisation's name as the text writes it."""
    filler = clean_filler(role.text)
    if _names_people(filler):
        return _organisation_name(role.actor_id, role.text, text) or filler
    return filler


def _names_a_participant(filler: str, article: _Article) -> bool:
    """Fillers headed by an event word ("the attack", "bomb explosion") name no one."""
    words = filler.lower().split()
    return (
        bool(words) and any(ch.isalpha() for ch in filler) and words[-1] not in article.event_words
    )


def _affiliation_filler(role: Role, article: _Article) -> str | None:
    """The organisation a perpetrator belongs to ("farc members", "guerrillas of the FMLN"),
    as the text writes it: the name of the known organisation found in the role's own words,
    else in the article, else its canonical name."""
    return _organisation_name(role.affiliation_id, role.text, article.text)


def _organisation_name(actor_id: str | None, words: str, text: str) -> str | None:
    """The name of a known organisation as the text writes it: the one found in ``words``,
    else in the article's ``text``, else its canonical name; None for an unknown actor or
    one that is no organisation."""
    if not actor_id or actor_id.startswith("unk_"):
        return None
    from newsevents.resolve.actors import load_kb

    kb = load_kb()
    if actor_id not in kb:
        return None
    actor = kb.get(actor_id)
    if actor.kind not in _ORG_KINDS:
        return None
    # Aliases for the organisation's people ("fmln guerrillas") name no organisation.
    names = sorted(
        (n for n in {actor.name, *actor.aliases, *actor.exact_aliases} if not _names_people(n)),
        key=len,
        reverse=True,
    )
    for scope in (words.lower(), text.lower()):
        for name in names:
            if re.search(rf"\b{re.escape(name.lower())}\b", scope):
                return name.lower()
    return actor.name.lower()


def _agent_fillers(role: Role, event: Event, article: _Article, out: dict[str, list[str]]) -> None:
    affiliation = _affiliation_filler(role, article)
    if affiliation is not None:
        out["PerpOrg"].append(affiliation)
    filler = clean_filler(role.text)
    if _POSSESSIVE.search(role.text):
        # "Galan's murder": the possessor of a killing noun is the one killed.
        if _is_named_person(role):
            out["Victim"].append(article.full_name(_title_free(role.name)))
    elif any(i.text.lower() in filler.lower() for i in event.instruments):
        return  # "the dynamite charge killed ...": a weapon, not a perpetrator
    elif _names_people(filler):
        # "fmln guerrillas", "shining path terrorists": people; the organisation they were
        # resolved to is the perpetrating organisation.
        out["PerpInd"].append(filler)
        if affiliation is None and _is_known_organisation(role):
            organisation = _organisation_name(role.actor_id, role.text, article.text)
            if organisation is not None:
                out["PerpOrg"].append(organisation)
    elif _is_organisation(role) or (not _is_named_person(role) and _org_head(filler)):
        out["PerpOrg"].append(filler)
    elif (split := _members_of(filler)) is not None:
        out["PerpInd"].append(split[0])
        out["PerpOrg"].append(split[1])
    else:
        out["PerpInd"].append(filler)


def _names_people(filler: str) -> bool:
    """A phrase headed by a noun for people who act ("guerrillas", "urban commandos")."""
    words = filler.lower().split()
    return " of " not in f" {filler.lower()} " and bool(words) and words[-1] in _PEOPLE_HEADS


def _members_of(filler: str) -> tuple[str, str] | None:
    """People and the organisation they belong to, from "terrorists of the fmln front".

    The keys give the people ("terrorists") as individual perpetrators and the organisation
    as the perpetrating organisation; only a tail headed by an organisation noun is split
    off, so "members of the crowd" stays whole. "Members of ..." is kept whole too: the
    keys write it so, "members" alone names no one.
    """
    head, sep, tail = filler.partition(" of ")
    if not sep or not head or not tail or head.lower().split()[-1] in _MEMBER_WORDS:
        return None
    organisation = clean_filler(tail)
    if not organisation or organisation.lower().split()[-1] not in _ORG_HEADS:
        return None
    return head, organisation


def _is_unkinded_name(role: Role, article: _Article) -> bool:
    """A participant of no known kind whose words end with a person's name in the text
    ("jeffrey brent ball"): the extractor gave it an id but could not tell its kind."""
    named = (role.actor_id or "").startswith("unk_") and role.kind == ActorKind.unknown
    if not named or _org_head(clean_filler(role.text) or role.text):
        return False
    return article.name_in(role.text) is not None


def _listed_with(victims: Sequence[str], event: Event, article: _Article) -> list[str]:
    """People the event's sentences list together with a named victim ("three journalists:
    robnerto navas, a reuter photographer, coronel lagrow and mauricio pineda"): the
    extractor keeps one person of such a list, the keys every one."""
    if not victims or not article.text:
        return []
    text = article.text.lower()
    found: list[str] = []
    for sentence in event.sentences:
        chunk = text[sentence.start : sentence.end]
        spans = sorted(
            (m.start(), m.end(), name)
            for name in article.names
            if _may_be_person(name, event)
            for m in re.finditer(rf"\b{re.escape(name)}\b", chunk)
        )
        linked = {v.lower() for v in victims}
        # Names in text order; a name joins when the words between it and a linked neighbour
        # are a list separator. Two passes let the link run both ways along the list.
        for _ in range(2):
            for (_, e1, a), (s2, _, b) in pairwise(spans):
                if e1 <= s2 and _is_list_gap(chunk[e1:s2]) and (a in linked) != (b in linked):
                    new = b if a in linked else a
                    linked.add(new)
                    found.append(new)
    return found


def _may_be_person(name: str, event: Event) -> bool:
    """A capitalised run that can be a person's name: two words or more, none of them a
    function word ("in tibu", "the colombian"), not an organisation or a place of the event."""
    words = name.split()
    if len(words) < 2 or words[-1] in _ORG_HEADS:
        return False
    if any(w in _LEADING_WORDS or w in _PREPOSITIONS for w in words):
        return False
    return all(name != place.text.lower() for place in event.places)


# Between two names of a list: a comma or "and", after an apposition ("a reuter photographer,")
# and before a title ("colonel").
_LIST_GAP = re.compile(
    r"^\s*(?:,|,?\s+and)\s+(?:(?:an?|the)\s[^,;:.()]{1,60},\s+(?:and\s+)?)?(?P<title>(?:[a-z'-]+\s+){0,4})$"
)


def _is_list_gap(gap: str) -> bool:
    match = _LIST_GAP.match(gap)
    if match is None:
        return False
    title = match.group("title").split()
    return not title or title[-1].strip(".") in _TITLES


def _fillers(event: Event, article: _Article) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {slot: [] for slot in ROLES}
    for role in event.roles:
        if role.role in _AGENT_ROLES:
            _agent_fillers(role, event, article, out)
        elif role.role in _PATIENT_ROLES:
            if _is_named_person(role) or _is_unkinded_name(role, article):
                out["Victim"].append(article.full_name(_title_free(role.name)))
            elif role.role == RoleType.target and role.kind not in _HUMAN_KINDS:
                target = clean_filler(role.text)
                if target and target.lower().split()[-1] not in _NON_TARGETS:
                    out["Target"].append(target)
    for claim in event.claims:
        # MUC-4 counts a claim of responsibility as naming the perpetrating organisation.
        if claim.stance == "claimed":
            out["PerpOrg"].append(clean_filler(claim.claimant_text))
    for inst in event.instruments:
        if inst.category not in _NON_WEAPON_CATEGORIES and not _VERB_FORM.search(inst.text):
            out["Weapon"].append(clean_filler(inst.text))
    for slot in ("PerpInd", "PerpOrg", "Target"):
        out[slot] = [f for f in out[slot] if _names_a_participant(f, article)]
    out["Victim"].extend(_listed_with(out["Victim"], event, article))
    # The keys give victims' full names. A single word is a surname the article never
    # completes or a group or place read as a person ("fenastras"), and a place of the
    # event is no victim.
    places = {p.text.lower() for p in event.places} | {(p.name or "").lower() for p in event.places}
    out["Victim"] = [v for v in out["Victim"] if len(v.split()) >= 2 and v not in places]
    if not out["PerpOrg"] and len(article.organisations) == 1:
        # The keys name the organisation behind an incident when the article's events name
        # a single one, whether or not the sentence of the incident names its doers ("a bomb
        # exploded ..." in an article on an FMLN campaign).
        out["PerpOrg"] = list(article.organisations)
    return out


def _dedup(values: Iterable[str]) -> list[str]:
    """Values with distinct normalised forms, in order."""
    seen: dict[str, str] = {}
    for value in values:
        key = normalize_string(value)
        if key and key not in seen:
            seen[key] = value
    return list(seen.values())


def event_template(event: Event, text: str = "") -> Template | None:
    """The MUC-4 template of one event, with one mention per entity as GTT predicts them.

    ``text`` (the article's text) lets victims' names be completed from the article.
    """
    return _event_template(event, _article([event], text))


def _event_template(event: Event, article: _Article) -> Template | None:
    itype = incident_type(event)
    if itype is None:
        return None
    fillers = _fillers(event, article)
    return Template.build(itype, {slot: [[v] for v in _dedup(fillers[slot])] for slot in ROLES})


def _union(templates: Sequence[Template]) -> Template:
    slots: dict[str, list[str]] = {slot: [] for slot in ROLES}
    for tpl in templates:
        for slot in ROLES:
            slots[slot].extend(ent[0] for ent in tpl.entities(slot))
    return Template.build(
        templates[0].incident_type, {s: [[v] for v in _dedup(vals)] for s, vals in slots.items()}
    )


def merge_templates(templates: Sequence[Template]) -> list[Template]:
    """Merge the templates of events that report the same incident.

    Two templates of the same type are one incident when they share a target or a victim
    (several mentions of one attack); a template without target and victim joins the first
    one of its type. Different targets stay apart: the keys make one template per incident.
    """
    groups: list[tuple[str, set[tuple[str, str]], list[Template]]] = []
    for tpl in templates:
        keys = {(r, normalize_string(e[0])) for r in _IDENTIFYING_ROLES for e in tpl.entities(r)}
        for itype, seen, members in groups:
            if itype == tpl.incident_type and (keys & seen or not keys):
                seen.update(keys)
                members.append(tpl)
                break
        else:
            groups.append((tpl.incident_type, keys, [tpl]))
    return [_union(members) for _, _, members in groups]


def events_to_templates(
    events: Sequence[Event], text: str, published: dt.date | None
) -> list[Template]:
    """The MUC-4 templates of an article's events (``text`` is the article's text)."""
    article = _article(events, text)
    templates = [
        tpl
        for ev in events
        if is_relevant(ev, published) and (tpl := _event_template(ev, article)) is not None
    ]
    return merge_templates(templates)


# --- running an evaluation -----------------------------------------------------------------


def _split_file(data: Path, split: str) -> Path:
    for candidate in (data / "gtt" / f"{split}.json", data / f"{split}.json"):
        if candidate.is_file():
            return candidate
    raise NewsEventsError(
        f"no MUC-4 split {split!r}: expected {data / 'gtt' / f'{split}.json'} "
        f"(or {data / f'{split}.json'}) in the processed GTT format"
    )


def sample_documents(
    docs: Sequence[GoldDocument], limit: int | None, seed: int
) -> list[GoldDocument]:
    """A seeded random sample of ``limit`` documents, in file order (all when no limit).

    The GTT files list documents in corpus order (TST1 then TST2), so the first N would all
    come from one test set; a seeded sample is representative.
    """
    if limit is None or limit >= len(docs):
        return list(docs)
    keep = set(random.Random(seed).sample(range(len(docs)), max(limit, 0)))
    return [doc for i, doc in enumerate(docs) if i in keep]


def write_predictions(
    path: Path,
    docs: Sequence[GoldDocument],
    preds: dict[str, list[Template]],
    golds: dict[str, list[Template]],
) -> None:
    """Write the file GTT's ``eval.py --pred_file`` reads.

    Keys are GTT's document numbers ("TST1-MUC3-0001" -> "10001"); each holds
    "pred_templates" and "gold_templates" (role -> list of entities, each a list of
    mentions), the text, and the "pred_extracts" that GRIT's ``eval.py`` reads.
    """
    out = {}
    for doc in docs:
        pred = preds[doc.docid]
        out[gtt_docid(doc.docid)] = {
            "doctext": doc.text,
            "pred_templates": [t.to_json() for t in pred],
            "gold_templates": [t.to_json() for t in golds[doc.docid]],
            "pred_extracts": {
                role: [list(e) for e in ents]
                for role, ents in extracts_from_templates(pred).items()
            },
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


def _articles(docs: Sequence[GoldDocument], data: Path) -> list[Article | None]:
    from newsevents.ingest import read_text

    datelines = read_datelines(data)
    out: list[Article | None] = []
    for doc in docs:
        line = datelines.get(doc.docid, Dateline(None, None))
        try:
            out.append(read_text(doc.text, published=line.published, outlet=line.outlet))
        except InputError:
            out.append(None)  # an empty text has no events
    return out


def run(options: EvalOptions) -> EvalReport:
    """Extract, map and score one split; ``limit`` takes a seeded random sample."""
    started = time.perf_counter()
    path = _split_file(options.data, options.split)
    docs = sample_documents(read_gtt(path), options.limit, options.seed)
    from newsevents.extract.article import extract_many  # loads the NLP pipeline

    articles = _articles(docs, options.data)
    results = iter(extract_many(a for a in articles if a is not None))
    preds: dict[str, list[Template]] = {}
    golds: dict[str, list[Template]] = {}
    n_events = 0
    for doc, art in zip(docs, articles, strict=True):
        golds[doc.docid] = gold_templates(doc)
        if art is None:
            preds[doc.docid] = []
            continue
        events = next(results).events
        n_events += len(events)
        preds[doc.docid] = events_to_templates(events, art.text, art.published)
    gtt = score_gtt(preds, golds)
    grit = score_grit(
        {d: extracts_from_templates(t) for d, t in preds.items()},
        {d: extracts_from_templates(t) for d, t in golds.items()},
    )
    if options.predictions_out is not None:
        write_predictions(options.predictions_out, docs, preds, golds)
    scores = {
        "template_p": 100 * gtt.micro.precision,
        "template_r": 100 * gtt.micro.recall,
        "template_f1": 100 * gtt.micro.f1,
        "incident_type_f1": 100 * gtt.counts["incident_type"].f1,
    }
    scores.update({f"template_{r.lower()}_f1": 100 * gtt.counts[r].f1 for r in ROLES})
    scores.update(
        {
            "entity_p": 100 * grit.micro.precision,
            "entity_r": 100 * grit.micro.recall,
            "entity_f1": 100 * grit.micro.f1,
        }
    )
    scores.update({f"entity_{r.lower()}_f1": 100 * grit.counts[r].f1 for r in ROLES})
    details = {
        "file": str(path),
        "sample": "all" if options.limit is None else f"seeded sample (seed {options.seed})",
        "n_gold_templates": sum(len(t) for t in golds.values()),
        "n_pred_templates": sum(len(t) for t in preds.values()),
        "n_docs_with_gold": sum(1 for t in golds.values() if t),
        "n_docs_with_pred": sum(1 for t in preds.values() if t),
        "n_events": n_events,
        "n_docs_dated": sum(1 for a in articles if a is not None and a.published is not None),
        "template_counts": {k: vars(c) for k, c in {**gtt.counts, "micro": gtt.micro}.items()},
        "entity_counts": {k: vars(c) for k, c in {**grit.counts, "micro": grit.micro}.items()},
    }
    return EvalReport(
        dataset=DATASET,
        split=options.split,
        n_docs=len(docs),
        scores=scores,
        details=details,
        seconds=time.perf_counter() - started,
    )
