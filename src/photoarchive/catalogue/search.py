"""The text that word search reads for a photo: caption, creator, credit line and copyright."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import Photo


def search_text(photo: Photo) -> str:
    """The words a search over captions and credits should find for ``photo``."""
    parts = [
        photo.caption,
        photo.creator,
        photo.photographer.credit_line if photo.photographer else None,
        photo.copyright,
    ]
    return "\n".join(part for part in parts if part)


def refresh_search_text(session: Session, photo_ids: list[int] | None = None) -> None:
    """Recompute ``search_text`` after captions, creators or photographers changed."""
    query = select(Photo)
    if photo_ids is not None:
        query = query.where(Photo.id.in_(photo_ids))
    for photo in session.scalars(query):
        text = search_text(photo)
        if photo.search_text != text:
            photo.search_text = text
