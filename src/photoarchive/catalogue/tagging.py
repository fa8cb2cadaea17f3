"""Setting place, programme, photographer, date, caption and restriction on many photos at once.

Each change returns the values it replaced, photo by photo, so that a caller can undo it.
Both directions write with a few set-wise UPDATEs (photos that had the same values share
one statement) rather than photo by photo: tagging or undoing 100,000 photos takes seconds,
not minutes. Both report how far they are to an optional ``progress`` callback, which may
raise to stop the change (the caller's transaction then rolls it back).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any, Final, TypeVar

from sqlalchemy import ColumnElement, Row, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from photoarchive.catalogue.dates import PartialDate, year_of
from photoarchive.catalogue.models import Photo, Photographer, credit_line
from photoarchive.catalogue.search import search_text_of
from photoarchive.catalogue.values import DatePrecision, DateSource, Restriction

CHUNK = 500  # ids per statement: well under every database's limit on bound values
# Of a change that alters the search words, the share of the time spent writing the new
# values; the rest goes to the words, whose two full-text indexes SQLite keeps up to date
# (100,000 captions here: 1.7 s against 15.7 s).
VALUES_SHARE = 0.1

Progress = Callable[[float], None]  # the share of the change written so far, 0 to 1
_T = TypeVar("_T")


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

    @property
    def changes_words(self) -> bool:
        """Whether the change alters the words that search finds (caption, credit line)."""
        return not (isinstance(self.caption, _Unset) and isinstance(self.photographer_id, _Unset))


def apply_tags(
    session: Session,
    photo_ids: Sequence[int],
    change: TagChange,
    progress: Progress | None = None,
) -> dict[int, TagChange]:
    """Apply ``change`` to the photos; returns, per photo, the change that would undo it."""
    session.flush()  # pending edits of these photos go first; the UPDATEs below then win
    undo: dict[int, TagChange] = {}
    columns = _columns_read(change)
    values = _values(change)
    loaded = _loaded_photos(session)
    steps = _Steps(progress, len(photo_ids), words=change.changes_words)
    for chunk in _chunks(photo_ids):
        for row in session.execute(select(Photo.id, *columns).where(Photo.id.in_(chunk))):
            undo[row.id] = _before(row, change)
        _update(session, chunk, values, loaded)
        steps.values_written(len(chunk))
    if change.changes_words:
        _refresh_words(session, list(undo), loaded, steps)
    steps.done()
    return undo


def undo_tags(
    session: Session, undo: dict[int, TagChange], progress: Progress | None = None
) -> None:
    """Put back what :func:`apply_tags` replaced."""
    session.flush()
    by_fields: defaultdict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for photo_id, change in sorted(undo.items()):
        values = _values(change)
        by_fields[tuple(values)].append({"id": photo_id, **values})
    loaded = _loaded_photos(session)
    worded = [photo_id for photo_id, change in undo.items() if change.changes_words]
    steps = _Steps(progress, len(undo), words=bool(worded))
    for rows in by_fields.values():
        writes = len(rows[0]) > 1  # more than the id: a field to put back
        for batch in _slices(rows):
            if writes:
                session.execute(update(Photo), batch)  # an executemany, by primary key
                for row in batch:
                    _keep_in_step(session, loaded.get(row["id"]), row)
            steps.values_written(len(batch))
    if worded:
        _refresh_words(session, worded, loaded, steps)
    steps.done()


def _columns_read(change: TagChange) -> list[ColumnElement[Any]]:
    """The columns whose present values undo needs."""
    names: list[str] = []
    for key in ("place_id", "programme_id", "photographer_id", "caption", "restriction"):
        if not isinstance(getattr(change, key), _Unset):
            names.append(key)
    if not isinstance(change.date, _Unset):
        names += ["date_taken", "date_precision", "date_circa", "date_source"]
    return [getattr(Photo, name).expression.label(name) for name in names]


def _before(row: Row[Any], change: TagChange) -> TagChange:
    """The change that puts back what ``row`` holds for the fields ``change`` sets."""
    kept: dict[str, Any] = {}
    for key in ("place_id", "programme_id", "photographer_id", "caption", "restriction"):
        if not isinstance(getattr(change, key), _Unset):
            kept[key] = getattr(row, key)
    if not isinstance(change.date, _Unset):
        known = row.date_precision is not DatePrecision.UNKNOWN  # unknown is never circa
        date = PartialDate(row.date_taken, row.date_precision, known and bool(row.date_circa))
        kept.update(date=date, date_source=row.date_source)
    return TagChange(**kept)


def _values(change: TagChange) -> dict[str, Any]:
    """The column values an UPDATE writes for ``change``."""
    values: dict[str, Any] = {}
    for key in ("place_id", "programme_id", "photographer_id", "caption", "restriction"):
        value = getattr(change, key)
        if not isinstance(value, _Unset):
            values[key] = value
    date = change.date
    if not isinstance(date, _Unset):
        source = change.date_source
        if isinstance(source, _Unset):
            source = None if date.precision is DatePrecision.UNKNOWN else DateSource.MANUAL
        values.update(
            date_taken=date.value,
            date_precision=date.precision,
            date_circa=date.circa,
            year=year_of(date),
            date_source=source,
        )
    return values


def _loaded_photos(session: Session) -> dict[int, Photo]:
    """The photos the session holds already, by id: they are kept in step with the UPDATEs."""
    loaded: dict[int, Photo] = {}
    for instance in session.identity_map.values():
        if isinstance(instance, Photo):
            identity = inspect(instance).identity
            if identity is not None:
                loaded[int(identity[0])] = instance
    return loaded


def _update(
    session: Session, photo_ids: Sequence[int], values: dict[str, Any], loaded: dict[int, Photo]
) -> None:
    if not values:
        return
    statement = update(Photo).where(Photo.id.in_(photo_ids)).values(**values)
    session.execute(statement, execution_options={"synchronize_session": False})
    for photo_id in photo_ids:
        _keep_in_step(session, loaded.get(photo_id), values)


def _keep_in_step(session: Session, photo: Photo | None, values: dict[str, Any]) -> None:
    """Give a photo the session holds the values just written to its row."""
    if photo is None:
        return
    for key, value in values.items():
        if key != "id":
            set_committed_value(photo, key, value)
    if "photographer_id" in values:
        session.expire(photo, ["photographer"])


def _refresh_words(
    session: Session, photo_ids: Sequence[int], loaded: dict[int, Photo], steps: _Steps
) -> None:
    """Recompute ``search_text`` of the photos from their caption, creator, credit, copyright."""
    query = select(
        Photo.id,
        Photo.search_text,
        Photo.caption,
        Photo.creator,
        Photographer.name,
        Photographer.organisation,
        Photo.copyright,
    ).outerjoin(Photographer, Photo.photographer_id == Photographer.id)
    words = functools.cache(lambda part: search_text_of([part]))  # credits repeat: fold once
    changed: list[dict[str, Any]] = []
    for chunk in _chunks(photo_ids):
        for photo_id, old, caption, creator, name, organisation, rights in session.execute(
            query.where(Photo.id.in_(chunk))
        ):
            credit = credit_line(name, organisation) if name is not None else None
            parts = (words(part) for part in (caption, creator, credit, rights) if part)
            text = " ".join(part for part in parts if part)
            if text != old:
                changed.append({"id": photo_id, "search_text": text})
                if photo_id in loaded:
                    set_committed_value(loaded[photo_id], "search_text", text)
    for batch in _slices(changed):
        session.execute(update(Photo), batch)  # an executemany, by primary key
        steps.words_written(len(batch), of=len(changed))


class _Steps:
    """Turns rows written into the share of the change done, for a progress callback."""

    def __init__(self, progress: Progress | None, photos: int, *, words: bool) -> None:
        self._progress = progress
        self._photos = max(1, photos)
        self._values_share = VALUES_SHARE if words else 1.0
        self._values = 0
        self._words = 0

    def values_written(self, rows: int) -> None:
        self._values += rows
        self._report(self._values_share * min(1.0, self._values / self._photos))

    def words_written(self, rows: int, *, of: int) -> None:
        self._words += rows
        self._report(self._values_share + (1 - self._values_share) * self._words / max(1, of))

    def done(self) -> None:
        self._report(1.0)

    def _report(self, share: float) -> None:
        if self._progress is not None:
            self._progress(share)


def _slices(items: list[_T]) -> Iterable[list[_T]]:
    """``items`` CHUNK at a time, in order."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _chunks(photo_ids: Sequence[int] | Iterable[int]) -> Iterable[list[int]]:
    """The ids in order, a chunk at a time: rows near each other on disk are written together."""
    return _slices(sorted(photo_ids))
