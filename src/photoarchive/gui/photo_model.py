"""The grid's item model: the ids matching the filter, with rows and thumbnails read on demand.

The model holds only the list of ids. ``data()`` answers from two bounded caches and, for a
row not read yet, asks the :class:`~photoarchive.gui.thumbnails.GridLoader` for it and
returns nothing; when the loader answers, ``dataChanged`` repaints that row. So a filter
matching 100,000 photos costs one list of ints, and only what is on screen is ever read.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QImage

from photoarchive.catalogue.credits import house_credit
from photoarchive.catalogue.query import Sort
from photoarchive.catalogue.records import PhotoRecord
from photoarchive.gui import describe
from photoarchive.gui.thumbnails import GridLoader, RecordPage, ThumbnailBatch

PAGE = 200  # rows read in one query
THUMBNAIL_BATCH = 24  # thumbnails read and decoded in one job
RECORD_CACHE = 20_000  # records kept, about 20 MB
THUMBNAIL_CACHE = 600  # decoded thumbnails kept, about 70 MB; a large screen shows 60

Index = QModelIndex | QPersistentModelIndex


class PhotoRole(enum.IntEnum):
    """What the grid's cells and the viewer ask the model for."""

    DISPLAY = Qt.ItemDataRole.DisplayRole.value  # the caption line
    THUMBNAIL = Qt.ItemDataRole.DecorationRole.value  # a QImage, None until read
    ID = Qt.ItemDataRole.UserRole.value + 1
    SORT_VALUE = Qt.ItemDataRole.UserRole.value + 2  # what the current sort orders by
    RECORD = Qt.ItemDataRole.UserRole.value + 3  # the PhotoRecord, None until read
    DETAIL = Qt.ItemDataRole.UserRole.value + 4  # "Baku · 2022"


