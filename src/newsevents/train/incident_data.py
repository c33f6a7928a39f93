"""Training examples for the incident model: the extractor's own records on training
articles, each labelled by whether it is a real incident the gold data records.

The extractor runs on the training parts of sets whose gold says which incidents an article
reports, and each record it makes is matched to that gold:

- **MUC-4 train** (``muc4/gtt/train.json``): a record is real when it is of a compatible kind
  and its sentences name a filler of one of the document's templates (documents without a
  template report no relevant incident: all their records are negatives). MUC-4 codes only
  recent incidents reported as fact, so recalled and hypothetical ones are negatives too;
  it codes threatened attacks as well, so a threat of violence naming a filler is real.
- **HRDsAttack train** (``hrdsattack/train.json``): a violent or coercive record whose sentences
  name a victim of the gold record.
- **GVDB** (``gvdb/gvdb.jsonl``): a violent record whose sentences hold an annotated victim or
  shooter span.
- **CAMEO sentences** (``cameo-conflibert/cameo.jsonl``, ConfliBERT's train part, without the
  sentences shared with the PLOVER gold records): news leads whose one main event is coded by
  CAMEO's five classes (statement, verbal or material cooperation, verbal or material
  conflict). A record is not real when its PLOVER type's quad category is not the
  sentence's class; when it is, a violent or coercive record, a threat, a protest or a show
  of force is real (the only labels of threats that the other sets give), and other verbal
  records (accusations, demands, agreements) are left out: coders record such reactions only
  beside an incident.
- **BBC news** (``bbc-news/articles.jsonl``): general news (business, politics, sport,
  entertainment, technology); what the extractor finds there is figurative or off-topic.

Weak labels: in MUC-4, a violent record that matches no template is a negative (the keys list
every relevant incident); in HRDsAttack and GVDB, whose gold lists victims rather than
incidents, a violent record that names no gold victim is left out. In HRDsAttack, a threat
naming a gold victim is real and other non-violent records (accusations, condemnations,
calls for release) are not. MUC-4 and GVDB code violent and coercive incidents only, so
their records of other kinds are left out rather than taken as not real; an arrest naming
an attack's people is of its doers, part of the attack. Development and test parts are never
read here.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsevents.model import Article, Event

#: PLOVER types that stand for the violent and coercive incidents the training sets record.
VIOLENT = frozenset({"ASSAULT", "COERCE"})


@dataclass(frozen=True)
class Example:
    """One extracted record with its label."""

    source: str
    doc_id: str
    text: str
    event: Event
    label: int


@dataclass(frozen=True)
class _Doc:
    source: str
    doc_id: str
    article: Article
    # Strings (lower case) any of which in a record's sentences marks it as a gold incident.
    keys: tuple[str, ...]


def _covered(event: Event, text: str, keys: tuple[str, ...]) -> bool:
    spans = event.sentences or event.triggers
    window = " ".join(text[s.start : s.end] for s in spans).lower()
    return any(k in window for k in keys)


def _sample_rows(path: Path, limit: int, rng: random.Random) -> list[dict[str, Any]]:
    """``limit`` records of a JSON-lines file, in an order drawn from ``rng``."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rng.shuffle(rows)
    return rows[:limit]


def _muc_docs(data: Path, limit: int, rng: random.Random) -> list[_Doc]:
    path = data / "muc4" / "gtt" / "train.json"
    out = []
    for row in _sample_rows(path, limit, rng):
        keys = {
            mention.lower()
            for template in row["templates"]
            for role, entities in template.items()
            if role != "incident_type"
            for entity in entities
            for mention, _offset in entity
            if len(mention) >= 4
        }
        art = Article(id=f"muc4-{row['docid']}", text=row["doctext"])
        out.append(_Doc("muc4", row["docid"], art, tuple(sorted(keys))))
    return out


def _hrds_docs(data: Path, limit: int, rng: random.Random) -> list[_Doc]:
    from newsevents.evaluate.hrdsattack import load_mapping, read_items

    items = read_items(data / "hrdsattack" / "train.json", load_mapping().corrections)
    rng.shuffle(items)
    out = []
    for item in items[:limit]:
        keys = set()
        for victim in item.gold.victim_names:
            name = victim.strip()
            if len(name) >= 4 and name.lower() not in ("none", "unknown"):
                keys.add(name.lower())
                keys.add(name.split()[-1].lower())
        keys = {k for k in keys if len(k) >= 4}
        out.append(_Doc("hrdsattack", str(item.doc_id), item.article, tuple(sorted(keys))))
    return out


def _gvdb_docs(data: Path, limit: int, rng: random.Random) -> list[_Doc]:
    path = data / "gvdb" / "gvdb.jsonl"
    out = []
    for row in _sample_rows(path, limit, rng):
        keys = set()
        for person in [*(row.get("victims") or []), *(row.get("shooters") or [])]:
            name = (person.get("name") or {}) if isinstance(person.get("name"), dict) else {}
            value = str(name.get("text") or "").strip().lower()
            if len(value) >= 4:
                keys.add(value)
        art = Article(id=f"gvdb-{row['id']}", text=row["text"])
        out.append(_Doc("gvdb", row["id"], art, tuple(sorted(keys))))
    return out


