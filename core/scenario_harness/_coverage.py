"""Coverage in the mission worker: measured by coverage.py when whoever started the worker asked for it.

A worker is measured when its environment has ``COVERAGE_PROCESS_CONFIG`` or
``COVERAGE_PROCESS_START`` (coverage.py's own way to measure a new process:
``scenario run --coverage`` sets it, and so does coverage.py's
``patch = subprocess`` under ``pytest --cov``): coverage.py's ``.pth`` file
starts measuring as the interpreter starts, and :func:`measuring` starts it
if that file did not. coverage.py saves its data when the process ends
normally, after the last request, outside any guarded code.

While measured, each item runs in the dynamic context of its scenario
(``suite/scenario``), switched only when the scenario changes: a switch
writes the data gathered so far, which is the costly part.
"""
from __future__ import annotations

import contextlib
import os
from typing import Any, Iterator

from scenario_core.python.wire import Item, coverage_context

__all__ = ["Measuring", "measuring"]


class Measuring:
    """The coverage.py measurement of this process, if there is one."""

    def __init__(self, running: Any | None) -> None:
        self.running = running  # a started coverage.Coverage, or None
        self._context: str | None = None

    @property
    def active(self) -> bool:
        return self.running is not None

    @contextlib.contextmanager
    def scenario(self, item: Item) -> Iterator[None]:
        """Run ``item`` in its scenario's dynamic context (a validation has no scenario and keeps the current one)."""
        context = item.get("context")
        if self.running is not None and context is not None:
            name = coverage_context(context["suite"], context["scenario"])
            if name != self._context:
                self.running.switch_context(name)
                self._context = name
        yield


def measuring() -> Measuring:
    """This process's measurement: coverage.py's current one, started now if asked for and not started yet."""
    if not (os.environ.get("COVERAGE_PROCESS_CONFIG") or os.environ.get("COVERAGE_PROCESS_START")):
        return Measuring(None)
    try:
        import coverage
    except ImportError:  # asked for, but not installed in the project's interpreter: nothing to measure with
        return Measuring(None)
    coverage.process_startup()
    return Measuring(coverage.Coverage.current())
