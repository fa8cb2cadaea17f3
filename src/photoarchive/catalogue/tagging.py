"""Setting place, programme, photographer, date, caption and restriction on many photos at once.

Each change returns the values it replaced, photo by photo, so that a caller can undo it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from photoarchive.catalogue.dates import PartialDate, year_of
from photoarchive.catalogue.models import Photo, Photographer
from photoarchive.catalogue.search import search_text
from photoarchive.catalogue.values import DatePrecision, DateSource, Restriction


class _Unset:
    """Marks a field the change leaves alone (None means "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


@dataclass(frozen=True, slots=True)
class TagChange:
    """The fields to set on every chosen photo; fields left UNSET stay untouched."""

    place_id: int | _Unset | None = UNSET
    programme_id: int | _Unset | None = UNSET
    photographer_id: int | _Unset | None = UNSET
    date: PartialDate | _Unset = UNSET
    date_source: DateSource | _Unset | None = UNSET  # with a date: MANUAL unless given
    caption: str | _Unset | None = UNSET
    restriction: Restriction | _Unset = UNSET

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is UNSET for f in fields(self))


def apply_tags(
    session: Session, photo_ids: Sequence[int], change: TagChange
) -> dict[int, TagChange]:
    """Apply ``change`` to the photos; returns, per photo, the change that would undo it."""
    undo: dict[int, TagChange] = {}
    for chunk in range(0, len(photo_ids), 500):
        query = (
            select(Photo)
            .where(Photo.id.in_(photo_ids[chunk : chunk + 500]))
            .options(selectinload(Photo.photographer))
        )
        for photo in session.scalars(query):
            undo[photo.id] = _apply(photo, change)
    session.flush()
    return undo


def undo_tags(session: Session, undo: dict[int, TagChange]) -> None:
    """Put back what :func:`apply_tags` replaced."""
    for photo_id, change in undo.items():
        photo = session.get(Photo, photo_id)
        if photo is not None:
            _apply(photo, change)
    session.flush()


def _apply(photo: Photo, change: TagChange) -> TagChange:
    before = TagChange()
    if not isinstance(change.place_id, _Unset):
        before = replace(before, place_id=photo.place_id)
        photo.place_id = change.place_id
    if not isinstance(change.programme_id, _Unset):
        before = replace(before, programme_id=photo.programme_id)
        photo.programme_id = change.programme_id
    if not isinstance(change.photographer_id, _Unset):
        before = replace(before, photographer_id=photo.photographer_id)
        _set_photographer(photo, change.photographer_id)
    if not isinstance(change.date, _Unset):
        before = replace(before, date=_date_of(photo), date_source=photo.date_source)
        _set_date(photo, change.date, change.date_source)
    if not isinstance(change.caption, _Unset):
        before = replace(before, caption=photo.caption)
        photo.caption = change.caption
    if not isinstance(change.restriction, _Unset):
        before = replace(before, restriction=photo.restriction)
        photo.restriction = change.restriction
    _refresh_search_text(photo)
    return before


def _date_of(photo: Photo) -> PartialDate:
    return PartialDate(photo.date_taken, photo.date_precision, photo.date_circa)


def _set_date(photo: Photo, date: PartialDate, source: DateSource | _Unset | None) -> None:
    photo.date_taken, photo.date_precision, photo.date_circa = (
        date.value,
        date.precision,
        date.circa,
    )
    photo.year = year_of(date)
    if isinstance(source, _Unset):
        source = None if date.precision is DatePrecision.UNKNOWN else DateSource.MANUAL
    photo.date_source = source


def _set_photographer(photo: Photo, photographer_id: int | None) -> None:
    session = Session.object_session(photo)
    assert session is not None
    # Set both sides, so the credit line in the search text below is the new one.
    photo.photographer = session.get(Photographer, photographer_id) if photographer_id else None
    photo.photographer_id = photographer_id


def _refresh_search_text(photo: Photo) -> None:
    photo.search_text = search_text(photo)
