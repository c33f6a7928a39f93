"""``--format plover-jsonl``: one PLOVER JSON record per incident, one record per line.

Field names follow the "PLOVER JSON" table of the PLOVER manual (Open Event Data Alliance,
github.com/openeventdata/PLOVER), which recommends newline-delimited JSON; its actor objects
(``code``, ``sector``, ``actor_text``, ``identifier_id``, ``identifier_text``), its citeInfo
object (``url``, ``title``, ``language``, ``publication``, ``coder``, ``codebook``) and its
size fields (``dead``, ``injured``, ``arrested``). PLOVER invites providers to add named fields;
ours are listed in the codebook, each marked as an addition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from newsevents import __version__
from newsevents.export.acled import country
from newsevents.export.base import ExportFormat, ExportStats, Field
from newsevents.export.read import AGENT_ROLES, OBJECT_ROLES, IncidentBundle
from newsevents.model import Role

CODER = f"newsevents {__version__}"
CODEBOOK = "plover-newsevents (PLOVER event types and modes of newsevents' data/plover.yaml)"
ADDITION = "Addition (not in PLOVER). "

#: PLOVER sector codes by newsevents actor kind (none where a kind spans several sectors).
SECTOR_BY_KIND = {
    "state": "GOV", "government": "GOV", "military": "MIL", "police": "COP", "party": "PTY",
    "media": "JRN", "igo": "IGO", "ngo": "NGO", "civilians": "CVL", "religious": "REL",
}  # fmt: skip

#: PLOVER's special contexts for the modalities that have one.
CONTEXT_BY_MODALITY = {
    "hypothetical": "hypothetical",
    "negated": "negation",
    "planned": "future",
    "threatened": "future",
}

_ACTOR_OBJECT = (
    "`{code, sector, actor_text, identifier_id, identifier_text}` as PLOVER's actor object, "
    "plus the additions `role`, `kind` and `affiliation`"
)

FIELDS: tuple[Field, ...] = (
    Field("id", "string", "Unique identifier.", "`incident-` followed by incidents.id."),
    Field("has_event", "boolean", "An event has been coded.", "Always true."),
    Field("date", "date", "Date in YYYY-MM-DD format.", "incidents.event_date"),
    Field("enddate", "date", "End date in YYYY-MM-DD format.", "incidents.event_date_end"),
    Field("actor", "list", "List of actor objects: who acted (PLOVER drafts before 2024 name "
          "this list `source`).",
          f"Perpetrator (else actor) roles of the member events, one per distinct name; "
          f"{_ACTOR_OBJECT}. Reports that disagree are all listed."),
    Field("recipient", "list", "List of actor objects: who was acted upon.",
          f"Target, victim, detainee and recipient roles, one per distinct name; "
          f"{_ACTOR_OBJECT}."),
    Field("event", "list", "List of event categories.", "[incidents.event_type]"),
    Field("mode", "list", "List of modes.", "[incidents.mode], or [] when none."),
    Field("context", "list", "List of contexts.",
          "PLOVER's special contexts from the member events' modality: hypothetical; negation "
          "(negated); future (planned, threatened). Other contexts are not coded."),
    Field("event_loc", "object", "Location object for the event.",
          "`{extracted_place, resolved_place, geonameid, lat, lon, province, country, "
          "country_code}` from the incident's place (incidents.location, latitude, longitude, "
          "admin1 as province, country_iso3 as country_code, the ISO 3166 name as country) "
          "and the member event place it comes from (words as written, GeoNames id); plus the "
          "addition `precision` (exact place, district, region or country). Null when the "
          "place is unknown."),
    Field("event_text", "list", "List of texts of the event.",
          "The trigger words of the member events, distinct."),
    Field("quad_code", "integer", "1, 2, 3 or 4 (verbal/material cooperation/conflict).",
          "Quad category of the event type in data/plover.yaml."),
    Field("event_scale", "number", "Floating point scale value (conflict to cooperation).",
          "Event scale of the event type in data/plover.yaml."),
    Field("dead", "integer", "Number killed.", "incidents.fatalities (best estimate)."),
    Field("injured", "integer", "Number injured.", "incidents.injured"),
    Field("arrested", "integer", "Number arrested.", "incidents.arrested"),
    Field("cite_info", "list", "citeInfo objects for the texts.",
          "One per reporting article: `{url, title, language, publication, coder, codebook}`, "
          "publication being the outlet. A list because an incident has several reports. The "
          "`text` field is never filled: newsevents does not hold the rights to the articles."),
    Field("coder", "string", "Coder identification.", f"`{CODER}`."),
    Field("coded_date", "date", "Date of coding.", "Latest articles.stored_at of its reports."),
    Field("dead_low", "integer", ADDITION + "Lowest number killed reported.",
          "incidents.fatalities_low"),
    Field("dead_high", "integer", ADDITION + "Highest number killed reported.",
          "incidents.fatalities_high"),
    Field("kidnapped", "integer", ADDITION + "Number kidnapped.", "incidents.kidnapped"),
    Field("date_precision", "string", ADDITION + "day, week, month or year.",
          "incidents.date_precision"),
    Field("acled_event_type", "string", ADDITION + "ACLED event type.",
          "incidents.acled_event_type"),
    Field("acled_sub_event_type", "string", ADDITION + "ACLED sub-event type.",
          "incidents.acled_sub_event_type"),
    Field("claimant", "list", ADDITION + "Actor objects of the parties claiming (stance "
          "`claimed`) or denying (`denied`) responsibility, never merged into `actor`.",
          "Claims of the member events: `{actor_text, identifier_id, identifier_text, stance}`."),
    Field("modality", "list", ADDITION + "How the reports commit to it: asserted, claimed, "
          "alleged, ...", "Distinct modality of the member events."),
    Field("aggregate", "boolean", ADDITION + "True for a sum over many incidents ('2,000 "
          "detained since September'), not one incident: its counts are totals and it has no "
          "date.", "aggregate of the member events (any)."),
    Field("n_events", "integer", ADDITION + "Events fused into the incident.",
          "incidents.n_events"),
    Field("n_sources", "integer", ADDITION + "Distinct articles reporting it.",
          "incidents.n_sources"),
    Field("first_published", "date", ADDITION + "Earliest publication date of a report.",
          "incidents.first_published"),
    Field("event_ids", "list", ADDITION + "Ids of the member events.", "events.id"),
    Field("urls", "list", ADDITION + "URLs of the reporting articles.", "articles.url"),
)  # fmt: skip


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _actor(role: Role) -> dict[str, Any]:
    return {
        "code": role.country_iso3,
        "sector": SECTOR_BY_KIND.get(role.kind.value),
        "actor_text": role.text,
        "identifier_id": role.actor_id,
        "identifier_text": role.name,
        "role": role.role.value,
        "kind": role.kind.value,
        "affiliation": role.affiliation,
    }


def _actors(bundle: IncidentBundle, names: list[str], kinds: tuple[str, ...]) -> list[Any]:
    # One object per distinct name, from its first role (the earliest report's words).
    first: dict[str, Role] = {}
    for role in bundle.roles(kinds):
        first.setdefault(role.name, role)
    return [_actor(first[name]) for name in names if name in first]


def _claimants(bundle: IncidentBundle) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for ev in bundle.events:
        for claim in ev.claims:
            seen.setdefault(
                (claim.claimant, claim.stance.value),
                {"actor_text": claim.claimant_text, "identifier_id": claim.actor_id,
                 "identifier_text": claim.claimant, "stance": claim.stance.value},
            )  # fmt: skip
    for role in bundle.roles(("claimant",)):
        seen.setdefault(
            (role.name, "claimed"),
            {"actor_text": role.text, "identifier_id": role.actor_id,
             "identifier_text": role.name, "stance": "claimed"},
        )  # fmt: skip
    return list(seen.values())


def _event_loc(bundle: IncidentBundle) -> dict[str, Any] | None:
    from newsevents.store.rows import event_location

    col = bundle.columns
    lat, lon = col.get("latitude"), col.get("longitude")
    places = [p for p in map(event_location, bundle.events) if p is not None]
    place = next((p for p in places if (p.latitude, p.longitude) == (lat, lon)), None)
    if place is None and lat is None and not col.get("location") and not col.get("country_iso3"):
        return None
    return {
        "extracted_place": place.text if place else None,
        "resolved_place": col.get("location"),
        "geonameid": place.geonames_id if place else None,
        "lat": lat,
        "lon": lon,
        "province": col.get("admin1"),
        "country": country(col.get("country_iso3"))[0],
        "country_code": col.get("country_iso3"),
        "precision": place.precision if place else None,
    }


def _scale(event_type: str) -> tuple[int | None, float | None]:
    from newsevents.ontology.plover import UnknownTypeError, plover

    try:
        found = plover().get(event_type)
    except UnknownTypeError:
        return None, None
    return found.quad, found.event_scale


def plover_record(bundle: IncidentBundle) -> dict[str, Any]:
    """One incident as a PLOVER record (a JSON-ready dict)."""
    col = bundle.columns
    quad, scale = _scale(col["event_type"])
    modalities = list(dict.fromkeys(ev.modality.value for ev in bundle.events))
    triggers = [t.text for ev in bundle.events for t in ev.triggers]
    stored = bundle.last_stored()
    return {
        "id": f"incident-{bundle.id}",
        "has_event": True,
        "date": _day(col.get("event_date")),
        "enddate": _day(col.get("event_date_end")),
        "actor": _actors(bundle, bundle.agents(), AGENT_ROLES),
        "recipient": _actors(bundle, bundle.names(OBJECT_ROLES), OBJECT_ROLES),
        "event": [col["event_type"]],
        "mode": [col["mode"]] if col.get("mode") else [],
        "context": list(
            dict.fromkeys(CONTEXT_BY_MODALITY[m] for m in modalities if m in CONTEXT_BY_MODALITY)
        ),
        "event_loc": _event_loc(bundle),
        "event_text": list(dict.fromkeys(triggers)),
        "quad_code": quad,
        "event_scale": scale,
        "dead": col.get("fatalities"),
        "injured": col.get("injured"),
        "arrested": col.get("arrested"),
        "cite_info": [
            {
                "url": s.url,
                "title": s.title,
                "language": s.language,
                "publication": s.outlet,
                "coder": CODER,
                "codebook": CODEBOOK,
            }
            for s in bundle.sources
        ],
        "coder": CODER,
        "coded_date": _day(stored.date()) if stored else None,
        "dead_low": col.get("fatalities_low"),
        "dead_high": col.get("fatalities_high"),
        "kidnapped": col.get("kidnapped"),
        "date_precision": col.get("date_precision"),
        "acled_event_type": col.get("acled_event_type"),
        "acled_sub_event_type": col.get("acled_sub_event_type"),
        "claimant": _claimants(bundle),
        "modality": modalities,
        "aggregate": any(ev.aggregate for ev in bundle.events),
        "n_events": col.get("n_events"),
        "n_sources": col.get("n_sources"),
        "first_published": _day(col.get("first_published")),
        "event_ids": [ev.id for ev in bundle.events],
        "urls": bundle.urls(),
    }


def write_plover(bundles: Iterable[IncidentBundle], out: BinaryIO) -> ExportStats:
    """Every incident as one line of PLOVER JSON."""
    stats = ExportStats()
    for bundle in bundles:
        out.write(orjson.dumps(plover_record(bundle)) + b"\n")
        stats.written += 1
    return stats


FORMAT = ExportFormat(
    name="plover-jsonl",
    title="PLOVER JSONL",
    description=(
        "One PLOVER JSON record per incident, one record per line (JSONL, as the PLOVER manual "
        'recommends), with the field names of the manual\'s "PLOVER JSON" table and of its '
        "actor, citeInfo and size objects. Every key is always present; an unknown value is "
        "null (or an empty list). Fields marked *Addition* are not part of PLOVER, which "
        "invites providers to add named fields."
    ),
    fields=FIELDS,
    write=write_plover,
    extension="jsonl",
)
