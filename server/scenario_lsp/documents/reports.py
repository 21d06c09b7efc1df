"""A check as the editors report it: the SuiteReport of docs/server-contract.md, and the verdict's words.

The Test Explorer, "Run" commands and the workspace index read a check as a
:class:`~scenario_lsp.protocol.contract.SuiteReport`; lenses and inlay hints
show the same verdict titles.
"""
from __future__ import annotations

from functools import partial

from scenario_core.checking.outcomes import ExpectationOutcome, ScenarioOutcome
from scenario_core.orchestration.frozen import FrozenDict

from ..protocol.contract import ExpectationReport, SuiteReport
from ..protocol.convert import range_json
from .checks import CheckedDocument

__all__ = ["accept_lens_wanted", "expectation_title", "suite_report", "verdict_title"]


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


def verdict_title(checked: CheckedDocument) -> str:
    """``✓ 3/3 passed`` when the suite passed, else ``✗ 2/4 passed``, then the snapshot failures (``, 1 snapshot changed``)."""
    report = checked.report
    mark = "✓" if report.verdict == "passed" else "✗"
    snapshots = report.snapshots.summary() if report.snapshots is not None else []
    return f"{mark} {report.passed_count}/{len(report.expectations)} passed" + "".join(f", {s}" for s in snapshots)


def accept_lens_wanted(checked: CheckedDocument, scenario: ScenarioOutcome) -> bool:
    """True when ``scenario``'s snapshot changed or is missing, and the file may be accepted (no input errors)."""
    return not checked.report.invalid and checked.report.snapshot_state(scenario) in ("changed", "missing")


def expectation_title(outcome: ExpectationOutcome) -> str:
    """``✓ passed``, or ``✗`` and the message of the finding that explains the failure."""
    if outcome.passed:
        return "✓ passed"
    return f"✗ {outcome.finding.message if outcome.finding is not None else outcome.code}"
