"""The query layer: the photos matching a filter, in order, answering every view of the app.

A view holds a :class:`PhotoFilter` (see :mod:`photoarchive.catalogue.filters`) and asks for
the matching photo ids (:func:`photo_ids`, :func:`count`), their display values
(:func:`photo_records`), the counts beside each facet (:func:`facet_counts`) and the timeline
(:func:`year_histogram`); the last two live in :mod:`photoarchive.catalogue.facets`.
"""

from __future__ import annotations

import enum
import json
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, case, func, literal, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.facets import (
    FacetCounts,
    ValueCounts,
    YearHistogram,
    facet_counts,
    year_histogram,
)
from photoarchive.catalogue.filters import (
    DATE_KEY_ID_BITS,
    FTS,
    Conditions,
    Facet,
    PhotoFilter,
    conditions,
    fts_query,
    subtree_ids,
    where_clause,
    words_by_date,
)
from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.names import fold_text
from photoarchive.catalogue.records import PhotoRecord, photo_records, place_paths

# Records, filters and facets live in their own modules; views find everything here.
__all__ = [
    "Facet",
    "FacetCounts",
    "PhotoFilter",
    "PhotoRecord",
    "Sort",
    "ValueCounts",
    "YearHistogram",
    "count",
    "facet_counts",
    "fts_query",
    "photo_ids",
    "photo_records",
    "subtree_ids",
    "where_clause",
    "year_histogram",
]


class Sort(enum.Enum):
    """Orders of the photo grid."""

    DATE = "date"  # date taken, undated last, then id
    PLACE = "place"  # place name path (no place last), then date as above
    IMPORTED = "imported"  # import time, then id


# ---------------------------------------------------------------- matching photos


def count(session: Session, photo_filter: PhotoFilter) -> int:
    """How many photos match ``photo_filter``."""
    where = conditions(session, photo_filter)
    if (match := _words_alone(photo_filter, where)) is not None:
        # Triggers keep one index row per photo, so the index alone can count the matches.
        query = select(func.count()).select_from(FTS).where(match)
    elif photo_filter.is_empty:
        query = select(func.count()).select_from(Photo)  # SQLite counts the b-tree's pages
    else:
        query = where.select(func.count())
    return session.execute(query).scalar_one()


def photo_ids(session: Session, photo_filter: PhotoFilter, sort: Sort = Sort.DATE) -> list[int]:
    """The ids of all photos matching ``photo_filter``, in ``sort`` order."""
    where = conditions(session, photo_filter)
    words_alone = _words_alone(photo_filter, where) is not None
    if words_alone and sort is Sort.DATE and _fits_date_keys(session):
        # The second word index holds the photos in date order: nothing to look up or sort.
        return _ints(session, words_by_date(photo_filter.words))
    return _ints(session, where.select(Photo.id).order_by(*_order(session, sort)))


def _words_alone(photo_filter: PhotoFilter, where: Conditions) -> ColumnElement[bool] | None:
    """For words alone on SQLite, which the word indexes answer by themselves, their MATCH."""
    return where.fts_match if replace(photo_filter, text="").is_empty else None


def _fits_date_keys(session: Session) -> bool:
    largest = session.execute(select(func.max(Photo.id))).scalar() or 0
    return largest < 1 << DATE_KEY_ID_BITS


def _ints(session: Session, query: Select[int]) -> list[int]:
    """The first column of every row, in order, as fast as the driver gives them.

    The grid asks for all 100,000 ids at once, and a result row per id costs more than
    SQLite's whole query: SQLite hands them over as one JSON array instead (the subquery's
    order is the order it aggregates in), which ``json`` parses in C.
    """
    if session.get_bind().dialect.name == "sqlite":
        ordered = query.subquery()
        packed = session.execute(select(func.json_group_array(ordered.c[0]))).scalar_one()
        return list(json.loads(packed))
    result = session.connection().execute(query)
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


def _order(session: Session, sort: Sort) -> list[SQLColumnExpression[Any]]:
    # NULLS LAST on the bare column lets SQLite walk ix_photo_date_taken instead of sorting.
    by_date: list[SQLColumnExpression[Any]] = [Photo.date_taken.asc().nulls_last(), Photo.id]
    if sort is Sort.IMPORTED:
        return [Photo.imported_at, Photo.id]
    if sort is Sort.PLACE:
        return [_place_rank(session), *by_date]
    return by_date


def _place_rank(session: Session) -> ColumnElement[int]:
    """Each photo's place's position in name-path order, as SQL (the tree is small)."""
    paths = place_paths(session)
    ranked = sorted(paths, key=lambda place: ([fold_text(n) for n in paths[place]], place))
    # Inlined at execution: a large tree must not run into the bound-variable limit.
    whens = {place: literal(rank, literal_execute=True) for rank, place in enumerate(ranked)}
    if not whens:
        return literal(0, literal_execute=True)
    return case(whens, value=Photo.place_id, else_=literal(len(whens), literal_execute=True))
