"""The catalogue values a selection of photos shares, and the vocabularies offered to edit them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import BindParameter, ColumnElement, Integer, bindparam, cast, func, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.dates import UNDATED, PartialDate
from photoarchive.catalogue.models import Photo, Photographer, Place, Programme, credit_line
from photoarchive.catalogue.names import fold_text
from photoarchive.catalogue.values import Restriction

PATH_SEPARATOR = " › "
CHUNK = 5_000  # ids per aggregate query: a few kB of SQL, well under any statement limit


class _Mixed:
    """Marks a field whose value differs between the selected photos."""

    def __repr__(self) -> str:
        return "MIXED"


MIXED: Final = _Mixed()


@dataclass(frozen=True, slots=True)
class SelectionValues:
    """Each field's value, where every selected photo shares it, or MIXED."""

    count: int = 0
    place_id: int | _Mixed | None = None
    programme_id: int | _Mixed | None = None
    photographer_id: int | _Mixed | None = None
    date: PartialDate | _Mixed = UNDATED
    caption: str | _Mixed | None = None
    restriction: Restriction | _Mixed = Restriction.OPEN


# PostgreSQL has no MIN(boolean): circa is compared as 0 or 1.
_COLUMNS: tuple[tuple[str, ColumnElement[Any]], ...] = (
    *((c.key, c.expression) for c in (Photo.place_id, Photo.programme_id, Photo.photographer_id)),
    *((c.key, c.expression) for c in (Photo.caption, Photo.restriction, Photo.date_taken)),
    ("date_precision", Photo.date_precision.expression),
    ("date_circa", cast(Photo.date_circa, Integer)),
)


def load_selection(session: Session, photo_ids: Sequence[int]) -> SelectionValues:
    """The values the photos share, from COUNT, MIN and MAX of each column.

    A column is shared when its MIN equals its MAX and no NULL sits beside them: the same
    answer as COUNT(DISTINCT) without its sorting. No photo row reaches Python: 5,000
    photos take one query (~20-40 ms here), 100,000 take 20 (~0.7 s, worth a worker).
    """
    shared: dict[str, Any] = {}
    count = 0
    for start in range(0, len(photo_ids), CHUNK):
        chunk = list(photo_ids[start : start + CHUNK])
        ids: BindParameter[list[int]] = bindparam(
            "ids", chunk, expanding=True, literal_execute=True
        )
        per_column = [(func.count(c), func.min(c), func.max(c)) for _, c in _COLUMNS]
        query = select(func.count(), *(a for aggregates in per_column for a in aggregates))
        rows, *values = session.execute(query.where(Photo.id.in_(ids))).one()
        count += rows
        for i, (key, _) in enumerate(_COLUMNS if rows else ()):
            value = _shared_value(rows, *values[3 * i : 3 * i + 3])
            shared[key] = value if shared.get(key, value) == value else MIXED
    return _selection_values(count, shared) if count else SelectionValues()


def _shared_value(rows: int, non_null: Any, smallest: Any, largest: Any) -> Any:
    if non_null == 0:
        return None
    return smallest if smallest == largest and non_null == rows else MIXED


def _selection_values(count: int, shared: dict[str, Any]) -> SelectionValues:
    parts = (shared.pop("date_taken"), shared.pop("date_precision"), shared.pop("date_circa"))
    date = MIXED if MIXED in parts else PartialDate(parts[0], parts[1], bool(parts[2]))
    return SelectionValues(count, date=date, **shared)


def vocabularies(session: Session) -> tuple[list[tuple[str, int]], ...]:
    """(text, id) of every place path, programme and photographer credit line, in order."""
    rows = session.execute(select(Place.id, Place.name, Place.lineage)).all()
    names = {place: name for place, name, _ in rows}
    places = [
        (PATH_SEPARATOR.join(names[int(i)] for i in lineage.strip("/").split("/")), place)
        for place, _, lineage in rows
    ]
    programmes = [(name, i) for i, name in session.execute(select(Programme.id, Programme.name))]
    people = select(Photographer.id, Photographer.name, Photographer.organisation)
    credits = [(credit_line(name, org), i) for i, name, org in session.execute(people)]
    lists = (places, programmes, credits)
    return tuple(sorted(items, key=lambda item: fold_text(item[0])) for items in lists)


def vocabulary_stamp(session: Session) -> tuple[int, ...]:
    """Row counts and highest ids of places, programmes and photographers: new rows change it."""
    tables = (Place.__table__, Programme.__table__, Photographer.__table__)
    parts = [
        select(agg(t.c.id)).scalar_subquery() for t in tables for agg in (func.count, func.max)
    ]
    return tuple(v or 0 for v in session.execute(select(*parts)).one())
