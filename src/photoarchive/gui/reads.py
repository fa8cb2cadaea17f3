"""Small catalogue reads the window needs beyond the query layer: names, thumbnails, errors.

They run in the window's worker threads, each with that thread's own session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import (
    ImportErrorRecord,
    ImportRun,
    Photographer,
    Place,
    Programme,
    Thumbnail,
    credit_line,
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The names a facet panel lists: places (id, parent id, name), programmes, photographers."""

    places: tuple[tuple[int, int | None, str], ...] = ()
    programmes: dict[int, str] = field(default_factory=dict)
    photographers: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportErrors:
    """The last import run's errors: (file, reason) pairs; ``run_id`` None when none ran."""

    run_id: int | None
    errors: tuple[tuple[str, str], ...]


def vocabulary(session: Session) -> Vocabulary:
    places = session.execute(select(Place.id, Place.parent_id, Place.name)).all()
    programmes = session.execute(select(Programme.id, Programme.name)).all()
    people = session.execute(select(Photographer.id, Photographer.name, Photographer.organisation))
    return Vocabulary(
        places=tuple(places),
        programmes=dict(programmes),
        photographers={pid: credit_line(name, org) or "—" for pid, name, org in people},
    )


def thumbnail_data(session: Session, ids: Sequence[int]) -> dict[int, bytes]:
    """The JPEG thumbnails of ``ids`` that exist."""
    query = select(Thumbnail.photo_id, Thumbnail.data).where(Thumbnail.photo_id.in_(ids))
    return dict(session.execute(query).all())


def last_import_errors(session: Session) -> ImportErrors:
    run_id = session.scalar(select(ImportRun.id).order_by(ImportRun.id.desc()).limit(1))
    rows = session.execute(
        select(ImportErrorRecord.path, ImportErrorRecord.reason)
        .where(ImportErrorRecord.run_id == run_id)
        .order_by(ImportErrorRecord.id)
    )
    return ImportErrors(run_id, tuple(rows))
