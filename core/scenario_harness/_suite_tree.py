"""A checked scenario file as the pytest plugin shows it: its scenarios, their items, and what each failure says.

The tree is the VS Code Test Explorer's: the suite, its scenarios in order
(a repeated name shown as ``name (2)``), and under each scenario its
expectations; a scenario without expectations is an item of its own.

Which problems fail what:

* An input error in what the file *says* (YAML syntax, structure,
  references, the rules of its own missions) makes the whole file invalid:
  :func:`invalid_file_text` is the collection error pytest shows, with
  every input error of the file (those at calls too, since no scenario of
  it is collected to show them).
* An error that happened when a call *ran* (:data:`RUN_ERRORS` at a call
  that could not run: a rule violation reported at the call, a Python
  mission that raised, timed out, crashed or broke the determinism guard)
  belongs to its scenario: the expectations on that mission fail
  (``not_run``) and show it, and a scenario without expectations, or whose
  expectations do not look at that mission, fails with it.

A snapshotted scenario (``snapshot: true``) has an item named
:data:`SNAPSHOT_ITEM` beside its expectations, as ``scenario run --format
junit`` has a ``snapshot`` testcase: it fails when the scenario's results
differ from the stored snapshot, when there is none yet, or when the
snapshot file cannot be read. pytest never writes snapshots (it may run in
several processes at once, and in CI); the failure says how to store them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from scenario_core.checking.outcomes import ExpectationOutcome, ScenarioOutcome
from scenario_core.checking.report import CheckReport
from scenario_core.checking.document import ScenarioDef
from scenario_core.checking.snapshots import describe_change
from scenario_core.checking.traces import CallTrace, last_writer, trace_text
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.source.excerpt import finding_text
from scenario_core.source.findings import Finding
from scenario_core.source.positions import LineIndex

__all__ = [
    "RUN_ERRORS",
    "SNAPSHOT_ITEM",
    "Failure",
    "ItemVerdict",
    "ScenarioEntry",
    "calls_to_trace",
    "invalid_file_text",
    "scenario_entries",
]

#: The name of a snapshotted scenario's snapshot item (the CLI's JUnit testcase has the same name).
SNAPSHOT_ITEM = "snapshot"

#: Input errors that can happen when a call runs; found at such a call, they fail the scenario instead of the file.
RUN_ERRORS = frozenset(
    ("anti_failure", "envelope", "mission_error", "invalid_result", "unsupported_hint", "mission_timeout", "mission_crashed", "nondeterministic")
)
#: Codes of expectations that compared two values (op, expected and actual are shown).
_COMPARISONS = frozenset(("eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch", "type_error"))


@dataclass(frozen=True)
class Failure:
    """What a failed item shows; ``compared`` is (actual, expected) when pytest's own comparison applies."""

    text: str
    compared: tuple[Any, Any] | None = None


@dataclass(frozen=True)
class ItemVerdict:
    """One expectation: its id, 0-based line, and its failure (None when it held)."""

    name: str
    line: int
    failure: Failure | None


@dataclass(frozen=True)
class ScenarioEntry:
    """One scenario: its name in the tree, its 0-based line, its expectations, snapshot, and calls that failed unseen.

    ``snapshot`` is None when the scenario is not snapshotted (or did not
    run whole); ``calls`` is the failure of mission calls that could not run
    and that no expectation of the scenario shows (None when there are none).
    """

    name: str
    line: int
    expectations: tuple[ItemVerdict, ...]
    calls: Failure | None
    snapshot: ItemVerdict | None = None


def invalid_file_text(shown: str, report: CheckReport) -> str | None:
    """The collection error of a file whose text is invalid (None when it can be collected)."""
    at_calls = {id(f) for problems in _run_problems(report).values() for f in problems}
    if all(id(f) in at_calls for f in report.input_errors):
        return None
    errors = report.input_errors  # all of them: the scenarios will not be collected to show the others
    shown_errors = "\n\n".join(finding_text(shown, report.lines, f) for f in errors)
    return f"invalid scenario file: {len(errors)} error{'s' if len(errors) != 1 else ''}\n\n{shown_errors}"


def scenario_entries(
    shown: str, report: CheckReport, traces: Mapping[tuple[int, int], CallTrace] | None = None, here: Path | None = None
) -> list[ScenarioEntry]:
    """The scenarios of a file that can be collected, in order.

    Expectations belong to the last scenario of their name, the one the
    suite keeps. ``traces`` (by ``(id(scenario definition), call index)``,
    see :func:`calls_to_trace`) are shown under the failures of the
    expectations on those calls, the step that last wrote the value marked.
    """
    traces = traces or {}
    run_problems = _run_problems(report)
    last = {s.name: i for i, s in enumerate(report.scenarios)}
    owned: dict[int, list[ExpectationOutcome]] = {}
    for e in report.expectations:
        owned.setdefault(last[e.definition.scenario], []).append(e)
    entries = []
    for index, (scenario, key) in enumerate(zip(report.scenarios, _unique_keys([s.name for s in report.scenarios]))):
        expectations = owned.get(index, [])
        failed = {ci: run_problems.get((index, ci), []) for ci in scenario.failed_calls}
        verdicts = tuple(
            ItemVerdict(e.definition.id, e.definition.range.start.line, _failure(shown, report.lines, e, scenario, failed, traces, here))
            for e in expectations
        )
        looked_at = {e.definition.mission for e in expectations}
        unseen = [ci for ci in scenario.failed_calls if scenario.definition.calls[ci].name not in looked_at]
        calls = _calls_failure(shown, report.lines, scenario, unseen, failed) if unseen else None
        snapshot = _snapshot_verdict(shown, report, scenario)
        entries.append(ScenarioEntry(key, scenario.definition.range.start.line, verdicts, calls, snapshot))
    return entries


