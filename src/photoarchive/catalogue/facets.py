"""Facet counts and the year histogram: photos per value of each dimension under a filter.

Facet counts and the timeline ignore their own dimension's constraint, so that picking a
second programme or widening the year range shows what it would add (as Lightroom's and
digiKam's facets do).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    SQLColumnExpression,
    case,
    cast,
    extract,
    func,
    select,
)
from sqlalchemy.orm import Session

from photoarchive.catalogue.filters import Facet, PhotoFilter, where_clause
from photoarchive.catalogue.models import Photo, Place
from photoarchive.catalogue.records import lineage_ids
from photoarchive.catalogue.values import DatePrecision, Restriction

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ValueCounts:
    """Photos per value of one facet (values without photos are absent), and photos with none."""

    by_id: dict[int, int] = field(default_factory=dict)
    none: int = 0


@dataclass(frozen=True, slots=True)
class FacetCounts:
    """The counts beside each facet's values.

    Each dimension is counted under the filter without that dimension's own constraint:
    with "Health" picked, the programme facet still says how many photos "Education" would
    add. A place counts its own photos and those of every place below it.
    """

    places: ValueCounts
    programmes: ValueCounts
    photographers: ValueCounts
    restrictions: dict[Restriction, int]


@dataclass(frozen=True, slots=True)
class YearHistogram:
    """The timeline under the filter without its year range.

    ``years`` maps a year to its photos and ``programmes`` the same year to photos per
    programme id (``None``: no programme), for colouring the bars. Decade-only photos are
    counted by the first year of their decade; ``undated`` counts photos with no year at all.
    """

    years: dict[int, int] = field(default_factory=dict)
    programmes: dict[int, dict[int | None, int]] = field(default_factory=dict)
    decade_only: dict[int, int] = field(default_factory=dict)
    undated: int = 0


def facet_counts(session: Session, photo_filter: PhotoFilter) -> FacetCounts:
    """Photos per place, programme, photographer and restriction; see :class:`FacetCounts`."""
    places = _grouped(session, photo_filter, Facet.PLACE, Photo.place_id)
    photographers = _grouped(session, photo_filter, Facet.PHOTOGRAPHER, Photo.photographer_id)
    programmes: Counter[int | None] = Counter()
    restrictions: Counter[Restriction] = Counter()
    for _year, programme, restriction, n in _cells(session, photo_filter, keep_years=True):
        if _allows(photo_filter.restrictions, restriction):
            programmes[programme] += n
        if _allows(photo_filter.programmes, programme):
            restrictions[restriction] += n
    return FacetCounts(
        places=_roll_up(session, places),
        programmes=_value_counts(programmes),
        photographers=_value_counts(photographers),
        restrictions=dict(restrictions),
    )


def _grouped(
    session: Session, photo_filter: PhotoFilter, facet: Facet, column_: SQLColumnExpression[_T]
) -> dict[_T, int]:
    query = (
        select(column_, func.count())
        .where(_where(session, photo_filter.without(facet)))
        .group_by(column_)
    )
    return dict(session.execute(query).all())


_Cell = tuple[int | None, int | None, Restriction, int]


def _cells(session: Session, photo_filter: PhotoFilter, *, keep_years: bool) -> list[_Cell]:
    """Photos per (year, programme, restriction), ignoring the filter's programmes and
    restrictions (and its year range unless ``keep_years``), which the caller applies.

    Programmes and restrictions have few values, so this one pass of at most a few thousand
    groups gives both their facets; in the order of an index on (year, programme_id,
    restriction) it reads neither the photo rows nor sorts.
    """
    loose = replace(photo_filter, programmes=frozenset(), restrictions=frozenset())
    if not keep_years:
        loose = loose.without(Facet.YEAR)
    columns = (Photo.year, Photo.programme_id, Photo.restriction)
    query = select(*columns, func.count()).where(_where(session, loose)).group_by(*columns)
    return [
        (year, programme, restriction, n)
        for year, programme, restriction, n in session.execute(query)
    ]


def _allows(values: frozenset[_T], value: _T | None) -> bool:
    return not values or value in values


def _value_counts(grouped: Mapping[int | None, int]) -> ValueCounts:
    by_id = {value: n for value, n in grouped.items() if value is not None and n}
    return ValueCounts(by_id, grouped.get(None, 0))


def _roll_up(session: Session, direct: dict[int | None, int]) -> ValueCounts:
    """Add each place's photos to the place and to every place above it."""
    lineages = dict(session.execute(select(Place.id, Place.lineage)).all())
    totals: dict[int, int] = {}
    for place, n in direct.items():
        for ancestor in lineage_ids(lineages[place]) if place is not None else ():
            totals[ancestor] = totals.get(ancestor, 0) + n
    return ValueCounts(totals, direct.get(None, 0))


def year_histogram(session: Session, photo_filter: PhotoFilter) -> YearHistogram:
    """Photos per year and per year and programme, decade-only photos and undated photos."""
    where = _where(session, photo_filter.without(Facet.YEAR))
    columns = (Photo.year, Photo.programme_id)
    query = select(*columns, func.count()).where(where, Photo.year.is_not(None))
    histogram = YearHistogram()
    for year, programme, n in session.execute(query.group_by(*columns)):
        assert year is not None  # the query asked for dated photos only
        histogram.years[year] = histogram.years.get(year, 0) + n
        histogram.programmes.setdefault(year, {})[programme] = n
    decades, undated = _yearless(session, photo_filter)
    return replace(histogram, decade_only=decades, undated=undated)


def _yearless(session: Session, photo_filter: PhotoFilter) -> tuple[dict[int, int], int]:
    """Decade-only photos per decade, and undated photos, under the filter without years."""
    decade_year = case(
        # PostgreSQL's extract() gives a numeric; the decade is counted as an int everywhere.
        (
            Photo.date_precision == DatePrecision.DECADE,
            cast(extract("year", Photo.date_taken), Integer),
        )
    )
    where = _where(session, photo_filter.without(Facet.YEAR))
    query = select(decade_year, func.count()).where(where, Photo.year.is_(None))
    decades: Counter[int] = Counter()
    undated = 0
    for year, n in session.execute(query.group_by(decade_year)):
        if year is None:
            undated += n
        else:
            decades[year // 10 * 10] += n
    return dict(decades), undated


def _where(session: Session, photo_filter: PhotoFilter) -> ColumnElement[bool]:
    return where_clause(session, photo_filter)
