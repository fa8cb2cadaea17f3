"""PhotoRecord: what a view shows of a photo, as a plain value that crosses every layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from photoarchive.catalogue.dates import PartialDate, iso_text
from photoarchive.catalogue.values import DatePrecision, DateSource, Restriction


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    """One photo with the names of its place, programme and photographer resolved.

    ``paths`` are the absolute paths of its file locations; ``place_path`` runs from the
    country down to ``place``; ``credit_line`` is the photographer's ("Ingy Sedky/ICRC"),
    or the creator written in the file when no photographer is set.
    """

    id: int
    content_hash: str
    paths: tuple[str, ...]
    width: int
    height: int
    format: str
    date_taken: datetime | None
    date_precision: DatePrecision
    date_circa: bool
    date_source: DateSource | None
    year: int | None
    digitised_at: datetime | None
    make: str | None
    model: str | None
    latitude: float | None
    longitude: float | None
    orientation: int | None
    caption: str | None
    creator: str | None
    copyright: str | None
    place_id: int | None
    place: str | None
    place_path: tuple[str, ...]
    programme_id: int | None
    programme: str | None
    photographer_id: int | None
    photographer: str | None
    credit_line: str | None
    restriction: Restriction
    imported_at: datetime


def to_json(record: PhotoRecord) -> dict[str, Any]:
    """The JSON object ``ls --json`` prints for a photo; unknown values are null.

    ``date_taken`` is ISO 8601 with as many parts as are known ("1997", "2022-03",
    "2022-03-14", "2022-03-14T10:22:05", see :func:`photoarchive.catalogue.dates.iso_text`);
    a decade-only date gives its first year ("1990"), so read it together with
    ``date_precision`` ("decade") and ``date_circa``. Enumerations are their values.
    """
    return {
        "id": record.id,
        "content_hash": record.content_hash,
        "paths": list(record.paths),
        "date_taken": _date_text(record),
        "date_precision": record.date_precision.value,
        "date_circa": record.date_circa,
        "date_source": record.date_source.value if record.date_source else None,
        "year": record.year,
        "digitised_at": _instant(record.digitised_at),
        **_camera(record),
        "caption": record.caption,
        "creator": record.creator,
        "copyright": record.copyright,
        **_terms(record),
        "restriction": record.restriction.value,
        "imported_at": _instant(record.imported_at),
    }


def _camera(record: PhotoRecord) -> dict[str, Any]:
    return {
        "width": record.width,
        "height": record.height,
        "format": record.format,
        "make": record.make,
        "model": record.model,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "orientation": record.orientation,
    }


def _terms(record: PhotoRecord) -> dict[str, Any]:
    return {
        "place_id": record.place_id,
        "place": record.place,
        "place_path": list(record.place_path),
        "programme_id": record.programme_id,
        "programme": record.programme,
        "photographer_id": record.photographer_id,
        "photographer": record.photographer,
        "credit_line": record.credit_line,
    }


def _date_text(record: PhotoRecord) -> str | None:
    # Rows written by hand or by older versions may disagree with themselves; never raise.
    if record.date_taken is None or record.date_precision is DatePrecision.UNKNOWN:
        return None
    return iso_text(PartialDate(record.date_taken, record.date_precision, record.date_circa))


def _instant(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None
