"""Photo dates as archivists write them: a year, a decade, "circa 1995", "14 March 2022"."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from photoarchive.catalogue.names import fold_text
from photoarchive.catalogue.values import DatePrecision
from photoarchive.errors import PhotoArchiveError

FIRST_PHOTO_YEAR = 1826  # Niépce's view from the window at Le Gras: nothing older is a photo.

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Azerbaijani (and transliterated Russian) month names turn up in the delegation's folder names.
_AZERBAIJANI_MONTHS = (
    *("yanvar", "fevral", "mart", "aprel", "may", "iyun"),
    *("iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"),
)
_MONTH_WORDS: dict[str, int] = {
    **{name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
    **{name: n for n, name in enumerate(_AZERBAIJANI_MONTHS, 1)},
}

_EXAMPLES = "write it like 1997, 1990s, c. 1995, March 2022, 14 March 2022 or 2022-03-14"


def month_number(word: str) -> int | None:
    """The month a name or abbreviation stands for ("March", "mar.", "Sept", "mart"), or None."""
    return _MONTH_WORDS.get(fold_text(word).rstrip("."))


def latest_year() -> int:
    """The last year a photo may carry: next year, as camera clocks run ahead over New Year."""
    return date.today().year + 1


def is_photo_year(year: int) -> bool:
    """True if a photo can have been taken in ``year``."""
    return FIRST_PHOTO_YEAR <= year <= latest_year()


class DateTextError(PhotoArchiveError, ValueError):
    """Text that cannot be read as a date; the message tells the archivist why."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to some precision; ``value`` is the first instant of the known period.

    1997 is ``PartialDate(datetime(1997, 1, 1), YEAR)``, "circa 1990s" is
    ``PartialDate(datetime(1990, 1, 1), DECADE, circa=True)``; any value given is moved to the
    start of its period, so equal dates compare equal. Only an unknown date has no value.
    """

    value: datetime | None
    precision: DatePrecision
    circa: bool = False

    def __post_init__(self) -> None:
        if (self.value is None) != (self.precision is DatePrecision.UNKNOWN):
            raise ValueError(f"a {self.precision} date needs a value exactly when it is known")
        if self.value is None:
            if self.circa:
                raise ValueError("an unknown date cannot be circa")
            return
        object.__setattr__(self, "value", period_start(self.value, self.precision))


UNDATED = PartialDate(None, DatePrecision.UNKNOWN)


def period_start(value: datetime, precision: DatePrecision) -> datetime:
    """The first instant of the period of ``precision`` that contains ``value``."""
    if precision is DatePrecision.EXACT:
        return value.replace(microsecond=0)
    midnight = value.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision is DatePrecision.DAY:
        return midnight
    if precision is DatePrecision.MONTH:
        return midnight.replace(day=1)
    if precision is DatePrecision.YEAR:
        return midnight.replace(month=1, day=1)
    return midnight.replace(year=value.year - value.year % 10, month=1, day=1)


# ------------------------------------------------------------------------------ display


def format_date(d: PartialDate) -> str:
    """The date in the house style: "1997", "circa 1990s", "14 March 2022, 10:22", "Undated"."""
    if d.value is None:
        return "Undated"
    text = _FORMATS[d.precision](d.value)
    return f"circa {text}" if d.circa else text


def _day_text(v: datetime) -> str:
    return f"{v.day} {MONTH_NAMES[v.month - 1]} {v.year}"


_FORMATS: dict[DatePrecision, Callable[[datetime], str]] = {
    DatePrecision.EXACT: lambda v: f"{_day_text(v)}, {v.hour:02d}:{v.minute:02d}",
    DatePrecision.DAY: _day_text,
    DatePrecision.MONTH: lambda v: f"{MONTH_NAMES[v.month - 1]} {v.year}",
    DatePrecision.YEAR: lambda v: str(v.year),
    DatePrecision.DECADE: lambda v: f"{v.year}s",
}


def year_of(d: PartialDate) -> int | None:
    """The year on the timeline, or None when not even the year is known (decade, unknown)."""
    if d.value is None or not d.precision.has_year:
        return None
    return d.value.year


def iso_text(d: PartialDate) -> str | None:
    """ISO 8601 text with as many parts as are known; None for an unknown date.

    "1997", "2022-03", "2022-03-14", "2022-03-14T10:22:05". A decade gives its first year,
    "1990", because plain ISO 8601 has no decade form ("199X" is only in the EDTF extension,
    which most readers reject); circa is not written either. The text alone therefore does not
    say "decade" or "circa": store or send it with ``precision`` and ``circa``.
    """
    v = d.value
    if v is None:
        return None
    if d.precision is DatePrecision.EXACT:
        return v.isoformat(timespec="seconds")
    if d.precision is DatePrecision.DAY:
        return v.date().isoformat()
    if d.precision is DatePrecision.MONTH:
        return f"{v.year:04d}-{v.month:02d}"
    return f"{v.year:04d}"


# ------------------------------------------------------------------------------ parsing


class _Fields(NamedTuple):
    precision: DatePrecision
    year: int
    month: int = 1
    day: int = 1


class _Clock(NamedTuple):
    hour: int
    minute: int
    second: int


class _Unreadable(Exception):
    """Why a text is not a date; turned into a DateTextError naming the text."""


_UNDATED_WORDS = frozenset({"", "?", "unknown", "undated", "no date", "n.d.", "nd", "n/d"})
# Cameras with an unset clock write zeros or blanks in the EXIF date.
_EXIF_BLANK = re.compile(r"[0\s]*:[0\s:]*")
_CIRCA = re.compile(r"(?:circa|approx\.?|ca\.?|c\.?|~)\s*", re.IGNORECASE)
_TIME = re.compile(
    r"(?:,\s*|\s+|(?<=\d)T)(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:[.,]\d+)?)?"
    r"(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?$",  # the offset is dropped: photos keep local time
    re.IGNORECASE,
)
_Y = r"(?P<y>\d{4})"
_M = r"(?P<m>\d{1,2})"
_D = r"(?P<d>\d{1,2})"
_NAME = r"(?P<name>[^\W\d_]+)\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY_FIRST = " (dates in numbers are read day/month/year)"
# Each form with the note that explains a month out of range in it.
_FORMS: tuple[tuple[re.Pattern[str], DatePrecision, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), precision, note)
    for pattern, precision, note in (
        (_Y, DatePrecision.YEAR, ""),
        (rf"{_Y}['’]?s", DatePrecision.DECADE, ""),
        (rf"{_Y}([-/.:]){_M}", DatePrecision.MONTH, ""),
        (rf"{_M}[-/.]{_Y}", DatePrecision.MONTH, ""),
        (rf"{_NAME},?\s*{_Y}", DatePrecision.MONTH, ""),
        (rf"{_Y}([-/.:]){_M}\2{_D}", DatePrecision.DAY, ""),
        (rf"{_D}([-/.]){_M}\2{_Y}", DatePrecision.DAY, _DAY_FIRST),
        (rf"{_D}{_ORDINAL}\s*{_NAME},?\s*{_Y}", DatePrecision.DAY, ""),
        (rf"{_NAME}\s*{_D}{_ORDINAL},?\s*{_Y}", DatePrecision.DAY, ""),
    )
)
_RANGE = re.compile(r"(?P<y>\d{4})\s*[-–—/]\s*(?P<end>\d{4}|\d{2})")
_SHORT_YEAR = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{2}")


def parse_date_text(text: str) -> PartialDate:
    """Read a date as an archivist types it; raise DateTextError (a ValueError) if it is not one.

    Accepts "1997", "1990s", "c. 1995" (also "ca", "circa", "~", "1995?", "[1995]"),
    "2022-03", "03/2022", "March 2022", "14 March 2022", "2022-03-14", "14.03.2022" (numbers
    with slashes or dots are day/month/year), with a time "2022-03-14 10:22:05" or EXIF's
    "2022:03:14 10:22:05"; "", "unknown" and "undated" give UNDATED. Years run from 1826 to
    next year. A range ("2001-2003") is refused: the catalogue keeps one date per photo.
    """
    cleaned = " ".join(text.split())
    if fold_text(cleaned) in _UNDATED_WORDS or _EXIF_BLANK.fullmatch(cleaned):
        return UNDATED
    try:
        return _parse(cleaned)
    except _Unreadable as reason:
        raise DateTextError(f'Cannot read "{cleaned}" as a date: {reason}.') from None


def _parse(text: str) -> PartialDate:
    circa, body = _take_circa(text)
    time_match = _TIME.search(body)
    clock = _clock(time_match) if time_match else None
    fields = _fields(body[: time_match.start()] if time_match else body)
    if clock is None:
        return PartialDate(_start_of(fields), fields.precision, circa)
    if fields.precision is not DatePrecision.DAY:
        raise _Unreadable("a time of day needs a full date, such as 14 March 2022, 10:22")
    value = _start_of(fields).replace(hour=clock.hour, minute=clock.minute, second=clock.second)
    return PartialDate(value, DatePrecision.EXACT, circa)


def _take_circa(text: str) -> tuple[bool, str]:
    """Split off the marks of an uncertain date: brackets, "c.", "ca", "circa", "~", "?"."""
    body = text[1:-1].strip() if text.startswith("[") and text.endswith("]") else text
    circa = body.endswith("?")
    body = body.removesuffix("?").rstrip()
    prefix = _CIRCA.match(body)
    if prefix and prefix.end() < len(body):
        return True, body[prefix.end() :]
    return circa, body


def _clock(match: re.Match[str]) -> _Clock:
    clock = _Clock(int(match["h"]), int(match["mi"]), int(match["s"] or 0))
    if clock.hour > 23 or clock.minute > 59 or clock.second > 59:
        raise _Unreadable(f"there is no time {match[0].strip(' ,T')}")
    return clock


def _fields(text: str) -> _Fields:
    """The year, month and day written in ``text``, checked, with the precision they give."""
    start = _range_start(text)
    if start is not None:
        raise _Unreadable(f"it is a range; give one year, such as c. {start}")
    for pattern, precision, note in _FORMS:
        match = pattern.fullmatch(text)
        if match:
            return _checked(_fields_of(match, precision), note)
    if _SHORT_YEAR.fullmatch(text):
        raise _Unreadable("write the year with all four digits")
    raise _Unreadable(_EXAMPLES)


def _range_start(text: str) -> int | None:
    """The first year of a range, "2001-2003" or "1995-96"; None for the month "2022-03"."""
    match = _RANGE.fullmatch(text)
    if match is None:
        return None
    start, end = int(match["y"]), match["end"]
    if len(end) == 2 and int(end) <= 12:
        return None
    last = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    return start if last > start else None


def _fields_of(match: re.Match[str], precision: DatePrecision) -> _Fields:
    groups = match.groupdict()
    month = int(groups.get("m") or 1)
    if groups.get("name"):
        month = _month_named(match["name"])
    return _Fields(precision, int(match["y"]), month, int(groups.get("d") or 1))


def _month_named(word: str) -> int:
    month = month_number(word)
    if month is None:
        raise _Unreadable(f'"{word}" is not a month; {_EXAMPLES}')
    return month


def _checked(fields: _Fields, note: str) -> _Fields:
    precision, year, month, day = fields
    if precision is DatePrecision.DECADE and year % 10:
        raise _Unreadable(f"a decade starts with a year ending in 0, such as {year - year % 10}s")
    first, last = (year, year + 9) if precision is DatePrecision.DECADE else (year, year)
    if last < FIRST_PHOTO_YEAR:
        raise _Unreadable(f"the first photographs were taken in {FIRST_PHOTO_YEAR}")
    if first > latest_year():
        raise _Unreadable(f"{year} is in the future")
    if not 1 <= month <= 12:
        raise _Unreadable(f"there is no month {month}{note}")
    if day > calendar.monthrange(year, month)[1] or day < 1:
        raise _Unreadable(f"{MONTH_NAMES[month - 1]} {year} has no day {day}")
    return fields


def _start_of(fields: _Fields) -> datetime:
    return datetime(fields.year, fields.month, fields.day)
