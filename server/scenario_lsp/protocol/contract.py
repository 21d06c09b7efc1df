"""The server's side of the editor contract (docs/server-contract.md).

Every command id, custom request name, command argument and report shape the
server answers with, in one place. ``vscode-extension/src/contract.ts`` is the
extension's side of the same contract; ``tests/server/test_contract.py``
keeps the two in step. Shapes are TypedDicts: they are JSON on the wire, and
the types say exactly which members a client may read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from scenario_core.checking.report import Verdict

__all__ = [
    "ACCEPT_SNAPSHOTS",
    "AcceptedSnapshots",
    "COMMANDS",
    "COPY_HASH",
    "DEBUG_SCENARIO",
    "FIX_ALL",
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
    "SnapshotState",
    "SnapshotsToAccept",
    "SuiteReport",
    "TestsParams",
    "Verdict",
]

RUN_SCENARIO = "scenario.runScenario"
RUN_SUITE = "scenario.runSuite"
RUN_WORKSPACE = "scenario.runWorkspace"
COPY_HASH = "scenario.copyHash"
ACCEPT_SNAPSHOTS = "scenario.acceptSnapshots"
#: The commands by the names contract.ts gives them.
COMMANDS = {
    "runScenario": RUN_SCENARIO,
    "runSuite": RUN_SUITE,
    "runWorkspace": RUN_WORKSPACE,
    "copyHash": COPY_HASH,
    "acceptSnapshots": ACCEPT_SNAPSHOTS,
}

#: The command of the "Debug scenario" lens (with the setting ``debugLens``): the server names it and never runs
#: it; a client handles it by starting its debugger on scenario-dap (docs/debugging.md), arguments as runScenario's.
DEBUG_SCENARIO = "scenario.debugScenario"

#: The code action kind of "Accept all actual values in this file".
FIX_ALL = "source.fixAll.scenario"

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
class SnapshotsToAccept:
    """Arguments of ``scenario.acceptSnapshots``: the scenarios whose snapshots to store (None: all of the file)."""

    uri: str
    scenarios: list[str] | None = None


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


#: A snapshotted scenario's snapshot: as stored, different, not stored yet, or not compared (a call could not run).
SnapshotState = Literal["unchanged", "changed", "missing", "not_run"]


class ScenarioReport(TypedDict):
    name: str
    scenario_hash: str | None
    range: Range | None  # the scenario's list item
    snapshot: SnapshotState | None  # None: not snapshotted
    snapshot_message: str | None  # the finding's message when the snapshot changed or is missing


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
