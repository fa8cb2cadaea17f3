"""The viewer page: one photo large (fit to window or 1:1) beside what the catalogue knows of it.

Left and Right step through the grid's current list, Escape goes back to the grid. Pictures
are read on the viewer's own thread; the panel shows the record at once when the grid has it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.records import PhotoRecord
from photoarchive.gui.images import ImageLoader, ViewerImage
from photoarchive.gui.viewer_info import InfoPanel

VIEWER_BACKGROUND = "#141516"
RecordLookup = Callable[[int], PhotoRecord | None]


class ImageCanvas(QWidget):
    """Paints the picture: scaled down to fit, or one image pixel to one screen pixel."""

    toggled = Signal()  # a double-click asks to switch between fit and 1:1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture: ViewerImage | None = None
        self.actual_size = False
        self.setStyleSheet(f"background: {VIEWER_BACKGROUND};")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_picture(self, picture: ViewerImage | None) -> None:
        self.picture = picture
        self._resize_for_mode()
        self.update()

    def set_actual_size(self, actual: bool) -> None:
        self.actual_size = actual
        self._resize_for_mode()
        self.update()

    def natural_size(self) -> QSize:
        """The picture's size in logical pixels at 1:1 on this screen."""
        if self.picture is None or self.picture.image.isNull():
            return QSize()
        ratio = self.devicePixelRatioF()
        image = self.picture.image
        return QSize(round(image.width() / ratio), round(image.height() / ratio))

    def _resize_for_mode(self) -> None:
        if self.actual_size and not self.natural_size().isEmpty():
            self.setFixedSize(self.natural_size())
        else:
            self.setMinimumSize(1, 1)
            self.setMaximumSize(16_777_215, 16_777_215)

    def target_rect(self) -> QRect:
        """Where the picture is drawn: centred, shrunk to fit (never enlarged) unless 1:1."""
        natural = self.natural_size()
        room = self.rect() if self.actual_size else self.rect().adjusted(16, 16, -16, -16)
        size = natural
        if not self.actual_size and (
            natural.width() > room.width() or natural.height() > room.height()
        ):
            size = natural.scaled(room.size(), Qt.AspectRatioMode.KeepAspectRatio)
        rect = QRect(QPoint(0, 0), size)
        rect.moveCenter(room.center())
        return rect

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), VIEWER_BACKGROUND)
        if self.picture is None or self.picture.image.isNull():
            painter.setPen(Qt.GlobalColor.gray)
            text = "Loading…" if self.picture is None else "No picture to show"
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, text)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.target_rect(), self.picture.image)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.toggled.emit()


class ViewerPage(QWidget):
    """One photo at a time from a list of ids; ``closed`` gives back the photo last shown."""

    closed = Signal(int)  # the photo id on screen when the viewer was left

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = ImageLoader(catalogue, self)
        self.canvas = ImageCanvas()
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.canvas)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroller.setStyleSheet(f"background: {VIEWER_BACKGROUND}; border: none;")
        self.info = InfoPanel()
        self.position = QLabel()
        self.ids: list[int] = []
        self.row = 0
        self.record: PhotoRecord | None = None
        self._asked = 0
        self._records: RecordLookup = lambda _photo_id: None
        self.actions_by_name = self._actions()
        self.splitter = self._lay_out()
        self.loader.recordLoaded.connect(self._record_loaded)
        self.loader.imageLoaded.connect(self._image_loaded)
        self.canvas.toggled.connect(self.toggle_zoom)
        self._set_fit(True)

    # ------------------------------------------------------------ building

    def _actions(self) -> dict[str, QAction]:
        specs = (
            ("back", "Back to Grid", QKeySequence(Qt.Key.Key_Escape), self.leave),
            ("previous", "Previous Photo", QKeySequence(Qt.Key.Key_Left), self.previous),
            ("next", "Next Photo", QKeySequence(Qt.Key.Key_Right), self.next),
            ("fit", "Fit to Window", QKeySequence("Ctrl+0"), lambda: self._set_fit(True)),
            ("actual", "Actual Pixels (1:1)", QKeySequence("Ctrl+1"), lambda: self._set_fit(False)),
        )
        actions = {}
        for name, text, key, slot in specs:
            action = QAction(text, self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            actions[name] = action
        actions["fit"].setCheckable(True)
        actions["actual"].setCheckable(True)
        return actions

    def _lay_out(self) -> QSplitter:
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        back = QToolButton()
        back.setDefaultAction(self.actions_by_name["back"])
        back.setText("← Grid")
        bar.addWidget(back)
        bar.addStretch(1)
        bar.addWidget(self.position)
        bar.addStretch(1)
        for name in ("previous", "next", "fit", "actual"):
            button = QToolButton()
            button.setDefaultAction(self.actions_by_name[name])
            bar.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.scroller)
        splitter.addWidget(self.info)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        return splitter

    # ------------------------------------------------------------ showing photos

    def show_photos(self, ids: list[int], row: int, records: RecordLookup) -> None:
        """Show photo ``row`` of ``ids``; ``records`` answers from the grid's cache."""
        self.ids, self._records = list(ids), records
        self.show_row(row)
        self.canvas.setFocus()

    def show_row(self, row: int) -> None:
        if not self.ids:
            return
        self.row = max(0, min(len(self.ids) - 1, row))
        photo_id = self.ids[self.row]
        self.position.setText(f"{self.row + 1:,} of {len(self.ids):,}")
        self.record = self._records(photo_id)
        self.info.show_record(self.record)
        self.info.set_note("")
        self.canvas.set_picture(None)
        self._load(with_record=self.record is None)

    def _load(self, *, with_record: bool = False) -> None:
        if not self.ids:
            return
        size = None if self.canvas.actual_size else self._screen_size()
        self._asked = self.loader.load(self.ids[self.row], size, with_record=with_record)

    def _screen_size(self) -> QSize:
        screen = self.screen()
        ratio = self.devicePixelRatioF()
        available = screen.availableGeometry().size() if screen else QSize(1920, 1080)
        return QSize(round(available.width() * ratio), round(available.height() * ratio))

    def previous(self) -> None:
        if self.row > 0:
            self.show_row(self.row - 1)

    def next(self) -> None:
        if self.row < len(self.ids) - 1:
            self.show_row(self.row + 1)

    def leave(self) -> None:
        if self.ids:
            self.closed.emit(self.ids[self.row])

    @property
    def photo_id(self) -> int | None:
        return self.ids[self.row] if self.ids else None

    # ------------------------------------------------------------ zoom

    def toggle_zoom(self) -> None:
        self._set_fit(self.canvas.actual_size)

    def _set_fit(self, fit: bool) -> None:
        self.actions_by_name["fit"].setChecked(fit)
        self.actions_by_name["actual"].setChecked(not fit)
        if fit == (not self.canvas.actual_size) and self.canvas.picture is not None:
            return
        self.scroller.setWidgetResizable(fit)
        self.canvas.set_actual_size(not fit)
        picture = self.canvas.picture
        if not fit and picture is not None and not picture.full_size and not picture.note:
            self._load()  # 1:1 needs every pixel of the original

    # ------------------------------------------------------------ answers

    def _record_loaded(self, generation: int, record: PhotoRecord | None) -> None:
        if generation == self._asked:
            self.record = record
            self.info.show_record(record)

    def _image_loaded(self, generation: int, picture: ViewerImage) -> None:
        if generation != self._asked:
            return
        picture.image.setDevicePixelRatio(self.devicePixelRatioF())
        self.canvas.set_picture(picture)
        self.info.set_note(picture.note)

    def close_workers(self) -> None:
        self.loader.close()
