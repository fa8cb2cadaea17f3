"""Small catalogue reads the window needs beyond the query layer: names and thumbnails.

They run in the window's worker threads, each with that thread's own session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.import_log import ImportErrors, last_import_errors
from photoarchive.catalogue.models import (
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


__all__ = ["ImportErrors", "Vocabulary", "last_import_errors", "thumbnail_data", "vocabulary"]
