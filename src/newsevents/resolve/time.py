"""Resolve news time expressions ("Sunday", "last month", "June 3") against the publication date.

News reports the past, so an expression resolves to its latest reading not after the
publication date: "Sunday" in a Monday article is the day before, "June 10" in a June 8
article is June 10 of the previous year, and ranges that straddle the publication date
("this week", "earlier this month") are cut at it. Only expressions that say so point
forward ("next week", "tomorrow"), and dates written with a year are taken as written.
Weeks run Monday to Sunday: "last week" in an article of Monday 8 June 2015 is 1-7 June, and
"last Friday" is the Friday of that week (5 June, and 5 June too in an article of Saturday
13 June, when the day before is "Friday" or "yesterday").

Two paths:

* Rules (``data/time_rules.yaml`` plus the date patterns below) cover weekdays, holidays
  ("Christmas", "Labor Day": the latest one up to publication), fixed
  phrases ("yesterday", "in recent weeks", "last weekend"), counts ("two days ago"),
  written dates ("June 3", "3 June 2015", "2015-06-03", "June 2015", "2014", "the 1990s")
  and month or year parts ("early June", "mid-2014"). They cost a few microseconds.
* Anything else goes to dateparser, with the publication date as its base and past dates
  preferred. Importing it and its first call cost about 0.35 s (language data is loaded);
  later calls cost about 0.5-1 ms each, so the rules come first and results are cached.

Durations, frequencies and ages ("for three years", "every day", "24 hours",
"25-year-old") resolve to None, as do relative expressions when the publication date is
unknown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsevents.extract.quantities import match_quantity, parse_number
from newsevents.model import Precision
from newsevents.ontology.datafiles import data_path, load_model

__all__ = ["TimeResolution", "resolve_time"]

DATA_FILE = "time_rules.yaml"

UnitKind = Literal["hour", "day", "week", "fortnight", "month", "year", "decade"]
Relation = Literal["before", "on_or_before", "after", "last_week"]


@dataclass(frozen=True, slots=True)
class TimeResolution:
    """A resolved time: the inclusive date range ``[start, end]`` and its granularity."""

    start: dt.date
    end: dt.date
    precision: Precision


class PhraseRule(BaseModel):
    """A fixed phrase of ``time_rules.yaml`` and the range it stands for."""

    model_config = ConfigDict(extra="forbid")

    match: list[str] = Field(min_length=1)
    unit: Literal["days", "week", "weekend", "month", "year"]
    start: int | None = None
    end: int | None = None
    offset: int | None = None
    precision: Precision

    @model_validator(mode="after")
    def _fields_fit_unit(self) -> PhraseRule:
        if self.unit == "days":
            if self.start is None or self.end is None or self.start > self.end:
                raise ValueError(f"{self.match[0]!r}: a days rule needs start <= end")
            if self.offset is not None:
                raise ValueError(f"{self.match[0]!r}: a days rule takes start/end, not offset")
        elif self.offset is None or self.start is not None or self.end is not None:
            raise ValueError(f"{self.match[0]!r}: a {self.unit} rule takes offset only")
        return self


class PartModifier(BaseModel):
    """Which days of a month and which months of a year "early", "mid" or "late" mean."""

    model_config = ConfigDict(extra="forbid")

    days: tuple[int, int]
    months: tuple[int, int]

    @model_validator(mode="after")
    def _in_range(self) -> PartModifier:
        if not 1 <= self.days[0] <= self.days[1] <= 31:
            raise ValueError("days must be an ordered pair within 1..31")
        if not 1 <= self.months[0] <= self.months[1] <= 12:
            raise ValueError("months must be an ordered pair within 1..12")
        return self


class Holiday(BaseModel):
    """A holiday of ``time_rules.yaml``: a fixed day of a month, or its nth weekday."""

    model_config = ConfigDict(extra="forbid")

    match: list[str] = Field(min_length=1)
    month: int = Field(ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    weekday: int | None = Field(default=None, ge=0, le=6)
    nth: int | None = Field(default=None, ge=-1, le=5)

    @model_validator(mode="after")
    def _one_way(self) -> Holiday:
        fixed = self.day is not None
        counted = self.weekday is not None and self.nth is not None and self.nth != 0
        if fixed == counted or (fixed and (self.weekday is not None or self.nth is not None)):
            raise ValueError(f"{self.match[0]!r}: give a day, or a weekday and its nth")
        return self

    def on(self, year: int) -> dt.date | None:
        """The holiday's date in ``year``."""
        if self.day is not None:
            return _safe_date(year, self.month, self.day)
        assert self.weekday is not None and self.nth is not None  # checked on load
        days = [
            d
            for d in range(1, calendar.monthrange(year, self.month)[1] + 1)
            if dt.date(year, self.month, d).weekday() == self.weekday
        ]
        index = self.nth - 1 if self.nth > 0 else self.nth
        return dt.date(year, self.month, days[index]) if -len(days) <= index < len(days) else None


