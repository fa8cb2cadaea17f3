"""The gallery view's item model: a gallery's photos and sections in order, texts in one language.

The model holds the :class:`GalleryState` read from the catalogue and never writes: an edit in
place, a drop or a move is told by a signal, the window turns it into an undoable command and
hands the model the gallery as it became. Photo records and thumbnails come from a
:class:`PhotoModel` over the gallery's photos, which reads them on its own thread.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView

from photoarchive.catalogue.credits import house_credit
from photoarchive.catalogue.galleries import GalleryItemState, GalleryState, ItemTexts
from photoarchive.catalogue.query import Sort
from photoarchive.gui.photo_drag import PHOTO_IDS, dropped_photo_ids
from photoarchive.gui.photo_model import PhotoModel, PhotoRole

Index = QModelIndex | QPersistentModelIndex
GALLERY_ITEMS = "application/x-photoarchive-gallery-items"
LANGUAGE_NAMES = {"en": "English", "az": "Azərbaycanca"}  # offered for every gallery


class ItemRole(enum.IntEnum):
    ITEM_ID = Qt.ItemDataRole.UserRole.value + 20
    PHOTO_ID = Qt.ItemDataRole.UserRole.value + 21  # None for a section
    CAPTION = Qt.ItemDataRole.UserRole.value + 22  # Shown | None: a photo's caption
    CREDIT = Qt.ItemDataRole.UserRole.value + 23  # "Baku, 2022. Ingy Sedky/ICRC"
    HEADING = Qt.ItemDataRole.UserRole.value + 24  # Shown | None
    BODY = Qt.ItemDataRole.UserRole.value + 25  # Shown | None
    THUMBNAIL = Qt.ItemDataRole.UserRole.value + 26  # QImage, None until read
    TEXTS = Qt.ItemDataRole.UserRole.value + 27  # ItemTexts written in the chosen language


@dataclass(frozen=True, slots=True)
class Shown:
    """A text as the view shows it, and where it comes from when not from the chosen language:
    "" (written in it), a language code (the default language's) or "photo" (the photo's own)."""

    text: str
    source: str = ""


class GalleryItemModel(QAbstractListModel):
    """One row per gallery item; editing a text or dropping rows asks for an edit by signal."""

    captionEdited = Signal(int, object, str)  # item id, caption or None, language
    sectionEdited = Signal(int, object, object, str)  # item id, heading, text, language
    itemsMoved = Signal(list, int)  # item ids, the row they go before
    photosDropped = Signal(list, int)  # photo ids, the row they go before

    def __init__(self, photos: PhotoModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.photos = photos
        self.state: GalleryState | None = None
        self.language = "en"
        self._photo_rows: dict[int, int] = {}  # photo id -> row in ``photos``
        self._rows_of_photo: dict[int, int] = {}  # photo id -> row here
        photos.dataChanged.connect(self._photo_changed)

    # ------------------------------------------------------------ contents

    @property
    def items(self) -> tuple[GalleryItemState, ...]:
        return self.state.items if self.state is not None else ()

    def set_gallery(self, state: GalleryState | None) -> None:
        """Show ``state``; when only texts changed, rows (and selection) stay."""
        same_rows = (
            self.state is not None
            and state is not None
            and [i.id for i in self.state.items] == [i.id for i in state.items]
        )
        if same_rows:
            self.state = state
            self._all_changed()
            return
        self.beginResetModel()
        self.state = state
        self._rows_of_photo = {
            item.photo_id: row for row, item in enumerate(self.items) if item.photo_id is not None
        }
        photo_ids = list(state.photo_ids) if state is not None else []
        if photo_ids != self.photos.ids:
            self.photos.set_photos(photo_ids, Sort.DATE)
        self._photo_rows = {pid: row for row, pid in enumerate(photo_ids)}
        self.endResetModel()

    def set_language(self, language: str) -> None:
        self.language = language
        self._all_changed()

    def languages(self) -> list[str]:
        """The languages to offer: the gallery's own first, then English, Azerbaijani and any
        other some text is written in."""
        found = list(self.state.languages) if self.state is not None else []
        return list(dict.fromkeys([*found[:1], *LANGUAGE_NAMES, *found]))

    def row_of_item(self, item_id: int) -> int | None:
        rows = [row for row, item in enumerate(self.items) if item.id == item_id]
        return rows[0] if rows else None

    # ------------------------------------------------------------ the model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows, never on one
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.state is None or not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == ItemRole.ITEM_ID:
            return item.id
        if role == ItemRole.PHOTO_ID:
            return item.photo_id
        if role == ItemRole.TEXTS:
            return item.texts.get(self.language, ItemTexts())
        if item.photo_id is None:
            return self._section_data(item, role)
        return self._photo_data(item, item.photo_id, role)

    def _section_data(self, item: GalleryItemState, role: int) -> Any:
        heading, body = self._shown(item, "heading"), self._shown(item, "body")
        if role == ItemRole.HEADING:
            return heading
        if role == ItemRole.BODY:
            return body
        if role == Qt.ItemDataRole.DisplayRole:
            return heading.text if heading else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n\n".join(s.text for s in (heading, body) if s) or "An empty section"
        return None

    def _photo_data(self, item: GalleryItemState, photo_id: int, role: int) -> Any:
        if role == ItemRole.THUMBNAIL:
            return self._photo(photo_id, PhotoRole.THUMBNAIL)
        if role not in (
            ItemRole.CAPTION,
            ItemRole.CREDIT,
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        record = self._photo(photo_id, PhotoRole.RECORD)
        credit = house_credit(record) if record is not None else None
        if role == ItemRole.CREDIT:
            return credit
        caption = self._shown(item, "caption")
        if caption is None and record is not None and record.caption:
            caption = Shown(record.caption, "photo")
        if role == ItemRole.CAPTION:
            return caption
        if role == Qt.ItemDataRole.DisplayRole:
            return caption.text if caption else ""
        return "\n".join(text for text in (caption.text if caption else "", credit) if text)

    def _shown(self, item: GalleryItemState, field: str) -> Shown | None:
        assert self.state is not None
        found = item.text(field, self.language, self.state.language)  # type: ignore[arg-type]
        if found is None:
            return None
        return Shown(found.text, "" if found.language == self.language else found.language)

    def _photo(self, photo_id: int, role: PhotoRole) -> Any:
        row = self._photo_rows.get(photo_id)
        return None if row is None else self.photos.data(self.photos.index(row), role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An edit in place: a caption (text), or a section's (heading, text)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        item = self.items[index.row()]
        if item.photo_id is not None:
            self.captionEdited.emit(item.id, value or None, self.language)
        else:
            heading, body = value
            self.sectionEdited.emit(item.id, heading or None, body or None, self.language)
        return True

    # ------------------------------------------------------------ drag and drop

    def mimeTypes(self) -> list[str]:
        return [GALLERY_ITEMS, PHOTO_IDS]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        payload = {
            "gallery": self.state.id if self.state is not None else None,
            "items": [self.items[row].id for row in rows],
        }
        mime = QMimeData()
        mime.setData(GALLERY_ITEMS, QByteArray(json.dumps(payload).encode()))
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Rows dropped before ``row`` (or onto ``parent``'s row, or at the end)."""
        if self.state is None or action == Qt.DropAction.IgnoreAction:
            return False
        position = row if row >= 0 else parent.row() if parent.isValid() else len(self.items)
        moved = self._dropped_items(data)
        if moved:
            self.itemsMoved.emit(moved, position)
            return True
        photos = dropped_photo_ids(data)
        if photos:
            self.photosDropped.emit(photos, position)
            return True
        return False

    def _dropped_items(self, data: QMimeData) -> list[int]:
        if not data.hasFormat(GALLERY_ITEMS) or self.state is None:
            return []
        try:
            payload = json.loads(bytes(data.data(GALLERY_ITEMS).data()).decode())
        except ValueError:
            return []
        if not isinstance(payload, dict) or payload.get("gallery") != self.state.id:
            return []
        known = {item.id for item in self.items}
        return [i for i in payload.get("items", []) if isinstance(i, int) and i in known]

    # ------------------------------------------------------------ photos read later

    def _photo_changed(self, top: QModelIndex, bottom: QModelIndex, _roles: Any = None) -> None:
        ids = self.photos.ids
        rows = [
            self._rows_of_photo[pid]
            for pid in ids[top.row() : bottom.row() + 1]
            if pid in self._rows_of_photo
        ]
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))

    def _all_changed(self) -> None:
        if self.items:
            self.dataChanged.emit(self.index(0), self.index(len(self.items) - 1))


def select_rows(view: QAbstractItemView, rows: Iterable[int]) -> None:
    """Select exactly ``rows`` of a list view; the first becomes current, keyboard-wise."""
    model = view.model()
    selection = QItemSelection()
    for row in rows:
        selection.select(model.index(row, 0), model.index(row, 0))
    chosen = view.selectionModel()
    chosen.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    if not selection.isEmpty():
        first = selection.at(0).topLeft()
        chosen.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
