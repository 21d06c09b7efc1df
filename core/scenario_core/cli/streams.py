"""Where the CLI writes: standard output and error that a closed pipe does not turn into a traceback.

``scenario run examples/ | head -1`` closes the pipe after one line. A
well-behaved Unix tool then stops writing quietly, and its exit status is
still its own: :class:`ClosedPipeSafe` drops everything written after the
reader went away, and points the file descriptor at ``os.devnull`` (as
Python's documentation on ``SIGPIPE`` advises) so that the interpreter's own
flush at exit finds nowhere to fail. The run goes on to its end -- what it
writes to files does not depend on whether someone read its output -- and
returns its own status.

:func:`debugging` says whether the user asked for tracebacks
(``SCENARIO_DEBUG=1``); without it no Python traceback is ever printed.
"""
from __future__ import annotations

import io
import logging
import os
from typing import TextIO, cast

__all__ = ["DEBUG_VARIABLE", "ClosedPipeSafe", "CoreLogFormatter", "closed_pipe_safe", "debugging"]

#: Set it (to anything but empty or ``0``) to see the traceback of an internal error.
DEBUG_VARIABLE = "SCENARIO_DEBUG"


def debugging() -> bool:
    """True when ``SCENARIO_DEBUG`` asks for tracebacks."""
    return os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")


class ClosedPipeSafe(io.TextIOBase):
    """``stream``, but writing to it after its reader closed the pipe does nothing (and raises nothing)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self._stop_writing()
        return len(text)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._stop_writing()

    def isatty(self) -> bool:
        return not self.reader_gone and self.stream.isatty()

    def writable(self) -> bool:
        return True

    def _stop_writing(self) -> None:
        self.reader_gone = True
        try:
            descriptor = self.stream.fileno()
        except (OSError, ValueError):  # not a file (a StringIO): nothing is left to flush at exit
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, descriptor)
        os.close(devnull)


def closed_pipe_safe(stream: TextIO) -> TextIO:
    """``stream`` wrapped in a :class:`ClosedPipeSafe`, typed as the text stream it stands for."""
    return cast(TextIO, ClosedPipeSafe(stream))


class CoreLogFormatter(logging.Formatter):
    """``scenario: ERROR: message``; an exception's traceback only with ``SCENARIO_DEBUG``, else its one line."""

    def __init__(self) -> None:
        super().__init__("scenario: %(levelname)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info is None or debugging():
            return super().format(record)
        error = record.exc_info[1]
        plain = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        why = f" ({type(error).__name__}: {error})" if error is not None else ""
        return super().format(plain) + f"{why}; set {DEBUG_VARIABLE}=1 to see the traceback"
