"""The log file: a rotating file in the user log folder, so a bug keeps its traceback."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from photoarchive.paths import log_dir

LOG_FILE = "photoarchive.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"


class _LogFile(RotatingFileHandler):
    """Our handler, told apart from any other so that set-up can replace it."""


def log_path() -> Path:
    return log_dir() / LOG_FILE


def setup_file_log(level: int = logging.INFO) -> Path | None:
    """Log to the rotating file (1 MB × 5) in the user log folder; returns its path.

    Called again (a second ``main()`` in one process, another PHOTOARCHIVE_HOME), it replaces
    the earlier file. Handlers already there keep the level they showed before. A log folder
    that cannot be written is no error for the user: the program runs on without a file.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _LogFile)]:
        root.removeHandler(old)
        old.close()
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    shown = root.getEffectiveLevel()
    if shown > level:
        for other in root.handlers:
            if other.level == logging.NOTSET:
                other.setLevel(shown)
        root.setLevel(level)
    root.addHandler(handler)
    return path
