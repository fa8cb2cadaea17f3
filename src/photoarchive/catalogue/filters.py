"""The photo filter: a plain value of what the user narrowed the catalogue to, compiled to SQL."""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
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

# The FTS5 index of migration 0002, which exists in SQLite catalogues only.
FTS = table("photo_fts", column("rowid", Integer), column("photo_fts", String))


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


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 query requiring every word as a token prefix: ``"mine"* "tartar"*``.

    Each word is a quoted string, with quotes doubled, so it is only ever a string to FTS5.
    """
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)
