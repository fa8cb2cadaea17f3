"""The side panel's gallery list: each gallery's title and photo count; photos dropped on one
are added to it, Enter or a double-click opens it."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.galleries import GallerySummary
from photoarchive.gui.facet_models import FacetRole
from photoarchive.gui.facets import MIN_LIST_HEIGHT, CountDelegate
from photoarchive.gui.gallery_model import select_rows
from photoarchive.gui.photo_drag import PHOTO_IDS, dropped_photo_ids

Index = QModelIndex | QPersistentModelIndex
EMPTY_HINT = "No galleries yet. Select photos and choose Gallery › New Gallery from Selection."
LIST_HINT = "Drop photos on a gallery to add them; double-click or Enter opens it"


class GalleryRole(enum.IntEnum):
    ID = Qt.ItemDataRole.UserRole.value + 10
    SUMMARY = Qt.ItemDataRole.UserRole.value + 11  # the GallerySummary


class GalleryListModel(QAbstractListModel):
    """Galleries by title; the count beside each is its number of photos."""

    photosDropped = Signal(int, list)  # gallery id, photo ids in the order dragged

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._galleries: list[GallerySummary] = []

    @property
    def galleries(self) -> list[GallerySummary]:
        return self._galleries

    def set_galleries(self, galleries: Sequence[GallerySummary]) -> None:
        self.beginResetModel()
        self._galleries = list(galleries)
        self.endResetModel()

    def row_of(self, gallery_id: int) -> int | None:
        rows = [row for row, g in enumerate(self._galleries) if g.id == gallery_id]
        return rows[0] if rows else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._galleries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._galleries):
            return None
        gallery = self._galleries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return gallery.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(gallery)
        if role == FacetRole.COUNT:
            return gallery.photos
        if role == GalleryRole.ID:
            return gallery.id
        if role == GalleryRole.SUMMARY:
            return gallery
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDropEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # ------------------------------------------------------------ photos dropped on a gallery

    def mimeTypes(self) -> list[str]:
        return [PHOTO_IDS]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return parent.isValid() and bool(dropped_photo_ids(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Photos dropped onto a gallery (not between two): ``photosDropped`` says which."""
        ids = dropped_photo_ids(data)
        if not parent.isValid() or not ids or action == Qt.DropAction.IgnoreAction:
            return False
        self.photosDropped.emit(self._galleries[parent.row()].id, ids)
        return True


class _TitleDelegate(CountDelegate):
    """The facets' title-and-count row, as wide as the list: long titles are cut, not scrolled."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(0, super().sizeHint(option, index).height())


class GalleryPanel(QWidget):
    """The GALLERIES section under the facets, with its Open and Export buttons."""

    opened = Signal(int)  # a gallery id: Enter or double-click

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = GalleryListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(_TitleDelegate(self.view))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setMinimumHeight(MIN_LIST_HEIGHT)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.view.setDragDropOverwriteMode(True)  # dropped on a gallery, never between two
        self.view.setDropIndicatorShown(True)
        self.view.setAcceptDrops(True)
        self.view.setToolTip(LIST_HINT)
        self.view.activated.connect(self._activated)
        self.empty = QLabel(EMPTY_HINT)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "muted")
        # Tool buttons: narrower than push buttons, so the side panel stays as narrow as before.
        self.open_button = _button("Open", "Open the selected gallery (Enter)")
        self.open_button.clicked.connect(self._open_current)
        self.export_button = _button("Export…", "Export the selected galleries (Ctrl+E)")
        label = QLabel("GALLERIES")
        label.setProperty("role", "section")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.set_galleries([])

    def set_galleries(self, galleries: Sequence[GallerySummary]) -> None:
        """Show these galleries; the ones selected before stay selected."""
        kept = set(self.selected_ids())
        self.model.set_galleries(galleries)
        self.select_ids(kept)
        self.empty.setVisible(not galleries)
        self._selection_changed()

    def selected_ids(self) -> list[int]:
        """The selected galleries in list order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.model.galleries[row].id for row in rows]

    def select_ids(self, wanted: set[int]) -> None:
        rows = (row for row, entry in enumerate(self.model.galleries) if entry.id in wanted)
        select_rows(self.view, rows)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.opened.emit(index.data(GalleryRole.ID))

    def _open_current(self) -> None:
        selected = self.selected_ids()
        if selected:
            self.opened.emit(selected[0])

    def _selection_changed(self) -> None:
        chosen = bool(self.selected_ids())
        self.open_button.setEnabled(chosen)
        self.export_button.setEnabled(chosen)


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


def _tooltip(gallery: GallerySummary) -> str:
    photos = f"{gallery.photos:,} photo{'' if gallery.photos == 1 else 's'}"
    sections = f"{gallery.sections:,} section{'' if gallery.sections == 1 else 's'}"
    languages = ", ".join(gallery.languages)
    return f"{gallery.title}\n{photos}, {sections}; languages: {languages}\n{LIST_HINT}"
