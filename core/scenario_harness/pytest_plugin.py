"""Scenario files as pytest tests: the ``scenario`` plugin (entry point ``pytest11``).

pytest collects every file whose name matches the ``scenario_files`` ini
option (default ``*.scenario.yaml *.scenario.yml``) wherever it looks for
tests, as the tree the VS Code Test Explorer shows::

    <ScenarioFile checkout.scenario.yaml>      the suite
      <Scenario baseline>                      a scenario with expectations
        <Expectation loop_ok>                  checkout.scenario.yaml::baseline::loop_ok
      <ScenarioCalls warm_up>                  a scenario without expectations

An expectation passes or fails as in the editor; a scenario without
expectations fails when one of its mission calls could not run. A failure
reads ``file:line:col: severity code: message``, then the YAML around the
node with a marker under it, then op, expected and actual (with pytest's own
comparison for two mappings or two lists). A file with input errors is a
collection error showing each of them the same way. ``-p no:scenario`` turns
the plugin off.

Each file is checked once, when pytest collects it, so an invalid file is a
collection error like a Python file that does not compile, and each item
keeps only its own verdict (the file's report is dropped). Under
pytest-xdist every worker collects, and so checks, every file; see
docs/benchmarks.md for what that costs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

import pytest
from _pytest.junitxml import xml_key  # the junitxml plugin's own handle; see _JunitLocations

from scenario_core.cache import ScenarioCache
from scenario_core.check import check_bytes
from scenario_core.discovery import PATTERNS, is_scenario_file
from scenario_core.excerpt import finding_text
from scenario_core.findings import Severity
from scenario_core.frozen import FrozenDict
from scenario_core.report import CheckReport, ExpectationOutcome, ScenarioOutcome
from scenario_core.source import LineIndex

if TYPE_CHECKING:  # the types of pytest's own repr_failure signatures
    from _pytest._code.code import TerminalRepr, TracebackStyle

__all__ = [
    "Expectation",
    "ExpectationFailed",
    "InvalidScenarioFile",
    "Scenario",
    "ScenarioCalls",
    "ScenarioFile",
    "pytest_addoption",
    "pytest_collect_file",
    "pytest_configure",
]

#: Codes of expectations that compared two values (op, expected and actual are shown).
_COMPARISONS = frozenset(("eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch", "type_error"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "scenario_files",
        type="args",
        default=list(PATTERNS),
        help="file name patterns of scenario files (default: " + " ".join(PATTERNS) + ")",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    if is_scenario_file(file_path, _patterns(parent.config)):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def pytest_configure(config: pytest.Config) -> None:
    # JUnit XML is written where reports arrive: in the main process, never in an xdist worker.
    if config.option.xmlpath and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_JunitLocations(config), "scenario-junit-locations")


def _patterns(config: pytest.Config) -> Sequence[str]:
    patterns: list[str] = config.getini("scenario_files")
    return patterns


class InvalidScenarioFile(Exception):
    """A scenario file with input errors; its text is what pytest shows for the collection error."""


class ExpectationFailed(AssertionError):
    """An expectation did not hold, or a scenario's mission call could not run."""


class ScenarioFile(pytest.File):
    """A scenario file, one suite: collecting it checks it."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        try:
            data = self.path.read_bytes()
        except OSError as error:
            raise InvalidScenarioFile(f"{self.nodeid}: cannot read the file: {error.strerror}") from None
        report = check_bytes(data, cache=ScenarioCache())
        if report.invalid:
            problems = "\n\n".join(finding_text(self.nodeid, report.lines, f) for f in report.input_errors)
            count = len(report.input_errors)
            raise InvalidScenarioFile(f"invalid scenario file: {count} error{'s' if count != 1 else ''}\n\n{problems}")
        yield from _children(self, report)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str | TerminalRepr:  # type: ignore[override]  # as pytest's Collector
        if isinstance(excinfo.value, InvalidScenarioFile):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


def _children(file: ScenarioFile, report: CheckReport) -> Iterator[pytest.Item | pytest.Collector]:
    """The scenarios of a file, in order, each with its expectations.

    A repeated scenario name is shown as ``name (2)``, ``name (3)``, as the
    Test Explorer does; expectations belong to the last scenario of a name,
    the one the suite keeps.
    """
    shown, lines = file.nodeid, report.lines
    last = {s.name: i for i, s in enumerate(report.scenarios)}
    owned: dict[int, list[ExpectationOutcome]] = {}
    for e in report.expectations:
        owned.setdefault(last[e.definition.scenario], []).append(e)
    for index, (scenario, key) in enumerate(zip(report.scenarios, _unique_keys([s.name for s in report.scenarios]))):
        line = scenario.definition.range.start.line
        expectations = owned.get(index)
        if expectations:
            verdicts = [(e.definition.id, e.definition.range.start.line, _failure(shown, lines, e)) for e in expectations]
            yield Scenario.from_parent(file, name=key, line=line, expectations=verdicts)
        else:
            yield ScenarioCalls.from_parent(file, name=key, line=line, failure=_calls_failure(shown, report, scenario))


def _unique_keys(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return keys


@dataclass(frozen=True)
class _Failure:
    """What a failed item shows; ``compared`` holds (actual, expected) when pytest's comparison applies."""

    text: str
    compared: tuple[Any, Any] | None = None


