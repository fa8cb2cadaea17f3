"""The catalogue's tables as SQLAlchemy 2 typed ORM classes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from photoarchive.catalogue.values import DatePrecision, DateSource, Restriction

# Stable constraint names so that Alembic migrations (and SQLite batch mode) can refer to them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(kind: type[DatePrecision | DateSource | Restriction], name: str) -> Enum:
    # Store the readable value ("year", "file name"), not the Python member name.
    return Enum(
        kind,
        name=name,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        validate_strings=True,
        length=16,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class LibraryRoot(Base):
    """A named folder (a drive, a share) under which originals live."""

    __tablename__ = "library_root"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    path: Mapped[str] = mapped_column(Text)


class Place(Base):
    """A node of the place tree: country > region/district > town/village."""

    __tablename__ = "place"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_place_parent_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("place.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(40))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Materialised path of ids ("/1/5/9/"): all descendants of a place are one LIKE prefix.
    lineage: Mapped[str] = mapped_column(String(400), index=True, default="")

    parent: Mapped[Place | None] = relationship(remote_side=[id])
    aliases: Mapped[list[PlaceAlias]] = relationship(
        back_populates="place", cascade="all, delete-orphan"
    )


class PlaceAlias(Base):
    """An alternate spelling of a place (Bakı for Baku)."""

    __tablename__ = "place_alias"
    __table_args__ = (UniqueConstraint("place_id", "name", name="uq_place_alias_place_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))

    place: Mapped[Place] = relationship(back_populates="aliases")


class Programme(Base):
    """A term of the controlled programme vocabulary."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class Photographer(Base):
    """A person and organisation; the credit line is derived from both."""

    __tablename__ = "photographer"
    __table_args__ = (
        UniqueConstraint("name", "organisation", name="uq_photographer_name_organisation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")

    @property
    def credit_line(self) -> str:
        return credit_line(self.name, self.organisation)


def credit_line(name: str, organisation: str) -> str:
    """The house credit form: "Ingy Sedky/ICRC", or whichever part is known."""
    return "/".join(part for part in (name.strip(), organisation.strip()) if part)


_FILTERED = ("place_id", "programme_id", "photographer_id", "restriction", "year")
_COVERING_YEAR = ("year", "programme_id", "restriction", "place_id", "photographer_id")
_COVERING_PLACE = ("place_id", "programme_id", "photographer_id", "restriction", "year")
_COVERING_PROGRAMME = ("programme_id", "place_id", "photographer_id", "restriction", "year")
_COVERING_PHOTOGRAPHER = ("photographer_id", "programme_id", "restriction", "place_id", "year")
_COVERING_RESTRICTION = ("restriction", "date_taken", *_FILTERED[:3], "year")
_COVERING_DATE = ("date_taken", "id", *_FILTERED)
_COVERING_ID = ("id", *_FILTERED, "date_precision", "date_taken")
_COVERING_YEARLESS = ("year", "date_precision", "date_taken", *_FILTERED[:4])
_NO_YEAR, _A_YEAR = text("year IS NULL"), text("year IS NOT NULL")


class Photo(Base):
    """One image, identified by its content hash; it may have several file locations."""

    __tablename__ = "photo"
    __table_args__ = (
        # Each index leads with the column it is named for and carries the other filter
        # columns, so counts per facet and the timeline read the index, not the photo rows.
        # The timeline's photos: those with a year, and apart, decade-only and undated ones.
        Index("ix_photo_year", *_COVERING_YEAR, sqlite_where=_A_YEAR, postgresql_where=_A_YEAR),
        Index(
            "ix_photo_yearless",
            *_COVERING_YEARLESS,
            sqlite_where=_NO_YEAR,
            postgresql_where=_NO_YEAR,
        ),
        Index("ix_photo_place_id", *_COVERING_PLACE),
        Index("ix_photo_programme_id", *_COVERING_PROGRAMME),
        Index("ix_photo_photographer_id", *_COVERING_PHOTOGRAPHER),
        Index("ix_photo_restriction", *_COVERING_RESTRICTION),
        Index("ix_photo_date_taken", *_COVERING_DATE),
        # The photos a word search finds, looked up by id without reading their rows.
        Index("ix_photo_words", *_COVERING_ID),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    byte_size: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(16))

    date_taken: Mapped[datetime | None] = mapped_column(DateTime)
    date_precision: Mapped[DatePrecision] = mapped_column(
        _enum(DatePrecision, "date_precision"), default=DatePrecision.UNKNOWN
    )
    date_circa: Mapped[bool] = mapped_column(Boolean, default=False)
    date_source: Mapped[DateSource | None] = mapped_column(_enum(DateSource, "date_source"))
    # The year on the timeline; null for decade-only and undated photos, which stand apart.
    year: Mapped[int | None] = mapped_column(Integer)
    digitised_at: Mapped[datetime | None] = mapped_column(DateTime)

    make: Mapped[str | None] = mapped_column(String(200))
    model: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    orientation: Mapped[int | None] = mapped_column(Integer)

    caption: Mapped[str | None] = mapped_column(Text)
    creator: Mapped[str | None] = mapped_column(Text)
    copyright: Mapped[str | None] = mapped_column(Text)
    restriction: Mapped[Restriction] = mapped_column(
        _enum(Restriction, "restriction"), default=Restriction.OPEN
    )

    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id", ondelete="SET NULL"))
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme.id", ondelete="SET NULL")
    )
    photographer_id: Mapped[int | None] = mapped_column(
        ForeignKey("photographer.id", ondelete="SET NULL")
    )
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    # Caption, creator, credit line and copyright in one column: what the word search reads.
    search_text: Mapped[str] = mapped_column(Text, default="")

    place: Mapped[Place | None] = relationship()
    programme: Mapped[Programme | None] = relationship()
    photographer: Mapped[Photographer | None] = relationship()
    locations: Mapped[list[FileLocation]] = relationship(
        back_populates="photo", cascade="all, delete-orphan", passive_deletes=True
    )


