"""How the gallery view draws and edits its rows: a photo with its caption and credit line, a
section with its heading and text; double-click or F2 edits the texts in place."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QImage,
    QKeyEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.galleries import ItemTexts
from photoarchive.gui import style
from photoarchive.gui.gallery_model import LANGUAGE_NAMES, ItemRole, Shown

Index = QModelIndex | QPersistentModelIndex
THUMBNAIL = QSize(128, 96)
PAD = 8
BODY_LINES = 4  # a section's text shows this many lines; the editor shows it all
CAPTION_LINES = 3
EDITOR_HEIGHT = 150  # px: a section's editor is at least this tall


class CaptionEditor(QPlainTextEdit):
    """A caption; Ctrl+Enter ends the edit (Enter is a new line), Escape drops it."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_ctrl_enter(event):
            self.done.emit()
        else:
            super().keyPressEvent(event)


class SectionEditor(QWidget):
    """A section's heading and text; ends on Ctrl+Enter, Enter in the heading, or when the
    keyboard focus leaves both fields."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.heading = QLineEdit()
        self.body = CaptionEditor()  # Enter in the heading ends the edit through the delegate
        self.body.done.connect(self._end)
        self._ended = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        self.setFocusProxy(self.heading)
        self._focus_timer = QTimer(self, singleShot=True, interval=0)
        self._focus_timer.timeout.connect(self._check_focus)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # Looked at once the event is over: Escape and Enter move the focus while the view
        # closes the editor, and that close must not become a second one.
        # (A timer, not a queued call: the view delivers the editor's posted events as it
        # closes it.)
        if old in (self.heading, self.body):
            self._focus_timer.start()

    def _check_focus(self) -> None:
        focus = QApplication.focusWidget()
        if self.isVisible() and focus is not None and focus not in (self.heading, self.body):
            self._end()

    def hideEvent(self, event: QHideEvent) -> None:
        self._ended = True  # closed by the view (Escape, Enter in the heading): nothing to tell
        super().hideEvent(event)

    def _end(self) -> None:
        if not self._ended:
            self._ended = True
            self.done.emit()


class GalleryItemDelegate(QStyledItemDelegate):
    """Paints photo and section rows; edits captions, headings and texts."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self._body_font = QFont()
        self._heading_font = QFont()
        self._heading_font.setBold(True)
        self._heading_font.setPointSizeF(self._body_font.pointSizeF() * 1.25)
        self._small_font = QFont()
        self._small_font.setPointSizeF(max(6.0, self._body_font.pointSizeF() - 1))

    # ------------------------------------------------------------ sizes

    def _text_width(self, index: Index) -> int:
        width = self.view.viewport().width() - 2 * PAD
        if index.data(ItemRole.PHOTO_ID) is not None:
            width -= THUMBNAIL.width() + PAD
        return max(120, width)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = self.view.viewport().width() - 4  # the view's spacing, both sides
        if index.data(ItemRole.PHOTO_ID) is not None:
            return QSize(width, THUMBNAIL.height() + 2 * PAD)
        heading, body = index.data(ItemRole.HEADING), index.data(ItemRole.BODY)
        text_width = self._text_width(index)
        height = 2 * PAD + 4
        if heading:
            height += _height(self._heading_font, heading.text, text_width, 2) + 4
        height += _height(self._body_font, body.text if body else "—", text_width, BODY_LINES)
        if _section_source(heading, body):
            height += QFontMetrics(self._small_font).lineSpacing() + 2
        return QSize(width, height)

    # ------------------------------------------------------------ painting

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        try:
            self._background(painter, option)
            if index.data(ItemRole.PHOTO_ID) is None:
                self._paint_section(painter, option.rect, index)
            else:
                self._paint_photo(painter, option.rect, index)
        finally:
            painter.restore()

    def _background(self, painter: QPainter, option: QStyleOptionViewItem) -> None:
        rect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, style.TILE_HOVER if selected else style.TILE)
        if selected:
            painter.setPen(QPen(style.ACCENT, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))

    def _paint_photo(self, painter: QPainter, rect: QRect, index: Index) -> None:
        box = QRect(rect.left() + PAD, rect.top() + PAD, THUMBNAIL.width(), THUMBNAIL.height())
        _thumbnail(painter, index.data(ItemRole.THUMBNAIL), box)
        left = box.right() + PAD
        area = QRect(left, rect.top() + PAD, rect.right() - PAD - left, rect.height() - 2 * PAD)
        caption: Shown | None = index.data(ItemRole.CAPTION)
        top = area.top()
        text = caption.text if caption else "No caption: double-click to write one"
        look = (self._body_font, style.TEXT if caption else style.MUTED)
        top = _draw(painter, look, _line(area, top), text, CAPTION_LINES)
        muted = (self._small_font, style.MUTED)
        if caption and caption.source:
            top = _draw(painter, muted, _line(area, top), _source_note(caption.source), 1)
        credit = index.data(ItemRole.CREDIT)
        if credit:
            _draw(painter, muted, _line(area, top + 2), credit, 1)

    def _paint_section(self, painter: QPainter, rect: QRect, index: Index) -> None:
        painter.fillRect(QRect(rect.left() + 2, rect.top() + 2, 4, rect.height() - 4), style.ACCENT)
        area = rect.adjusted(PAD + 6, PAD, -PAD, -PAD)
        heading: Shown | None = index.data(ItemRole.HEADING)
        body: Shown | None = index.data(ItemRole.BODY)
        top = area.top()
        if heading:
            look = (self._heading_font, style.TEXT)
            top = _draw(painter, look, _line(area, top), heading.text, 2) + 4
        text = body.text if body else ("" if heading else "An empty section: double-click to write")
        muted = (self._body_font, style.MUTED)
        top = _draw(painter, muted, _line(area, top), text or "—", BODY_LINES)
        source = _section_source(heading, body)
        if source:
            _draw(painter, (self._small_font, style.MUTED), _line(area, top + 2), source, 1)

    # ------------------------------------------------------------ editing

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor: CaptionEditor | SectionEditor
        if index.data(ItemRole.PHOTO_ID) is None:
            editor = SectionEditor(parent)
            editor.heading.setPlaceholderText("Heading")
        else:
            editor = CaptionEditor(parent)
        editor.done.connect(lambda: self._finish(editor))
        return editor

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        texts: ItemTexts = index.data(ItemRole.TEXTS) or ItemTexts()
        language = LANGUAGE_NAMES.get(_language(index), _language(index))
        if isinstance(editor, SectionEditor):
            editor.heading.setText(texts.heading or "")
            editor.body.setPlainText(texts.body or "")
            heading, body = index.data(ItemRole.HEADING), index.data(ItemRole.BODY)
            editor.heading.setPlaceholderText(heading.text if heading else f"Heading ({language})")
            editor.body.setPlaceholderText(body.text if body else f"Text ({language})")
        elif isinstance(editor, CaptionEditor):
            editor.setPlainText(texts.caption or "")
            shown = index.data(ItemRole.CAPTION)
            hint = f"Caption in {language}; Ctrl+Enter saves, Escape cancels"
            editor.setPlaceholderText(f"{shown.text}\n\n({hint})" if shown else hint)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        texts: ItemTexts = index.data(ItemRole.TEXTS) or ItemTexts()
        if isinstance(editor, SectionEditor):
            value = (editor.heading.text().strip(), editor.body.toPlainText().strip())
            if value != ((texts.heading or ""), (texts.body or "")):
                model.setData(index, value)
        elif isinstance(editor, CaptionEditor):
            caption = editor.toPlainText().strip()
            if caption != (texts.caption or ""):
                model.setData(index, caption)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect.adjusted(2, 2, -2, -2)
        if isinstance(editor, CaptionEditor):
            rect.setLeft(rect.left() + PAD + THUMBNAIL.width())
        else:
            rect.setHeight(max(rect.height(), EDITOR_HEIGHT))
        editor.setGeometry(rect)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        # A section's fields have the focus, not its editor: their focus changes end the edit.
        if isinstance(editor, SectionEditor) and event.type() == QEvent.Type.FocusOut:
            return False
        return super().eventFilter(editor, event)


