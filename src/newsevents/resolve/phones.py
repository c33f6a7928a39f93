"""Phone numbers in a text as evidence of where the story is set.

US and Canadian local news give a police or tip-line number ("call the Rocky Mount Police
Department at 252-972-1411"); its area code (and exchange) names the state, often the town,
even where the article names only a neighbourhood. A number written with its country code
("+44 20 7946 0958") names its country. Numbers are found and placed by libphonenumber's
offline data (:mod:`phonenumbers`), with no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import geocoder

from newsevents.resolve.gazetteer import ADMIN1, Gazetteer

#: Regions whose numbers' descriptions name a first-level division ("Rocky Mount, NC",
#: "Alabama", "Ontario"); other regions' descriptions name at most a town or the country.
_DIVIDED = frozenset({"US", "CA"})
#: Descriptions that are not the gazetteer's name of the division they denote.
_DIVISION_NAMES = {
    "washington d.c.": "District of Columbia",
    "washington state": "Washington",
    "british colombia": "British Columbia",
}
#: A text is handed to the matcher only when it holds something shaped like a number: ten
#: digits grouped 3-3-4 ("252-972-1411", "(205) 254-1765", "252.972.1411") or a "+" before a
#: digit ("+44 20 ..."). The matcher reads every digit run (dates, scores, counts) of a text;
#: most articles hold no number and are not read at all.
_MAYBE_PHONE = re.compile(r"\d{3}\D{0,2}\d{3}\D\d{4}|\+\s?\d")
#: Characters read on either side of such a shape: room for a "+1 " or "1-" before it and an
#: extension after it, while a long text with one number is not read whole.
_WINDOW = 24
_LENIENCY = phonenumbers.Leniency.VALID


@dataclass(frozen=True)
class PhoneLocale:
    """A phone number of the text and where it is: ``start``..``end`` are its characters."""

    start: int
    end: int
    text: str
    #: The number in E.164 form ("+12529721411"): the same number written twice is one.
    number: str
    #: ISO 3166-1 alpha-2 code of the number's country ("US", "GB").
    country: str
    #: The gazetteer's code of the first-level division ("US-NC", "CA-ON"), where known.
    admin1: str | None


def _windows(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` around each number-like shape, merged where they overlap, with
    their ends moved out to whitespace so that no digit run is cut."""
    out: list[tuple[int, int]] = []
    for m in _MAYBE_PHONE.finditer(text):
        start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _division(gaz: Gazetteer, region: str, description: str) -> str | None:
    """The gazetteer code of the division a US or Canadian number's description names:
    "Rocky Mount, NC" by its postal code, "Alabama" by its name. "Nova Scotia/Prince Edward
    Island" (one area code for two provinces) names no one division."""
    if "/" in description:
        return None
    head, _, code = description.rpartition(", ")
    if head and re.fullmatch(r"[A-Z]{2}", code):
        place = gaz.admin1(f"{region}-{code}")
        return place.admin1_code if place is not None else None
    name = _DIVISION_NAMES.get(description.lower(), description)
    codes = {
        h.place.admin1_code
        for h in gaz.lookup(name)
        if h.place.kind == ADMIN1 and h.place.country == region and h.place.admin1_code
    }
    return codes.pop() if len(codes) == 1 else None


def phone_locales(text: str, gaz: Gazetteer) -> list[PhoneLocale]:
    """Every valid phone number in ``text`` with its country and, for US and Canadian
    numbers, its state or province, in text order.

    Numbers without a country code are read as North American ("252-972-1411"); numbers with
    one ("+44 20 7946 0958") as that country's. A number that names no place (a toll-free
    US or Canadian number: "1-800-222-8477") is left out.
    """
    out: list[PhoneLocale] = []
    for lo, hi in _windows(text):
        for m in phonenumbers.PhoneNumberMatcher(text[lo:hi], "US", leniency=_LENIENCY):
            number = m.number
            region = phonenumbers.region_code_for_number(number)
            if not region or region == phonenumbers.UNKNOWN_REGION:
                continue
            admin1 = None
            if region in _DIVIDED:
                description = geocoder.description_for_number(number, "en").strip()
                if not description:
                    # Toll-free and other non-geographic numbers, shared by the US and Canada.
                    continue
                admin1 = _division(gaz, region, description)
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            out.append(PhoneLocale(lo + m.start, lo + m.end, m.raw_string, e164, region, admin1))
    return out


__all__ = ["PhoneLocale", "phone_locales"]
