"""Checking many files for ``scenario run``: in this process or in a pool of processes, one file at a time.

:func:`check_files` yields each file's :class:`~scenario_core.cli.output.FilePart`
in the order of the files, whatever order the workers finish in, so the
output of ``--jobs N`` is byte for byte the output of a serial run. A file's
report lives only in the process that checked it, and only until its part
is made; a worker returns the part (text and a small summary). At most
``2 × jobs`` parts wait to be written at any time, so memory stays flat
however many files there are.

Python missions run in one mission worker per project and per checking
process (see :mod:`scenario_core.python.missions`): a pool of N processes
starts up to N workers for a project, each stopped with its process.
"""
from __future__ import annotations

import io
import logging
import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Iterator, Sequence

from scenario_core.checking.cache import ScenarioCache
from scenario_core.checking.pipeline import Tracing, check_bytes
from scenario_core.checking.report import CheckReport
from scenario_core.checking.selection import SelectScenario
from scenario_core.project.changes import reason_of
from scenario_core.coverage import Measurement, StepCoverage
from scenario_core.python.missions import PythonProjects

from .determinism import compare_runs
from .output import FilePart, Format, RunError, file_part
from .selection import Selection
from .streams import CoreLogFormatter
from .writes import Writes, write_file

__all__ = ["DETERMINISM_SEEDS", "CheckSettings", "Checked", "Checker", "available_cores", "check_files"]

#: The PYTHONHASHSEED of the two runs of --check-determinism.
DETERMINISM_SEEDS = (1, 2)


@dataclass(frozen=True)
class Checked:
    """A file's piece of the output, what the run wrote (a line each), and what the core logged while checking it.

    ``part`` is None for a file with no piece: one that could not be read (its
    ``errors`` say why), or whose scenarios the selection all left out and
    that has no input error. ``errors`` are what could not be done for the
    file; ``selected`` and ``deselected`` count its scenarios that ran and
    that were left out; ``steps`` is the file's part of the run's coverage
    (with ``coverage``).
    """

    part: FilePart | None
    written: tuple[str, ...] = ()
    log: str = ""
    errors: tuple[RunError, ...] = ()
    selected: int = 0
    deselected: int = 0
    steps: StepCoverage | None = None


