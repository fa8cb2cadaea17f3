"""The query layer: a plain filter value, compiled to SQL, answering every view of the app.

A view holds a :class:`PhotoFilter` and asks for the matching photo ids (:func:`photo_ids`,
:func:`count`), their display values (:func:`photo_records`), the counts beside each facet
(:func:`facet_counts`) and the timeline (:func:`year_histogram`). Facet counts and the
timeline ignore their own dimension's constraint, so that picking a second programme or
widening the year range shows what it would add (as Lightroom's and digiKam's facets do).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    extract,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import Photo, Place
from photoarchive.catalogue.names import fold_text
from photoarchive.catalogue.records import PhotoRecord, lineage_ids, photo_records, place_paths
from photoarchive.catalogue.search import words_of
from photoarchive.catalogue.values import DatePrecision, Restriction

# Records are loaded in records.py, beside their type; views find everything here.
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

_T = TypeVar("_T")

# The FTS5 index of migration 0002, which exists in SQLite catalogues only.
_FTS = table("photo_fts", column("rowid", Integer), column("photo_fts", String))


class Facet(enum.Enum):
    """A dimension of the filter that the browser shows with counts."""

    PLACE = "place"
    YEAR = "year"
    PROGRAMME = "programme"
    PHOTOGRAPHER = "photographer"
    RESTRICTION = "restriction"


class Sort(enum.Enum):
    """Orders of the photo grid."""

    DATE = "date"  # date taken, undated last, then id
    PLACE = "place"  # place name path (no place last), then date as above
    IMPORTED = "imported"  # import time, then id


@dataclass(frozen=True, slots=True)
class PhotoFilter:
    """What the user has narrowed the catalogue to; every field's default is "no constraint".

    Within a dimension the values are alternatives (any selected programme); across
    dimensions they all apply. A place also matches every place below it in the tree. A year
    range is inclusive and matches the ``year`` column, so decade-only and undated photos
    fall outside every range. Text matches photos whose caption or credits contain, for every
    word of the text, a word starting with it (ignoring case and diacritics: "Bərdə" and
    "barda" both find "Bərdə"; see :mod:`photoarchive.catalogue.search`).
    """

    places: frozenset[int] = frozenset()
    years: tuple[int, int] | None = None
    programmes: frozenset[int] = frozenset()
    photographers: frozenset[int] = frozenset()
    text: str = ""
    restrictions: frozenset[Restriction] = frozenset()

    def __post_init__(self) -> None:
        # A timeline drag may run right to left; the range means the same either way.
        if self.years is not None and self.years[0] > self.years[1]:
            object.__setattr__(self, "years", (self.years[1], self.years[0]))

    @property
    def words(self) -> tuple[str, ...]:
        """The words of ``text`` that the search looks for, folded as search text is stored.

        Only letters and digits survive folding, so no user text is search syntax.
        """
        return tuple(words_of(self.text))

    @property
    def is_empty(self) -> bool:
        """True when the filter matches every photo."""
        return self == PhotoFilter(text=self.text) and not self.words

    def without(self, facet: Facet) -> PhotoFilter:
        """A copy with ``facet``'s constraint cleared."""
        match facet:
            case Facet.PLACE:
                return replace(self, places=frozenset())
            case Facet.YEAR:
                return replace(self, years=None)
            case Facet.PROGRAMME:
                return replace(self, programmes=frozenset())
            case Facet.PHOTOGRAPHER:
                return replace(self, photographers=frozenset())
            case Facet.RESTRICTION:
                return replace(self, restrictions=frozenset())


# ---------------------------------------------------------------- compiling to SQL


def where_clause(
    session: Session, photo_filter: PhotoFilter, *, dialect: str | None = None
) -> ColumnElement[bool]:
    """The WHERE clause selecting ``photo`` rows that match ``photo_filter``.

    Words use the FTS5 index on SQLite and the text-search (GIN) index on PostgreSQL; on any
    other ``dialect`` (the session's by default) each word is a LIKE on the folded search
    text, which finds the same photos without an index.
    """
    conditions = [
        _place_condition(session, photo_filter.places),
        _year_condition(photo_filter.years),
        _in(Photo.programme_id, photo_filter.programmes),
        _in(Photo.photographer_id, photo_filter.photographers),
        _in(Photo.restriction, photo_filter.restrictions),
        _text_condition(photo_filter.words, dialect or session.get_bind().dialect.name),
    ]
    return and_(true(), *(condition for condition in conditions if condition is not None))


def _in(column_: SQLColumnExpression[Any], values: Collection[Any]) -> ColumnElement[bool] | None:
    return column_.in_(sorted(values)) if values else None


def _place_condition(session: Session, places: frozenset[int]) -> ColumnElement[bool] | None:
    if not places:
        return None
    # The places themselves, not a subquery: SQLite plans far better for a list of ids
    # (with statistics it would scan every photo to test a subquery per row).
    ids = subtree_ids(session, places)
    return Photo.place_id.in_(bindparam(None, ids, expanding=True, literal_execute=True))


def subtree_ids(session: Session, places: Collection[int]) -> list[int]:
    """``places`` and every place below them in the tree."""
    # A lineage lists the place's own id last, so "/5/" in it means 5 or a place below 5.
    in_subtree = or_(*(Place.lineage.contains(f"/{int(place)}/") for place in sorted(places)))
    return list(session.scalars(select(Place.id).where(in_subtree).order_by(Place.id)))


def _year_condition(years: tuple[int, int] | None) -> ColumnElement[bool] | None:
    return Photo.year.between(*years) if years is not None else None


def _text_condition(words: tuple[str, ...], dialect: str) -> ColumnElement[bool] | None:
    if not words:
        return None
    if dialect == "sqlite":
        matches = select(_FTS.c.rowid).where(_FTS.c.photo_fts.match(fts_query(words)))
        return Photo.id.in_(matches)
    if dialect == "postgresql":
        return _postgresql_words(words)
    # Search text is folded words between single spaces: " word" starts a word.
    spaced = literal(" ") + Photo.search_text
    return and_(*(spaced.contains(" " + word, autoescape=True) for word in words))


def _postgresql_words(words: tuple[str, ...]) -> ColumnElement[bool]:
    # Written as migration 0004's index is, to_tsvector('simple', search_text), so that
    # PostgreSQL uses it; folded words are letters and digits, never tsquery syntax.
    query = " & ".join(f"{word}:*" for word in words)
    vector = func.to_tsvector(literal_column("'simple'"), Photo.search_text)
    return vector.bool_op("@@")(func.to_tsquery(literal_column("'simple'"), query))


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query requiring every word as a token prefix: ``"mine"* "tartar"*``.

    Each word is a quoted string, with quotes doubled, so it is only ever a string to FTS5.
    """
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


def _where(session: Session, photo_filter: PhotoFilter) -> ColumnElement[bool]:
    return where_clause(session, photo_filter)


# ---------------------------------------------------------------- matching photos


def count(session: Session, photo_filter: PhotoFilter) -> int:
    """How many photos match ``photo_filter``."""
    words_only = photo_filter.words and replace(photo_filter, text="").is_empty
    if words_only and session.get_bind().dialect.name == "sqlite":
        # Triggers keep one index row per photo, so the index alone can count the matches.
        matches = _FTS.c.photo_fts.match(fts_query(photo_filter.words))
        return session.execute(select(func.count()).select_from(_FTS).where(matches)).scalar_one()
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


# ---------------------------------------------------------------- facets and timeline


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