def _failure(shown: str, lines: LineIndex, outcome: ExpectationOutcome) -> _Failure | None:
    if outcome.passed:
        return None
    d = outcome.definition
    if outcome.finding is not None:
        head = finding_text(shown, lines, outcome.finding)
    else:  # every failure has its finding; this keeps a report readable if one ever does not
        head = f"{shown}:{d.range.start.line + 1}:{d.range.start.column + 1}: expectation '{d.id}' failed ({outcome.code})"
    text = f"{head}\nscenario: {d.scenario}\nmission:  {d.mission}\npath:     {d.path}"
    if outcome.code not in _COMPARISONS:
        return _Failure(text)
    expected, actual = FrozenDict.thaw(d.expected), FrozenDict.thaw(outcome.result.actual)
    text += f"\nop:       {d.op}\nexpected: {_json(expected)}\nactual:   {_json(actual)}"
    containers = (isinstance(actual, dict) and isinstance(expected, dict)) or (
        isinstance(actual, list) and isinstance(expected, list)
    )
    return _Failure(text, (actual, expected) if d.op == "eq" and containers else None)


def _calls_failure(shown: str, report: CheckReport, scenario: ScenarioOutcome) -> _Failure | None:
    """The failure of a scenario without expectations: its error findings, when a call could not run."""
    if not scenario.failed_calls:
        return None
    where = scenario.definition.range
    inside = [
        f for f in report.findings if f.severity is Severity.ERROR and where.contains(f.range.start) and where.contains(f.range.end)
    ]
    if not inside:
        calls = ", ".join(scenario.definition.calls[i].name for i in scenario.failed_calls)
        return _Failure(f"{shown}:{where.start.line + 1}:{where.start.column + 1}: scenario '{scenario.name}' could not run {calls}")
    return _Failure("\n\n".join(finding_text(shown, report.lines, f) for f in inside))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Scenario(pytest.Collector):
    """A scenario with expectations: one item per expectation."""

    def __init__(self, *, line: int, expectations: list[tuple[str, int, _Failure | None]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.line = line
        self.expectations = expectations  # (id, line, failure or None), in the file's order

    def collect(self) -> Iterator[pytest.Item]:
        for id_, line, failure in self.expectations:
            yield Expectation.from_parent(self, name=id_, line=line, failure=failure)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line, self.name


class _ScenarioItem(pytest.Item):
    """An item whose verdict the check of its file already gave."""

    def __init__(self, *, line: int, failure: _Failure | None, **kwargs: Any) -> None:
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


class ScenarioCalls(_ScenarioItem):
    """A scenario without expectations: passes when every mission call ran."""


def _pytest_comparison(config: pytest.Config, actual: Any, expected: Any) -> list[str]:
    """pytest's explanation of ``actual == expected`` failing (the assertion plugin's, or a project's own hook)."""
    for lines in config.hook.pytest_assertrepr_compare(config=config, op="==", left=actual, right=expected):
        if lines:
            return ["", "actual == expected:", *("  " + line if line else "" for line in lines)]
    return []


class _JunitLocations:
    """Gives each scenario record in ``--junitxml`` the ``file`` and (1-based) ``line`` of its node.

    pytest writes ``file`` and ``line`` only for ``junit_family=xunit1``, and
    then with the 0-based line of its internal locations; the records of
    scenario files carry them in every family, counted as ``scenario run
    --format junit`` and editors count. Attributes are added through the
    junitxml plugin's node reporter, as pytest's ``record_xml_attribute``
    fixture does (there is no public route for items that are not test
    functions), from the report's location, so they arrive under xdist too.
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
