"""The one writer of an import run: turns read files into catalogue rows in short transactions."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import PurePosixPath

from sqlalchemy import String, delete, exc, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.dates import PartialDate, year_of
from photoarchive.catalogue.models import (
    FileLocation,
    ImportErrorRecord,
    ImportRun,
    Photo,
    Thumbnail,
)
from photoarchive.catalogue.places import name_lookup
from photoarchive.catalogue.search import search_text
from photoarchive.catalogue.values import DatePrecision
from photoarchive.catalogue.vocabulary import ensure_photographer, parse_credit
from photoarchive.importer.errors import ImportFailure
from photoarchive.importer.examine import Examined, examine
from photoarchive.importer.identify import Identified, display_path, read_original
from photoarchive.importer.infer import infer_date, match_place
from photoarchive.importer.scan import FoundFile

LocationKey = tuple[int, str]  # (library root id, relative path)
log = logging.getLogger(__name__)


@dataclass(slots=True)
class KnownLocation:
    id: int
    photo_id: int
    size: int
    mtime_ns: int


@dataclass(slots=True)
class Counts:
    """What an import run did, file by file."""

    imported: int = 0
    unchanged: int = 0
    duplicates: int = 0
    moved: int = 0
    removed: int = 0
    unsupported: int = 0
    failed: int = 0


@dataclass(slots=True)
class ReadFile:
    """A file read by a worker, waiting to be written."""

    found: FoundFile
    root_id: int
    root_name: str
    identified: Identified


@dataclass(slots=True)
class FailedFile:
    path: str
    reason: str
    unsupported: bool = False


@dataclass
class CatalogueWriter:
    """Writes one import run's results; it alone touches the catalogue during the run."""

    catalogue: Catalogue
    run_id: int
    counts: Counts = field(default_factory=Counts)
    photo_by_hash: dict[str, int] = field(default_factory=dict)
    locations: dict[LocationKey, KnownLocation] = field(default_factory=dict)
    seen: set[LocationKey] = field(default_factory=set)
    _pending: list[ReadFile | FailedFile] = field(default_factory=list)
    _relinked: set[int] = field(default_factory=set)
    _places: dict[str, int] = field(default_factory=dict)

    @classmethod
    def start(cls, catalogue: Catalogue, folders: list[str]) -> CatalogueWriter:
        with catalogue.transaction() as session:
            run = ImportRun(started_at=datetime.now(), folders="\n".join(folders))
            session.add(run)
            session.flush()
            writer = cls(catalogue, run.id)
            writer.photo_by_hash = dict(session.execute(select(Photo.content_hash, Photo.id)).all())
            writer._places = name_lookup(session)
        return writer

    def load_locations(self, root_id: int) -> None:
        """Remember what the catalogue knows of a root's files, to skip unchanged ones."""
        with self.catalogue.session() as session:
            rows = session.execute(
                select(
                    FileLocation.relative_path,
                    FileLocation.id,
                    FileLocation.photo_id,
                    FileLocation.size,
                    FileLocation.mtime_ns,
                ).where(FileLocation.root_id == root_id)
            )
            for path, *known in rows:
                self.locations[(root_id, path)] = KnownLocation(*known)

    def is_unchanged(self, root_id: int, found: FoundFile) -> bool:
        key = (root_id, str(found.relative_path))
        self.seen.add(key)
        known = self.locations.get(key)
        return known is not None and (known.size, known.mtime_ns) == (found.size, found.mtime_ns)

    def add(self, item: ReadFile | FailedFile) -> None:
        self._pending.append(item)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> None:
        """Write everything pending in one transaction: a photo is written whole or not at all.

        If the database refuses one file's rows, the batch is written again file by file, so
        that the good files land and the bad one is recorded as an import error.
        """
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            self._write_batch(batch)
        except exc.OperationalError:
            raise  # the catalogue itself cannot be written (locked, disk full): stop the run
        except Exception:  # noqa: BLE001 - one file's rows, most likely: each is logged below
            for item in batch:
                self._write_alone(item)

    def _write_batch(self, batch: list[ReadFile | FailedFile]) -> None:
        saved = self._saved_state()
        try:
            with self.catalogue.transaction() as session:
                for item in batch:
                    failure = (
                        item if isinstance(item, FailedFile) else self._write_file(session, item)
                    )
                    if failure is not None:
                        self._write_failure(session, failure)
        except BaseException:
            self._restore_state(saved)  # the rolled-back rows must not linger in the caches
            raise

    def _write_alone(self, item: ReadFile | FailedFile) -> None:
        try:
            self._write_batch([item])
        except exc.OperationalError:
            raise
        except Exception as error:
            path = item.path if isinstance(item, FailedFile) else display_path(item.found.path)
            log.exception("The catalogue refused the rows of %s", path)
            reason = f"could not be written to the catalogue ({type(error).__name__}); see the log"
            self._write_batch([FailedFile(path, reason)])

    def _saved_state(self) -> _WriterState:
        return (
            replace(self.counts),
            dict(self.photo_by_hash),
            dict(self.locations),
            set(self._relinked),
        )

    def _restore_state(self, saved: _WriterState) -> None:
        self.counts, self.photo_by_hash, self.locations, self._relinked = saved

    def _write_failure(self, session: Session, item: FailedFile) -> None:
        session.add(
            ImportErrorRecord(
                run_id=self.run_id,
                path=_storable(item.path),
                reason=_storable(item.reason),
                at=datetime.now(),
            )
        )
        if item.unsupported:
            self.counts.unsupported += 1
        else:
            self.counts.failed += 1

    def _write_file(self, session: Session, item: ReadFile) -> FailedFile | None:
        key = (item.root_id, str(item.found.relative_path))
        known = self.locations.get(key)
        photo_id = self.photo_by_hash.get(item.identified.content_hash)
        if photo_id is None:
            try:
                photo_id = self._write_photo(session, item, known)
            except ImportFailure as failure:
                return FailedFile(display_path(item.found.path), str(failure))
            self.counts.imported += 1
        elif known is not None and known.photo_id == photo_id:
            self.counts.unchanged += 1  # touched, same content
        else:
            self._relinked.add(photo_id)
            self.counts.duplicates += 1
        self._write_location(session, item, key, photo_id)
        return None

    def _write_photo(self, session: Session, item: ReadFile, known: KnownLocation | None) -> int:
        # Known when the worker started, but its photo took an edited file's new content since.
        examined = item.identified.examined or examine(read_original(item.found.path))
        photo = self._reusable_photo(session, known) or Photo(imported_at=datetime.now())
        _fill_photo(photo, item, examined)
        photo.place_id = photo.place_id or match_place(self._inference_path(item), self._places)
        if (
            photo.photographer_id is None
            and examined.metadata.creator
            and ("/" in examined.metadata.creator)
        ):
            photo.photographer = ensure_photographer(
                session, *parse_credit(examined.metadata.creator)
            )
        photo.search_text = search_text(photo)
        session.add(photo)
        session.flush()
        session.merge(
            Thumbnail(
                photo_id=photo.id,
                width=examined.thumbnail.width,
                height=examined.thumbnail.height,
                data=examined.thumbnail.data,
            )
        )
        self.photo_by_hash[photo.content_hash] = photo.id
        return photo.id

    def _reusable_photo(self, session: Session, known: KnownLocation | None) -> Photo | None:
        """An edited original keeps its captions and tags: its photo row takes the new content,
        unless the old content still lives at another location."""
        if known is None:
            return None
        others = session.scalar(
            select(FileLocation.id)
            .where(FileLocation.photo_id == known.photo_id, FileLocation.id != known.id)
            .limit(1)
        )
        if others is not None:
            return None
        photo = session.get(Photo, known.photo_id)
        if photo is not None:
            self.photo_by_hash.pop(photo.content_hash, None)
        return photo

    @staticmethod
    def _inference_path(item: ReadFile) -> PurePosixPath:
        # The root's own folder name ("Barda 1997") carries a date and a place too.
        return PurePosixPath(item.root_name) / item.found.relative_path

    def _write_location(
        self, session: Session, item: ReadFile, key: LocationKey, photo_id: int
    ) -> None:
        known = self.locations.get(key)
        location = session.get(FileLocation, known.id) if known else None
        if location is None:
            location = FileLocation(root_id=item.root_id, relative_path=key[1])
            session.add(location)
        location.photo_id = photo_id
        location.size, location.mtime_ns = item.found.size, item.found.mtime_ns
        session.flush()
        self.locations[key] = KnownLocation(location.id, photo_id, location.size, location.mtime_ns)

    def remove_missing(self, root_id: int, prefix: PurePosixPath, keep: list[str]) -> None:
        """Forget locations under ``prefix`` whose files are gone; their photos stay, offline.

        Locations under a folder that could not be read (``keep``) are kept.
        """
        start = "" if str(prefix) == "." else f"{prefix}/"
        gone = [
            (key, known)
            for key, known in self.locations.items()
            if key[0] == root_id
            and key[1].startswith(start)
            and key not in self.seen
            and not any(key[1].startswith(f"{k}/") for k in keep)
        ]
        if not gone:
            return
        with self.catalogue.transaction() as session:
            ids = [known.id for _, known in gone]
            for chunk in range(0, len(ids), 500):
                session.execute(
                    delete(FileLocation).where(FileLocation.id.in_(ids[chunk : chunk + 500]))
                )
        for key, known in gone:
            del self.locations[key]
            if known.photo_id in self._relinked:
                self.counts.moved += 1
                self.counts.duplicates -= 1
            else:
                self.counts.removed += 1

    def finish(self, status: str) -> None:
        self.flush()
        with self.catalogue.transaction() as session:
            run = session.get(ImportRun, self.run_id)
            assert run is not None
            run.status, run.finished_at = status, datetime.now()
            for name in Counts.__slots__:
                setattr(run, name, getattr(self.counts, name))


