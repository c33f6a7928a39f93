"""WikiEvents (Li et al. 2021): end-to-end event mentions and head-word argument F1.

Reads ``DIR/{split}.jsonl`` (gold tokens, sentences, entity mentions and KAIROS event
mentions), ``DIR/coref/{split}.jsonlines`` (entity coreference clusters, optional: without
it the coreference scores equal the head scores) and ``DIR/ontology/event_role_KAIROS.json``
(optional: when present, the type and role mapping is checked against it).

Each document's text is rebuilt from its gold tokens (one sentence per line, with the
original spacing inside sentences), read and extracted like any article. Every trigger of
every event becomes one predicted KAIROS mention, typed and given roles by
``mappings/wikievents.yaml``; each participant, weapon and place contributes its mention
nearest to the trigger (when it lies within ``participant_window`` sentences of it),
reduced to its head token with a dependency parse of the gold tokens (as gen-arg parses
them). Scoring is ``newsevents.evaluate.scorers.wikievents``:
``trigger_c_f1`` is the event-type F1, ``arg_i_f1``/``arg_c_f1`` the head F1 of argument
identification/classification, ``*_coref_f1`` the coreference variants.

``--limit N`` takes a seeded random sample of N documents (the file is grouped by
scenario, not shuffled). ``--predictions-out`` writes JSON lines in the dataset's own
layout (``doc_id``, ``event_mentions`` with ``event_type``, ``trigger`` token offsets and
``arguments`` with ``role``, ``text``, token ``start``/``end`` and ``head``).
"""

from __future__ import annotations

import bisect
import functools
import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsevents.errors import DataFileError, InputError, NewsEventsError
from newsevents.evaluate.base import EvalOptions, EvalReport, read_jsonl_objects
from newsevents.evaluate.scorers.sentence_labels import OffsetMap
from newsevents.evaluate.scorers.wikievents import (
    Arg,
    GoldDoc,
    Mention,
    find_head,
    gold_head,
    score_corpus,
)
from newsevents.model import CountCategory, Event, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsevents.extract.lexicon import TriggerEntry

DATASET = "wikievents"
MAPPING_FILE = "wikievents.yaml"
ONTOLOGY_FILE = "event_role_KAIROS.json"


class TypeRule(BaseModel):
    """One rule giving a KAIROS type to a trigger."""

    model_config = ConfigDict(extra="forbid")

    kairos: str
    type: str | None = None
    modes: list[str] | None = None
    implies: CountCategory | None = None

    def applies(self, plover_type: str, mode: str | None, implies: CountCategory | None) -> bool:
        """Whether a trigger of this PLOVER type, mode and implied outcome gets ``kairos``."""
        return (
            (self.type is None or self.type == plover_type)
            and (self.modes is None or mode in self.modes)
            and (self.implies is None or self.implies == implies)
        )


class WikiEventsMapping(BaseModel):
    """The content of ``mappings/wikievents.yaml``."""

    model_config = ConfigDict(extra="forbid")

    types: list[TypeRule]
    roles: dict[str, dict[str, str]]
    participant_window: int | None = Field(default=0, ge=0)

    def kairos_type(
        self, plover_type: str, mode: str | None, implies: CountCategory | None
    ) -> str | None:
        """The KAIROS type of the first applicable rule, or None."""
        for rule in self.types:
            if rule.applies(plover_type, mode, implies):
                return rule.kairos
        return None

    def check(self, ontology: dict[str, list[str]], where: str) -> None:
        """Raise DataFileError when a type or role is not in the KAIROS ``ontology``."""
        for rule in self.types:
            if rule.kairos not in ontology:
                raise DataFileError(where, f"unknown KAIROS type {rule.kairos!r}")
            if rule.kairos not in self.roles:
                raise DataFileError(where, f"no roles given for {rule.kairos!r}")
        for kairos, roles in self.roles.items():
            if kairos not in ontology:
                raise DataFileError(where, f"unknown KAIROS type {kairos!r}")
            bad = sorted(set(roles.values()) - set(ontology[kairos]))
            if bad:
                raise DataFileError(where, f"{kairos} has no role(s) {', '.join(bad)}")


@functools.cache
def load_mapping() -> WikiEventsMapping:
    """The type and role mapping, validated; DataFileError if missing or invalid."""
    path = resources.files("newsevents.evaluate") / "mappings" / MAPPING_FILE
    try:
        mapping = WikiEventsMapping.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(str(path), str(exc)) from exc
    for rule in mapping.types:
        if rule.kairos not in mapping.roles:
            raise DataFileError(str(path), f"no roles given for {rule.kairos!r}")
    return mapping


