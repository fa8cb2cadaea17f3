"""Facet counts and the year histogram: photos per value of each dimension under a filter.

Facet counts and the timeline ignore their own dimension's constraint, so that picking a
second programme or widening the year range shows what it would add (as Lightroom's and
digiKam's facets do).

Without words or years, each count is a GROUP BY that walks a covering index in its own
order and reads no photo rows. With words, or with a year range, the matching photos are read
once per call and tallied in Python (:mod:`photoarchive.catalogue.tallies`): they are not in
any facet's index order, and SQLite would sort them once per facet. The timeline tallies for
words only, since it ignores the year range.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from photoarchive.catalogue import tallies
from photoarchive.catalogue.filters import Conditions, PhotoFilter, conditions
from photoarchive.catalogue.models import Photo, Place
from photoarchive.catalogue.records import lineage_ids
from photoarchive.catalogue.tallies import Credits, Timeline, decade_year
from photoarchive.catalogue.values import Restriction

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


# ---------------------------------------------------------------- facet counts


def facet_counts(session: Session, photo_filter: PhotoFilter) -> FacetCounts:
    """Photos per place, programme, photographer and restriction; see :class:`FacetCounts`."""
    where = conditions(session, photo_filter)
    if where.words is not None or where.years is not None:
        places, credits = tallies.facet_tallies(session, where)
    else:
        places, credits = _places(session, where), _credits(session, where)
    photographers, programmes, restrictions = _split(photo_filter, credits)
    return FacetCounts(
        places=_roll_up(session, places),
        programmes=_value_counts(programmes),
        photographers=_value_counts(photographers),
        restrictions={r: n for r, n in restrictions.items() if n},
    )


def _split(
    photo_filter: PhotoFilter, credits: Credits
) -> tuple[Counter[int | None], Counter[int | None], Counter[Restriction]]:
    """The photographer, programme and restriction facets from the counts of
    :func:`_credits`: each under the other two dimensions' constraints, not its own."""
    photographers: Counter[int | None] = Counter()
    programmes: Counter[int | None] = Counter()
    restrictions: Counter[Restriction] = Counter()
    for (photographer, programme, restriction), n in credits.items():
        by_photographer = _allows(photo_filter.photographers, photographer)
        by_programme = _allows(photo_filter.programmes, programme)
        by_restriction = _allows(photo_filter.restrictions, restriction)
        if by_programme and by_restriction:
            photographers[photographer] += n
        if by_photographer and by_restriction:
            programmes[programme] += n
        if by_photographer and by_programme:
            restrictions[restriction] += n
    return photographers, programmes, restrictions


def _places(session: Session, where: Conditions) -> dict[int | None, int]:
    """Photos per place (not rolled up) under every condition but the places'."""
    query = where.select(Photo.place_id, func.count(), but=["places"]).group_by(Photo.place_id)
    return dict(session.connection().execute(query).all())


def _credits(session: Session, where: Conditions) -> Credits:
    """Photos per (photographer, programme, restriction), ignoring those three dimensions'
    conditions, which the caller applies to each facet but its own.

    These dimensions have few values, so this one pass gives their three facets in at most
    a few thousand groups; in the order of ix_photo_photographer_id it reads no photo rows
    and sorts nothing.
    """
    columns = (Photo.photographer_id, Photo.programme_id, Photo.restriction)
    but = ["photographers", "programmes", "restrictions"]
    query = where.select(*columns, func.count(), but=but).group_by(*columns)
    return {(g, p, r): n for g, p, r, n in session.connection().execute(query)}


def _allows(values: frozenset[_T], value: _T | None) -> bool:
    return not values or value in values


def _value_counts(grouped: Mapping[int | None, int]) -> ValueCounts:
    by_id = {value: n for value, n in grouped.items() if value is not None and n}
    return ValueCounts(by_id, grouped.get(None, 0))


def _roll_up(session: Session, direct: Mapping[int | None, int]) -> ValueCounts:
    """Add each place's photos to the place and to every place above it."""
    lineages = dict(session.connection().execute(select(Place.id, Place.lineage)).all())
    totals: dict[int, int] = {}
    for place, n in direct.items():
        for ancestor in lineage_ids(lineages[place]) if place is not None else ():
            totals[ancestor] = totals.get(ancestor, 0) + n
    return ValueCounts(totals, direct.get(None, 0))


# ---------------------------------------------------------------- the timeline


def year_histogram(session: Session, photo_filter: PhotoFilter) -> YearHistogram:
    """Photos per year and per year and programme, decade-only photos and undated photos."""
    where = conditions(session, photo_filter)
    if where.words is not None:
        timeline = tallies.timeline_tallies(session, where)
    else:
        timeline = Timeline(_dated(session, where), *_yearless(session, where))
    histogram = YearHistogram(decade_only=timeline.decades, undated=timeline.undated)
    for (year, programme), n in timeline.dated.items():
        histogram.years[year] = histogram.years.get(year, 0) + n
        histogram.programmes.setdefault(year, {})[programme] = n
    return histogram


def _dated(session: Session, where: Conditions) -> dict[tuple[int, int | None], int]:
    """Photos per (year, programme) under every condition but the year range's."""
    columns = (Photo.year, Photo.programme_id)
    query = (
        where.select(*columns, func.count(), but=["years"])
        .where(Photo.year.is_not(None))
        .group_by(*columns)
    )
    return {(year, programme): n for year, programme, n in session.connection().execute(query)}


def _yearless(session: Session, where: Conditions) -> tuple[dict[int, int], int]:
    """Decade-only photos per decade, and undated photos, under the filter without years.

    Asking for ``year IS NULL`` lets the planner read the small partial index
    ix_photo_yearless, which holds only these photos.
    """
    decade = decade_year()
    query = (
        where.select(decade, func.count(), but=["years"])
        .where(Photo.year.is_(None))
        .group_by(decade)
    )
    decades: Counter[int] = Counter()
    undated = 0
    for year, n in session.connection().execute(query):
        if year is None:
            undated += n
        else:
            decades[year // 10 * 10] += n
    return dict(decades), undated
