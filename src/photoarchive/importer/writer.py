"""The one writer of an import run: turns read files into catalogue rows in short transactions."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import PurePosixPath

from sqlalchemy import delete, exc, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.models import (
    FileLocation,
    ImportErrorRecord,
    ImportRun,
    Photo,
    Thumbnail,
)
from photoarchive.catalogue.places import name_lookup
from photoarchive.catalogue.search import search_text
from photoarchive.catalogue.vocabulary import ensure_photographer, parse_credit
from photoarchive.importer.errors import ImportFailure
from photoarchive.importer.examine import examine
from photoarchive.importer.identify import display_path, read_original
from photoarchive.importer.infer import match_place
from photoarchive.importer.rows import ReadFile, fill_photo, inference_path, storable
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
                staged: list[_Staged] = []
                new_photos: dict[str, Photo] = {}  # by content hash: this batch's new rows
                for item in batch:
                    failure = (
                        item
                        if isinstance(item, FailedFile)
                        else self._stage_file(session, item, new_photos, staged)
                    )
                    if failure is not None:
                        self._write_failure(session, failure)
                self._write_staged(session, staged)
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
                path=storable(item.path),
                reason=storable(item.reason),
                at=datetime.now(),
            )
        )
        if item.unsupported:
            self.counts.unsupported += 1
        else:
            self.counts.failed += 1

    def _stage_file(
        self,
        session: Session,
        item: ReadFile,
        new_photos: dict[str, Photo],
        staged: list[_Staged],
    ) -> FailedFile | None:
        """Add a read file's photo (when new) and location to the session, not yet flushed."""
        key = (item.root_id, str(item.found.relative_path))
        known = self.locations.get(key)
        content_hash = item.identified.content_hash
        photo: Photo | int | None = new_photos.get(content_hash)
        if photo is None:
            photo = self.photo_by_hash.get(content_hash)
        thumbnail, relinked = None, False
        if photo is None:
            try:
                photo, thumbnail = self._stage_photo(session, item, known)
            except ImportFailure as failure:
                return FailedFile(display_path(item.found.path), str(failure))
            new_photos[content_hash] = photo
            self.counts.imported += 1
        elif known is not None and known.photo_id == photo:
            self.counts.unchanged += 1  # touched, same content
        else:
            relinked = True
            self.counts.duplicates += 1
        location = self._stage_location(session, item, known, photo)
        staged.append(_Staged(key, photo, location, thumbnail, relinked))
        return None

    def _stage_photo(
        self, session: Session, item: ReadFile, known: KnownLocation | None
    ) -> tuple[Photo, Thumbnail | None]:
        """The file's photo row, and its thumbnail when the row is new (added after the flush)."""
        # Known when the worker started, but its photo took an edited file's new content since.
        examined = item.identified.examined or examine(read_original(item.found.path))
        reused = self._reusable_photo(session, known)
        photo = reused or Photo(imported_at=datetime.now())
        fill_photo(photo, item, examined)
        photo.place_id = photo.place_id or match_place(inference_path(item), self._places)
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
        thumbnail = Thumbnail(
            width=examined.thumbnail.width,
            height=examined.thumbnail.height,
            data=examined.thumbnail.data,
        )
        if reused is None:
            return photo, thumbnail
        thumbnail.photo_id = reused.id
        session.merge(thumbnail)  # an edited original's photo: its thumbnail is replaced
        return photo, None

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

    def _stage_location(
        self, session: Session, item: ReadFile, known: KnownLocation | None, photo: Photo | int
    ) -> FileLocation:
        location = session.get(FileLocation, known.id) if known else None
        if location is None:
            location = FileLocation(
                root_id=item.root_id, relative_path=str(item.found.relative_path)
            )
            session.add(location)
        if isinstance(photo, int):
            location.photo_id = photo
        elif photo.id is not None:  # an edited original's photo row
            location.photo_id = photo.id
        else:
            location.photo = photo  # a new row: its id comes when the batch is flushed
        location.size, location.mtime_ns = item.found.size, item.found.mtime_ns
        return location

    def _write_staged(self, session: Session, staged: list[_Staged]) -> None:
        """Flush the batch's photos and locations, each kind in a few statements (not two
        flushes a file), then add the new photos' thumbnails, which need the photos' ids."""
        session.flush()
        for entry in staged:
            if entry.thumbnail is not None:
                entry.thumbnail.photo_id = entry.location.photo_id
                session.add(entry.thumbnail)
        session.flush()
        for entry in staged:
            photo_id = entry.location.photo_id
            if isinstance(entry.photo, Photo):
                self.photo_by_hash[entry.photo.content_hash] = photo_id
            if entry.relinked:
                self._relinked.add(photo_id)
            location = entry.location
            self.locations[entry.key] = KnownLocation(
                location.id, photo_id, location.size, location.mtime_ns
            )

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


@dataclass(slots=True)
class _Staged:
    """A read file's rows in the session, waiting for the batch's flush to give them ids."""

    key: LocationKey
    photo: Photo | int  # a photo row of this batch, or the id of one already written
    location: FileLocation
    thumbnail: Thumbnail | None  # a new photo row's thumbnail, added once the row has its id
    relinked: bool  # a duplicate: a new location of a photo already catalogued