# --- gold data --------------------------------------------------------------------------


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    return read_jsonl_objects(path)


def read_split(data: Path, split: str) -> list[dict[str, Any]]:
    """The documents of ``DIR/{split}.jsonl``; NewsEventsError naming the file if absent."""
    path = data / f"{split}.jsonl"
    if not path.is_file():
        raise NewsEventsError(f"{path}: no WikiEvents file for split {split!r}")
    return list(_read_jsonl(path))


def read_clusters(data: Path, split: str) -> dict[str, list[list[str]]]:
    """Coreference clusters (entity mention ids) per document; empty if the file is absent."""
    path = data / "coref" / f"{split}.jsonlines"
    if not path.is_file():
        return {}
    try:
        return {str(item["doc_key"]): item["clusters"] for item in _read_jsonl(path)}
    except KeyError as exc:
        raise InputError(str(path), f"missing field {exc}") from exc


def read_ontology(data: Path) -> dict[str, list[str]] | None:
    """KAIROS type -> roles from ``DIR/ontology/event_role_KAIROS.json``, if present."""
    path = data / "ontology" / ONTOLOGY_FILE
    if not path.is_file():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {name: list(entry["roles"]) for name, entry in raw.items()}
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(path), f"not a KAIROS role file ({exc!r})") from exc


@dataclass(frozen=True)
class DocText:
    """A document's text rebuilt from its tokens, with every token's character range."""

    text: str
    token_spans: tuple[tuple[int, int], ...]
    token_sentence: tuple[int, ...]

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [s for s, _ in self.token_spans]

    def tokens_in(self, start: int, end: int) -> list[int]:
        """Indexes of the tokens overlapping characters ``[start, end)``."""
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        out = []
        for i in range(first, len(self.token_spans)):
            s, e = self.token_spans[i]
            if s >= end:
                break
            if e > start:
                out.append(i)
        return out


def build_text(doc: dict[str, Any]) -> DocText:
    """One line per gold sentence, keeping the original spacing between its tokens."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    sent_of: list[int] = []
    pos = 0
    for index, (tokens, _) in enumerate(doc["sentences"]):
        if index:
            parts.append("\n")
            pos += 1
        prev_end: int | None = None
        for word, start, end in tokens:
            if prev_end is not None and start > prev_end:
                # Any gap (space, no-break space, tab) becomes plain spaces.
                parts.append(" " * (start - prev_end))
                pos += start - prev_end
            elif prev_end is not None and start < prev_end:
                parts.append(" ")
                pos += 1
            parts.append(word)
            spans.append((pos, pos + len(word)))
            sent_of.append(index)
            pos += len(word)
            prev_end = end
    if len(spans) != len(doc["tokens"]):
        raise InputError(str(doc.get("doc_id")), "sentence tokens do not match the token list")
    return DocText("".join(parts), tuple(spans), tuple(sent_of))


@dataclass(frozen=True)
class Parse:
    """What scoring needs from a dependency parse of the gold tokens."""

    heads: tuple[int, ...]
    lemmas: tuple[str, ...]
    pos: tuple[str, ...]


def parse_tokens(tokens: Sequence[str]) -> Parse:
    """Parse the gold tokens joined by single spaces, as gen-arg's scorer does."""
    from spacy.tokens import Doc

    from newsevents.nlp.pipeline import get_nlp

    nlp = get_nlp()
    words = [t if t.strip() else "_" for t in tokens]
    parsed: Doc = nlp(Doc(nlp.vocab, words=words, spaces=[True] * len(words)))
    return Parse(
        heads=tuple(t.head.i for t in parsed),
        lemmas=tuple(t.lemma_.lower() for t in parsed),
        pos=tuple(t.pos_ for t in parsed),
    )


def gold_document(doc: dict[str, Any], parse: Parse, clusters: list[list[str]] | None) -> GoldDoc:
    """The gold mentions of ``doc`` with argument heads and coreference clusters."""
    tokens = doc["tokens"]
    entities = {e["id"]: e for e in doc["entity_mentions"]}

    def head_of(entity_id: str) -> int:
        ent = entities[entity_id]
        return gold_head(tokens, ent["start"], ent["end"], parse.heads)

    mentions = []
    for event in doc["event_mentions"]:
        trigger = event["trigger"]
        args = tuple(
            Arg(head_of(a["entity_id"]), a["role"])
            for a in event["arguments"]
            if a["entity_id"] in entities
        )
        mentions.append(Mention(event["event_type"], trigger["start"], trigger["end"], args))
    cluster_of: dict[int, str] = {}
    for cluster in clusters or []:
        for entity_id in cluster:
            if entity_id in entities:
                cluster_of.setdefault(head_of(entity_id), cluster[0])
    return GoldDoc(str(doc["doc_id"]), tuple(mentions), cluster_of)


