"""PhotoRecord: the plain value a view shows of a photo, how it is loaded, how it prints."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.dates import PartialDate, iso_text
from photoarchive.catalogue.models import (
    FileLocation,
    Photo,
    Photographer,
    Place,
    Programme,
    credit_line,
)
from photoarchive.catalogue.roots import local_root_paths
from photoarchive.catalogue.values import DatePrecision, DateSource, Restriction

# Well under SQLite's bound-variable limit (999 before 3.32), and a sensible page of rows.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    """One photo with the names of its place, programme and photographer resolved.

    ``paths`` are the absolute paths of its file locations on this machine, and ``online``
    says whether one of them lies under a reachable library root; ``place_path`` runs from the
    country down to ``place``; ``credit_line`` is the photographer's ("Ingy Sedky/ICRC"),
    or the creator written in the file when no photographer is set.
    """

    id: int
    content_hash: str
    paths: tuple[str, ...]
    online: bool  # an original is reachable here: its library root's folder exists
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
        "online": record.online,
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


# ---------------------------------------------------------------- loading records

_RECORD_COLUMNS = (
    Photo.id,
    Photo.content_hash,
    Photo.width,
    Photo.height,
    Photo.format,
    Photo.date_taken,
    Photo.date_precision,
    Photo.date_circa,
    Photo.date_source,
    Photo.year,
    Photo.digitised_at,
    Photo.make,
    Photo.model,
    Photo.latitude,
    Photo.longitude,
    Photo.orientation,
    Photo.caption,
    Photo.creator,
    Photo.copyright,
    Photo.place_id,
    Photo.programme_id,
    Photo.photographer_id,
    Photo.restriction,
    Photo.imported_at,
)


def photo_records(session: Session, ids: Sequence[int]) -> list[PhotoRecord]:
    """The display values of the photos ``ids``, in that order; ids no longer in the
    catalogue are left out. Four queries per chunk of ids, never one per photo."""
    paths = place_paths(session)
    roots = local_root_paths(session)
    online = {root for root, path in roots.items() if Path(path).is_dir()}
    records: dict[int, PhotoRecord] = {}
    for chunk in _chunks(sorted(set(ids))):
        files = _file_paths(session, chunk, roots, online)
        for row in session.execute(_record_query(chunk)):
            record = _record(row._mapping, files.get(row.id, ((), False)), paths)
            records[record.id] = record
    return [records[i] for i in ids if i in records]


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _record_query(ids: Sequence[int]) -> Select[*tuple[Any, ...]]:
    return (
        select(
            *_RECORD_COLUMNS,
            Programme.name.label("programme"),
            Photographer.name.label("photographer"),
            Photographer.organisation.label("organisation"),
        )
        .outerjoin(Programme, Programme.id == Photo.programme_id)
        .outerjoin(Photographer, Photographer.id == Photo.photographer_id)
        .where(Photo.id.in_(ids))
    )


def _file_paths(
    session: Session, ids: Sequence[int], roots: dict[int, str], online: set[int]
) -> dict[int, tuple[tuple[str, ...], bool]]:
    """Each photo's file locations as absolute paths here, in the order they were recorded,
    and whether any of them is under a reachable root."""
    query = (
        select(FileLocation.photo_id, FileLocation.root_id, FileLocation.relative_path)
        .where(FileLocation.photo_id.in_(ids))
        .order_by(FileLocation.photo_id, FileLocation.id)
    )
    files: dict[int, tuple[tuple[str, ...], bool]] = {}
    for photo, root, relative in session.execute(query):
        paths, reachable = files.get(photo, ((), False))
        files[photo] = ((*paths, str(Path(roots[root]) / relative)), reachable or root in online)
    return files


def _record(
    row: Any, files: tuple[tuple[str, ...], bool], place_paths: dict[int, tuple[str, ...]]
) -> PhotoRecord:
    values = {c.key: row[c.key] for c in _RECORD_COLUMNS}
    place_path = place_paths.get(row["place_id"], ()) if row["place_id"] is not None else ()
    photographer = row["photographer"]
    credit = credit_line(photographer, row["organisation"]) if photographer is not None else ""
    return PhotoRecord(
        **values,
        paths=files[0],
        online=files[1],
        place=place_path[-1] if place_path else None,
        place_path=place_path,
        programme=row["programme"],
        photographer=photographer or None,
        credit_line=credit or row["creator"] or None,
    )


def place_paths(session: Session) -> dict[int, tuple[str, ...]]:
    """Every place's names from the top of the tree down, from the lineages."""
    rows = session.execute(select(Place.id, Place.name, Place.lineage)).all()
    names = {place: name for place, name, _ in rows}
    return {place: tuple(names[i] for i in lineage_ids(lineage)) for place, _, lineage in rows}


def lineage_ids(lineage: str) -> list[int]:
    return [int(part) for part in lineage.split("/") if part]
