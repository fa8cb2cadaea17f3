"""A worker entry point that dies like a crashing image decoder on files named "crash…"."""

from __future__ import annotations

import os
from pathlib import Path

from photoarchive.importer import pipeline

# The real entry point, kept before a test puts identify_or_die in its place: in thread
# workers both live in one process, and calling pipeline._identify then would call itself.
_READ = pipeline._identify


def identify_or_die(path: Path) -> object:
    if path.name.startswith("crash"):
        os._exit(70)  # as a segfault in a C decoder would end the process
    return _READ(path)
