"""Where a mission worker's code was when it stopped: the Python stack it wrote as it ended.

A worker that is about to end without answering writes its stack to a pipe
of its own, in the format of the standard library's :mod:`faulthandler`
(which writes it for a timeout, a segfault or an abort; the worker writes
the same lines itself before ``os._exit`` and when memory runs out)::

    Timeout (0:00:02)!
    Thread 0x00007f0e5a3ff640 (most recent call first):
      File "/home/me/shop/shop/missions.py", line 48 in hangs
      File ".../scenario_harness/_guard.py", line 143 in run

:func:`read_stack` turns that text into a :class:`Stack`: the frames of the
thread that ran the project's code, innermost first, and the headline
faulthandler gave (``Timeout (0:00:02)!``, ``Fatal Python error:
Segmentation fault``).
"""
from __future__ import annotations

import linecache
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

__all__ = ["Frame", "Stack", "read_stack"]

_THREAD = re.compile(r"^(?:Current thread|Thread) (0x[0-9a-fA-F]+)(?: \[[^\]]*\])? \(most recent call first\):$")
_STACK = re.compile(r"^Stack \(most recent call first\):$")
_FRAME = re.compile(r'^\s+File "(?P<file>.*)", line (?P<line>\d+|\?\?\?) in (?P<function>.*)$')


@dataclass(frozen=True)
class Frame:
    file: str
    line: int  # 1-based; 0 when faulthandler did not know it
    function: str


@dataclass(frozen=True)
class Stack:
    """The frames of one thread, innermost first, and what faulthandler said first."""

    frames: tuple[Frame, ...]
    headline: str = ""

    @property
    def timed_out(self) -> bool:
        """faulthandler's timer ended the worker (``dump_traceback_later``)."""
        return self.headline.startswith("Timeout (")

    @property
    def fatal_error(self) -> str | None:
        """``Fatal Python error: Segmentation fault`` when a signal ended the worker, else None."""
        return self.headline if self.headline.startswith("Fatal Python error") else None

    def innermost(self, is_project_file: Callable[[str], bool]) -> Frame | None:
        """The innermost frame of the project's code, else None."""
        return next((f for f in self.frames if is_project_file(f.file)), None)

    def text(self, is_ours: Callable[[str], bool], title: str) -> str:
        """The stack as a traceback reads (outermost first, with each line's source), without our own frames."""
        lines = [f"{title} (most recent call last):\n"]
        for frame in reversed(self.frames):
            if is_ours(frame.file):
                continue
            lines.append(f'  File "{frame.file}", line {frame.line}, in {frame.function}\n')
            source = linecache.getline(frame.file, frame.line).strip() if frame.line else ""
            if source:
                lines.append(f"    {source}\n")
        return "".join(lines)


def read_stack(text: str, main_thread: int | None) -> Stack | None:
    """The stack in faulthandler's ``text`` of the thread ``main_thread`` (its ident), else of the first thread shown.

    None when ``text`` holds no stack at all.
    """
    headline = ""
    blocks: list[tuple[int | None, list[Frame]]] = []
    for line in text.splitlines():
        thread = _THREAD.match(line)
        if thread is not None:
            blocks.append((int(thread.group(1), 16), []))
            continue
        if _STACK.match(line):
            blocks.append((None, []))
            continue
        frame = _FRAME.match(line)
        if frame is not None and blocks:
            number = frame.group("line")
            blocks[-1][1].append(Frame(frame.group("file"), int(number) if number.isdigit() else 0, frame.group("function")))
        elif not blocks and line.strip() and not headline:
            headline = line.strip()
    if not blocks:
        return None
    chosen = next((frames for ident, frames in blocks if ident is not None and ident == main_thread), blocks[0][1])
    return Stack(tuple(chosen), headline)


def under(folders: Sequence[str]) -> Callable[[str], bool]:
    """A test of whether a file is in one of ``folders`` (resolved)."""
    prefixes = tuple(str(Path(f).resolve()) for f in folders)

    def test(file: str) -> bool:
        return bool(prefixes) and _resolved(file).startswith(prefixes)

    return test


def _resolved(file: str) -> str:
    try:
        return str(Path(file).resolve())
    except (OSError, RuntimeError):
        return file
