"""Galleries: listing, finding and loading them; the one module a caller imports for galleries.

The tables and plain values live in :mod:`photoarchive.catalogue.gallery_models` and the edits
in :mod:`photoarchive.catalogue.gallery_edits`; both are re-exported here. Every edit returns a
:class:`GalleryChange` holding the gallery as it was, which :func:`undo` restores;
:func:`restore` puts a gallery in any state read before, which is how an edit is redone.
"""

from __future__ import annotations

import difflib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.gallery_edits import (
    add_photos,
    add_section,
    create_gallery,
    delete_gallery,
    gallery_row,
    move_items,
    remove_items,
    restore,
    set_caption,
    set_gallery_text,
    set_section_text,
    undo,
)
from photoarchive.catalogue.gallery_models import (
    DEFAULT_LANGUAGE,
    Gallery,
    GalleryChange,
    GalleryItem,
    GalleryItemState,
    GalleryItemTranslation,
    GalleryState,
    GallerySummary,
    GalleryTexts,
    GalleryTranslation,
    ItemTexts,
    Localised,
    clean_text,
    gallery_state,
    normalise_language,
)
from photoarchive.errors import PhotoArchiveError

__all__ = [
    "DEFAULT_LANGUAGE",
    "Gallery",
    "GalleryChange",
    "GalleryItem",
    "GalleryItemState",
    "GalleryItemTranslation",
    "GalleryState",
    "GallerySummary",
    "GalleryTexts",
    "GalleryTranslation",
    "ItemTexts",
    "Localised",
    "add_photos",
    "add_section",
    "clean_text",
    "create_gallery",
    "delete_gallery",
    "find_gallery",
    "list_galleries",
    "load_gallery",
    "move_items",
    "normalise_language",
    "remove_items",
    "restore",
    "set_caption",
    "set_gallery_text",
    "set_section_text",
    "undo",
]


def list_galleries(session: Session) -> list[GallerySummary]:
    """Every gallery with its languages and its counts of photos and sections, by title."""
    counts = {
        gallery_id: (photos, total - photos)
        for gallery_id, photos, total in session.execute(
            select(GalleryItem.gallery_id, func.count(GalleryItem.photo_id), func.count()).group_by(
                GalleryItem.gallery_id
            )
        )
    }
    translated = select(GalleryTranslation.gallery_id, GalleryTranslation.language).union(
        select(GalleryItem.gallery_id, GalleryItemTranslation.language).join(
            GalleryItem, GalleryItem.id == GalleryItemTranslation.item_id
        )
    )
    languages: dict[int, set[str]] = {}
    for gallery_id, language in session.execute(translated):
        languages.setdefault(gallery_id, set()).add(language)
    return [
        GallerySummary(
            g.id,
            g.title,
            g.language,
            (g.language, *sorted(languages.get(g.id, set()) - {g.language})),
            *counts.get(g.id, (0, 0)),
            g.modified_at,
        )
        for g in session.scalars(select(Gallery).order_by(Gallery.title))
    ]


def find_gallery(session: Session, title_or_id: str | int) -> int:
    """The id of the gallery with this title (any case) or id; a clear error otherwise."""
    if isinstance(title_or_id, int):
        if session.get(Gallery, title_or_id) is None:
            raise PhotoArchiveError(f"There is no gallery number {title_or_id}.")
        return title_or_id
    wanted = " ".join(title_or_id.split())
    titles = dict(session.execute(select(Gallery.title, Gallery.id)).all())
    if wanted in titles:
        return titles[wanted]
    same = [gid for title, gid in titles.items() if title.casefold() == wanted.casefold()]
    if len(same) == 1:
        return same[0]
    if wanted.isdigit() and int(wanted) in titles.values():
        return int(wanted)
    close = difflib.get_close_matches(wanted, list(titles), n=1, cutoff=0.6)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    raise PhotoArchiveError(f'There is no gallery called "{wanted}".{hint}')


def load_gallery(session: Session, gallery_id: int) -> GalleryState:
    """The gallery as plain values, items in order."""
    return gallery_state(gallery_row(session, gallery_id))
