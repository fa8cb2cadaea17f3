"""The benchmarks' photos: camera-like 12-megapixel JPEGs made by ../shared/tools/make_corpus.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MAKE_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "tools" / "make_corpus.py"
DEFAULT = Path("/tmp/photoarchive-corpus-12mp")


def corpus(folder: Path, count: int) -> list[Path]:
    """``count`` JPEGs from ``folder``, made there first when it holds fewer."""
    files = jpegs(folder)
    if len(files) < count:
        command = [sys.executable, str(MAKE_CORPUS), "--out", str(folder), "--count", str(count)]
        subprocess.run([*command, "--jobs", str(os.cpu_count() or 1)], check=True)
        files = jpegs(folder)
    return files[:count]


def jpegs(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg"))
