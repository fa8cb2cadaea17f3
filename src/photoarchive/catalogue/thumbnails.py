"""Reading the thumbnails the importer stored, which live in their own table."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import Thumbnail


def thumbnail_data(session: Session, photo_ids: Sequence[int]) -> dict[int, bytes]:
    """The JPEG thumbnails of ``photo_ids`` that exist, by photo id."""
    query = select(Thumbnail.photo_id, Thumbnail.data).where(Thumbnail.photo_id.in_(photo_ids))
    # Not dict(result): a Result has keys(), so dict() would take it for a mapping.
    return {photo_id: data for photo_id, data in session.execute(query)}  # noqa: C416
