"""Catalogue reads and writes handed to a background thread, answered on the GUI thread.

The inspector uses it for large selections: reading what 100,000 photos share, or tagging
them, takes seconds, and the window must stay usable meanwhile. Jobs run one at a time in
the order given, so a read asked after a write sees what the write saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from sqlalchemy.exc import SQLAlchemyError

from photoarchive.errors import PhotoArchiveError
from photoarchive.gui.mailbox import Mailbox
from photoarchive.gui.workers import Worker

log = logging.getLogger(__name__)

Failed = Callable[[Exception], None]


class BackgroundJobs(QObject):
    """Runs jobs on one thread; ``then(result)`` or ``failed(error)`` runs on the GUI thread."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._worker: Worker | None = None  # its thread starts with the first job
        self._mailbox = Mailbox(self)

    def run(
        self, job: Callable[[], Any], then: Callable[[Any], None], failed: Failed | None = None
    ) -> None:
        """Run ``job`` after the jobs already given; hand its result to ``then``."""

        def work() -> None:
            try:
                result = job()
            except (SQLAlchemyError, PhotoArchiveError) as error:
                if isinstance(error, PhotoArchiveError):  # said plainly: no traceback needed
                    log.info("A background job stopped: %s", error)
                else:
                    log.exception("A background job failed")
                if failed is not None:
                    self._mailbox.post(failed, error)
                return
            self._mailbox.post(then, result)

        if self._worker is None:
            self._worker = Worker(self._name)
        self._worker.submit(work)

    def post(self, call: Callable[..., object], *args: Any) -> None:
        """From a job: have ``call(*args)`` made on the GUI thread (progress, say)."""
        self._mailbox.post(call, *args)

    def close(self) -> None:
        """Let the running job finish, drop the waiting ones and stop the thread."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
