"""The entity-level MUC-4 metric of GRIT (Du, Rush and Cardie, EACL 2021).

GRIT scores role-filler entities per document, ignoring which incident they belong to.
This module reproduces the "strict" score of its ``eval.py``:

* Gold "extracts" are the union over a document's templates of each role's entities, merged
  as GRIT's preprocessing merges them: in template order, an entity is added unless it is a
  subset or a superset (as a set of lower-cased mentions) of one already kept.
* Mentions of both sides are normalised like GTT's (lower case, no punctuation, no articles).
* Per document and role, predicted entities are aligned one-to-one with gold entities to
  maximise the number of correct pairs (GRIT uses ``linear_sum_assignment`` on a 0/1
  matrix; a maximum bipartite matching gives the same total). A pair is correct when every
  mention of the predicted entity is a mention of the gold entity.
* Precision = matched / predicted entities and recall = matched / gold entities, summed over
  documents per role; the micro average sums the five roles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from newsevents.evaluate.scorers.muc4_gtt import (
    ROLES,
    Counts,
    Entity,
    Template,
    normalize_string,
)

__all__ = ["Extracts", "GritScores", "extracts_from_templates", "max_matching", "score_grit"]

#: Role -> entities (each a tuple of mentions).
Extracts = Mapping[str, Sequence[Entity]]


def _is_subset(candidate: Entity, entity: Entity) -> bool:
    return all(m in entity for m in candidate)


def extracts_from_templates(templates: Sequence[Template]) -> dict[str, list[Entity]]:
    """Merge the entities of a document's templates per role, as GRIT builds its gold."""
    out: dict[str, list[Entity]] = {role: [] for role in ROLES}
    for tpl in templates:
        for role in ROLES:
            for entity in tpl.entities(role):
                candidate = tuple(m.lower() for m in entity)
                if not candidate:
                    continue
                kept = out[role]
                if not any(_is_subset(candidate, e) or _is_subset(e, candidate) for e in kept):
                    kept.append(candidate)
    return out


def max_matching(edges: Sequence[Sequence[bool]]) -> int:
    """Size of a maximum matching of a bipartite graph given as a left x right 0/1 matrix."""
    n_right = len(edges[0]) if edges else 0
    owner: list[int] = [-1] * n_right

    def augment(left: int, seen: list[bool]) -> bool:
        for right in range(n_right):
            if edges[left][right] and not seen[right]:
                seen[right] = True
                if owner[right] == -1 or augment(owner[right], seen):
                    owner[right] = left
                    return True
        return False

    return sum(1 for left in range(len(edges)) if augment(left, [False] * n_right))


@dataclass
class GritScores:
    """Counts per role summed over documents, with the micro average over the roles."""

    counts: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})

    @property
    def micro(self) -> Counts:
        """The counts of all roles together."""
        total = Counts()
        for role in ROLES:
            total.add(self.counts[role])
        return total


def _normalised(entities: Sequence[Entity]) -> list[Entity]:
    return [tuple(normalize_string(m) for m in ent) for ent in entities]


def score_grit(preds: Mapping[str, Extracts], golds: Mapping[str, Extracts]) -> GritScores:
    """Score predicted role-filler entities against gold ones, over the documents of ``golds``.

    A document or role missing from ``preds`` has no predictions.
    """
    result = GritScores()
    for docid, gold in golds.items():
        pred = preds.get(docid, {})
        for role in ROLES:
            g_ents = _normalised(gold.get(role, ()))
            p_ents = _normalised(pred.get(role, ()))
            edges = [[_is_subset(p, g) for p in p_ents] for g in g_ents]
            matched = max_matching(edges)
            result.counts[role].add(
                Counts(p_num=matched, p_den=len(p_ents), r_num=matched, r_den=len(g_ents))
            )
    return result
