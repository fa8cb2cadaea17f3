"""Undoable gallery edits: each one a QUndoCommand on the window's stack.

The first redo runs the catalogue edit, which returns a :class:`GalleryChange` (the gallery
as it was) and reads the gallery as it became; undo restores the one, a later redo the other,
so ids stay the same and the commands after it on the stack still find their items.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.galleries import GalleryChange, GalleryState, load_gallery, restore
from photoarchive.catalogue.galleries import undo as undo_change
from photoarchive.errors import PhotoArchiveError

log = logging.getLogger(__name__)

Edit = Callable[[Session], GalleryChange]
# Told after every write: the gallery, and the items the edit made or changed (to select).
ChangedCallback = Callable[[int, tuple[int, ...]], None]
FailedCallback = Callable[[str], None]


class GalleryCommand(QUndoCommand):
    """One gallery edit. A failed write leaves the catalogue as it was: the command records
    ``error``, tells ``on_failed`` and makes itself obsolete, so the stack drops it."""

    def __init__(
        self,
        catalogue: Catalogue,
        edit: Edit,
        text: str,
        *,
        on_changed: ChangedCallback | None = None,
        on_failed: FailedCallback | None = None,
    ) -> None:
        super().__init__(text)
        self.catalogue = catalogue
        self.error: str | None = None
        self.change: GalleryChange | None = None
        self._edit = edit
        self._after: GalleryState | None = None
        self._on_changed, self._on_failed = on_changed, on_failed

    @property
    def gallery_id(self) -> int | None:
        return self.change.gallery_id if self.change is not None else None

    def redo(self) -> None:
        self._run(self._first if self.change is None else self._again)

    def undo(self) -> None:
        change = self.change
        if change is not None:
            self._run(lambda session: undo_change(session, change))

    def _first(self, session: Session) -> None:
        self.change = self._edit(session)
        self._after = _state(session, self.change.gallery_id)

    def _again(self, session: Session) -> None:
        assert self.change is not None
        restore(session, self.change.gallery_id, self._after)

    def _run(self, write: Callable[[Session], None]) -> None:
        try:
            with self.catalogue.transaction() as session:
                write(session)
        except PhotoArchiveError as error:  # a title taken, an item gone: the user's to fix
            self._fail(str(error))
            return
        except SQLAlchemyError as error:
            # Qt calls redo/undo from C++, where an exception cannot reach the caller.
            log.exception("Could not save the gallery change %r", self.text())
            self._fail(f"Could not save the change: {error.__class__.__name__}")
            return
        if self._on_changed is not None and self.change is not None:
            self._on_changed(self.change.gallery_id, self.change.items)

    def _fail(self, message: str) -> None:
        self.error = message
        self.setObsolete(True)
        if self._on_failed is not None:
            self._on_failed(message)


def _state(session: Session, gallery_id: int) -> GalleryState | None:
    """The gallery as the edit left it; None when the edit deleted it."""
    try:
        return load_gallery(session, gallery_id)
    except PhotoArchiveError:
        return None
