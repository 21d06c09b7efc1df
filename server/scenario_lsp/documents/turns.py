"""Whose turn it is to use the core: one check at a time, open documents before files on disk.

Checks run on a pool of threads, but the core's caches are shared by every
check and made for one thread at a time: a check runs while it holds the
turn. A check that waits on a project's mission worker (a mission that runs
long, hangs until its timeout, or a worker that imports the project) gives
the turn back while it waits (:meth:`CoreTurns.waiting`, which the core's
:class:`~scenario_core.python.missions.PythonMissions` enters around every
such wait), so every other check goes on meanwhile. A check of an open
document (``urgent``) always goes before one of a file on disk that waits
for the turn at the same time.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["CoreTurns"]


class CoreTurns:
    """The one turn to use the core, taken urgently (an open document) or not (a file on disk)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._held = False
        self._urgent_waiting = 0
        self._mine = threading.local()  # on the thread holding the turn: whether it took it urgently

    @contextmanager
    def turn(self, urgent: bool) -> Iterator[None]:
        """Hold the turn for the block (a thread holds at most one turn)."""
        self._take(urgent)
        self._mine.urgent = urgent
        try:
            yield
        finally:
            del self._mine.urgent
            self._give_back()

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Give the turn back while this thread waits on something else; take it again, as urgently, after.

        Outside a turn (a check run by someone else than the server) it does nothing.
        """
        urgent: bool | None = getattr(self._mine, "urgent", None)
        if urgent is None:
            yield
            return
        self._give_back()
        try:
            yield
        finally:
            self._take(urgent)

    def _take(self, urgent: bool) -> None:
        with self._changed:
            if urgent:
                self._urgent_waiting += 1
            try:
                while self._held or (not urgent and self._urgent_waiting):
                    self._changed.wait()
            finally:
                if urgent:
                    self._urgent_waiting -= 1
            self._held = True

    def _give_back(self) -> None:
        with self._changed:
            self._held = False
            self._changed.notify_all()