# --- reading our events as KAIROS mentions ------------------------------------------------


@functools.cache
def _lexicon() -> tuple[dict[str, list[TriggerEntry]], dict[str, TriggerEntry]]:
    from newsevents.extract.lexicon import triggers

    by_lemma: dict[str, list[TriggerEntry]] = {}
    by_phrase: dict[str, TriggerEntry] = {}
    for entry in triggers():
        for lemma in entry.lemmas:
            by_lemma.setdefault(lemma.lower(), []).append(entry)
        for phrase in entry.phrases:
            by_phrase.setdefault(phrase.lower(), entry)
    return by_lemma, by_phrase


def trigger_entry(
    words: Sequence[str], lemmas: Sequence[str], pos: Sequence[str]
) -> TriggerEntry | None:
    """The trigger-lexicon entry of a trigger's tokens: a phrase, else a lemma of the
    right part of speech, else any entry of a lemma."""
    by_lemma, by_phrase = _lexicon()
    for key in (" ".join(w.lower() for w in words), " ".join(lemmas)):
        if key in by_phrase:
            return by_phrase[key]
    fallback = None
    for lemma, tag in zip(lemmas, pos, strict=True):
        for entry in by_lemma.get(lemma, []):
            if tag in entry.pos:
                return entry
            fallback = fallback or entry
    return fallback


@dataclass(frozen=True)
class PredArg:
    """A predicted argument: KAIROS role, head token and token range."""

    role: str
    head: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PredMention:
    """A predicted KAIROS mention with its arguments (token offsets)."""

    event_type: str
    start: int
    end: int
    args: tuple[PredArg, ...]

    def scored(self) -> Mention:
        """The form the scorer takes."""
        return Mention(
            self.event_type, self.start, self.end, tuple(Arg(a.head, a.role) for a in self.args)
        )


def _nearest(spans: Sequence[Span], anchor: int) -> Span | None:
    return min(spans, key=lambda s: abs(s.start - anchor), default=None)


def _participants(event: Event) -> list[tuple[str, list[Span], str]]:
    """(mapping key, spans, text) of every role, weapon and place of ``event``."""
    out = [(r.role.value, r.spans, r.text) for r in event.roles]
    out += [(f"instrument_{i.category}", i.spans, i.text) for i in event.instruments]
    out += [("place", p.spans, p.text) for p in event.places]
    return out


def event_mentions(
    event: Event,
    doc_text: DocText,
    offsets: OffsetMap,
    parse: Parse,
    tokens: Sequence[str],
    mapping: WikiEventsMapping,
) -> list[PredMention]:
    """The KAIROS mentions of one of our events: one per trigger with a KAIROS type."""

    def token_range(span: Span) -> list[int]:
        return doc_text.tokens_in(offsets.to_source(span.start), offsets.to_source(span.end))

    out: list[PredMention] = []
    for trigger in event.triggers:
        toks = token_range(trigger)
        if not toks:
            continue
        entry = trigger_entry(
            [tokens[i] for i in toks], [parse.lemmas[i] for i in toks], [parse.pos[i] for i in toks]
        )
        plover = entry.type if entry else event.event_type
        mode = entry.mode if entry and entry.mode else None
        if mode is None and plover == event.event_type:
            mode = event.mode
        kairos = mapping.kairos_type(plover, mode, entry.implies if entry else None)
        if kairos is None:
            continue
        roles = mapping.roles[kairos]
        args: list[PredArg] = []
        for key, spans, text in _participants(event):
            role = roles.get(key)
            if role is None and key.startswith("instrument_"):
                role = roles.get("instrument")
            span = _nearest(spans, trigger.start)
            if role is None or span is None:
                continue
            arg_toks = token_range(span)
            if not arg_toks:
                continue
            head = _span_head(arg_toks[0], arg_toks[-1], parse.heads)
            window = mapping.participant_window
            distance = abs(doc_text.token_sentence[head] - doc_text.token_sentence[toks[0]])
            if window is not None and distance > window:
                continue
            args.append(PredArg(role, head, arg_toks[0], arg_toks[-1] + 1, text))
        out.append(PredMention(kairos, toks[0], toks[-1] + 1, tuple(args)))
    return out


