"""An import run: scan folders, read files in parallel workers, write through one writer.

Progress and cancel go through a plain callback and a plain flag, so the command line, the
desktop window and the tests drive the same code.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from photoarchive.catalogue.database import Catalogue
from photoarchive.errors import PhotoArchiveError
from photoarchive.importer import identify as identify_module
from photoarchive.importer.errors import ImportFailure
from photoarchive.importer.identify import Identified, display_path
from photoarchive.importer.roots import MountedRoot, root_for
from photoarchive.importer.rows import ReadFile
from photoarchive.importer.scan import FoundFile, Unreadable, Unsupported, scan
from photoarchive.importer.writer import CatalogueWriter, Counts, FailedFile

log = logging.getLogger(__name__)

BATCH_SIZE = 64
BATCH_SECONDS = 1.0
PROGRESS_INTERVAL = 0.1  # about ten updates a second, whatever the file rate
# "thread": the faster (no start-up, no copying of results), and the command line's default;
# "process": a file that crashes a C decoder costs that file, not the run (the window's choice);
# "inline": everything on the calling thread, for tests.
WorkerKind = Literal["process", "thread", "inline"]
Phase = Literal["scanning", "importing", "finishing"]


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an import run stands; ``total`` is None while folders are still being scanned."""

    phase: Phase
    done: int
    total: int | None
    current: str
    rate: float  # photos per second


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import run did; ``cancelled`` runs keep everything written before the stop."""

    run_id: int
    counts: Counts
    cancelled: bool
    seconds: float


class CancelToken:
    """A flag the caller sets to stop an import between files."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(slots=True)
class _Job:
    found: FoundFile
    root_id: int
    root_name: str


ProgressCallback = Callable[[Progress], None]


def import_folders(
    catalogue: Catalogue,
    folders: Sequence[Path | str],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    worker_kind: WorkerKind = "thread",
) -> ImportSummary:
    """Import every photo under ``folders`` into ``catalogue``; originals are only read.

    A folder that does not exist is the user's error and stops the run before anything is
    written; a file that cannot be imported is recorded with its reason and the run goes on.
    ``workers`` files are read at once (2 by default) while this thread writes what they read.
    """
    paths = [_checked_folder(folder) for folder in folders]
    run = _Run(catalogue, paths, progress or (lambda _: None), cancel or CancelToken())
    return run.execute(workers or min(2, os.cpu_count() or 1), worker_kind)


def _checked_folder(folder: Path | str) -> Path:
    path = Path(folder).expanduser()
    if not path.exists():
        raise PhotoArchiveError(f"The folder {display_path(path)} does not exist.")
    if not path.is_dir():
        raise PhotoArchiveError(f"{display_path(path)} is not a folder.")
    resolved = path.resolve()
    if display_path(resolved) != str(resolved):  # its path could not be stored
        raise PhotoArchiveError(
            f"The folder {display_path(resolved)} has a name that is not valid UTF-8; rename it."
        )
    return resolved


