"""The timeline's layout: where each bar's column sits for a given width and set of years."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QRect

MIN_SLOT = 8  # px per year: 60 years still get a 6 px bar and a gap in 480 px
MAX_SLOT = 48  # px per year: two or three years do not become slabs
LABEL_STEPS = (1, 2, 5, 10)
BAR_HEIGHT = 64
MARGIN = 8
SEPARATION = 16  # the gap before the bars that belong to no year


@dataclass(frozen=True, slots=True)
class Slot:
    """One bar's column: a year, or a bar shown apart ("1990s", "Undated")."""

    key: int | str
    rect: QRect  # the clickable column; the bar grows up from its bottom edge
    total: int


@dataclass(frozen=True, slots=True)
class Geometry:
    """The header and every bar's column of a timeline, and how often years are labelled."""

    header: QRect
    years: list[Slot]
    extras: list[Slot]
    bar_width: int
    label_step: int
    reach: int  # px either side of a bar that still count as the bar: gaps are not dead

    def slot_at(self, x: int) -> Slot | None:
        """The column at ``x``, or None between and beyond them."""
        slots = self.years + self.extras
        near = (s for s in slots if s.rect.left() - self.reach <= x <= s.rect.right() + self.reach)
        return next(near, None)


def layout(
    width: int,
    *,
    header_height: int,
    years: list[int],
    year_totals: Mapping[int, int],
    extras: list[tuple[str, int]],
    extra_widths: list[int],
    label_width: int,
) -> Geometry:
    """Lay out year bars across ``width`` and the bars shown apart (``extras``) after them.

    ``label_width`` is the room one year label needs; labels skip years to keep it.
    """
    header = QRect(MARGIN, 2, width - 2 * MARGIN, header_height)
    top, bottom = header.bottom() + 5, header.bottom() + 4 + BAR_HEIGHT
    available = width - 2 * MARGIN - sum(extra_widths) - (SEPARATION if extras else 0)
    slot = max(MIN_SLOT, min(MAX_SLOT, available / len(years))) if years else MAX_SLOT
    # Centred when the slots are capped; otherwise the strip fills the width.
    x0 = MARGIN + max(0, round((available - slot * len(years)) / 2))
    gap = max(2, round(slot * 0.2))
    year_slots = []
    for i, year in enumerate(years):
        left, right = x0 + round(i * slot), x0 + round((i + 1) * slot) - gap
        rect = QRect(left, top, right - left, bottom - top + 1)
        year_slots.append(Slot(year, rect, year_totals.get(year, 0)))
    x = x0 + round(len(years) * slot) + SEPARATION
    extra_slots = []
    for (label, n), extra_width in zip(extras, extra_widths, strict=True):
        extra_slots.append(Slot(label, QRect(x, top, extra_width, bottom - top + 1), n))
        x += extra_width
    step = next((step for step in LABEL_STEPS if step * slot >= label_width), LABEL_STEPS[-1])
    return Geometry(header, year_slots, extra_slots, round(slot) - gap, step, gap // 2)
