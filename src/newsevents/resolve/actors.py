"""The actor knowledge base: resolve names ("Izzadin Kassam", "Daesh") to known actors.

``load_kb()`` assembles the shipped files ``data/actors/*.yaml`` and ``data/agents.yaml``
(plus optional user files) once. ``ActorKB.match`` tries, in order:

1. **exact** - an alias as written, then case-insensitively (names of at most four
   characters, such as "IS" or "AP", only ever match as written);
2. **normalised** - descriptive words dropped ("the IS group" -> "IS"), then the
   transliteration-insensitive key of :mod:`newsevents.ontology.names`;
3. **fuzzy** - rapidfuzz similarity of keys (at least eight letters long) above a
   threshold, over candidates of similar length sharing the first letter, refused when two
   actors score alike.

``match_agent`` resolves generic nouns ("policemen", "unidentified gunmen") to agents.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rapidfuzz import fuzz, process
from unidecode import unidecode

from newsevents.errors import DataFileError
from newsevents.ontology.actors import PARENT_RELATIONS, Actor, ActorFile, Agent, AgentFile
from newsevents.ontology.datafiles import data_path, load_model
from newsevents.ontology.names import (
    NAME_RULES_FILE,
    NameNormaliser,
    load_name_rules,
    normalise_name,
)

ACTORS_DIR = "actors"
AGENTS_FILE = "agents.yaml"

#: Names this long or shorter only match exactly as written.
SHORT_NAME_LEN = 4
#: Default rapidfuzz score (0-100) a fuzzy match must reach.
FUZZY_THRESHOLD = 90.0
#: Keys shorter than this are never matched fuzzily: one letter changes a short word's
#: identity ("Ansar" is not "Ansaru").
FUZZY_MIN_LEN = 8
# A fuzzy winner must beat the best candidate of another actor by this margin.
_FUZZY_MARGIN = 3.0
_CACHE_LIMIT = 50_000

_SCORE_EXACT = 1.0
_SCORE_EXACT_NOCASE = 0.97
_SCORE_STRIPPED = 0.93
_SCORE_NORMALISED = 0.9
_FUZZY_WEIGHT = 0.85

_QUOTES = "\"'“”‘’«»"
_AGENT_PUNCT = re.compile(r"[^a-z0-9 -]+")


class MatchStep(StrEnum):
    """Which step of :meth:`ActorKB.match` found the actor."""

    exact = "exact"
    normalised = "normalised"
    fuzzy = "fuzzy"


@dataclass(frozen=True)
class ActorMatch:
    """A resolved actor name."""

    actor: Actor
    step: MatchStep
    score: float
    matched_alias: str


@dataclass(frozen=True)
class AgentMatch:
    """A resolved generic agent noun."""

    agent: Agent
    matched_form: str
    plural: bool
    score: float


def stable_id_for_unknown(name: str) -> str:
    """Return a stable id for an actor missing from the knowledge base.

    ``"unk_"`` plus the first 10 hex digits of the SHA-1 of the normalised name, so
    spelling variants that normalise alike ("the Foo Brigade", "Foo brigade") share an id.
    """
    key = normalise_name(name) or name.strip().lower()
    return "unk_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


class ActorKB:
    """Actors and generic agents with fast name look-up. Build it with :func:`load_kb`."""

    def __init__(
        self,
        actor_files: Sequence[tuple[Path, ActorFile]],
        agents: AgentFile,
        normaliser: NameNormaliser,
        *,
        fuzzy_threshold: float = FUZZY_THRESHOLD,
    ) -> None:
        self._normaliser = normaliser
        self._threshold = fuzzy_threshold
        self._actors: dict[str, Actor] = {}
        self._exact: dict[str, Actor] = {}
        self._nocase: dict[str, tuple[Actor, str]] = {}
        self._norm: dict[str, tuple[Actor, str]] = {}
        self.ambiguous_keys: dict[str, tuple[str, ...]] = {}
        """Normalised keys shared by several actors: never used for matching."""
        self._cache: dict[str, ActorMatch | None] = {}
        self._index(actor_files)
        self._buckets = self._fuzzy_buckets()
        self._agent_forms: dict[str, tuple[Agent, bool]] = {}
        for agent in agents.agents:
            for form in agent.singular:
                self._agent_forms[form] = (agent, False)
            for form in agent.plural:
                self._agent_forms[form] = (agent, True)
        self._agent_ignore = frozenset(agents.ignore_words)

    # -- building ---------------------------------------------------------------------

    def _index(self, actor_files: Sequence[tuple[Path, ActorFile]]) -> None:
        origin: dict[str, Path] = {}
        for path, afile in actor_files:
            for actor in afile.actors:
                if actor.id in self._actors:
                    raise DataFileError(
                        str(path), f"actor id {actor.id!r} already defined in {origin[actor.id]}"
                    )
                self._actors[actor.id] = actor
                origin[actor.id] = path
                self._add_names(path, actor)
        for actor in self._actors.values():
            for rel in actor.relations:
                if rel.target not in self._actors:
                    raise DataFileError(
                        str(origin[actor.id]),
                        f"actor {actor.id!r}: relation {rel.type} to unknown actor {rel.target!r}",
                    )
        for actor_id in self._actors:
            self._check_parent_cycle(actor_id, origin)
        for key in self.ambiguous_keys:
            self._norm.pop(key, None)

    def _add_names(self, path: Path, actor: Actor) -> None:
        for alias in actor.names:
            other = self._exact.get(alias)
            if other is not None and other.id != actor.id:
                raise DataFileError(
                    str(path), f"alias {alias!r} of {actor.id!r} already belongs to {other.id!r}"
                )
            self._exact[alias] = actor
            if len(alias) <= SHORT_NAME_LEN or actor.is_exact_only(alias):
                continue
            folded = alias.casefold()
            prev = self._nocase.get(folded)
            if prev is not None and prev[0].id != actor.id:
                raise DataFileError(
                    str(path),
                    f"alias {alias!r} of {actor.id!r} differs only in case from "
                    f"{prev[1]!r} of {prev[0].id!r}",
                )
            self._nocase.setdefault(folded, (actor, alias))
            key = self._normaliser.normalise(alias)
            if len(key) <= SHORT_NAME_LEN:
                continue
            seen = self._norm.get(key)
            if seen is not None and seen[0].id != actor.id:
                ids = {*self.ambiguous_keys.get(key, ()), seen[0].id, actor.id}
                self.ambiguous_keys[key] = tuple(sorted(ids))
            else:
                self._norm.setdefault(key, (actor, alias))

    def _check_parent_cycle(self, actor_id: str, origin: dict[str, Path]) -> None:
        seen = {actor_id}
        todo = [actor_id]
        while todo:
            for rel in self._actors[todo.pop()].relations:
                if rel.type not in PARENT_RELATIONS:
                    continue
                if rel.target in seen:
                    if rel.target == actor_id:
                        raise DataFileError(
                            str(origin[actor_id]),
                            f"actor {actor_id!r} is its own parent through wing_of/branch_of",
                        )
                    continue
                seen.add(rel.target)
                todo.append(rel.target)

    def _fuzzy_buckets(self) -> dict[str, list[tuple[str, str]]]:
        """Group keys (tokens sorted, as token_sort_ratio compares them) by first letter."""
        buckets: dict[str, list[tuple[str, str]]] = {}
        for key in self._norm:
            sorted_key = " ".join(sorted(key.split()))
            buckets.setdefault(sorted_key[0], []).append((sorted_key, key))
        return buckets

    # -- look-up ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def get(self, actor_id: str) -> Actor:
        """Return the actor with id ``actor_id``; ``KeyError`` if there is none."""
        try:
            return self._actors[actor_id]
        except KeyError:
            raise KeyError(f"no actor with id {actor_id!r}") from None

    def parents(self, actor_id: str) -> list[Actor]:
        """Return the organisations ``actor_id`` belongs to (wing_of/branch_of), nearest first.

        ``parents("qassam_brigades")`` is ``[hamas]``; the chain is followed upwards.
        """
        result: list[Actor] = []
        seen = {actor_id}
        frontier = [self.get(actor_id)]
        while frontier:
            following: list[Actor] = []
            for actor in frontier:
                for rel in actor.relations:
                    if rel.type in PARENT_RELATIONS and rel.target not in seen:
                        seen.add(rel.target)
                        parent = self._actors[rel.target]
                        result.append(parent)
                        following.append(parent)
            frontier = following
        return result

    def related(self, actor_id: str, relation: str) -> list[Actor]:
        """Return the actors ``actor_id`` points to with relations of type ``relation``."""
        actor = self.get(actor_id)
        return [self._actors[r.target] for r in actor.relations if r.type == relation]

    def all_aliases(self) -> Iterator[tuple[str, Actor]]:
        """Yield every (name or alias, actor) pair, e.g. to build entity-ruler patterns."""
        for actor in self._actors.values():
            for alias in actor.names:
                yield alias, actor

    def normalise(self, name: str) -> str:
        """Return the comparison key the knowledge base uses for ``name``."""
        return self._normaliser.normalise(name)

    def match(self, name: str) -> ActorMatch | None:
        """Resolve ``name`` to a known actor, or return None (see the module docstring)."""
        query = name.strip().strip(_QUOTES).strip()
        if not query:
            return None
        if query in self._cache:
            return self._cache[query]
        found = self._match(query)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[query] = found
        return found

    def _match_exact(self, query: str) -> tuple[Actor, str, float] | None:
        actor = self._exact.get(query)
        if actor is not None:
            return actor, query, _SCORE_EXACT
        if "." in query:
            # "U.N.", "I.S." are written-out acronyms.
            undotted = query.replace(".", "")
            if undotted.isupper() and undotted in self._exact:
                return self._exact[undotted], undotted, _SCORE_EXACT_NOCASE
        if len(query) > SHORT_NAME_LEN:
            hit = self._nocase.get(query.casefold())
            if hit is not None:
                return hit[0], hit[1], _SCORE_EXACT_NOCASE
        return None

    def _match(self, query: str) -> ActorMatch | None:
        hit = self._match_exact(query)
        if hit is not None:
            return ActorMatch(hit[0], MatchStep.exact, hit[2], hit[1])
        if len(query) <= SHORT_NAME_LEN:
            return None
        stripped = self._normaliser.strip_affixes(query)
        if stripped and stripped != query:
            hit = self._match_exact(stripped)
            if hit is not None:
                return ActorMatch(hit[0], MatchStep.normalised, _SCORE_STRIPPED, hit[1])
        key = self._normaliser.normalise(query)
        if len(key) <= SHORT_NAME_LEN or key in self.ambiguous_keys:
            return None
        norm_hit = self._norm.get(key)
        if norm_hit is not None:
            return ActorMatch(norm_hit[0], MatchStep.normalised, _SCORE_NORMALISED, norm_hit[1])
        return self._match_fuzzy(key)

    def _match_fuzzy(self, key: str) -> ActorMatch | None:
        if len(key) < FUZZY_MIN_LEN:
            return None
        sorted_key = " ".join(sorted(key.split()))
        bucket = self._buckets.get(sorted_key[0], [])
        # A ratio >= threshold bounds the length difference, so this filter loses nothing.
        slack = (100.0 - self._threshold) / 100.0 * 2 * len(sorted_key) + 1
        candidates = [c for c in bucket if abs(len(c[0]) - len(sorted_key)) <= slack]
        if not candidates:
            return None
        results = process.extract(
            sorted_key,
            [c[0] for c in candidates],
            scorer=fuzz.ratio,
            score_cutoff=self._threshold,
            limit=5,
        )
        if not results:
            return None
        _, best_score, best_idx = results[0]
        best_actor, best_alias = self._norm[candidates[best_idx][1]]
        for _, score, idx in results[1:]:
            rival = self._norm[candidates[idx][1]][0]
            if rival.id != best_actor.id and best_score - score < _FUZZY_MARGIN:
                return None
        return ActorMatch(
            best_actor, MatchStep.fuzzy, round(_FUZZY_WEIGHT * best_score / 100.0, 3), best_alias
        )

    # -- generic agents ---------------------------------------------------------------

    def _agent_lookup(self, tokens: list[str]) -> tuple[Agent, str, bool, int] | None:
        """Longest suffix of ``tokens`` that is an agent form: (agent, form, plural, start)."""
        for start in range(len(tokens)):
            phrase = " ".join(tokens[start:])
            hit = self._agent_forms.get(phrase)
            if hit is not None:
                return hit[0], phrase, hit[1], start
        return None

    def match_agent(self, noun: str) -> AgentMatch | None:
        """Resolve a generic agent noun or noun phrase ("three policemen", "gunmen").

        Modifiers in front are skipped ("Pakistani soldiers" -> soldiers); unlisted regular
        plurals are reduced to a listed singular ("constabularies" would need listing).
        """
        text = _AGENT_PUNCT.sub(" ", unidecode(noun).lower()).replace("-", " ")
        tokens = [t for t in text.split() if t not in self._agent_ignore and not t.isdigit()]
        if not tokens:
            return None
        hit = self._agent_lookup(tokens)
        if hit is not None:
            agent, form, plural, start = hit
            return AgentMatch(agent, form, plural, 1.0 if start == 0 else 0.9)
        for lemma in _singulars(tokens[-1]):
            hit = self._agent_lookup([*tokens[:-1], lemma])
            if hit is not None:
                agent, form, _, _ = hit
                return AgentMatch(agent, form, True, 0.85)
        return None

    def stable_id_for_unknown(self, name: str) -> str:
        """Return the stable id of an unknown actor; see :func:`stable_id_for_unknown`."""
        key = self._normaliser.normalise(name) or name.strip().lower()
        return "unk_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _singulars(word: str) -> list[str]:
    """Candidate singulars of a regular English plural."""
    out = []
    if word.endswith("men"):
        out.append(word[:-3] + "man")
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


def shipped_actor_files() -> list[Path]:
    """Return the actor files shipped with newsevents, in a stable order."""
    return sorted(data_path(ACTORS_DIR).glob("*.yaml"))


def build_kb(
    actor_files: Sequence[Path],
    agents_file: Path | None = None,
    rules_file: Path | None = None,
) -> ActorKB:
    """Build a knowledge base from explicit files (uncached); bad files raise DataFileError."""
    loaded = [(Path(p), load_model(Path(p), ActorFile)) for p in actor_files]
    agents = load_model(agents_file or data_path(AGENTS_FILE), AgentFile)
    rules = load_name_rules(rules_file or data_path(NAME_RULES_FILE))
    return ActorKB(loaded, agents, NameNormaliser(rules))


@functools.cache
def _load_kb(extra_files: tuple[Path, ...]) -> ActorKB:
    return build_kb([*shipped_actor_files(), *extra_files])


def load_kb(extra_files: Sequence[Path] = ()) -> ActorKB:
    """Return the shipped knowledge base plus ``extra_files`` (user actor files), built once.

    User files have the shipped format (``actors: [...]``) and are validated the same way;
    an id or alias that clashes with a shipped actor is a DataFileError naming the file.
    """
    return _load_kb(tuple(Path(p).resolve() for p in extra_files))


__all__ = [
    "FUZZY_MIN_LEN",
    "FUZZY_THRESHOLD",
    "ActorKB",
    "ActorMatch",
    "AgentMatch",
    "MatchStep",
    "build_kb",
    "load_kb",
    "shipped_actor_files",
    "stable_id_for_unknown",
]
