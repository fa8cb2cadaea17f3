"""Gallery edits: create, delete, add, remove, move and retitle, each undoable by :func:`undo`.

Every edit returns a :class:`GalleryChange` holding the gallery as it was, which :func:`undo`
restores. Callers import these through :mod:`photoarchive.catalogue.galleries`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from photoarchive.catalogue.gallery_models import (
    DEFAULT_LANGUAGE,
    Gallery,
    GalleryChange,
    GalleryItem,
    GalleryItemTranslation,
    GalleryState,
    GalleryTranslation,
    ItemTexts,
    clean_text,
    gallery_state,
    normalise_language,
)
from photoarchive.catalogue.models import Photo
from photoarchive.errors import PhotoArchiveError


def gallery_row(session: Session, gallery_id: int) -> Gallery:
    """The gallery row with its texts and items loaded; a clear error when there is none."""
    gallery = session.get(
        Gallery,
        gallery_id,
        options=[
            selectinload(Gallery.translations),
            selectinload(Gallery.items).selectinload(GalleryItem.translations),
        ],
    )
    if gallery is None:
        raise PhotoArchiveError(f"There is no gallery number {gallery_id}.")
    return gallery


def create_gallery(
    session: Session,
    title: str,
    photo_ids: Sequence[int] = (),
    *,
    introduction: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> GalleryChange:
    """A new gallery of ``photo_ids`` in that order; its id is the change's ``gallery_id``."""
    now = datetime.now()
    gallery = Gallery(
        title=_title(session, title, None),
        introduction=clean_text(introduction),
        language=normalise_language(language),
        created_at=now,
        modified_at=now,
    )
    session.add(gallery)
    session.flush()
    added = add_photos(session, gallery.id, photo_ids)
    return GalleryChange(gallery.id, None, added.items)


def delete_gallery(session: Session, gallery_id: int) -> GalleryChange:
    gallery = gallery_row(session, gallery_id)
    before = gallery_state(gallery)
    session.delete(gallery)
    session.flush()
    return GalleryChange(gallery_id, before)


def add_photos(
    session: Session, gallery_id: int, photo_ids: Sequence[int], position: int | None = None
) -> GalleryChange:
    """Insert photos before ``position`` (at the end when None); ones already there are skipped."""
    gallery = gallery_row(session, gallery_id)
    before = gallery_state(gallery)
    present = {item.photo_id for item in gallery.items}
    wanted = [pid for pid in dict.fromkeys(photo_ids) if pid not in present]
    _check_photos(session, wanted)
    new = [GalleryItem(gallery_id=gallery_id, photo_id=pid) for pid in wanted]
    _insert(session, gallery, new, position)
    return GalleryChange(gallery_id, before, tuple(item.id for item in new))


def add_section(
    session: Session,
    gallery_id: int,
    position: int | None = None,
    *,
    heading: str | None = None,
    body: str | None = None,
    language: str | None = None,
) -> GalleryChange:
    """Insert a section (a heading, a text, or both) before ``position``."""
    gallery = gallery_row(session, gallery_id)
    before = gallery_state(gallery)
    item = GalleryItem(gallery_id=gallery_id)
    _insert(session, gallery, [item], position)
    _write_item_texts(gallery, item, language, heading=heading, body=body)
    session.flush()
    return GalleryChange(gallery_id, before, (item.id,))


def remove_items(session: Session, gallery_id: int, item_ids: Iterable[int]) -> GalleryChange:
    gallery = gallery_row(session, gallery_id)
    before = gallery_state(gallery)
    gone = set(item_ids)
    _check_items(gallery, gone)
    for item in [item for item in gallery.items if item.id in gone]:
        gallery.items.remove(item)
    session.flush()  # the rows must be gone before the others take their positions
    _renumber(session, gallery.items)
    _touch(gallery)
    return GalleryChange(gallery_id, before, tuple(sorted(gone)))


