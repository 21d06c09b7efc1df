"""Run reports: a check as the SuiteReport and RunSummary of docs/server-contract.md.

A run (``scenario.runScenario``, ``runSuite``, ``runWorkspace``) re-checks
the text the editor holds (or the file on disk), publishes diagnostics, asks
the client to refresh lenses, shows a summary and returns a RunSummary. The
core is deterministic, so a run is a fresh check; the shared cache makes it
cheap. This module words and shapes what a run returns and shows.
"""
from __future__ import annotations

from functools import partial

from lsprotocol import types

from scenario_core.orchestration.frozen import FrozenDict

from .checks import CheckedDocument
from .contract import ExpectationReport, RunSummary, SuiteReport
from .convert import range_json

__all__ = ["run_name", "run_summary", "suite_report", "summary_message", "summary_severity"]


def suite_report(checked: CheckedDocument, scenario: str | None = None) -> SuiteReport:
    """The SuiteReport of a check; with ``scenario``, only that scenario and its expectations."""
    report = checked.report
    to_json = partial(range_json, checked.converter)
    scenarios = [s for s in report.scenarios if scenario is None or s.name == scenario]
    outcomes = [e for e in report.expectations if scenario is None or e.definition.scenario == scenario]
    expectations: list[ExpectationReport] = [
        {
            "id": outcome.definition.id,
            "scenario": outcome.definition.scenario,
            "mission": outcome.definition.mission,
            "passed": outcome.passed,
            "code": outcome.code,
            "message": outcome.finding.message if outcome.finding is not None else None,
            "expected": FrozenDict.thaw(outcome.definition.expected),
            "actual": FrozenDict.thaw(outcome.result.actual),
            "range": to_json(outcome.definition.range),
        }
        for outcome in outcomes
    ]
    passed = sum(1 for e in outcomes if e.passed)
    snapshot_messages = {
        str(f.data["scenario"]): f.message for f in report.findings if f.code in ("snapshot_changed", "snapshot_missing")
    }
    return {
        "uri": checked.uri,
        "suite": report.document.suite_name,
        "verdict": report.verdict,
        "passed": passed,
        "failed": len(outcomes) - passed,
        "test_run_hash": report.test_run_hash,
        "range": to_json(report.document.suite_range),
        "scenarios": [
            {
                "name": s.name,
                "scenario_hash": s.scenario_hash,
                "range": to_json(s.definition.range),
                "snapshot": report.snapshot_state(s),
                "snapshot_message": snapshot_messages.get(s.name) if not s.shadowed else None,
            }
            for s in scenarios
        ],
        "expectations": expectations,
    }


def run_summary(files: list[SuiteReport]) -> RunSummary:
    """A RunSummary of SuiteReports: expectations passed and failed, files invalid, snapshots failed."""
    return {
        "passed": sum(f["passed"] for f in files),
        "failed": sum(f["failed"] for f in files),
        "invalid": sum(1 for f in files if f["verdict"] == "invalid"),
        "snapshots_failed": sum(1 for f in files for s in f["scenarios"] if s["snapshot"] in ("changed", "missing")),
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


def summary_message(summary: RunSummary, what: str) -> str:
    """The one-line outcome a run shows, e.g. ``suite daily_routine: 5 passed, 0 failed``."""
    text = f"{what}: {summary['passed']} passed, {summary['failed']} failed"
    if summary["snapshots_failed"]:
        text += f", {summary['snapshots_failed']} snapshot{'s' if summary['snapshots_failed'] != 1 else ''} failed"
    if summary["invalid"]:
        text += f", {summary['invalid']} invalid file{'s' if summary['invalid'] != 1 else ''}"
    return text


def summary_severity(summary: RunSummary) -> types.MessageType:
    if summary["invalid"] or summary["failed"] or summary["snapshots_failed"]:
        return types.MessageType.Warning
    return types.MessageType.Info
