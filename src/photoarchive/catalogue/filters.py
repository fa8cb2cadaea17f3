"""The photo filter: a plain value of what the user narrowed the catalogue to, compiled to SQL."""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    String,
    and_,
    bindparam,
    column,
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
from photoarchive.catalogue.search import words_of
from photoarchive.catalogue.values import Restriction

# The FTS5 indexes of migrations 0002 and 0007, which exist in SQLite catalogues only.
FTS = table("photo_fts", column("rowid", Integer), column("photo_fts", String))
FTS_BY_DATE = table(
    "photo_fts_by_date", column("rowid", Integer), column("photo_fts_by_date", String)
)
# photo_fts_by_date's row ids are date keys with the photo's id in their low 28 bits.
DATE_KEY_ID_BITS = 28


class Facet(enum.Enum):
    """A dimension of the filter that the browser shows with counts."""

    PLACE = "place"
    YEAR = "year"
    PROGRAMME = "programme"
    PHOTOGRAPHER = "photographer"
    RESTRICTION = "restriction"


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


@dataclass(frozen=True, slots=True)
class Conditions:
    """A filter compiled to SQL, one condition per dimension (``None``: no constraint).

    The query layer combines them as it needs: all of them for the matching photos, all but
    one dimension's for that dimension's facet counts.
    """

    places: ColumnElement[bool] | None = None
    years: ColumnElement[bool] | None = None
    programmes: ColumnElement[bool] | None = None
    photographers: ColumnElement[bool] | None = None
    restrictions: ColumnElement[bool] | None = None
    words: ColumnElement[bool] | None = None
    # SQLite only: the words as an FTS5 MATCH, for joining the matches from the word index.
    fts_match: ColumnElement[bool] | None = None

    def select(self, *columns: Any, but: Collection[str] = ()) -> Select[Any]:
        """SELECT ``columns`` of the photos matching every condition but ``but``'s.

        On SQLite the photos a word matches are joined from the FTS5 index, which costs a
        third less than testing each against the list of matches that ``words`` makes.
        """
        query = select(*columns)
        if self.fts_match is None or "words" in but:
            return query.select_from(Photo).where(self.all_but(*but))
        joined = query.select_from(FTS.join(Photo, Photo.id == FTS.c.rowid))
        return joined.where(self.fts_match, self.all_but(*but, "words"))

    def present(self, *dimensions: str) -> list[ColumnElement[bool]]:
        """The conditions of the named dimensions that constrain something."""
        return [c for name in dimensions if (c := getattr(self, name)) is not None]

    def all_of(self, *dimensions: str) -> ColumnElement[bool]:
        """The conjunction of the named dimensions' conditions (true when none constrains)."""
        return and_(true(), *self.present(*dimensions))

    def all_but(self, *dimensions: str) -> ColumnElement[bool]:
        """The conjunction of every condition except the named dimensions'."""
        return self.all_of(*(name for name in DIMENSIONS if name not in dimensions))


DIMENSIONS = ("places", "years", "programmes", "photographers", "restrictions", "words")


def conditions(
    session: Session, photo_filter: PhotoFilter, *, dialect: str | None = None
) -> Conditions:
    """``photo_filter`` compiled to one condition per dimension; see :func:`where_clause`."""
    dialect = dialect or session.get_bind().dialect.name
    words = photo_filter.words
    return Conditions(
        places=_place_condition(session, photo_filter.places),
        years=_year_condition(photo_filter.years),
        programmes=_in(Photo.programme_id, photo_filter.programmes),
        photographers=_in(Photo.photographer_id, photo_filter.photographers),
        restrictions=_in(Photo.restriction, photo_filter.restrictions),
        words=_text_condition(words, dialect),
        fts_match=FTS.c.photo_fts.match(fts_query(words))
        if words and dialect == "sqlite"
        else None,
    )


def where_clause(
    session: Session, photo_filter: PhotoFilter, *, dialect: str | None = None
) -> ColumnElement[bool]:
    """The WHERE clause selecting ``photo`` rows that match ``photo_filter``.

    Words use the FTS5 index on SQLite and the text-search (GIN) index on PostgreSQL; on any
    other ``dialect`` (the session's by default) each word is a LIKE on the folded search
    text, which finds the same photos without an index.
    """
    return conditions(session, photo_filter, dialect=dialect).all_of(*DIMENSIONS)


def _in(column_: SQLColumnExpression[Any], values: Collection[Any]) -> ColumnElement[bool] | None:
    return column_.in_(sorted(values)) if values else None


def _place_condition(session: Session, places: frozenset[int]) -> ColumnElement[bool] | None:
    if not places:
        return None
    # The places themselves, not a subquery: SQLite plans far better for a list of ids
    # (with statistics it would scan every photo to test a subquery per row).
    ids = subtree_ids(session, places)
    if len(ids) == session.execute(select(func.count()).select_from(Place)).scalar_one():
        # The whole tree, as for the archive's one country: a list of every place would
        # send SQLite through each place's photos in turn, then sort them.
        return Photo.place_id.is_not(None)
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
        matches = select(FTS.c.rowid).where(FTS.c.photo_fts.match(fts_query(words)))
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


def words_by_date(words: Sequence[str]) -> Select[Any]:
    """The ids of the photos holding every word, in date order, from ``photo_fts_by_date``
    (SQLite only; the catalogue's largest id must fit :data:`DATE_KEY_ID_BITS`)."""
    match = FTS_BY_DATE.c.photo_fts_by_date.match(fts_query(words))
    photo_id = FTS_BY_DATE.c.rowid.op("&")((1 << DATE_KEY_ID_BITS) - 1)
    return select(photo_id).where(match).order_by(FTS_BY_DATE.c.rowid)


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query requiring every word as a token prefix: ``"mine"* "tartar"*``.

    Each word is a quoted string, with quotes doubled, so it is only ever a string to FTS5.
    """
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)
