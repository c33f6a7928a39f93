"""Reader of TABARI / PETRARCH actor dictionaries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents.ontology.tabari import (
    CodeSpan,
    parse_date,
    parse_restriction,
    read_actor_dictionary,
)

SAMPLE = """\
# a comment line
<!-- an XML comment -->
AFGHANISTAN_  [AFG]
+AFGHAN_
FUAD_GULIYEV_  # CountryInfo.txt
+FUAD_QULIYEV_
\t[AZEELI 580101-941006]
\t[AZEGOV >941006]
ABDUL_QADIR_  ; CountryInfo.txt
+NUR_MOHAMMAD_TARAKI_  ; CountryInfo.txt
\t[AFGGOV 780427-780430]
\t[AFGELI]
UN_ [IGOUNO]   # the short form
"""


def test_reads_phrases_synonyms_and_dated_codes() -> None:
    entries = list(read_actor_dictionary(SAMPLE.splitlines()))
    assert [e.phrase for e in entries] == ["AFGHANISTAN", "FUAD GULIYEV", "ABDUL QADIR", "UN"]
    afg, fuad, qadir, un = entries
    assert afg.synonyms == ["AFGHAN"] and afg.codes == [CodeSpan("AFG")]
    assert fuad.synonyms == ["FUAD QULIYEV"]
    assert fuad.codes == [
        CodeSpan("AZEELI", dt.date(1958, 1, 1), dt.date(1994, 10, 6)),
        CodeSpan("AZEGOV", dt.date(1994, 10, 6), None),
    ]
    assert fuad.comment == "CountryInfo.txt"
    # A synonym with its own CountryInfo comment is another person with the same posts.
    assert qadir.separate_synonyms == ["NUR MOHAMMAD TARAKI"] and qadir.synonyms == []
    assert [c.code for c in qadir.codes] == ["AFGGOV", "AFGELI"]
    assert un.codes == [CodeSpan("IGOUNO")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("930627", dt.date(1993, 6, 27)), ("030804", dt.date(2003, 8, 4)),
     ("20141231", dt.date(2014, 12, 31)), ("19800000", dt.date(1980, 1, 1))],
)  # fmt: skip
def test_dates_of_six_and_eight_digits(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2004017", "abc", "", "1993-06-27"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_restrictions() -> None:
    assert parse_restriction("X", "<900101") == CodeSpan("X", None, dt.date(1990, 1, 1))
    assert parse_restriction("X", ">900101") == CodeSpan("X", dt.date(1990, 1, 1), None)
    assert parse_restriction("X", None) == CodeSpan("X")
    with pytest.raises(ValueError):
        parse_restriction("X", "900101")


def test_malformed_restriction_lenient_or_strict() -> None:
    lines = ["SOMEONE_  # CountryInfo.txt", "\t[ABCGOV 2004017-20050101]", "\t[ABCGOV]"]
    (entry,) = read_actor_dictionary(lines)
    assert entry.codes == [CodeSpan("ABCGOV")]
    assert entry.problems and "line 2" in entry.problems[0]
    with pytest.raises(ValueError, match="line 2"):
        list(read_actor_dictionary(lines, strict=True))


_WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)
_CODE = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=9)
_DAY = st.dates(min_value=dt.date(1931, 1, 1), max_value=dt.date(2029, 12, 31))


@given(
    st.lists(
        st.tuples(
            st.lists(_WORD, min_size=1, max_size=4),
            st.lists(st.lists(_WORD, min_size=1, max_size=3), max_size=3),
            st.lists(st.tuples(_CODE, _DAY, _DAY), max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_written_records_read_back(records: list) -> None:  # type: ignore[type-arg]
    lines = []
    for words, synonyms, codes in records:
        lines.append("_".join(words) + "_")
        lines.extend("+" + "_".join(s) for s in synonyms)
        for code, start, end in codes:
            lo, hi = sorted((start, end))
            lines.append(f"\t[{code} {lo:%Y%m%d}-{hi:%Y%m%d}]")
    entries = list(read_actor_dictionary(lines, strict=True))
    assert [e.phrase for e in entries] == [" ".join(w) for w, _, _ in records]
    for entry, (_, synonyms, codes) in zip(entries, records, strict=True):
        assert entry.synonyms == [" ".join(s) for s in synonyms]
        assert [c.code for c in entry.codes] == [c for c, _, _ in codes]
        for span in entry.codes:
            assert span.start is not None and span.end is not None and span.start <= span.end
