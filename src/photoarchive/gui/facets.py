"""The facet panel: a search field, places, programmes, photographers and restriction, with counts.

Selecting entries narrows the filter (several entries of one facet are alternatives); the
counts beside every entry follow the filter as it changes.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.query import FacetCounts
from photoarchive.catalogue.values import Restriction
from photoarchive.catalogue.vocabulary import Vocabulary
from photoarchive.gui import style
from photoarchive.gui.describe import RESTRICTION_LABELS
from photoarchive.gui.facet_models import FacetRole, PlaceTreeModel, TermListModel

SEARCH_DELAY_MS = 250  # wait for a pause in typing before searching
# A list may shrink to two rows: the facets and the galleries below share the side panel, and
# the window must still fit a small screen.
MIN_LIST_HEIGHT = 44

_View = TypeVar("_View", bound=QAbstractItemView)


@dataclass(frozen=True, slots=True)
class FacetChoice:
    """What the user picked in the panel."""

    places: frozenset[int] = frozenset()
    programmes: frozenset[int] = frozenset()
    photographers: frozenset[int] = frozenset()
    restrictions: frozenset[Restriction] = frozenset()
    text: str = ""


class CountDelegate(QStyledItemDelegate):
    """An entry's name, with its count right-aligned and muted; entries without photos dimmed."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(FacetRole.COUNT) or 0
        text = f"{count:,}"
        width = option.fontMetrics.horizontalAdvance(text) + 10
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.rect = option.rect.adjusted(0, 0, -width, 0)
        if not count:
            opt.palette.setColor(opt.palette.ColorRole.Text, style.MUTED.darker(130))
        super().paint(painter, opt, index)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected else style.MUTED)
        area = QRect(
            option.rect.right() - width, option.rect.top(), width - 4, option.rect.height()
        )
        painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()


class FacetPanel(QWidget):
    """Search and facets; ``changed`` fires when the choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(placeholderText="Search captions and credits")
        self.search.setClearButtonEnabled(True)
        self.places = PlaceTreeModel(self)
        self.programmes = TermListModel(parent=self)
        self.photographers = TermListModel(parent=self)
        self.restrictions = TermListModel(sort=False, parent=self)
        self.restrictions.set_entries(RESTRICTION_LABELS.items())
        self.place_view = self._view(QTreeView(), self.places)
        self.place_view.setHeaderHidden(True)
        self.place_view.setIndentation(14)
        self.place_view.setUniformRowHeights(True)
        self.programme_view = self._view(QListView(), self.programmes)
        self.photographer_view = self._view(QListView(), self.photographers)
        self.restriction_view = self._view(QListView(), self.restrictions)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        for title, view in (
            ("PLACES", self.place_view),
            ("PROGRAMMES", self.programme_view),
            ("PHOTOGRAPHERS", self.photographer_view),
            ("RESTRICTION", self.restriction_view),
        ):
            self.splitter.addWidget(_section(title, view))
        self.splitter.setSizes([300, 200, 160, 90])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.clear_button)
        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self.changed)
        self.search.textChanged.connect(self._typing.start)
        self.search.returnPressed.connect(self._search_now)
        self._quiet = False

    def _view(self, view: _View, model: PlaceTreeModel | TermListModel) -> _View:
        view.setModel(model)
        view.setMinimumHeight(MIN_LIST_HEIGHT)
        view.setItemDelegate(CountDelegate(view))
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.selectionModel().selectionChanged.connect(self._selection_changed)
        return view

    # ------------------------------------------------------------ what the user picked

    def choice(self) -> FacetChoice:
        return FacetChoice(
            places=frozenset(_keys(self.place_view)),
            programmes=frozenset(_keys(self.programme_view)),
            photographers=frozenset(_keys(self.photographer_view)),
            restrictions=frozenset(_keys(self.restriction_view)),
            text=self.search.text().strip(),
        )

    def clear(self) -> None:
        """Clear the search text and every selection; ``changed`` fires once."""
        self._quiet = True
        try:
            for view in self._views():
                view.clearSelection()
            self.search.clear()
        finally:
            self._quiet = False
        self._typing.stop()
        self.changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def select(self, view: QAbstractItemView, keys: set[Hashable]) -> None:
        """Select the entries with these keys in ``view``, as a user would."""
        model = view.model()
        selection = QItemSelection()
        for index in _all_indexes(model):
            if index.data(FacetRole.KEY) in keys:
                selection.select(index, index)
        view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # ------------------------------------------------------------ what the catalogue says

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """New entries (after an import or an edit); selections of entries still there stay."""
        before = self.choice()
        self._quiet = True
        try:
            if self.places.set_places(vocabulary.places):
                self.place_view.expandToDepth(0)
                self.select(self.place_view, set(before.places))
            if self.programmes.set_entries(vocabulary.programmes.items()):
                self.select(self.programme_view, set(before.programmes))
            if self.photographers.set_entries(vocabulary.photographers.items()):
                self.select(self.photographer_view, set(before.photographers))
        finally:
            self._quiet = False
        if self.choice() != before:
            self.changed.emit()

    def set_counts(self, counts: FacetCounts) -> None:
        self.places.set_counts(counts.places.by_id)
        self.programmes.set_counts(counts.programmes.by_id)
        self.photographers.set_counts(counts.photographers.by_id)
        self.restrictions.set_counts(dict(counts.restrictions))

    # ------------------------------------------------------------ internals

    def _views(self) -> tuple[QAbstractItemView, ...]:
        return (self.place_view, self.programme_view, self.photographer_view, self.restriction_view)

    def _selection_changed(self) -> None:
        if not self._quiet:
            self.changed.emit()

    def _search_now(self) -> None:
        if self._typing.isActive():
            self._typing.stop()
            self.changed.emit()


def _section(title: str, view: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    label = QLabel(title)
    label.setProperty("role", "section")
    hint = "Click to filter; Ctrl+click adds another, Shift+click a run; Clear filters resets"
    label.setToolTip(hint)
    view.setToolTip(hint)
    layout.addWidget(label)
    layout.addWidget(view, 1)
    return box


def _keys(view: QAbstractItemView) -> list[Any]:
    return [index.data(FacetRole.KEY) for index in view.selectionModel().selectedIndexes()]


def _all_indexes(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[QModelIndex]:
    parent = parent or QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index)
        found.extend(_all_indexes(model, index))
    return found
