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
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Iterator, Sequence

from scenario_core.checking.cache import ScenarioCache
from scenario_core.checking.pipeline import TraceScope, check_bytes
from scenario_core.checking.report import CheckReport
from scenario_core.coverage import Measurement, StepCoverage
from scenario_core.python.missions import PythonProjects

from .determinism import compare_runs
from .output import FilePart, Format, file_part
from .writes import Writes, write_file

__all__ = ["DETERMINISM_SEEDS", "Checked", "Checker", "available_cores", "check_files"]

_LOG_FORMAT = "scenario: %(levelname)s: %(message)s"
#: The PYTHONHASHSEED of the two runs of --check-determinism.
DETERMINISM_SEEDS = (1, 2)


@dataclass(frozen=True)
class Checked:
    """A file's piece of the output, what the run wrote (a line each), and what the core logged while checking it.

    ``steps`` is the file's part of the run's coverage (with ``coverage``).
    """

    part: FilePart
    written: tuple[str, ...] = ()
    log: str = ""
    steps: StepCoverage | None = None


def available_cores() -> int:
    """The cores this process may run on (``--jobs auto``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Checker:
    """Checks files in one process, starting the mission workers their projects need.

    With ``check_determinism`` each file is checked twice, in fresh workers
    with different hash seeds, and scenarios whose results differ are
    reported (see :mod:`scenario_core.cli.determinism`); nothing is written.
    ``writes`` says what else is written (see :mod:`scenario_core.cli.writes`);
    a file that wrote something is checked again, so that its report is what
    is on disk now. With ``coverage`` every check is traced and its mission
    workers are measured by coverage.py as it says (see :mod:`scenario_core.coverage`).
    """

    def __init__(
        self, output: Format, colour: bool, check_determinism: bool = False, writes: Writes = "check", coverage: Measurement | None = None
    ) -> None:
        self.output = output
        self.colour = colour
        self.writes: Writes = "check" if check_determinism else writes
        self.traced = coverage is not None
        seeds = DETERMINISM_SEEDS if check_determinism else (None,)
        measured = coverage.environment if coverage is not None else None
        self.projects = [PythonProjects(worker_environment=measured) if seed is None else PythonProjects(hash_seed=seed) for seed in seeds]

    def check(self, path: Path) -> Checked:
        """Check the file at ``path`` and make its piece of the output.

        A file gets a cache of its own: results are reused within the file,
        and nothing is kept from one file to the next.
        """
        log = io.StringIO()
        core = logging.getLogger("scenario_core")
        handler = logging.StreamHandler(log)
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        saved, propagate = core.handlers, core.propagate
        core.handlers, core.propagate = [handler], False
        try:
            report, written = self._report(path)
            steps = None
            if self.traced:
                steps = StepCoverage()
                steps.add_report(report, path)
            return Checked(file_part(self.output, str(path), report, self.colour), tuple(written), log.getvalue(), steps)
        finally:
            core.handlers, core.propagate = saved, propagate

    def _report(self, path: Path) -> tuple[CheckReport, list[str]]:
        data = path.read_bytes()
        if len(self.projects) == 2:
            first, second = (check_bytes(data, python=p.for_file(path), path=path) for p in self.projects)
            return compare_runs(first, second, DETERMINISM_SEEDS), []
        # Coverage counts the steps of YAML missions: only their calls are traced. A traced check runs every scenario:
        # it takes no cache.
        cache, python = (None if self.traced else ScenarioCache()), self.projects[0].for_file(path)
        trace: TraceScope = "yaml" if self.traced else False
        report = check_bytes(data, cache=cache, python=python, path=path, trace=trace)
        written = write_file(path, data, report, self.writes) if self.writes != "check" else []
        if written:
            report = check_bytes(path.read_bytes(), cache=cache, python=python, path=path, trace=trace)
        return report, written

    def close(self) -> None:
        for projects in self.projects:
            projects.close()


#: The checker of a pool's worker process (its mission workers stop when the process ends).
_checker: Checker | None = None


def _start_worker(output: Format, colour: bool, check_determinism: bool, writes: Writes, coverage: Measurement | None) -> None:
    global _checker
    _checker = Checker(output, colour, check_determinism, writes, coverage)
    # A pool's process ends without running atexit: its mission workers are closed here, so that they end
    # normally (and a measured one saves its coverage data).
    Finalize(_checker, _checker.close, exitpriority=10)


def _check_in_worker(path: Path) -> Checked:
    assert _checker is not None, "the pool's initializer makes the checker"
    return _checker.check(path)


def check_files(
    paths: Sequence[Path],
    output: Format,
    colour: bool,
    *,
    jobs: int = 1,
    check_determinism: bool = False,
    writes: Writes = "check",
    coverage: Measurement | None = None,
) -> Iterator[Checked]:
    """Each file's :class:`Checked`, in the order of ``paths``; ``jobs`` processes when more than one.

    Every file is checked (and written) by one process only; snapshots live
    beside their own scenario file, so no two processes write the same file.
    With ``coverage`` (see :class:`Checker`) every mission worker has ended,
    its data saved, when the last file's :class:`Checked` has been taken.
    """
    jobs = min(jobs, len(paths))
    if jobs <= 1:
        checker = Checker(output, colour, check_determinism, writes, coverage)
        try:
            for path in paths:
                yield checker.check(path)
        finally:
            checker.close()
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(output, colour, check_determinism, writes, coverage)) as pool:
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
