"""Test set-up shared by every test: headless Qt, a private home folder, no leaked threads."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from photoarchive.catalogue.database import Catalogue, open_catalogue

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_IMAGES = SHARED / "fixtures" / "real-images"


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data, config and log folders."""
    home = tmp_path / "home"
    monkeypatch.setenv("PHOTOARCHIVE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """A test that leaves a thread running fails."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    while True:
        extra = [t for t in set(threading.enumerate()) - before if t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert not extra, f"threads left running: {[t.name for t in extra]}"


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[Catalogue]:
    with open_catalogue(tmp_path / "catalogue.sqlite") as opened:
        yield opened


@pytest.fixture
def real_images() -> Path:
    if not REAL_IMAGES.is_dir():
        pytest.skip(f"the real camera files are not here: {REAL_IMAGES}")
    return REAL_IMAGES
