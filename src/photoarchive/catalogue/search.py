"""The text that word search reads for a photo: caption, creator, credit line and copyright.

It is stored folded (lower case, no diacritics) and reduced to words separated by spaces, so
that SQLite's FTS5 and PostgreSQL's text search split it alike: "Ingy Sedky/ICRC" is the three
words "ingy sedky icrc" on both, and "Bakı" is found by "baki" and by "Bakı".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.names import fold_text

_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The folded words of ``text``, as word search indexes and queries them."""
    return _WORD.findall(fold_text(text))


def search_text_of(parts: Iterable[str | None]) -> str:
    return " ".join(word for part in parts if part for word in words_of(part))


def search_text(photo: Photo) -> str:
    """The words a search over captions and credits should find for ``photo``."""
    return search_text_of(
        [
            photo.caption,
            photo.creator,
            photo.photographer.credit_line if photo.photographer else None,
            photo.copyright,
        ]
    )


def refresh_search_text(session: Session, photo_ids: list[int] | None = None) -> None:
    """Recompute ``search_text`` after captions, creators or photographers changed."""
    query = select(Photo)
    if photo_ids is not None:
        query = query.where(Photo.id.in_(photo_ids))
    for photo in session.scalars(query):
        text = search_text(photo)
        if photo.search_text != text:
            photo.search_text = text
