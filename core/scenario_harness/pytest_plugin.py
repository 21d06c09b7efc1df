"""Scenario files as pytest tests: the ``scenario`` plugin (entry point ``pytest11``).

pytest collects every file whose name matches the ``scenario_files`` ini
option (default ``*.scenario.yaml *.scenario.yml``) wherever it looks for
tests, as the tree the VS Code Test Explorer shows::

    <ScenarioFile checkout.scenario.yaml>      the suite
      <Scenario baseline>                      a scenario with expectations
        <Expectation loop_ok>                  checkout.scenario.yaml::baseline::loop_ok
        <Snapshot snapshot>                    when the scenario is snapshotted
      <ScenarioCalls warm_up>                  a scenario without expectations

An expectation passes or fails as in the editor, a snapshot when the
scenario's results differ from the stored ones (pytest never writes
snapshots), a scenario's calls when one could not run. A failure reads ``file:line:col: severity code:
message``, then the YAML around the node with a marker under it, then op,
expected and actual (with pytest's own comparison for two mappings or two
lists). A file whose text is invalid is a collection error showing each
finding the same way (which errors fail the file and which a scenario:
:mod:`scenario_harness._suite_tree`). ``-p no:scenario`` turns the plugin off.

Where the check runs: once per file, when pytest collects it. An invalid
file has to be a collection error, like a Python file that does not
compile, and only a check knows (reference errors and rule violations are
found while the scenarios run), so collecting is checking. Each item keeps
just its verdict and, when it failed, its text; the file's report is
dropped. Under pytest-xdist every worker collects, and so checks, every
file: one check of all files per worker, which docs/benchmarks.md measures
against xdist's own cost per item.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

import pytest
from _pytest.junitxml import xml_key  # the junitxml plugin's own handle; see _JunitLocations

from scenario_core.checking.cache import ScenarioCache
from scenario_core.checking.pipeline import check_bytes
from scenario_core.checking.traces import Tracer
from scenario_core.project.discovery import PATTERNS, is_library_file, is_scenario_file
from scenario_core.python.missions import PythonProjects

from . import _pytest_coverage
from ._suite_tree import Failure, ScenarioEntry, calls_to_trace, invalid_file_text, scenario_entries

if TYPE_CHECKING:  # the types of pytest's own repr_failure signatures
    from _pytest._code.code import TerminalRepr, TracebackStyle

__all__ = [
    "Expectation",
    "ExpectationFailed",
    "InvalidScenarioFile",
    "Scenario",
    "ScenarioCalls",
    "ScenarioFile",
    "Snapshot",
    "pytest_addoption",
    "pytest_collect_file",
    "pytest_collection_finish",
    "pytest_configure",
    "pytest_unconfigure",
]

#: The name of the item of a scenario's calls that failed where none of its expectations looks.
CALLS_ITEM = "mission calls"

_projects_key = pytest.StashKey[PythonProjects]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "scenario_files",
        type="args",
        default=list(PATTERNS),
        help="file name patterns of scenario files (default: " + " ".join(PATTERNS) + ")",
    )
    _pytest_coverage.add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    # Python missions run in a worker per project, started when a file needs it (in each xdist worker).
    # Under pytest --cov, each worker is measured as pytest is (see _pytest_coverage).
    config.stash[_projects_key] = PythonProjects(worker_environment=_pytest_coverage.measured_as_this_process)
    _pytest_coverage.register(config)
    # JUnit XML is written where reports arrive: in the main process, never in an xdist worker.
    if config.option.xmlpath and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_JunitLocations(config), "scenario-junit-locations")


def pytest_unconfigure(config: pytest.Config) -> None:
    projects = config.stash.get(_projects_key, None)
    if projects is not None:
        projects.close()


def pytest_collection_finish(session: pytest.Session) -> None:
    # Every check ran while collecting: the mission workers end now, and a measured one writes its coverage
    # data before pytest-cov combines the data files.
    projects = session.config.stash.get(_projects_key, None)
    if projects is not None:
        projects.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    # A mission library is checked through the files that import it, even when a broad pattern names it.
    if is_scenario_file(file_path, _patterns(parent.config)) and not is_library_file(file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def _patterns(config: pytest.Config) -> Sequence[str]:
    patterns: list[str] = config.getini("scenario_files")
    return patterns


class InvalidScenarioFile(Exception):
    """A scenario file with input errors; its text is what pytest shows for the collection error."""


class ExpectationFailed(AssertionError):
    """An expectation did not hold, or a scenario's mission call could not run."""


