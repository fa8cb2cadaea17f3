"""Test set-up shared by every test: headless Qt, a private home folder, no leaked threads."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from photoarchive.catalogue.database import Catalogue, open_catalogue
from tests import postgres

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_IMAGES = SHARED / "fixtures" / "real-images"


@pytest.fixture(scope="session", autouse=True)
def qt_application() -> Iterator[object]:
    """One QApplication for the run, made first: the PDF export would otherwise make a
    QGuiApplication that the window tests cannot use."""
    from PySide6.QtWidgets import QApplication

    yield QApplication.instance() or QApplication([])


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data, config and log folders."""
    home = tmp_path / "home"
    monkeypatch.setenv("PHOTOARCHIVE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog or menu would wait for a user who is not there, and the run would hang
    until CI gives up: the test fails at once instead, saying what would have been shown."""
    from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

    def refuse(*args: object, **_kwargs: object) -> None:
        shown = " | ".join(str(arg) for arg in args if isinstance(arg, str))
        raise AssertionError(f"a modal dialog or menu opened and would wait for a user: {shown!r}")

    for name in ("critical", "warning", "question", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    monkeypatch.setattr(QDialog, "exec", lambda dialog: refuse(dialog.windowTitle()))
    monkeypatch.setattr(QMenu, "exec", lambda menu, *_a: refuse(menu.title()))


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
    assert not running_qt_workers(), "Qt workers left running in the global thread pool"


def running_qt_workers() -> int:
    """Runnables still at work in Qt's global pool, after a grace of two seconds."""
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    pool.waitForDone(2000)
    return pool.activeThreadCount()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """One throw-away PostgreSQL server for the whole run (skips without the binaries)."""
    if postgres.server_binaries() is None:
        pytest.skip(postgres.SKIP_REASON)
    with postgres.running_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def catalogue_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty catalogue on each backend: a SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "catalogue.sqlite")
    server = request.getfixturevalue("postgres_server")
    return postgres.create_database(server, f"test_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def catalogue(catalogue_url: str) -> Iterator[Catalogue]:
    """An open catalogue on each backend in turn."""
    with open_catalogue(catalogue_url) as opened:
        yield opened


@pytest.fixture
def real_images() -> Path:
    if not REAL_IMAGES.is_dir():
        pytest.skip(f"the real camera files are not here: {REAL_IMAGES}")
    return REAL_IMAGES


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo catalogue with its seed gallery, built once per run: copy it to change it."""
    from photoarchive.demo.build import build_demo

    folder = tmp_path_factory.mktemp("demo-archive")
    with open_catalogue(folder / "demo.sqlite") as catalogue:
        build_demo(catalogue, folder / "pictures")
    return folder / "demo.sqlite"


@pytest.fixture
def demo_copy(demo_archive: Path, tmp_path: Path) -> Iterator[Catalogue]:
    """A private copy of the demo catalogue (its pictures are shared, and only read)."""
    import sqlite3
    from contextlib import closing

    copy = tmp_path / "demo-copy.sqlite"
    with closing(sqlite3.connect(demo_archive)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    with open_catalogue(copy) as opened:
        yield opened
