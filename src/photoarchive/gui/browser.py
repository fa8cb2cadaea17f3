"""The browser page: facets and galleries, timeline, thumbnail grid and tagging inspector.

It keeps the filter, asks :class:`BrowseQueries` for it and shows the answers: the grid gets
the ids as soon as they are read, the facet counts and timeline follow.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.query import PhotoFilter, Sort
from photoarchive.gui.browse_queries import BrowseQueries, Matches, Summary
from photoarchive.gui.facets import FacetPanel
from photoarchive.gui.gallery_panel import GalleryPanel
from photoarchive.gui.grid import GridView
from photoarchive.gui.inspector import Inspector
from photoarchive.gui.photo_model import PhotoModel
from photoarchive.gui.thumbnails import GridLoader
from photoarchive.gui.timeline import TimelineWidget

SORT_NAMES = {Sort.DATE: "Date taken", Sort.PLACE: "Place", Sort.IMPORTED: "Import time"}
THUMBNAIL_STEP = 48  # px: thumbnails are decoded for a box this much wider at most
SELECTION_DELAY_MS = 40  # a rubber band or Shift+arrows tell the inspector once they pause


class BrowserPage(QWidget):
    """Browse one catalogue: pick facets and years, see and select photos, tag them."""

    countsChanged = Signal(int, int)  # photos shown, photos in the catalogue
    selectionChanged = Signal(int)  # how many photos are selected
    gridUpdated = Signal()  # the grid shows the answer to the newest filter
    facetsUpdated = Signal()  # the facet counts and timeline show it too
    photoActivated = Signal(int)  # Enter or double-click on a row
    failed = Signal(str)

    def __init__(
        self,
        catalogue: Catalogue,
        undo_stack: QUndoStack,
        *,
        sort: Sort = Sort.DATE,
        sort_menu: QMenu | None = None,
        captions: QAction | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue, self.sort = catalogue, sort
        self.queries = BrowseQueries(catalogue, self)
        self.loader = GridLoader(catalogue, self)
        self.model = PhotoModel(self.loader, self)
        self.grid = GridView()
        self.grid.setModel(self.model)
        self.facets = FacetPanel()
        self.galleries = GalleryPanel()  # filled by the window's gallery controller
        self.timeline = TimelineWidget()
        self.inspector = Inspector(catalogue, undo_stack)
        self.sort_button = QToolButton(popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        self.total = 0
        self._asked = 0
        self._keep: set[int] | None = None
        self._programmes: dict[int, str] = {}
        self._selection_timer = QTimer(self, singleShot=True, interval=SELECTION_DELAY_MS)
        self._painting = False  # the grid has new ids it has not painted yet
        self._told: list[int] = []  # the selection the inspector shows
        self.splitter = self._lay_out(sort_menu, captions)
        self._connect()
        self._show_sort()
        self.refresh(vocabulary=True)

    # ------------------------------------------------------------ building

    def _lay_out(self, sort_menu: QMenu | None, captions: QAction | None) -> QSplitter:
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 2, 8, 2)
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        bar.addWidget(self.summary, 1)
        if sort_menu is not None:
            self.sort_button.setMenu(sort_menu)
            bar.addWidget(self.sort_button)
        if captions is not None:
            toggle = QToolButton()
            toggle.setDefaultAction(captions)
            bar.addWidget(toggle)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.timeline)
        column.addLayout(bar)
        column.addWidget(self.grid, 1)
        self.side = QSplitter(Qt.Orientation.Vertical)  # facets above, galleries below
        self.side.addWidget(self.facets)
        self.side.addWidget(self.galleries)
        self.side.setChildrenCollapsible(False)
        self.side.setStretchFactor(0, 1)
        self.side.setSizes([600, 180])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((self.side, 0), (centre, 1), (self.inspector, 0)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([250, 900, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        return splitter

    def _connect(self) -> None:
        self.queries.matched.connect(self._matched)
        self.queries.summarised.connect(self._summarised)
        self.queries.failed.connect(self.failed)
        self.facets.changed.connect(self.refresh)
        self.timeline.rangeChanged.connect(lambda _years: self.refresh())
        self.grid.activated.connect(lambda index: self.photoActivated.emit(index.row()))
        self.grid.selectionModel().selectionChanged.connect(self._selection_timer.start)
        self._selection_timer.timeout.connect(self._selection_settled)
        self.inspector.photosChanged.connect(self._photos_changed)
        self.grid.boxChanged.connect(lambda _box: self._fit_thumbnails())
        self.grid.viewportPainted.connect(self._grid_painted)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_thumbnails()

    def _fit_thumbnails(self) -> None:
        """Decode thumbnails for the cells' size in steps, so a resize rarely reads them again."""
        box = self.grid.cells.box
        width = -(-box.width() // THUMBNAIL_STEP) * THUMBNAIL_STEP
        self.model.set_thumbnail_box(QSize(width, width * 3 // 4), self.grid.devicePixelRatioF())

    # ------------------------------------------------------------ the filter

    @property
    def photo_filter(self) -> PhotoFilter:
        choice = self.facets.choice()
        return PhotoFilter(
            places=choice.places,
            years=self.timeline.selected_range(),
            programmes=choice.programmes,
            photographers=choice.photographers,
            text=choice.text,
            restrictions=choice.restrictions,
        )

    def refresh(self, *, vocabulary: bool = False, keep_selection: bool = False) -> None:
        """Ask for the current filter again; the grid keeps its selection if asked to."""
        self._keep = set(self.selected_ids()) if keep_selection else None
        self.loader.pause()
        self._asked = self.queries.ask(self.photo_filter, self.sort, vocabulary=vocabulary)

    def set_sort(self, sort: Sort) -> None:
        if sort is not self.sort:
            self.sort = sort
            self._show_sort()
            self.refresh(keep_selection=True)

    def set_year_range(self, years: tuple[int, int] | None) -> None:
        self.timeline.set_selected_range(years)
        self.refresh()

    def clear_filters(self) -> None:
        self.timeline.set_selected_range(None)
        self.facets.clear()  # asks again through ``changed``

    def _show_sort(self) -> None:
        self.sort_button.setText(f"Sort: {SORT_NAMES[self.sort]}")

    def _matched(self, matches: Matches) -> None:
        if matches.generation != self._asked:
            return
        keep, self._keep = self._keep, None
        self.total = matches.total
        self.model.set_photos(matches.ids, self.sort)
        self.loader.resume()
        self._painting = True
        if keep:
            self.select_ids(keep)
        self._selection_settled(again=keep is not None)
        self.summary.setText(self._summary_text())
        self.countsChanged.emit(len(matches.ids), matches.total)
        self.gridUpdated.emit()

    def _grid_painted(self) -> None:
        if self._painting:
            self._painting = False
            self.queries.grid_shown()

    def _summary_text(self) -> str:
        shown = self.model.rowCount()
        if self.photo_filter.is_empty:
            return f"All {shown:,} photos"
        return f"{shown:,} photos match the filter"

    def _summarised(self, summary: Summary) -> None:
        if summary.generation != self._asked:
            return
        if summary.vocabulary is not None:
            self._programmes = summary.vocabulary.programmes
            self.facets.set_vocabulary(summary.vocabulary)
        self.facets.set_counts(summary.facets)
        self.timeline.set_histogram(summary.histogram, self._programmes)
        self.facetsUpdated.emit()

    # ------------------------------------------------------------ selection

    def selected_ids(self) -> list[int]:
        """The selected photos in grid order, read from the selection's ranges."""
        ids = self.model.ids
        ranges = self.grid.selectionModel().selection()
        picked = [ranges.at(i) for i in range(ranges.size())]
        picked.sort(key=lambda run: run.top())
        return [pid for run in picked for pid in ids[run.top() : run.bottom() + 1]]

    def select_ids(self, wanted: set[int]) -> None:
        """Select the photos ``wanted`` that the grid shows, as runs of rows."""
        rows = [row for row, pid in enumerate(self.model.ids) if pid in wanted]
        selection = QItemSelection()
        for first, last in _runs(rows):
            selection.select(self.model.index(first), self.model.index(last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.grid.selectionModel().select(selection, flags)
        if rows:
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(rows[0]), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.grid.scrollTo(self.model.index(rows[0]))

    def _selection_settled(self, *, again: bool = False) -> None:
        """Tell the inspector the selection, if it changed (or ``again``: its tags did)."""
        self._selection_timer.stop()
        ids = self.selected_ids()
        if ids != self._told or again:
            self._told = ids
            self.inspector.set_selection(ids)
            self.selectionChanged.emit(len(ids))

    def _photos_changed(self, ids: list[int]) -> None:
        self.model.forget_records(ids)
        self.inspector.reload_vocabularies()
        self.refresh(vocabulary=True, keep_selection=True)

    # ------------------------------------------------------------ closing

    def close_workers(self) -> None:
        """Stop the query and loader threads (the window calls this before closing)."""
        self._selection_timer.stop()
        self.queries.close()
        self.loader.close()
        self.inspector.close_workers()


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending rows as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