def _snapshot_verdict(shown: str, report: CheckReport, scenario: ScenarioOutcome) -> ItemVerdict | None:
    state = report.snapshot_state(scenario)
    if report.snapshots is None or state is None or state == "not_run":
        return None
    line = scenario.definition.name_range.start.line
    if state == "unchanged":
        return ItemVerdict(SNAPSHOT_ITEM, line, None)
    finding = report.snapshot_finding(scenario)
    if finding is not None:
        text = finding_text(shown, report.lines, finding)
    else:  # every failed snapshot has its finding; this keeps a report readable if one ever does not
        text = f"{shown}:{line + 1}:{scenario.definition.name_range.start.column + 1}: snapshot {state}"
    changes = report.snapshots.changes(scenario.name)
    if changes:
        text += "\n\n" + "\n".join(describe_change(c, 80) for c in changes)
    if state == "missing":
        text += f"\n\npytest writes no snapshots: `scenario run {shown}` stores the missing ones"
    else:
        text += (
            f"\n\npytest writes no snapshots: Accept snapshot in the editor, or `scenario run --accept {shown}`"
            " (which accepts every actual value of the file), stores this run's results"
        )
    return ItemVerdict(SNAPSHOT_ITEM, line, Failure(text))


def _run_problems(report: CheckReport) -> dict[tuple[int, int], list[Finding]]:
    """The run errors at each call that could not run, by (scenario index, call index)."""
    problems: dict[tuple[int, int], list[Finding]] = {}
    for si, scenario in enumerate(report.scenarios):
        for ci in scenario.failed_calls:
            where = scenario.definition.calls[ci].range
            found = [
                f for f in report.findings if f.code in RUN_ERRORS and where.contains(f.range.start) and where.contains(f.range.end)
            ]
            if found:
                problems[(si, ci)] = found
    return problems


def _unique_keys(names: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return keys


def calls_to_trace(report: CheckReport) -> list[tuple[ScenarioDef, int]]:
    """The calls whose values failed expectations compared: their traces explain the failures."""
    kept = {o.name: o for o in report.scenarios if not o.shadowed}
    calls: dict[tuple[int, int], tuple[ScenarioDef, int]] = {}
    for e in report.expectations:
        outcome = kept.get(e.definition.scenario)
        if e.code not in _COMPARISONS or outcome is None:
            continue
        index = max((i for i, c in enumerate(outcome.definition.calls) if c.name == e.definition.mission), default=None)
        if index is not None:
            calls[(id(outcome.definition), index)] = (outcome.definition, index)
    return list(calls.values())


def _failure(
    shown: str,
    lines: LineIndex,
    outcome: ExpectationOutcome,
    scenario: ScenarioOutcome,
    failed: dict[int, list[Finding]],
    traces: Mapping[tuple[int, int], CallTrace],
    here: Path | None,
) -> Failure | None:
    if outcome.passed:
        return None
    d = outcome.definition
    if outcome.finding is not None:
        head = finding_text(shown, lines, outcome.finding)
    else:  # every failure has its finding; this keeps a report readable if one ever does not
        head = f"{shown}:{d.range.start.line + 1}:{d.range.start.column + 1}: expectation '{d.id}' failed ({outcome.code})"
    text = f"{head}\n\nscenario: {d.scenario}\nmission:  {d.mission}\npath:     {d.path}"
    if outcome.code == "not_run":
        why = [f for ci, problems in failed.items() if scenario.definition.calls[ci].name == d.mission for f in problems]
        if why:
            text += "\n\n" + "\n\n".join(_run_problem_text(shown, lines, f) for f in why)
    if outcome.code not in _COMPARISONS:
        return Failure(text)
    expected, actual = FrozenDict.thaw(d.expected), FrozenDict.thaw(outcome.result.actual)
    text += f"\nop:       {d.op}\nexpected: {_json(expected)}\nactual:   {_json(actual)}"
    index = max((i for i, c in enumerate(scenario.definition.calls) if c.name == d.mission), default=None)
    trace = traces.get((id(scenario.definition), index)) if index is not None else None
    if trace is not None:
        states = trace.steps and trace.steps[0].record.before is not None
        shown_trace = trace_text(trace, shown, here, base=Path.cwd(), states=bool(states), marked=last_writer(trace, d.path))
        text += "\n\nwhat each step of the call did:\n" + "\n".join("  " + line for line in shown_trace)
    containers = (isinstance(actual, dict) and isinstance(expected, dict)) or (
        isinstance(actual, list) and isinstance(expected, list)
    )
    return Failure(text, (actual, expected) if d.op == "eq" and containers else None)


def _calls_failure(
    shown: str, lines: LineIndex, scenario: ScenarioOutcome, calls: Sequence[int], failed: dict[int, list[Finding]]
) -> Failure:
    """The failure of mission calls that could not run: their findings, or what is known when there are none."""
    parts: list[str] = []
    for ci in calls:
        if failed[ci]:
            parts.extend(_run_problem_text(shown, lines, f) for f in failed[ci])
        else:
            call = scenario.definition.calls[ci]
            start = call.range.start
            parts.append(f"{shown}:{start.line + 1}:{start.column + 1}: mission call '{call.name}' could not run")
    return Failure("\n\n".join(parts))


def _run_problem_text(shown: str, lines: LineIndex, finding: Finding) -> str:
    """A run error, with the Python traceback and what the mission printed, when it has them."""
    text = finding_text(shown, lines, finding)
    traceback, output = finding.data.get("traceback"), finding.data.get("output")
    if traceback:
        text += "\n\n" + str(traceback).rstrip("\n")
    if output:
        text += "\n\nthe mission printed:\n" + str(output).rstrip("\n")
    return text


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
