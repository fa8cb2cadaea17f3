"""A worker entry point that dies like a crashing image decoder on files named "crash…"."""

from __future__ import annotations

import os
from pathlib import Path

from photoarchive.importer import pipeline


def identify_or_die(path: Path) -> object:
    if path.name.startswith("crash"):
        os._exit(70)  # as a segfault in a C decoder would end the process
    return pipeline._identify(path)
