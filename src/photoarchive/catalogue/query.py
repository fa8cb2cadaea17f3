"""The query layer: a plain filter value, compiled to SQL, answering every view of the app.

A view holds a :class:`PhotoFilter` and asks for the matching photo ids (:func:`photo_ids`,
:func:`count`), their display values (:func:`photo_records`), the counts beside each facet
(:func:`facet_counts`) and the timeline (:func:`year_histogram`). Facet counts and the
timeline ignore their own dimension's constraint, so that picking a second programme or
widening the year range shows what it would add (as Lightroom's and digiKam's facets do).
"""

from __future__ import annotations

import enum
import itertools
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
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
    column,
    extract,
    func,
    literal,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import (
    FileLocation,
    LibraryRoot,
    Photo,
    Photographer,
    Place,
    Programme,
    credit_line,
)
from photoarchive.catalogue.names import fold_text
from photoarchive.catalogue.records import PhotoRecord
from photoarchive.catalogue.values import DatePrecision, Restriction

_T = TypeVar("_T")

# Well under SQLite's bound-variable limit (999 before 3.32), and a sensible page of rows.
CHUNK = 500

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
    word of the text, a word starting with it (ignoring case and, on SQLite, diacritics).
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
        """The words of ``text`` that the search looks for."""
        return search_words(self.text)

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


def search_words(text: str) -> tuple[str, ...]:
    """``text`` split into words as FTS5's unicode61 tokenizer splits a caption.

    Letters, digits and private-use characters make words; everything else (spaces,
    punctuation, quotes, ``*``, ``-``, ``(``) separates them, so no user text is FTS syntax.
    """
    normalised = unicodedata.normalize("NFC", text)
    runs = itertools.groupby(normalised, _is_word_character)
    return tuple("".join(run) for is_word, run in runs if is_word)


def _is_word_character(character: str) -> bool:
    category = unicodedata.category(character)
    return category[0] in "LN" or category == "Co"


# ---------------------------------------------------------------- compiling to SQL


