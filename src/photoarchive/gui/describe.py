"""How a photo is written for people in the window: its date, camera, place path, restriction.

The house credit line is :func:`photoarchive.catalogue.credits.house_credit`, shared with
exports.
"""

from __future__ import annotations

from photoarchive.catalogue.credits import year_text
from photoarchive.catalogue.dates import PartialDate, format_date
from photoarchive.catalogue.records import PhotoRecord
from photoarchive.catalogue.values import DatePrecision, Restriction

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
