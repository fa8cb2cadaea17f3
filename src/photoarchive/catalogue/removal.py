"""Removing photos from the catalogue: their rows, thumbnails and file locations, never files."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import Photo

# Well under SQLite's bound-variable limit (999 before 3.32).
CHUNK = 500


def delete_photos(session: Session, ids: Collection[int]) -> int:
    """Remove the photos ``ids`` from the catalogue; returns how many were removed.

    Their thumbnails and file locations go with them (ON DELETE CASCADE in the schema), and
    the word-search index follows by its triggers. Files on disk are never touched: removing
    a photo only makes the catalogue forget it, and a later import of its folder finds it again.
    """
    ordered = sorted(set(ids))
    removed = 0
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        result = session.execute(
            delete(Photo).where(Photo.id.in_(chunk)).execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)  # a DELETE reports the rows it matched
        removed += result.rowcount
    return removed
