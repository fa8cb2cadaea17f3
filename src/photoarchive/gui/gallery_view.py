"""The gallery page: one gallery's title, introduction, photos and sections in order.

Drag rows to reorder them, double-click or F2 to write a caption or a section's text in the
chosen language, Delete to take items out of the gallery (the photos stay in the catalogue),
Escape or "← Grid" to go back. The page only asks for edits, by signal; the window makes each
an undoable command and shows the page the gallery as it became.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.galleries import GalleryState
from photoarchive.gui.gallery_delegate import THUMBNAIL, CaptionEditor, GalleryItemDelegate
from photoarchive.gui.gallery_model import LANGUAGE_NAMES, GalleryItemModel, select_rows
from photoarchive.gui.photo_model import PhotoModel
from photoarchive.gui.thumbnails import GridLoader

HINT = (
    "Drag items to reorder them · double-click or F2 writes a caption or a section's text · "
    "Delete takes items out of the gallery (never out of the catalogue) · Ctrl+Z undoes"
)
EMPTY = "No photos yet: select photos in the grid and drag them onto this gallery in the list."


class IntroductionEdit(CaptionEditor):
    """The gallery's introduction: saved on Ctrl+Enter or when the field loses the focus."""

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.done.emit()


class GalleryItemView(QListView):
    """The gallery's rows; Delete asks to remove the selected items."""

    removeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)  # photos may come in too
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setResizeMode(QListView.ResizeMode.Adjust)  # row heights follow the width
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(1)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.removeRequested.emit()
            return
        super().keyPressEvent(event)