class TimeRules(BaseModel):
    """Schema of ``data/time_rules.yaml``."""

    model_config = ConfigDict(extra="forbid")

    year_min: int = Field(ge=1)
    year_max: int = Field(le=9999)
    weekdays: dict[str, int]
    months: dict[str, int]
    lead_words: list[str]
    weekday_relations: dict[str, Relation]
    day_parts: list[str]
    part_modifiers: dict[str, PartModifier]
    unit_words: dict[str, UnitKind]
    ago_words: list[str]
    span_words: list[str]
    reject_first_words: list[str]
    reject_words: list[str]
    future_words: list[str]
    phrases: list[PhraseRule]
    holidays: list[Holiday] = []

    @model_validator(mode="after")
    def _check(self) -> TimeRules:
        if self.year_min > self.year_max:
            raise ValueError("year_min must not exceed year_max")
        if any(not 0 <= v <= 6 for v in self.weekdays.values()):
            raise ValueError("weekdays must map to 0 (Monday) .. 6 (Sunday)")
        if any(not 1 <= v <= 12 for v in self.months.values()):
            raise ValueError("months must map to 1..12")
        seen: set[str] = set()
        matches = [r.match for r in self.phrases] + [h.match for h in self.holidays]
        for match in matches:
            for phrase in match:
                key = " ".join(_words(phrase))
                if key in seen:
                    raise ValueError(f"phrase {phrase!r} is listed twice")
                seen.add(key)
        return self


class _Miss(Enum):
    """No rule matched: the expression may still be a date dateparser knows."""

    MISS = 0


_MISS = _Miss.MISS
_Outcome = TimeResolution | None | _Miss

# Clock times carry no date and would hide the date next to them ("Sunday at 10:30 p.m.").
_CLOCK_RE = re.compile(
    r"(?:\b(?:at|around|about|shortly after|shortly before|just after|just before)\s+)?"
    r"(?:\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?)|\b\d{1,2}:\d{2}\b)"
    r"(?:\s*(?:gmt|utc|local time)\b)?"
)
_TOKEN_RE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}\b|\d+(?:/\d+)+|\d{3}0s\b|\d+(?:st|nd|rd|th)?\b|[a-z]+|[-–—]"
)
_ORDINAL_RE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_YEAR_IN_TEXT_RE = re.compile(r"\b\d{4}\b")


def _words(text: str) -> list[str]:
    """Lower-case word tokens of ``text``, with clock times removed and ordinals as digits."""
    text = _CLOCK_RE.sub(" ", text.lower().replace("’", "'"))
    text = re.sub(r"'s\b", "", text)
    out = []
    for tok in _TOKEN_RE.findall(text):
        m = _ORDINAL_RE.match(tok)
        out.append(m.group(1) if m else ("-" if tok in "–—" else tok))
    return out


