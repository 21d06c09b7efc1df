"""What users' code prints, kept within a bound: its start and its end, and a count of what was cut between.

A mission may print megabytes per call. Everywhere that text goes (the
call's result, the worker's log, the language server's log that an editor
appends to a file) it is cut the same way: the first :data:`HEAD` and the
last :data:`TAIL` characters are kept, and one line between them says how
many were left out. Collecting it costs no more memory than what is kept.
"""
from __future__ import annotations

import io
import threading
from typing import Callable

__all__ = ["HEAD", "TAIL", "BoundedLog", "BoundedText", "bounded"]

#: Characters kept from the start of what one call printed.
HEAD = 10_000
#: Characters kept from its end.
TAIL = 10_000


def cut_line(characters: int) -> str:
    """The line that stands for what was left out."""
    return f"[… {characters:,} characters of output cut …]\n"


def _joined(head: str, cut: int, tail: str) -> str:
    if not cut:
        return head + tail
    return head + ("\n" if head and not head.endswith("\n") else "") + cut_line(cut) + tail


def bounded(text: str, head: int = HEAD, tail: int = TAIL) -> str:
    """``text`` itself when it is short enough, else its start, the cut line and its end."""
    if len(text) <= head + tail:
        return text
    return _joined(text[:head], len(text) - head - tail, text[len(text) - tail :])


class BoundedText(io.TextIOBase):
    """A text stream (``print`` writes to it) that keeps only the start and the end of what is written.

    :meth:`getvalue` gives what :func:`bounded` gives for everything written,
    without ever holding more than about ``head + 2 * tail`` characters.
    """

    def __init__(self, head: int = HEAD, tail: int = TAIL) -> None:
        super().__init__()
        self._head_limit = head
        self._tail_limit = tail
        self._head: list[str] = []
        self._head_size = 0
        self._tail: list[str] = []
        self._tail_size = 0
        self.written = 0  # characters written in all

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        length = len(text)
        self.written += length
        room = self._head_limit - self._head_size
        if room > 0:
            self._head.append(text[:room])
            self._head_size += min(room, length)
            text = text[room:]
        if text:
            self._tail.append(text)
            self._tail_size += len(text)
            if self._tail_size > 2 * self._tail_limit:  # trimmed now and then, so that a write costs O(its length)
                joined = "".join(self._tail)
                joined = joined[len(joined) - self._tail_limit :]
                self._tail, self._tail_size = [joined], len(joined)
        return length

    def getvalue(self) -> str:
        head = "".join(self._head)
        tail = "".join(self._tail)
        kept = tail[len(tail) - self._tail_limit :] if len(tail) > self._tail_limit else tail
        return _joined(head, self.written - len(head) - len(kept), kept)


class BoundedLog:
    """Text on its way to a log, at most ``head + tail`` characters of each part.

    A part is what one call printed (the caller says where parts end with
    :meth:`end_part`). Its start is passed on to ``write`` as it comes; once
    ``head`` characters went, the rest is held back, and when the part ends
    the cut line and its last ``tail`` characters follow. :meth:`feed` and
    :meth:`end_part` may be called from different threads.
    """

    def __init__(self, write: Callable[[str], None], head: int = HEAD, tail: int = TAIL) -> None:
        self._write = write
        self._head = head
        self._tail = tail
        self._lock = threading.Lock()
        self._passed = 0  # characters of this part passed on
        self._line_open = False  # what was passed on ends in the middle of a line
        self._held = BoundedText(0, tail)

    def feed(self, text: str) -> None:
        with self._lock:
            room = self._head - self._passed
            if room > 0:
                shown, text = text[:room], text[room:]
                self._passed += len(shown)
                self._line_open = not shown.endswith("\n")
                self._write(shown)
            if text:
                self._held.write(text)

    def end_part(self) -> None:
        """What was held back of the part: the cut line and its end; the next part starts afresh."""
        with self._lock:
            held, self._held = self._held, BoundedText(0, self._tail)
            line_open, self._passed, self._line_open = self._line_open, 0, False
            if held.written:
                kept = held.getvalue()
                cut = held.written < len(kept) or kept.startswith("[… ")
                self._write(("\n" if line_open and cut else "") + kept)
