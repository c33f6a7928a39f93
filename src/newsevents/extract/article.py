"""extract(article) -> events: the one code path for a text, a directory or a cluster job."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.decide.event_type import assign_types
from newsevents.decide.features import text_features
from newsevents.decide.incident import decide
from newsevents.extract.article_places import locate_from_article
from newsevents.extract.assemble import build_event
from newsevents.extract.attribution import Source, applies_to, sentence_sources
from newsevents.extract.claims import ClaimFound, find_accused, find_claim
from newsevents.extract.countries import assign_countries
from newsevents.extract.counts import (
    headline_counts,
    mention_counts,
    mention_hits,
    no_casualties,
    survival_deaths,
    zero_counts,
)
from newsevents.extract.evidence import can_act, is_armed_actor, is_people, is_target
from newsevents.extract.geocode import geocode_article
from newsevents.extract.identified import assign_identified
from newsevents.extract.location import choose as choose_place
from newsevents.extract.location import sentence_places
from newsevents.extract.mentions import Mention, build_mentions
from newsevents.extract.merge import AGENT_ROLES, MentionInfo, merge_mentions
from newsevents.extract.modality import mention_modality, needs_factuality
from newsevents.extract.non_participants import is_non_participant
from newsevents.extract.participants import ArticleActors, resolve_participant
from newsevents.extract.suspects import Suspect, arrest_suspects, assign_suspects
from newsevents.extract.syntax import PLACE_LABELS, noun_phrase, to_span, token_span
from newsevents.extract.timing import mention_dates, publication_time, resolve_mention_time
from newsevents.extract.trigger_factuality import score_triggers
from newsevents.extract.words import WORDS
from newsevents.incidents import consolidate
from newsevents.incidents.dates import date_incidents
from newsevents.incidents.tolls import StatedCount, arrest_statements, attach_stated
from newsevents.model import (
    Article,
    ArticleResult,
    Attribution,
    CountCategory,
    Event,
    Instrument,
    Modality,
    PlaceMention,
    Role,
    RoleType,
    SourceKind,
)
from newsevents.nlp.places import is_known_place
from newsevents.resolve.localities import assign_units
from newsevents.roles import assign_roles
from newsevents.roles.implied import implied_arresters

MIN_WORDS = 3
#: The population above which a name is a city before it is anyone's surname.
_CITY_SIZE = 50_000


def _publisher(article: Article, actors: ArticleActors) -> Attribution | None:
    if not article.outlet:
        return None
    match = actors.kb.match(article.outlet)
    return Attribution(
        source=match.actor.name if match else article.outlet,
        kind=SourceKind.publisher,
        actor_id=match.actor.id if match else None,
        text=article.outlet,
        cue="published",
        spans=[],
        confidence=0.9,
    )


def _places(
    m: Mention,
    text: str,
    roles: list[Role],
    others: Sequence[Mention] = (),
    sources: Sequence[Attribution] = (),
) -> list[PlaceMention]:
    """The sentence's places for this mention: the one the event-place model picks as where
    the event happened (if any), and the other places attached to the trigger. A place that
    locates what another event of the sentence was done to is not this one's ("arrested
    dozens, following the takeover of the camp near Damascus": the camp was near Damascus,
    the arrests were not); a place of the other event itself may be ("no one was arrested
    after the clashes in Minsk")."""
    # A participant that is a place by name ("hit the town of Dzhemikent") is where it
    # happened too: its name is no participant's name that merely contains a place.
    role_chars = [(s.start, s.end) for r in roles if not _names_a_place(r.text) for s in r.spans]
    # A place in the name of whoever tells of it ("Lincoln County Sheriff Charlie Dougherty
    # told reporters") says who speaks, not where it happened: it is only named nearby (a
    # clue to the article's place, not the event's location).
    source_chars = [(s.start, s.end) for a in sources for s in a.spans]
    own = {_chars(t) for t, _ in m.places}
    taken = [
        _chars(t)
        for o in others
        if o is not m
        for t, attached in o.places
        if attached and _locates_participant(t[-1], o.head) and _chars(t) not in own
    ]

    # A person held or hurt whom the recognizer took for a place ("arrested Enriquez"); a
    # city stays a place whatever the parse made of it ("shooting of Knoxville teen"). Only
    # a city: many surnames are also the names of villages.
    people_chars = {
        (s.start, s.end)
        for r in roles
        if r.role in (RoleType.victim, RoleType.detainee)
        and not _names_a_place(r.text)
        and not is_known_place(r.text, _CITY_SIZE)
        for s in r.spans
    }

    def inside_role(start: int, end: int) -> bool:
        # Places inside a participant's name ("Supporters of the Islamic State in Jerusalem")
        # name the participant, not where the event happened.
        return (start, end) in people_chars or any(
            a <= start and end <= b and (a, b) != (start, end) for a, b in role_chars
        )

    def inside_source(start: int, end: int) -> bool:
        return any(a <= start and end <= b and (a, b) != (start, end) for a, b in source_chars)

    allowed = [
        p
        for p in sentence_places(m.sent)
        if not inside_role(p.start_char, p.end_char)
        and not any(a < p.end_char and p.start_char < b for a, b in taken)
    ]
    candidates = [p for p in allowed if not inside_source(p.start_char, p.end_char)]
    nearby = [p for p in allowed if inside_source(p.start_char, p.end_char)]
    choice = choose_place(m.head, candidates)
    out: list[PlaceMention] = []
    chosen: tuple[int, int] | None = None
    if choice.index is not None:
        place = _named_antecedent(candidates[choice.index])
        span = to_span(place.start_char, place.end_char, text)
        chosen = (span.start, span.end)
        out.append(
            PlaceMention(
                text=span.text,
                spans=[span],
                is_event_location=True,
                confidence=round(min(0.95, max(0.3, choice.probability)), 2),
            )
        )
    for toks, attached in m.places:
        named = _named_antecedent(m.sent.doc[toks[0].i : toks[-1].i + 1])
        span = token_span(list(named), text)
        if inside_role(span.start, span.end) or inside_source(span.start, span.end):
            continue
        if chosen is not None and chosen[0] <= span.start and span.end <= chosen[1]:
            continue
        # A place tied to the trigger by the parse says something about the event even
        # when it is not where it happened; others are only named nearby.
        conf = 0.5 if attached else 0.4
        out.append(PlaceMention(text=span.text, spans=[span], confidence=conf))
    for place in nearby:
        span = to_span(place.start_char, place.end_char, text)
        out.append(PlaceMention(text=span.text, spans=[span], confidence=0.4))
    if out:
        return out
    # Nothing tied to the event: the sentence's named places, as places named nearby, in
    # case nothing else in the article says where it was. Not those of a relative clause
    # or an apposition, which describe rather than locate.
    for place in candidates:
        if place.label_ in PLACE_LABELS and not _in_subordinate(place.root):
            span = to_span(place.start_char, place.end_char, text)
            out.append(PlaceMention(text=span.text, spans=[span], confidence=0.4))
    return out


def _names_a_place(text: str) -> bool:
    """Whether a participant's words are a place noun and its name ("the town of Dzhemikent",
    "the village of Kafr Nabuda")."""
    words = text.lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return len(words) > 2 and words[0] in WORDS.settlement_nouns and words[1] == "of"


def _chars(tokens: Sequence[Token]) -> tuple[int, int]:
    """The character offsets a run of tokens covers."""
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _locates_participant(place: Token, trigger: Token) -> bool:
    """Whether the parse ties ``place`` to ``trigger`` through a noun between them ("the
    takeover of the camp near Damascus"): it locates that noun, not the event."""
    tok = place.head
    for _ in range(8):
        if tok == trigger or tok.head == tok:
            return False
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
            return True
        tok = tok.head
    return False


#: Nouns for places that an article names once and then calls "the camp", "the village".
_PLACE_NOUNS = WORDS.place_nouns | WORDS.target_nouns
#: Tokens before a definite place noun searched for the place it refers back to.
_ANTECEDENT_REACH = 300


def _named_antecedent(place: SpacySpan) -> SpacySpan:
    """The named place that a definite common noun refers back to: "the camp" after "the
    Yarmouk refugee camp", "the village" after "the village of Kafr Nabuda". A definite noun
    with no name of its own names the latest place of that kind the article named before it
    (the usual reading of "the" in news text); without one, the noun stays as it is."""
    root = place.root
    if (
        root.pos_ != "NOUN"
        or root.lemma_.lower() not in _PLACE_NOUNS
        or any(t.text[:1].isupper() for t in place)
        or not any(c.dep_ == "det" and c.lower_ == "the" for c in root.children)
        or any(c.dep_ in ("compound", "amod", "prep") for c in root.children)
    ):
        return place
    doc = root.doc
    # The antecedent is near (a few paragraphs): a bounded look back keeps the work per
    # place constant however long the article.
    for tok in reversed(doc[max(0, place.sent.start - _ANTECEDENT_REACH) : place.sent.start]):
        if tok.lemma_.lower() != root.lemma_.lower() or tok.pos_ != "NOUN":
            continue
        names = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.text[:1].isupper()]
        of_name = [
            o
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj" and o.pos_ == "PROPN"
        ]
        if names:
            return doc[min(c.left_edge.i for c in names) : tok.i + 1]
        if of_name:
            return doc[tok.i : of_name[0].right_edge.i + 1]
    return place


