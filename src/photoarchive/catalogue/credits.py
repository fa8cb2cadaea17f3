"""Credit lines in the house form of the published galleries: "Baku, 2022. Ingy Sedky/ICRC"."""

from __future__ import annotations

from collections.abc import Sequence

from photoarchive.catalogue.dates import PartialDate, format_date
from photoarchive.catalogue.names import strip_qualifiers
from photoarchive.catalogue.records import PhotoRecord
from photoarchive.catalogue.values import DatePrecision

_FINER_THAN_YEAR = (DatePrecision.EXACT, DatePrecision.DAY, DatePrecision.MONTH)


def place_text(path: Sequence[str]) -> str | None:
    """A place as a credit line names it: "Baku", "Hajimammadli village, Aghdam".

    The country is left out below it (every photo of a delegation is in the same country);
    a village or site is followed by its district, without "district".
    """
    if not path:
        return None
    if len(path) <= 2:
        return path[-1]
    return f"{path[-1]}, {strip_qualifiers(path[-2])}"


def year_text(record: PhotoRecord) -> str | None:
    """The date at year precision at most ("2022", "circa 1990s"), or None when undated."""
    try:
        date = PartialDate(record.date_taken, record.date_precision, record.date_circa)
    except ValueError:  # a row that disagrees with itself counts as undated
        return None
    if date.value is None:
        return None
    if date.precision in _FINER_THAN_YEAR:
        date = PartialDate(date.value, DatePrecision.YEAR, date.circa)
    return format_date(date)


def house_credit(record: PhotoRecord) -> str:
    """Place and year, then the photographer's credit; parts not known are left out
    ("Barda, 1997" without a photographer, "Ingy Sedky/ICRC" without place or date)."""
    head = ", ".join(part for part in (place_text(record.place_path), year_text(record)) if part)
    if record.credit_line:
        return f"{head}. {record.credit_line}" if head else record.credit_line
    return head
