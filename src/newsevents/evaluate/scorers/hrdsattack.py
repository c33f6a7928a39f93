"""The HRDsAttack metrics (Ran et al. 2023), as computed by ``evaluate_all`` in
``src/models/utils.py`` of github.com/dataminr-ai/HRDsAttack.

Reproduced exactly:

* Gold normalisation of ``load_examples``: ``n/a``/``none`` city, region and country become
  missing; months given as numbers become English month names; year and day become integer
  strings (``"2021.0"`` -> ``"2021"``); the script's per-document corrections are applied
  (they are passed in, see :class:`GoldCorrections`); ``unknown`` is dropped from a gold
  violation set that has other labels; unnamed victims are removed.
* Every single-valued field (perpetrator type, city, region, country, year, month, day) is
  scored by exact string equality over all documents. The published model always answers
  with a string and answers ``"None"`` when it finds nothing, while a missing gold value is
  Python ``None``: a document whose gold value is missing can therefore never be correct.
  The ``*_acc`` scores keep that behaviour; the ``*_acc_lenient`` scores also count "no
  answer" against "no gold value" as correct.
* Violation types are micro precision/recall/F1 pooled over documents; an empty prediction
  becomes ``{"unknown"}``.
* Victim names: predictions are de-duplicated as the script does (a name contained in an
  earlier one is dropped when collected, then a name contained in a later one is dropped);
  precision's denominator is the count after the first step, as in the script. A name is an
  exact match when it equals a gold name; a fuzzy match when it contains or is contained in
  one. Precision, recall and F1 are pooled over documents.

One divergence: the published script fails (``float("unknown")``) on the gold value
``unknown`` of year or day that the released files contain; here ``unknown`` (any case) is
a missing gold value in every field, like ``n/a``. For a system that never answers
``unknown`` the published scores are the same either way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsevents.evaluate.scorers.classification import prf

MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: The violation labels of the dataset; ``unknown`` means none of the others applies.
VIOLATION_TYPES: tuple[str, ...] = (
    "arbitrary detention",
    "enforced disappearance",
    "kidnapping",
    "killing",
    "other",
    "torture",
    "unknown",
)

#: What the published system answers when it finds no value.
NO_ANSWER = "None"

_MISSING = frozenset({"n/a", "none", "n//a", "unknown"})
_FIELDS = ("perpetrator_type", "city", "region", "country", "year", "month", "date")


@dataclass(frozen=True)
class GoldCorrections:
    """Corrections the published loader applies to the released annotations.

    ``by_id`` maps a document id (``Input.GLOBALEVENTID``) to field values that replace the
    annotation; ``values`` maps a field name to wrong value -> corrected value (the wrong
    value compared without regard to case, as the script does for months).
    """

    by_id: Mapping[int, Mapping[str, str]] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class HrdsGold:
    """One document's normalised gold annotation."""

    doc_id: int
    perpetrator_mention: bool
    perpetrator_type: str | None
    violation_types: frozenset[str]
    year: str | None
    month: str | None
    date: str | None
    city: str | None
    region: str | None
    country: str | None
    victim_names: tuple[str, ...]


@dataclass(frozen=True)
class HrdsPrediction:
    """What a system says about one document; ``None`` is "no answer"."""

    perpetrator_mention: bool = False
    perpetrator_type: str | None = None
    violation_types: frozenset[str] = frozenset()
    year: str | None = None
    month: str | None = None
    date: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    victim_names: tuple[str, ...] = ()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in _MISSING)


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def _integer(value: Any) -> str | None:
    if _missing(value):
        return None
    try:
        return str(int(float(str(value))))
    except ValueError:
        return str(value)


def _month(value: Any) -> str | None:
    if _missing(value):
        return None
    text = str(value)
    try:
        number = int(float(text.strip()))
    except ValueError:
        return text
    return MONTHS[number - 1] if 1 <= number <= 12 else text


def normalise_gold(
    doc_id: int, merged: Mapping[str, Any], corrections: GoldCorrections | None = None
) -> HrdsGold:
    """Normalise one ``merged_sample`` the way the published loader does."""
    fixes = corrections or GoldCorrections()
    raw = dict(merged)
    for name, table in fixes.values.items():
        value = raw.get(name)
        if isinstance(value, str):
            lowered = {k.lower(): v for k, v in table.items()}
            raw[name] = lowered.get(value.lower(), value)
    raw.update(fixes.by_id.get(doc_id, {}))
    violations = set(raw.get("violation_types") or [])
    if len(violations) > 1:
        violations.discard("unknown")
    names = tuple(str(v["victim_name"]) for v in raw.get("victims") or [] if v.get("victim_name"))
    return HrdsGold(
        doc_id=doc_id,
        perpetrator_mention=bool(raw.get("perpetrator_mention")),
        perpetrator_type=raw.get("perpetrator_type"),
        violation_types=frozenset(violations),
        year=_integer(raw.get("year")),
        month=_month(raw.get("month")),
        date=_integer(raw.get("date")),
        city=_text(raw.get("city")),
        region=_text(raw.get("region")),
        country=_text(raw.get("country")),
        victim_names=names,
    )