class GalleryPage(QWidget):
    """Shows one gallery; every change the user makes comes out as a signal."""

    closed = Signal()
    exportRequested = Signal(int)  # gallery id
    textsEdited = Signal(int, object, object, str)  # gallery id, title, introduction, language
    sectionRequested = Signal(int, int)  # gallery id, the row it goes before
    removeRequested = Signal(int, list)  # gallery id, item ids

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = GridLoader(catalogue, self)
        self.photos = PhotoModel(self.loader, self)
        self.model = GalleryItemModel(self.photos, self)
        self.view = GalleryItemView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(GalleryItemDelegate(self.view))
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        # A long title gives way to the buttons (the Title field below shows all of it).
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.counts = QLabel()
        self.counts.setProperty("role", "muted")
        self.language = QComboBox()
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.title = QLineEdit()
        self.introduction = IntroductionEdit()
        self.empty = QLabel(EMPTY)
        self.empty.setProperty("role", "muted")
        self.back = QToolButton()
        self.back.setText("← Grid")
        self.back.setToolTip("Back to the photos (Escape)")
        self.add_section = QPushButton("Add Section")
        self.remove = QPushButton("Remove from Gallery")
        self.export = QPushButton("Export…")
        self._lay_out()
        self._connect()

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.back)
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.counts)
        bar.addWidget(QLabel("Language"))
        bar.addWidget(self.language)
        for button in (self.add_section, self.remove, self.export):
            bar.addWidget(button)
        self.introduction.setTabChangesFocus(True)
        self.introduction.setFixedHeight(self.introduction.fontMetrics().lineSpacing() * 4 + 12)
        form = QFormLayout()
        form.setContentsMargins(12, 0, 12, 4)
        form.addRow("Title", self.title)
        form.addRow("Introduction", self.introduction)
        hint = QLabel(HINT)
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        hint.setContentsMargins(12, 0, 12, 0)
        self.empty.setContentsMargins(12, 0, 12, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        self.remove.setToolTip("Take the selected items out of the gallery (Delete)")
        self.add_section.setToolTip("A heading and text before the selected item")

    def _connect(self) -> None:
        self.back.clicked.connect(self.closed)
        self.language.activated.connect(self._language_chosen)
        self.title.editingFinished.connect(self._texts_edited)
        self.introduction.done.connect(self._texts_edited)
        self.add_section.clicked.connect(self.request_section)
        self.remove.clicked.connect(self.request_removal)
        self.view.removeRequested.connect(self.request_removal)
        self.export.clicked.connect(lambda: self.exportRequested.emit(self.gallery_id or 0))
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.photos.set_thumbnail_box(QSize(THUMBNAIL), self.devicePixelRatioF())

    # ------------------------------------------------------------ showing a gallery

    @property
    def gallery_id(self) -> int | None:
        return self.model.state.id if self.model.state is not None else None

    @property
    def state(self) -> GalleryState | None:
        return self.model.state

    def show_gallery(self, state: GalleryState) -> None:
        """Show ``state``; the language chosen stays when it is the same gallery."""
        same = self.model.state is not None and self.model.state.id == state.id
        language = self.model.language if same else state.language
        self.model.language = language
        self.model.set_gallery(state)
        self._fill_languages(language)
        self._show_texts()
        photos, sections = len(state.photo_ids), len(state.items) - len(state.photo_ids)
        self.counts.setText(f"{_count(photos, 'photo')} · {_count(sections, 'section')}")
        self.empty.setVisible(not state.photo_ids)
        self._selection_changed()

    def set_language(self, language: str) -> None:
        self.model.set_language(language)
        self._fill_languages(language)
        self._show_texts()
        self.view.doItemsLayout()  # row heights depend on the texts

    def _fill_languages(self, current: str) -> None:
        self.language.clear()
        default = self.model.state.language if self.model.state is not None else ""
        for code in self.model.languages():
            name = LANGUAGE_NAMES.get(code, code)
            label = f"{name} ({code})" + (" · default" if code == default else "")
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))

    def _show_texts(self) -> None:
        state, language = self.model.state, self.model.language
        if state is None:
            return
        self.heading.setText(state.title_in(language).text)
        written = state.texts.get(language)
        title = written.title if written else None
        introduction = written.introduction if written else None
        self.title.setText(title or "")
        self.title.setPlaceholderText(state.title)
        self.title.setModified(False)
        if (introduction or "") != self.introduction.toPlainText():
            self.introduction.setPlainText(introduction or "")
        fallback = state.introduction_in(language)
        self.introduction.setPlaceholderText(fallback.text if fallback else "No introduction")
        self.introduction.document().setModified(False)

    # ------------------------------------------------------------ selection

    def selected_item_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.model.items[row].id for row in rows]

    def select_items(self, item_ids: set[int]) -> None:
        rows = (row for row, entry in enumerate(self.model.items) if entry.id in item_ids)
        select_rows(self.view, rows)
        if self.view.selectionModel().hasSelection():
            self.view.scrollTo(self.view.currentIndex())

    def edit_item(self, item_id: int) -> None:
        """Open the editor of an item in place (after adding a section, say)."""
        row = self.model.row_of_item(item_id)
        if row is not None:
            index = self.model.index(row)
            self.view.setCurrentIndex(index)
            self.view.edit(index)

    def _selection_changed(self) -> None:
        self.remove.setEnabled(bool(self.view.selectionModel().selectedRows()))

    # ------------------------------------------------------------ asking for edits

    def _language_chosen(self, index: int) -> None:
        self.set_language(self.language.itemData(index))

    def _texts_edited(self) -> None:
        state = self.model.state
        if state is None:
            return
        if not self.title.isModified() and not self.introduction.document().isModified():
            return
        self.title.setModified(False)
        self.introduction.document().setModified(False)
        title = self.title.text().strip() or None
        introduction = self.introduction.toPlainText().strip() or None
        written = state.texts.get(self.model.language)
        if written is not None and (written.title, written.introduction) == (title, introduction):
            return
        if written is None and title is None and introduction is None:
            return
        self.textsEdited.emit(state.id, title, introduction, self.model.language)

    def request_section(self) -> None:
        if self.gallery_id is None:
            return
        rows = [index.row() for index in self.view.selectionModel().selectedRows()]
        self.sectionRequested.emit(self.gallery_id, min(rows) if rows else len(self.model.items))

    def request_removal(self) -> None:
        ids = self.selected_item_ids()
        if self.gallery_id is not None and ids:
            self.removeRequested.emit(self.gallery_id, ids)

    # ------------------------------------------------------------ keys and life

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape reaches here only when no editor took it: an open editor drops its edit first.
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

    def close_workers(self) -> None:
        self.loader.close()


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")
