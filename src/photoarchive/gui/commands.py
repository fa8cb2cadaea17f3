"""Undoable edits of the catalogue: each tag change is one QUndoCommand on the window's stack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

from PySide6.QtGui import QUndoCommand
from sqlalchemy.exc import SQLAlchemyError

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.tagging import UNSET, TagChange, apply_tags, undo_tags
from photoarchive.gui.background import BackgroundJobs, Failed

log = logging.getLogger(__name__)

CAPTION_EDIT = 1  # the id() of caption-only changes, which merge with the one before
BACKGROUND_FROM = 2_000  # photos: more than this are saved off the GUI thread (~0.3 s here)

ChangedCallback = Callable[[list[int]], None]


@dataclass(frozen=True, slots=True)
class TagBackground:
    """Where a large change is saved, and whom to tell when it starts and when it fails."""

    jobs: BackgroundJobs
    saving: ChangedCallback
    failed: Failed


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

    def redo(self) -> None:
        def apply() -> None:
            with self.catalogue.transaction() as session:
                self._undo = apply_tags(session, self.photo_ids, self.change)

        self._run(apply)

    def undo(self) -> None:
        def restore() -> None:
            with self.catalogue.transaction() as session:
                undo_tags(session, self._undo)

        self._run(restore)

    def _run(self, write: Callable[[], None]) -> None:
        if self._background is not None and self._elsewhere:
            self._background.saving(list(self.photo_ids))
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
        log.error("Could not save the change %r: %s", self.text(), error)
        self.error = f"Could not save the change: {error.__class__.__name__}"
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
