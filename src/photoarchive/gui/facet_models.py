"""Item models of the facet panel: the place tree and flat term lists, each entry with a count.

The entries change only when the vocabulary does (an import, a new place); the counts change
with every filter and are replaced in place with ``dataChanged``, so selections survive.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex


class FacetRole(enum.IntEnum):
    COUNT = Qt.ItemDataRole.UserRole.value + 1  # photos under the filter, this facet aside
    KEY = Qt.ItemDataRole.UserRole.value + 2  # the place, programme or photographer id, or value


def _sort_key(name: str) -> str:
    return name.casefold()


def _tooltip(name: str, count: int) -> str:
    return f"{name}: {count:,} photo" + ("" if count == 1 else "s")


# ---------------------------------------------------------------- places


@dataclass(eq=False)
class _Node:
    id: int
    name: str
    parent: _Node | None
    row: int = 0
    children: list[_Node] = field(default_factory=list)


class PlaceTreeModel(QAbstractItemModel):
    """The place tree (country > region > village); a place counts the photos below it too."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roots: list[_Node] = []
        self._nodes: dict[int, _Node] = {}
        self._counts: dict[int, int] = {}
        self._shape: tuple[tuple[int, int | None, str], ...] = ()

    def set_places(self, places: Iterable[tuple[int, int | None, str]]) -> bool:
        """Show these (id, parent id, name) places; returns False when nothing changed."""
        shape = tuple(sorted(places))
        if shape == self._shape:
            return False
        self.beginResetModel()
        self._shape = shape
        self._nodes = {pid: _Node(pid, name, None) for pid, _parent, name in shape}
        self._roots = []
        for pid, parent_id, _name in shape:
            node, parent = self._nodes[pid], self._nodes.get(parent_id) if parent_id else None
            node.parent = parent
            (parent.children if parent else self._roots).append(node)
        _order(self._roots)
        self.endResetModel()
        return True

    def set_counts(self, counts: dict[int, int]) -> None:
        self._counts = dict(counts)
        self._changed(QModelIndex(), self._roots)

    def _changed(self, parent: QModelIndex, nodes: list[_Node]) -> None:
        if not nodes:
            return
        self.dataChanged.emit(self.index(0, 0, parent), self.index(len(nodes) - 1, 0, parent))
        for node in nodes:
            if node.children:
                self._changed(self.index(node.row, 0, parent), node.children)

    def index_of(self, place_id: int) -> QModelIndex:
        node = self._nodes.get(place_id)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node.id)

    # ------------------------------------------------------------ the model interface

    def _node(self, index: Index) -> _Node | None:
        return self._nodes.get(index.internalId()) if index.isValid() else None

    def _children(self, parent: Index) -> list[_Node]:
        node = self._node(parent)
        return node.children if node is not None else self._roots

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        children = self._children(parent)
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row].id)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(child)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        count = self._counts.get(node.id, 0)
        return _entry_data(role, node.id, node.name, count)


def _order(nodes: list[_Node]) -> None:
    nodes.sort(key=lambda node: _sort_key(node.name))
    for row, node in enumerate(nodes):
        node.row = row
        _order(node.children)


def _entry_data(role: int, key: Hashable, name: str, count: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return name
    if role == FacetRole.COUNT:
        return count
    if role == FacetRole.KEY:
        return key
    if role == Qt.ItemDataRole.ToolTipRole:
        return _tooltip(name, count)
    return None


# ---------------------------------------------------------------- flat lists


class TermListModel(QAbstractListModel):
    """Programmes, photographers or restrictions: (key, name) entries with counts."""

    def __init__(self, *, sort: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sort = sort
        self._entries: list[tuple[Hashable, str]] = []
        self._counts: dict[Any, int] = {}

    def set_entries(self, entries: Iterable[tuple[Hashable, str]]) -> bool:
        """Show these (key, name) entries; returns False when nothing changed."""
        listed = list(entries)
        if self._sort:
            listed.sort(key=lambda entry: _sort_key(entry[1]))
        if listed == self._entries:
            return False
        self.beginResetModel()
        self._entries = listed
        self.endResetModel()
        return True

    def set_counts(self, counts: dict[Any, int]) -> None:
        self._counts = dict(counts)
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1))

    def row_of(self, key: Hashable) -> int | None:
        return next((row for row, (k, _) in enumerate(self._entries) if k == key), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        key, name = self._entries[index.row()]
        return _entry_data(role, key, name, self._counts.get(key, 0))
