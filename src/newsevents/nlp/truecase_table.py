"""The word-casing table behind truecasing, built once from the ``truecase`` package's statistics.

The PyPI package ``truecase`` ships ``truecase/data/english.dist``: a 76 MB pickle of unigram,
bigram and trigram casing counts from NLTK's English corpora (Brown, Reuters, SemCor, CoNLL-2000,
State of the Union). Reading it takes seconds, so on first use it is turned into a compact table
(how each known word is written, with counts, and the bigram counts of the words that have more
than one casing) that is cached as JSON in ``$NEWSEVENTS_CACHE`` (default
``$XDG_CACHE_HOME/newsevents`` or ``~/.cache/newsevents``) and read from there afterwards.

The pickle is read with an unpickler that accepts only the handful of types it holds, so neither
``nltk`` needs to be imported nor can a tampered file run code.
"""

from __future__ import annotations

import importlib.util
import logging
import pickle
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import orjson

from newsevents.cache import cache_dir, write_atomically
from newsevents.errors import DataFileError

_log = logging.getLogger(__name__)

#: Bump when the layout or the pruning of the cached table changes.
TABLE_FORMAT = 2
_CACHE_NAME = f"truecase-table-v{TABLE_FORMAT}.json"

# In the source statistics the word before a sentence's first word is the previous sentence's
# last token, so a capitalised word after these tokens was capitalised because it starts a
# sentence, not because it is a name.
_SENTENCE_END_TOKENS = frozenset({".", "?", "!", "''"})
# A casing must be at least this share of a word's uses to be kept as a candidate: rarer ones
# are mostly headline capitals and typos ("NAtional", "THe").
_MIN_SHARE = 0.01
_MIN_COUNT = 2
# All-caps forms come mostly from headlines; keep them for short words (acronyms) or when common.
_UPPER_MIN_SHARE = 0.2
_UPPER_SHORT_LEN = 5
_UPPER_SHORT_MIN_SHARE = 0.02
# Context counts below this total carry little evidence and would bloat the table.
_MIN_CONTEXT_COUNT = 2


@dataclass(frozen=True)
class CasingTable:
    """How words are written in edited English text.

    ``forms`` maps a lower-case word to its casings, most frequent first, separated by spaces.
    ``counts`` gives, for words with several casings, how often each casing occurs outside
    sentence-initial position. ``back`` maps ``"<previous token> <word>"`` and ``fwd`` maps
    ``"<word> <next token>"`` (all lower case) to counts aligned with the word's casings. Counts
    are space-separated integers. Values stay strings until they are needed: a few hundred
    thousand small lists would take most of a second to read.
    """

    forms: dict[str, str]
    counts: dict[str, str]
    back: dict[str, str]
    fwd: dict[str, str]

    def casings(self, lower: str) -> list[str] | None:
        """The casings of ``lower``, most frequent first, or None for an unknown word."""
        joined = self.forms.get(lower)
        return joined.split(" ") if joined is not None else None

    @staticmethod
    def numbers(table: dict[str, str], key: str) -> list[int] | None:
        """The counts stored under ``key`` in ``counts``, ``back`` or ``fwd``, or None."""
        joined = table.get(key)
        return [int(n) for n in joined.split(" ")] if joined is not None else None


class _StatsUnpickler(pickle.Unpickler):
    """Unpickler for ``english.dist`` that builds plain dicts and refuses any other global."""

    _ALLOWED: ClassVar[dict[tuple[str, str], Any]] = {
        # FreqDist is a Counter subclass pickled as (FreqDist, (plain_dict,)).
        ("nltk.probability", "FreqDist"): dict,
        ("builtins", "set"): set,
        ("builtins", "frozenset"): frozenset,
        ("builtins", "dict"): dict,
    }

    def find_class(self, module: str, name: str) -> Any:
        """Return the allowed stand-in for ``module.name`` or refuse it."""
        try:
            return self._ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"unexpected global {module}.{name}") from None


def source_path() -> Path | None:
    """Where the installed ``truecase`` package keeps ``english.dist``, or None if it is absent.

    The package is located without being imported: importing it imports all of ``nltk``.
    """
    spec = importlib.util.find_spec("truecase")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "data" / "english.dist"
        if candidate.is_file():
            return candidate
    return None


