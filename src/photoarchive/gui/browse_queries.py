"""Answering the browser's filter off the GUI thread: matching ids first, then counts and timeline.

Only the newest question is answered: a filter the user has changed again while it waited is
dropped, and one changed while its ids were read gets no facet counts. Answers carry the
number of the question, so the browser can tell a stale answer and ignore it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from sqlalchemy.exc import SQLAlchemyError

from photoarchive.catalogue import query
from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.query import FacetCounts, PhotoFilter, Sort, YearHistogram
from photoarchive.gui import reads
from photoarchive.gui.reads import Vocabulary
from photoarchive.gui.workers import Worker


@dataclass(frozen=True, slots=True)
class Matches:
    """The photos matching question ``generation``, in sort order, and the catalogue's total."""

    generation: int
    ids: list[int]
    total: int


@dataclass(frozen=True, slots=True)
class Summary:
    """Facet counts and timeline for question ``generation``; the vocabulary when asked for."""

    generation: int
    facets: FacetCounts
    histogram: YearHistogram
    vocabulary: Vocabulary | None


class BrowseQueries(QObject):
    """The query layer, asked from the GUI thread and answered by signals."""

    matched = Signal(object)  # Matches
    summarised = Signal(object)  # Summary
    failed = Signal(str)

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.generation = 0
        self._lock = threading.Lock()
        self._vocabulary_wanted = False
        self._worker = Worker("browse-queries", order="latest")

    def ask(self, photo_filter: PhotoFilter, sort: Sort, *, vocabulary: bool = False) -> int:
        """Ask for the photos matching ``photo_filter``; returns the question's number."""
        self.generation += 1
        generation = self.generation
        if vocabulary:
            with self._lock:
                self._vocabulary_wanted = True
        self._worker.submit(lambda: self._answer(generation, photo_filter, sort))
        return generation

    def close(self) -> None:
        self._worker.stop()

    def _answer(self, generation: int, photo_filter: PhotoFilter, sort: Sort) -> None:
        try:
            with self.catalogue.session() as session:
                ids = query.photo_ids(session, photo_filter, sort)
                total = query.count(session, PhotoFilter())
                self.matched.emit(Matches(generation, ids, total))
                if self._worker.has_waiting:
                    return  # the filter changed again: its own answer will follow
                facets = query.facet_counts(session, photo_filter)
                histogram = query.year_histogram(session, photo_filter)
                vocabulary = reads.vocabulary(session) if self._take_vocabulary() else None
        except SQLAlchemyError as error:
            self.failed.emit(f"The catalogue could not be read: {error.__class__.__name__}")
            raise
        self.summarised.emit(Summary(generation, facets, histogram, vocabulary))

    def _take_vocabulary(self) -> bool:
        with self._lock:
            wanted, self._vocabulary_wanted = self._vocabulary_wanted, False
        return wanted
