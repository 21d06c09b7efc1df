"""``scenario-dap``: the debug adapter over stdio, one session, then it exits.

Three threads feed one inbox that the main thread empties, one event at a
time, into the :class:`~.session.Session`: the client's messages (read from
standard input), pydevd's (read from its socket) and the runner's. Only the
main thread writes to standard output. Standard input is read with
``os.read``: a daemon thread blocked in a buffered reader would abort the
interpreter at exit (it cannot take the buffer's lock).
"""
from __future__ import annotations

import argparse
import os
import queue
import sys
import threading
from typing import Any, BinaryIO

from scenario_core import __version__

from .session import Session
from .wire import FrameReader, Message, ProtocolError, encode

__all__ = ["main", "serve"]


def serve(stdin_fd: int, stdout: BinaryIO) -> None:
    """Serve one session on ``stdin_fd`` and ``stdout`` until the client disconnects or goes."""
    inbox: "queue.Queue[tuple[Any, ...]]" = queue.Queue()

    def send(message: Message) -> None:
        stdout.write(encode(message))
        stdout.flush()

    def read() -> None:
        frames = FrameReader()
        while True:
            try:
                data = os.read(stdin_fd, 1 << 16)
                messages = frames.feed(data) if data else []
            except (OSError, ProtocolError) as error:
                sys.stderr.write(f"scenario-dap: {error}\n")
                data = b""
            if not data:
                inbox.put(("client_closed",))
                return
            for message in messages:
                inbox.put(("client", message))

    threading.Thread(target=read, name="scenario-dap client reader", daemon=True).start()
    session = Session(send, inbox)
    try:
        while session.handle(inbox.get()):
            pass
    finally:
        session.end()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="scenario-dap",
        description="The Scenario Harness debug adapter: the Debug Adapter Protocol over standard input and output, "
        "for one debug session of a scenario file (see docs/debugging.md).",
    )
    parser.add_argument("--version", action="version", version=f"scenario-dap {__version__}")
    parser.add_argument("--stdio", action="store_true", help="speak DAP over standard input and output (the only way; accepted for clients that pass it)")
    parser.parse_args(argv)
    serve(sys.stdin.fileno(), sys.stdout.buffer)
