"""Run reports: a check as the SuiteReport and RunSummary of docs/server-contract.md.

A run (``scenario.runScenario``, ``runSuite``, ``runWorkspace``) re-checks
the text the editor holds (or the file on disk), publishes diagnostics, asks
the client to refresh lenses, shows a summary and returns a RunSummary. The
core is deterministic, so a run is a fresh check; the shared cache makes it
cheap. This module words and shapes what a run returns and shows.
"""
from __future__ import annotations

from lsprotocol import types

from ..documents.checks import CheckedDocument
from ..protocol.contract import RunSummary, SuiteReport

__all__ = ["run_name", "run_summary", "summary_message", "summary_severity"]


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
