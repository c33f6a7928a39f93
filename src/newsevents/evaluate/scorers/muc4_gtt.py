"""MUC-4 templates in the processed GTT format, and the template-level metric of GTT.

The format and the metric are those of Du, Cardie and Rush, "Template Filling with
Generative Transformers" (NAACL 2021), whose ``eval.py`` this module reproduces:

* Mentions are normalised (lower case; ASCII punctuation removed; the words "a", "an" and
  "the" removed wherever they occur; runs of white space collapsed).
* In each document, predicted templates are aligned one-to-one with gold templates (or left
  unaligned). A pair only counts when the predicted incident type is a substring of the
  gold one ("bombing" aligns with "bombing / attack"). Every valid alignment is scored and
  the one with the highest document micro F1 is kept; on ties the first in the order of
  ``itertools.product`` (gold index 0, 1, ..., then "unaligned") wins. This module finds the
  same alignment by a depth-first search in that order that skips branches which cannot
  beat the best so far, instead of listing every alignment.
* In an aligned pair, the incident type counts once as correct for precision and recall.
  A predicted entity (a list of mentions) is correct when all its mentions are among the
  mentions of some gold entity of the same role; a gold entity is found when some
  predicted entity of the role is correct for it. Several predicted entities may be
  correct for the same gold entity: entities are not aligned one-to-one in this metric.
* Unaligned predicted templates add their incident type and every entity to the precision
  denominator; unaligned gold templates add theirs to the recall denominator. Documents
  without gold templates therefore only cost precision, and a predicted template with an
  incident type and no fillers still counts one item.
* Counts are summed over documents (micro average); the overall score sums the incident
  type and the five roles.

Gold templates are read as the original script reads them: entities without mentions are
dropped and a template identical to an earlier one of the same document is dropped.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsevents.errors import DataFileError
from newsevents.evaluate.scorers.assignment import max_assignment

__all__ = [
    "INCIDENT_TYPES",
    "ROLES",
    "SCORE_KEYS",
    "Counts",
    "DocumentScore",
    "GoldDocument",
    "GttScores",
    "Template",
    "f1_score",
    "gold_templates",
    "gtt_docid",
    "max_assignment",
    "normalize_string",
    "read_gtt",
    "score_document",
    "score_gtt",
]

#: The five role slots of the GTT templates, in the order of the original script.
ROLES: tuple[str, ...] = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
#: Keys scored by the template metric: the incident type, then the roles.
SCORE_KEYS: tuple[str, ...] = ("incident_type", *ROLES)
#: Incident types of MUC-4 (gold keys may join two with " / ").
INCIDENT_TYPES: tuple[str, ...] = (
    "attack",
    "bombing",
    "kidnapping",
    "arson",
    "robbery",
    "forced work stoppage",
)

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCTUATION = frozenset(string.punctuation)

Entity = tuple[str, ...]


def normalize_string(text: str) -> str:
    """Normalise a mention as the GTT and GRIT scorers do before comparing strings."""
    lowered = text.lower()
    no_punct = "".join(ch for ch in lowered if ch not in _PUNCTUATION)
    no_articles = _ARTICLES.sub(" ", no_punct)
    return " ".join(no_articles.split())


@dataclass(frozen=True)
class Template:
    """One incident: its type and, for each role, the entities (each a list of mentions)."""

    incident_type: str
    fillers: Mapping[str, tuple[Entity, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.fillers) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown role(s) {sorted(unknown)}; roles are {list(ROLES)}")
        # Every role is present so that scoring never meets a missing slot.
        full = {role: tuple(tuple(e) for e in self.fillers.get(role, ())) for role in ROLES}
        object.__setattr__(self, "fillers", full)

    @classmethod
    def build(
        cls, incident_type: str, fillers: Mapping[str, Iterable[Iterable[str]]] | None = None
    ) -> Template:
        """A template from plain lists: ``{"Victim": [["jose perez", "perez"]]}``."""
        given = fillers or {}
        return cls(incident_type, {r: tuple(tuple(e) for e in given[r]) for r in given})

    def entities(self, role: str) -> tuple[Entity, ...]:
        """The entities of ``role`` (empty for a role with no filler)."""
        return self.fillers[role]

    def normalised(self) -> Template:
        """The same template with every mention normalised."""
        return Template(
            self.incident_type,
            {
                role: tuple(tuple(normalize_string(m) for m in ent) for ent in ents)
                for role, ents in self.fillers.items()
            },
        )

    def to_json(self) -> dict[str, Any]:
        """The template as the GTT scripts write it: role -> list of lists of mentions."""
        out: dict[str, Any] = {"incident_type": self.incident_type}
        for role in ROLES:
            out[role] = [list(ent) for ent in self.fillers[role]]
        return out


@dataclass(frozen=True)
class GoldDocument:
    """One line of a processed GTT file.

    ``templates`` keep the mentions and their character offsets as given:
    role -> entities -> ``(mention, offset)`` pairs.
    """

    docid: str
    text: str
    templates: tuple[tuple[str, Mapping[str, tuple[tuple[tuple[str, int], ...], ...]]], ...]

    def raw_templates(self) -> list[Template]:
        """The templates with mention strings only, in file order, duplicates kept."""
        return [
            Template(itype, {r: tuple(tuple(m for m, _ in ent) for ent in roles[r]) for r in roles})
            for itype, roles in self.templates
        ]


def _fail(path: Path, lineno: int, problem: str) -> DataFileError:
    return DataFileError(str(path), f"line {lineno}: {problem}")


def _parse_entity(value: Any, path: Path, lineno: int, where: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, list):
        raise _fail(path, lineno, f"{where}: an entity must be a list of [mention, offset] pairs")
    out = []
    for pair in value:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not isinstance(pair[0], str)
            or not isinstance(pair[1], int)
            or isinstance(pair[1], bool)
        ):
            raise _fail(path, lineno, f"{where}: expected [mention, offset], got {pair!r}")
        out.append((pair[0], pair[1]))
    return tuple(out)


def _parse_line(record: Any, path: Path, lineno: int) -> GoldDocument:
    if not isinstance(record, dict):
        raise _fail(path, lineno, "expected a JSON object")
    docid, text, templates = record.get("docid"), record.get("doctext"), record.get("templates")
    if not isinstance(docid, str) or not docid:
        raise _fail(path, lineno, "missing or empty 'docid'")
    if not isinstance(text, str):
        raise _fail(path, lineno, f"{docid}: missing 'doctext'")
    if not isinstance(templates, list):
        raise _fail(path, lineno, f"{docid}: 'templates' must be a list (empty when none)")
    parsed = []
    for k, tpl in enumerate(templates):
        where = f"{docid} template {k}"
        if not isinstance(tpl, dict) or not isinstance(tpl.get("incident_type"), str):
            raise _fail(path, lineno, f"{where}: needs a string 'incident_type'")
        unknown = set(tpl) - set(SCORE_KEYS)
        if unknown:
            raise _fail(path, lineno, f"{where}: unknown keys {sorted(unknown)}")
        roles = {}
        for role in ROLES:
            ents = tpl.get(role, [])
            if not isinstance(ents, list):
                raise _fail(path, lineno, f"{where} {role}: must be a list of entities")
            roles[role] = tuple(_parse_entity(e, path, lineno, f"{where} {role}") for e in ents)
        parsed.append((tpl["incident_type"], roles))
    return GoldDocument(docid=docid, text=text, templates=tuple(parsed))


def read_gtt(path: Path) -> list[GoldDocument]:
    """Read a processed GTT file (one JSON object per line); DataFileError names the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataFileError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), f"cannot read it ({exc})") from None
    docs = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, lineno, f"not JSON ({exc.msg})") from None
        docs.append(_parse_line(record, path, lineno))
    return docs


