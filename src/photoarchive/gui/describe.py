"""How a photo is written for people: its date, the house credit line, camera and place path."""

from __future__ import annotations

from photoarchive.catalogue.dates import PartialDate, format_date
from photoarchive.catalogue.records import PhotoRecord
from photoarchive.catalogue.values import DatePrecision, Restriction

# Precisions finer than a year, which a credit line or a grid cell rounds to the year.
_FINER_THAN_YEAR = (DatePrecision.EXACT, DatePrecision.DAY, DatePrecision.MONTH)

RESTRICTION_LABELS = {
    Restriction.OPEN: "Open",
    Restriction.INTERNAL: "Internal",
    Restriction.RESTRICTED: "Restricted",
}


def partial_date(record: PhotoRecord) -> PartialDate:
    """The record's date taken with its precision; a row that disagrees with itself is undated."""
    try:
        return PartialDate(record.date_taken, record.date_precision, record.date_circa)
    except ValueError:
        return PartialDate(None, DatePrecision.UNKNOWN)


def date_text(record: PhotoRecord) -> str:
    """The date as precisely as it is known: "14 March 2022", "1997", "circa 1990s", "Undated"."""
    return format_date(partial_date(record))


def year_text(record: PhotoRecord) -> str | None:
    """The date at year precision at most ("2022", "circa 1990s"), or None when undated."""
    date = partial_date(record)
    if date.value is None:
        return None
    if date.precision in _FINER_THAN_YEAR:
        date = PartialDate(date.value, DatePrecision.YEAR, date.circa)
    return format_date(date)


def house_credit(record: PhotoRecord) -> str:
    """The credit line in the house form: "Baku, 2022. Ingy Sedky/ICRC".

    As in the published galleries, the date is given to the year; parts that are not known
    are left out ("Barda, 1997" without a photographer).
    """
    head = ", ".join(part for part in (record.place, year_text(record)) if part)
    if record.credit_line:
        return f"{head}. {record.credit_line}" if head else record.credit_line
    return head


def detail_line(record: PhotoRecord) -> str:
    """The short line under a thumbnail: "Baku · 2022"."""
    return " · ".join(part for part in (record.place, year_text(record)) if part)


def place_path_text(record: PhotoRecord) -> str:
    return " › ".join(record.place_path) if record.place_path else "No place"


def camera_text(record: PhotoRecord) -> str:
    parts = [part for part in (record.make, record.model) if part]
    # Makers repeat themselves in the model ("Canon" + "Canon EOS 5D").
    if len(parts) == 2 and parts[1].lower().startswith(parts[0].lower()):
        parts = [parts[1]]
    return " ".join(parts) or "Unknown camera"
