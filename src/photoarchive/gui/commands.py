"""Undoable edits of the catalogue: each tag change is one QUndoCommand on the window's stack."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from PySide6.QtGui import QUndoCommand
from sqlalchemy.exc import SQLAlchemyError

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.tagging import UNSET, Progress, TagChange, apply_tags, undo_tags
from photoarchive.errors import PhotoArchiveError
from photoarchive.gui.background import BackgroundJobs, Failed

log = logging.getLogger(__name__)

CAPTION_EDIT = 1  # the id() of caption-only changes, which merge with the one before
BACKGROUND_FROM = 2_000  # photos: more than this are saved off the GUI thread (~0.3 s here)

ChangedCallback = Callable[[list[int]], None]


class SaveCancelled(PhotoArchiveError):
    """The user stopped a change before it was saved: its transaction wrote nothing."""


def failure_text(error: Exception) -> str:
    """What the user is told when a change was not saved."""
    if isinstance(error, SaveCancelled):
        return str(error)
    return f"Could not save the change: {error.__class__.__name__}"


@dataclass(frozen=True, slots=True)
class TagBackground:
    """Where a large change is saved, and whom to tell when it starts, how far it is and
    when it fails. ``saving`` gets the command when it can still be cancelled (a new change,
    not an undo or redo: cancelling drops it from the stack), else None."""

    jobs: BackgroundJobs
    saving: Callable[[list[int], TagCommand | None], None]
    failed: Failed
    progressed: Callable[[float], None]


class TagCommand(QUndoCommand):
    """Set fields on photos (redo) and put back what was there (undo), each in a transaction.

    A failed write (a locked or vanished catalogue) leaves the catalogue as it was: the
    command records ``error`` and makes itself obsolete, so the stack drops it.

    With ``background``, a change of more than BACKGROUND_FROM photos is saved on its
    thread, in order with the reads after it; undo and redo queue behind it there too.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        photo_ids: Sequence[int],
        change: TagChange,
        text: str,
        *,
        on_changed: ChangedCallback | None = None,
        background: TagBackground | None = None,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.catalogue = catalogue
        self.photo_ids = list(photo_ids)
        self.change = change
        self.error: str | None = None
        self._on_changed = on_changed
        self._background = background
        self._elsewhere = background is not None and len(self.photo_ids) > BACKGROUND_FROM
        self._undo: dict[int, TagChange] = {}
        self._applied = False
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop the first save of this change, if it is still running (from any thread)."""
        self._cancel.set()

    def redo(self) -> None:
        progress = self._progress(cancellable=not self._applied)

        def apply() -> None:
            with self.catalogue.transaction() as session:
                self._undo = apply_tags(session, self.photo_ids, self.change, progress)

        self._run(apply, cancellable=not self._applied)
        self._applied = True

    def undo(self) -> None:
        progress = self._progress(cancellable=False)

        def restore() -> None:
            with self.catalogue.transaction() as session:
                undo_tags(session, self._undo, progress)

        self._run(restore, cancellable=False)

    def _progress(self, *, cancellable: bool) -> Progress | None:
        """For a save off the GUI thread: report how far it is; stop it when cancelled."""
        background = self._background
        if background is None or not self._elsewhere:
            return None
        shown = -1.0

        def report(share: float) -> None:
            nonlocal shown
            if cancellable and self._cancel.is_set():
                raise SaveCancelled("The change was cancelled: nothing was saved.")
            if share - shown >= 0.01 or share >= 1.0:  # a hundred steps at most
                shown = share
                background.jobs.post(background.progressed, share)

        return report

    def _run(self, write: Callable[[], None], *, cancellable: bool) -> None:
        if self._background is not None and self._elsewhere:
            self._background.saving(list(self.photo_ids), self if cancellable else None)
            self._background.jobs.run(write, lambda _: self._done(), self._failed)
            return
        try:
            write()
        except SQLAlchemyError as error:
            # Qt calls redo/undo from C++, where an exception cannot reach the caller.
            self._failed(error)
            return
        self._done()

    def _done(self) -> None:
        if self._on_changed is not None:
            self._on_changed(list(self.photo_ids))

    def _failed(self, error: Exception) -> None:
        if isinstance(error, SaveCancelled):
            log.info("Cancelled the change %r before it was saved", self.text())
        else:
            log.error("Could not save the change %r: %s", self.text(), error)
        self.error = failure_text(error)
        self.setObsolete(True)  # the stack drops it at once, or at the next undo or redo
        if self._background is not None:
            self._background.failed(error)

    def id(self) -> int:
        return CAPTION_EDIT if _caption_only(self.change) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Fold a caption edit into the previous one on the same photos: one undo step."""
        if not isinstance(other, TagCommand) or other.photo_ids != self.photo_ids:
            return False
        if not (_caption_only(self.change) and _caption_only(other.change)):
            return False
        # The other command has been applied already; our undo dict still holds the
        # captions from before the first edit, which is what undo must restore.
        self.change = other.change
        self.setText(other.text())
        return True


def _caption_only(change: TagChange) -> bool:
    changed = [f.name for f in fields(change) if getattr(change, f.name) is not UNSET]
    return changed == ["caption"]