def _in_subordinate(tok: Token) -> bool:
    """Whether a token sits in a relative clause or apposition ("a group that last year
    became IS's first branch outside Iraq"), which describes rather than locates."""
    while tok.head != tok:
        if tok.dep_ in ("relcl", "appos", "acl"):
            return True
        tok = tok.head
    return False


def _speaker(sources: list[Source], actors: ArticleActors, text: str) -> Role | None:
    """Who speaks in a quoted sentence, for "we" and "our"."""
    for src in reversed(sources):
        if src.attribution.kind in (SourceKind.statement, SourceKind.party, SourceKind.official):
            from newsevents.extract.mentions import Participant
            from newsevents.model import RoleType

            head = src.subject
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                    head = next((o for o in child.children if o.dep_ == "pobj"), head)
            return resolve_participant(
                Participant(RoleType.actor, head, noun_phrase(head), "speaker", 0.7), text, actors
            )
    return None


@dataclass
class _Drafted:
    """A mention's info, its modality not decided yet, with what deciding it reads."""

    info: MentionInfo
    sources: list[Source]
    claim: ClaimFound | None


def _mention_info(
    m: Mention,
    index: int,
    sent: SpacySpan,
    mentions: list[Mention],
    sources: list[Source],
    actors: ArticleActors,
    article: Article,
) -> _Drafted:
    """Everything resolved for mention ``m`` but its modality, which
    :func:`_decide_modalities` sets for the mentions that are kept."""
    text = article.text
    speaker = _speaker(sources, actors, text)
    claim = find_claim(m, text, actors)
    event_heads = {o.head.i for o in mentions if o is not m}
    # A participant that is itself an event ("avenge the execution") is not an actor; a
    # noun for a doer is one whether or not it also tells the act ("a suicide bomber blew
    # himself up").
    roles = [
        r
        for p in m.participants
        if (p.head.i not in event_heads or p.head.lemma_.lower() in WORDS.perpetrator_nouns)
        and (r := resolve_participant(p, text, actors, speaker)) is not None
        # A weapon, a document or an abstract noun the parse makes the subject ("an
        # incendiary bomb exploded", "the video shows") did nothing.
        and (r.role not in AGENT_ROLES or can_act(p.head, r.kind, r.actor_id is not None))
    ]
    accused = find_accused(m, text, actors)
    if accused is not None and not any(r.role in AGENT_ROLES for r in roles):
        roles.append(accused)
    if claim is not None and claim.replaces_agent:
        # "X said it did Y": X claims Y; the claim is recorded, X is not made the perpetrator.
        roles = [r for r in roles if r.role not in AGENT_ROLES]
    m.dates = mention_dates(m, mentions)
    counts = mention_counts(m, text)
    claimant = claim.claim.actor_id or claim.claim.claimant if claim else None
    # The claimant speaking is recorded as the claim; the chain keeps those who relay it.
    applied = [
        s.attribution
        for s in sources
        if applies_to(s, m.head)
        and (claimant is None or (s.attribution.actor_id or s.attribution.source) != claimant)
    ]
    insts = [
        Instrument(
            text=token_span(toks, text).text,
            category=entry.category,
            spans=[token_span(toks, text)],
            confidence=0.7,
        )
        for toks, entry in m.instruments
    ]
    info = MentionInfo(
        mention=m,
        sent_index=index,
        roles=roles,
        claims=[claim.claim] if claim else [],
        # Set by _decide_modalities if the mention is kept; nothing reads it before.
        modality=Modality.asserted,
        modality_cues=[],
        modality_confidence=0.0,
        counts=counts,
        tallies=mention_counts(m, text, with_counted=True) if m.counted else counts,
        time=resolve_mention_time(m, text, article.published),
        places=_places(m, text, roles, mentions, [s.attribution for s in sources]),
        instruments=insts,
        sources=applied,
        mode=m.mode,
        sentence=to_span(sent.start_char, sent.end_char, text).model_copy(
            update={"text": text[sent.start_char : sent.end_char].strip()}
        ),
        trigger=token_span(m.trigger.tokens, text),
        accused=accused,
        hits=mention_hits(m, text),
    )
    return _Drafted(info, sources, claim)


