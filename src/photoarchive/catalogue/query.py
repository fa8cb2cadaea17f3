"""The query layer: the photos matching a filter, in order, answering every view of the app.

A view holds a :class:`PhotoFilter` (see :mod:`photoarchive.catalogue.filters`) and asks for
the matching photo ids (:func:`photo_ids`, :func:`count`), their display values
(:func:`photo_records`), the counts beside each facet (:func:`facet_counts`) and the timeline
(:func:`year_histogram`); the last two live in :mod:`photoarchive.catalogue.facets`.
"""

from __future__ import annotations

import enum
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
    FTS,
    Facet,
    PhotoFilter,
    fts_query,
    subtree_ids,
    where_clause,
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


def _where(session: Session, photo_filter: PhotoFilter) -> ColumnElement[bool]:
    return where_clause(session, photo_filter)


# ---------------------------------------------------------------- matching photos


def count(session: Session, photo_filter: PhotoFilter) -> int:
    """How many photos match ``photo_filter``."""
    words_only = photo_filter.words and replace(photo_filter, text="").is_empty
    if words_only and session.get_bind().dialect.name == "sqlite":
        # Triggers keep one index row per photo, so the index alone can count the matches.
        matches = FTS.c.photo_fts.match(fts_query(photo_filter.words))
        return session.execute(select(func.count()).select_from(FTS).where(matches)).scalar_one()
    query = select(func.count()).select_from(Photo).where(_where(session, photo_filter))
    return session.execute(query).scalar_one()


def photo_ids(session: Session, photo_filter: PhotoFilter, sort: Sort = Sort.DATE) -> list[int]:
    """The ids of all photos matching ``photo_filter``, in ``sort`` order."""
    query = select(Photo.id).where(_where(session, photo_filter))
    return _ints(session, query.order_by(*_order(session, sort)))


def _ints(session: Session, query: Select[int]) -> list[int]:
    """The first column of every row, read straight from the driver's cursor.

    A SQLAlchemy Row per result row costs about as much as SQLite's whole query, and the
    grid asks for all 100,000 ids at once; integers need no type processing.
    """
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
