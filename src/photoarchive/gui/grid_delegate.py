"""How one grid cell is drawn: the thumbnail on a tile, a caption line and a place/date line."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from photoarchive.gui import style
from photoarchive.gui.photo_model import PhotoRole

MIN_BOX = QSize(160, 120)  # the thumbnail's smallest room, in logical pixels (4:3)
PADDING = 8  # between the tile's edge and the thumbnail
MARGIN = 3  # between neighbouring tiles
TEXT_GAP = 6


class ThumbnailDelegate(QStyledItemDelegate):
    """Draws a photo cell; counts what it had to draw as a placeholder, for "screen ready"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_captions = True
        self._box = QSize(MIN_BOX)
        self.missing = 0  # cells drawn without their thumbnail or text since the last reset
        self._caption_font = QFont()
        self._detail_font = QFont()
        self._detail_font.setPointSizeF(max(6.0, self._caption_font.pointSizeF() - 1))

    @property
    def box(self) -> QSize:
        return QSize(self._box)

    def fit_width(self, cell_width: int) -> bool:
        """Grow the thumbnail's room to fill cells ``cell_width`` wide; True if it changed."""
        width = max(MIN_BOX.width(), cell_width - 2 * (PADDING + MARGIN))
        box = QSize(width, width * 3 // 4)
        changed = box != self._box
        self._box = box
        return changed

    @staticmethod
    def min_cell_width() -> int:
        return MIN_BOX.width() + 2 * (PADDING + MARGIN)

    def cell_size(self) -> QSize:
        height = 2 * (PADDING + MARGIN) + self._box.height()
        if self.show_captions:
            height += TEXT_GAP + self._line(self._caption_font) + self._line(self._detail_font)
        return QSize(self._box.width() + 2 * (PADDING + MARGIN), height)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return self.cell_size()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        cell = option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        self._tile(painter, option, cell)
        box = QRect(0, cell.top() + PADDING, self._box.width(), self._box.height())
        box.moveLeft(cell.center().x() - self._box.width() // 2)
        self._thumbnail(painter, index.data(PhotoRole.THUMBNAIL), box)
        if self.show_captions:
            self._texts(
                painter,
                index,
                QRect(
                    cell.left() + PADDING, box.bottom() + TEXT_GAP, cell.width() - 2 * PADDING, 0
                ),
            )
        painter.restore()

    def _tile(self, painter: QPainter, option: QStyleOptionViewItem, cell: QRect) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.TILE_HOVER if selected else style.TILE)
        painter.drawRoundedRect(QRectF(cell), 4, 4)
        if selected:
            painter.setPen(QPen(style.ACCENT, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(cell).adjusted(1, 1, -1, -1), 4, 4)
        elif option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(style.MUTED, 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(cell).adjusted(1, 1, -1, -1), 4, 4)

    def _thumbnail(self, painter: QPainter, image: QImage | None, box: QRect) -> None:
        if image is None or image.isNull():
            self.missing += image is None
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.PLACEHOLDER)
            painter.drawRect(box.adjusted(24, 18, -24, -18))
            return
        ratio = image.devicePixelRatio()
        size = QSize(round(image.width() / ratio), round(image.height() / ratio))
        size = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(box.center())
        painter.drawImage(target, image)

    def _texts(
        self, painter: QPainter, index: QModelIndex | QPersistentModelIndex, area: QRect
    ) -> None:
        caption = index.data(PhotoRole.DISPLAY)
        detail = index.data(PhotoRole.DETAIL)
        if detail is None:
            self.missing += 1
        top = area.top()
        for text, font, colour in (
            (caption or "", self._caption_font, style.TEXT),
            (detail or "", self._detail_font, style.MUTED),
        ):
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(colour)
            line = QRect(area.left(), top, area.width(), metrics.height())
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, area.width())
            painter.drawText(
                line, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, elided
            )
            top += self._line(font)

    @staticmethod
    def _line(font: QFont) -> int:
        return QFontMetrics(font).height() + 2