def available_cores() -> int:
    """The cores this process may run on (``--jobs auto``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class CheckSettings:
    """How a run checks each file: the same in this process and in every process of a pool.

    ``output`` and ``colour`` shape each file's part. With ``check_determinism``
    each file is checked twice, in fresh workers with different hash seeds,
    and scenarios whose results differ are reported (see
    :mod:`scenario_core.cli.determinism`); nothing is written. ``writes`` says
    what else is written (see :mod:`scenario_core.cli.writes`). ``selection``
    chooses scenarios (``FILE::SCENARIO``, ``-k``). With ``trace`` every call
    of a check is traced; with ``coverage`` the calls of YAML missions are (the
    steps coverage counts), and the mission workers are measured by
    coverage.py as it says (see :mod:`scenario_core.coverage`).
    """

    output: Format
    colour: bool
    check_determinism: bool = False
    writes: Writes = "check"
    verbose: bool = False
    selection: Selection | None = None
    trace: bool = False
    coverage: Measurement | None = None


class Checker:
    """Checks files in one process as ``settings`` say, starting the mission workers their projects need.

    A file that wrote something is checked again, so that its report is what
    is on disk now.
    """

    def __init__(self, settings: CheckSettings) -> None:
        self.output = settings.output
        self.colour = settings.colour
        self.verbose = settings.verbose
        self.selection = settings.selection
        self.trace = settings.trace
        self.writes: Writes = "check" if settings.check_determinism else settings.writes
        coverage = settings.coverage
        self.measured = coverage is not None
        seeds = DETERMINISM_SEEDS if settings.check_determinism else (None,)
        environment = coverage.environment if coverage is not None else None
        self.projects = [PythonProjects(worker_environment=environment) if seed is None else PythonProjects(hash_seed=seed) for seed in seeds]

    def check(self, path: Path) -> Checked:
        """Check the file at ``path`` and make its piece of the output.

        A file gets a cache of its own: results are reused within the file,
        and nothing is kept from one file to the next.
        """
        log = io.StringIO()
        core = logging.getLogger("scenario_core")
        handler = logging.StreamHandler(log)
        handler.setFormatter(CoreLogFormatter())
        saved, propagate = core.handlers, core.propagate
        core.handlers, core.propagate = [handler], False
        try:
            try:
                data = path.read_bytes()
            except OSError as error:
                return Checked(None, errors=(RunError("unreadable", str(path), f"cannot read {path}: {reason_of(error)}"),))
            report, written, errors = self._report(path, data)
            steps = None
            if self.measured:
                steps = StepCoverage()
                steps.add_report(report, path)
            chosen = len(report.document.scenarios)
            if report.deselected and not chosen and not report.invalid:
                return Checked(None, written, log.getvalue(), errors, 0, len(report.deselected), steps)
            part = file_part(self.output, str(path), report, self.colour, self.verbose, path.resolve())
            return Checked(part, written, log.getvalue(), errors, chosen, len(report.deselected), steps)
        finally:
            core.handlers, core.propagate = saved, propagate

    def _report(self, path: Path, data: bytes) -> tuple[CheckReport, tuple[str, ...], tuple[RunError, ...]]:
        select = self._select(path)
        if len(self.projects) == 2:
            first, second = (check_bytes(data, python=p.for_file(path), path=path, select=select) for p in self.projects)
            report = compare_runs(first, second, DETERMINISM_SEEDS)
            return report, (), self._unknown_scenarios(path, report)
        # --trace records every call; coverage counts the steps of YAML missions, so it traces only their calls.
        # A traced check runs every scenario: it takes no cache.
        trace: Tracing = True if self.trace else "yaml" if self.measured else False
        cache, python = (None if trace else ScenarioCache()), self.projects[0].for_file(path)
        report = check_bytes(data, cache=cache, python=python, path=path, select=select, trace=trace)
        errors = self._unknown_scenarios(path, report)
        if self.writes == "check":
            return report, (), errors
        written = write_file(path, data, report, self.writes)
        if written.refused is not None and self.writes == "accept":
            errors += (RunError("not_written", str(path), written.refused),)
        lines = written.lines if written.refused is None or self.writes == "accept" else (*written.lines, written.refused)
        if written.changed:
            report = check_bytes(path.read_bytes(), cache=cache, python=python, path=path, select=select, trace=trace)
        return report, lines, errors

    def _select(self, path: Path) -> SelectScenario | None:
        chosen = self.selection.for_file(path) if self.selection is not None else None
        if chosen is None:
            return None
        return lambda suite, scenario: chosen.chooses(path.name, suite, scenario)

    def _unknown_scenarios(self, path: Path, report: CheckReport) -> tuple[RunError, ...]:
        """An error for each ``FILE::SCENARIO`` that names no scenario of the file (unless the file could not be read)."""
        named = self.selection.named(path) if self.selection is not None else None
        if not named or report.invalid:
            return ()
        known = [s.name for s in report.document.scenarios] + list(report.deselected)
        listed = ", ".join(dict.fromkeys(known)) or "none"
        return tuple(
            RunError("unknown_scenario", f"{path}::{name}", f"{path} has no scenario '{name}' (its scenarios: {listed})")
            for name in sorted(named)
            if name not in known
        )

    def close(self) -> None:
        for projects in self.projects:
            projects.close()


#: The checker of a pool's worker process (its mission workers stop when the process ends).
_checker: Checker | None = None


def _start_worker(settings: CheckSettings) -> None:
    global _checker
    # Ctrl-C in a terminal reaches every process of the group. The CLI alone answers it (it says "interrupted"
    # once and stops the workers); a worker that raised KeyboardInterrupt would print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _checker = Checker(settings)
    # A pool's process ends without running atexit: its mission workers are closed here, so that they end
    # normally (and a measured one saves its coverage data).
    Finalize(_checker, _checker.close, exitpriority=10)


def _check_in_worker(path: Path) -> Checked:
    assert _checker is not None, "the pool's initializer makes the checker"
    return _checker.check(path)


def check_files(paths: Sequence[Path], settings: CheckSettings, *, jobs: int = 1) -> Iterator[Checked]:
    """Each file's :class:`Checked`, in the order of ``paths``; ``jobs`` processes when more than one.

    Every file is checked (and written) by one process only; snapshots live
    beside their own scenario file, so no two processes write the same file.
    With ``settings.coverage`` every mission worker has ended,
    its data saved, when the last file's :class:`Checked` has been taken.
    """
    jobs = min(jobs, len(paths))
    if jobs <= 1:
        checker = Checker(settings)
        try:
            for path in paths:
                yield checker.check(path)
        finally:
            checker.close()
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(settings,)) as pool:
        try:
            waiting: deque[Future[Checked]] = deque()
            pending = iter(paths)
            for path in pending:
                waiting.append(pool.submit(_check_in_worker, path))
                if len(waiting) >= 2 * jobs:
                    break
            while waiting:
                checked = waiting.popleft().result()
                for path in pending:
                    waiting.append(pool.submit(_check_in_worker, path))
                    break
                yield checked
        except BaseException as stopped:  # Ctrl-C, or the caller stopped early: the workers stop now, not after their files
            if isinstance(stopped, KeyboardInterrupt):
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the stopping
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                child.terminate()  # its mission workers stop when they see it gone
            raise