def _bbc_docs(data: Path, limit: int, rng: random.Random) -> list[_Doc]:
    path = data / "bbc-news" / "articles.jsonl"
    out = []
    for row in _sample_rows(path, limit, rng):
        text = f"{row.get('title') or ''}\n\n{row['text']}".strip()
        out.append(_Doc("bbc", row["id"], Article(id=f"bbc-{row['id']}", text=text), ()))
    return out


def _cameo_docs(data: Path, limit: int, rng: random.Random) -> list[_Doc]:
    path = data / "cameo-conflibert" / "cameo.jsonl"
    out = []
    for row in _sample_rows(path, 10**9, rng):
        # Their "test" part is ConfliBERT's development and test data; sentences shared with
        # the PLOVER gold records stay out so that those records remain unseen.
        if row.get("conflibert_split") != "train" or row.get("overlaps_plover_gsr"):
            continue
        if row.get("penta_class") is None:
            continue
        art = Article(id=f"cameo-{row['id']}", text=str(row["text"]))
        out.append(_Doc("cameo", str(row["id"]), art, (str(int(row["penta_class"])),)))
        if len(out) >= limit:
            break
    return out


#: Documents read from each source by default (all of each set but BBC news).
DEFAULT_LIMITS = {"muc4": 1300, "hrdsattack": 300, "gvdb": 895, "cameo": 1400, "bbc": 600}
_READERS = {
    "muc4": _muc_docs,
    "hrdsattack": _hrds_docs,
    "gvdb": _gvdb_docs,
    "cameo": _cameo_docs,
    "bbc": _bbc_docs,
}


#: Kinds of verbal or material act other than violence and coercion that coders record as
#: incidents of their own: a specific threat, a protest, a show of force.
_INCIDENT_WORDS = frozenset({"THREATEN", "PROTEST", "MOBILIZE"})


def _quad(event_type: str) -> int | None:
    from newsevents.ontology.plover import plover

    for kind in plover().types:
        if kind.name == event_type:
            return kind.quad
    return None


def _label(doc: _Doc, event: Event) -> int | None:
    """1 for a gold incident, 0 for a record that is not one, None when the gold cannot say."""
    if doc.source == "bbc":
        return 0
    if doc.source == "cameo":
        # The sentence's class (0 a statement, 1-4 PLOVER's quad categories) against the
        # record's: a threat found in a verbal-conflict lead is real, one found in a
        # statement or a cooperation lead is not (a figurative use, or mistyped).
        if str(_quad(event.event_type)) != doc.keys[0]:
            return 0
        # Accusations, demands, refusals and agreements are real events, but reactions
        # that coders record only beside an incident, never as one: the lead's class cannot
        # say which a coder would keep.
        return 1 if event.event_type in VIOLENT or event.event_type in _INCIDENT_WORDS else None
    if doc.source == "muc4" and event.event_type == "THREATEN" and event.mode == "violence":
        # MUC-4 codes threatened attacks too (the stage of execution): a threat naming a
        # template's filler is one; one that names none the keys may simply leave out.
        return 1 if _covered(event, doc.article.text, doc.keys) else None
    if event.event_type not in VIOLENT:
        if doc.source == "hrdsattack":
            # A report on defenders codes what was done to them: a threat against one it
            # names is a violation ("other"); its other verbal records (accusations,
            # condemnations, calls for release) are reactions, not incidents.
            threat = event.event_type == "THREATEN"
            return int(threat and _covered(event, doc.article.text, doc.keys))
        # MUC-4 and GVDB code violent and coercive incidents; they say nothing of others.
        return None
    covered = _covered(event, doc.article.text, doc.keys)
    if event.mode == "arrest" and doc.source in ("muc4", "gvdb"):
        # MUC-4 and GVDB code the attack, not the arrests after it: an arrest naming the
        # attack's people is of its doers, which coders record in the attack's toll rather
        # than as an incident of its own; other arrests they say nothing of.
        return 0 if covered else None
    if covered:
        return 1
    if doc.source != "muc4":
        # HRDsAttack and GVDB annotate victims, not every incident, and their victims often
        # go unnamed: a violent record that names none of them may still be real.
        return None
    return 0


def examples(data: Path, limits: dict[str, int] | None = None, seed: int = 0) -> Iterator[Example]:
    """Extract each training document and yield its records, labelled."""
    from newsevents.extract.article import extract_many

    limits = limits or DEFAULT_LIMITS
    for source, limit in limits.items():
        docs = _READERS[source](data, limit, random.Random(f"{seed}:{source}"))
        results = extract_many(d.article for d in docs)
        for doc, result in zip(docs, results, strict=True):
            for event in result.events:
                label = _label(doc, event)
                if label is not None:
                    yield Example(source, doc.doc_id, doc.article.text, event, label)