def _decide_modalities(doc: Doc, drafts: list[_Drafted], text: str) -> None:
    """Set the modality of each given mention (the kept ones and the bare deaths). The
    factuality model, the costliest step of extraction, scores the triggers of these
    mentions only, all in one batch: most trigger words of an article belong to mentions
    that :func:`_keep` drops, and their scores would never be read."""
    score_triggers(doc, (d.info.mention.head for d in drafts if needs_factuality(d.claim)))
    for draft in drafts:
        mi = draft.info
        mi.modality, mi.modality_cues, mi.modality_confidence = mention_modality(
            mi.mention, draft.sources, draft.claim, text
        )


def is_teaser(sentence: str) -> bool:
    """Whether a line points to another story ("See also: ...", "[RELATED: ...]")."""
    words = re.sub(r"[^\w\s]", " ", sentence[:40].lower()).split()
    return any(words[: len(opener.split())] == opener.split() for opener in WORDS.teaser_openers)


_TEXT_KEY = "newsevents.doc_text"


def _doc_text(doc: Doc) -> str:
    """``doc.text``, kept on the doc: spaCy joins every token's text on each read, which for
    each mention of a long article would cost the whole article again."""
    text: str | None = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def _line_opening(sent: SpacySpan) -> str:
    """The start of the line that holds ``sent``: the parser may split "See also:" from the
    headline it introduces, but the line is still a link."""
    text = _doc_text(sent.doc)
    start = text.rfind("\n", 0, sent.start_char) + 1
    return text[start : sent.end_char]


