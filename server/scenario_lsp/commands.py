"""Runs (``scenario.runScenario``, ``runSuite``, ``runWorkspace``), their reports, and code actions.

A run re-checks the text the editor holds (or the file on disk), publishes
diagnostics, asks the client to refresh lenses, shows a summary and returns a
RunSummary (docs/server-contract.md). The core is deterministic, so a run is
a fresh check; the shared cache makes it cheap.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from lsprotocol import types
from scenario_core.findings import Finding
from scenario_core.frozen import FrozenDict
from scenario_core.source import SourceRange
from scenario_core.yamlformat import flow_yaml

from .checks import CheckedDocument
from .convert import range_json, to_diagnostic
from .lenses import RUN_SCENARIO, expectation_finding


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


def suite_report(checked: CheckedDocument, scenario: str | None = None) -> dict[str, Any]:
    """The SuiteReport of a check; with ``scenario``, only that scenario and its expectations."""
    report = checked.report
    to_json = partial(range_json, checked.converter)
    scenarios = [s for s in report.scenarios if scenario is None or s.name == scenario]
    outcomes = [e for e in report.expectations if scenario is None or e.definition.scenario == scenario]
    expectations = []
    for outcome in outcomes:
        finding = None if outcome.passed else expectation_finding(checked, outcome)
        expectations.append(
            {
                "id": outcome.definition.id,
                "scenario": outcome.definition.scenario,
                "mission": outcome.definition.mission,
                "passed": outcome.passed,
                "code": outcome.code,
                "message": finding.message if finding is not None else None,
                "expected": FrozenDict.thaw(outcome.definition.expected),
                "actual": FrozenDict.thaw(outcome.result.actual),
                "range": to_json(outcome.definition.range),
            }
        )
    passed = sum(1 for e in outcomes if e.passed)
    return {
        "uri": checked.uri,
        "suite": report.document.suite_name,
        "verdict": report.verdict,
        "passed": passed,
        "failed": len(outcomes) - passed,
        "test_run_hash": report.test_run_hash,
        "range": to_json(report.document.suite_range),
        "scenarios": [
            {"name": s.name, "scenario_hash": s.scenario_hash, "range": to_json(s.definition.range)} for s in scenarios
        ],
        "expectations": expectations,
    }


def run_summary(files: list[dict[str, Any]]) -> dict[str, Any]:
    """A RunSummary of SuiteReports: expectations passed and failed, files invalid."""
    return {
        "passed": sum(f["passed"] for f in files),
        "failed": sum(f["failed"] for f in files),
        "invalid": sum(1 for f in files if f["verdict"] == "invalid"),
        "files": files,
    }


def run_name(scope: str, scenario: str | None, reports: list[CheckedDocument]) -> str:
    """How a run's message names it: ``workspace``, ``scenario baseline`` or ``suite daily_routine``."""
    if scope == "scenario":
        return f"scenario {scenario}"
    if scope == "suite" and reports:
        checked = reports[0]
        return f"suite {checked.report.document.suite_name or checked.uri.rsplit('/', 1)[-1]}"
    return scope


def summary_message(summary: dict[str, Any], what: str) -> str:
    """The one-line outcome a run shows, e.g. ``suite daily_routine: 5 passed, 0 failed``."""
    text = f"{what}: {summary['passed']} passed, {summary['failed']} failed"
    if summary["invalid"]:
        text += f", {summary['invalid']} invalid file{'s' if summary['invalid'] != 1 else ''}"
    return text


def summary_severity(summary: dict[str, Any]) -> types.MessageType:
    if summary["invalid"] or summary["failed"]:
        return types.MessageType.Warning
    return types.MessageType.Info


# -- code actions -------------------------------------------------------------


def code_actions(checked: CheckedDocument, requested: types.Range) -> list[types.CodeAction | types.Command]:
    """Quick fixes for the findings in ``requested``, and "Run scenario" on a scenario."""
    wanted = checked.converter.to_core_range(requested)
    actions: list[types.CodeAction | types.Command] = []
    for finding in checked.report.findings:
        if not _overlaps(finding.range, wanted):
            continue
        if finding.code == "eq_mismatch" and "actual" in finding.data:
            actions.append(_replace(checked, finding, "Set expected to the actual value", finding.data["actual"]))
        elif finding.code == "unknown_mission" and finding.data.get("suggestion"):
            suggestion = finding.data["suggestion"]
            actions.append(_replace(checked, finding, f"Change to `{suggestion}`", suggestion))
    for scenario in checked.report.scenarios:
        if _overlaps(scenario.definition.range, wanted):
            # A bare Command is the LSP form of an action that runs something rather than edits.
            arguments = [{"uri": checked.uri, "scenario": scenario.name}]
            actions.append(types.Command(title="Run scenario", command=RUN_SCENARIO, arguments=arguments))
    return actions


def _overlaps(a: SourceRange, b: SourceRange) -> bool:
    return a.start <= b.end and b.start <= a.end


def _replace(checked: CheckedDocument, finding: Finding, title: str, value: Any) -> types.CodeAction:
    """A quick fix that writes ``value`` as flow YAML over the finding's range."""
    edit = types.TextEdit(range=checked.converter.to_lsp_range(finding.range), new_text=flow_yaml(FrozenDict.thaw(value)))
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_diagnostic(finding, checked.converter, checked.uri)],
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={checked.uri: [edit]}),
    )