def _read_stats(stream: BinaryIO, path: str) -> dict[str, Any]:
    """Unpickle the statistics and check they have the expected shape."""
    try:
        raw = _StatsUnpickler(stream).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as exc:
        raise DataFileError(path, f"not a truecase statistics pickle ({exc})") from exc
    keys = ("uni_dist", "backward_bi_dist", "forward_bi_dist", "word_casing_lookup")
    if not isinstance(raw, dict) or any(not isinstance(raw.get(k), dict) for k in keys):
        raise DataFileError(path, f"expected a dict with the keys {', '.join(keys)}")
    return raw


def _keep_form(form: str, count: int, total: int, best: int, title_count: int) -> bool:
    """Whether a casing of a word is common enough to be a candidate."""
    if count == best:
        return True
    if count < _MIN_COUNT or count < _MIN_SHARE * total:
        return False
    if form.islower() or form.istitle():
        return True
    if form.isupper():
        if count >= total * _UPPER_MIN_SHARE:
            return True
        # A short word written in capitals more often than capitalised is an acronym ("US"
        # beside "us"); otherwise its capitals are headline capitals ("MAY" beside "May").
        short = len(form) <= _UPPER_SHORT_LEN and count >= total * _UPPER_SHORT_MIN_SHARE
        return short and count > title_count
    # Inner capitals ("McDonald") are kept only as the main form, handled above.
    return False


def build_table(stats: dict[str, Any]) -> CasingTable:
    """Derive the compact casing table from the unpickled ``english.dist`` statistics."""
    uni: dict[str, int] = stats["uni_dist"]
    backward: dict[str, int] = stats["backward_bi_dist"]
    forward: dict[str, int] = stats["forward_bi_dist"]
    lookup: dict[str, set[str]] = stats["word_casing_lookup"]

    # Occurrences of a capitalised form that are explained by sentence starts.
    initial: dict[str, int] = defaultdict(int)
    for key, count in backward.items():
        prev, _, word = key.rpartition("_")
        if prev in _SENTENCE_END_TOKENS and word[:1].isupper():
            initial[word] += count

    forms: dict[str, list[str]] = {}
    counts: dict[str, list[int]] = {}
    for lower, variants in lookup.items():
        if not isinstance(lower, str) or not lower or any(c.isspace() for c in lower):
            continue
        scored = []
        for form in variants:
            if len(form) != len(lower) or form.lower() != lower:
                continue
            count = int(uni.get(form, 0))
            if form.istitle() or (form[:1].isupper() and form[1:].islower()):
                count = max(count - initial.get(form, 0), 0)
            scored.append((count, form))
        if not scored:
            continue
        scored.sort(key=lambda item: (-item[0], item[1]))
        total = sum(c for c, _ in scored)
        best = scored[0][0]
        title = sum(c for c, f in scored if f[:1].isupper() and f[1:].islower())
        kept = [(c, f) for c, f in scored if _keep_form(f, c, total, best, title)]
        forms[lower] = [f for _, f in kept]
        if len(kept) > 1:
            counts[lower] = [c for c, _ in kept]

    back = _context_counts(backward, forms, counts, word_last=True)
    fwd = _context_counts(forward, forms, counts, word_last=False)
    return CasingTable(
        forms={w: " ".join(f) for w, f in forms.items()},
        counts=_joined(counts),
        back=_joined(back),
        fwd=_joined(fwd),
    )


def _joined(rows: dict[str, list[int]]) -> dict[str, str]:
    return {key: " ".join(map(str, row)) for key, row in rows.items()}


def _context_counts(
    dist: dict[str, int],
    forms: dict[str, list[str]],
    ambiguous: dict[str, list[int]],
    *,
    word_last: bool,
) -> dict[str, list[int]]:
    """Fold ``"<prev>_<Word>"`` or ``"<Word>_<next>"`` counts into per-casing count lists."""
    folded: dict[str, list[int]] = {}
    for key, count in dist.items():
        if word_last:
            ctx, _, form = key.rpartition("_")
            if ctx in _SENTENCE_END_TOKENS:
                continue  # sentence starts are handled by rule, not by context
        else:
            form, _, ctx = key.rpartition("_")
        lower = form.lower()
        if lower not in ambiguous or not ctx:
            continue
        try:
            slot = forms[lower].index(form)
        except ValueError:
            continue
        ctx = ctx.lower()
        joined = f"{ctx} {lower}" if word_last else f"{lower} {ctx}"
        row = folded.get(joined)
        if row is None:
            row = folded[joined] = [0] * len(forms[lower])
        row[slot] += int(count)
    return {k: v for k, v in folded.items() if sum(v) >= _MIN_CONTEXT_COUNT}


