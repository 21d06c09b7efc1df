"""The adapter's side of pydevd: debugpy's debugger inside the worker, which connects to us and speaks DAP.

The worker calls ``debugpy.connect`` to a listener the adapter opened on the
loopback before starting it (:class:`Listener`); the adapter is pydevd's
only client. What pydevd sends goes to ``deliver`` (with the link, and
None once the connection closes) from a reader thread;
:meth:`PydevdLink.request` sends a request and calls ``then`` with its
response (on the thread that delivers, the session's).

pydevd writes each message as two sends (header, then body) on a socket
without ``TCP_NODELAY``: with delayed acknowledgements on our side, Nagle's
algorithm holds every body back about 40 ms. Acknowledging at once
(``TCP_QUICKACK`` before each read, Linux) takes that away without touching
pydevd.
"""
from __future__ import annotations

import socket
import threading
from typing import Any, Callable

from .wire import FrameReader, Message, Peer, ProtocolError, encode

__all__ = ["Listener", "PydevdLink"]


class Listener:
    """A loopback socket for debugpy to connect to; its port is known before the worker starts."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]

    def accept(self, timeout: float | None) -> socket.socket | None:
        """The next connection, or None after ``timeout`` seconds (None: no limit) or once closed."""
        self.socket.settimeout(timeout)
        try:
            connection, _ = self.socket.accept()
        except OSError:
            return None
        connection.settimeout(None)
        return connection

    def close(self) -> None:
        try:
            self.socket.close()
        except OSError:
            pass


class PydevdLink:
    """One connection to pydevd (see the module doc)."""

    def __init__(self, sock: socket.socket, deliver: Callable[["PydevdLink", Message | None], None]) -> None:
        self.sock = sock
        self.peer = Peer()
        self.callbacks: dict[int, Callable[[Message], None]] = {}
        self._deliver = deliver
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=self._read, name="scenario-dap pydevd reader", daemon=True).start()

    def _read(self) -> None:
        frames = FrameReader()
        quick_ack = getattr(socket, "TCP_QUICKACK", None)
        while True:
            try:
                if quick_ack is not None:
                    self.sock.setsockopt(socket.IPPROTO_TCP, quick_ack, 1)
                data = self.sock.recv(1 << 16)
                messages = frames.feed(data) if data else []
            except (OSError, ProtocolError):
                data = b""
            if not data:
                self._deliver(self, None)
                return
            for message in messages:
                self._deliver(self, message)

    def request(self, command: str, arguments: Any = None, then: Callable[[Message], None] | None = None) -> None:
        message = self.peer.request(command, arguments)
        if then is not None:
            self.callbacks[message["seq"]] = then
        try:
            self.sock.sendall(encode(message))
        except OSError:  # the worker is gone: its end comes through the runner
            self.callbacks.pop(message["seq"], None)

    def settle(self, response: Message) -> None:
        """Call the callback of the request ``response`` answers (responses may come in any order)."""
        self.peer.settle(response)
        then = self.callbacks.pop(response.get("request_seq", -1), None)
        if then is not None:
            then(response)

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
