"""The server's contract.py and the extension's contract.ts describe the same wire."""
from __future__ import annotations

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


def test_every_report_shape_has_the_same_members():
    interfaces = ts_interfaces()
    shapes = {
        "Position", "Range", "ScenarioReport", "ExpectationReport", "SuiteReport", "RunSummary", "AcceptedSnapshots",
        "CoveredLine", "CoveredMission", "CoveredFile", "CoveredScenario", "CoverageReport",
    }
    assert shapes <= set(interfaces)
    for name in shapes:
        python = set(typing.get_type_hints(getattr(contract, name)))
        assert python == interfaces[name], name


def test_the_fix_all_kind_is_the_same():
    assert re.search(r"export const FIX_ALL = '([\w.]+)'", TS)[1] == contract.FIX_ALL


def test_the_snapshot_states_are_the_same():
    ts = set(re.findall(r"'(\w+)'", re.search(r"export type SnapshotState = ([^;]+);", TS)[1]))
    assert ts == set(typing.get_args(contract.SnapshotState))


def test_the_verdicts_are_the_same():
    ts = set(re.findall(r"'(\w+)'", re.search(r"export type Verdict = ([^;]+);", TS)[1]))
    assert ts == set(typing.get_args(contract.Verdict))


def test_the_kinds_of_covered_files_are_the_same():
    ts = set(re.findall(r"'(\w+)'", re.search(r"export interface CoveredFile \{.*?kind: ([^;]+);", TS, re.S)[1]))
    assert ts == set(typing.get_args(typing.get_type_hints(contract.CoveredFile)["kind"]))
