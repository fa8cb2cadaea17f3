"""One window per user and catalogue: a second launch hands its folders to the first."""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

TIMEOUT_MS = 1000
MAX_MESSAGE = 1_000_000  # bytes: a launch with thousands of folders still fits


def server_name(catalogue: str | None) -> str:
    """The local socket name for this user and catalogue (a path is made absolute)."""
    key = catalogue or "default"
    if "://" not in key:
        key = str(Path(key).expanduser().resolve())
    digest = hashlib.sha256(f"{getpass.getuser()}\0{key}".encode()).hexdigest()[:20]
    return f"photoarchive-{digest}"


def send_to_running(name: str, folders: Sequence[Path]) -> bool:
    """Hand ``folders`` to the window listening on ``name``; False when none is running."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    message = json.dumps({"folders": [str(Path(f).resolve()) for f in folders]}) + "\n"
    socket.write(QByteArray(message.encode()))
    delivered = socket.waitForBytesWritten(TIMEOUT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(TIMEOUT_MS)
    return delivered


class InstanceServer(QObject):
    """Listens for later launches; each one raises the window and may ask for imports."""

    activated = Signal()  # a second launch: raise the window
    importRequested = Signal(list)  # [Path]: folders a launch asked to import

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a crashed window is removed first."""
        if self.server.listen(self.name):
            return True
        if self.server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self.name)
            if self.server.listen(self.name):
                return True
        log.warning("no single-instance server %s: %s", self.name, self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._finish(s))
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += socket.readAll().data()
        if buffer.endswith(b"\n") or len(buffer) > MAX_MESSAGE:
            self._finish(socket)

    def _finish(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.pop(socket, None)
        if buffer is None:
            return
        buffer += socket.readAll().data()
        # Left to its parent, the server: a deleteLater here races the server's own deletion.
        socket.disconnectFromServer()
        self.activated.emit()
        folders = _folders(bytes(buffer))
        if folders:
            self.importRequested.emit(folders)


def _folders(message: bytes) -> list[Path]:
    try:
        value = json.loads(message.decode())
        return [Path(text) for text in value["folders"] if isinstance(text, str)]
    except (ValueError, KeyError, TypeError):
        log.warning("ignored a malformed message from a second launch")
        return []
