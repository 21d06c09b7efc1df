"""The server's side of the editor contract (docs/server-contract.md).

Every command id, custom request name, command argument and report shape the
server answers with, in one place. ``vscode-extension/src/contract.ts`` is the
extension's side of the same contract; ``tests/server/test_contract.py``
keeps the two in step. Shapes are TypedDicts: they are JSON on the wire, and
the types say exactly which members a client may read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NotRequired, TypedDict

from scenario_core.checking.report import Verdict

__all__ = [
    "ACCEPT_SNAPSHOTS",
    "AcceptedSnapshots",
    "CLIENT_COMMANDS",
    "COMMANDS",
    "CoverageReport",
    "CoverageTarget",
    "CoveredFile",
    "CoveredLine",
    "CoveredMission",
    "CoveredScenario",
    "COPY_HASH",
    "DEBUG_SCENARIO",
    "FIX_ALL",
    "RUN_COVERAGE",
    "RUN_SCENARIO",
    "RUN_SUITE",
    "RUN_WORKSPACE",
    "SHOW_TRACE",
    "TESTS_REQUEST",
    "TRACE_REQUEST",
    "CallTraceReport",
    "ChangeReport",
    "WORKSPACE_TRUST_SETTING",
    "DocumentTarget",
    "ExpectationReport",
    "HashToCopy",
    "PlaceReport",
    "Position",
    "Range",
    "RunSummary",
    "ScenarioReport",
    "ScenarioTarget",
    "ScenarioTraceReport",
    "SnapshotState",
    "SnapshotsToAccept",
    "StackFrame",
    "StepStatus",
    "StepTraceReport",
    "SuiteReport",
    "TestsParams",
    "TraceTarget",
    "Verdict",
    "WorkspaceTrust",
]

RUN_SCENARIO = "scenario.runScenario"
RUN_SUITE = "scenario.runSuite"
RUN_WORKSPACE = "scenario.runWorkspace"
COPY_HASH = "scenario.copyHash"
ACCEPT_SNAPSHOTS = "scenario.acceptSnapshots"
RUN_COVERAGE = "scenario.runCoverage"
#: The commands by the names contract.ts gives them.
COMMANDS = {
    "runScenario": RUN_SCENARIO,
    "runSuite": RUN_SUITE,
    "runWorkspace": RUN_WORKSPACE,
    "copyHash": COPY_HASH,
    "acceptSnapshots": ACCEPT_SNAPSHOTS,
    "runCoverage": RUN_COVERAGE,
}

SHOW_TRACE = "scenario.showTrace"
#: Commands the server's lenses name that the client carries out itself (the server does not answer them).
CLIENT_COMMANDS = {"showTrace": SHOW_TRACE}
#: The command of the "Debug scenario" lens (with the setting ``debugLens``): the server names it and never runs
#: it; a client handles it by starting its debugger on scenario-dap (docs/debugging.md), arguments as runScenario's.
DEBUG_SCENARIO = "scenario.debugScenario"

#: The code action kind of "Accept all actual values in this file".
FIX_ALL = "source.fixAll.scenario"

#: The latest SuiteReport of a document, without running anything new.
TESTS_REQUEST = "scenario/tests"
#: The step traces of a scenario's calls, each call run again (see docs/server-contract.md).
TRACE_REQUEST = "scenario/trace"

#: The setting by which a client with workspace trust of its own (VS Code) says whose trust decides whether
#: a project's Python code runs: its own ("restricted" in Restricted Mode, "trusted" once the user trusted
#: the workspace), or the server's question to the user ("ask", the default).
WORKSPACE_TRUST_SETTING = "workspaceTrust"
WorkspaceTrust = Literal["ask", "restricted", "trusted"]


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
class SnapshotsToAccept:
    """Arguments of ``scenario.acceptSnapshots``: the scenarios whose snapshots to store (None: all of the file)."""

    uri: str
    scenarios: list[str] | None = None


@dataclass
class CoverageTarget:
    """Arguments of ``scenario.runCoverage``: the scenario files to run; None (or no arguments) runs every one of the workspace."""

    uris: list[str] | None = None


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


@dataclass
class TraceTarget:
    """Params of ``scenario/trace``, and the argument of ``scenario.showTrace``: some calls of a scenario.

    The scenario's calls: all of them, those of ``mission``, or the one at
    ``call`` (0-based; with ``mission`` too, only if it calls that mission).
    ``states``: each step also gives the state before and after it.
    """

    uri: str
    scenario: str
    mission: str | None = None
    call: int | None = None
    states: bool = False


# -- report shapes ------------------------------------------------------------------


class Position(TypedDict):
    """An LSP position: zero-based line and character (in the negotiated encoding)."""

    line: int
    character: int


class Range(TypedDict):
    start: Position
    end: Position


#: A snapshotted scenario's snapshot: as stored, different, not stored yet, or not compared (a call could not run).
SnapshotState = Literal["unchanged", "changed", "missing", "not_run"]


class ScenarioReport(TypedDict):
    name: str
    scenario_hash: str | None
    range: Range | None  # the scenario's list item
    snapshot: SnapshotState | None  # None: not snapshotted
    snapshot_message: str | None  # the finding's message when the snapshot changed or is missing


class StackFrame(TypedDict):
    """One line of a failed expectation's way to the value it checks: the expectation, its scenario, the call, the step that wrote the value, its Python line."""

    label: str
    uri: str
    range: Range


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
    stack: list[StackFrame]  # a failed expectation's way to its value, outermost first; empty when it passed


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
    """What the run commands return: expectations passed and failed, files invalid, snapshots failed."""

    passed: int
    failed: int
    invalid: int
    snapshots_failed: int  # snapshotted scenarios whose snapshot changed or is missing
    files: list[SuiteReport]


