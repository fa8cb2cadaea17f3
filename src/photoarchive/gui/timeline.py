"""The timeline strip: photos per year as bars stacked by programme, for picking a year range."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from photoarchive.catalogue.query import YearHistogram
from photoarchive.gui.timeline_layout import (
    BAR_HEIGHT,
    MARGIN,
    MIN_SLOT,
    SEPARATION,
    Geometry,
    Slot,
    layout,
)

# Okabe and Ito's colour-blind-safe set without black, then Tol's olive. In programme-id
# order neighbours differ in hue and lightness, as stacked segments touch.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999933")
NO_PROGRAMME = "#9E9E9E"  # mid grey reads on light and dark themes alike

UNDATED = "Undated"
HINT = "Click or drag to choose years · Esc shows all"

_TEXT, _HIGHLIGHT = QPalette.ColorRole.Text, QPalette.ColorRole.Highlight
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_KEYS: tuple[int, ...] = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)


def programme_colour(programme_id: int | None) -> QColor:
    """The colour of a programme's bar segments and facet chips (grey for no programme)."""
    if programme_id is None:
        return QColor(NO_PROGRAMME)
    return QColor(PALETTE[(programme_id - 1) % len(PALETTE)])


def range_text(years: tuple[int, int] | None) -> str:
    """ "1992–1997", "1997" or "All years"."""
    if years is None:
        return "All years"
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def _photos(n: int) -> str:
    return f"{n:,} photo" if n == 1 else f"{n:,} photos"