def _span_head(start: int, end: int, heads: Sequence[int]) -> int:
    return start if start == end else find_head(start, end, heads)


def _dedupe(mentions: list[PredMention]) -> list[PredMention]:
    """One mention per trigger span and type (merged events can share a trigger)."""
    seen: dict[tuple[str, int, int], PredMention] = {}
    for m in mentions:
        key = (m.event_type, m.start, m.end)
        if key in seen:
            merged = tuple(dict.fromkeys([*seen[key].args, *m.args]))
            seen[key] = PredMention(m.event_type, m.start, m.end, merged)
        else:
            seen[key] = m
    return list(seen.values())


# --- the run ----------------------------------------------------------------------------


def _prediction_record(
    doc: dict[str, Any], text: DocText, preds: list[PredMention]
) -> dict[str, Any]:
    tokens = doc["tokens"]
    return {
        "doc_id": doc["doc_id"],
        "event_mentions": [
            {
                "id": f"{doc['doc_id']}-P{n}",
                "event_type": m.event_type,
                "trigger": {
                    "start": m.start,
                    "end": m.end,
                    "text": " ".join(tokens[m.start : m.end]),
                    "sent_idx": text.token_sentence[m.start],
                },
                "arguments": [
                    {"role": a.role, "text": a.text, "start": a.start, "end": a.end, "head": a.head}
                    for a in m.args
                ],
            }
            for n, m in enumerate(preds, 1)
        ],
    }


def select_docs(docs: list[dict[str, Any]], limit: int | None, seed: int) -> list[dict[str, Any]]:
    """All documents, or a seeded random sample of ``limit`` of them in file order."""
    if limit is None or limit >= len(docs):
        return docs
    keep = set(random.Random(seed).sample(range(len(docs)), limit))
    return [d for i, d in enumerate(docs) if i in keep]


def run(options: EvalOptions) -> EvalReport:
    """Evaluate event mentions and argument heads on ``options.split``."""
    from newsevents.extract.article import extract_many
    from newsevents.ingest import read_text

    start = time.perf_counter()
    docs = select_docs(read_split(options.data, options.split), options.limit, options.seed)
    clusters = read_clusters(options.data, options.split)
    mapping = load_mapping()
    ontology = read_ontology(options.data)
    if ontology is not None:
        mapping.check(ontology, str(options.data / "ontology" / ONTOLOGY_FILE))

    texts = [build_text(d) for d in docs]
    articles = [read_text(t.text, title=None) for t in texts]
    pairs: list[tuple[GoldDoc, list[Mention]]] = []
    records: list[dict[str, Any]] = []
    n_events = 0
    for doc, text, article, result in zip(
        docs, texts, articles, extract_many(articles), strict=True
    ):
        parse = parse_tokens(doc["tokens"])
        offsets = OffsetMap(text.text, article.text)
        preds: list[PredMention] = []
        for event in result.events:
            preds += event_mentions(event, text, offsets, parse, doc["tokens"], mapping)
        preds = _dedupe(preds)
        n_events += len(result.events)
        gold = gold_document(doc, parse, clusters.get(str(doc["doc_id"])))
        pairs.append((gold, [p.scored() for p in preds]))
        records.append(_prediction_record(doc, text, preds))

    tallies = score_corpus(pairs)
    if options.predictions_out is not None:
        options.predictions_out.parent.mkdir(parents=True, exist_ok=True)
        with options.predictions_out.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    details: dict[str, Any] = {
        "n_events": n_events,
        "gold_mentions": tallies.trigger_c.gold,
        "pred_mentions": tallies.trigger_c.pred,
        "gold_args": tallies.arg_c.gold,
        "pred_args": tallies.arg_c.pred,
        "coref_file": bool(clusters),
        "sample": "seeded random sample" if options.limit is not None else "whole split",
        "per_type": {
            name: {"gold": t.gold, "pred": t.pred, "matched": t.matched, "f1": round(t.f1, 1)}
            for name, t in sorted(tallies.per_type.items(), key=lambda kv: -kv[1].gold)
        },
    }
    return EvalReport(
        dataset=DATASET,
        split=options.split,
        n_docs=len(docs),
        scores=tallies.scores(),
        details=details,
        seconds=time.perf_counter() - start,
    )
