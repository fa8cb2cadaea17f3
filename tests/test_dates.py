"""Dates as archivists type and read them: parsing, house-style display, ISO text."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from photoarchive.catalogue.dates import (
    FIRST_PHOTO_YEAR,
    UNDATED,
    DateTextError,
    PartialDate,
    format_date,
    iso_text,
    latest_year,
    parse_date_text,
    year_of,
)
from photoarchive.catalogue.values import DatePrecision
from photoarchive.errors import PhotoArchiveError

P = DatePrecision


def year(y: int, *, circa: bool = False) -> PartialDate:
    return PartialDate(datetime(y, 1, 1), P.YEAR, circa)


def decade(y: int, *, circa: bool = False) -> PartialDate:
    return PartialDate(datetime(y, 1, 1), P.DECADE, circa)


def month(y: int, m: int, *, circa: bool = False) -> PartialDate:
    return PartialDate(datetime(y, m, 1), P.MONTH, circa)


def day(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(datetime(y, m, d), P.DAY)


def exact(text: str) -> PartialDate:
    return PartialDate(datetime.fromisoformat(text), P.EXACT)


NEXT_YEAR = date.today().year + 1

READABLE = [
    ("1997", year(1997)),
    ("  1997 ", year(1997)),
    ("1990s", decade(1990)),
    ("1990's", decade(1990)),
    ("1990’s", decade(1990)),
    ("2000s", decade(2000)),
    ("c. 1995", year(1995, circa=True)),
    ("c.1995", year(1995, circa=True)),
    ("c1995", year(1995, circa=True)),
    ("ca 1995", year(1995, circa=True)),
    ("ca. 1995", year(1995, circa=True)),
    ("circa 1995", year(1995, circa=True)),
    ("Circa 1995", year(1995, circa=True)),
    ("~1995", year(1995, circa=True)),
    ("1995?", year(1995, circa=True)),
    ("[1995]", year(1995)),
    ("[ca. 1995]", year(1995, circa=True)),
    ("circa 1990s", decade(1990, circa=True)),
    ("2022-03", month(2022, 3)),
    ("2022/3", month(2022, 3)),
    ("03/2022", month(2022, 3)),
    ("3.2022", month(2022, 3)),
    ("March 2022", month(2022, 3)),
    ("march 2022", month(2022, 3)),
    ("Mar 2022", month(2022, 3)),
    ("Sept. 2022", month(2022, 9)),
    ("August, 1992", month(1992, 8)),
    ("Mart 2022", month(2022, 3)),  # Azerbaijani
    ("c. March 2022", month(2022, 3, circa=True)),
    ("14 March 2022", day(2022, 3, 14)),
    ("14th March 2022", day(2022, 3, 14)),
    ("March 14, 2022", day(2022, 3, 14)),
    ("2022-03-14", day(2022, 3, 14)),
    ("2022-3-4", day(2022, 3, 4)),
    ("14.03.2022", day(2022, 3, 14)),
    ("14/03/2022", day(2022, 3, 14)),
    ("29 February 2024", day(2024, 2, 29)),
    ("2022-03-14 10:22:05", exact("2022-03-14 10:22:05")),
    ("2022-03-14T10:22:05", exact("2022-03-14 10:22:05")),
    ("2022-03-14T10:22:05+04:00", exact("2022-03-14 10:22:05")),
    ("2022-03-14 10:22:05.250", exact("2022-03-14 10:22:05")),
    ("2022:03:14 10:22:05", exact("2022-03-14 10:22:05")),
    ("14 March 2022, 10:22", exact("2022-03-14 10:22:00")),
    ("14.03.2022 10:22", exact("2022-03-14 10:22:00")),
    ("1826", year(1826)),
    (str(NEXT_YEAR), year(NEXT_YEAR)),
    ("", UNDATED),
    ("   ", UNDATED),
    ("unknown", UNDATED),
    ("Unknown", UNDATED),
    ("Undated", UNDATED),
    ("n.d.", UNDATED),
    ("0000:00:00 00:00:00", UNDATED),  # EXIF from a camera whose clock was never set
    ("    :  :     :  :  ", UNDATED),
]


@pytest.mark.parametrize(("text", "expected"), READABLE)
def test_parse_date_text_reads_what_archivists_write(text: str, expected: PartialDate) -> None:
    assert parse_date_text(text) == expected


UNREADABLE = [
    ("2022-13", "no month 13"),
    ("13/2022", "no month 13"),
    ("03/14/2022", "read day/month/year"),
    ("31 February 2022", "February 2022 has no day 31"),
    ("29 February 2023", "February 2023 has no day 29"),
    ("31.04.2022", "April 2022 has no day 31"),
    ("0.03.2022", "March 2022 has no day 0"),
    ("abc", "write it like 1997"),
    ("Foo 2022", '"Foo" is not a month'),
    ("1995s", "a decade starts with a year ending in 0, such as 1990s"),
    ("1750", "first photographs were taken in 1826"),
    ("1810s", "first photographs were taken in 1826"),
    (str(NEXT_YEAR + 1), "is in the future"),
    ("2001-2003", "range; give one year, such as c. 2001"),
    ("1995-96", "range; give one year, such as c. 1995"),
    ("14.03.22", "all four digits"),
    ("97", "write it like 1997"),
    ("2022-03-14 25:00", "no time 25:00"),
    ("2022-03-14 10:61", "no time 10:61"),
    ("1997 10:22", "a time of day needs a full date"),
    ("c.", "write it like 1997"),
    ("19977", "write it like 1997"),
]


@pytest.mark.parametrize(("text", "reason"), UNREADABLE)
def test_parse_date_text_explains_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=r"^Cannot read \".*\" as a date: ") as caught:
        parse_date_text(text)
    assert reason in str(caught.value)


def test_a_date_text_error_is_a_value_error_the_user_can_fix() -> None:
    with pytest.raises(DateTextError) as caught:
        parse_date_text("2022-13")
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, PhotoArchiveError)


DISPLAYED = [
    (year(1997), "1997"),
    (year(1997, circa=True), "circa 1997"),
    (decade(1990), "1990s"),
    (decade(1990, circa=True), "circa 1990s"),
    (month(2022, 3), "March 2022"),
    (month(2022, 3, circa=True), "circa March 2022"),
    (day(2022, 3, 4), "4 March 2022"),
    (day(2022, 3, 14), "14 March 2022"),
    (exact("2022-03-14 10:22:05"), "14 March 2022, 10:22"),
    (exact("2022-03-14 07:05:00"), "14 March 2022, 07:05"),
    (UNDATED, "Undated"),
]


@pytest.mark.parametrize(("partial", "text"), DISPLAYED)
def test_format_date_uses_the_house_style(partial: PartialDate, text: str) -> None:
    assert format_date(partial) == text


ISO = [
    (year(1997), "1997", 1997),
    (year(1997, circa=True), "1997", 1997),
    (decade(1990), "1990", None),
    (month(2022, 3), "2022-03", 2022),
    (day(2022, 3, 14), "2022-03-14", 2022),
    (exact("2022-03-14 10:22:05"), "2022-03-14T10:22:05", 2022),
    (UNDATED, None, None),
]


@pytest.mark.parametrize(("partial", "iso", "timeline_year"), ISO)
def test_iso_text_and_year_of_are_as_precise_as_known(
    partial: PartialDate, iso: str | None, timeline_year: int | None
) -> None:
    assert iso_text(partial) == iso
    assert year_of(partial) == timeline_year


@pytest.mark.parametrize(
    ("given_value", "precision", "start"),
    [
        (datetime(1997, 5, 3, 10, 4), P.YEAR, datetime(1997, 1, 1)),
        (datetime(1997, 5, 3, 10, 4), P.DECADE, datetime(1990, 1, 1)),
        (datetime(2000, 12, 31), P.DECADE, datetime(2000, 1, 1)),
        (datetime(2022, 3, 14, 10, 4), P.MONTH, datetime(2022, 3, 1)),
        (datetime(2022, 3, 14, 10, 4), P.DAY, datetime(2022, 3, 14)),
        (datetime(2022, 3, 14, 10, 4, 5, 999), P.EXACT, datetime(2022, 3, 14, 10, 4, 5)),
    ],
)
def test_the_value_is_the_first_instant_of_the_period(
    given_value: datetime, precision: DatePrecision, start: datetime
) -> None:
    partial = PartialDate(given_value, precision)
    assert partial.value == start
    assert partial == PartialDate(start, precision)


@pytest.mark.parametrize(
    ("value", "precision", "circa"),
    [
        (None, P.YEAR, False),
        (datetime(1997, 1, 1), P.UNKNOWN, False),
        (None, P.UNKNOWN, True),
    ],
)
def test_an_inconsistent_partial_date_is_refused(
    value: datetime | None, precision: DatePrecision, circa: bool
) -> None:
    with pytest.raises(ValueError, match="date"):
        PartialDate(value, precision, circa)


KNOWN_PRECISIONS = [P.EXACT, P.DAY, P.MONTH, P.YEAR, P.DECADE]
photo_instants = st.datetimes(
    min_value=datetime(FIRST_PHOTO_YEAR, 1, 1), max_value=datetime(latest_year(), 12, 31, 23, 59)
).map(lambda moment: moment.replace(second=0))  # the house style shows no seconds


@settings(database=None)
@given(photo_instants, st.sampled_from(KNOWN_PRECISIONS), st.booleans())
def test_what_is_displayed_reads_back_as_the_same_date(
    moment: datetime, precision: DatePrecision, circa: bool
) -> None:
    partial = PartialDate(moment, precision, circa)
    assert parse_date_text(format_date(partial)) == partial


@settings(database=None)
@given(photo_instants, st.sampled_from([P.EXACT, P.DAY, P.MONTH, P.YEAR]))
def test_iso_text_reads_back_as_the_same_date(moment: datetime, precision: DatePrecision) -> None:
    partial = PartialDate(moment, precision)
    assert parse_date_text(iso_text(partial) or "") == partial


@settings(database=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789-./:_ ,?~'[]cTs")), max_size=20))
def test_any_text_is_read_or_refused_with_a_reason(text: str) -> None:
    try:
        parse_date_text(text)
    except DateTextError as error:
        assert str(error).startswith("Cannot read")
