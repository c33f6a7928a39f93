"""WikiEvents end-to-end scoring: event mentions and head-word argument F1 (gen-arg style).

The argument metric follows the scorer of Li et al. 2021 (github.com/raspberryice/gen-arg,
``src/genie/pipeline_scorer.py`` with ``--head-only --coref``), which scores arguments
of *predicted* event mentions:

- every argument is reduced to its head token (gold spans lose a leading "the/a/an" and
  are reduced with the dependency parse, see :func:`find_head`);
- the gold total counts every argument of every gold event (``len(arguments)``); the
  predicted total counts the distinct (head, role) pairs of every predicted mention;
- a predicted mention is compared with the gold mention it is matched to (same KAIROS
  type, see below); one of its arguments is *identified* (Arg-I) when a gold argument of
  that mention has the same head, and *classified* (Arg-C) when it also has the same role;
- the coreference variant also accepts a head that belongs to the same coreference
  cluster as a gold argument's head, when the head itself did not match.

``arg_c_matched_f1`` is a diagnostic outside the published metric: Arg-C over matched
mention pairs only (both totals count only the arguments of matched mentions), which
separates argument errors from trigger errors.

gen-arg matches a predicted mention to a gold one only when the trigger spans are equal;
here, as for the event-mention score, trigger token spans must overlap (a trigger of ours
may be "set on fire" where the gold has "fire"). Mentions are matched one to one,
equal spans first, then the nearest start.

Event mentions are scored as usual for trigger extraction: Trigger-I counts predicted
mentions whose trigger overlaps an unmatched gold trigger, Trigger-C also requires the
same event type ("event-type F1"). All scores are percentages; undefined ratios are 0.

Pure Python: tokens are indexes into the document's gold token list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

ARTICLES = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class Arg:
    """One argument reduced to its head token, with its KAIROS role."""

    head: int
    role: str


@dataclass(frozen=True)
class Mention:
    """An event mention: KAIROS type, trigger tokens ``[start, end)`` and arguments."""

    event_type: str
    start: int
    end: int
    args: tuple[Arg, ...] = ()


@dataclass(frozen=True)
class GoldDoc:
    """The gold mentions of one document; ``clusters`` maps a head token to its entity
    cluster (coreferent mentions share the id; singletons may be absent)."""

    doc_id: str
    mentions: tuple[Mention, ...]
    clusters: Mapping[int, str] = field(default_factory=dict)


@dataclass
class Tally:
    """Predicted, gold and matched counts, with precision, recall and F1 in percent."""

    pred: int = 0
    gold: int = 0
    matched: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.pred += other.pred
        self.gold += other.gold
        self.matched += other.matched

    @property
    def precision(self) -> float:
        """Matched / predicted, in percent."""
        return 100.0 * self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        """Matched / gold, in percent."""
        return 100.0 * self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, in percent."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class WikiEventsTallies:
    """All the counts of one scoring run."""

    trigger_i: Tally = field(default_factory=Tally)
    trigger_c: Tally = field(default_factory=Tally)
    arg_i: Tally = field(default_factory=Tally)
    arg_c: Tally = field(default_factory=Tally)
    arg_i_coref: Tally = field(default_factory=Tally)
    arg_c_coref: Tally = field(default_factory=Tally)
    arg_c_matched: Tally = field(default_factory=Tally)
    per_type: dict[str, Tally] = field(default_factory=dict)

    def add(self, other: WikiEventsTallies) -> None:
        """Add another run's counts to these."""
        for name in (
            "trigger_i",
            "trigger_c",
            "arg_i",
            "arg_c",
            "arg_i_coref",
            "arg_c_coref",
            "arg_c_matched",
        ):
            getattr(self, name).add(getattr(other, name))
        for event_type, tally in other.per_type.items():
            self.per_type.setdefault(event_type, Tally()).add(tally)

    def scores(self) -> dict[str, float]:
        """Flat percentages: ``trigger_c_f1`` (event-type F1), ``arg_c_f1`` (head F1), ..."""
        out: dict[str, float] = {}
        for name in ("trigger_i", "trigger_c", "arg_i", "arg_c"):
            tally: Tally = getattr(self, name)
            out[f"{name}_p"] = tally.precision
            out[f"{name}_r"] = tally.recall
            out[f"{name}_f1"] = tally.f1
        out["arg_i_coref_f1"] = self.arg_i_coref.f1
        out["arg_c_coref_f1"] = self.arg_c_coref.f1
        out["arg_c_matched_f1"] = self.arg_c_matched.f1
        return out


