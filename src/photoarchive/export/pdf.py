"""The PDF booklet of a gallery, drawn with Qt's QPdfWriter: the one Qt module outside gui/.

A title page with the introduction; each section opens a page with its heading and text; each
photo has a page of its own with its caption and credit line beneath. Texts are laid out by
QTextDocument from plain text (never HTML), so a caption cannot inject markup.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from photoarchive.catalogue.galleries import Localised
from photoarchive.export.content import ExportGallery, ExportPhoto

RESOLUTION = 300  # dots per inch: the exported images are sharp at A4 width
FAMILIES = ["Noto Sans", "DejaVu Sans", "Helvetica", "Arial"]
INK, MUTED = (31, 31, 29), (102, 102, 95)  # the site's colours
CAPTION_GAP_PT = 10
_application: QGuiApplication | None = None


@dataclass(frozen=True, slots=True)
class _Style:
    size: float  # points
    bold: bool = False
    colour: tuple[int, int, int] = INK
    after: float = 6  # points below the paragraph


KICKER = _Style(8.5, bold=True, colour=MUTED, after=10)
TITLE = _Style(24, bold=True, after=18)
HEADING = _Style(17, bold=True, after=12)
BODY = _Style(10.5, after=8)
CAPTION = _Style(10.5, after=3)
CREDIT = _Style(8.5, colour=MUTED, after=0)


def ensure_application() -> QGuiApplication:
    """The QGuiApplication that fonts need; one is made (offscreen without a display) if the
    program has none. Call it from the main thread when there is no application yet."""
    global _application  # noqa: PLW0603 - Qt allows one application; it must outlive this call
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise RuntimeError("a QCoreApplication without a GUI cannot draw a PDF")
    no_display = not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
    if no_display and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _application = QGuiApplication(["photoarchive"])
    return _application


def write_booklet(
    path: Path,
    gallery: ExportGallery,
    folder: Path,
    *,
    made_on: str,
    before_photo: Callable[[int], None] | None = None,
) -> int:
    """Draw ``gallery`` into the PDF at ``path``; images are read from ``folder``.

    ``before_photo`` is called with the number of photos drawn so far before each photo
    page: it may report progress, or raise to stop. Returns the number of pages.
    """
    ensure_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(20, 20, 20, 22), QPageLayout.Unit.Millimeter)
    writer.setTitle(gallery.title.text)
    writer.setCreator("Photo Archive")
    painter = QPainter(writer)
    try:
        return _Booklet(writer, painter, before_photo).draw(gallery, folder, made_on)
    finally:
        painter.end()


class _Booklet:
    def __init__(
        self,
        writer: QPdfWriter,
        painter: QPainter,
        before_photo: Callable[[int], None] | None,
    ) -> None:
        self.writer, self.painter = writer, painter
        self.before_photo = before_photo or (lambda _done: None)
        self.photos = 0
        rect = writer.pageLayout().paintRectPixels(RESOLUTION)
        self.width, self.height = float(rect.width()), float(rect.height())
        self.points = RESOLUTION / 72  # device pixels per typographic point
        self.pages = 0

    def draw(self, gallery: ExportGallery, folder: Path, made_on: str) -> int:
        self._title_page(gallery, made_on)
        for block in gallery.blocks:
            parts = [(p, BODY) for p in block.paragraphs]
            if block.heading:
                parts.insert(0, (block.heading, HEADING))
            if parts:
                self._flow(self._document(parts), top=0.12)
            for photo in block.photos:
                self._photo_page(photo, folder)
        return self.pages

    def _title_page(self, gallery: ExportGallery, made_on: str) -> None:
        count = len(gallery.photos)
        kicker = f"PHOTO GALLERY · {count} PHOTO{'' if count == 1 else 'S'}"
        parts = [
            (Localised(kicker, gallery.language), KICKER),
            (gallery.title, TITLE),
            *[(paragraph, BODY) for paragraph in gallery.introduction],
            (Localised(f"Exported on {made_on} with Photo Archive.", "en"), CREDIT),
        ]
        self._flow(self._document(parts), top=0.22)

    def _photo_page(self, photo: ExportPhoto, folder: Path) -> None:
        self.before_photo(self.photos)
        self.photos += 1
        self._new_page()
        parts = []
        if photo.caption:
            parts.append((photo.caption, CAPTION))
        if photo.credit:
            parts.append((Localised(photo.credit, "en"), CREDIT))
        text = self._document(parts)
        below = (text.size().height() if parts else 0.0) + CAPTION_GAP_PT * self.points
        image = QImage(str(folder / photo.image))
        drawn = _fitted(
            image.width(), image.height(), QRectF(0, 0, self.width, self.height - below)
        )
        # The photo and its caption sit a little above the middle of the page, as in a book.
        drawn.moveTop(max(0.0, (self.height - drawn.height() - below) * 0.4))
        if not image.isNull():
            self.painter.drawImage(drawn, image)
        self.painter.save()
        self.painter.translate(0, drawn.bottom() + CAPTION_GAP_PT * self.points)
        text.drawContents(self.painter)
        self.painter.restore()

    def _flow(self, document: QTextDocument, top: float) -> None:
        """Draw a text from a new page: ``top`` page heights down when it fits on the page,
        else from the top over as many pages as it needs."""
        offset = top * self.height
        if document.size().height() + offset <= self.height:
            self._new_page()
            self.painter.save()
            self.painter.translate(0, offset)
            document.drawContents(self.painter)
            self.painter.restore()
            return
        document.setPageSize(QSizeF(self.width, self.height))
        for page in range(document.pageCount()):
            self._new_page()
            self.painter.save()
            self.painter.translate(0, -page * self.height)
            clip = QRectF(0, page * self.height, self.width, self.height)
            document.drawContents(self.painter, clip)
            self.painter.restore()

    def _new_page(self) -> None:
        if self.pages:
            self.writer.newPage()
        self.pages += 1

    def _document(self, parts: list[tuple[Localised, _Style]]) -> QTextDocument:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(self.writer)
        document.setDocumentMargin(0)
        document.setTextWidth(self.width)
        cursor = QTextCursor(document)
        for number, (text, style) in enumerate(parts):
            block = QTextBlockFormat()
            block.setBottomMargin(style.after * self.points)
            block.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            if number == 0:
                cursor.setBlockFormat(block)
            else:
                cursor.insertBlock(block)
            cursor.insertText(text.text, _characters(style))
        return document


def _characters(style: _Style) -> QTextCharFormat:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSizeF(style.size)
    font.setBold(style.bold)
    characters = QTextCharFormat()
    characters.setFont(font)
    characters.setForeground(QColor(*style.colour))
    return characters


def _fitted(width: int, height: int, room: QRectF) -> QRectF:
    """The largest rectangle of the image's proportions in ``room``, centred across it."""
    if width <= 0 or height <= 0:
        return QRectF(room.left(), room.top(), room.width(), 0)
    scale = min(room.width() / width, room.height() / height)
    drawn_width, drawn_height = width * scale, height * scale
    left = room.left() + (room.width() - drawn_width) / 2
    return QRectF(left, room.top(), drawn_width, drawn_height)