class _Run:
    def __init__(
        self,
        catalogue: Catalogue,
        folders: list[Path],
        report: ProgressCallback,
        cancel: CancelToken,
    ) -> None:
        self.catalogue, self.folders, self.report, self.cancel = catalogue, folders, report, cancel
        self.writer = CatalogueWriter.start(catalogue, [display_path(f) for f in folders])
        self.started = time.monotonic()
        self.done = 0
        self.last_report = 0.0
        self.unreadable: dict[int, list[str]] = {}
        self.roots: dict[Path, MountedRoot] = {}

    def execute(self, workers: int, kind: WorkerKind) -> ImportSummary:
        try:
            jobs = list(self._jobs())
            if not self.cancel.cancelled:
                self._read_all(jobs, workers, kind)
            if not self.cancel.cancelled:
                self._remove_missing()
        except BaseException:
            self.writer.finish("failed")
            raise
        status = "cancelled" if self.cancel.cancelled else "completed"
        self._emit("finishing", len(jobs), "", force=True)
        self.writer.finish(status)
        counts = self.writer.counts
        if counts.imported or counts.removed:
            self.catalogue.refresh_statistics()
        return ImportSummary(
            self.writer.run_id,
            self.writer.counts,
            self.cancel.cancelled,
            time.monotonic() - self.started,
        )

    def _jobs(self) -> Iterator[_Job]:
        """Files that need reading; unchanged ones are counted here and never decoded."""
        for folder in self.folders:
            with self.catalogue.transaction() as session:
                root = self.roots[folder] = root_for(session, folder)
            root_id, root_name, root_path = root.id, root.name, root.path
            self.writer.load_locations(root_id)
            for item in scan(folder, root_path, lambda: self.cancel.cancelled):
                self._emit("scanning", None, display_path(item.path))
                if isinstance(item, FoundFile):
                    if self.writer.is_unchanged(root_id, item):
                        self.writer.counts.unchanged += 1
                    else:
                        yield _Job(item, root_id, root_name)
                else:
                    self._record_skipped(item, root_id, root_path)
            self.writer.flush()

    def _record_skipped(self, item: Unsupported | Unreadable, root_id: int, root: Path) -> None:
        if isinstance(item, Unreadable) and item.path.is_relative_to(root):
            self.unreadable.setdefault(root_id, []).append(item.path.relative_to(root).as_posix())
        self.writer.add(
            FailedFile(
                display_path(item.path), item.reason, unsupported=isinstance(item, Unsupported)
            )
        )

    def _read_all(self, jobs: list[_Job], workers: int, kind: WorkerKind) -> None:
        known = frozenset(self.writer.photo_by_hash)
        total = len(jobs)
        last_flush = time.monotonic()
        for job, outcome in _map(jobs, known, workers, kind, self.cancel):
            self.done += 1
            if isinstance(outcome, Identified):
                self.writer.add(ReadFile(job.found, job.root_id, job.root_name, outcome))
            else:
                self.writer.add(FailedFile(display_path(job.found.path), outcome))
            if self.writer.pending >= BATCH_SIZE or time.monotonic() - last_flush > BATCH_SECONDS:
                self.writer.flush()
                last_flush = time.monotonic()
            self._emit("importing", total, display_path(job.found.path))
        self.writer.flush()

    def _remove_missing(self) -> None:
        for folder, root in self.roots.items():
            skip = self.unreadable.get(root.id, [])
            self.writer.remove_missing(root.id, root.relative(folder), skip)

    def _emit(self, phase: Phase, total: int | None, current: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_report < PROGRESS_INTERVAL:
            return
        self.last_report = now
        rate = self.done / max(now - self.started, 1e-6)
        self.report(Progress(phase, self.done, total, current, rate))


def _identify(path: Path) -> Identified | str:
    """Worker entry point: the file's reading, or the reason it cannot be imported."""
    try:
        return identify_module.identify(path, _KNOWN_HASHES)
    except ImportFailure as failure:
        return str(failure)
    except Exception as error:  # a bug must cost one file, not a 10,000-file run
        log.exception("Unexpected error while reading %s", display_path(path))
        return f"unexpected error ({type(error).__name__}); see the log"


_KNOWN_HASHES: frozenset[str] = frozenset()


def _start_worker(known: frozenset[str]) -> None:
    """In each worker process: the known hashes, and a lower priority than the window's, so
    that decoding on every core never makes the window (or the writer) wait for a core."""
    _set_known_hashes(known)
    with contextlib.suppress(OSError):
        os.nice(10)


def _set_known_hashes(known: frozenset[str]) -> None:
    global _KNOWN_HASHES  # noqa: PLW0603 - one read-only set per worker process
    _KNOWN_HASHES = known


def _map(
    jobs: list[_Job], known: frozenset[str], workers: int, kind: WorkerKind, cancel: CancelToken
) -> Iterator[tuple[_Job, Identified | str]]:
    """Read ``jobs`` on ``workers`` workers, yielding results as they complete.

    Only a few files per worker are in flight, so a cancel takes effect within a file or two.
    """
    _set_known_hashes(known)
    if kind == "inline":
        for job in jobs:
            if cancel.cancelled:
                return
            yield job, _identify(job.found.path)
        return
    queue = iter(jobs)
    while True:
        crashed = yield from _pooled(queue, known, workers, kind, cancel)
        if not crashed:
            return
        # A worker process died (a decoder crash on a hostile file): the files it may have
        # been reading are read again one by one, each in its own process.
        for job in crashed:
            yield job, _isolated(job, known)


def _pooled(
    queue: Iterator[_Job],
    known: frozenset[str],
    workers: int,
    kind: WorkerKind,
    cancel: CancelToken,
) -> Generator[tuple[_Job, Identified | str], None, list[_Job]]:
    """Read jobs from ``queue`` on one pool; returns the jobs in flight if the pool broke."""
    with _executor(kind, workers, known) as executor:
        running: dict[Future[Identified | str], _Job] = {}
        while True:
            while len(running) < workers * 3 and not cancel.cancelled:
                waiting = next(queue, None)
                if waiting is None:
                    break
                running[executor.submit(_identify, waiting.found.path)] = waiting
            if not running:
                return []
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    return list(running.values())
                yield running.pop(future), outcome


def _isolated(job: _Job, known: frozenset[str]) -> Identified | str:
    with _executor("process", 1, known) as executor:
        try:
            return executor.submit(_identify, job.found.path).result()
        except BrokenProcessPool:
            log.error("Reading %s crashed a worker process", display_path(job.found.path))
            return "the image crashed the decoder (a corrupt or hostile file)"


def _executor(kind: WorkerKind, workers: int, known: frozenset[str]) -> Executor:
    if kind == "thread":
        # The codecs, hashing and file reads let go of the GIL: threads read on every core,
        # start at once and hand their results over without pickling.
        return ThreadPoolExecutor(workers, thread_name_prefix="import")
    # forkserver: safe beside the window's threads, unlike fork, and quicker than spawn;
    # the server imports the readers once, and each worker is forked from it ready to work.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["photoarchive.importer.identify"])
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(known,)
    )