def move_items(
    session: Session, gallery_id: int, item_ids: Sequence[int], position: int
) -> GalleryChange:
    """Move items, keeping their order, to just before the item now at ``position``.

    ``position`` counts the current list, as a drop indicator does: moving items to
    ``len(items)`` puts them at the end.
    """
    gallery = gallery_row(session, gallery_id)
    before = gallery_state(gallery)
    moving = set(item_ids)
    _check_items(gallery, moving)
    current = list(gallery.items)
    kept = [item for item in current if item.id not in moving]
    at = sum(1 for item in current[: max(position, 0)] if item.id not in moving)
    moved = [item for item in current if item.id in moving]
    order = kept[:at] + moved + kept[at:]
    _renumber(session, order)
    gallery.items[:] = order
    _touch(gallery)
    return GalleryChange(gallery_id, before, tuple(item.id for item in moved))


def set_caption(
    session: Session, item_id: int, caption: str | None, language: str | None = None
) -> GalleryChange:
    """The gallery's caption of a photo in ``language`` (default: the gallery's language);
    None or blank removes it, so the default language's (or the photo's own) shows."""
    gallery, item = _item(session, item_id)
    if item.photo_id is None:
        raise PhotoArchiveError("A section has a heading and a text, not a caption.")
    before = gallery_state(gallery)
    _write_item_texts(gallery, item, language, caption=caption)
    return _changed(session, gallery, before, item)


def set_section_text(
    session: Session,
    item_id: int,
    heading: str | None,
    body: str | None,
    language: str | None = None,
) -> GalleryChange:
    """A section's heading and text in ``language``; None or blank falls back to the default."""
    gallery, item = _item(session, item_id)
    if item.photo_id is not None:
        raise PhotoArchiveError("A photo has a caption, not a heading and a text.")
    before = gallery_state(gallery)
    _write_item_texts(gallery, item, language, heading=heading, body=body)
    return _changed(session, gallery, before, item)


def set_gallery_text(
    session: Session,
    gallery_id: int,
    title: str | None,
    introduction: str | None,
    language: str | None = None,
) -> GalleryChange:
    """Title and introduction in ``language``; the default language's title is required."""
    gallery = gallery_row(session, gallery_id)
    before = gallery_state(gallery)
    lang = normalise_language(language or gallery.language)
    if lang == gallery.language:
        gallery.title = _title(session, title or "", gallery.id)
        gallery.introduction = clean_text(introduction)
    else:
        row = gallery.translations.setdefault(lang, GalleryTranslation(language=lang))
        row.title, row.introduction = clean_text(title), clean_text(introduction)
        if row.title is None and row.introduction is None:
            del gallery.translations[lang]
    _touch(gallery)
    session.flush()
    return GalleryChange(gallery_id, before)


def undo(session: Session, change: GalleryChange) -> None:
    """Put the gallery back as it was before ``change``."""
    restore(session, change.gallery_id, change.before)


def restore(session: Session, gallery_id: int, state: GalleryState | None) -> None:
    """Put the gallery in ``state``, ids included; None deletes it. Undo puts back the state
    before an edit, redo the state after it (read with ``load_gallery``)."""
    if state is None:
        gallery = session.get(Gallery, gallery_id)
        if gallery is not None:
            session.delete(gallery)
            session.flush()
        return
    _restore(session, state)


def _restore(session: Session, state: GalleryState) -> None:
    default = state.texts[state.language]
    title = _title(session, default.title or "", state.id)  # before the row joins the session
    gallery = session.get(Gallery, state.id)
    if gallery is None:
        gallery = Gallery(id=state.id, created_at=state.created_at, language=state.language)
        session.add(gallery)
    gallery.title, gallery.introduction = title, default.introduction
    gallery.modified_at = state.modified_at
    gallery.translations = {
        lang: GalleryTranslation(language=lang, title=t.title, introduction=t.introduction)
        for lang, t in state.texts.items()
        if lang != state.language
    }
    session.flush()
    _restore_items(session, gallery, state)


