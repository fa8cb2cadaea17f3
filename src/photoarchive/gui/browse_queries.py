"""Answering the browser's filter off the GUI thread: matching ids first, then counts and timeline.

Only the newest question is answered: a filter the user has changed again while it waited is
dropped, and one changed while its ids were read gets no facet counts. Answers carry the
number of the question, so the browser can tell a stale answer and ignore it. The counts wait
until the grid has painted the ids (or a moment has passed): both need the interpreter, and
the grid is what the user looks at first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.exc import SQLAlchemyError

from photoarchive.catalogue import query
from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.query import FacetCounts, PhotoFilter, Sort, YearHistogram
from photoarchive.catalogue.vocabulary import Vocabulary, facet_vocabulary
from photoarchive.gui.mailbox import Mailbox
from photoarchive.gui.workers import Worker

PAINT_WAIT = 0.15  # seconds the counts wait for the grid to paint the ids
RECENT_FILTERS = 6  # filters whose ids are kept, about 4 MB each at 100,000 photos


@dataclass(frozen=True, slots=True)
class Matches:
    """The photos matching question ``generation``, in sort order, and the catalogue's total."""

    generation: int
    ids: list[int]
    total: int
    key: tuple[PhotoFilter, Sort]


@dataclass(frozen=True, slots=True)
class Summary:
    """Facet counts and timeline for question ``generation``; the vocabulary when asked for."""

    generation: int
    facets: FacetCounts
    histogram: YearHistogram
    vocabulary: Vocabulary | None


class BrowseQueries(QObject):
    """The query layer, asked from the GUI thread and answered by signals.

    The ids of the last few filters are kept: asked again (clearing a filter, toggling a
    facet), the grid shows them at once, and the query that runs anyway corrects them only if
    the catalogue changed meanwhile (another user of a shared catalogue, the command line).
    """

    matched = Signal(object)  # Matches
    summarised = Signal(object)  # Summary
    failed = Signal(str)

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.generation = 0
        self._lock = threading.Lock()
        self._vocabulary_wanted = False
        self._total: int | None = None
        self._shown = threading.Event()
        self._recent: OrderedDict[tuple[PhotoFilter, Sort], list[int]] = OrderedDict()
        self._worker = Worker("browse-queries", order="latest")
        self._mailbox = Mailbox(self)
        self.matched.connect(self._remember)

    def ask(self, photo_filter: PhotoFilter, sort: Sort, *, vocabulary: bool = False) -> int:
        """Ask for the photos matching ``photo_filter``; returns the question's number.

        ``vocabulary``: the catalogue changed (an import, an edit), so read the names of
        places, programmes and photographers and the number of photos again.
        """
        self.generation += 1
        generation, key = self.generation, (photo_filter, sort)
        self._shown.clear()
        if vocabulary:
            self._recent.clear()
            with self._lock:
                self._vocabulary_wanted = True
                self._total = None
        known = self._recent.get(key)
        if known is not None and self._total is not None:
            answer = Matches(generation, known, self._total, key)
            QTimer.singleShot(0, partial(self.matched.emit, answer))
        self._worker.submit(lambda: self._answer(generation, key, known))
        return generation

    def grid_shown(self) -> None:
        """The grid has painted the newest ids: the counts may go ahead."""
        self._shown.set()

    def close(self) -> None:
        self._shown.set()
        self._worker.stop()
        self._mailbox.close()

    def _remember(self, matches: Matches) -> None:
        self._recent[matches.key] = matches.ids
        self._recent.move_to_end(matches.key)
        while len(self._recent) > RECENT_FILTERS:
            self._recent.popitem(last=False)

    def _answer(
        self, generation: int, key: tuple[PhotoFilter, Sort], known: list[int] | None
    ) -> None:
        photo_filter, sort = key
        if known is not None:
            self._shown.wait(PAINT_WAIT)  # the grid shows the kept ids: check them after
        try:
            with self.catalogue.session() as session:
                ids = query.photo_ids(session, photo_filter, sort)
                total = self._total
                if total is None:
                    total = self._total = query.count(session, PhotoFilter())
                if ids != known:
                    self._mailbox.post(self.matched.emit, Matches(generation, ids, total, key))
                self._shown.wait(PAINT_WAIT)
                if self._worker.has_waiting:
                    return  # the filter changed again: its own answer will follow
                facets = query.facet_counts(session, photo_filter)
                histogram = query.year_histogram(session, photo_filter)
                vocabulary = facet_vocabulary(session) if self._take_vocabulary() else None
        except SQLAlchemyError as error:
            message = f"The catalogue could not be read: {error.__class__.__name__}"
            self._mailbox.post(self.failed.emit, message)
            raise
        summary = Summary(generation, facets, histogram, vocabulary)
        self._mailbox.post(self.summarised.emit, summary)

    def _take_vocabulary(self) -> bool:
        with self._lock:
            wanted, self._vocabulary_wanted = self._vocabulary_wanted, False
        return wanted
