"""Window state kept between runs (QSettings): every key declared once here, with its default.

The settings are an INI file in the configuration folder of :mod:`photoarchive.paths`, so a
test (which gets its own ``PHOTOARCHIVE_HOME``) never reads or writes the user's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from photoarchive.catalogue.query import Sort
from photoarchive.paths import config_dir

ORGANISATION = "Photo Archive"
APPLICATION = "photoarchive"
RECENT_LIMIT = 8


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    default: Any


LAST_CATALOGUE = Key("catalogue/last", "")
RECENT_CATALOGUES = Key("catalogue/recent", [])
GEOMETRY = Key("window/geometry", QByteArray())
WINDOW_STATE = Key("window/state", QByteArray())
BROWSER_SPLITTER = Key("splitters/browser", QByteArray())
FACET_SPLITTER = Key("splitters/facets", QByteArray())
VIEWER_SPLITTER = Key("splitters/viewer", QByteArray())
SIDE_SPLITTER = Key("splitters/side", QByteArray())  # facets above, galleries below
EXPORT_FOLDER = Key("export/folder", "")  # where the last export was written
SHOW_CAPTIONS = Key("view/captions", True)
SORT = Key("view/sort", "date")


def store() -> QSettings:
    """The settings file (created on first write)."""
    path = config_dir() / "window.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setFallbacksEnabled(False)
    return settings


def read(key: Key) -> Any:
    value = store().value(key.name, key.default)
    if isinstance(key.default, bool):
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if isinstance(key.default, list):
        # An INI list of one comes back as a plain string.
        if isinstance(value, str):
            return [value]
        return list(value) if isinstance(value, list | tuple) else []
    return value


def write(key: Key, value: Any) -> None:
    store().setValue(key.name, value)


def remember_catalogue(url: str) -> list[str]:
    """Make ``url`` the last catalogue and the first of the recent ones; returns the list."""
    recent = [url, *(other for other in read(RECENT_CATALOGUES) if other != url)]
    recent = recent[:RECENT_LIMIT]
    settings = store()
    settings.setValue(LAST_CATALOGUE.name, url)
    settings.setValue(RECENT_CATALOGUES.name, recent)
    return recent


def saved_sort() -> Sort:
    try:
        return Sort(read(SORT))
    except ValueError:
        return Sort.DATE
