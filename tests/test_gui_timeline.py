"""The timeline strip: picking years with mouse and keyboard, counts, and drawing at any span."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from photoarchive.catalogue.query import YearHistogram
from photoarchive.gui.timeline import MIN_SLOT, TimelineWidget, programme_colour

NAMES = {1: "Reconnecting families and the missing", 3: "Weapon contamination", 4: "Health"}
HISTOGRAM = YearHistogram(
    years={1992: 5, 1995: 3, 1997: 12},
    programmes={1992: {1: 5}, 1995: {None: 3}, 1997: {3: 7, None: 5}},
    decade_only={1990: 4},
    undated=6,
)
LEFT = Qt.MouseButton.LeftButton


def timeline(
    qtbot: QtBot, histogram: YearHistogram = HISTOGRAM, width: int = 800
) -> TimelineWidget:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_histogram(histogram, NAMES)
    widget.resize(width, widget.sizeHint().height())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def span(first: int, last: int) -> YearHistogram:
    """A photo or two every year, with programmes 1–8 and none taking turns."""
    years = {year: 1 + year % 3 for year in range(first, last + 1)}
    programmes: dict[int, dict[int | None, int]] = {
        year: {(year % 9) or None: n} for year, n in years.items()
    }
    return YearHistogram(years, programmes)


def centre(widget: TimelineWidget, year: int) -> QPoint:
    return widget.bar_rect(year).center()


def test_all_years_between_oldest_and_newest_are_shown(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    assert widget.years() == list(range(1992, 1998))
    assert not widget.bar_rect(1994).isEmpty()  # an empty year keeps its place
    assert widget.bar_rect(1994).left() < widget.bar_rect(1995).left()
    assert widget.extra_rect("Undated").left() > widget.extra_rect("1990s").left()
    assert widget.extra_rect("1990s").left() > widget.bar_rect(1997).right() + 8


def test_clicking_a_bar_picks_its_year(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    with qtbot.waitSignal(widget.rangeChanged) as signal:
        qtbot.mouseClick(widget, LEFT, pos=centre(widget, 1995))
    assert signal.args == [(1995, 1995)]
    assert widget.selected_range() == (1995, 1995)
    assert widget.range_text() == "1995"


def test_dragging_across_bars_picks_a_range_either_way(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    with qtbot.waitSignal(widget.rangeChanged) as signal:
        qtbot.mousePress(widget, LEFT, pos=centre(widget, 1993))
        qtbot.mouseMove(widget, centre(widget, 1994))
        qtbot.mouseMove(widget, centre(widget, 1996))
        qtbot.mouseRelease(widget, LEFT, pos=centre(widget, 1996))
    assert signal.args == [(1993, 1996)]
    assert widget.range_text() == "1993–1996"

    with qtbot.waitSignal(widget.rangeChanged) as signal:
        qtbot.mousePress(widget, LEFT, pos=centre(widget, 1997))
        qtbot.mouseMove(widget, QPoint(2, centre(widget, 1992).y()))  # past the first year
        qtbot.mouseRelease(widget, LEFT, pos=QPoint(2, centre(widget, 1992).y()))
    assert signal.args == [(1992, 1997)]


def test_shift_click_extends_the_range(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    qtbot.mouseClick(widget, LEFT, pos=centre(widget, 1997))
    with qtbot.waitSignal(widget.rangeChanged) as signal:
        qtbot.mouseClick(widget, LEFT, Qt.KeyboardModifier.ShiftModifier, centre(widget, 1993))
    assert signal.args == [(1993, 1997)]
    assert widget.range_text() == "1993–1997"


def test_escape_and_double_click_clear_the_range(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    qtbot.mouseClick(widget, LEFT, pos=centre(widget, 1995))
    with qtbot.waitSignal(widget.rangeChanged) as signal:
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert signal.args == [None]
    assert widget.range_text() == "All years"

    qtbot.mouseClick(widget, LEFT, pos=centre(widget, 1996))
    with qtbot.waitSignal(widget.rangeChanged) as signal:
        qtbot.mouseDClick(widget, LEFT, pos=centre(widget, 1996))
    assert signal.args == [None]
    assert widget.selected_range() is None


def test_bars_of_photos_without_a_year_ignore_clicks(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    with qtbot.assertNotEmitted(widget.rangeChanged):
        qtbot.mouseClick(widget, LEFT, pos=widget.extra_rect("Undated").center())
        qtbot.mouseClick(widget, LEFT, pos=widget.extra_rect("1990s").center())
    assert widget.selected_range() is None


def test_setting_the_range_from_outside_does_not_emit(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    with qtbot.assertNotEmitted(widget.rangeChanged):
        widget.set_selected_range((1997, 1993))
    assert widget.selected_range() == (1993, 1997)
    widget.set_selected_range((1980, 1981))  # a range outside the photos stays in view
    assert widget.years()[0] == 1980
    assert not widget.bar_rect(1980).isEmpty()


def test_keyboard_moves_grows_and_clears_the_range(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    widget.setFocus()
    ranges: list[object] = []
    widget.rangeChanged.connect(ranges.append)
    shift = Qt.KeyboardModifier.ShiftModifier
    widget.set_selected_range((1993, 1994))
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    qtbot.keyClick(widget, Qt.Key.Key_End)
    qtbot.keyClick(widget, Qt.Key.Key_Right)  # at the end already: clamped, no change
    qtbot.keyClick(widget, Qt.Key.Key_Left, shift)
    qtbot.keyClick(widget, Qt.Key.Key_Left, shift)
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    qtbot.keyClick(widget, Qt.Key.Key_Right, shift)  # the free end is the left one now
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert ranges == [
        (1994, 1995),
        (1996, 1997),
        (1996, 1996),
        (1995, 1996),
        (1992, 1993),
        (1993, 1993),
        None,
    ]
    qtbot.keyClick(widget, Qt.Key.Key_Left)  # from no range: the newest year
    assert widget.selected_range() == (1997, 1997)


def test_tooltips_give_exact_counts(qtbot: QtBot) -> None:
    widget = timeline(qtbot)
    text = widget.tooltip_text(centre(widget, 1997))
    assert text is not None
    assert "<b>1997</b>: 12 photos" in text
    assert "Weapon contamination: 7" in text
    assert "No programme: 5" in text
    assert "no photos" in (widget.tooltip_text(centre(widget, 1994)) or "")
    assert "6 photos with no date" in (
        widget.tooltip_text(widget.extra_rect("Undated").center()) or ""
    )
    assert "4 photos dated only to the decade" in (
        widget.tooltip_text(widget.extra_rect("1990s").center()) or ""
    )


@pytest.mark.parametrize("years", [(1997, 1997), (1965, 2024)])
def test_one_to_sixty_years_draw_readable_bars(qtbot: QtBot, years: tuple[int, int]) -> None:
    widget = timeline(qtbot, span(*years), width=widget_width(years))
    image = widget.grab().toImage()
    first, last = years
    for year in range(first, last + 1):
        bar = widget.bar_rect(year)
        assert bar.width() >= MIN_SLOT - 2
        assert bar.right() < widget.width()
        programme = (year % 9) or None
        # The bottom of each bar is drawn in its programme's colour.
        pixel = image.pixelColor(bar.center().x(), bar.bottom() - 1)
        assert _close(pixel, programme_colour(programme)), (year, pixel.name())
    assert (
        len({image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(image.height())})
        > 8
    )


def widget_width(years: tuple[int, int]) -> int:
    return 600 if years[1] - years[0] > 10 else 300


def _close(a: QColor, b: QColor) -> bool:
    return all(abs(x - y) <= 2 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_size_hints_are_sensible(qtbot: QtBot) -> None:
    widget = timeline(qtbot, span(1965, 2024))
    assert 90 <= widget.sizeHint().height() <= 130
    assert widget.minimumSizeHint().width() >= 60 * MIN_SLOT


def test_programme_colours_are_stable_distinct_and_grey_for_none() -> None:
    colours = {programme_colour(i).name() for i in range(1, 9)}
    assert len(colours) == 8
    assert programme_colour(3) == programme_colour(3)
    none = programme_colour(None)
    assert none.red() == none.green() == none.blue()
