"""A check as the editors report it: the SuiteReport of docs/server-contract.md, and the verdict's words.

The Test Explorer, "Run" commands and the workspace index read a check as a
:class:`~scenario_lsp.protocol.contract.SuiteReport`; lenses and inlay hints
show the same verdict titles.
"""
from __future__ import annotations

from functools import partial

from pathlib import Path

from scenario_core.checking.outcomes import ExpectationOutcome, ScenarioOutcome
from scenario_core.checking.traces import last_writer, why_related
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.source.positions import SourceRange

from ..protocol.contract import ExpectationReport, StackFrame, SuiteReport
from ..protocol.convert import location_of, lsp_range_json, range_json
from .checks import CheckedDocument
from .traces import scenario_named

__all__ = ["accept_lens_wanted", "expectation_stack", "expectation_title", "suite_report", "verdict_title"]


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
            "stack": expectation_stack(checked, outcome),
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


def expectation_stack(checked: CheckedDocument, outcome: ExpectationOutcome) -> list[StackFrame]:
    """A failed expectation's way to the value it checks, outermost first; empty when it passed.

    The expectation, its scenario, the call whose result it reads, then, when
    the check named the step that last wrote the value (a failed comparison),
    that step (or the scenario's ``initial_state``) and a Python operation's ``def``.
    """
    if outcome.passed:
        return []
    report = checked.report
    exp = outcome.definition

    def frame(label: str, path: Path | str | None, rng: SourceRange) -> StackFrame:
        location = location_of(str(path) if path is not None else None, rng, checked.converter, checked.uri, checked.converter_for)
        return {"label": label, "uri": location.uri, "range": lsp_range_json(location.range)}

    frames = [frame(f"expectation '{exp.id}'", None, exp.id_range)]
    scenario = scenario_named(report, exp.scenario)
    if scenario is None:
        return frames
    frames.append(frame(f"scenario '{scenario.name}'", None, scenario.name_range))
    trace = outcome.trace
    index = trace.index if trace is not None else max((i for i, c in enumerate(scenario.calls) if c.name == exp.mission), default=None)
    if index is None:
        return frames
    frames.append(frame(f"call {index + 1}: {exp.mission}", None, scenario.calls[index].name_range))
    writer = last_writer(trace, exp.path) if trace is not None else None
    why = why_related(exp, trace, report.lines) if trace is not None else None
    if writer is None or why is None:
        return frames
    step = writer.step
    if step is None:
        frames.append(frame(f"initial_state (no step wrote {exp.path})", why.path, why.range))
        return frames
    did = f"wrote {writer.change.path}" if writer.change is not None else step.status
    frames.append(frame(f"step '{step.id}' {did}", why.path, why.range))
    if step.operation_at is not None:
        frames.append(frame(f"operation '{step.record.operation}'", step.operation_at.path, step.operation_at.range))
    return frames


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