def find_head(start: int, end: int, heads: Sequence[int]) -> int:
    """The head token of tokens ``start..end`` (inclusive), as gen-arg finds it: from the
    first token, follow the dependency heads while they stay inside the span.

    ``heads[i]`` is the index of token i's syntactic head (itself for a root).
    """
    cur = start
    seen = {cur}
    while start <= heads[cur] <= end and heads[cur] != cur:
        cur = heads[cur]
        if cur in seen:  # a malformed parse must not loop forever
            break
        seen.add(cur)
    return cur


def gold_head(tokens: Sequence[str], start: int, end: int, heads: Sequence[int]) -> int:
    """Head of the gold argument span ``[start, end)``: a leading article is dropped, then
    a multi-token span is reduced with :func:`find_head` (gen-arg's ``clean_span``)."""
    last = end - 1
    if start != last and tokens[start].lower() in ARTICLES:
        start += 1
    return start if start == last else find_head(start, last, heads)


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def match_mentions(
    gold: Sequence[Mention], pred: Sequence[Mention], typed: bool
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping triggers.

    With ``typed`` the event types must be equal too. Equal spans are paired first; then
    each remaining predicted mention, in text order, takes the free overlapping gold
    mention that starts nearest to it.
    """
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    order = sorted(range(len(pred)), key=lambda k: (pred[k].start, pred[k].end))

    def fits(g: int, k: int) -> bool:
        return (
            g not in taken_gold
            and _overlaps(gold[g], pred[k])
            and (not typed or gold[g].event_type == pred[k].event_type)
        )

    for exact in (True, False):
        for k in order:
            if k in taken_pred:
                continue
            p = pred[k]
            candidates = [
                g
                for g in range(len(gold))
                if fits(g, k) and (not exact or (gold[g].start, gold[g].end) == (p.start, p.end))
            ]
            if not candidates:
                continue
            best = min(candidates, key=lambda g: (abs(gold[g].start - p.start), g))
            taken_gold.add(best)
            taken_pred.add(k)
            pairs.append((best, k))
    return pairs


def score_document(gold: GoldDoc, pred: Sequence[Mention]) -> WikiEventsTallies:
    """Counts for one document (see the module docstring for the definitions)."""
    out = WikiEventsTallies()
    out.trigger_i = Tally(
        len(pred), len(gold.mentions), len(match_mentions(gold.mentions, pred, False))
    )
    typed = match_mentions(gold.mentions, pred, True)
    out.trigger_c = Tally(len(pred), len(gold.mentions), len(typed))
    for mention in gold.mentions:
        out.per_type.setdefault(mention.event_type, Tally()).gold += 1
    for mention in pred:
        out.per_type.setdefault(mention.event_type, Tally()).pred += 1
    for g, _ in typed:
        out.per_type[gold.mentions[g].event_type].matched += 1

    n_gold_args = sum(len(m.args) for m in gold.mentions)
    n_pred_args = sum(len(set(m.args)) for m in pred)
    for tally in (out.arg_i, out.arg_c, out.arg_i_coref, out.arg_c_coref):
        tally.gold, tally.pred = n_gold_args, n_pred_args
    for g, k in typed:
        gold_args = set(gold.mentions[g].args)
        gold_heads = {a.head for a in gold_args}
        gold_clusters = {
            (gold.clusters[a.head], a.role) for a in gold_args if a.head in gold.clusters
        }
        out.arg_c_matched.gold += len(gold.mentions[g].args)
        out.arg_c_matched.pred += len(set(pred[k].args))
        out.arg_c_matched.matched += len(set(pred[k].args) & gold_args)
        for arg in set(pred[k].args):
            if arg.head in gold_heads:
                classified = arg in gold_args
                for tally, hit in (
                    (out.arg_i, True),
                    (out.arg_c, classified),
                    (out.arg_i_coref, True),
                    (out.arg_c_coref, classified),
                ):
                    tally.matched += hit
                continue
            cluster = gold.clusters.get(arg.head)
            if cluster is None:
                continue
            if any(c == cluster for c, _ in gold_clusters):
                out.arg_i_coref.matched += 1
                out.arg_c_coref.matched += (cluster, arg.role) in gold_clusters
    return out


def score_corpus(docs: Iterable[tuple[GoldDoc, Sequence[Mention]]]) -> WikiEventsTallies:
    """Counts summed over documents (micro averages)."""
    total = WikiEventsTallies()
    for gold, pred in docs:
        total.add(score_document(gold, pred))
    return total
