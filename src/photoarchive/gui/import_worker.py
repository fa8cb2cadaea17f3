"""Long catalogue work from the window (an import, the demo build, a removal) on its own thread.

The task is the same plain function the command line calls, with a progress callback and a
cancel token; this wrapper turns its progress into Qt signals on the GUI thread (posted there
through a mailbox), about ten a second. The importer (with Pillow and exifread) is loaded when
the first task starts, not at launch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.removal import delete_photos
from photoarchive.errors import PhotoArchiveError
from photoarchive.gui.mailbox import Mailbox

if TYPE_CHECKING:
    from photoarchive.importer.pipeline import (
        CancelToken,
        ImportSummary,
        Progress,
        ProgressCallback,
        WorkerKind,
    )

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.1  # seconds between progress signals
Task = Callable[["ProgressCallback", "CancelToken"], object]


class BackgroundTask(QObject):
    """Runs ``task`` once on a thread of its own; ``done`` or ``failed`` ends it."""

    progressed = Signal(object)  # Progress
    done = Signal(object)  # what the task returned (an ImportSummary for an import)
    failed = Signal(str)  # a message for the user

    def __init__(self, task: Task, *, cancellable: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.cancellable = cancellable
        self._task = task
        self._cancel = _cancel_token()
        self._last_progress = 0.0
        self._thread = threading.Thread(target=self._run, name="catalogue-task")
        self._mailbox = Mailbox(self)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the task to stop between files; what it wrote so far stays."""
        self._cancel.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancel.cancelled

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self) -> None:
        if self._thread.ident is not None:
            self._thread.join()

    def _progress(self, progress: Progress) -> None:
        now = time.monotonic()
        if progress.phase != "finishing" and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._mailbox.post(self.progressed.emit, progress)

    def _run(self) -> None:
        try:
            result = self._task(self._progress, self._cancel)
        except PhotoArchiveError as error:
            self._mailbox.post(self.failed.emit, str(error))
        except Exception:  # a bug: keep the traceback in the log, tell the user briefly
            log.exception("A catalogue task failed")
            message = "The work stopped on an unexpected error; the log has the details."
            self._mailbox.post(self.failed.emit, message)
        else:
            self._mailbox.post(self.done.emit, result)


def _cancel_token() -> CancelToken:
    from photoarchive.importer.pipeline import CancelToken  # noqa: PLC0415 - see the docstring

    return CancelToken()


def import_task(
    catalogue: Catalogue,
    folders: Sequence[Path],
    *,
    workers: int | None = None,
    worker_kind: WorkerKind = "process",
) -> Task:
    def run(progress: ProgressCallback, cancel: CancelToken) -> ImportSummary:
        from photoarchive.importer.pipeline import import_folders  # noqa: PLC0415

        return import_folders(
            catalogue,
            folders,
            progress=progress,
            cancel=cancel,
            workers=workers,
            worker_kind=worker_kind,
        )

    return run


def demo_task(catalogue: Catalogue, pictures: Path) -> Task:
    def run(progress: ProgressCallback, _cancel: CancelToken) -> ImportSummary:
        from photoarchive.demo.build import build_demo  # noqa: PLC0415

        return build_demo(catalogue, pictures, progress).imported

    return run


def removal_task(catalogue: Catalogue, ids: Sequence[int]) -> Task:
    def run(_progress: ProgressCallback, _cancel: CancelToken) -> int:
        with catalogue.transaction() as session:
            return delete_photos(session, ids)

    return run


def summary_text(summary: ImportSummary) -> str:
    """One line for the status bar: what an import did."""
    counts = summary.counts
    state = "Import cancelled" if summary.cancelled else "Import finished"
    parts = [f"{counts.imported:,} imported", f"{counts.unchanged:,} unchanged"]
    parts += [f"{n:,} {what}" for n, what in _extras(summary) if n]
    return f"{state} in {summary.seconds:.1f} s: " + ", ".join(parts) + "."


def _extras(summary: ImportSummary) -> list[tuple[int, str]]:
    counts = summary.counts
    return [
        (counts.duplicates, "duplicates"),
        (counts.moved, "moved"),
        (counts.removed, "removed"),
        (counts.unsupported, "unsupported"),
        (counts.failed, "failed"),
    ]
