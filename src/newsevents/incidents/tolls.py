"""Counts an article states about an incident outside the incident's own mentions.

A shooting's toll is often completed by sentences that make no event of their own: "No one
is in custody", "no one else was hurt", a suspect "arrested in the shooting" (an arrest
event of its own, whose count the shooting also records), a headline's "6 shot". Each such
statement is tied to the incident it goes on about: one told in the same sentence, else the
nearest one told before it, else (for a headline) the first one told after it. Only single,
real incidents take them: never a sum over many incidents, nor a threat or a denial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.extract.counts import (
    REFLEXIVES,
    add_counts,
    among_those_told,
    merge_counts,
    one_person,
    roundup_headline,
    succumbed,
)
from newsevents.extract.evidence import is_people
from newsevents.extract.merge import Group, MentionInfo
from newsevents.extract.syntax import is_plural, token_span
from newsevents.extract.words import WORDS
from newsevents.model import Count, CountCategory, Modality

_REALIS = frozenset({Modality.asserted, Modality.claimed, Modality.alleged, Modality.suspected})
#: How many sentences after a statement the incident it names may first be told (a
#: headline's toll, then the lead that tells the incident).
_AHEAD = 3


@dataclass(frozen=True)
class StatedCount:
    """A count stated in sentence ``sent_index``; ``hit`` when it counts people hit by a
    weapon, who are injured unless told dead."""

    sent_index: int
    count: Count
    hit: bool = False
    # An arrest for an act may be told before the act itself ("police have made an arrest
    # in Saturday's shooting"): it goes to the next incident told, however far below.
    forward: bool = False
    # The fate of people hit ("John Smith was pronounced dead"): only an incident in which
    # people were hit takes it, and only one told shortly before.
    fate: bool = False


def _single_real(group: Group) -> bool:
    first = group.mentions[0]
    return first.modality in _REALIS and not any(mi.mention.aggregate for mi in group.mentions)


def _takes(group: Group) -> bool:
    """Whether the group is an incident whose toll a statement may complete: a single, real
    act of violence."""
    return group.event_type == "ASSAULT" and _single_real(group)


def _fate_target(eligible: list[Group], sent_index: int) -> Group | None:
    """The incident whose people hit a bare statement of a death goes on about: one with
    people hit or hurt ("detonated 20 bombs ... nine people were dead and 130 more were
    injured"), told in the same sentence or at most a few sentences before."""
    near = [
        g
        for g in eligible
        if any(mi.hits is not None or CountCategory.injured in mi.tallies for mi in g.mentions)
        and any(0 <= sent_index - mi.sent_index <= _AHEAD for mi in g.mentions)
    ]
    return _nearest(near, sent_index, False)


def _nearest(eligible: list[Group], sent_index: int, forward: bool) -> Group | None:
    same = [g for g in eligible if any(mi.sent_index == sent_index for mi in g.mentions)]
    if same:
        return same[0]
    before = [
        (max(mi.sent_index for mi in g.mentions if mi.sent_index < sent_index), -k)
        for k, g in enumerate(eligible)
        if any(mi.sent_index < sent_index for mi in g.mentions)
    ]
    if before:
        return eligible[-max(before)[1]]
    # A headline (sentence 0) tells the incident the article goes on to tell, however far
    # below; any other statement, one told shortly after it.
    after = [
        g
        for g in eligible
        if forward
        or sent_index == 0
        or min(mi.sent_index for mi in g.mentions) - sent_index <= _AHEAD
    ]
    return after[0] if after else None


def _for_an_act(mi: MentionInfo) -> bool:
    """Whether an arrest is of someone held for an act of violence: its sentence names the
    suspect, the doer, the charge or the crime ("a suspect was arrested", "arrested in the
    shooting", "charged with murder")."""
    words = WORDS.crime_words | WORDS.perpetrator_nouns | WORDS.charge_nouns
    return any(t.lemma_.lower() in words or t.lower_ in words for t in mi.mention.sent)


def arrest_statements(groups: list[Group]) -> list[StatedCount]:
    """Arrests of suspects, told as arrest events of their own: the violent incident they
    are for records them too ("an arrest of the suspect after a shooting")."""
    out: list[StatedCount] = []
    # An arrest told in the sentence of the act is for it ("two women are in custody after
    # a student was gunned down").
    acts = {mi.sent_index for g in groups if _takes(g) for mi in g.mentions}
    for g in groups:
        if g.event_type != "COERCE" or not _single_real(g):
            continue
        for mi in g.mentions:
            count = mi.tallies.get(CountCategory.arrested)
            if (
                mi.mode == "arrest"
                and count is not None
                and count.best
                and (mi.sent_index in acts or _for_an_act(mi))
            ):
                out.append(StatedCount(mi.sent_index, count, forward=True))
    return out


def _link_headline(eligible: list[Group]) -> None:
    """Tie the incident a headline tells to the first one told after it, the incident the
    article goes on to tell ("Officer charged in shooting of woman", then "the shooting and
    killing of Mary Knowlton"): the body's toll completes the headline's."""
    head = next((g for g in eligible if g.mentions[0].sent_index == 0), None)
    if head is None:
        return
    body = next((g for g in eligible if g.mentions[0].sent_index > 0), None)
    # An incident the headline's group already tells in the body goes on only shortly
    # after: an incident told further below is another one.
    if body is not None and (
        head.last_sentence == 0 or body.mentions[0].sent_index - head.last_sentence <= _AHEAD
    ):
        head.retold = body


def attach_stated(groups: list[Group], stated: list[StatedCount]) -> list[Group]:
    """Give each statement to the incident it goes on about (see the module's docstring),
    and tie a headline's incident to the one that tells it in the body."""
    # Only single, real acts of violence take a statement: chosen once, not per statement.
    eligible = [g for g in groups if _takes(g)]
    _link_headline(eligible)
    for s in sorted(stated, key=lambda s: s.sent_index):
        if s.fate:
            group = _fate_target(eligible, s.sent_index)
        else:
            group = _nearest(eligible, s.sent_index, s.forward)
        if group is None:
            continue
        (group.stated_hits if s.hit else group.stated).append(s.count)
    return groups


def _merged(counts: list[Count]) -> Count | None:
    out: Count | None = None
    for c in counts:
        out = c if out is None else merge_counts(out, c)
    return out


def _tells_death(group: Group, headline: bool = True) -> bool:
    """Whether the incident's sentences, or (with ``headline``) the article's headline,
    speak of a death."""
    sents = {mi.mention.sent for mi in group.mentions}
    doc = group.mentions[0].mention.sent.doc
    if headline:
        sents.add(next(iter(doc.sents)))
    return any(t.lemma_.lower() in WORDS.death_words for s in sents for t in s)


def _hurt_first(head: Token) -> bool:
    """Whether a death is told as befalling someone hurt first: dying of wounds ("she later
    died from her injuries"), or some of those told before ("three of them died")."""
    return succumbed(head) or among_those_told(head)


def _without_succumbed(group: Group, out: dict[CountCategory, Count]) -> None:
    """Take out of the injured those the incident tells died of their wounds ("a woman was
    injured ... she later died from her injuries", "wounding four men; three of them
    died"): they were hurt first, and count among the dead only."""
    deaths = [
        (mi, count)
        for mi in group.mentions
        if (count := mi.tallies.get(CountCategory.killed)) is not None and count.best
    ]
    # Only where every death is told so, and the hurt are told before it: "a man has died
    # and three others were injured ... one man died of his injuries" counts the dead apart.
    if not deaths or not all(_hurt_first(mi.mention.head) for mi, _ in deaths):
        return
    first = min((mi.sent_index, mi.trigger.start) for mi, _ in deaths)
    if any(
        CountCategory.injured in mi.tallies and (mi.sent_index, mi.trigger.start) > first
        for mi in group.mentions
    ):
        return
    dead = sum(count.best or 0 for _, count in deaths)
    injured = out.get(CountCategory.injured)
    if not dead or injured is None or injured.best is None:
        return
    rest = injured.best - dead
    if rest <= 0:
        del out[CountCategory.injured]
        return
    low = min(injured.low, rest) if injured.low is not None else None
    high = max(injured.high - dead, rest) if injured.high is not None else None
    out[CountCategory.injured] = injured.model_copy(update={"low": low, "best": rest, "high": high})


def _refers_back(text: str) -> bool:
    """Whether words name one person told before: a pronoun ("she") or a definite phrase
    ("the badly wounded teenager"), not one told besides others ("the other man")."""
    words = text.lower().split()
    if not words or any(w in WORDS.other_words for w in words):
        return False
    return words[0] == "the" or (len(words) == 1 and words[0] in WORDS.one_person_pronouns)


def _without_the_dead(out: dict[CountCategory, Count]) -> None:
    """Where one person died and the one person hurt is only ever named as someone told
    before ("a boy died ... paramedics tended to the badly wounded teenager"), the hurt is
    the dead, wounded first: nobody else is counted hurt. (People hit, counted apart, may
    still be the injured.)"""
    killed = out.get(CountCategory.killed)
    injured = out.get(CountCategory.injured)
    if killed is None or injured is None or killed.best != 1 or injured.best != 1:
        return
    if injured.spans and all(_refers_back(s.text) for s in injured.spans):
        del out[CountCategory.injured]


def _exactly(count: Count, n: int) -> Count:
    """``count`` with its figure set to ``n`` (its evidence kept; no high if it had none)."""
    return count.model_copy(
        update={"low": n, "best": n, "high": n if count.high is not None else None}
    )


#: An age told in a person's description ("a 16-year-old girl").
_AGE = re.compile(r"\b(\d{1,3})-(?:year|month)-old\b", re.I)


def _sketch(text: str) -> tuple[str | None, str | None] | None:
    """The age and sex an indefinite description of one person tells ("a 16-year-old girl":
    16, female); None for other words (a name, a pronoun, a figure, "the man")."""
    words = text.lower().replace(",", " ").split()
    if len(words) < 2 or words[0] not in ("a", "an"):
        return None
    age = _AGE.search(text)
    male = any(w in WORDS.male_nouns for w in words)
    female = any(w in WORDS.female_nouns for w in words)
    sex = ("male" if male else "female") if male != female else None
    return (age.group(1) if age else None, sex)


def _apart(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two sketches are of two people: both tell an age, or both a sex, that
    differ."""
    return any(x is not None and y is not None and x != y for x, y in zip(a, b, strict=True))


def _with_distinct(count: Count) -> Count:
    """A count of one person raised to the people introduced one by one in its evidence,
    when they are told apart ("a 16-year-old girl was hit ... a 17-year-old boy was shot":
    two): each "a ..." brings in someone new, and a different age or sex is not the same
    person told twice."""
    if count.best != 1:
        return count
    kept: list[tuple[str | None, str | None]] = []
    for sketch in (k for s in count.spans if (k := _sketch(s.text)) is not None):
        if all(_apart(sketch, other) for other in kept):
            kept.append(sketch)
    return count if len(kept) <= 1 else _exactly(count, len(kept))


def _told_dead_by_name(surname: str, doc: Doc) -> bool:
    """Whether the article tells the death of the person of that (sur)name: "Antrez Felder
    died", "Johnson was pronounced dead", "the death of Eric Summerfield"."""
    for tok in doc:
        if tok.text != surname:
            continue
        head = tok.head
        lemma = head.lemma_.lower()
        if tok.dep_ in ("nsubj", "nsubjpass") and (
            lemma == "die"
            or (tok.dep_ == "nsubjpass" and lemma in WORDS.death_words)
            or any(c.lower_ == "dead" for c in head.children)
        ):
            return True
        if (
            tok.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.lemma_.lower() in WORDS.death_words
        ):
            return True
    return False


def _without_named_dead(group: Group, out: dict[CountCategory, Count]) -> None:
    """Someone counted hurt by name whose death the article tells ("Felder was wounded in
    the head", then "Antrez Felder died inside a home") is among the dead, not the hurt:
    reports often tell a victim shot before they tell the death."""
    killed = out.get(CountCategory.killed)
    injured = out.get(CountCategory.injured)
    if killed is None or not killed.best or injured is None or not injured.best:
        return
    if not injured.spans or not group.mentions:
        return
    doc = group.mentions[0].mention.sent.doc
    # Names only: "the other man" told besides "a man was killed" is someone else.
    names = {
        last
        for s in injured.spans
        if (last := s.text.split()[-1] if s.text.split() else "")[:1].isupper()
        and s.text.split()[0].lower() not in ("the", "a", "an", "another")
    }
    if len(names) != len(injured.spans) or not names:
        return  # not only people named: a count ("two others") may be of others
    dead = sum(1 for n in names if n.isalpha() and _told_dead_by_name(n, doc))
    if dead == 0:
        return
    rest = injured.best - dead
    if rest <= 0:
        del out[CountCategory.injured]
    else:
        out[CountCategory.injured] = _exactly(injured, rest)


#: Weapons a doer turns on themselves ("turned the gun on himself").
_TURNED = frozenset({"gun", "weapon", "rifle", "pistol", "handgun", "shotgun", "firearm"})


def _suicide_cue(sent: SpacySpan) -> Token | None:
    """The words telling that the doer killed themselves: "then himself" or "killing
    himself" on a verb of killing, "committing suicide", "turned the gun on himself", "took
    his own life". "Shot himself" is not one: children shoot themselves in the hand."""
    for tok in sent:
        low, head = tok.lower_, tok.head
        if low in REFLEXIVES:
            lemma = head.lemma_.lower()
            # "killing himself"; "shot four relatives, killing two, then himself" (a list
            # that ends with the doer, on a verb of shooting too).
            if (lemma == "kill" and tok.dep_ == "dobj") or (
                lemma in ("kill", "shoot") and tok.dep_ in ("dep", "npadvmod", "conj")
            ):
                return tok
            verb = head.head
            if (
                tok.dep_ == "pobj"
                and head.lower_ == "on"
                and verb.lemma_.lower() == "turn"
                and any(c.dep_ == "dobj" and c.lemma_.lower() in _TURNED for c in verb.children)
            ):
                return tok
        elif tok.dep_ == "dobj" and (
            (tok.lemma_.lower() == "suicide" and head.lemma_.lower() == "commit")
            or (
                tok.lemma_.lower() == "life"
                and head.lemma_.lower() == "take"
                and any(c.lower_ == "own" for c in tok.children)
            )
        ):
            return tok
    return None


def _others_hit(cue: Token, out: dict[CountCategory, Count]) -> bool:
    """Whether anyone besides the doer was hit: an object of the cue's own verb ("killed
    his wife, then himself") or a count told outside that verb's words ("shot and killed his
    wife Sunday before killing himself")."""
    verb = cue.head if cue.lower_ in REFLEXIVES else cue.head.head
    if any(c.dep_ == "dobj" and c.i != cue.i and c.lower_ not in REFLEXIVES for c in verb.children):
        return True
    start, end = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
    return any(
        not (start <= s.start and s.end <= end)
        for cat in (CountCategory.killed, CountCategory.injured)
        if (c := out.get(cat)) is not None
        for s in c.spans
    )


#: Verbs whose objects are the doer's victims, never the doer ("killed his wife").
_KILLING_VERBS = frozenset({"kill", "murder", "shoot", "slay", "stab", "strangle", "execute"})
#: Nouns of a killing whose "of" names its victims ("the murder of his wife").
_KILLING_NOUNS = frozenset({"murder", "killing", "slaying", "homicide"})


def _victims_only(killed: Count, doc: Doc) -> bool:
    """Whether every figure of the count names people someone killed ("killed his wife, 2
    sons", "the murder of Ana Ruiz"), not all the dead ("five people were found dead"); and
    none of them is the one said to kill themselves ("his son, who killed himself")."""
    for span in killed.spans:
        chars = doc.char_span(span.start, span.end, alignment_mode="expand")
        if chars is None or len(chars) == 0:
            return False
        root = chars.root
        if any(
            t.dep_ == "relcl" and any(c.lower_ in REFLEXIVES for c in t.children)
            for t in root.children
        ):
            return False
        if root.dep_ == "nummod":
            root = root.head  # "2 sons": the figure counts the people its noun names
        while root.dep_ in ("conj", "appos") and root.head != root:
            root = root.head
        gov = root.head
        if root.dep_ in ("dobj", "obj") and gov.lemma_.lower() in _KILLING_VERBS:
            continue
        if root.dep_ == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in _KILLING_NOUNS:
            continue
        return False
    return True


def _with_next_sentences(group: Group) -> list[SpacySpan]:
    """The incident's sentences and the one after each, in the article's order."""
    sents: dict[int, SpacySpan] = {}
    for mi in group.mentions:
        sent = mi.mention.sent
        sents[sent.start] = sent
        if sent.end < len(sent.doc):
            after = sent.doc[sent.end].sent
            sents[after.start] = after
    return [sent for _, sent in sorted(sents.items())]


def _suicide_told(group: Group) -> Token | None:
    """The first words telling that the incident's doer killed themselves, in the
    incident's sentences or the one after each."""
    cues = (_suicide_cue(s) for s in _with_next_sentences(group))
    return next((c for c in cues if c is not None), None)


def _doers_dead(killed: Count) -> int:
    """How many of the dead the count names as the doer: "himself", "the suspect", "the
    shooter"."""
    return sum(
        1
        for s in killed.spans
        if (words := s.text.lower().split())
        and (s.text.lower() in REFLEXIVES or words[-1] in WORDS.doer_nouns)
    )


def _with_suicide(group: Group, out: dict[CountCategory, Count]) -> None:
    """The doer who killed themselves is among the dead ("a man killed his wife before
    killing himself": two dead), told in the incident's sentences or the one after each; not
    when the count already holds them ("four dead, including the shooter")."""
    if not group.mentions:
        return
    cue = _suicide_told(group)
    if cue is None:
        return
    killed = out.get(CountCategory.killed)
    if killed is not None and any(
        w in s.text.lower() for s in killed.spans for w in ("himself", "herself", "including")
    ):
        return
    if killed is not None and not (_others_hit(cue, out) and _victims_only(killed, cue.doc)):
        # A lone suicide ("A man killed himself"): its own telling counts it. A total of
        # the dead ("five people were found dead", "3 dead including two girls") may
        # already hold the doer.
        return
    one = one_person(CountCategory.killed, token_span([cue], cue.doc.text), 0.6)
    out[CountCategory.killed] = one if killed is None else add_counts(killed, one)


def incident_counts(group: Group) -> dict[CountCategory, Count]:
    """The incident's toll: the counts of its mentions, merged, completed by
    :func:`complete_counts`."""
    out: dict[CountCategory, Count] = {}
    for mi in group.mentions:
        for cat, count in mi.tallies.items():
            if cat == CountCategory.killed and count.text.lower() in REFLEXIVES:
                # "before killing himself": the doer, counted beside the victims by
                # :func:`_with_suicide`, not merged with them as another telling.
                continue
            out[cat] = count if cat not in out else merge_counts(out[cat], count)
    return complete_counts(group, out)


def complete_counts(group: Group, counts: dict[CountCategory, Count]) -> dict[CountCategory, Count]:
    """The incident's counts with what the article states outside its mentions: figures
    stated elsewhere merge with its own; a zero ("no one is in custody") only fills a count
    nothing else gives; people hit that are not among the dead are the injured ("four
    people were shot ... one of them died": three injured). A headline's incident takes the
    dead and the injured it does not count from the body's telling of it (its people hit
    being among those dead: "Man charged in shooting of woman", then "she was killed")."""
    out = dict(counts)
    positive = [c for c in group.stated if c.best]
    for c in positive:
        prev = out.get(c.category)
        out[c.category] = c if prev is None else merge_counts(prev, c)
    for c in group.stated:
        if not c.best and c.category not in out:
            out[c.category] = c
    for cat, count in list(out.items()):
        out[cat] = _with_distinct(count)
    _without_succumbed(group, out)
    body = incident_counts(group.retold) if group.retold is not None else {}
    if CountCategory.killed not in out and CountCategory.killed in body:
        out[CountCategory.killed] = body[CountCategory.killed]
    out = _with_hits(group, out)
    if CountCategory.injured not in out and CountCategory.injured in body:
        out[CountCategory.injured] = body[CountCategory.injured]
    _without_the_dead(out)
    _without_named_dead(group, out)
    _with_suicide(group, out)
    _with_one_carried(group, out)
    return out


def _carried_to_hospital(sent: SpacySpan) -> Token | None:
    """One person the sentence tells carried to a hospital ("the victim was taken to the
    hospital", "he was flown to a Fargo hospital"): the subject, in the singular."""
    for tok in sent:
        if tok.lemma_.lower() != "hospital" or tok.dep_ != "pobj" or tok.head.lower_ != "to":
            continue
        verb = tok.head.head
        if verb.lemma_.lower() not in WORDS.hospital_verbs:
            continue
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if (
            subj is not None
            and not is_plural(subj)
            and (is_people(subj) or subj.lower_ in WORDS.one_person_pronouns)
        ):
            return subj
    return None


def _with_one_carried(group: Group, out: dict[CountCategory, Count]) -> None:
    """An attack whose toll nothing tells, no death told, and one person carried to a
    hospital in its sentences or the one after each: that person was hurt and lived, its one
    injured ("a gunman opened fire ... the victim was taken to the hospital")."""
    if CountCategory.killed in out or CountCategory.injured in out or not group.mentions:
        return
    if not _takes(group) or _tells_death(group):
        return
    for sent in _with_next_sentences(group):
        subj = _carried_to_hospital(sent)
        if subj is not None:
            span = token_span([subj], subj.doc.text)
            out[CountCategory.injured] = one_person(CountCategory.injured, span, 0.5)
            return


def _with_hits(group: Group, out: dict[CountCategory, Count]) -> dict[CountCategory, Count]:
    """The counts with the people hit that are not among the dead as the injured."""
    hits = _merged([h for mi in group.mentions if (h := mi.hits) is not None])
    stated_hits = _merged(group.stated_hits)
    if hits is None or (stated_hits is not None and hits.best is None):
        hits = stated_hits
    elif stated_hits is not None:
        hits = merge_counts(hits, stated_hits)
    hits = None if hits is None else _with_distinct(hits)
    if hits is None or not hits.best:
        return out
    killed = out.get(CountCategory.killed)
    if killed is None and _tells_death(group):
        # Someone died, the count of whom was not read: the hit may be the dead. One
        # person hit is the one who died ("a deadly shooting ... a boy shot himself").
        # Not from a headline over many incidents.
        doc = group.mentions[0].mention.sent.doc
        if (
            hits.best == 1
            and CountCategory.injured not in out
            and _tells_death(group, not roundup_headline(doc.text))
        ):
            out[CountCategory.killed] = _exactly(
                hits.model_copy(update={"category": CountCategory.killed}), 1
            )
        return out
    dead = (killed.best if killed.best is not None else killed.low) or 0 if killed else 0
    if killed is not None and dead and group.mentions and _suicide_told(group) is not None:
        # A doer who killed themselves is dead but not among the people they hit ("shot
        # another girl before turning the gun on herself ... the suspect died").
        dead = max(0, dead - _doers_dead(killed))
    rest = hits.best - dead
    injured = out.get(CountCategory.injured)
    if rest > 0 and (injured is None or not injured.best or injured.best < rest):
        out[CountCategory.injured] = _exactly(hits, rest)
    return out