class FileLocation(Base):
    """Where a photo's file is: a library root and a path relative to it."""

    __tablename__ = "file_location"
    __table_args__ = (
        UniqueConstraint("root_id", "relative_path", name="uq_file_location_root_path"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    photo_id: Mapped[int] = mapped_column(ForeignKey("photo.id", ondelete="CASCADE"), index=True)
    root_id: Mapped[int] = mapped_column(ForeignKey("library_root.id", ondelete="CASCADE"))
    relative_path: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)

    photo: Mapped[Photo] = relationship(back_populates="locations")
    root: Mapped[LibraryRoot] = relationship()


class Thumbnail(Base):
    """A photo's thumbnail (JPEG, longest side 320 px), kept out of the photo rows."""

    __tablename__ = "thumbnail"

    photo_id: Mapped[int] = mapped_column(
        ForeignKey("photo.id", ondelete="CASCADE"), primary_key=True
    )
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ImportRun(Base):
    """One run of the importer over one or more folders, with its counts."""

    __tablename__ = "import_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    folders: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="running")
    imported: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    moved: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    unsupported: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)

    errors: Mapped[list[ImportErrorRecord]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )


class ImportErrorRecord(Base):
    """A file that one import run could not import, and why."""

    __tablename__ = "import_error"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("import_run.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)

    run: Mapped[ImportRun] = relationship(back_populates="errors")


class RootLocation(Base):
    """Where a library root is mounted on one machine: a shared catalogue serves archivists
    whose drives sit at different paths."""

    __tablename__ = "root_location"
    __table_args__ = (UniqueConstraint("root_id", "host", name="uq_root_location_root_host"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    root_id: Mapped[int] = mapped_column(
        ForeignKey("library_root.id", ondelete="CASCADE"), index=True
    )
    host: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)


# Every table must be on Base.metadata whichever catalogue module a caller imports first: the
# gallery tables live in their own module, which needs Base from this one.
from photoarchive.catalogue import gallery_models  # noqa: E402, F401
