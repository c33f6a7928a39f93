"""Toponym resolution: which place a name denotes, given the rest of the article.

Every gazetteer entry a name may denote is a candidate. A candidate's score adds:

* a prior: countries, curated regions and subdivisions before towns; towns by population
  (log scale), capitals a little more; an exact primary name a little more than an
  alternate spelling;
* country context: countries named in the article, by name or demonym ("Syrian"), and
  countries of the unambiguous places it names;
* subdivision context: US states named in the article ("Maryland", "Md.", a postal code
  after a town of that state: "Birmingham, AL"), strongest when written right after the
  name ("Damascus, Md."); half as much for a town read by an alternate name;
* county context: the county the article names ("Richland County Sheriff's Office") for the
  towns in it read by their own name;
* nearby places: closeness to where the article's other toponyms were resolved (a second
  pass, so that "Columbus" near "Dayton" and "Cincinnati" is the Ohio one).

A curated region marked ``exclusive`` ("Gaza") removes candidates in other countries.

Unknown is better than far wrong: where the article points clearly at one country, a small
town (or a small country's subdivision) in a country it never points at, not even by a name
that may denote that country ("Georgia", "Ontario"), is no candidate. "Western Heights" of a
Knoxville story then stays unresolved, and the event is placed by the article's own town
(:mod:`newsevents.extract.article_places`) instead of in Auckland.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsevents.nlp.truecase_table import get_table
from newsevents.resolve import phones
from newsevents.resolve.gazetteer import (
    ABBREVIATION,
    ADMIN1,
    ADMIN2,
    ALTERNATE,
    CITY,
    COUNTRY,
    DEMONYM,
    PRIMARY,
    REGION,
    Gazetteer,
    Hit,
    Place,
    gazetteer,
    normalise,
)

#: Prior of each kind of place; towns get log10(population) instead (at most about 7.5).
KIND_PRIOR = {COUNTRY: 11.0, REGION: 7.0, ADMIN1: 7.0, ADMIN2: 3.5}
#: Prior of a county reached by its name without "County" ("Barrow and Jackson counties").
COUNTY_SHORT_PRIOR = 2.5
CAPITAL_BONUS = 1.5
PRIMARY_BONUS = 1.0
NO_COORDINATES_PENALTY = 1.5
COUNTRY_WEIGHT = 3.0
COUNTRY_SEEN = 1.0
ADMIN1_WEIGHT = 2.5
ATTACHED_ADMIN1_WEIGHT = 6.0
#: Share of the state context that a town read by an alternate name takes: a name a town is
#: rarely called by is a weak reading, which the article's state must not lift over the town
#: the name is the own name of ("Montgomery", an alternate name of Shackle Island,
#: Tennessee, in a Montgomery, Alabama story from a Memphis station). Measured on 400
#: training articles of the GVA pool: one more in the right state, none in a wrong one.
ALTERNATE_STATE_SHARE = 0.5
#: Weight of the county a town lies in when the article names that county ("the Richland
#: County Sheriff's Office" of a Mansfield story): local news names its town's county, and the
#: county tells the Ohio Mansfield from its namesakes. As much as the article's main state.
#: Only for a town read by its own name. Measured on 400 training articles of the GVA pool:
#: two more in the right state (one fewer in the record's town, where "Pendleton" is now
#: read in the named county); given the names, LGL 80.08 -> 81.71, TR-News 76.08 -> 75.76 (one
#: article, whose "Monroe County" follows a surer "Paris" to a namesake county).
COUNTY_WEIGHT = 2.5
NEARBY_WEIGHT = 3.5
NEARBY_SCALE_KM = 250.0
#: A country that nothing else in the article points at, while other countries are named:
#: "Jordan" in a story whose other places are all in Minnesota is more likely the town.
UNSUPPORTED_COUNTRY_PENALTY = 1.5
#: Country evidence (about two mentions) beyond which a town known to the gazetteer only by an
#: alternate name, in a country the article never points at, is no reading of the name:
#: "Boni" in a story from central Mali is not Bonn. Unknown is better than far wrong.
FOREIGN_ALTERNATE_EVIDENCE = 2.0
#: A town less populous than this, in a country the article never points at while it points
#: clearly at one other (:data:`FOREIGN_ALTERNATE_EVIDENCE`, :data:`CLEAR_COUNTRY_SHARE`), is
#: no reading of its own name either: "Western Heights" of a Knoxville story is a part of
#: Knoxville, not the Auckland suburb. Unknown is better than far wrong: the event is then
#: placed by the article's own town. Set at the population above which a town is named in
#: news far from home without its country (as :data:`SHADOWING_TOWN_POPULATION`): Fallujah or
#: Kandahar stay readable wherever the story is set.
FAR_TOWN_POPULATION = 100_000
#: A subdivision of a country less populous than this, which the article never points at
#: while it points clearly at others, is no reading of the name either: "the Northland" of a
#: Kansas City story is not New Zealand's region. The subdivisions of populous countries
#: (Punjab, Ontario, Bavaria) are named in news without their country; set near the
#: population of the smallest countries whose regions news names alone that often.
SMALL_COUNTRY_POPULATION = 10_000_000
#: Share of the article's country evidence that one country must hold for the article to point
#: clearly at it, as ``ARTICLE_SHARE`` of :mod:`newsevents.extract.article_places` asks of the
#: article's places: a story naming Oxford and a US town as often is set nowhere clearly, and
#: its "Botley" stays the English village.
CLEAR_COUNTRY_SHARE = 0.75
#: Weight of the state a dateline names by its postal code ("COLUMBUS, GA (WTVM) -"): as much
#: as a dateline's spelled abbreviation gives ("KNOXVILLE, Tenn. -", counted by its name and
#: again after the comma), since the code is no name the context scan reads.
DATELINE_STATE_WEIGHT = 2.0
#: Weight of the state (or, abroad, the country) a phone number of the article is in
#: (:mod:`newsevents.resolve.phones`: "call police at 252-972-1411" is in North Carolina). An
#: area code is precise, but an article may give a number in another state (a national tip
#: line, an outlet's newsroom), so no more than a dateline's postal code. Measured at 1, 2 and
#: 3 on 400 training articles of the GVA pool: 2 and 3 put 4 more in the right state, 1 puts 3,
#: none puts one in a wrong state.
PHONE_WEIGHT = 2.0
#: Characters from the start of the text within which a dateline is looked for.
DATELINE_REACH = 600
#: A dateline with a US postal code: a town at the start of a paragraph, a comma, two capitals,
#: perhaps the outlet in brackets, then a dash or a bar ("COLUMBUS, GA (WTVM) -").
_DATELINE_STATE = re.compile(
    r"(?:^|\n)[ \t]*[A-Z][\w.'’ -]{1,40},[ \t]*([A-Z]{2})[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?"
    r"(?:—|–|--|-|\|)\s"
)
#: Weight of the state a US postal code names after a town the gazetteer knows there, outside
#: a dateline ("Birmingham, AL", "WBRC FOX6 - Birmingham, AL - WBRC.com"): a headline's
#: outlet, a byline or an address names where the outlet is, most often the story's state
#: but not always (a Columbus, Georgia station runs a Birmingham story), so no more than a
#: town's name that lies in one state gives: a hint that a reading spelled otherwise in that
#: state (Cartersville's alternate name "Birmingham") does not outweigh the populous one.
#: Measured at 0.5 on 400 training articles of the GVA pool, with the far-namesake setting
#: of :mod:`newsevents.extract.article_places`: 3 more in the right state, none in a wrong one.
TOWN_STATE_WEIGHT = 0.5
#: Fewest people of a town that a postal code after its name is read with: "Smith, MD" is a
#: physician, not the hamlet of Smith in Maryland.
TOWN_STATE_POPULATION = 1000
#: A town's name, a comma and a US postal code, then no more letters ("Birmingham, AL -",
#: "Houston, TX"): up to three capitalised words before the comma.
_TOWN_STATE = re.compile(
    r"\b([A-Z][\w.'’-]*(?:[ \t][A-Z][\w.'’-]*){0,2}),[ \t]*([A-Z]{2})(?![\w.])"
)
#: A county or parish named with its kind ("Richland County", "Orleans Parish").
_COUNTY = re.compile(r"\b([A-Z][\w.'’-]*(?:[ \t][A-Z][\w.'’-]*){0,2})[ \t]+(County|Parish)\b")
#: A lone capitalised word whose lower-case uses are at least this share of its uses (in the
#: casing statistics of edited English) is a common word, no evidence of a place.
COMMON_WORD_SHARE = 0.25
#: A town at least this populous, in another country, takes the evidence from a subdivision
#: of the same name.
SHADOWING_TOWN_POPULATION = 100_000
#: Months and weekdays ("Friday, March 3"): dates, whatever town is called March.
_CALENDAR = frozenset(name.lower() for name in [*calendar.month_name, *calendar.day_name] if name)
#: Compass words that are also names of subdivisions somewhere (Cameroon's West, Sud ...).
_COMPASS = frozenset({"northeast", "northwest", "southeast", "southwest", "centre", "center"})
#: Words the context scan may join inside a multi-word name ("Bosnia and Herzegovina").
_JOINERS = frozenset({"of", "and", "the", "al", "el", "de", "du", "la", "upon", "on"})
_WORD = re.compile(r"[A-Z][\w'’.-]*|[a-z]+")
_DIRECTION = re.compile(
    r"^(?:north|south|east|west|northern|southern|eastern|western|central|northeast(?:ern)?|"
    r"northwest(?:ern)?|southeast(?:ern)?|southwest(?:ern)?|upper|lower|greater)\s+",
    re.I,
)
_SUFFIX = re.compile(
    r"\s+(?:province|governorate|region|district|city|town|village|state|area|camp)$", re.I
)


@dataclass
class Candidate:
    """A place a name may denote, with its score and the parts of the score."""

    place: Place
    how: str
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Resolution:
    """The place chosen for a mention, with the candidates it was chosen from."""

    text: str
    place: Place
    lat: float | None
    lon: float | None
    precision: str | None
    confidence: float
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class Evidence:
    """One name of the article that points at a country (and perhaps a state); with weight
    0, one that may denote a country, or a region of it, without pointing at it ("Georgia",
    "Ontario")."""

    key: str
    country: str | None
    admin1: str | None
    weight: float


@dataclass
class Context:
    """What the article says about where it is: countries, states and resolved points.

    The tallies by country and state are made once per article (a long article has
    thousands of pieces of evidence, asked about for every candidate of every name), and
    :meth:`without` takes one name's share off them instead of copying the evidence.
    """

    evidence: list[Evidence] = field(default_factory=list)
    points: list[tuple[float, float, float]] = field(default_factory=list)
    excluded: tuple[str, ...] = ()
    _tally: _Tally | None = field(default=None, repr=False, compare=False)
    #: The counties the article names, normalised ("richland county").
    counties: frozenset[str] = frozenset()

    @property
    def tally(self) -> _Tally:
        """The evidence summed by country and state, overall and for each name."""
        if self._tally is None:
            self._tally = _Tally(self.evidence)
        return self._tally

    def without(self, *keys: str) -> Context:
        """The context less what the names ``keys`` themselves contributed (no
        self-support): a name, and the shorter form it was read by ("MacLean" of "MacLean
        Bottoms")."""
        return Context(
            self.evidence, self.points, tuple(dict.fromkeys(keys)), self.tally, self.counties
        )

    def with_points(self, points: list[tuple[float, float, float]]) -> Context:
        """The same evidence with other resolved points."""
        return Context(self.evidence, points, self.excluded, self.tally, self.counties)

    @functools.cached_property
    def countries(self) -> dict[str, float]:
        """Weight of the evidence for each country."""
        return self.tally.less(0, self.excluded)

    @functools.cached_property
    def admin1(self) -> dict[str, float]:
        """Weight of the evidence for each first-level subdivision."""
        return self.tally.less(1, self.excluded)

    @functools.cached_property
    def possible(self) -> frozenset[str]:
        """Countries that a name of the article may denote, or name a region of, though it
        points at none of them ("Georgia", "Ontario")."""
        return frozenset(
            country
            for key, countries in self.tally.possible.items()
            if key not in self.excluded
            for country in countries
        )

    @functools.cached_property
    def _country_total(self) -> float:
        return sum(self.countries.values())

    def country_share(self, iso2: str | None) -> float:
        """Share of the country evidence that points at ``iso2``."""
        total = self._country_total
        return self.countries.get(iso2 or "", 0.0) / total if total else 0.0

    @functools.cached_property
    def _near_index(self) -> _PointIndex:
        return _PointIndex(self.points)

    def nearby(self, lat: float, lon: float) -> float:
        """How close (lat, lon) is to the resolved points: the largest weight times
        exp(-distance / scale), or 0 when none is close enough to count."""
        return self._near_index.nearby(lat, lon)


class _Tally:
    """Evidence weights by country (0) and by state (1), overall and for each name.

    Weights are 0.5, 1 or 2, so sums and differences are exact: taking a name's share off the
    total gives the very numbers that summing the other names' evidence would. Evidence of
    weight 0 only records the countries a name may denote (:attr:`Context.possible`).
    """

    def __init__(self, evidence: Sequence[Evidence]) -> None:
        self.total: tuple[dict[str, float], dict[str, float]] = (
            defaultdict(float),
            defaultdict(float),
        )
        self.by_key: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
        #: The countries each name may denote, or name a region of, without pointing at one.
        self.possible: dict[str, set[str]] = defaultdict(set)
        for e in evidence:
            if not e.weight:
                if e.country:
                    self.possible[e.key].add(e.country)
                continue
            mine = self.by_key.setdefault(e.key, (defaultdict(float), defaultdict(float)))
            for n, value in ((0, e.country), (1, e.admin1)):
                if value:
                    self.total[n][value] += e.weight
                    mine[n][value] += e.weight

    def less(self, n: int, keys: Sequence[str]) -> dict[str, float]:
        """The sums of kind ``n`` without the evidence of the names ``keys``."""
        out = defaultdict(float, self.total[n])
        for key in keys:
            mine = self.by_key.get(key)
            if mine is None:
                continue
            for value, weight in mine[n].items():
                left = out[value] - weight
                if left:
                    out[value] = left
                else:
                    del out[value]
        return out


#: Farthest a point can be and still count as nearby: beyond it even a point of weight 1
#: adds less than the 0.01 below which closeness is ignored.
_NEARBY_REACH_KM = NEARBY_SCALE_KM * math.log(1 / 0.01)
_KM_PER_DEGREE = 6371.0088 * math.pi / 180


class _PointIndex:
    """Resolved points sorted by latitude, so that only those within reach are measured
    (points farther in latitude alone are farther in distance too)."""

    def __init__(self, points: Sequence[tuple[float, float, float]]) -> None:
        self.points = sorted(points)
        self.lats = [p[0] for p in self.points]
        self.reach = _NEARBY_REACH_KM / _KM_PER_DEGREE + 1e-6

    def nearby(self, lat: float, lon: float) -> float:
        if not self.points:
            return 0.0
        lo = bisect.bisect_left(self.lats, lat - self.reach)
        hi = bisect.bisect_right(self.lats, lat + self.reach)
        if lo >= hi:
            return 0.0
        return max(
            w * math.exp(-haversine_km(lat, lon, plat, plon) / NEARBY_SCALE_KM)
            for plat, plon, w in self.points[lo:hi]
        )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# -- names in text --------------------------------------------------------------------------


#: First words that never name a place alone when a longer name follows them.
_GENERIC_HEADS = frozenset(
    {"east", "west", "north", "south", "central", "eastern", "western", "northern",
     "southern", "upper", "lower", "greater", "new", "old", "the", "commonwealth", "united"}
)  # fmt: skip


_THE = re.compile(r"^the\s+", re.I)


def _variants(text: str) -> list[tuple[str, str | None]]:
    """Names to look up for a mention, each with the precision it implies when it differs.

    "Turkey's Istanbul" -> Istanbul then Turkey; "northern Idlib" -> Idlib (a region of it);
    "Gainesville, Ga." -> Gainesville (the state is context).
    """
    text = " ".join(text.replace("’", "'").split()).strip(' ,;:()"')
    out: list[tuple[str, str | None]] = [(text, None)]
    # "the central Mopti region": the other readings start after the article ("The Hague"
    # is found whole, above), or "the central" would reach a region called Central.
    bare = _THE.sub("", text)
    if bare and bare != text:
        out.append((bare, None))
        text = bare
    if "'s " in text:
        owner, _, rest = text.partition("'s ")
        out += [(rest, None), (owner, None)]
    if "," in text:
        out.append((text.split(",")[0], None))
    unsuffixed = _SUFFIX.sub("", text)
    if unsuffixed != text:
        out.append((unsuffixed, None))
    # A facility or body named after its place ("Guernsey County Courthouse").
    words = text.split()
    for n in range(len(words) - 1, 0, -1):
        # "East Turkestan" and "West Africa" are not places called "East" or "West".
        if n == 1 and words[0].lower() in _GENERIC_HEADS:
            continue
        out.append((" ".join(words[:n]), "prefix"))
    stripped = _DIRECTION.sub("", text)
    if stripped != text:
        out.append((stripped, "region"))
        out.append((_SUFFIX.sub("", stripped), "region"))
    return out


def _attached_state(text: str, gaz: Gazetteer) -> str | None:
    """The state written after a comma in the mention itself ("Gainesville, Ga.")."""
    if "," not in text:
        return None
    tail = text.split(",", 1)[1].strip()
    states = [
        h.place
        for h in gaz.lookup(tail)
        if h.place.kind == ADMIN1 and (h.how != ABBREVIATION or tail.endswith("."))
    ]
    if not states:
        return None
    return max(states, key=lambda p: p.country_population).admin1_code


def scan_context(
    text: str, gaz: Gazetteer | None = None, people: Sequence[tuple[int, int]] = ()
) -> Context:
    """Country and state evidence in a text: names, demonyms and unambiguous places.

    Capitalised word runs (up to four words, joined by "of", "and" ...) are looked up; a
    name counts when every country, region or subdivision it may denote is in one country.
    A run inside a person's name (``people``: character spans) or a lone capitalised word
    that is usually a common word ("Police", "Home", "West") is read but counts for nothing.
    A dateline's postal code and the area code of a phone number name a state too.
    """
    gaz = gaz or gazetteer()
    ctx = Context()
    words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
    starts = sorted(people)
    i = 0
    while i < len(words):
        if not words[i][0][:1].isupper():
            i += 1
            continue
        found = 0
        for n in range(min(4, len(words) - i), 0, -1):
            chunk = words[i : i + n]
            if chunk[-1][0][:1].islower() or any(
                w[0][:1].islower() and w[0] not in _JOINERS for w in chunk
            ):
                continue
            start, end = chunk[0][1], chunk[-1][1] + len(chunk[-1][0])
            surface = text[start:end]
            silent = (n == 1 and is_common_word(surface)) or _inside(start, end, starts)
            if _add_context(surface, gaz, ctx, silent):
                found = n
                break
        i += max(found, 1)
    # "COLUMBUS, GA (WTVM) -": the dateline's postal code names the state the story is set in.
    dated: set[int] = set()  # where the dateline's codes are, counted once
    for m in _DATELINE_STATE.finditer(text, 0, DATELINE_REACH):
        dated.add(m.start(1))
        state = gaz.admin1(f"US-{m.group(1)}")
        if state is not None:
            ctx.evidence.append(
                Evidence(normalise(m.group(1)), "US", state.admin1_code, DATELINE_STATE_WEIGHT)
            )
    for m in _TOWN_STATE.finditer(text):
        if m.start(2) not in dated:
            code = _town_state(m.group(1), m.group(2), gaz)
            if code is not None:
                ctx.evidence.append(Evidence(normalise(m.group(2)), "US", code, TOWN_STATE_WEIGHT))
    # "Richland County Sheriff's Office": the county of the article's town.
    ctx.counties = frozenset(
        normalise(f"{m.group(1).split()[-1] if n == 1 else m.group(1)} {m.group(2)}")
        for m in _COUNTY.finditer(text)
        for n in (1, 2)
    )
    # "Call police at 252-972-1411": the area code names the state. Each number counts once
    # however often it is written.
    seen: set[str] = set()
    for phone in phones.phone_locales(text, gaz):
        if phone.number not in seen:
            seen.add(phone.number)
            ctx.evidence.append(Evidence(phone.number, phone.country, phone.admin1, PHONE_WEIGHT))
    # "Damascus, Md." names the state of the place before it: count it again.
    for m in re.finditer(r",\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", text):
        code = _attached_state("x, " + m.group(1), gaz)
        if code:
            ctx.evidence.append(Evidence(normalise(m.group(1)), code[:2], code, 1.0))
    return ctx


def _town_state(words: str, code: str, gaz: Gazetteer) -> str | None:
    """The state (its code, "US-AL") that a postal code after a town's name names, when the
    gazetteer knows a town of that name in that state ("Birmingham, AL"); the town's name is
    the last one, two or three of ``words`` ("FOX6 - Birmingham"). None otherwise: "AP" or
    "OK" after another name is no state."""
    state = gaz.admin1(f"US-{code}")
    if state is None:
        return None
    parts = words.split()
    # "WTVM.com-Columbus, GA": an outlet joined to its town by a hyphen.
    names = [" ".join(parts[-n:]) for n in range(min(3, len(parts)), 0, -1)]
    names += [words.rsplit("-", 1)[-1]] if "-" in parts[-1] else []
    for name in names:
        if any(
            h.place.kind == CITY
            and h.place.admin1_code == state.admin1_code
            and h.place.population >= TOWN_STATE_POPULATION
            for h in gaz.lookup(name)
        ):
            return state.admin1_code
    return None


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``start``..``end`` overlaps one of ``spans`` (sorted by start)."""
    k = bisect.bisect_right(spans, (end, -1)) - 1
    # Spans do not nest, so the last one starting before ``end`` is the only candidate
    # unless an earlier, longer one reaches past ``start``.
    return any(s < end and start < e for s, e in spans[max(0, k - 1) : k + 1])


@functools.lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """Whether a capitalised word is usually written in lower case, or is a compass word, a
    month or a weekday: "Home", "Police", "West" and "March" open sentences and headlines
    far more often than they name Home (Washington), the Polish region, Cameroon's West
    Region or March in England."""
    lower = word.lower().rstrip(".")
    if lower in _GENERIC_HEADS or lower in _COMPASS or lower in _CALENDAR:
        return True
    table = get_table()
    forms = table.casings(lower)
    if not forms:
        return False
    counts = table.numbers(table.counts, lower)
    if counts is None:
        return forms[0] == lower
    lower_count = sum(c for f, c in zip(forms, counts, strict=False) if f == lower)
    return lower_count >= COMMON_WORD_SHARE * sum(counts)


def _add_context(surface: str, gaz: Gazetteer, ctx: Context, silent: bool = False) -> bool:
    """Add the evidence ``surface`` gives to ``ctx``; True when the gazetteer knows it (a
    known name is consumed whole, even when ``silent`` says it counts for nothing)."""
    hits = [h for h in gaz.lookup(surface) if h.how != ABBREVIATION or surface.endswith(".")]
    if not hits:
        return False
    if silent:
        return True
    key = normalise(surface)
    big = [Candidate(h.place, h.how) for h in hits if h.place.kind in (COUNTRY, REGION, ADMIN1)]
    if big:
        for c in big:
            _prior(c)
        big.sort(key=lambda c: -sum(c.parts.values()))
        top = big[0].place
        margin = sum(big[0].parts.values()) - sum(big[1].parts.values()) if len(big) > 1 else 9
        one_country = len({c.place.country for c in big}) == 1
        # A name read as a country and as a state ("Georgia") is no evidence: it would vote
        # for its own prior. Same-kind namesakes ("Maryland", US or Liberia) go by prior.
        second = big[1].place if len(big) > 1 else None
        clear = margin >= 1.0 and second is not None and second.kind == top.kind
        weight = 1.0 if one_country or clear else 0.0
        # A small country's subdivision that shares its name with a large town elsewhere
        # ("Charlotte", a parish of Saint Vincent) is the town far more often.
        if top.kind != COUNTRY and any(
            h.place.kind == CITY
            and h.how == PRIMARY
            and h.place.population >= SHADOWING_TOWN_POPULATION
            and h.place.country != top.country
            for h in hits
        ):
            weight = 0.0
        if weight:
            admin1 = top.admin1_code if top.kind == ADMIN1 else None
            ctx.evidence.append(Evidence(key, top.country, admin1, weight))
        else:
            # No evidence, but the article may be about any of these countries: "Gori" of a
            # story naming "Georgia" is no far town.
            for country in sorted({c.place.country for c in big if c.place.country}):
                ctx.evidence.append(Evidence(key, country, None, 0.0))
        return True
    local = [
        h.place
        for h in hits
        if h.place.kind == ADMIN2
        or (h.place.kind == CITY and h.place.population >= 1000 and h.how == PRIMARY)
    ]
    countries = {p.country for p in local}
    if len(countries) == 1 and None not in countries:
        # Towns and counties of this name are all in one country (and perhaps one state).
        states = {p.admin1_code for p in local}
        admin1 = next(iter(states)) if len(states) == 1 else None
        ctx.evidence.append(Evidence(key, next(iter(countries)), admin1, 0.5))
        return True
    towns = sorted((p for p in local if p.kind == CITY), key=lambda p: -p.population)
    # A large town whose namesakes are all much smaller hints at its country.
    if towns and towns[0].population >= 100_000:
        runner_up = towns[1].population if len(towns) > 1 else 0
        if towns[0].population >= 20 * max(runner_up, 1) and towns[0].country:
            ctx.evidence.append(Evidence(key, towns[0].country, None, 0.5))
    return True


# -- scoring --------------------------------------------------------------------------------


def _prior(c: Candidate) -> None:
    p = c.place
    if p.kind == CITY:
        c.parts["prior"] = math.log10(p.population + 10)
        # A capital's standing goes with the names it is known by: Amman's old name
        # "Philadelphia" does not outweigh the city whose own name it is.
        if p.capital and c.how != ALTERNATE:
            c.parts["capital"] = CAPITAL_BONUS
    elif p.kind == ADMIN2 and c.how == ALTERNATE:
        c.parts["prior"] = COUNTY_SHORT_PRIOR
    else:
        c.parts["prior"] = KIND_PRIOR.get(p.kind, 3.0)
        # Same-named areas: those of populous countries are the ones English news names.
        c.parts["prominence"] = 0.3 * (math.log10(p.country_population + 10) - 7.0)
    if c.how == PRIMARY:
        c.parts["primary"] = PRIMARY_BONUS
    if p.lat is None:
        c.parts["no_coordinates"] = -NO_COORDINATES_PENALTY


def _contextual(c: Candidate, ctx: Context, attached: str | None) -> None:
    p = c.place
    states = ctx.admin1
    if p.country:
        share = ctx.country_share(p.country)
        if share:
            c.parts["country_context"] = COUNTRY_WEIGHT * share + COUNTRY_SEEN
        elif p.kind == COUNTRY and ctx.countries:
            c.parts["unsupported_country"] = -UNSUPPORTED_COUNTRY_PENALTY
    if p.kind in (CITY, ADMIN2) and p.admin1_code:
        if attached is not None:
            c.parts["attached_state"] = (
                ATTACHED_ADMIN1_WEIGHT if attached == p.admin1_code else -ATTACHED_ADMIN1_WEIGHT
            )
        elif states.get(p.admin1_code):
            # In proportion to the article's most-named state: a state named once by a
            # surname ("Dougherty") weighs less than the one the story is set in.
            weight = states[p.admin1_code]
            c.parts["state_context"] = (
                ADMIN1_WEIGHT * min(1.0, weight) * weight / max(states.values())
            ) * (ALTERNATE_STATE_SHARE if c.how == ALTERNATE else 1.0)
    if c.how == PRIMARY and p.kind == CITY and p.admin2 and normalise(p.admin2) in ctx.counties:
        c.parts["county_context"] = COUNTY_WEIGHT
    if p.kind == ADMIN1 and p.admin1_code and states.get(p.admin1_code, 0.0) > 1:
        c.parts["state_context"] = 1.0
    if ctx.points and p.lat is not None and p.lon is not None and p.kind != COUNTRY:
        near = ctx.nearby(p.lat, p.lon)
        if near > 0.01:
            c.parts["nearby"] = NEARBY_WEIGHT * near


def candidates(
    name: str,
    ctx: Context | None = None,
    gaz: Gazetteer | None = None,
) -> list[Candidate]:
    """Scored candidates for a place name, best first (empty when the name is unknown)."""
    gaz = gaz or gazetteer()
    ctx = (ctx or Context()).without(normalise(name))
    hits: list[Hit] = []
    precision: str | None = None
    raw = " ".join(name.split())
    via_prefix = False
    for variant, implied in _variants(name):
        hits = [h for h in gaz.lookup(variant) if h.how != ABBREVIATION or variant.endswith(".")]
        via_prefix = implied == "prefix"
        if via_prefix:
            implied = None
            # The first words of a longer name ("Hal" of "Hal Janson Recreation Center")
            # name a place only by its own name: an alternate spelling (Hull's "Hal") is
            # too weak a reading.
            hits = [
                h
                for h in hits
                if h.how == PRIMARY and (h.place.kind != CITY or h.place.population >= 1000)
            ]
        if hits:
            precision = implied
            break
    if not hits:
        return []
    if via_prefix and ctx.excluded:
        # The first words the name was read by are no support for their own readings either:
        # the context scan reads "MacLean" of "MacLean Bottoms" as the Australian town.
        ctx = ctx.without(ctx.excluded[0], normalise(variant))
    stripped = _DIRECTION.sub("", raw)
    if stripped != raw and all(h.how == ALTERNATE for h in hits):
        # "west Charlotte" is an alternate name of Charlotte, Vermont, and a part of the
        # Charlotte a story from North Carolina means: both readings compete.
        hits += [h for h in gaz.lookup(stripped) if h.how == PRIMARY]
    word = variant.strip()
    if " " not in word and not word.isupper() and "." not in word and is_common_word(word):
        # "Street", "Hospital", "March", "South": a common word is a place only by its own
        # name and in a country the article points at ("Mobile" in an Alabama story), never
        # by an alternate name ("Shooting" is one of Bristol's in GeoNames). Abbreviations
        # ("US", "Ill.") and nationalities ("Polish") are no common words here.
        hits = [
            h
            for h in hits
            if h.how == DEMONYM or (h.how == PRIMARY and ctx.country_share(h.place.country))
        ]
        if not hits:
            return []
    exclusive = {h.place.country for h in hits if h.place.exclusive}
    if exclusive:
        hits = [h for h in hits if h.place.country in exclusive]
    attached = _attached_state(raw, gaz)
    if sum(ctx.countries.values()) >= FOREIGN_ALTERNATE_EVIDENCE:
        hits = [h for h in hits if not _foreign_alternate(h, ctx)]
        if max(ctx.countries.values()) >= CLEAR_COUNTRY_SHARE * sum(ctx.countries.values()):
            hits = [h for h in hits if not _far_town(h, ctx)]
    out = []
    for hit in hits:
        c = Candidate(hit.place, hit.how)
        _prior(c)
        _contextual(c, ctx, attached)
        c.score = sum(c.parts.values())
        if precision:
            c.parts["implied_precision_region"] = 0.0
        if via_prefix:
            # Reached through the first words of a longer name ("Hampton" of "Hampton
            # Park"): a weak reading, which must not pull the article's other places.
            c.parts["via_prefix"] = 0.0
        out.append(c)
    out.sort(key=lambda c: (-c.score, -c.place.population, c.place.id))
    return out


def _foreign_alternate(hit: Hit, ctx: Context) -> bool:
    """A town reached by an alternate name, in a country nothing in the article supports."""
    return (
        hit.how == ALTERNATE and hit.place.kind == CITY and not ctx.country_share(hit.place.country)
    )


def _far_town(hit: Hit, ctx: Context) -> bool:
    """A small town (less populous than :data:`FAR_TOWN_POPULATION`), or a subdivision of a
    small country (:data:`SMALL_COUNTRY_POPULATION`), in a country the article never points
    at, even by a name that may denote it or a region of it ("Ontario"): no reading of the
    name, which a neighbourhood or a street of the article's own town shares. ``ctx`` must
    point clearly at one country (the caller checks)."""
    p = hit.place
    if p.kind in (ADMIN1, ADMIN2, REGION):
        small = 0 < p.country_population < SMALL_COUNTRY_POPULATION and p.country is not None
    else:
        small = p.kind == CITY and p.population < FAR_TOWN_POPULATION
    return small and not ctx.country_share(p.country) and p.country not in ctx.possible


def _confidence(cands: Sequence[Candidate]) -> float:
    if len(cands) == 1:
        return 0.9
    margin = cands[0].score - cands[1].score
    return round(min(0.95, 1 / (1 + math.exp(-margin))), 3)


def _resolution(text: str, cands: list[Candidate]) -> Resolution:
    best = cands[0]
    precision = best.place.precision
    if "implied_precision_region" in best.parts:
        precision = "region"
    return Resolution(
        text, best.place, best.place.lat, best.place.lon, precision, _confidence(cands),
        tuple(cands),
    )  # fmt: skip


def resolve(name: str, context_text: str = "", gaz: Gazetteer | None = None) -> Resolution | None:
    """Resolve one name, using ``context_text`` (the article) for country and state evidence."""
    gaz = gaz or gazetteer()
    return resolve_mentions([name], context_text, gaz)[0]


def resolve_mentions(
    mentions: Sequence[str],
    article_text: str,
    gaz: Gazetteer | None = None,
    people: Sequence[tuple[int, int]] = (),
) -> list[Resolution | None]:
    """Resolve every toponym mention of one article together (None where unknown).

    The first pass uses country and state evidence; the second adds closeness to the
    places the other mentions resolved to, weighted by how sure those were. ``people``:
    character spans of the article's names of people, which are no evidence of a place
    ("Vanessa McDonald" is not McDonald, Pennsylvania).
    """
    gaz = gaz or gazetteer()
    ctx = scan_context(article_text, gaz, people) if article_text else Context()
    # A name's resolution depends on its text and the article only: a name written many
    # times (a long article names its places again and again) is resolved once.
    names = list(dict.fromkeys(mentions))
    first = {m: candidates(m, ctx, gaz) for m in names}
    # The resolved points, each place once per name with the surest weight: the nearest
    # point is what counts, and a repeated point adds nothing to it.
    best: dict[tuple[float, float, str], float] = {}
    for m in mentions:
        c = first[m]
        if (
            c
            and c[0].place.lat is not None
            and c[0].place.lon is not None
            and c[0].place.kind in (CITY, ADMIN2, REGION)
            and "via_prefix" not in c[0].parts
        ):
            point = (c[0].place.lat, c[0].place.lon, normalise(m))
            best[point] = max(best.get(point, 0.0), _confidence(c))
    resolved: dict[str, Resolution | None] = {}
    for mention in names:
        cands = first[mention]
        if not cands:
            resolved[mention] = None
            continue
        key = normalise(mention)
        others = [(lat, lon, w) for (lat, lon, k), w in best.items() if k != key]
        if len(cands) > 1 and others:
            cands = candidates(mention, ctx.with_points(others), gaz)
        resolved[mention] = _resolution(mention, cands)
    out = [resolved[m] for m in mentions]
    # The first town named in each state, for counties without a point of their own.
    towns: dict[str | None, Resolution] = {}
    for r in out:
        if r is not None and r.place.kind == CITY:
            towns.setdefault(r.place.admin1_code, r)
    return [_refine_county(r, towns, gaz) if r is not None else None for r in out]


def _refine_county(
    res: Resolution, towns: dict[str | None, Resolution], gaz: Gazetteer
) -> Resolution:
    """A county without a same-named town takes the point of a town of its state that the
    article names (local news names towns of the county; ``towns``: the first one named
    in each state), else the centre of its state."""
    if res.place.kind != ADMIN2 or res.lat is not None:
        return res
    other = towns.get(res.place.admin1_code)
    if other is not None:
        return Resolution(
            res.text, res.place, other.lat, other.lon, res.precision, res.confidence,
            res.candidates,
        )  # fmt: skip
    state = gaz.admin1(res.place.admin1_code) if res.place.admin1_code else None
    if state is not None and state.lat is not None:
        return Resolution(
            res.text, res.place, state.lat, state.lon, res.precision, res.confidence * 0.8,
            res.candidates,
        )  # fmt: skip
    return res


def country_iso3(place: Place, gaz: Gazetteer | None = None) -> str | None:
    """ISO alpha-3 code of a place's country."""
    return (gaz or gazetteer()).iso3(place.country)


def describe(c: Candidate) -> str:
    """One line naming a candidate and its score parts."""
    p = c.place
    where = ", ".join(x for x in (p.admin1, p.country) if x)
    parts = " ".join(f"{k}={v:+.2f}" for k, v in c.parts.items())
    return f"{c.score:6.2f}  {p.name} ({p.kind}; {where}) [{c.how}] {parts}"


__all__ = [
    "ADMIN1",
    "ADMIN2",
    "CITY",
    "COUNTRY",
    "DEMONYM",
    "REGION",
    "Candidate",
    "Context",
    "Resolution",
    "candidates",
    "country_iso3",
    "describe",
    "haversine_km",
    "resolve",
    "resolve_mentions",
    "scan_context",
]