class PhotoModel(QAbstractListModel):
    """Photos in filter order: one row per id, read lazily through a loader."""

    def __init__(self, loader: GridLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self._ids: list[int] = []
        self._sort = Sort.DATE
        self._generation = 0
        self._records: OrderedDict[int, PhotoRecord] = OrderedDict()
        self._thumbnails: OrderedDict[int, QImage] = OrderedDict()
        self._pending_pages: set[int] = set()
        self._pending_thumbnails: set[int] = set()
        self._wanted: list[tuple[int, int]] = []
        self._box, self._ratio = QSize(196, 147), 1.0
        self._flush = QTimer(self, singleShot=True, interval=0)
        self._flush.timeout.connect(self._request_thumbnails)
        loader.recordsLoaded.connect(self._records_loaded)
        loader.thumbnailsLoaded.connect(self._thumbnails_loaded)

    # ------------------------------------------------------------ contents

    @property
    def ids(self) -> list[int]:
        """The photo ids in row order (do not change the list)."""
        return self._ids

    def set_photos(self, ids: list[int], sort: Sort) -> None:
        """Show ``ids`` in this order: a reset, so views drop their selection."""
        self.beginResetModel()
        self._ids, self._sort = ids, sort
        self._generation += 1
        self._pending_pages.clear()
        self._pending_thumbnails.clear()
        self._wanted.clear()
        self.loader.clear()
        self.endResetModel()

    def forget_records(self, ids: list[int]) -> None:
        """Read these photos' records again (after their tags changed)."""
        for photo_id in ids:
            self._records.pop(photo_id, None)
        # Pages in flight may hold the old values: a new generation ignores them.
        self._generation += 1
        self._pending_pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def set_thumbnail_box(self, box: QSize, ratio: float) -> None:
        """Thumbnails fit ``box`` (logical pixels) on a screen of device pixel ratio ``ratio``."""
        if box == self._box and ratio == self._ratio:
            return
        self._box, self._ratio = QSize(box), ratio
        self._thumbnails.clear()
        self._pending_thumbnails.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def cached_record(self, photo_id: int) -> PhotoRecord | None:
        return self._records.get(photo_id)

    def cached_thumbnail(self, photo_id: int) -> QImage | None:
        return self._thumbnails.get(photo_id)

    def row_of(self, photo_id: int) -> int | None:
        try:
            return self._ids.index(photo_id)
        except ValueError:
            return None

    # ------------------------------------------------------------ the model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._ids):
            return None
        photo_id = self._ids[row]
        if role == PhotoRole.ID:
            return photo_id
        if role == PhotoRole.THUMBNAIL:
            return self._thumbnail(row, photo_id)
        if role not in _RECORD_ROLES:
            return None
        record = self._record(row, photo_id)
        if record is None:
            return None
        return _RECORD_ROLES[role](record, self._sort)

    # ------------------------------------------------------------ caches and requests

    def _record(self, row: int, photo_id: int) -> PhotoRecord | None:
        record = self._records.get(photo_id)
        if record is not None:
            return record
        page = row // PAGE
        if page not in self._pending_pages:
            self._pending_pages.add(page)
            ids = tuple(self._ids[page * PAGE : (page + 1) * PAGE])
            self._dropped(self.loader.request(RecordPage(self._generation, page, page * PAGE, ids)))
        return None

    def _thumbnail(self, row: int, photo_id: int) -> QImage | None:
        image = self._thumbnails.get(photo_id)
        if image is not None:
            self._thumbnails.move_to_end(photo_id)
            return image
        if photo_id not in self._pending_thumbnails:
            self._pending_thumbnails.add(photo_id)
            self._wanted.append((row, photo_id))
            self._flush.start()
        return None

    def _request_thumbnails(self) -> None:
        wanted, self._wanted = self._wanted, []
        batches = [wanted[i : i + THUMBNAIL_BATCH] for i in range(0, len(wanted), THUMBNAIL_BATCH)]
        # The loader serves the newest request first: send the top of the screen last.
        for batch in reversed(batches):
            request = ThumbnailBatch(self._generation, tuple(batch), QSize(self._box), self._ratio)
            self._dropped(self.loader.request(request))

    def _dropped(self, requests: list[RecordPage | ThumbnailBatch]) -> None:
        """Requests pushed out of the loader's queue are asked again when next painted."""
        for request in requests:
            if isinstance(request, RecordPage):
                if request.generation == self._generation:
                    self._pending_pages.discard(request.page)
            else:
                self._pending_thumbnails.difference_update(pid for _, pid in request.rows)

    def _records_loaded(self, page: RecordPage, records: list[PhotoRecord]) -> None:
        if page.generation != self._generation:
            return  # a filter or an edit came after: these rows may be stale
        self._pending_pages.discard(page.page)
        for record in records:
            self._records[record.id] = record
        while len(self._records) > RECORD_CACHE:
            self._records.popitem(last=False)
        last = min(page.first_row + len(page.ids), len(self._ids)) - 1
        if last >= page.first_row:
            self.dataChanged.emit(self.index(page.first_row), self.index(last))

    def _thumbnails_loaded(self, batch: ThumbnailBatch, images: dict[int, QImage]) -> None:
        if batch.box != self._box or batch.ratio != self._ratio:
            return
        for photo_id, image in images.items():
            self._thumbnails[photo_id] = image
            self._pending_thumbnails.discard(photo_id)
        while len(self._thumbnails) > THUMBNAIL_CACHE:
            self._thumbnails.popitem(last=False)
        if batch.generation != self._generation:
            return
        for row, _photo_id in batch.rows:
            if row < len(self._ids):
                self.dataChanged.emit(self.index(row), self.index(row), [PhotoRole.THUMBNAIL])


def _sort_value(record: PhotoRecord, sort: Sort) -> str:
    if sort is Sort.PLACE:
        return " > ".join(record.place_path)
    if sort is Sort.IMPORTED:
        return record.imported_at.isoformat(timespec="seconds")
    return record.date_taken.isoformat() if record.date_taken else ""


def _tooltip(record: PhotoRecord, _sort: Sort) -> str:
    lines = [record.caption or "No caption", house_credit(record)]
    return "\n".join(line for line in lines if line)


_RECORD_ROLES = {
    PhotoRole.DISPLAY: lambda record, _sort: (record.caption or "").split("\n")[0],
    PhotoRole.DETAIL: lambda record, _sort: describe.detail_line(record),
    PhotoRole.SORT_VALUE: _sort_value,
    PhotoRole.RECORD: lambda record, _sort: record,
    Qt.ItemDataRole.ToolTipRole.value: _tooltip,
}
