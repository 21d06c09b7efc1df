"""The server's contract.py and the extension's contract.ts describe the same wire."""
from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

from scenario_lsp.protocol import contract

TS = (Path(__file__).resolve().parents[2] / "vscode-extension" / "src" / "contract.ts").read_text()


def ts_interfaces() -> dict[str, set[str]]:
    """Each ``export interface`` of contract.ts and its member names."""
    interfaces = {}
    for name, body in re.findall(r"export interface (\w+) \{(.*?)\n\}", TS, re.S):
        interfaces[name] = set(re.findall(r"^\s+(\w+)\??:", body, re.M))
    return interfaces


def test_the_command_ids_are_the_same():
    body = re.search(r"export const COMMANDS = \{(.*?)\}", TS, re.S)
    assert body is not None
    assert dict(re.findall(r"(\w+): '([\w.]+)'", body[1])) == contract.COMMANDS


def test_the_tests_request_is_the_same():
    assert re.search(r"export const TESTS_REQUEST = '([\w/]+)'", TS)[1] == contract.TESTS_REQUEST


def test_the_trace_request_is_the_same():
    assert re.search(r"export const TRACE_REQUEST = '([\w/]+)'", TS)[1] == contract.TRACE_REQUEST


def test_the_commands_the_client_carries_out_are_the_same():
    body = re.search(r"export const CLIENT_COMMANDS = \{(.*?)\}", TS, re.S)
    assert body is not None
    assert dict(re.findall(r"(\w+): '([\w.]+)'", body[1])) == contract.CLIENT_COMMANDS


def test_every_report_shape_has_the_same_members():
    interfaces = ts_interfaces()
    shapes = {
        "Position",
        "Range",
        "ScenarioReport",
        "StackFrame",
        "ExpectationReport",
        "SuiteReport",
        "RunSummary",
        "AcceptedSnapshots",
        "PlaceReport",
        "ChangeReport",
        "StepTraceReport",
        "CallTraceReport",
        "ScenarioTraceReport",
        "TraceTarget",
        "CoveredLine",
        "CoveredMission",
        "CoveredFile",
        "CoveredScenario",
        "CoverageReport",
    }
    assert shapes <= set(interfaces)
    for name in shapes:
        shape = getattr(contract, name)
        python = {f.name for f in dataclasses.fields(shape)} if dataclasses.is_dataclass(shape) else set(typing.get_type_hints(shape))
        assert python == interfaces[name], name


def test_the_fix_all_kind_is_the_same():
    assert re.search(r"export const FIX_ALL = '([\w.]+)'", TS)[1] == contract.FIX_ALL


def test_the_snapshot_states_are_the_same():
    ts = set(re.findall(r"'(\w+)'", re.search(r"export type SnapshotState = ([^;]+);", TS)[1]))
    assert ts == set(typing.get_args(contract.SnapshotState))


def test_the_verdicts_are_the_same():
    ts = set(re.findall(r"'(\w+)'", re.search(r"export type Verdict = ([^;]+);", TS)[1]))
    assert ts == set(typing.get_args(contract.Verdict))


def test_the_step_statuses_are_the_same():
    ts = set(re.findall(r"'(\w+)'", re.search(r"export type StepStatus = ([^;]+);", TS)[1]))
    assert ts == set(typing.get_args(contract.StepStatus))


def test_the_step_statuses_are_those_the_core_records():
    from scenario_core.orchestration.trace import StepStatus

    assert set(typing.get_args(contract.StepStatus)) == set(typing.get_args(StepStatus))


def test_the_workspace_trust_setting_and_its_values_are_the_same():
    assert re.search(r"export const WORKSPACE_TRUST_SETTING = '(\w+)'", TS)[1] == contract.WORKSPACE_TRUST_SETTING
    ts = set(re.findall(r"'(\w+)'", re.search(r"export type WorkspaceTrust = ([^;]+);", TS)[1]))
    assert ts == set(typing.get_args(contract.WorkspaceTrust))


def test_the_debug_lens_command_is_the_same():
    assert re.search(r"export const DEBUG_SCENARIO = '([\w.]+)'", TS)[1] == contract.DEBUG_SCENARIO


def test_the_kinds_of_covered_files_are_the_same():
    ts = set(re.findall(r"'(\w+)'", re.search(r"export interface CoveredFile \{.*?kind: ([^;]+);", TS, re.S)[1]))
    assert ts == set(typing.get_args(typing.get_type_hints(contract.CoveredFile)["kind"]))
