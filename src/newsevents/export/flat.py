"""The flat incident row shared by ``csv``, ``parquet`` and the GeoJSON properties.

Every column of the ``incidents`` table under its database name (so the files join back to the
database), then what is read from the member events and their articles: participants, claims,
modalities, event and article ids, outlets and URLs. Lists are ``"; "``-joined strings in every
format, so that a CSV and a Parquet file of the same export hold the same values.
"""

from __future__ import annotations

from typing import Any

from newsevents.export.base import Field
from newsevents.export.read import OBJECT_ROLES, IncidentBundle

#: Separator of several values in one cell (ACLED uses the same).
SEP = "; "

_INCIDENT = "incidents."

FIELDS: tuple[Field, ...] = (
    Field("incident_id", "integer", "Incident id.", "incidents.id"),
    Field("event_date", "date", "First day it happened (YYYY-MM-DD).", "incidents.event_date"),
    Field("event_date_end", "date", "Last day of the date range.", "incidents.event_date_end"),
    Field("date_precision", "string", "day, week, month or year.", "incidents.date_precision"),
    Field("event_type", "string", "PLOVER event type.", "incidents.event_type"),
    Field("mode", "string", "PLOVER mode.", "incidents.mode"),
    Field("acled_event_type", "string", "ACLED event type.", "incidents.acled_event_type"),
    Field("acled_sub_event_type", "string", "ACLED sub-event type.",
          "incidents.acled_sub_event_type"),
    Field("location", "string", "Name of the place where it happened.", "incidents.location"),
    Field("latitude", "number", "WGS84 latitude.", "incidents.latitude"),
    Field("longitude", "number", "WGS84 longitude.", "incidents.longitude"),
    Field("country_iso3", "string", "ISO 3166-1 alpha-3 country.", "incidents.country_iso3"),
    Field("admin1", "string", "First-level subdivision.", "incidents.admin1"),
    Field("admin2", "string", "Second-level subdivision (a US county).", "incidents.admin2"),
    Field("fatalities", "integer", "People killed, best estimate (empty: not reported).",
          "incidents.fatalities"),
    Field("fatalities_low", "integer", "People killed, lowest figure reported.",
          "incidents.fatalities_low"),
    Field("fatalities_high", "integer", "People killed, highest figure reported.",
          "incidents.fatalities_high"),
    Field("injured", "integer", "People injured, best estimate.", "incidents.injured"),
    Field("arrested", "integer", "People arrested, best estimate.", "incidents.arrested"),
    Field("kidnapped", "integer", "People kidnapped, best estimate.", "incidents.kidnapped"),
    Field("n_events", "integer", "Events (one per reporting article and incident) fused into it.",
          "incidents.n_events"),
    Field("n_sources", "integer", "Distinct articles that report it.", "incidents.n_sources"),
    Field("first_published", "date", "Earliest publication date of a report.",
          "incidents.first_published"),
    Field("perpetrators", "string",
          "Who did it: distinct perpetrator (else actor) names, most reports first; "
          "reports that disagree are all listed.",
          "roles perpetrator and actor of the member events"),
    Field("targets", "string", "Who it was done to: distinct target, victim, detainee and "
          "recipient names.", "roles target, victim, detainee, recipient of the member events"),
    Field("claimed_by", "string", "Parties claiming responsibility (never merged into the "
          "perpetrators).", "claims (stance claimed) and claimant roles of the member events"),
    Field("denied_by", "string", "Parties denying responsibility.",
          "claims (stance denied) of the member events"),
    Field("modalities", "string", "How the reports commit to it (asserted, claimed, alleged, "
          "...), one per distinct value.", "modality of the member events"),
    Field("aggregate", "boolean", "True for a sum over many incidents ('2,000 detained since "
          "September'), not one incident: its counts are totals and it has no date.",
          "aggregate of the member events (any)"),
    Field("notes", "string", "The first sentence reporting each member event, distinct, joined "
          "with a space.", "sentences of the member events"),
    Field("event_ids", "string", "Ids of the member events.", "events.id"),
    Field("article_ids", "string", "Ids of the reporting articles.", "articles.id"),
    Field("outlets", "string", "Distinct outlets of the reporting articles.", "articles.outlet"),
    Field("urls", "string", "Distinct URLs of the reporting articles.", "articles.url"),
)  # fmt: skip

#: Columns copied from the ``incidents`` row: field name -> column name.
INCIDENT_COLUMNS = {
    f.name: f.source.removeprefix(_INCIDENT) for f in FIELDS if f.source.startswith(_INCIDENT)
}


def _join(values: list[str]) -> str | None:
    return SEP.join(values) if values else None


def flat_row(bundle: IncidentBundle) -> dict[str, Any]:
    """One incident as a flat row; dates stay ``datetime.date`` (writers format them)."""
    row: dict[str, Any] = {name: bundle.columns.get(col) for name, col in INCIDENT_COLUMNS.items()}
    modalities = dict.fromkeys(ev.modality.value for ev in bundle.events)
    row |= {
        "perpetrators": _join(bundle.agents()),
        "targets": _join(bundle.names(OBJECT_ROLES)),
        "claimed_by": _join(bundle.claimants("claimed")),
        "denied_by": _join(bundle.claimants("denied")),
        "modalities": _join(list(modalities)),
        "aggregate": any(ev.aggregate for ev in bundle.events),
        "notes": " ".join(bundle.sentences()) or None,
        "event_ids": _join([ev.id for ev in bundle.events]),
        "article_ids": _join([s.article_id for s in bundle.sources]),
        "outlets": _join(list(dict.fromkeys(s.outlet for s in bundle.sources if s.outlet))),
        "urls": _join(bundle.urls()),
    }
    return row