class AcceptedSnapshots(TypedDict):
    """What ``scenario.acceptSnapshots`` answers: what it stored, or why it stored nothing."""

    uri: str
    snapshot: str | None  # the snapshot file's URI
    accepted: list[str]  # scenarios whose changed snapshot was stored
    added: list[str]  # scenarios stored for the first time
    removed: list[str]  # entries removed (no snapshotted scenario uses them)
    refused: str | None  # why nothing was stored (input errors), else None


# -- step traces (scenario/trace) ---------------------------------------------------------------

#: How a step ended: ``approved`` is a human step; ``not_reached`` a step after the one that failed.
StepStatus = Literal["ok", "approved", "failed", "not_reached"]


class PlaceReport(TypedDict):
    """Where something is written: a file's path (None: the requested document, not a file) and a 1-based line."""

    path: str | None
    line: int


class ChangeReport(TypedDict):
    """A change a step made, at a dot path: ``before`` is left out for a key added, ``after`` for a key removed."""

    path: str
    before: NotRequired[Any]
    after: NotRequired[Any]


class StepTraceReport(TypedDict):
    id: str
    kind: str
    operation: str | None
    status: StepStatus
    defined_at: PlaceReport | None  # the step's `- id:` item, or the Python line that built it; None: a built-in mission's
    operation_at: PlaceReport | None  # a Python operation's `def`
    changes: list[ChangeReport]
    error: str | None  # a failed step's message
    state_before: NotRequired[Any]  # with `states`
    state_after: NotRequired[Any]  # with `states`


class CallTraceReport(TypedDict):
    """One mission call and its steps in order, as ``CallTrace.to_dict`` of the core gives it."""

    mission: str
    index: int  # the call's 0-based place in the scenario's missions
    line: int  # 1-based line of the call
    success: bool | None  # None: the call gave no result
    error: str | None  # why it gave none
    steps: list[StepTraceReport]


class ScenarioTraceReport(TypedDict):
    """The answer to ``scenario/trace``: the calls asked for of one scenario."""

    uri: str
    path: str | None  # the document's file (None: not a file)
    scenario: str
    calls: list[CallTraceReport]


# -- coverage -------------------------------------------------------------------------


class CoveredLine(TypedDict):
    """A line that can run: a YAML step's ``- id:`` line, or a Python statement."""

    line: int  # zero-based
    count: int  # the times a YAML step ran; 1 (ran) or 0 for a Python line, which coverage.py does not count
    scenarios: list[int]  # the scenarios that ran it, as indexes into CoverageReport.scenarios


class CoveredMission(TypedDict):
    """A YAML mission: the line of its name and the calls that ran it."""

    name: str
    line: int  # zero-based
    count: int


class CoveredFile(TypedDict):
    uri: str
    kind: Literal["yaml", "python"]
    lines: list[CoveredLine]
    missions: list[CoveredMission]  # empty for a Python file


class CoveredScenario(TypedDict):
    """A scenario that ran: its file, its name, and its label in coverage data (``suite/scenario``)."""

    uri: str
    scenario: str
    label: str


class CoverageReport(TypedDict):
    """What ``scenario.runCoverage`` answers: which YAML steps and Python lines the run ran, and by which scenario."""

    files: list[CoveredFile]
    scenarios: list[CoveredScenario]
    workspace: bool  # every scenario file of the workspace ran: the steps at 0 are reached by no call in the workspace