class TimelineWidget(QWidget):
    """A histogram strip of photos per year, stacked and coloured by programme.

    Click a bar to pick a year, drag or Shift+click to pick a range, double-click or Escape
    to clear; Left/Right move the range, Shift+Left/Right move its free end, Home/End jump.
    Decade-only and undated photos stand apart at the right: the year filter never matches
    them, so clicking those bars is ignored. The span runs from the oldest to the newest
    year in the histogram, widened to keep the selected range in view.
    """

    rangeChanged = Signal(object)  # (first, last) or None, when the user changes the range

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._histogram = YearHistogram()
        self._names: dict[int, str] = {}
        self._anchor: int | None = None  # the end of the range that stays put
        self._cursor: int | None = None  # the end that drags and Shift+arrows move
        self._range_at_press: tuple[int, int] | None = None
        self._dragging = False
        self._hover: int | str | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Timeline: photos per year")

    # ------------------------------------------------------------ public API

    def set_histogram(self, histogram: YearHistogram, programme_names: dict[int, str]) -> None:
        self._histogram, self._names = histogram, dict(programme_names)
        self._hover = None
        self.updateGeometry()
        self.update()

    def selected_range(self) -> tuple[int, int] | None:
        if self._anchor is None or self._cursor is None:
            return None
        return min(self._anchor, self._cursor), max(self._anchor, self._cursor)

    def set_selected_range(self, years: tuple[int, int] | None) -> None:
        """Show ``years`` as the selection without emitting rangeChanged."""
        self._anchor, self._cursor = (min(years), max(years)) if years else (None, None)
        self.updateGeometry()
        self.update()

    def range_text(self) -> str:
        return range_text(self.selected_range())

    def years(self) -> list[int]:
        """Every year shown, oldest first, including years without photos."""
        known = [year for year, n in self._histogram.years.items() if n]
        known += self.selected_range() or ()
        return list(range(min(known), max(known) + 1)) if known else []

    def bar_rect(self, year: int) -> QRect:
        """The bar of ``year`` at full height, as clicked (empty if the year is not shown)."""
        return next((s.rect for s in self._geometry().years if s.key == year), QRect())

    def extra_rect(self, label: str) -> QRect:
        """The column of a bar shown apart: "1990s" or "Undated"."""
        return next((s.rect for s in self._geometry().extras if s.key == label), QRect())

    def tooltip_text(self, pos: QPoint) -> str | None:
        """Exact counts for the bar at ``pos``: its total and, for a year, per programme."""
        geometry = self._geometry()
        slot = geometry.slot_at(pos.x())
        if slot is None or pos.y() <= geometry.header.bottom():
            return None
        if isinstance(slot.key, str):
            what = "with no date" if slot.key == UNDATED else "dated only to the decade"
            outside = "<br><i>Outside every year range</i>"
            return f"<b>{slot.key}</b>: {_photos(slot.total)} {what}{outside}"
        lines = [f"<b>{slot.key}</b>: {_photos(slot.total) if slot.total else 'no photos'}"]
        for programme, n in self._segments(slot.key):
            name = self._names.get(programme, f"Programme {programme}") if programme else None
            chip = f"<span style='color:{programme_colour(programme).name()}'>■</span>"
            lines.append(f"{chip} {html.escape(name or 'No programme')}: {n:,}")
        return "<br>".join(lines)

    # ------------------------------------------------------------ size and geometry

    def sizeHint(self) -> QSize:
        return QSize(max(480, self._content_width(24)), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._content_width(MIN_SLOT), self._height())

    def _height(self) -> int:
        return self.fontMetrics().height() + BAR_HEIGHT + self._small_metrics().height() + 18

    def _content_width(self, slot: int) -> int:
        extras = sum(self._extra_widths())
        return 2 * MARGIN + len(self.years()) * slot + (SEPARATION + extras if extras else 0)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        return font

    def _small_metrics(self) -> QFontMetrics:
        return QFontMetrics(self._small_font())

    def _extras(self) -> list[tuple[str, int]]:
        decades = [(f"{decade}s", n) for decade, n in sorted(self._histogram.decade_only.items())]
        return [(label, n) for label, n in [*decades, (UNDATED, self._histogram.undated)] if n]

    def _extra_widths(self) -> list[int]:
        metrics = self._small_metrics()
        return [max(MIN_SLOT, metrics.horizontalAdvance(label) + 10) for label, _ in self._extras()]

    def _geometry(self) -> Geometry:
        return layout(
            self.width(),
            header_height=self.fontMetrics().height() + 6,
            years=self.years(),
            year_totals=self._histogram.years,
            extras=self._extras(),
            extra_widths=self._extra_widths(),
            label_width=self._small_metrics().horizontalAdvance("0000") + 6,
        )

    def _segments(self, year: int) -> list[tuple[int | None, int]]:
        """(programme, photos) of a year: programmes in id order, "no programme" on top."""
        counts = self._histogram.programmes.get(year, {})
        ordered = sorted(counts.items(), key=lambda item: (item[0] is None, item[0] or 0))
        return [(programme, n) for programme, n in ordered if n]

    def _in_range(self, key: int | str) -> bool:
        chosen = self.selected_range()
        return isinstance(key, int) and chosen is not None and chosen[0] <= key <= chosen[1]

    def _count_in_range(self) -> int:
        chosen, histogram = self.selected_range(), self._histogram
        if chosen is None:
            apart = sum(histogram.decade_only.values()) + histogram.undated
            return sum(histogram.years.values()) + apart
        return sum(n for year, n in histogram.years.items() if chosen[0] <= year <= chosen[1])

    # ------------------------------------------------------------ painting

    def _colour(self, role: QPalette.ColorRole, alpha: int = 255) -> QColor:
        colour = QColor(self.palette().color(role))
        colour.setAlpha(alpha)
        return colour

    def paintEvent(self, event: QPaintEvent) -> None:
        geometry = self._geometry()
        slots = geometry.years + geometry.extras
        scale = (BAR_HEIGHT - 6) / max([1] + [slot.total for slot in slots])
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_backdrop(painter, geometry)
        for slot in slots:
            self._paint_bar(painter, slot, geometry.bar_width, scale)
        self._paint_axis(painter, geometry)
        self._paint_header(painter, geometry.header)
        painter.end()

    def _paint_backdrop(self, painter: QPainter, geometry: Geometry) -> None:
        """The band behind the chosen years and the hovered bar."""
        painter.setPen(Qt.PenStyle.NoPen)
        below = self._small_metrics().height() + 4
        chosen = [slot.rect for slot in geometry.years if self._in_range(slot.key)]
        if chosen:
            painter.setBrush(self._colour(_HIGHLIGHT, 60))
            band = chosen[0].united(chosen[-1]).adjusted(-3, -3, 3, below)
            painter.drawRoundedRect(QRectF(band), 4, 4)
        hovered = [s.rect for s in geometry.years + geometry.extras if s.key == self._hover]
        if hovered and not self._dragging:
            painter.setBrush(self._colour(_TEXT, 24))
            painter.drawRoundedRect(QRectF(hovered[0].adjusted(-3, -3, 3, below)), 3, 3)

    def _paint_bar(self, painter: QPainter, slot: Slot, width: int, scale: float) -> None:
        if not slot.total:
            return
        height = max(2, round(slot.total * scale))
        width = min(width, slot.rect.width())
        left = slot.rect.left() + (slot.rect.width() - width) // 2
        bar = QRectF(left, slot.rect.bottom() + 1 - height, width, height)
        outline = QPainterPath()
        outline.addRoundedRect(bar, min(2.0, width / 3), min(2.0, width / 3))
        painter.save()
        painter.setClipPath(outline)
        if self.selected_range() is not None and not self._in_range(slot.key):
            painter.setOpacity(0.4)
        if isinstance(slot.key, int):
            self._paint_stack(painter, bar, slot.key, slot.total)
        else:  # hatched and neutral: "not a year" before anyone reads the label
            painter.fillRect(bar, self._colour(_TEXT, 55))
            painter.fillRect(bar, QBrush(self._colour(_TEXT, 130), Qt.BrushStyle.BDiagPattern))
        painter.restore()

    def _paint_stack(self, painter: QPainter, bar: QRectF, year: int, total: int) -> None:
        done = 0
        for programme, n in self._segments(year):
            # Rounding the running total, not each segment, leaves no hairline gaps.
            low = bar.bottom() - round(done / total * bar.height())
            done += n
            high = bar.bottom() - round(done / total * bar.height())
            segment = QRectF(bar.left(), high, bar.width(), low - high)
            painter.fillRect(segment, programme_colour(programme))

    def _paint_axis(self, painter: QPainter, geometry: Geometry) -> None:
        painter.setFont(self._small_font())
        slots = geometry.years + geometry.extras
        if not slots:
            painter.setPen(self._colour(_TEXT, 150))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No photos")
            return
        baseline, label_height = slots[0].rect.bottom() + 1, self._small_metrics().height()
        painter.setPen(QPen(self._colour(_TEXT, 90), 1))
        if geometry.years:
            painter.drawLine(
                geometry.years[0].rect.left(), baseline, geometry.years[-1].rect.right(), baseline
            )
        for slot in slots:
            if isinstance(slot.key, int) and slot.key % geometry.label_step:
                continue
            painter.setPen(self._colour(_TEXT, 255 if self._in_range(slot.key) else 190))
            width = self._small_metrics().horizontalAdvance(str(slot.key)) + 2
            # Centred under the bar, but never cut off at either edge of the strip.
            left = max(0, min(self.width() - width, slot.rect.center().x() - width // 2))
            box = QRect(left, baseline + 3, width, label_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, str(slot.key))
        if geometry.extras:
            x = geometry.extras[0].rect.left() - SEPARATION // 2
            painter.setPen(QPen(self._colour(_TEXT, 80), 1, Qt.PenStyle.DashLine))
            painter.drawLine(x, geometry.extras[0].rect.top() + 4, x, baseline + label_height)

    def _paint_header(self, painter: QPainter, header: QRect) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        label, count = self.range_text(), f"  ·  {_photos(self._count_in_range())}"
        painter.setFont(bold)
        painter.setPen(self._colour(_TEXT))
        painter.drawText(header, _LEFT, label)
        painter.setFont(self.font())
        painter.setPen(self._colour(_TEXT, 150))
        label_width = QFontMetrics(bold).horizontalAdvance(label)
        painter.drawText(header.adjusted(label_width, 0, 0, 0), _LEFT, count)
        room = header.width() - label_width - self.fontMetrics().horizontalAdvance(HINT + count)
        if self.years() and room > 40:
            painter.drawText(header, _RIGHT, HINT)
        if self.hasFocus():
            painter.setPen(QPen(self._colour(_HIGHLIGHT, 200), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    # ------------------------------------------------------------ mouse and keyboard

    def mousePressEvent(self, event: QMouseEvent) -> None:
        slot = self._geometry().slot_at(event.position().toPoint().x())
        if event.button() != Qt.MouseButton.LeftButton or slot is None or isinstance(slot.key, str):
            return
        self._range_at_press = self.selected_range()
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if not (shift and self._anchor is not None):
            self._anchor = slot.key
        self._cursor, self._dragging = slot.key, True
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x, years = event.position().toPoint().x(), self._geometry().years
        if self._dragging and years:
            # Beyond either end the drag holds at the first or last year; gaps count too.
            x = max(years[0].rect.left(), min(years[-1].rect.right(), x))
        slot = self._geometry().slot_at(x)
        if self._dragging and slot is not None and isinstance(slot.key, int):
            self._cursor = slot.key
        self._hover = slot.key if slot else None
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            if self.selected_range() != self._range_at_press:
                self.rangeChanged.emit(self.selected_range())
            self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._dragging = False
        self._change(None, None)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        years, key = self.years(), event.key()
        if key == Qt.Key.Key_Escape and self.selected_range() is not None:
            self._change(None, None)
        elif years and key in _KEYS:
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self._move(years[0], years[-1], key, shift)
        else:
            super().keyPressEvent(event)

    def _move(self, first: int, last: int, key: int, shift: bool) -> None:
        if self._anchor is None or self._cursor is None:
            start = first if key in (Qt.Key.Key_Right, Qt.Key.Key_Home) else last
            self._change(start, start)
            return
        low, high = min(self._anchor, self._cursor), max(self._anchor, self._cursor)
        left, right, home, end = _KEYS
        if shift:
            cursor = {left: self._cursor - 1, right: self._cursor + 1, home: first, end: last}
            self._change(self._anchor, max(first, min(last, cursor[key])))
            return
        steps = {left: -1, right: 1, home: first - low, end: last - high}
        step = max(first - low, min(last - high, steps[key]))  # the range keeps its length
        self._change(self._anchor + step, self._cursor + step)

    def _change(self, anchor: int | None, cursor: int | None) -> None:
        before = self.selected_range()
        self._anchor, self._cursor = anchor, cursor
        self.update()
        if self.selected_range() != before:
            self.rangeChanged.emit(self.selected_range())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_text(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