def gtt_docid(docid: str) -> str:
    """The document key of the GTT scripts: "TST1-MUC3-0001" -> "10001".

    The scripts compute it from the last character of the first part and the number after
    the last dash. Ids that do not have that shape (the training ids "DEV-MUC3-0001") are
    kept as they are, since the scripts cannot key them.
    """
    parts = docid.split("-")
    if len(parts) >= 2 and parts[0][-1:].isdigit() and parts[-1].isdigit():
        return str(int(parts[0][-1]) * 10000 + int(parts[-1]))
    return docid


def gold_templates(doc: GoldDocument) -> list[Template]:
    """The gold templates as the GTT scorer reads them: empty entities and repeats dropped."""
    out: list[Template] = []
    for tpl in doc.raw_templates():
        kept = Template(
            tpl.incident_type, {r: tuple(e for e in tpl.fillers[r] if e) for r in ROLES}
        )
        if kept not in out:
            out.append(kept)
    return out


def f1_score(p_num: float, p_den: float, r_num: float, r_den: float) -> float:
    """F1 in [0, 1], computed exactly as the original scripts do (ties depend on it)."""
    p = 0 if p_den == 0 else p_num / float(p_den)
    r = 0 if r_den == 0 else r_num / float(r_den)
    return 0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass
class Counts:
    """Numerators and denominators of precision and recall for one slot."""

    p_num: float = 0
    p_den: float = 0
    r_num: float = 0
    r_den: float = 0

    def add(self, other: Counts) -> None:
        """Add ``other`` into these counts."""
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    @property
    def precision(self) -> float:
        """Precision in [0, 1] (0 when nothing was predicted)."""
        return 0 if self.p_den == 0 else self.p_num / self.p_den

    @property
    def recall(self) -> float:
        """Recall in [0, 1] (0 when there is no gold)."""
        return 0 if self.r_den == 0 else self.r_num / self.r_den

    @property
    def f1(self) -> float:
        """F1 in [0, 1]."""
        return f1_score(self.p_num, self.p_den, self.r_num, self.r_den)


