"""The mailbox that carries results from background threads to the GUI thread."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from photoarchive.gui.mailbox import Mailbox

WAIT = 10_000  # ms


def test_calls_posted_from_threads_are_made_on_the_gui_thread_in_order(qtbot: QtBot) -> None:
    mailbox = Mailbox()
    received: list[tuple[str, int, bool]] = []

    def note(sender: str, number: int) -> None:
        received.append((sender, number, threading.current_thread() is threading.main_thread()))

    def send(sender: str) -> None:
        for number in range(500):
            mailbox.post(note, sender, number)

    threads = [threading.Thread(target=send, args=(name,)) for name in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert received == []  # nothing runs until the GUI thread's event loop does
    qtbot.waitUntil(lambda: len(received) == 1500, timeout=WAIT)
    assert all(on_gui_thread for _, _, on_gui_thread in received)
    for name in ("a", "b", "c"):
        assert [n for sender, n, _ in received if sender == name] == list(range(500))
    mailbox.close()


def test_a_closed_mailbox_drops_what_is_posted(qtbot: QtBot) -> None:
    mailbox = Mailbox()
    received: list[int] = []
    mailbox.post(received.append, 1)
    mailbox.close()
    mailbox.post(received.append, 2)  # too late: dropped, no error
    qtbot.wait(50)
    assert received == []


def test_a_deleted_mailbox_closes_its_sockets(qtbot: QtBot) -> None:
    mailbox = Mailbox()
    sender = mailbox._sender
    with qtbot.waitSignal(mailbox.destroyed, timeout=WAIT):
        mailbox.deleteLater()
    assert sender.fileno() == -1  # closed
    mailbox.post(print, "never")  # a thread finishing late: nothing happens, nothing raises


def test_a_call_that_raises_does_not_strand_the_calls_after_it(qtbot: QtBot) -> None:
    mailbox = Mailbox()
    received: list[int] = []

    def fail() -> None:
        raise RuntimeError("a slot with a bug")

    mailbox.post(fail)
    mailbox.post(received.append, 1)
    try:
        with qtbot.captureExceptions() as exceptions:
            qtbot.waitUntil(lambda: received == [1], timeout=WAIT)
    finally:
        mailbox.close()  # its notifier must not outlive the test, stranded or not
    assert [str(error) for _, error, _ in exceptions] == ["a slot with a bug"]
