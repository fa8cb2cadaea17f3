"""Where Photo Archive keeps its files: the one module that knows every directory.

Tests (and a portable install) point everything elsewhere by setting ``PHOTOARCHIVE_HOME``.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "photoarchive"
HOME_VARIABLE = "PHOTOARCHIVE_HOME"


def _base(kind: str) -> Path:
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home) / kind
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return Path(
        {
            "data": dirs.user_data_dir,
            "config": dirs.user_config_dir,
            "log": dirs.user_log_dir,
            "cache": dirs.user_cache_dir,
        }[kind]
    )


def data_dir() -> Path:
    """The user data directory: the default catalogue and the demo archive live here."""
    return _base("data")


def config_dir() -> Path:
    return _base("config")


def log_dir() -> Path:
    return _base("log")


def default_catalogue_path() -> Path:
    return data_dir() / "catalogue.sqlite"


def demo_dir() -> Path:
    """Where the demo archive's generated placeholder pictures and catalogue are kept."""
    return data_dir() / "demo"


def packaged_data() -> Traversable:
    """The read-only files shipped in ``data/`` (programmes, demo manifest)."""
    return resources.files("photoarchive") / "data"


def packaged_resources() -> Traversable:
    """Icons, templates and styles shipped in ``resources/``."""
    return resources.files("photoarchive") / "resources"
