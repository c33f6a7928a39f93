"""``--format acled-csv``: one row per incident under ACLED's 31 column names and meanings.

ACLED's codebook defines what each column holds; newsevents fills each from what it knows and
leaves the rest empty rather than guessing (admin3, source_scale). ACLED codes
one row per event with a single actor1 and actor2; where the reports fused into an incident
disagree (one names X as the perpetrator, another Y), the most-reported name is ``actor1`` and
the others go to ``assoc_actor_1`` beside its affiliations, so nothing reported is dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, BinaryIO

from newsevents.export.base import ExportFormat, ExportStats, Field
from newsevents.export.csv import write_rows
from newsevents.export.flat import SEP
from newsevents.export.read import AGENT_ROLES, OBJECT_ROLES, IncidentBundle
from newsevents.export.regions import acled_region
from newsevents.model import Role

STATE, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA = 1, 2, 3, 4
RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 5, 6, 7, 8

#: ACLED's inter codes by newsevents actor kind; armed groups, parties, persons and unknown
#: actors get none, because ACLED's split (rebels, political or identity militia) needs
#: knowledge about the group that a news report rarely gives.
INTER_BY_KIND = {
    "state": STATE, "military": STATE, "police": STATE, "government": STATE,
    "civilians": CIVILIANS, "media": CIVILIANS, "ngo": CIVILIANS, "igo": EXTERNAL,
}  # fmt: skip

#: ACLED disorder type by event type, and for the sub-event types that differ from theirs.
DISORDER_BY_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_BY_SUB_TYPE = {
    "Mob violence": "Political violence",
    "Excessive force against protesters": "Political violence; Demonstrations",
}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"exact place": 1, "district": 2, "region": 3, "country": 3}

FIELDS: tuple[Field, ...] = (
    Field("event_id_cnty", "string", "Unique event id: country code and number.",
          "country_iso3 (XXX when unknown) followed by incidents.id, e.g. MLI42; not ACLED's "
          "own numbering."),
    Field("event_date", "date", "Day the event took place (YYYY-MM-DD).", "incidents.event_date"),
    Field("year", "integer", "Year of the event.", "Year of incidents.event_date."),
    Field("time_precision", "integer",
          "1 the day is known, 2 the week or a range of a few days, 3 only the month.",
          "incidents.date_precision: day 1, week 2, month 3, year 3 (ACLED has no coarser "
          "code)."),
    Field("disorder_type", "string",
          "Political violence, Demonstrations, Political violence; Demonstrations, or Strategic "
          "developments.",
          "From the ACLED event type (Mob violence: Political violence; Excessive force "
          "against protesters: Political violence; Demonstrations), as ACLED assigns it."),
    Field("event_type", "string", "ACLED event type.", "incidents.acled_event_type"),
    Field("sub_event_type", "string", "ACLED sub-event type.",
          "incidents.acled_sub_event_type"),
    Field("actor1", "string", "The main actor (ACLED: no direction implied).",
          "The perpetrator (else actor) named by most member events; our normalised name, "
          "not ACLED's actor list."),
    Field("assoc_actor_1", "string", "Actors associated with or identifying actor1, `; `-joined.",
          "Affiliations of actor1, then every other perpetrator the member events name "
          "(reports that disagree are kept side by side)."),
    Field("inter1", "integer",
          "Type of actor1: 1 state forces, 2 rebel groups, 3 political militias, 4 identity "
          "militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.",
          "From actor1's kind: state, military, police, government 1; civilians, media, ngo 7; "
          "igo 8; actors of Protests 6 and of Riots 5; empty for armed groups and others, "
          "whose ACLED type (2, 3 or 4) the reports do not settle."),
    Field("actor2", "string", "The other main actor.",
          "The target, victim, detainee or recipient named by most member events."),
    Field("assoc_actor_2", "string", "Actors associated with actor2, `; `-joined.",
          "Affiliations of actor2, then the other targets and victims named."),
    Field("inter2", "integer", "Type of actor2 (codes as inter1).",
          "From actor2's kind, as inter1."),
    Field("interaction", "integer",
          "The two inter codes, lower first (17: state forces against civilians); "
          "inter1 × 10 when there is no actor2 (10: state forces alone).",
          "From inter1 and inter2; empty when inter1 is."),
    Field("civilian_targeting", "string", "`Civilian targeting` when civilians were targeted.",
          "Set when inter2 is 7 (civilians)."),
    Field("iso", "integer", "ISO 3166-1 numeric country code.", "From incidents.country_iso3."),
    Field("region", "string", "ACLED region (Western Africa, Middle East, ...).",
          "From incidents.country_iso3, by the table data/acled_regions.yaml."),
    Field("country", "string", "Country name.", "From incidents.country_iso3 (ISO 3166 name)."),
    Field("admin1", "string", "Largest sub-national administrative unit.", "incidents.admin1"),
    Field("admin2", "string", "Second-level administrative unit.",
          "incidents.admin2 (known for towns of the United States: their county)."),
    Field("admin3", "string", "Third-level administrative unit.",
          "Left empty: not resolved by newsevents."),
    Field("location", "string", "Name of the place.", "incidents.location"),
    Field("latitude", "number", "WGS84 latitude.", "incidents.latitude"),
    Field("longitude", "number", "WGS84 longitude.", "incidents.longitude"),
    Field("geo_precision", "integer",
          "1 the town or exact place, 2 a part of a region or nearby place, 3 only a larger "
          "region.",
          "Precision of the event place of the member events: exact place 1, district 2, "
          "region or country 3."),
    Field("source", "string", "Sources of the event, `; `-joined.",
          "Every distinct reporting article, as `outlet (url)` (or whichever is known)."),
    Field("source_scale", "string", "Geographic scale of the sources (Local, National, ...).",
          "Left empty: outlets are not classified by scale."),
    Field("notes", "string", "Short description of the event.",
          "The first sentence reporting each member event, distinct, joined with a space."),
    Field("fatalities", "integer", "Reported fatalities; 0 when none are reported.",
          "incidents.fatalities (best estimate), 0 when not reported as ACLED codes it; the "
          "low/high range is in the csv format."),
    Field("tags", "string", "Further structured information, `; `-joined.",
          "`claimed by X` and `denied by X` for claims of responsibility, `reported as M` for "
          "every modality other than asserted (claimed, alleged, ...), `aggregate` for a sum "
          "over many incidents ('2,000 detained since September')."),
    Field("timestamp", "integer", "When the row last changed (Unix time).",
          "Latest articles.stored_at of its reports."),
)  # fmt: skip


@functools.lru_cache(maxsize=512)
def country(iso3: str | None) -> tuple[str | None, int | None]:
    """(name, ISO numeric code) of an ISO alpha-3 code; (None, None) when unknown."""
    if not iso3:
        return None, None
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return None, None
    name = getattr(found, "common_name", None) or found.name
    return str(name), int(found.numeric)


def _role_of(bundle: IncidentBundle, name: str, kinds: tuple[str, ...]) -> Role | None:
    return next((r for r in bundle.roles(kinds) if r.name == name), None)


def _inter(role: Role | None, acled_type: str | None, agent: bool) -> int | None:
    if role is None:
        return None
    if agent and acled_type == "Protests" and role.kind.value not in INTER_BY_KIND:
        return PROTESTERS
    if agent and acled_type == "Riots" and role.kind.value not in INTER_BY_KIND:
        return RIOTERS
    return INTER_BY_KIND.get(role.kind.value)


def _side(
    bundle: IncidentBundle, names: list[str], kinds: tuple[str, ...]
) -> tuple[str | None, str | None, Role | None]:
    """(actor, associated actors, the actor's role) of one side."""
    if not names:
        return None, None, None
    main = names[0]
    role = _role_of(bundle, main, kinds)
    affiliations = [r.affiliation for r in bundle.roles(kinds) if r.name == main and r.affiliation]
    assoc = list(dict.fromkeys(a for a in [*affiliations, *names[1:]] if a != main))
    return main, SEP.join(assoc) or None, role


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _geo_precision(bundle: IncidentBundle) -> int | None:
    from newsevents.store.rows import event_location

    lat, lon = bundle.columns.get("latitude"), bundle.columns.get("longitude")
    places = [p for p in map(event_location, bundle.events) if p is not None and p.precision]
    # The place the incident's coordinates come from, else any member event's place.
    same = [p for p in places if (p.latitude, p.longitude) == (lat, lon)]
    for place in [*same, *places]:
        if place.precision in GEO_PRECISION:
            return GEO_PRECISION[place.precision]
    return None


def _tags(bundle: IncidentBundle) -> str | None:
    tags = [f"claimed by {c}" for c in bundle.claimants("claimed")]
    tags += [f"denied by {c}" for c in bundle.claimants("denied")]
    modalities = dict.fromkeys(ev.modality.value for ev in bundle.events)
    tags += [f"reported as {m}" for m in modalities if m != "asserted"]
    if any(ev.aggregate for ev in bundle.events):
        tags.append("aggregate")
    return SEP.join(tags) or None


def acled_row(bundle: IncidentBundle) -> dict[str, Any]:
    """One incident as an ACLED row."""
    col = bundle.columns
    acled_type, sub_type = col.get("acled_event_type"), col.get("acled_sub_event_type")
    actor1, assoc1, role1 = _side(bundle, bundle.agents(), AGENT_ROLES)
    actor2, assoc2, role2 = _side(bundle, bundle.names(OBJECT_ROLES), OBJECT_ROLES)
    inter1 = _inter(role1, acled_type, agent=True)
    inter2 = _inter(role2, acled_type, agent=False)
    name, numeric = country(col.get("country_iso3"))
    day = col.get("event_date")
    stored = bundle.last_stored()
    fatalities = col.get("fatalities")
    return {
        "event_id_cnty": f"{col.get('country_iso3') or 'XXX'}{bundle.id}",
        "event_date": day,
        "year": day.year if day else None,
        "time_precision": TIME_PRECISION.get(col.get("date_precision") or ""),
        "disorder_type": DISORDER_BY_SUB_TYPE.get(sub_type or "")
        or DISORDER_BY_TYPE.get(acled_type or ""),
        "event_type": acled_type,
        "sub_event_type": sub_type,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == CIVILIANS else None,
        "iso": numeric,
        "region": acled_region(col.get("country_iso3")),
        "country": name,
        "admin1": col.get("admin1"),
        "admin2": col.get("admin2"),
        "admin3": None,
        "location": col.get("location"),
        "latitude": col.get("latitude"),
        "longitude": col.get("longitude"),
        "geo_precision": _geo_precision(bundle),
        "source": SEP.join(s.label for s in bundle.sources) or None,
        "source_scale": None,
        "notes": " ".join(bundle.sentences()) or None,
        "fatalities": fatalities if fatalities is not None else 0,
        "tags": _tags(bundle),
        "timestamp": int(stored.timestamp()) if stored else None,
    }


def write_acled(bundles: Iterable[IncidentBundle], out: BinaryIO) -> ExportStats:
    """Every incident as an ACLED CSV row."""
    return write_rows((acled_row(b) for b in bundles), FIELDS, out)


FORMAT = ExportFormat(
    name="acled-csv",
    title="ACLED CSV",
    description=(
        "One row per incident, with the 31 columns of ACLED's CSV export in ACLED's order and "
        "with ACLED's meanings and codes, so that tools written for ACLED data read it. "
        "An incident fused from several reports is one row: `source` lists every reporting "
        "article and `notes` every report's sentence. ACLED has one actor1 per row; when "
        "reports name different perpetrators, the most-reported one is `actor1` and the others "
        "are kept in `assoc_actor_1`; claims of responsibility are kept apart in `tags`, never "
        "taken for the perpetrator. Actor names are newsevents' normalised names, not ACLED's "
        "actor list. Columns that newsevents cannot fill are present and empty."
    ),
    fields=FIELDS,
    write=write_acled,
    extension="csv",
)