@dataclass(frozen=True)
class _Grammar:
    """The rules file compiled into lookups and patterns."""

    rules: TimeRules
    phrases: dict[str, PhraseRule]
    holidays: dict[str, Holiday]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    month_year: re.Pattern[str]
    month_only: re.Pattern[str]
    month_days: re.Pattern[str]
    days_month: re.Pattern[str]
    weekday: re.Pattern[str]
    ago: re.Pattern[str]
    span: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _grammar() -> _Grammar:
    rules = load_model(data_path(DATA_FILE), TimeRules)
    month = _alternation(list(rules.months))
    units = _alternation(list(rules.unit_words))
    return _Grammar(
        rules=rules,
        phrases={" ".join(_words(p)): r for r in rules.phrases for p in r.match},
        holidays={" ".join(_words(p)): h for h in rules.holidays for p in h.match},
        month_day=re.compile(rf"^(?P<m>{month}) (?P<d>\d{{1,2}})(?: (?P<y>\d{{4}}))?$"),
        day_month=re.compile(rf"^(?P<d>\d{{1,2}}) (?:of )?(?P<m>{month})(?: (?P<y>\d{{4}}))?$"),
        month_year=re.compile(rf"^(?P<m>{month}) (?:of )?(?P<y>\d{{4}})$"),
        month_only=re.compile(rf"^(?P<m>{month})$"),
        month_days=re.compile(
            rf"^(?P<m>{month}) (?P<d>\d{{1,2}}) (?:-|to|and) (?P<d2>\d{{1,2}})(?: (?P<y>\d{{4}}))?$"
        ),
        days_month=re.compile(
            rf"^(?P<d>\d{{1,2}}) (?:-|to|and) (?P<d2>\d{{1,2}}) (?:of )?(?P<m>{month})"
            rf"(?: (?P<y>\d{{4}}))?$"
        ),
        weekday=re.compile(
            rf"^(?:(?P<rel>{_alternation(list(rules.weekday_relations))}) )?"
            rf"(?P<wd>{_alternation(list(rules.weekdays))})$"
        ),
        ago=re.compile(rf"^(?P<q>.+?) (?P<u>{units}) (?:{_alternation(rules.ago_words)})$"),
        span=re.compile(rf"^(?:{_alternation(rules.span_words)}) (?:(?P<q>.+?) )?(?P<u>{units})$"),
    )


# -- calendar arithmetic -------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    """(year, month) of the calendar month ``months`` away from ``day``'s."""
    year, index = divmod(day.year * 12 + day.month - 1 + months, 12)
    return year, index + 1


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _unit_range(day: dt.date, unit: Precision) -> tuple[dt.date, dt.date]:
    """The calendar day, week (Monday-Sunday), month or year that contains ``day``."""
    if unit is Precision.day:
        return day, day
    if unit is Precision.week:
        return _week_of(day)
    if unit is Precision.month:
        return day.replace(day=1), _month_end(day.year, day.month)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def _past(start: dt.date, end: dt.date, precision: Precision, pub: dt.date) -> TimeResolution:
    """A range read as past: cut at the publication date when it straddles it."""
    if start <= pub < end:
        end = pub
    return TimeResolution(start, end, precision)


def _valid_year(year: int) -> bool:
    rules = _grammar().rules
    return rules.year_min <= year <= rules.year_max


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# -- the rules -----------------------------------------------------------------------------------


def _phrase(rule: PhraseRule, pub: dt.date | None) -> TimeResolution | None:
    if pub is None:
        return None
    if rule.unit == "days":
        assert rule.start is not None and rule.end is not None  # checked on load
        start = pub + dt.timedelta(days=rule.start)
        return _past(start, pub + dt.timedelta(days=rule.end), rule.precision, pub)
    offset = rule.offset or 0
    if rule.unit == "week":
        monday = _week_of(pub)[0] + dt.timedelta(weeks=offset)
        return _past(monday, monday + dt.timedelta(days=6), rule.precision, pub)
    if rule.unit == "weekend":
        if offset >= 0:
            saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
            saturday += dt.timedelta(weeks=offset)
        else:
            # The latest Sunday strictly before the publication date, skipping a weekend the
            # publication date falls in ("last weekend" said on a Sunday is the one before).
            sunday = pub - dt.timedelta(days=(pub.weekday() - 6) % 7 or 7)
            saturday = sunday - dt.timedelta(days=1) + dt.timedelta(weeks=offset + 1)
        return _past(saturday, saturday + dt.timedelta(days=1), rule.precision, pub)
    if rule.unit == "month":
        year, month = _shift_month(pub, offset)
        return _past(dt.date(year, month, 1), _month_end(year, month), rule.precision, pub)
    year = pub.year + offset
    return _past(dt.date(year, 1, 1), dt.date(year, 12, 31), rule.precision, pub)


