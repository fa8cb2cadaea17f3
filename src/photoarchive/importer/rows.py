"""Catalogue rows from what a worker read: a photo's columns, text every database stores."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from sqlalchemy import String

from photoarchive.catalogue.dates import PartialDate, year_of
from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.values import DatePrecision
from photoarchive.importer.examine import Examined
from photoarchive.importer.identify import Identified
from photoarchive.importer.infer import infer_date
from photoarchive.importer.scan import FoundFile


@dataclass(slots=True)
class ReadFile:
    """A file read by a worker, waiting to be written."""

    found: FoundFile
    root_id: int
    root_name: str
    identified: Identified


def inference_path(item: ReadFile) -> PurePosixPath:
    """The path date and place are inferred from: the root's own folder name ("Barda 1997")
    carries a date and a place too."""
    return PurePosixPath(item.root_name) / item.found.relative_path


def storable(text: str) -> str:
    """Text every catalogue database accepts: no lone surrogates, no NUL (PostgreSQL)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def fitted(text: str | None, column: str) -> str | None:
    """``text`` cut to the length of its column, which PostgreSQL enforces and SQLite does not."""
    kind = Photo.__table__.c[column].type
    if text is None or not isinstance(kind, String) or kind.length is None:
        return text
    return text[: kind.length]


def fill_photo(photo: Photo, item: ReadFile, examined: Examined) -> None:
    """Set the photo row's columns from the file; captions and dates an archivist set stay."""
    meta = examined.metadata
    photo.content_hash = item.identified.content_hash
    photo.byte_size = item.identified.byte_size
    photo.width, photo.height = meta.width, meta.height
    photo.format = fitted(meta.format, "format") or meta.format
    photo.make, photo.model = fitted(meta.make, "make"), fitted(meta.model, "model")
    photo.orientation = meta.orientation
    photo.latitude, photo.longitude = meta.latitude, meta.longitude
    photo.digitised_at = meta.digitised_at
    photo.caption = photo.caption or meta.caption
    photo.creator = photo.creator or meta.creator
    photo.copyright = photo.copyright or meta.copyright
    if photo.date_source is not None and photo.date_source.value == "manual":
        return  # an archivist's date outranks anything read from the file
    if meta.date_taken is not None:
        date = PartialDate(meta.date_taken, meta.date_precision or DatePrecision.EXACT)
        photo.date_source = meta.date_source
    else:
        inferred = infer_date(inference_path(item))
        date = inferred.date if inferred else PartialDate(None, DatePrecision.UNKNOWN)
        photo.date_source = inferred.source if inferred else None
    photo.date_taken, photo.date_precision, photo.date_circa = (
        date.value,
        date.precision,
        date.circa,
    )
    photo.year = year_of(date)
