"""The server's side of the editor contract (docs/server-contract.md).

Every command id, custom request name, command argument and report shape the
server answers with, in one place. ``vscode-extension/src/contract.ts`` is the
extension's side of the same contract; ``tests/server/test_contract.py``
keeps the two in step. Shapes are TypedDicts: they are JSON on the wire, and
the types say exactly which members a client may read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from scenario_core.report import Verdict

__all__ = [
    "COMMANDS",
    "COPY_HASH",
    "RUN_SCENARIO",
    "RUN_SUITE",
    "RUN_WORKSPACE",
    "TESTS_REQUEST",
    "DocumentTarget",
    "ExpectationReport",
    "HashToCopy",
    "Position",
    "Range",
    "RunSummary",
    "ScenarioReport",
    "ScenarioTarget",
    "SuiteReport",
    "TestsParams",
    "Verdict",
]

RUN_SCENARIO = "scenario.runScenario"
RUN_SUITE = "scenario.runSuite"
RUN_WORKSPACE = "scenario.runWorkspace"
COPY_HASH = "scenario.copyHash"
#: The commands by the names contract.ts gives them.
COMMANDS = {
    "runScenario": RUN_SCENARIO,
    "runSuite": RUN_SUITE,
    "runWorkspace": RUN_WORKSPACE,
    "copyHash": COPY_HASH,
}

#: The latest SuiteReport of a document, without running anything new.
TESTS_REQUEST = "scenario/tests"


# -- command arguments ------------------------------------------------------------


@dataclass
class DocumentTarget:
    """Arguments of ``scenario.runSuite``."""

    uri: str


@dataclass
class ScenarioTarget:
    """Arguments of ``scenario.runScenario``."""

    uri: str
    scenario: str


@dataclass
class HashToCopy:
    """Arguments of ``scenario.copyHash``."""

    hash: str
    label: str


@dataclass
class TestsParams:
    """Params of the ``scenario/tests`` request."""

    __test__ = False  # not a pytest test class, despite its name

    uri: str


# -- report shapes ------------------------------------------------------------------


class Position(TypedDict):
    """An LSP position: zero-based line and character (in the negotiated encoding)."""

    line: int
    character: int


class Range(TypedDict):
    start: Position
    end: Position


class ScenarioReport(TypedDict):
    name: str
    scenario_hash: str | None
    range: Range | None  # the scenario's list item


class ExpectationReport(TypedDict):
    id: str
    scenario: str
    mission: str
    passed: bool
    code: str | None  # the finding code of a failure
    message: str | None  # the finding's message, as the diagnostic shows it
    expected: Any
    actual: Any
    range: Range | None  # the expectation's list item


class SuiteReport(TypedDict):
    """One file's verdict: the answer to ``scenario/tests``, and each file of a RunSummary."""

    uri: str
    suite: str | None
    verdict: Verdict
    passed: int
    failed: int
    test_run_hash: str | None
    range: Range | None  # the suite name
    scenarios: list[ScenarioReport]
    expectations: list[ExpectationReport]


class RunSummary(TypedDict):
    """What the run commands return: expectations passed and failed, files invalid."""

    passed: int
    failed: int
    invalid: int
    files: list[SuiteReport]
