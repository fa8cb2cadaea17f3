"""The thumbnail grid: an item view laid out by arithmetic, so 100,000 rows cost nothing.

QListView's icon and wrapping modes lay out every row on a reset (about 0.3 s at 100,000
photos); here a cell's place follows from its row, and only the visible rows are painted.
Dragging a photo drags the selection's ids (onto a gallery, say).
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDrag,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

from photoarchive.gui import style
from photoarchive.gui.grid_delegate import ThumbnailDelegate
from photoarchive.gui.photo_drag import drag_pixmap, photo_ids_mime
from photoarchive.gui.photo_model import PhotoRole

Index = QModelIndex | QPersistentModelIndex
Action = QAbstractItemView.CursorAction
_SHIFT_MOVES = {
    Qt.Key.Key_Left: Action.MoveLeft,
    Qt.Key.Key_Right: Action.MoveRight,
    Qt.Key.Key_Up: Action.MoveUp,
    Qt.Key.Key_Down: Action.MoveDown,
    Qt.Key.Key_Home: Action.MoveHome,
    Qt.Key.Key_End: Action.MoveEnd,
    Qt.Key.Key_PageUp: Action.MovePageUp,
    Qt.Key.Key_PageDown: Action.MovePageDown,
}


class GridView(QAbstractItemView):
    """Cells of one size in rows that fill the width; Shift selects a run of photos."""

    screenComplete = Signal()  # a paint where every visible cell had its thumbnail and text
    boxChanged = Signal(QSize)  # the thumbnails' room in a cell, after a resize
    viewportPainted = Signal()  # after every paint (the benchmark times filter changes by it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells = ThumbnailDelegate(self)
        self.setItemDelegate(self.cells)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAutoFillBackground(False)
        self.viewport().setAutoFillBackground(False)
        self._anchor = QPersistentModelIndex()
        self._drag_from: QPoint | None = None  # where a press on a photo may start a drag
        self.empty_text = ""  # shown when there is no photo to show

    # ------------------------------------------------------------ layout

    def set_show_captions(self, shown: bool) -> None:
        self.cells.show_captions = shown
        self.updateGeometries()
        self.viewport().update()

    def _count(self) -> int:
        model = self.model()
        return model.rowCount() if model is not None else 0

    def _columns(self) -> int:
        return max(1, self.viewport().width() // self.cells.min_cell_width())

    def _cell_width(self) -> float:
        return self.viewport().width() / self._columns()

    def _cell_height(self) -> int:
        return self.cells.cell_size().height()

    def _visible_rows(self) -> range:
        """The photo rows at least partly on screen."""
        height = self._cell_height()
        top = self.verticalOffset() // height
        bottom = (self.verticalOffset() + self.viewport().height()) // height
        columns = self._columns()
        return range(top * columns, min(self._count(), (bottom + 1) * columns))

    def updateGeometries(self) -> None:
        rows = math.ceil(self._count() / self._columns())
        height = self._cell_height()
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, rows * height - self.viewport().height()))
        bar.setPageStep(self.viewport().height())
        bar.setSingleStep(max(1, height // 3))
        super().updateGeometries()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.cells.fit_width(int(self._cell_width())):
            self.boxChanged.emit(self.cells.box)
        self.updateGeometries()

    # ------------------------------------------------------------ QAbstractItemView

    def visualRect(self, index: Index) -> QRect:
        if not index.isValid():
            return QRect()
        line, column = divmod(index.row(), self._columns())
        width = self._cell_width()
        left = round(column * width)
        return QRect(
            left,
            line * self._cell_height() - self.verticalOffset(),
            round((column + 1) * width) - left,
            self._cell_height(),
        )

    def indexAt(self, point: QPoint) -> QModelIndex:
        model = self.model()
        if model is None or point.x() < 0 or point.y() < 0:
            return QModelIndex()
        column = int(point.x() // self._cell_width())
        line = (point.y() + self.verticalOffset()) // self._cell_height()
        row = line * self._columns() + column
        if column >= self._columns() or row >= self._count():
            return QModelIndex()
        return model.index(row, 0, self.rootIndex())

    def scrollTo(
        self,
        index: Index,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        rect = self.visualRect(index)
        if rect.isNull():
            return
        bar, height = self.verticalScrollBar(), self.viewport().height()
        if hint == QAbstractItemView.ScrollHint.PositionAtCenter:
            bar.setValue(bar.value() + rect.center().y() - height // 2)
        elif hint == QAbstractItemView.ScrollHint.PositionAtTop or rect.top() < 0:
            bar.setValue(bar.value() + rect.top())
        elif rect.bottom() > height:
            bar.setValue(bar.value() + rect.bottom() - height + 1)

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: Index) -> bool:
        return False

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model, count = self.model(), self._count()
        if model is None or count == 0:
            return QModelIndex()
        current = self.currentIndex().row() if self.currentIndex().isValid() else -1
        if current < 0:
            return model.index(0, 0, self.rootIndex())
        columns = self._columns()
        page = max(1, self.viewport().height() // self._cell_height()) * columns
        step = {
            Action.MoveLeft: -1,
            Action.MovePrevious: -1,
            Action.MoveRight: 1,
            Action.MoveNext: 1,
            Action.MoveUp: -columns,
            Action.MoveDown: columns,
            Action.MovePageUp: -page,
            Action.MovePageDown: page,
            Action.MoveHome: -count,
            Action.MoveEnd: count,
        }.get(cursorAction, 0)
        return model.index(min(count - 1, max(0, current + step)), 0, self.rootIndex())

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        """Select the cells a rubber band (or a click's point) covers."""
        model, selection_model = self.model(), self.selectionModel()
        if model is None or selection_model is None or self._count() == 0:
            return
        rect = rect.normalized()
        columns, width, height = self._columns(), self._cell_width(), self._cell_height()
        first_column = max(0, int(rect.left() // width))
        last_column = min(columns - 1, int(rect.right() // width))
        first_line = max(0, (rect.top() + self.verticalOffset()) // height)
        last_line = (rect.bottom() + self.verticalOffset()) // height
        selection = QItemSelection()
        for line in range(first_line, last_line + 1):
            first = line * columns + first_column
            last = min(self._count() - 1, line * columns + last_column)
            if first <= last:
                selection.select(model.index(first, 0), model.index(last, 0))
        selection_model.select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        visible = self._visible_rows()
        region = QRegion()
        for selected in (selection.at(i) for i in range(selection.size())):
            first = max(selected.top(), visible.start)
            last = min(selected.bottom(), visible.stop - 1)
            for row in range(first, last + 1):
                region += self.visualRect(self.model().index(row, 0))
        return region

    # ------------------------------------------------------------ Shift selects a run

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        modifiers = event.modifiers()
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        left = event.button() == Qt.MouseButton.LeftButton
        if left and shift and index.isValid():
            self._select_run(index, add=bool(modifiers & Qt.KeyboardModifier.ControlModifier))
            return
        super().mousePressEvent(event)
        if not shift:
            self._anchor = QPersistentModelIndex(self.currentIndex())
        plain = not modifiers & Qt.KeyboardModifier.ControlModifier
        self._drag_from = event.position().toPoint() if left and plain and index.isValid() else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """A press on a photo and a move drags the selection; from between cells, a rubber band."""
        start = self._drag_from
        if start is not None and event.buttons() & Qt.MouseButton.LeftButton:
            moved = (event.position().toPoint() - start).manhattanLength()
            if moved >= QApplication.startDragDistance():
                self._drag_from = None
                self.startDrag(Qt.DropAction.CopyAction)
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = _SHIFT_MOVES.get(Qt.Key(event.key()))
        if action is not None and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            target = self.moveCursor(action, event.modifiers())
            if target.isValid():
                self._select_run(target, add=False)
                self.scrollTo(target)
            return
        super().keyPressEvent(event)
        if not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._anchor = QPersistentModelIndex(self.currentIndex())

    def selected_photo_ids(self) -> list[int]:
        """The selected photos' ids in row order."""
        model = self.model()
        return [model.index(row, 0).data(PhotoRole.ID) for row in self._selected_rows()]

    def _selected_rows(self) -> list[int]:
        selection_model = self.selectionModel()
        if self.model() is None or selection_model is None:
            return []
        ranges = selection_model.selection()
        runs = (ranges.at(i) for i in range(ranges.size()))
        return sorted(row for run in runs for row in range(run.top(), run.bottom() + 1))

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Drag the selected photos' ids, shown as the first one's thumbnail and a count."""
        rows = self._selected_rows()
        if not rows:
            return
        model = self.model()
        drag = QDrag(self)
        drag.setMimeData(photo_ids_mime([model.index(row, 0).data(PhotoRole.ID) for row in rows]))
        drag.setPixmap(drag_pixmap(model.index(rows[0], 0).data(PhotoRole.THUMBNAIL), len(rows)))
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)

    def _select_run(self, target: QModelIndex, *, add: bool) -> None:
        """Select every photo from the anchor (the last plain click) to ``target``."""
        anchor = self._anchor if self._anchor.isValid() else QPersistentModelIndex(target)
        self._anchor = anchor
        first, last = sorted((anchor.row(), target.row()))
        model, flags = self.model(), QItemSelectionModel.SelectionFlag
        run = QItemSelection(model.index(first, 0), model.index(last, 0))
        self.selectionModel().select(run, flags.Select if add else flags.ClearAndSelect)
        self.selectionModel().setCurrentIndex(target, flags.NoUpdate)

    def reset(self) -> None:
        super().reset()
        self._anchor = QPersistentModelIndex()
        self.verticalScrollBar().setValue(0)
        self.updateGeometries()

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        try:
            painter.fillRect(event.rect(), style.GRID_BACKGROUND)
            painted = self._paint_cells(painter, event.rect())
            if not self._count() and self.empty_text:
                painter.setPen(style.MUTED)
                painter.drawText(
                    self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text
                )
        finally:
            painter.end()
        self.viewportPainted.emit()
        if painted and self.cells.missing == 0:
            self.screenComplete.emit()

    def _paint_cells(self, painter: QPainter, area: QRect) -> int:
        model = self.model()
        if model is None:
            return 0
        self.cells.missing = 0
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        selection_model, current = self.selectionModel(), self.currentIndex()
        painted = 0
        for row in self._visible_rows():
            index = model.index(row, 0, self.rootIndex())
            option.rect = self.visualRect(index)
            if not option.rect.intersects(area):
                continue
            option.state = QStyle.StateFlag.State_Enabled
            if selection_model is not None and selection_model.isSelected(index):
                option.state |= QStyle.StateFlag.State_Selected
            if index == current and self.hasFocus():
                option.state |= QStyle.StateFlag.State_HasFocus
            self.cells.paint(painter, option, index)
            painted += 1
        return painted