def _collect(names: Sequence[str]) -> list[str]:
    """The script's first de-duplication: drop a name contained in one already kept."""
    kept: list[str] = []
    for name in names:
        name = name.strip()
        if name and not any(name in k for k in kept):
            kept.append(name)
    return kept


def _dedupe_backwards(names: list[str]) -> list[str]:
    """The script's second pass: drop a name contained in a later kept one."""
    kept: list[str] = []
    for name in reversed(names):
        if not any(name in k for k in kept):
            kept.append(name)
    kept.reverse()
    return kept


@dataclass
class _Counts:
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_FIELDS, 0))
    lenient: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_FIELDS, 0))
    vio_pred: int = 0
    vio_gold: int = 0
    vio_shared: int = 0
    vio_exact: int = 0
    vio_any: int = 0
    perp_pred: int = 0
    perp_gold: int = 0
    perp_both: int = 0
    vic_pred: int = 0
    vic_gold: int = 0
    vic_exact: int = 0
    vic_fuzzy: int = 0


def _add_document(c: _Counts, gold: HrdsGold, pred: HrdsPrediction) -> None:
    for name in _FIELDS:
        g, p = getattr(gold, name), getattr(pred, name)
        answer = NO_ANSWER if p is None else p
        c.correct[name] += int(g == answer)
        c.lenient[name] += int(g == p or (g is None and p in (None, NO_ANSWER)))
    sys_vio = set(pred.violation_types) or {"unknown"}
    shared = len(sys_vio & gold.violation_types)
    c.vio_pred += len(sys_vio)
    c.vio_gold += len(gold.violation_types)
    c.vio_shared += shared
    c.vio_exact += int(sys_vio == gold.violation_types)
    c.vio_any += int(shared > 0)
    c.perp_pred += int(pred.perpetrator_mention)
    c.perp_gold += int(gold.perpetrator_mention)
    c.perp_both += int(pred.perpetrator_mention and gold.perpetrator_mention)
    collected = _collect(pred.victim_names)
    c.vic_pred += len(collected)
    c.vic_gold += len(gold.victim_names)
    for name in _dedupe_backwards(collected):
        c.vic_exact += int(name in gold.victim_names)
        c.vic_fuzzy += int(any(name in g or g in name for g in gold.victim_names if g.strip()))


def score(golds: Sequence[HrdsGold], preds: Sequence[HrdsPrediction]) -> dict[str, float]:
    """All HRDsAttack scores, as percentages (0-100), keyed by flat metric names.

    ``perpetrator_type_acc``, ``violation_type_f1`` (micro), ``country_acc``, ``region_acc``,
    ``city_acc``, ``year_acc``, ``month_acc``, ``date_acc`` (day of month),
    ``victim_name_f1`` (exact) and ``victim_name_fuzzy_f1`` are the published metrics; the
    ``_p``/``_r`` scores, ``violation_type_acc`` (exact set), ``violation_type_loose_acc``
    (any overlap), ``perpetrator_mention_f1`` and the ``_lenient`` accuracies come with them.
    """
    if len(golds) != len(preds):
        raise ValueError(f"{len(golds)} gold documents but {len(preds)} predictions")
    c = _Counts()
    for gold, pred in zip(golds, preds, strict=True):
        _add_document(c, gold, pred)
    n = len(golds)

    def pct(x: float) -> float:
        return 100.0 * x

    out: dict[str, float] = {}
    for name in _FIELDS:
        out[f"{name}_acc"] = pct(c.correct[name] / n) if n else 0.0
        out[f"{name}_acc_lenient"] = pct(c.lenient[name] / n) if n else 0.0
    vio = prf(c.vio_shared, c.vio_pred, c.vio_gold)
    out |= {
        "violation_type_p": pct(vio.precision),
        "violation_type_r": pct(vio.recall),
        "violation_type_f1": pct(vio.f1),
        "violation_type_acc": pct(c.vio_exact / n) if n else 0.0,
        "violation_type_loose_acc": pct(c.vio_any / n) if n else 0.0,
    }
    perp = prf(c.perp_both, c.perp_pred, c.perp_gold)
    out["perpetrator_mention_f1"] = pct(perp.f1)
    exact = prf(c.vic_exact, c.vic_pred, c.vic_gold)
    fuzzy = prf(c.vic_fuzzy, c.vic_pred, c.vic_gold)
    out |= {
        "victim_name_p": pct(exact.precision),
        "victim_name_r": pct(exact.recall),
        "victim_name_f1": pct(exact.f1),
        "victim_name_fuzzy_p": pct(fuzzy.precision),
        "victim_name_fuzzy_r": pct(fuzzy.recall),
        "victim_name_fuzzy_f1": pct(fuzzy.f1),
    }
    return out


__all__ = [
    "MONTHS",
    "NO_ANSWER",
    "VIOLATION_TYPES",
    "GoldCorrections",
    "HrdsGold",
    "HrdsPrediction",
    "normalise_gold",
    "score",
]