def _holiday(holiday: Holiday, pub: dt.date | None) -> TimeResolution | None:
    """The latest such holiday not after publication ("Christmas" in a January article is
    the last one)."""
    if pub is None:
        return None
    for year in (pub.year, pub.year - 1):
        day = holiday.on(year)
        if day is not None and day <= pub:
            return TimeResolution(day, day, Precision.day)
    return None


def _weekday(weekday: int, relation: Relation, pub: dt.date | None) -> TimeResolution | None:
    if pub is None:
        return None
    if relation == "after":
        day = pub + dt.timedelta(days=(weekday - pub.weekday()) % 7 or 7)
    elif relation == "last_week":
        # That weekday in the Monday-to-Sunday week before the publication's.
        day = _week_of(pub)[0] - dt.timedelta(days=7 - weekday)
    else:
        back = (pub.weekday() - weekday) % 7
        if relation == "before" and back == 0:
            back = 7
        day = pub - dt.timedelta(days=back)
    return TimeResolution(day, day, Precision.day)


def _month_day(month: int, day: int, year: str | None, pub: dt.date | None) -> _Outcome:
    if year is not None:
        date = _safe_date(int(year), month, day) if _valid_year(int(year)) else None
        return None if date is None else TimeResolution(date, date, Precision.day)
    if pub is None:
        return None
    # The latest such day not after publication; 29 February may be years back.
    for back in range(9):
        date = _safe_date(pub.year - back, month, day)
        if date is not None and date <= pub:
            return TimeResolution(date, date, Precision.day)
    return None


def _day_range(
    month: int, first: int, last: int, year: str | None, pub: dt.date | None
) -> _Outcome:
    """Day ranges such as "June 20-21" or "20 to 21 June 2015", read like "June 20"."""
    start = _month_day(month, first, year, pub)
    if not isinstance(start, TimeResolution):
        return start
    end = _safe_date(start.start.year, month, last)
    if end is None or end < start.start:
        return None
    if year is None and pub is not None:
        return _past(start.start, end, Precision.day, pub)
    return TimeResolution(start.start, end, Precision.day)


def _month(month: int, year: int | None, pub: dt.date | None) -> TimeResolution | None:
    if year is not None:
        if not _valid_year(year):
            return None
        return TimeResolution(dt.date(year, month, 1), _month_end(year, month), Precision.month)
    if pub is None:
        return None
    year = pub.year if month <= pub.month else pub.year - 1
    return _past(dt.date(year, month, 1), _month_end(year, month), Precision.month, pub)


def _numeric(text: str) -> _Outcome:
    """ISO dates, years, decades and unambiguous day/month/year numbers."""
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        y, mo, d = (int(g) for g in m.groups())
        date = _safe_date(y, mo, d) if _valid_year(y) else None
        return None if date is None else TimeResolution(date, date, Precision.day)
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        a, b, y = (int(g) for g in m.groups())
        readings = {_safe_date(y, b, a), _safe_date(y, a, b)} - {None}
        if len(readings) != 1 or not _valid_year(y):
            return None  # "03/06/2015" is March 6 or 3 June: refuse to guess
        date = readings.pop()
        assert date is not None
        return TimeResolution(date, date, Precision.day)
    if re.fullmatch(r"\d+(?:/\d+)+", text):
        return None
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m.group(1))
        if not _valid_year(year):
            return None
        return TimeResolution(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.year)
    if m := re.fullmatch(r"(\d{3}0)s", text):
        year = int(m.group(1))
        if not (_valid_year(year) and _valid_year(year + 9)):
            return None
        return TimeResolution(dt.date(year, 1, 1), dt.date(year + 9, 12, 31), Precision.year)
    return _MISS