def where_clause(
    session: Session, photo_filter: PhotoFilter, *, full_text: bool | None = None
) -> ColumnElement[bool]:
    """The WHERE clause selecting ``photo`` rows that match ``photo_filter``.

    Words use the FTS5 index on SQLite (``full_text`` defaults to that); elsewhere each word
    is a case-insensitive substring test (``lower(search_text) LIKE '%word%'``), which folds
    only what the database's ``lower()`` folds and ignores where words start.
    """
    if full_text is None:
        full_text = session.get_bind().dialect.name == "sqlite"
    conditions = [
        _place_condition(session, photo_filter.places),
        _year_condition(photo_filter.years),
        _in(Photo.programme_id, photo_filter.programmes),
        _in(Photo.photographer_id, photo_filter.photographers),
        _in(Photo.restriction, photo_filter.restrictions),
        _text_condition(photo_filter.words, full_text=full_text),
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
    return Photo.place_id.in_(bindparam("places", ids, expanding=True, literal_execute=True))


def subtree_ids(session: Session, places: Collection[int]) -> list[int]:
    """``places`` and every place below them in the tree."""
    # A lineage lists the place's own id last, so "/5/" in it means 5 or a place below 5.
    in_subtree = or_(*(Place.lineage.contains(f"/{int(place)}/") for place in sorted(places)))
    return list(session.scalars(select(Place.id).where(in_subtree).order_by(Place.id)))


def _year_condition(years: tuple[int, int] | None) -> ColumnElement[bool] | None:
    return Photo.year.between(*years) if years is not None else None


def _text_condition(words: tuple[str, ...], *, full_text: bool) -> ColumnElement[bool] | None:
    if not words:
        return None
    if full_text:
        matches = select(_FTS.c.rowid).where(_FTS.c.photo_fts.match(fts_query(words)))
        return Photo.id.in_(matches)
    lowered = func.lower(Photo.search_text)
    return and_(*(lowered.contains(word.lower(), autoescape=True) for word in words))


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
    paths = _place_paths(session)
    ranked = sorted(paths, key=lambda place: ([fold_text(n) for n in paths[place]], place))
    # Inlined at execution: a large tree must not run into the bound-variable limit.
    whens = {place: literal(rank, literal_execute=True) for rank, place in enumerate(ranked)}
    if not whens:
        return literal(0, literal_execute=True)
    return case(whens, value=Photo.place_id, else_=literal(len(whens), literal_execute=True))


def _place_paths(session: Session) -> dict[int, tuple[str, ...]]:
    """Every place's names from the top of the tree down, from the lineages."""
    rows = session.execute(select(Place.id, Place.name, Place.lineage)).all()
    names = {place: name for place, name, _ in rows}
    return {place: tuple(names[i] for i in _lineage_ids(lineage)) for place, _, lineage in rows}


def _lineage_ids(lineage: str) -> list[int]:
    return [int(part) for part in lineage.split("/") if part]


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
    programmes = _grouped(session, photo_filter, Facet.PROGRAMME, Photo.programme_id)
    photographers = _grouped(session, photo_filter, Facet.PHOTOGRAPHER, Photo.photographer_id)
    restrictions = _grouped(session, photo_filter, Facet.RESTRICTION, Photo.restriction)
    return FacetCounts(
        places=_roll_up(session, places),
        programmes=_value_counts(programmes),
        photographers=_value_counts(photographers),
        restrictions=restrictions,
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


def _value_counts(grouped: dict[int | None, int]) -> ValueCounts:
    by_id = {value: n for value, n in grouped.items() if value is not None}
    return ValueCounts(by_id, grouped.get(None, 0))


def _roll_up(session: Session, direct: dict[int | None, int]) -> ValueCounts:
    """Add each place's photos to the place and to every place above it."""
    lineages = dict(session.execute(select(Place.id, Place.lineage)).all())
    totals: dict[int, int] = {}
    for place, n in direct.items():
        for ancestor in _lineage_ids(lineages[place]) if place is not None else ():
            totals[ancestor] = totals.get(ancestor, 0) + n
    return ValueCounts(totals, direct.get(None, 0))


def year_histogram(session: Session, photo_filter: PhotoFilter) -> YearHistogram:
    """Photos per year and per year and programme, decade-only photos and undated photos."""
    where = _where(session, photo_filter.without(Facet.YEAR))
    # Two queries: the dated one then reads only (year, programme_id), which an index on
    # those two columns answers without touching the photo rows.
    per_year = (
        select(Photo.year, Photo.programme_id, func.count())
        .where(where, Photo.year.is_not(None))
        .group_by(Photo.year, Photo.programme_id)
    )
    decade = case((Photo.date_precision == DatePrecision.DECADE, extract("year", Photo.date_taken)))
    yearless = select(decade, func.count()).where(where, Photo.year.is_(None)).group_by(decade)
    histogram = YearHistogram()
    for year, programme, n in session.execute(per_year):
        assert year is not None
        histogram.years[year] = histogram.years.get(year, 0) + n
        histogram.programmes.setdefault(year, {})[programme] = n
    undated = 0
    for decade_year, n in session.execute(yearless):
        if decade_year is None:
            undated += n
        else:
            start = decade_year // 10 * 10
            histogram.decade_only[start] = histogram.decade_only.get(start, 0) + n
    return replace(histogram, undated=undated)


# ---------------------------------------------------------------- records for display

_RECORD_COLUMNS = (
    Photo.id,
    Photo.content_hash,
    Photo.width,
    Photo.height,
    Photo.format,
    Photo.date_taken,
    Photo.date_precision,
    Photo.date_circa,
    Photo.date_source,
    Photo.year,
    Photo.digitised_at,
    Photo.make,
    Photo.model,
    Photo.latitude,
    Photo.longitude,
    Photo.orientation,
    Photo.caption,
    Photo.creator,
    Photo.copyright,
    Photo.place_id,
    Photo.programme_id,
    Photo.photographer_id,
    Photo.restriction,
    Photo.imported_at,
)


def photo_records(session: Session, ids: Sequence[int]) -> list[PhotoRecord]:
    """The display values of the photos ``ids``, in that order; ids no longer in the
    catalogue are left out. Four queries per chunk of ids, never one per photo."""
    paths = _place_paths(session)
    records: dict[int, PhotoRecord] = {}
    for chunk in _chunks(sorted(set(ids))):
        files = _file_paths(session, chunk)
        for row in session.execute(_record_query(chunk)):
            record = _record(row._mapping, files.get(row.id, ()), paths)
            records[record.id] = record
    return [records[i] for i in ids if i in records]


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _record_query(ids: Sequence[int]) -> Select[*tuple[Any, ...]]:
    return (
        select(
            *_RECORD_COLUMNS,
            Programme.name.label("programme"),
            Photographer.name.label("photographer"),
            Photographer.organisation.label("organisation"),
        )
        .outerjoin(Programme, Programme.id == Photo.programme_id)
        .outerjoin(Photographer, Photographer.id == Photo.photographer_id)
        .where(Photo.id.in_(ids))
    )


def _file_paths(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Each photo's file locations as absolute paths, in the order they were recorded."""
    query = (
        select(FileLocation.photo_id, LibraryRoot.path, FileLocation.relative_path)
        .join(LibraryRoot, LibraryRoot.id == FileLocation.root_id)
        .where(FileLocation.photo_id.in_(ids))
        .order_by(FileLocation.photo_id, FileLocation.id)
    )
    paths: dict[int, tuple[str, ...]] = {}
    for photo, root, relative in session.execute(query):
        paths[photo] = (*paths.get(photo, ()), str(Path(root) / relative))
    return paths


def _record(
    row: Any, files: tuple[str, ...], place_paths: dict[int, tuple[str, ...]]
) -> PhotoRecord:
    values = {c.key: row[c.key] for c in _RECORD_COLUMNS}
    place_path = place_paths.get(row["place_id"], ()) if row["place_id"] is not None else ()
    photographer = row["photographer"]
    credit = credit_line(photographer, row["organisation"]) if photographer is not None else ""
    return PhotoRecord(
        **values,
        paths=files,
        place=place_path[-1] if place_path else None,
        place_path=place_path,
        programme=row["programme"],
        photographer=photographer or None,
        credit_line=credit or row["creator"] or None,
    )