class ScenarioFile(pytest.File):
    """A scenario file, one suite: collecting it checks it."""

    @property
    def shown(self) -> str:
        """The file as findings name it: its node id, or for a file outside the rootdir (whose node id is empty) its path from where pytest runs."""
        return self.nodeid or os.path.relpath(self.path, self.config.invocation_params.dir)

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise InvalidScenarioFile(f"{self.shown}: cannot read the file: {error.strerror}") from None
        python = self.config.stash[_projects_key].for_file(self.path)
        coverage = _pytest_coverage.scenario_coverage(self.config)
        if coverage is None:
            report = check_bytes(data, cache=ScenarioCache(), python=python, path=self.path)
        else:  # the steps of YAML missions that ran: their calls traced (a traced check takes no cache)
            report = check_bytes(data, python=python, path=self.path, trace="yaml")
            coverage.add(report, self.path)
        problems = invalid_file_text(self.shown, report)
        if problems is not None:
            raise InvalidScenarioFile(problems)
        # Why a compared value is what it is: each such call run again, traced (with -vv, the states between its steps).
        tracer = Tracer(report.document, report.missions, report.catalog, python)
        traces = tracer.traces(calls_to_trace(report), keep_states=self.config.get_verbosity() >= 2)
        for entry in scenario_entries(self.shown, report, traces, self.path):
            if entry.expectations or entry.snapshot is not None:
                yield Scenario.from_parent(self, name=entry.name, entry=entry)
            else:
                yield ScenarioCalls.from_parent(self, name=entry.name, line=entry.line, failure=entry.calls)

    # pytest's own Collector drops Node's `style` parameter the same way, with the same ignore.
    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str | TerminalRepr:  # type: ignore[override]
        if isinstance(excinfo.value, InvalidScenarioFile):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class Scenario(pytest.Collector):
    """A scenario with expectations or a snapshot: an item per expectation, its snapshot, calls that failed unseen."""

    def __init__(self, *, entry: ScenarioEntry, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entry = entry

    def collect(self) -> Iterator[pytest.Item]:
        for verdict in self.entry.expectations:
            yield Expectation.from_parent(self, name=verdict.name, line=verdict.line, failure=verdict.failure)
        if self.entry.snapshot is not None:
            snapshot = self.entry.snapshot
            yield Snapshot.from_parent(self, name=snapshot.name, line=snapshot.line, failure=snapshot.failure)
        if self.entry.calls is not None:
            yield ScenarioCalls.from_parent(self, name=CALLS_ITEM, line=self.entry.line, failure=self.entry.calls)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.entry.line, self.name


class _ScenarioItem(pytest.Item):
    """An item whose verdict the check of its file already gave."""

    def __init__(self, *, line: int, failure: Failure | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.line = line
        self.failure = failure
        # As pytest's own doctest items do: plugins written for test functions read it from every item.
        self.funcargs: dict[str, object] = {}

    def runtest(self) -> None:
        if self.failure is not None:
            raise ExpectationFailed(self.failure.text)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: TracebackStyle | None = None
    ) -> str | TerminalRepr:
        if not isinstance(excinfo.value, ExpectationFailed) or self.failure is None:
            return super().repr_failure(excinfo)
        if self.failure.compared is None:
            return self.failure.text
        actual, expected = self.failure.compared
        return self.failure.text + "\n" + "\n".join(_pytest_comparison(self.config, actual, expected))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line, self.nodeid.split("::", 1)[1]


class Expectation(_ScenarioItem):
    """One expectation: passes when it held."""


class Snapshot(_ScenarioItem):
    """A snapshotted scenario's stored results: passes when this run's equal them."""


class ScenarioCalls(_ScenarioItem):
    """A scenario's mission calls: passes when every one of them ran.

    The item of a scenario without expectations, and, named
    :data:`CALLS_ITEM`, of calls that failed where none of a scenario's
    expectations looks.
    """


def _pytest_comparison(config: pytest.Config, actual: Any, expected: Any) -> list[str]:
    """pytest's explanation of ``actual == expected`` failing (the assertion plugin's, or a project's own hook)."""
    for lines in config.hook.pytest_assertrepr_compare(config=config, op="==", left=actual, right=expected):
        if lines:
            return ["", "actual == expected:", *("  " + line if line else "" for line in lines)]
    return []


class _JunitLocations:
    """Gives scenario records in ``--junitxml`` the 1-based line of their node, as ``scenario run`` and editors count.

    pytest writes ``file`` and ``line`` for ``junit_family=xunit1`` (and
    ``legacy``), with the 0-based line of its internal locations; its default,
    xunit2, has no place for them in its schema and pytest leaves them out,
    for Python tests and scenario files alike. The attributes are set through
    the junitxml plugin's node reporter, as pytest's ``record_xml_attribute``
    fixture does (there is no public route for items that are not test
    functions), from each report's location, so that they arrive under xdist
    too.
    """

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        path, line, _ = report.location
        xml = self.config.stash.get(xml_key, None)
        if xml is None or line is None or not is_scenario_file(path, _patterns(self.config)):
            return
        reporter = xml.node_reporter(report)
        reporter.add_attribute("file", path)
        reporter.add_attribute("line", str(line + 1))