def _restore_items(session: Session, gallery: Gallery, state: GalleryState) -> None:
    existing = {item.id: item for item in gallery.items}
    wanted = {item.id for item in state.items}
    for item in [item for item in gallery.items if item.id not in wanted]:
        gallery.items.remove(item)
    session.flush()
    photos = set(session.scalars(select(Photo.id).where(Photo.id.in_(state.photo_ids))))
    order: list[GalleryItem] = []
    for saved in state.items:
        if saved.photo_id is not None and saved.photo_id not in photos:
            continue  # the photo has left the catalogue since
        item = existing.get(saved.id) or GalleryItem(id=saved.id, gallery_id=gallery.id)
        item.photo_id = saved.photo_id
        default = saved.texts.get(state.language, ItemTexts())
        item.caption, item.heading, item.body = default.caption, default.heading, default.body
        item.translations = {
            lang: GalleryItemTranslation(
                language=lang, caption=t.caption, heading=t.heading, body=t.body
            )
            for lang, t in saved.texts.items()
            if lang != state.language
        }
        order.append(item)
    _renumber(session, order)
    gallery.items[:] = order
    session.flush()


def _title(session: Session, title: str, gallery_id: int | None) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise PhotoArchiveError("A gallery needs a title.")
    if len(cleaned) > 300:
        raise PhotoArchiveError("A gallery title has at most 300 characters.")
    other = session.scalar(select(Gallery.id).where(Gallery.title == cleaned))
    if other is not None and other != gallery_id:
        raise PhotoArchiveError(f'There is already a gallery called "{cleaned}".')
    return cleaned


def _check_photos(session: Session, photo_ids: Sequence[int]) -> None:
    found = set(session.scalars(select(Photo.id).where(Photo.id.in_(photo_ids))))
    missing = [pid for pid in photo_ids if pid not in found]
    if missing:
        raise PhotoArchiveError(f"No photo number {', '.join(map(str, missing))} in the catalogue.")


def _check_items(gallery: Gallery, item_ids: set[int]) -> None:
    strangers = item_ids - {item.id for item in gallery.items}
    if strangers:
        raise PhotoArchiveError(f'Item {min(strangers)} is not in the gallery "{gallery.title}".')


def _item(session: Session, item_id: int) -> tuple[Gallery, GalleryItem]:
    gallery_id = session.scalar(select(GalleryItem.gallery_id).where(GalleryItem.id == item_id))
    if gallery_id is None:
        raise PhotoArchiveError(f"There is no gallery item number {item_id}.")
    gallery = gallery_row(session, gallery_id)
    return gallery, next(item for item in gallery.items if item.id == item_id)


def _insert(
    session: Session, gallery: Gallery, new: list[GalleryItem], position: int | None
) -> None:
    current = list(gallery.items)
    at = len(current) if position is None else min(max(position, 0), len(current))
    order = current[:at] + new + current[at:]
    _renumber(session, order)
    gallery.items[:] = order
    _touch(gallery)
    session.flush()


def _renumber(session: Session, order: list[GalleryItem]) -> None:
    """Give the items positions 0, 1, 2… in ``order`` without breaking the unique position.

    Items that move go through distinct negative positions first, so no statement order of
    the flush can make two rows hold one position.
    """
    changed = [(item, index) for index, item in enumerate(order) if item.position != index]
    if not changed:
        return
    for item, index in changed:
        item.position = -1 - index
    session.flush()
    for item, index in changed:
        item.position = index
    session.flush()


def _write_item_texts(
    gallery: Gallery, item: GalleryItem, language: str | None, **values: str | None
) -> None:
    lang = normalise_language(language or gallery.language)
    cleaned = {field: clean_text(value) for field, value in values.items()}
    if lang == gallery.language:
        for field, value in cleaned.items():
            setattr(item, field, value)
        return
    row = item.translations.setdefault(lang, GalleryItemTranslation(language=lang))
    for field, value in cleaned.items():
        setattr(row, field, value)
    if row.caption is None and row.heading is None and row.body is None:
        del item.translations[lang]


def _changed(
    session: Session, gallery: Gallery, before: GalleryState, item: GalleryItem
) -> GalleryChange:
    _touch(gallery)
    session.flush()
    return GalleryChange(gallery.id, before, (item.id,))


def _touch(gallery: Gallery) -> None:
    gallery.modified_at = datetime.now()
