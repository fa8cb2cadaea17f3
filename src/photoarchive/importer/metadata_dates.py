"""Parsing the date text that embedded metadata (EXIF, XMP, IPTC) holds, with its precision."""

from __future__ import annotations

import datetime as dt
import re

from photoarchive.catalogue.values import DatePrecision
from photoarchive.importer.text import clean_text

# A date and how precise it is.
Date = tuple[dt.datetime, DatePrecision]

# EXIF "2004:02:26 09:36:46", XMP "2010-07-11T13:53:00+02:00", "2006-10-29", "2006".
_DATE = re.compile(
    r"\s*(\d{4})(?:[:./-](\d{1,2})(?:[:./-](\d{1,2})"
    r"(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?)?)?"
)
_FIRST_PHOTOGRAPH_YEAR = 1826


def parse_date(value: str | bytes | None) -> Date | None:
    """A believable date and how precise it is, from EXIF, XMP or IPTC-derived text.

    Year 0, 9999, dates before photography (1826) or over a year ahead give None. Month or
    day 00, which scanners and archives write for "unknown", lower the precision.
    """
    text = clean_text(value, drop_boilerplate=False)
    match = _DATE.match(text) if text else None
    if match is None:
        return None
    year, month, day, hour, minute, second = (
        int(part) if part else None for part in match.groups()
    )
    assert year is not None  # the pattern requires it
    precision = _precision(month, day, hour)
    try:
        if precision is DatePrecision.EXACT:
            taken = dt.datetime(year, month or 1, day or 1, hour or 0, minute or 0, second or 0)
        else:
            taken = dt.datetime(year, month or 1, (day if month else None) or 1)
    except ValueError:
        return None
    latest = dt.datetime.now() + dt.timedelta(days=366)
    if not dt.datetime(_FIRST_PHOTOGRAPH_YEAR, 1, 1) <= taken <= latest:
        return None
    return taken, precision


def _precision(month: int | None, day: int | None, hour: int | None) -> DatePrecision:
    if not month:
        return DatePrecision.YEAR
    if not day:
        return DatePrecision.MONTH
    return DatePrecision.DAY if hour is None else DatePrecision.EXACT
