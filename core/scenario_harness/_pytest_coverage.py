"""Coverage under pytest: the Python lines for ``pytest --cov``, the YAML steps with ``--scenario-coverage``.

Python lines: scenario files are checked while pytest collects them, and
their Python missions run in mission workers, processes of their own. When
coverage.py measures pytest (``pytest --cov=PKG``, ``coverage run -m
pytest``), each worker is measured with the same configuration into the same
data folder (:func:`measured_as_this_process`), and its data file is written
when the worker ends: the plugin ends its workers once collection is over,
before pytest-cov combines the data files and reports. So ``pytest --cov``
counts the lines that scenarios ran, in its terminal report, its HTML,
LCOV or XML alike; each scenario's lines are in its own dynamic context
(``suite/scenario``).

YAML steps: with ``--scenario-coverage`` every check is traced and the
steps of YAML missions that ran (and those that did not) are written at the
end of the session as LCOV, Cobertura or JSON (``--scenario-coverage-format``,
``--scenario-coverage-output``), as ``scenario run --coverage`` writes its
YAML part. Under pytest-xdist every worker collects, and so checks, every
file: the first worker (``gw0``) writes the report.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Mapping

import pytest

from scenario_core.checking.report import CheckReport
from scenario_core.project.config import ProjectConfig
from scenario_core.project.discovery import LIBRARY_SUFFIXES, walk

__all__ = ["ScenarioCoverage", "add_options", "measured_as_this_process", "register", "scenario_coverage"]

_coverage_key = pytest.StashKey["ScenarioCoverage"]()
_FORMATS = ("lcov", "cobertura", "json")
_DEFAULT_OUTPUTS = {"lcov": "scenario-coverage.lcov", "cobertura": "scenario-coverage.xml", "json": "scenario-coverage.json"}


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("scenario", "scenario files")
    group.addoption(
        "--scenario-coverage",
        action="store_true",
        help="write which steps of the YAML missions the scenario files ran (Python lines: pytest --cov)",
    )
    group.addoption("--scenario-coverage-format", choices=_FORMATS, default="lcov", help="lcov (default), cobertura or json")
    group.addoption(
        "--scenario-coverage-output",
        metavar="PATH",
        help="where the YAML coverage goes (default: " + ", ".join(_DEFAULT_OUTPUTS.values()) + " by format)",
    )


def measured_as_this_process(config: ProjectConfig) -> Mapping[str, str]:
    """A mission worker's environment for coverage.py to measure it as it measures pytest; nothing when it does not."""
    if "coverage" not in sys.modules:  # nothing can be measuring this process
        return {}
    from scenario_core.coverage import inherited_environment

    return inherited_environment(config)


class ScenarioCoverage:
    """The YAML part of the session's coverage (``--scenario-coverage``), written at the end of the session."""

    def __init__(self, config: pytest.Config) -> None:
        from scenario_core.coverage import StepCoverage

        self.config = config
        self.kind: Any = config.getoption("scenario_coverage_format")
        base = config.invocation_params.dir
        self.output = base / (config.getoption("scenario_coverage_output") or _DEFAULT_OUTPUTS[self.kind])
        self.steps = StepCoverage()
        # The libraries under the folders pytest was given are in the report even when no file imports them.
        for arg in config.args:
            folder = base / arg.split("::", 1)[0]
            if folder.is_dir():
                for library in walk(folder, LIBRARY_SUFFIXES):
                    self.steps.add_library(library)

    def add(self, report: CheckReport, path: Path) -> None:
        self.steps.add_report(report, path)

    @property
    def writes(self) -> bool:
        """Whether this process writes the report: xdist's first worker, or pytest without xdist (never xdist's controller)."""
        worker = getattr(self.config, "workerinput", None)
        if worker is not None:
            return bool(worker.get("workerid") == "gw0")
        option = self.config.option
        return not (getattr(option, "numprocesses", None) or getattr(option, "dist", "no") != "no")

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.writes:
            from scenario_core.coverage import render_report

            self.output.write_text(render_report(self.kind, self.steps, None, self.config.invocation_params.dir), encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if getattr(self.config, "workerinput", None) is None:
            terminalreporter.write_line(f"scenario coverage: YAML steps written to {self.output}")


def scenario_coverage(config: pytest.Config) -> ScenarioCoverage | None:
    """The session's YAML coverage, None without ``--scenario-coverage``."""
    return config.stash.get(_coverage_key, None)


def register(config: pytest.Config) -> None:
    """Gather the YAML coverage of the session when ``--scenario-coverage`` asks for it."""
    if config.getoption("scenario_coverage"):
        gathered = ScenarioCoverage(config)
        config.stash[_coverage_key] = gathered
        config.pluginmanager.register(gathered, "scenario-coverage")