def _keep(mi: MentionInfo) -> bool:
    """Whether a mention may make or join an event.

    Threats and pledges need a doer; generic statements ("frequent bombings") are dropped;
    ambiguous words need evidence of violence (see :mod:`newsevents.extract.evidence`).
    """
    m = mi.mention
    entry = m.trigger.entry
    if m.habitual or is_teaser(_line_opening(m.sent)):
        return False
    if entry.needs_agent and not any(r.role in AGENT_ROLES for r in mi.roles):
        return False
    if entry.needs_custody and not _in_custody_context(mi):
        return False
    if entry.needs_armed and not _armed_context(mi):
        return False
    if entry.mode == "arrest" and _holds_no_one(mi, weak=entry.needs_custody):
        return False
    if not entry.needs_evidence:
        return True
    if _death_by_illness(mi):
        return False
    patients = [p for p in m.participants if p.role not in (RoleType.perpetrator, RoleType.actor)]
    return bool(
        any(is_target(p.head) for p in patients)
        or any(c.best or c.low for c in mi.counts.values())
        # The hurt the mention counts though the parse reaches them only loosely ("four
        # others suffered gunshot wounds"); not the dead, whom a bare mention ("were found
        # dead") gives to the incident it goes on about rather than making one.
        or bool((hurt := mi.tallies.get(CountCategory.injured)) and (hurt.best or hurt.low))
        # People hit by a weapon ("a 17-year-old and an 18-year-old were shot") are people
        # violence was done to, whether or not the participants name them.
        or (mi.hits is not None and bool(mi.hits.best or mi.hits.low))
        or mi.hit_someone
        or m.instruments
        or mi.claims
        or any(is_armed_actor(r.kind) for r in mi.roles if r.role in AGENT_ROLES)
        or (entry.territory and any(p.is_event_location for p in mi.places))
    )


_CUSTODY_WORDS = WORDS.custody_words
_ILLNESS_WORDS = WORDS.illness_words


def _death_by_illness(mi: MentionInfo) -> bool:
    """A bare death ("died", "deaths": no weapon, no armed doer) in a sentence that names
    an illness ("died from COVID-19", "died of a stroke"): a death, not a killing. A death
    in custody is kept whatever its stated cause: the state answers for it."""
    m = mi.mention
    if m.trigger.entry.implies != CountCategory.killed or m.instruments:
        return False
    if any(is_armed_actor(r.kind) for r in mi.roles if r.role in AGENT_ROLES):
        return False
    lemmas = {t.lemma_.lower() for t in m.sent} | {t.lower_ for t in m.sent}
    return bool(lemmas & _ILLNESS_WORDS) and not lemmas & _CUSTODY_WORDS