@dataclass
class DocumentScore:
    """Counts of one document under its best alignment (pred index -> gold index or -1)."""

    counts: dict[str, Counts]
    alignment: dict[int, int]


@dataclass
class GttScores:
    """Counts per scored key summed over documents, with the micro average over all keys."""

    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in SCORE_KEYS})
    documents: dict[str, DocumentScore] = field(default_factory=dict)

    @property
    def micro(self) -> Counts:
        """The counts of every key together (the "micro_avg" line of the original script)."""
        total = Counts()
        for key in SCORE_KEYS:
            total.add(self.counts[key])
        return total


def _matches(gold_entity: Entity, pred_entity: Entity) -> bool:
    # A predicted entity is correct when all its mentions are mentions of the gold entity.
    return all(m in gold_entity for m in pred_entity)


@dataclass(frozen=True)
class _Gain:
    per_key: dict[str, tuple[int, int]]
    p_num: int
    r_num: int


def _pair_gain(pred: Template, gold: Template) -> _Gain | None:
    if pred.incident_type not in gold.incident_type:
        return None
    per_key = {"incident_type": (1, 1)}
    for role in ROLES:
        p_ents, g_ents = pred.fillers[role], gold.fillers[role]
        pn = sum(1 for pe in p_ents if any(_matches(ge, pe) for ge in g_ents))
        rn = sum(1 for ge in g_ents if any(_matches(ge, pe) for pe in p_ents))
        per_key[role] = (pn, rn)
    return _Gain(
        per_key,
        sum(v[0] for v in per_key.values()),
        sum(v[1] for v in per_key.values()),
    )


def _denominators(templates: Sequence[Template]) -> dict[str, int]:
    den = {key: 0 for key in SCORE_KEYS}
    for tpl in templates:
        den["incident_type"] += 1
        for role in ROLES:
            den[role] += len(tpl.fillers[role])
    return den