_WriterState = tuple[Counts, dict[str, int], dict[LocationKey, KnownLocation], set[int]]


def _storable(text: str) -> str:
    """Text every catalogue database accepts: no lone surrogates, no NUL (PostgreSQL)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def _fitted(text: str | None, column: str) -> str | None:
    """``text`` cut to the length of its column, which PostgreSQL enforces and SQLite does not."""
    kind = Photo.__table__.c[column].type
    if text is None or not isinstance(kind, String) or kind.length is None:
        return text
    return text[: kind.length]


def _fill_photo(photo: Photo, item: ReadFile, examined: Examined) -> None:
    meta = examined.metadata
    photo.content_hash = item.identified.content_hash
    photo.byte_size = item.identified.byte_size
    photo.width, photo.height = meta.width, meta.height
    photo.format = _fitted(meta.format, "format") or meta.format
    photo.make, photo.model = _fitted(meta.make, "make"), _fitted(meta.model, "model")
    photo.orientation = meta.orientation
    photo.latitude, photo.longitude = meta.latitude, meta.longitude
    photo.digitised_at = meta.digitised_at
    photo.caption = photo.caption or meta.caption
    photo.creator = photo.creator or meta.creator
    photo.copyright = photo.copyright or meta.copyright
    if photo.date_source is not None and photo.date_source.value == "manual":
        return  # an archivist's date outranks anything read from the file
    if meta.date_taken is not None:
        date = PartialDate(meta.date_taken, meta.date_precision or DatePrecision.EXACT)
        photo.date_source = meta.date_source
    else:
        inferred = infer_date(CatalogueWriter._inference_path(item))
        date = inferred.date if inferred else PartialDate(None, DatePrecision.UNKNOWN)
        photo.date_source = inferred.source if inferred else None
    photo.date_taken, photo.date_precision, photo.date_circa = (
        date.value,
        date.precision,
        date.circa,
    )
    photo.year = year_of(date)