_UNIT_PRECISION: dict[UnitKind, Precision] = {
    "hour": Precision.day,
    "day": Precision.day,
    "week": Precision.week,
    "fortnight": Precision.week,
    "month": Precision.month,
    "year": Precision.year,
    "decade": Precision.year,
}
_COARSER = {
    Precision.day: Precision.week,
    Precision.week: Precision.month,
    Precision.month: Precision.year,
    Precision.year: Precision.year,
}


def _back(pub: dt.date, count: int, unit: UnitKind) -> dt.date:
    """The day ``count`` units before ``pub``."""
    if unit == "hour":
        return pub - dt.timedelta(days=count // 24)
    if unit in ("day", "week", "fortnight"):
        days = {"day": 1, "week": 7, "fortnight": 14}[unit]
        return pub - dt.timedelta(days=count * days)
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = _shift_month(pub, -months)
    return _safe_date(year, month, pub.day) or _month_end(year, month)


def _count(text: str) -> tuple[int, int] | None:
    """(low, high) of a count of units ("two", "a", "several"); None if not a bounded count."""
    found = match_quantity(text)
    if found is None or text[found.end :].strip():
        return None
    q = found.quantity
    if q.low is None or q.high is None or q.high > 100_000:
        return None
    return q.low, q.high


def _ago(text: str, unit: UnitKind, pub: dt.date | None) -> TimeResolution | None:
    """Counts back ("two days ago", "a few weeks ago"): the calendar unit that far back."""
    counted = _count(text)
    if counted is None or pub is None:
        return None
    low, high = counted
    precision = _UNIT_PRECISION[unit]
    try:
        first, last = _back(pub, high, unit), _back(pub, low, unit)
    except (OverflowError, ValueError):
        return None
    if low != high:
        precision = _COARSER[precision]
    start, end = _unit_range(first, precision)[0], _unit_range(last, precision)[1]
    return _past(start, end, precision, pub)


def _span(text: str | None, unit: UnitKind, pub: dt.date | None) -> TimeResolution | None:
    """Stretches ("the past three days", "the last decade") up to publication."""
    counted = (1, 1) if text is None else _count(text)
    if counted is None or pub is None:
        return None
    try:
        start = _back(pub, counted[1], unit)
    except (OverflowError, ValueError):
        return None
    days = (pub - start).days
    precision = (
        Precision.day
        if days <= 1
        else Precision.week
        if days <= 28
        else Precision.month
        if days <= 92
        else Precision.year
    )
    return TimeResolution(start, pub, precision)


def _narrow(res: TimeResolution, modifier: PartModifier) -> TimeResolution:
    """The early / mid / late part of a month or year range (others are left alone)."""
    if res.precision is Precision.month and res.start.month == res.end.month:
        last = calendar.monthrange(res.start.year, res.start.month)[1]
        start = res.start.replace(day=min(modifier.days[0], last))
        end = res.start.replace(day=min(modifier.days[1], last))
    elif res.precision is Precision.year and res.start.year == res.end.year:
        start = dt.date(res.start.year, modifier.months[0], 1)
        end = _month_end(res.start.year, modifier.months[1])
    else:
        return res
    # Keep the cut at the publication date when the part lies before it.
    if start <= res.end < end:
        end = res.end
    return TimeResolution(start, end, res.precision)


def _rules(words: list[str], pub: dt.date | None, depth: int = 0) -> _Outcome:
    """Resolve an expression (as words) by the rules alone; _MISS when none applies."""
    g = _grammar()
    rules = g.rules
    while words and words[0] in rules.lead_words:
        words = words[1:]
    if not words or depth > 3:
        return _MISS
    if words[0] in rules.reject_first_words or any(w in rules.reject_words for w in words):
        return None
    for i, w in enumerate(words[:-1]):
        # A hyphenated unit is an adjective or an age: "three-day", "25-year-old".
        if w == "-" and words[i + 1] in rules.unit_words:
            return None
    if words[0] in rules.part_modifiers and len(words) > 1 and words[1] == "-":
        words = [words[0], *words[2:]]  # "mid-June"
    text = " ".join(words)
    if text in g.phrases:
        return _phrase(g.phrases[text], pub)
    if text in g.holidays:
        return _holiday(g.holidays[text], pub)
    outcome = _patterns(g, text, pub)
    if outcome is not _MISS:
        return outcome
    for step in _COMPOSITES:
        outcome = step(words, pub, depth)
        if outcome is not _MISS:
            return outcome
    if words[-1] in rules.unit_words:
        return None  # "three years", "the past": a duration, not a time
    return _MISS


def _patterns(g: _Grammar, text: str, pub: dt.date | None) -> _Outcome:
    rules = g.rules
    outcome = _numeric(text)
    if outcome is not _MISS:
        return outcome
    if m := g.weekday.match(text):
        relation = rules.weekday_relations[m["rel"]] if m["rel"] else "on_or_before"
        return _weekday(rules.weekdays[m["wd"]], relation, pub)
    if m := g.month_day.match(text) or g.day_month.match(text):
        return _month_day(rules.months[m["m"]], int(m["d"]), m["y"], pub)
    if m := g.month_days.match(text) or g.days_month.match(text):
        return _day_range(rules.months[m["m"]], int(m["d"]), int(m["d2"]), m["y"], pub)
    if m := g.month_year.match(text):
        return _month(rules.months[m["m"]], int(m["y"]), pub)
    if m := g.month_only.match(text):
        return _month(rules.months[m["m"]], None, pub)
    if m := g.ago.match(text):
        return _ago(m["q"], rules.unit_words[m["u"]], pub)
    if m := g.span.match(text):
        return _span(m["q"], rules.unit_words[m["u"]], pub)
    return _MISS


def _part_of(words: list[str], pub: dt.date | None, depth: int) -> _Outcome:
    """Parts such as "early June", "mid-2014", "late last month" or "end of the year"."""
    modifier = _grammar().rules.part_modifiers.get(words[0])
    if modifier is None or len(words) < 2:
        return _MISS
    inner = _rules(words[1:], pub, depth + 1)
    if not isinstance(inner, TimeResolution):
        return inner
    part = _narrow(inner, modifier)
    if pub is not None and part.start > pub and inner.start <= pub:
        # "late June" in a June 10 article: the part is still to come, so a bare month name
        # means last year's (phrases such as "later this month" keep their own reading).
        g = _grammar()
        rest = [w for w in words[1:] if w not in g.rules.lead_words and w != "-"]
        if m := g.month_only.match(" ".join(rest)):
            month = g.rules.months[m["m"]]
            return _narrow(_month(month, pub.year - 1, None) or inner, modifier)
    return part


def _with_day_part(words: list[str], pub: dt.date | None, depth: int) -> _Outcome:
    """A day with a part of it: "Sunday night", "overnight Saturday", "night of June 3"."""
    parts = _grammar().rules.day_parts
    for rest in (
        words[:-1] if words[-1] in parts else None,
        words[1:] if words[0] in parts else None,
    ):
        if rest:
            inner = _rules(rest, pub, depth + 1)
            if isinstance(inner, TimeResolution) and inner.precision is Precision.day:
                return inner
    return _MISS


def _weekday_and_date(words: list[str], pub: dt.date | None, depth: int) -> _Outcome:
    """A weekday before a date ("Sunday, June 7"): the written date decides, in the year
    whose June 7 is that weekday when the text gives no year. "Monday, May 16" read on
    Friday, May 13, 2016 is the coming Monday (2016), not May 16 of 2015, a Saturday."""
    weekdays = _grammar().rules.weekdays
    if words[0] not in weekdays or len(words) < 3:
        return _MISS
    inner = _rules(words[1:], pub, depth + 1)
    if not isinstance(inner, TimeResolution) or inner.precision is not Precision.day:
        return _MISS
    wanted = weekdays[words[0]]
    if inner.start.weekday() == wanted or any(w.isdigit() and len(w) == 4 for w in words):
        return inner
    for shift in (1, -1):
        try:
            day = inner.start.replace(year=inner.start.year + shift)
        except ValueError:  # February 29
            continue
        if day.weekday() == wanted:
            return TimeResolution(start=day, end=day, precision=Precision.day)
    return inner


_COMPOSITES: tuple[Callable[[list[str], dt.date | None, int], _Outcome], ...] = (
    _part_of,
    _with_day_part,
    _weekday_and_date,
)


# -- dateparser fallback -------------------------------------------------------------------------

_PERIOD_PRECISION = {
    "day": Precision.day,
    "part_of_day": Precision.day,
    "week": Precision.week,
    "month": Precision.month,
    "year": Precision.year,
}


@functools.lru_cache(maxsize=64)
def _date_parser(pub: dt.date | None) -> Any:
    """A dateparser parser relative to ``pub``, built once per publication date.

    dateparser fixes its settings (and so the relative base) when the parser is built.
    """
    from dateparser.date import DateDataParser  # imported late: importing costs ~0.15 s

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if pub is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(pub, dt.time())
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(words: list[str], pub: dt.date | None) -> TimeResolution | None:
    rules = _grammar().rules
    text = " ".join(words)
    has_year = _YEAR_IN_TEXT_RE.search(text) is not None
    if not text or (pub is None and not has_year) or parse_number(text) is not None:
        return None  # a bare number ("5", "twelve") is no date, whatever dateparser thinks
    if all(w.isdigit() or w == "-" for w in words):
        return None  # all-number dates the rules left alone are ambiguous ("3.6.2015")
    try:
        data = _date_parser(pub).get_date_data(text)
    except Exception:  # a third-party parser on arbitrary text: any failure means "no date"
        return None
    date_obj = getattr(data, "date_obj", None)
    precision = _PERIOD_PRECISION.get(str(getattr(data, "period", "")))
    if not isinstance(date_obj, dt.datetime) or precision is None:
        return None  # "time" periods are hours and minutes: durations such as "24 hours"
    day = date_obj.date()
    if has_year and str(day.year) not in text.split():
        return None  # dateparser read some other number as the year
    if not has_year and pub is not None and abs((pub - day).days) > 2 * 366:
        return None  # relative phrases in news stay near publication; this is a misreading
    if pub is not None and day > pub and not has_year:
        # Prefer the past reading unless the words point forward ("next Christmas").
        if any(w in rules.future_words for w in words):
            return TimeResolution(*_unit_range(day, precision), precision)
        if precision not in (Precision.day, Precision.month):
            return None
        day = _safe_date(day.year - 1, day.month, day.day) or _month_end(day.year - 1, day.month)
    start, end = _unit_range(day, precision)
    if pub is not None and not has_year:
        return _past(start, end, precision, pub)
    return TimeResolution(start, end, precision)


@functools.lru_cache(maxsize=4096)
def resolve_time(expression: str, published: dt.date | None) -> TimeResolution | None:
    """Resolve a news time expression to a date range, reading it against ``published``.

    Prefers the past: "Sunday" is the latest Sunday up to the publication date (the
    publication day itself when it is a Sunday), "June 3" the latest June 3 not after it.
    Returns None for durations, frequencies, non-times, and relative expressions when
    ``published`` is None. Results are cached, so repeated expressions cost nothing.
    """
    words = _words(expression)
    try:
        outcome = _rules(words, published)
        if outcome is _MISS:
            lead = _grammar().rules.lead_words
            while words and words[0] in lead:
                words = words[1:]
            return _dateparser(words, published)
    except (OverflowError, ValueError):
        return None  # the range would run past the calendar's limits (year 1 or 9999)
    return outcome
