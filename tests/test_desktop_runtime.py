"""Desktop run time: the log file, the crash dialog, the single window and the self-test."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from photoarchive import logs
from photoarchive.cli import _window_folders as window_folders
from photoarchive.cli import build_parser, main
from photoarchive.gui import crash, single_instance


@pytest.fixture
def file_log() -> object:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    levels = {h: h.level for h in handlers}
    yield logs.setup_file_log()
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler, old in levels.items():
        handler.setLevel(old)
    root.setLevel(level)


def test_the_log_file_rotates_in_the_user_log_folder(private_home: Path, file_log: Path) -> None:
    assert file_log == private_home / "log" / "photoarchive.log"
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logs._LogFile)]
    assert len(handlers) == 1
    assert (handlers[0].maxBytes, handlers[0].backupCount) == (1_000_000, 5)
    logging.getLogger("photoarchive.test").info("hello from the test")
    handlers[0].flush()
    assert "hello from the test" in file_log.read_text(encoding="utf-8")
    assert logs.setup_file_log() == file_log  # again: replaced, not doubled
    assert len([h for h in logging.getLogger().handlers if isinstance(h, logs._LogFile)]) == 1


class Raiser(QObject):
    fire = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.fire.connect(self.explode)

    def explode(self) -> None:
        raise RuntimeError("the slot broke")


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, title, text, *a: shown.append((title, text))
    )
    return shown


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_a_dialog_with_the_log_path(
    qtbot: QtBot, dialogs: list[tuple[str, str]], file_log: Path
) -> None:
    reporter = crash.install()
    try:
        raiser = Raiser()
        QTimer.singleShot(0, raiser.fire.emit)
        qtbot.waitUntil(lambda: bool(dialogs), timeout=2000)
    finally:
        reporter.uninstall()
    title, text = dialogs[0]
    assert title == crash.TITLE
    assert "RuntimeError: the slot broke" in text
    assert str(file_log) in text
    assert "the slot broke" in file_log.read_text(encoding="utf-8")
    assert "Traceback" in file_log.read_text(encoding="utf-8")


def test_an_error_in_a_thread_reaches_the_dialog_on_the_gui_thread(
    qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    reporter = crash.install()
    try:
        thread = threading.Thread(target=lambda: 1 / 0, name="doomed")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(dialogs), timeout=2000)
    finally:
        reporter.uninstall()
    assert "ZeroDivisionError" in dialogs[0][1]


def test_uninstall_gives_the_hooks_back() -> None:
    import sys

    before = (sys.excepthook, threading.excepthook)
    reporter = crash.install()
    assert sys.excepthook == reporter.excepthook
    reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_a_second_launch_hands_its_folders_to_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    name = single_instance.server_name(str(tmp_path / "catalogue.sqlite"))
    assert not single_instance.send_to_running(name, [tmp_path])  # nobody listens yet
    server = single_instance.InstanceServer(name)
    assert server.listen()
    try:
        with (
            qtbot.waitSignal(server.activated, timeout=3000),
            qtbot.waitSignal(server.importRequested, timeout=3000) as asked,
        ):
            assert single_instance.send_to_running(name, [tmp_path])
        assert asked.args == [[tmp_path.resolve()]]
        with qtbot.waitSignal(server.activated, timeout=3000):  # no folders: only raised
            assert single_instance.send_to_running(name, [])
    finally:
        server.close()


def test_the_instance_is_per_user_and_catalogue(tmp_path: Path) -> None:
    one = single_instance.server_name(str(tmp_path / "a.sqlite"))
    assert one == single_instance.server_name(str(tmp_path / "x" / ".." / "a.sqlite"))
    assert one != single_instance.server_name(str(tmp_path / "b.sqlite"))
    assert single_instance.server_name(None) == single_instance.server_name(None)


def test_a_stale_socket_from_a_crashed_window_is_taken_over(tmp_path: Path) -> None:
    name = single_instance.server_name(str(tmp_path / "crashed.sqlite"))
    first = single_instance.InstanceServer(name)
    assert first.listen()
    second = single_instance.InstanceServer(name)
    try:
        assert second.listen()  # removes the first one's socket file, as after a crash
    finally:
        first.close()
        second.close()


def test_folders_on_the_command_line_go_to_the_window(tmp_path: Path) -> None:
    parser = build_parser()
    assert window_folders(parser, [str(tmp_path)]) == ([], [tmp_path])
    assert window_folders(parser, ["--catalogue", str(tmp_path)]) == (
        ["--catalogue", str(tmp_path)],
        [],
    )
    assert window_folders(parser, ["import", str(tmp_path)]) == (["import", str(tmp_path)], [])


@pytest.mark.slow
def test_the_self_test_passes_and_leaves_the_home_alone(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--self-test"]) == 0
    assert "self-test passed" in capsys.readouterr().out
    assert not (private_home / "data").exists()


def test_a_folder_argument_opens_the_window_asking_to_import_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from photoarchive.gui import app

    opened: list[tuple[str | None, list[Path]]] = []
    monkeypatch.setattr(
        app, "run_window", lambda url=None, folders=(): opened.append((url, list(folders))) or 0
    )
    assert main([str(tmp_path)]) == 0
    assert opened == [(None, [tmp_path])]


def test_a_second_window_on_the_same_catalogue_hands_over_and_exits(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from photoarchive.gui.app import run_window

    url = str(tmp_path / "catalogue.sqlite")
    server = single_instance.InstanceServer(single_instance.server_name(url))
    assert server.listen()
    try:
        with qtbot.waitSignal(server.importRequested, timeout=3000) as asked:
            assert run_window(url, folders=[tmp_path]) == 0
        assert asked.args == [[tmp_path.resolve()]]
    finally:
        server.close()