def _holds_no_one(mi: MentionInfo, weak: bool) -> bool:
    """An arrest that is an illness ("cardiac arrest"), or a ``weak`` arrest word ("hold",
    "catch") whose every object is a common noun that names no people: "held talks", "held
    a round of voting" are no arrests. Without any object the mention is kept ("they were
    held"); a name is kept whatever the parse (the entity model misses many)."""
    m = mi.mention
    if any(t.lower_ in _ILLNESS_WORDS for t in m.head.children):
        return True
    if not weak:
        return False
    held = [p for p in m.participants if p.role not in (RoleType.perpetrator, RoleType.actor)]
    return bool(held) and all(
        p.head.pos_ == "NOUN" and not p.head.ent_type_ and not is_people(p.head) for p in held
    )


def _in_custody_context(mi: MentionInfo) -> bool:
    """ "were held", "picked up", "booked": arrests when police or custody are in the sentence."""
    head = mi.mention.head
    if any(
        c.dep_ in ("ccomp", "oprd", "acomp", "xcomp") and c.pos_ == "ADJ" for c in head.children
    ):
        return False  # "holds X responsible", "held hostage" is not custody by the state
    if any(r.kind.value in ("police", "military", "government", "state") for r in mi.roles):
        return True
    return any(t.lemma_.lower() in _CUSTODY_WORDS for t in mi.mention.sent)


def _armed_context(mi: MentionInfo) -> bool:
    m = mi.mention
    if m.instruments or any(is_armed_actor(r.kind) for r in mi.roles if r.role in AGENT_ROLES):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ in ("on", "at", "upon", "into") for c in m.head.children
    )


def _statements(
    sent: SpacySpan,
    infos: list[MentionInfo],
    bare: list[MentionInfo],
    index: int,
    text: str,
) -> list[StatedCount]:
    """Counts that sentence ``index`` states whether or not its mentions make an event:
    that nobody was hurt, arrested or is held ("no one is in custody", "no victims were
    reported"); the dead of the
    mentions too bare to be events (``bare``, their modality decided); deaths told as
    survival denied ("one of them did not survive"). They complete an incident's toll and
    never make one."""
    if is_teaser(_line_opening(sent)):
        return []
    out = [StatedCount(index, c) for c in survival_deaths(sent, text)]
    out.extend(StatedCount(index, c) for c in no_casualties(sent, text))
    for mi in infos:
        m = mi.mention
        if not (m.habitual or m.aggregate):
            out.extend(StatedCount(index, c) for c in zero_counts(m, text).values())
    for mi in bare:
        if mi.modality == Modality.asserted:
            # "John Smith was pronounced dead": the fate of someone hit, told too barely to
            # be an event (not the hurt: "died of his injuries" names a wound that killed).
            out.append(StatedCount(index, mi.tallies[CountCategory.killed], fate=True))
    return out


def _bare_death(mi: MentionInfo) -> bool:
    """Whether a mention that is not kept counts dead all the same: a death too bare to be
    an event of its own, which may complete a toll."""
    m = mi.mention
    if m.habitual or m.aggregate or is_teaser(_line_opening(m.sent)):
        return False
    dead = mi.tallies.get(CountCategory.killed)
    return dead is not None and bool(dead.best)


