"""Measuring a project's Python lines in its mission workers with coverage.py: what a worker's environment needs.

A worker is started under coverage.py (:func:`worker_environment` gives it
``COVERAGE_PROCESS_CONFIG``, coverage.py's own way of measuring a new
process, which the worker acts on: see ``scenario_harness._coverage``). The
configuration is the project's own, read in the project's folder as
``coverage run`` there would read it (``.coveragerc``, ``setup.cfg``,
``tox.ini`` or ``[tool.coverage]`` in ``pyproject.toml``); when it names no
``source``, ``source_pkgs`` or ``include``, the project's folder is the
source. The data goes to a folder of the run's (one per project,
``parallel``, so that every worker writes a file of its own), which
:class:`~scenario_core.coverage.python.PythonLines` reads back.

coverage.py is imported only when a worker is to be measured: importing it
takes a good part of a second, which every ``scenario`` command would pay.
"""
from __future__ import annotations

import contextlib
import copy
import hashlib
from dataclasses import dataclass
from pathlib import Path

from scenario_core.project.config import ProjectConfig
from scenario_core.python.wire import NO_COVERAGE_CONTEXTS

__all__ = ["DATA_NAME", "PROJECT_MARKER", "CoverageConfigError", "Measurement", "inherited_environment", "worker_environment"]

#: The data file name in a project's folder of the run (coverage.py adds a suffix per worker).
DATA_NAME = ".coverage"
#: The file in a project's data folder that says which project it is.
PROJECT_MARKER = "project-root"


class CoverageConfigError(Exception):
    """The project's coverage configuration cannot be used; the message says where and why."""


def worker_environment(data_dir: Path, config: ProjectConfig, contexts: bool = True) -> dict[str, str]:
    """What a mission worker of the project ``config`` needs in its environment to be measured into ``data_dir``.

    With ``contexts`` False each scenario's lines get no context of their
    own: a context switch per scenario is the largest part of what measuring
    costs, and LCOV and Cobertura have no place for contexts. Raises
    :class:`CoverageConfigError` when coverage.py cannot read the project's
    configuration.
    """
    import coverage
    from coverage.exceptions import CoverageException

    folder = _project_folder(data_dir, config.root)
    with contextlib.chdir(config.root):
        try:
            measuring = coverage.Coverage(data_file=str(folder / DATA_NAME), config_file=True)
        except CoverageException as error:
            raise CoverageConfigError(f"{config.root}: coverage.py cannot read the project's configuration: {error}") from None
        settings = measuring.config
        if not (settings.source or settings.source_pkgs or settings.run_include):
            measuring.set_option("run:source", [str(config.root)])
        measuring.set_option("run:parallel", True)
        # The worker names the contexts itself, one per scenario.
        measuring.set_option("run:dynamic_context", None)
        serialized = settings.serialize()
    return {"COVERAGE_PROCESS_CONFIG": serialized, **({} if contexts else {NO_COVERAGE_CONTEXTS: "1"})}


@dataclass(frozen=True)
class Measurement:
    """How a run's mission workers are measured: into ``folder``, each scenario in a context of its own or not."""

    folder: Path
    contexts: bool = True

    def environment(self, config: ProjectConfig) -> dict[str, str]:
        """:func:`worker_environment` of the project ``config``, as a PythonProjects' ``worker_environment``."""
        return worker_environment(self.folder, config, self.contexts)


def inherited_environment(config: ProjectConfig) -> dict[str, str]:
    """What a mission worker needs in its environment to be measured as this process is, by whatever measures it.

    Under ``pytest --cov`` (pytest-cov) or ``coverage run``, the worker is
    measured with the same configuration into the same data folder, in a
    data file of its own (``parallel``), which ``coverage combine`` (and
    pytest-cov at the end of the run) takes in. Nothing, when no coverage.py
    measurement is running here.
    """
    import coverage

    running = coverage.Coverage.current()
    if running is None:
        return {}
    settings = copy.copy(running.config)
    settings.parallel = True
    settings.dynamic_context = None  # the worker names the contexts itself, one per scenario
    return {"COVERAGE_PROCESS_CONFIG": settings.serialize()}


def _project_folder(data_dir: Path, root: Path) -> Path:
    folder = data_dir / hashlib.sha256(str(root).encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / PROJECT_MARKER
    if not marker.exists():
        marker.write_text(str(root), encoding="utf-8")
    return folder