class _AlignmentSearch:
    """Find the alignment the exhaustive search of the original script keeps.

    The script tries every alignment in ``itertools.product`` order and keeps the first with
    the highest document F1. Denominators do not depend on the alignment, so F1 only grows
    with the two numerators; a branch is skipped when the best numerators it could reach
    (each bounded by an optimal assignment of what is left) cannot beat the best F1 found so
    far, or cannot reach the F1 of a greedy alignment found first. Visiting branches in
    the same order keeps the script's choice among equal scores.
    """

    def __init__(self, gains: list[list[_Gain | None]], p_den: int, r_den: int) -> None:
        self.n = len(gains)
        self.m = len(gains[0]) if gains else 0
        self.pn = [[g.p_num if g else 0 for g in row] for row in gains]
        self.rn = [[g.r_num if g else 0 for g in row] for row in gains]
        self.p_den, self.r_den = p_den, r_den
        self.best_f1: float | None = None
        self.best: dict[int, int] = {}
        self.current = [-1] * self.n
        self._bounds: dict[tuple[int, frozenset[int]], tuple[int, int]] = {}
        self.floor = self._greedy_f1()

    def _greedy_f1(self) -> float:
        """F1 of one good alignment, pairing the largest summed numerators first."""
        if not self.n or not self.m:
            return 0.0
        taken: set[int] = set()
        p_num = r_num = 0
        pairs = sorted(
            ((self.pn[i][j] + self.rn[i][j], i, j) for i in range(self.n) for j in range(self.m)),
            reverse=True,
        )
        rows: set[int] = set()
        for w, i, j in pairs:
            if w and i not in rows and j not in taken:
                rows.add(i)
                taken.add(j)
                p_num += self.pn[i][j]
                r_num += self.rn[i][j]
        return f1_score(p_num, self.p_den, r_num, self.r_den)

    def _bound(self, i: int, used: frozenset[int]) -> tuple[int, int]:
        key = (i, used)
        if key not in self._bounds:
            free = [j for j in range(self.m) if j not in used]
            if not free or i == self.n:
                self._bounds[key] = (0, 0)
            else:
                self._bounds[key] = (
                    max_assignment([[self.pn[k][j] for j in free] for k in range(i, self.n)]),
                    max_assignment([[self.rn[k][j] for j in free] for k in range(i, self.n)]),
                )
        return self._bounds[key]

    def run(self) -> dict[int, int]:
        """Search and return the alignment: predicted index -> gold index or -1."""
        self._search(0, frozenset(), 0, 0)
        return self.best

    def _search(self, i: int, used: frozenset[int], p_num: int, r_num: int) -> None:
        if self.best_f1 is not None or i < self.n:
            p_up, r_up = self._bound(i, used)
            reachable = f1_score(p_num + p_up, self.p_den, r_num + r_up, self.r_den)
            if reachable < self.floor or (self.best_f1 is not None and reachable <= self.best_f1):
                return
        if i == self.n:
            score = f1_score(p_num, self.p_den, r_num, self.r_den)
            if self.best_f1 is None or score > self.best_f1:
                self.best_f1, self.best = score, dict(enumerate(self.current))
            return
        for j in range(self.m):
            if j not in used:
                self.current[i] = j
                self._search(i + 1, used | {j}, p_num + self.pn[i][j], r_num + self.rn[i][j])
        self.current[i] = -1
        self._search(i + 1, used, p_num, r_num)


def score_document(pred: Sequence[Template], gold: Sequence[Template]) -> DocumentScore:
    """Score one document's templates (mentions already normalised) under the best alignment."""
    gains = [[_pair_gain(p, g) for g in gold] for p in pred]
    p_den, r_den = _denominators(pred), _denominators(gold)
    alignment = _AlignmentSearch(gains, sum(p_den.values()), sum(r_den.values())).run()
    counts = {key: Counts(p_den=p_den[key], r_den=r_den[key]) for key in SCORE_KEYS}
    for i, j in alignment.items():
        gain = gains[i][j] if j >= 0 else None
        if gain is None:
            continue
        for key, (p_num, r_num) in gain.per_key.items():
            counts[key].p_num += p_num
            counts[key].r_num += r_num
    return DocumentScore(counts=counts, alignment=alignment)


def score_gtt(
    preds: Mapping[str, Sequence[Template]], golds: Mapping[str, Sequence[Template]]
) -> GttScores:
    """Score predicted templates against gold ones, over the documents of ``golds``.

    Mentions are normalised here. A document missing from ``preds`` has no predictions.
    Gold templates should come from :func:`gold_templates` to match the original script.
    """
    result = GttScores()
    for docid, gold in golds.items():
        pred = [t.normalised() for t in preds.get(docid, ())]
        doc = score_document(pred, [t.normalised() for t in gold])
        result.documents[docid] = doc
        for key in SCORE_KEYS:
            result.counts[key].add(doc.counts[key])
    return result
