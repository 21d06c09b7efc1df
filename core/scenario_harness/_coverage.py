"""Coverage in the mission worker: measured by coverage.py when whoever started the worker asked for it.

A worker is measured when its environment has ``COVERAGE_PROCESS_CONFIG`` or
``COVERAGE_PROCESS_START``: coverage.py's own way to measure a new process,
which ``scenario run --coverage`` sets, and so does coverage.py's
``patch = subprocess`` (or the pytest plugin) under ``pytest --cov``. The
configuration is the one asked for; the measurement is this module's own
(:func:`measuring`), in memory, and :meth:`Measuring.save` adds it to the
configuration's data file (with a suffix of its own, as a parallel run's)
between batches of calls, at most every :data:`SAVE_EVERY_S` seconds, and
when the worker ends, outside any guarded code: a worker killed for a call
past its timeout loses only what it measured since (a save costs about 15
ms, too much for every file of a large run). When it saves changes nothing
of what is saved: the data of all saves together is the same. In memory, because a context switch writes the data gathered so
far, and opening a data file for each scenario cost five times as much. Were coverage.py's ``.pth`` file
to have started measuring already, that measurement is stopped: the project's
code has not run yet.

What is measured is the project's code: its modules as they are imported
(until :meth:`Measuring.imported`), then only while the guard runs a mission
or an operation (:meth:`Measuring.user_code`). The worker's own code and the
engine run between those unmeasured: a trace function on every call they
make would cost more than the project's code itself. Each scenario's calls
run in the dynamic context of its scenario (``suite/scenario``), switched
only when the scenario changes, unless the environment says
``SCENARIO_COVERAGE_NO_CONTEXTS=1`` (a report with no place for contexts:
a switch is the costliest part of measuring).
"""
from __future__ import annotations

import contextlib
import os
import time
from typing import Any, Iterator

from scenario_core.python.wire import NO_COVERAGE_CONTEXTS, Item, coverage_context

__all__ = ["SAVE_EVERY_S", "Measuring", "measuring"]

#: The least time between two saves of a worker's measurement between batches.
SAVE_EVERY_S = 2.0


class Measuring:
    """The coverage.py measurement of this process, if there is one (``running``, a started ``coverage.Coverage``)."""

    def __init__(self, running: Any | None, contexts: bool = True) -> None:
        self.running = running
        self.contexts = contexts  # each scenario's lines in a context of its own
        self._saved: Any | None = None  # the coverage.CoverageData of this worker's data file, once something is saved
        self._saved_at = time.monotonic()
        self._context: str | None = None  # the context the data goes to
        self._scenario: str | None = None  # the context of the item being run
        self._depth = 0

    @property
    def active(self) -> bool:
        return self.running is not None

    def save(self, soon: bool = False) -> None:
        """Add what was measured since the last save to this worker's data file, then measure afresh.

        Called between batches (``soon``: only if the last save is
        :data:`SAVE_EVERY_S` old) and at the end, never while user code runs.
        """
        if self.running is None or self._depth or (soon and time.monotonic() - self._saved_at < SAVE_EVERY_S):
            return
        self._saved_at = time.monotonic()
        import coverage

        self.running.stop()
        measured = self.running.get_data()
        if not measured.measured_files():
            return
        if self._saved is None:
            self._saved = coverage.CoverageData(basename=self.running.config.data_file, suffix=True)
        self._saved.update(measured)
        self._saved.write()
        self.running.erase()  # what is saved is not saved twice; the next start measures into fresh data
        self._context = None

    def imported(self) -> None:
        """The project's modules are imported: from now on only the code the guard runs is measured."""
        if self.running is not None and self._depth == 0:
            self.running.stop()

    @contextlib.contextmanager
    def scenario(self, item: Item) -> Iterator[None]:
        """Run ``item``: its user code is measured in its scenario's context (a validation keeps the last one)."""
        context = item.get("context")
        if context is not None and self.contexts:
            self._scenario = coverage_context(context["suite"], context["scenario"])
        yield

    @contextlib.contextmanager
    def user_code(self) -> Iterator[None]:
        """Measure the block: a mission or an operation, run by the guard."""
        if self.running is None or self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.running.start()
        self._depth = 1
        try:
            if self._scenario is not None and self._scenario != self._context:
                self.running.switch_context(self._scenario)
                self._context = self._scenario
            yield
        finally:
            self._depth = 0
            self.running.stop()


def measuring() -> Measuring:
    """This process's measurement, started now if the environment asks for one (see the module doc)."""
    config_data, config_file = os.environ.get("COVERAGE_PROCESS_CONFIG"), os.environ.get("COVERAGE_PROCESS_START")
    if not (config_data or config_file):
        return Measuring(None)
    try:
        import coverage
        from coverage.control import CONFIG_DATA_PREFIX
    except ImportError:  # asked for, but not installed in the project's interpreter: nothing to measure with
        return Measuring(None)
    started = coverage.Coverage.current()
    if started is not None:  # by coverage.py's .pth file, with the data file on disk
        started.stop()
    ours = coverage.Coverage(data_file=None, config_file=CONFIG_DATA_PREFIX + config_data if config_data else str(config_file))
    ours.set_option("run:disable_warnings", ["no-data-collected", "module-not-imported", "module-not-measured"])
    ours.start()
    return Measuring(ours, contexts=os.environ.get(NO_COVERAGE_CONTEXTS) != "1")
