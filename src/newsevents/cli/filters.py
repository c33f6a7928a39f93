"""The event filter options that ``newsevents events`` and ``newsevents export`` share."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

ActorOption = Annotated[
    str | None, typer.Option(help="A participant: canonical name, alias or words.")
]
TypeOption = Annotated[
    str | None,
    typer.Option("--type", help="PLOVER event type (ASSAULT, COERCE, ...) or TYPE/MODE."),
]
CountryOption = Annotated[
    str | None, typer.Option(help="Country of the event place: ISO3 code or name.")
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Events on or after this day: YYYY-MM-DD, or words such as yesterday, "
        "'3 days ago', 'last month', '1 March 2024'.",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Events on or before this day (written as for --since)."),
]
NearOption = Annotated[
    str | None, typer.Option(help="LAT,LON,KM: events within KM kilometres of a point.")
]
TextOption = Annotated[
    str | None, typer.Option(help="Words the event's sentences or names hold (all of them).")
]


def parse_option_date(
    value: str | None, option: str, today: dt.date | None = None
) -> dt.date | None:
    """A day given on the command line: ISO ``YYYY-MM-DD``, else a date in words that
    dateparser reads ("yesterday", "3 days ago", "last month", "1 March 2024"), relative
    dates counted back from ``today``. Anything else is a usage error naming the option."""
    if value is None:
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    parsed = _words_to_date(text, today or dt.date.today()) if text else None
    if parsed is None:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD or words such as yesterday, "
            "'3 days ago', 'last month'",
            param_hint=option,
        )
    return parsed


def _words_to_date(text: str, today: dt.date) -> dt.date | None:
    # Imported late: dateparser takes about a second to import.
    import dateparser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
        "RETURN_AS_TIMEZONE_AWARE": False,
        # "last month" means the first of last month here: --since should include it all.
        "PREFER_DAY_OF_MONTH": "first",
    }
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found is not None else None


__all__ = [
    "ActorOption",
    "CountryOption",
    "NearOption",
    "SinceOption",
    "TextOption",
    "TypeOption",
    "UntilOption",
    "parse_option_date",
]
