"""Loading the grid's rows and thumbnails off the GUI thread, newest request first.

One worker thread with its own database sessions reads pages of records
(:func:`photoarchive.catalogue.records.photo_records`) and thumbnails, decodes and scales the
thumbnails to the cell size in device pixels, and hands them to the GUI thread through a
mailbox, which emits them there as signals.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.records import photo_records
from photoarchive.catalogue.thumbnails import thumbnail_data
from photoarchive.gui.images import to_qimage
from photoarchive.gui.mailbox import Mailbox
from photoarchive.gui.workers import Job, Worker

# Waiting requests kept; older ones scrolled out of sight and are dropped.
QUEUE_LIMIT = 16
PAUSE_LIMIT = 0.5  # seconds a pause lasts at most, whatever happens to the question


@dataclass(frozen=True, slots=True)
class RecordPage:
    """Rows ``first_row`` onwards of the model's generation ``generation``."""

    generation: int
    page: int
    first_row: int
    ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ThumbnailBatch:
    """(row, photo id) pairs wanted at ``box`` logical pixels on a ``ratio`` screen."""

    generation: int
    rows: tuple[tuple[int, int], ...]
    box: QSize
    ratio: float


class GridLoader(QObject):
    """Reads record pages and thumbnails for :class:`~photoarchive.gui.photo_model.PhotoModel`."""

    recordsLoaded = Signal(object, list)  # RecordPage, its records in row order
    thumbnailsLoaded = Signal(object, object)  # ThumbnailBatch, {photo id: QImage}

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._running = threading.Event()
        self._running.set()
        self._worker = Worker("grid-loader", order="lifo", limit=QUEUE_LIMIT)
        self._mailbox = Mailbox(self)

    def pause(self) -> None:
        """Hold reads while the filter's ids are read: the grid will show other rows anyway,
        and reading them would slow the query down."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def request(self, request: RecordPage | ThumbnailBatch) -> list[RecordPage | ThumbnailBatch]:
        """Queue ``request``; returns the requests it pushed out of the queue."""
        return self._requests(self._worker.submit(_Load(self, request)))

    def clear(self) -> list[RecordPage | ThumbnailBatch]:
        return self._requests(self._worker.clear())

    def close(self) -> None:
        self._running.set()
        self._worker.stop()
        self._mailbox.close()

    @staticmethod
    def _requests(jobs: list[Job]) -> list[RecordPage | ThumbnailBatch]:
        return [job.request for job in jobs if isinstance(job, _Load)]

    def run(self, request: RecordPage | ThumbnailBatch) -> None:
        """Worker side: read, decode and emit."""
        self._running.wait(PAUSE_LIMIT)
        with self.catalogue.session() as session:
            if isinstance(request, RecordPage):
                records = photo_records(session, request.ids)
                self._mailbox.post(self.recordsLoaded.emit, request, records)
                return
            data = thumbnail_data(session, [photo_id for _, photo_id in request.rows])
        # A photo without a thumbnail gets a null image: "no preview", not "still loading".
        images = {
            pid: thumbnail_image(data[pid], request.box, request.ratio) if pid in data else QImage()
            for _, pid in request.rows
        }
        self._mailbox.post(self.thumbnailsLoaded.emit, request, images)


@dataclass(frozen=True, slots=True)
class _Load:
    loader: GridLoader
    request: RecordPage | ThumbnailBatch

    def __call__(self) -> None:
        self.loader.run(self.request)


def thumbnail_image(data: bytes, box: QSize, ratio: float) -> QImage:
    """A JPEG thumbnail decoded and scaled to fit ``box`` (logical pixels) on a ``ratio`` screen;
    a null image when it cannot be read.

    Pillow decodes and scales: it lets go of the interpreter lock while it works, where Qt's
    decoder, called from Python, keeps it, and the GUI thread stood still meanwhile. Only its
    JPEG reader is tried (the importer writes every thumbnail as a JPEG), and the filter is
    bilinear, as Qt's smooth scaling is: 1.4 ms a thumbnail, as with Qt, against 2.5 ms with
    every reader tried and bicubic. QImage, not QPixmap: it is made outside the GUI thread.
    """
    from PIL import Image  # noqa: PLC0415 - with the first thumbnail, not at launch

    try:
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as opened:
            width, height = opened.size
            scale = min(box.width() * ratio / width, box.height() * ratio / height)
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            image: Image.Image = opened
            if size != opened.size:
                image = opened.resize(size, Image.Resampling.BILINEAR)
            image.load()
            picture = to_qimage(image)
    except (OSError, ValueError, Image.DecompressionBombError):
        return QImage()
    picture.setDevicePixelRatio(ratio)
    return picture