def _language(index: Index) -> str:
    model = index.model()
    return str(getattr(model, "language", ""))


def _section_source(heading: Shown | None, body: Shown | None) -> str:
    """The note under a section whose texts are not all written in the chosen language."""
    sources = sorted({s.source for s in (heading, body) if s and s.source})
    return _source_note(sources[0]) if sources else ""


def _source_note(source: str) -> str:
    if source == "photo":
        return "The photo's own caption"
    return f"Not written in this language: shown in {LANGUAGE_NAMES.get(source, source)}"


def _is_ctrl_enter(event: QKeyEvent) -> bool:
    control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
    return bool(control) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _flags() -> int:
    return int(Qt.TextFlag.TextWordWrap.value)


def _height(font: QFont, text: str, width: int, lines: int) -> int:
    metrics = QFontMetrics(font)
    needed = metrics.boundingRect(QRect(0, 0, width, 10_000), _flags(), text).height()
    return min(needed, metrics.lineSpacing() * lines)


def _line(area: QRect, top: int) -> QRect:
    return QRect(area.left(), top, area.width(), 0)


def _draw(painter: QPainter, look: tuple[QFont, QColor], area: QRect, text: str, lines: int) -> int:
    """Draw ``text`` wrapped to at most ``lines`` lines from ``area``'s top; returns the bottom."""
    font, colour = look
    metrics = QFontMetrics(font)
    height = _height(font, text, area.width(), lines)
    painter.setFont(font)
    painter.setPen(colour)
    rect = QRect(area.left(), area.top(), area.width(), height)
    if metrics.boundingRect(QRect(0, 0, area.width(), 10_000), _flags(), text).height() > height:
        text = _elided(metrics, text, area.width(), lines)
    painter.drawText(rect, _flags(), text)
    return rect.bottom() + 1


def _elided(metrics: QFontMetrics, text: str, width: int, lines: int) -> str:
    """``text`` cut to fit ``lines`` wrapped lines, ending with an ellipsis."""
    words, kept = text.split(), ""
    limit = metrics.lineSpacing() * lines
    for word in words:
        trial = f"{kept} {word}".strip()
        size = metrics.boundingRect(QRect(0, 0, width, 10_000), _flags(), trial + " …")
        if size.height() > limit:
            break
        kept = trial
    return f"{kept} …"


def _thumbnail(painter: QPainter, image: QImage | None, box: QRect) -> None:
    if image is None or image.isNull():
        painter.fillRect(box.adjusted(16, 12, -16, -12), style.PLACEHOLDER)
        return
    ratio = image.devicePixelRatio()
    size = QSize(round(image.width() / ratio), round(image.height() / ratio))
    size = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRect(0, 0, size.width(), size.height())
    target.moveCenter(box.center())
    painter.drawImage(target, image)