def _fingerprint(path: Path) -> dict[str, int]:
    """Size and modification time of the source, to notice a reinstalled package."""
    info = path.stat()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}


def _to_json(table: CasingTable, source: dict[str, int]) -> bytes:
    """Serialise a table with its format number and source fingerprint."""
    return orjson.dumps(
        {
            "format": TABLE_FORMAT,
            "source": source,
            "forms": table.forms,
            "counts": table.counts,
            "back": table.back,
            "fwd": table.fwd,
        }
    )


def _from_json(data: bytes, path: str) -> tuple[CasingTable, dict[str, int]]:
    """Parse a cached table; raise DataFileError when it is damaged or of another format."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise DataFileError(path, f"not JSON ({exc})") from exc
    if not isinstance(raw, dict) or raw.get("format") != TABLE_FORMAT:
        raise DataFileError(path, f"not a casing table of format {TABLE_FORMAT}")
    parts = ("forms", "counts", "back", "fwd")
    if any(not isinstance(raw.get(k), dict) for k in parts) or not isinstance(
        raw.get("source"), dict
    ):
        raise DataFileError(path, f"a casing table needs the objects {', '.join(parts)}")
    table = CasingTable(forms=raw["forms"], counts=raw["counts"], back=raw["back"], fwd=raw["fwd"])
    problem = _check(table)
    if problem:
        raise DataFileError(path, problem)
    return table, raw["source"]


def _check(table: CasingTable) -> str | None:
    """The first inconsistency of a table read from disk, or None.

    Only the shape is checked here, so that reading stays fast; rows are checked as they are
    used.
    """
    for name in ("forms", "counts", "back", "fwd"):
        rows: dict[str, str] = getattr(table, name)
        if not all(type(v) is str for v in rows.values()):
            return f"{name} must map words to strings"
    return None


def build_from_source(source: Path) -> CasingTable:
    """Read ``english.dist`` at ``source`` and derive the casing table (takes a few seconds)."""
    try:
        with source.open("rb") as stream:
            stats = _read_stats(stream, str(source))
    except OSError as exc:
        raise DataFileError(str(source), str(exc)) from exc
    return build_table(stats)


def load_table(cache: Path | None = None, source: Path | None = None) -> CasingTable:
    """The casing table: from the cache when it is current, else built and cached.

    ``cache`` is the folder of the cached table (default :func:`cache_dir`); ``source`` the
    statistics pickle (default: the installed ``truecase`` package's). A cache that cannot be
    written is not an error: the table is then built in memory on every first use.
    """
    folder = cache if cache is not None else cache_dir()
    cached = folder / _CACHE_NAME
    src = source if source is not None else source_path()
    if src is not None and not src.is_file():
        src = None
    want = _fingerprint(src) if src is not None else None
    try:
        data = cached.read_bytes()
    except OSError:
        data = None
    if data is not None:
        try:
            table, have = _from_json(data, str(cached))
        except DataFileError as exc:
            _log.warning("rebuilding the casing table: %s", exc)
        else:
            if want is None or have == want:
                return table
    if src is None:
        raise DataFileError(
            str(cached),
            "no cached casing table and the 'truecase' package (which ships the statistics) "
            "is not installed: pip install truecase==0.0.14",
        )
    table = build_from_source(src)
    try:
        write_atomically(cached, _to_json(table, want or {}))
        for old in folder.glob("truecase-table-v*.json"):
            if old.name != _CACHE_NAME:
                old.unlink(missing_ok=True)  # tables of earlier formats are never read again
    except OSError as exc:
        _log.warning("could not cache the casing table in %s: %s", folder, exc)
    return table


_TABLE: CasingTable | None = None
_TABLE_LOCK = threading.Lock()


def get_table() -> CasingTable:
    """The process-wide casing table, loaded on first use."""
    global _TABLE
    if _TABLE is None:
        with _TABLE_LOCK:
            if _TABLE is None:
                _TABLE = load_table()
    return _TABLE
