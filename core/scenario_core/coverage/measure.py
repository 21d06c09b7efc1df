"""Measuring the coverage of some files in one process: their traced checks and their workers under coverage.py.

``scenario run --coverage`` spreads the same work over its processes (see
:mod:`scenario_core.cli.coverage`); the language server and the tests
measure here.
"""
from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Sequence

from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.project.config import ProjectConfig
from scenario_core.project.discovery import is_library_file
from scenario_core.project.files import DISK, Files
from scenario_core.python.missions import PythonProjects

from .workers import worker_environment
from .steps import StepCoverage

__all__ = ["measure_files", "measured_projects"]


def measured_projects(
    data_dir: Path,
    python: Sequence[str] = (sys.executable,),
    enabled: bool = True,
    trusted: Callable[[ProjectConfig], bool] = lambda config: True,
) -> PythonProjects:
    """Python projects whose workers are measured into ``data_dir``; close them for the data to be saved.

    With ``enabled`` False nothing of the projects is run, nor of a project
    ``trusted`` refuses (see :class:`PythonProjects`).
    """
    return PythonProjects(python=python, enabled=enabled, trusted=trusted, worker_environment=partial(worker_environment, data_dir))


def measure_files(
    paths: Iterable[Path],
    data_dir: Path,
    *,
    python: Sequence[str] = (sys.executable,),
    enabled: bool = True,
    files: Files = DISK,
    libraries: Iterable[Path] = (),
    trusted: Callable[[ProjectConfig], bool] = lambda config: True,
) -> tuple[StepCoverage, list[tuple[Path, CheckReport]]]:
    """The YAML part of ``paths``' coverage and their traced reports; the Python part is left in ``data_dir``.

    ``python`` and ``enabled`` are the projects' interpreter and whether
    Python missions run, ``trusted`` whether a project's may (the editor's
    trust; the CLI runs what it is told to). Texts are read through ``files`` (an editor's unsaved text counts); the
    ``libraries`` (say, those of the workspace) are in the YAML part even
    when no file imports them. Every worker is closed at the end, so the
    Python data is saved when this returns (read it with
    :class:`~scenario_core.coverage.python.PythonLines`).
    """
    projects = measured_projects(data_dir, python, enabled, trusted)
    steps = StepCoverage()
    reports: list[tuple[Path, CheckReport]] = []
    try:
        for path in paths:
            text = files.read_text(path)
            if text is None:
                continue
            if is_library_file(path):
                steps.add_library(path, text)
                continue
            report = check(text, python=projects.for_file(path), path=path, files=files, trace="yaml")
            steps.add_report(report, path)
            reports.append((path, report))
        for library in libraries:
            steps.add_library(library, files.read_text(library))
    finally:
        projects.close()
    return steps, reports
