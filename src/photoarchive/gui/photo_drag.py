"""Photos dragged out of the grid: the mime type carrying their ids, and the picture under the
pointer while they are dragged."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPixmap

from photoarchive.gui import style

PHOTO_IDS = "application/x-photoarchive-photo-ids"
DRAG_SIZE = 96  # px: the dragged thumbnail's longest side


def photo_ids_mime(photo_ids: Sequence[int]) -> QMimeData:
    """The dragged photos in grid order, as JSON: ``{"photos": [12, 7, 31]}``."""
    mime = QMimeData()
    mime.setData(PHOTO_IDS, QByteArray(json.dumps({"photos": list(photo_ids)}).encode()))
    return mime


def dropped_photo_ids(mime: QMimeData) -> list[int]:
    """The photo ids a drop carries, in order; none when it carries something else."""
    if not mime.hasFormat(PHOTO_IDS):
        return []
    try:
        photos = json.loads(bytes(mime.data(PHOTO_IDS).data()).decode())["photos"]
    except (ValueError, KeyError, TypeError):
        return []
    if not isinstance(photos, list):
        return []
    return [pid for pid in photos if isinstance(pid, int) and not isinstance(pid, bool)]


def drag_pixmap(thumbnail: QImage | None, count: int) -> QPixmap:
    """The first photo's thumbnail (or a tile) with the number of photos dragged on it."""
    pixmap = QPixmap(DRAG_SIZE, DRAG_SIZE * 3 // 4)
    pixmap.fill(style.TILE)
    painter = QPainter(pixmap)
    try:
        if thumbnail is not None and not thumbnail.isNull():
            target = QRect(QPoint(0, 0), thumbnail.size().scaled(pixmap.size(), _KEEP))
            target.moveCenter(pixmap.rect().center())
            painter.drawImage(target, thumbnail)
        if count > 1:
            font = QFont()
            font.setBold(True)
            painter.setFont(font)
            text = f"{count:,}"
            width = painter.fontMetrics().horizontalAdvance(text) + 12
            badge = QRect(pixmap.width() - width - 4, 4, width, 18)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.ACCENT)
            painter.drawRoundedRect(badge, 9, 9)
            painter.setPen(style.TEXT)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    finally:
        painter.end()
    return pixmap


_KEEP = Qt.AspectRatioMode.KeepAspectRatio
