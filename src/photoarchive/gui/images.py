"""Reading a photo for the viewer off the GUI thread: the original, read-only, upright, scaled.

An original that is not reachable (a drive not plugged in, a moved share) is replaced by the
catalogue's thumbnail, with a note saying so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImage

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.records import PhotoRecord, photo_records
from photoarchive.catalogue.thumbnails import thumbnail_data
from photoarchive.gui.mailbox import Mailbox
from photoarchive.gui.workers import Worker

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

log = logging.getLogger(__name__)

OFFLINE_NOTE = "Original not reachable — showing the thumbnail"
UNREADABLE_NOTE = "The original could not be read — showing the thumbnail"


@dataclass(frozen=True, slots=True)
class ViewerImage:
    """The picture to show for a photo; ``note`` says why it is only the thumbnail."""

    photo_id: int
    image: QImage
    full_size: bool
    note: str = ""


class ImageLoader(QObject):
    """Loads the viewer's record and picture on its own thread; only the newest request counts."""

    recordLoaded = Signal(int, object)  # request number, PhotoRecord (None: gone)
    imageLoaded = Signal(int, object)  # request number, ViewerImage

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.generation = 0
        self._worker = Worker("viewer-images", order="latest")
        self._mailbox = Mailbox(self)

    def load(self, photo_id: int, max_size: QSize | None, *, with_record: bool = True) -> int:
        """Ask for ``photo_id`` scaled to fit ``max_size`` device pixels (None: every pixel)."""
        self.generation += 1
        generation = self.generation
        size = (max_size.width(), max_size.height()) if max_size is not None else None
        self._worker.submit(lambda: self._load(generation, photo_id, size, with_record))
        return generation

    def close(self) -> None:
        self._worker.stop()
        self._mailbox.close()

    def _load(
        self, generation: int, photo_id: int, size: tuple[int, int] | None, with_record: bool
    ) -> None:
        with self.catalogue.session() as session:
            found = photo_records(session, [photo_id])
        record = found[0] if found else None
        if with_record:
            self._mailbox.post(self.recordLoaded.emit, generation, record)
        if record is None or generation != self.generation:
            return
        self._mailbox.post(self.imageLoaded.emit, generation, self._picture(record, size))

    def _picture(self, record: PhotoRecord, size: tuple[int, int] | None) -> ViewerImage:
        note = OFFLINE_NOTE
        for path in map(Path, record.paths):
            if not path.is_file():
                continue
            try:
                return ViewerImage(record.id, read_original(path, size), size is None)
            except (OSError, ValueError, _decompression_bomb()):
                log.warning("Could not read the original %s", path, exc_info=True)
                note = UNREADABLE_NOTE
        with self.catalogue.session() as session:
            data = thumbnail_data(session, [record.id]).get(record.id)
        image = QImage.fromData(data) if data else QImage()
        return ViewerImage(record.id, image, False, note)


def _decompression_bomb() -> type[Exception]:
    from PIL import Image  # noqa: PLC0415 - Pillow loads with the first photo viewed

    return Image.DecompressionBombError


def read_original(path: Path, size: tuple[int, int] | None) -> QImage:
    """The image at ``path`` (opened read-only), turned upright by its EXIF orientation and,
    with ``size``, scaled down to fit a box that large whichever way it is turned."""
    from PIL import Image, ImageOps  # noqa: PLC0415

    with path.open("rb") as handle, Image.open(handle) as opened:
        if size is not None:
            longest = max(size)
            opened.draft("RGB", (longest, longest))  # JPEG decodes at 1/2, 1/4 or 1/8 scale
        image = ImageOps.exif_transpose(opened)
        if size is not None:
            image.thumbnail(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        return to_qimage(image)


def to_qimage(image: PILImage) -> QImage:
    """A QImage owning a copy of ``image``'s pixels."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode, layout = (
        ("RGBA", QImage.Format.Format_RGBA8888)
        if has_alpha
        else (
            "RGB",
            QImage.Format.Format_RGB888,
        )
    )
    if image.mode != mode:
        image = image.convert(mode)
    data = image.tobytes()
    channels = len(mode)
    return QImage(data, image.width, image.height, image.width * channels, layout).copy()