def events_from_doc(doc: Doc, article: Article) -> list[Event]:
    """Events of an already parsed article (``doc`` must be the parse of ``article.text``)."""
    actors = ArticleActors()
    last_outlet: Attribution | None = None
    kept: list[_Drafted] = []
    bare: list[_Drafted] = []
    told: list[tuple[SpacySpan, list[MentionInfo], list[MentionInfo], int]] = []
    suspects: list[Suspect] = []
    for index, sent in enumerate(doc.sents):
        sources = sentence_sources(sent, article.text, actors, last_outlet)
        for src in sources:
            if src.attribution.kind == SourceKind.outlet:
                last_outlet = src.attribution
        mentions = build_mentions(sent)
        if any(m.mode == "arrest" for m in mentions):
            mentions = [m for m in mentions if not m.trigger.entry.yields_to_arrest]
        drafts = [
            _mention_info(m, index, sent, mentions, sources, actors, article) for m in mentions
        ]
        sentence_infos = [d.info for d in drafts]
        # Who is accused of, arrested or charged for an act, whether or not the sentence
        # makes an event of its own: the act's doer, wherever the act is told.
        suspects.extend(
            Suspect(mi.accused, mi.trigger, mi.sentence)
            for mi in sentence_infos
            if mi.accused is not None
        )
        suspects.extend(arrest_suspects(sentence_infos))
        bare_here: list[_Drafted] = []
        for draft in drafts:
            if _keep(draft.info):
                kept.append(draft)
            elif _bare_death(draft.info):
                bare_here.append(draft)
        bare.extend(bare_here)
        told.append((sent, sentence_infos, [d.info for d in bare_here], index))
    # A death told too barely to be an event completes a toll when it is asserted: its
    # modality is read with the kept mentions', in the same batch.
    _decide_modalities(doc, kept + bare, article.text)
    infos = [d.info for d in kept]
    stated = [
        count
        for sent, sentence_infos, bare_infos, index in told
        for count in _statements(sent, sentence_infos, bare_infos, index, article.text)
    ]
    publisher = _publisher(article, actors)
    fallback = publication_time(article.published)
    groups = consolidate(merge_mentions(infos))
    headline = [StatedCount(0, c, hit) for c, hit in headline_counts(article.text)]
    groups = attach_stated(groups, headline + stated + arrest_statements(groups))
    events = [build_event(g, article.id, publisher, fallback) for g in groups]
    events = assign_suspects(events, suspects, doc, article.text, actors)
    events = assign_identified(events, doc, article.text)
    events = date_incidents(events, doc, article.published)
    events, named = geocode_article(events, article.text, doc)
    events = assign_countries(events)
    events = assign_types(events, doc, article.text)
    events = assign_roles(events, doc, article.text)
    events = implied_arresters(events, doc, article.text)
    # The article's places fill in where the records name no known place, the most probable
    # record first (a street address is its); then each record is decided as it is stored,
    # which is how the incident model saw the records it was trained on. The text features
    # do not change in between: they are computed once.
    text_rows = text_features(events, article.text)
    events = decide(events, article.text, text_rows)
    events = assign_countries(locate_from_article(events, named, doc))
    # Last, once every place is final: the county and the town of each resolved place.
    return _without_non_participants(assign_units(decide(events, article.text, text_rows)))


def _without_non_participants(events: list[Event]) -> list[Event]:
    """The records without roles that name no participant ("recovered a handgun": the
    weapon is no target; see :mod:`newsevents.extract.non_participants`)."""
    out = []
    for event in events:
        roles = [r for r in event.roles if not is_non_participant(r.text)]
        if len(roles) != len(event.roles):
            event = event.model_copy(update={"roles": roles})
        out.append(event)
    return out


def no_event_reason(article: Article) -> str | None:
    """Why an article cannot yield events before parsing it, or None if it may."""
    if article.language not in (None, "en"):
        return f"not in English (detected language: {article.language})"
    if len(article.text.split()) < MIN_WORDS:
        return f"too short ({len(article.text.split())} words; at least {MIN_WORDS} needed)"
    return None


def extract_article(article: Article) -> ArticleResult:
    """Extract the events of one article, or say why there are none."""
    from newsevents.nlp.pipeline import parse

    reason = no_event_reason(article)
    if reason is not None:
        return ArticleResult(article=article, events=[], reason=reason)
    events = events_from_doc(parse(article.text), article)
    return ArticleResult(
        article=article, events=events, reason=None if events else "no conflict event found"
    )


def extract_many(articles: Iterable[Article], batch_size: int = 32) -> Iterator[ArticleResult]:
    """Extract many articles, parsing them in batches; same results as :func:`extract_article`."""
    from newsevents.nlp.pipeline import parse_many

    batch: list[Article] = []

    def flush() -> Iterator[ArticleResult]:
        ready = [a for a in batch if no_event_reason(a) is None]
        docs = iter(parse_many([a.text for a in ready], batch_size=batch_size))
        for art in batch:
            reason = no_event_reason(art)
            if reason is not None:
                yield ArticleResult(article=art, events=[], reason=reason)
                continue
            events = events_from_doc(next(docs), art)
            yield ArticleResult(
                article=art, events=events, reason=None if events else "no conflict event found"
            )

    for art in articles:
        batch.append(art)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()
