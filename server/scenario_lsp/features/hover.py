"""Hover: what the last run knows about the thing under the cursor.

On an expectation's path, the actual value there; on a mission name, its
steps (or, for a Python mission, its signature, docstring, and what the call
printed or raised); on a mission call, also what each of its steps did (its
step trace); on a step of one of the file's own missions, what that step did
in the calls of the file; on an import, the library; on the ``suite:`` line
or a scenario's name, the full hash and the snapshot. Everything is read
from the check and the traces handed in; nothing is re-parsed, and the
project's code is never imported here.

A hover is made in two moves: :func:`traces_wanted` names the calls whose
traces it shows, the server makes them (or finds them kept), and
:func:`hover` shows those it got; a trace not made in time says so.
"""
from __future__ import annotations

from typing import Mapping

from lsprotocol import types

from scenario_core.checking.document import MissionDef, StepDef
from scenario_core.checking.outcomes import ScenarioOutcome
from scenario_core.checking.report import CheckReport
from scenario_core.checking.snapshots import describe_change
from scenario_core.checking.traces import CallTrace, StepTrace, change_text
from scenario_core.orchestration.jsondiff import Change
from scenario_core.orchestration.expectations import available_keys, resolve_path
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.orchestration.registry import MISSION_DESCRIPTIONS, MISSION_REGISTRY
from scenario_core.python.missions import PythonCallable, PythonCallError
from scenario_core.source.positions import Position, SourceRange

from ..documents.checks import CheckedDocument
from ..documents.names import import_at, imported_mission, imported_path, name_at, python_mission
from ..documents.traces import Call, CallKey, call_at, calls_of_step, key_of, step_at

__all__ = ["MAX_SHOWN", "STEP_CALLS_SHOWN", "TRACE_STEPS_SHOWN", "callable_hover", "hover", "traces_wanted"]

#: Traces by call, as the server hands them to :func:`hover`.
Traces = Mapping[CallKey, CallTrace]

#: The most characters of a traceback or of printed output a hover shows.
MAX_SHOWN = 4000


def traces_wanted(checked: CheckedDocument, position: types.Position) -> list[Call]:
    """The calls whose step traces the hover at ``position`` shows.

    The call under the cursor; on a step of one of the file's own missions,
    the first :data:`STEP_CALLS_SHOWN` calls of that mission; else none.
    """
    report = checked.report
    at = checked.converter.to_core_position(position)
    call = call_at(report, at)
    if call is not None:
        return [call]
    step = step_at(report, at)
    return calls_of_step(report, step[0])[:STEP_CALLS_SHOWN] if step is not None else []


def hover(checked: CheckedDocument, position: types.Position, markdown: bool, traces: Traces | None = None) -> types.Hover | None:
    """What the last run knows about the thing at ``position``.

    On an expectation's path: the actual value there. On a mission name: its
    steps. On the ``suite:`` line or a scenario's name line: the full hash.
    With ``traces`` (those of :func:`traces_wanted` made in time), on a call
    also its step trace, and on a step what it did in the calls of the file.
    """
    report = checked.report
    at = checked.converter.to_core_position(position)
    found = (
        _path_hover(report, at)
        or _import_hover(report, at)
        or _scenario_hover(report, at)
        or _expectation_hover(report, at)
        or _mission_hover(report, at)
        or _hash_hover(report, at)
    )
    if traces is not None:
        found = _with_call_trace(report, at, found, traces, markdown) or (found or _step_hover(report, at, traces, markdown))
    if found is None:
        return None
    rng, text = found
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    if not markdown:
        text = text.replace("`", "")
    return types.Hover(contents=types.MarkupContent(kind=kind, value=text), range=checked.converter.to_lsp_range(rng))


def _path_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    for exp in report.document.expectations:
        if not exp.path_range.contains(at):
            continue
        result = report.mission_result(exp.scenario, exp.mission)
        if result is None:
            return exp.path_range, f"`{exp.path}`: mission `{exp.mission}` has no result in scenario `{exp.scenario}`"
        resolution = resolve_path(result.to_dict(), exp.path)
        if resolution.found:
            return exp.path_range, f"`{exp.path}` = `{canonical_json(resolution.value)}` (last run)"
        keys = ", ".join(available_keys(resolution.container)) or "nothing"
        return exp.path_range, f"`{exp.path}` is not in the result; there: {keys}"
    return None


def _mission_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    use = name_at(report, at)
    if use is None or use.kind != "mission":
        return None
    local = report.document.mission(use.name) or imported_mission(report, use.name)
    if local is not None:
        text = _mission_text(local)
        if local.path is not None:
            text += f"\n\nfrom `{local.path.name}`"
        return use.range, text
    python = python_mission(report, use)
    if python is not None:
        details = call_details(report, at)
        return use.range, callable_hover(python) + (f"\n\n{details[1]}" if details else "")
    if use.name in MISSION_REGISTRY:
        return use.range, f"built-in mission `{use.name}`: {MISSION_DESCRIPTIONS.get(use.name, '')}"
    return None



def _mission_text(mission: MissionDef) -> str:
    lines = [f"mission `{mission.name}`" + (f": {mission.description}" if mission.description else "")]
    for index, step in enumerate(mission.steps, start=1):
        payload = f" `{canonical_json(step.payload)}`" if step.payload else ""
        lines.append(f"{index}. `{step.id}` ({step.kind}){payload}")
    return "\n".join(lines)


def _import_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """On an import: the library's description and missions."""
    entry = import_at(report, at)
    if entry is None:
        return None
    path = imported_path(report, entry)
    library = report.imports.library(path) if report.imports is not None and path is not None else None
    if library is None:
        return entry.range, f"`{entry.path}`: no such mission library"
    document = library.document
    lines = [f"mission library `{entry.path}`" + (f": {document.description}" if document.description else "")]
    lines += [f"- `{m.name}`" + (f": {m.description}" if m.description else "") for m in document.missions]
    return entry.range, "\n".join(lines)


def _scenario_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """On an expectation's ``scenario:``: that scenario's calls, verdict and hash."""
    for exp in report.document.expectations:
        if not exp.scenario_range.contains(at):
            continue
        kept = [s for s in report.scenarios if s.name == exp.scenario and not s.shadowed]
        if not kept:
            return exp.scenario_range, f"scenario `{exp.scenario}` is not in this file"
        scenario = kept[0]
        calls = ", ".join(f"`{c.name}`" for c in scenario.definition.calls) or "none"
        outcomes = [e for e in report.expectations if e.definition.scenario == exp.scenario]
        passed = sum(1 for e in outcomes if e.passed)
        mark = "✓" if passed == len(outcomes) else "✗"
        lines = [
            f"scenario `{exp.scenario}` (line {scenario.definition.name_range.start.line + 1})",
            f"calls: {calls}",
            f"verdict: {mark} {passed}/{len(outcomes)} expectations passed",
            f"scenario_hash `{scenario.scenario_hash}`",
        ]
        return exp.scenario_range, "\n".join(lines)
    return None


def _expectation_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """On an expectation's id: its verdict in the last run, what it checks and the value it found."""
    for outcome in report.expectations:
        exp = outcome.definition
        if not exp.id_range.contains(at):
            continue
        verdict = "✓ passed" if outcome.passed else f"✗ {outcome.finding.message if outcome.finding is not None else outcome.code}"
        checks = f"`{exp.scenario}` → `{exp.mission}` `{exp.path}` {exp.op}"
        if exp.op != "exists":
            checks += f" `{canonical_json(exp.expected)}`"
        return exp.id_range, f"expectation `{exp.id}`: {verdict}\n{checks}"
    return None


def _hash_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    suite_range = report.document.suite_range
    if report.test_run_hash is not None and suite_range.start.line == at.line and report.document.suite_name:
        return suite_range, f"test_run_hash `{report.test_run_hash}`"
    for scenario in report.scenarios:
        name_range = scenario.definition.name_range
        if name_range.start.line == at.line:
            return name_range, f"scenario_hash `{scenario.scenario_hash}`" + _snapshot_text(report, scenario)
    return None


#: The most changed paths a hover lists.
HOVER_CHANGES = 200


def _snapshot_text(report: CheckReport, scenario: ScenarioOutcome) -> str:
    """What a scenario's snapshot says, for its hover: the full diff when it changed."""
    state = report.snapshot_state(scenario)
    if report.snapshots is None or state is None:
        return ""
    where = report.snapshots.relative_path
    if state == "changed":
        changes = report.snapshots.changes(scenario.name)
        lines = [describe_change(c, 80) for c in changes[:HOVER_CHANGES]]
        if len(changes) > HOVER_CHANGES:
            lines.append(f"… and {len(changes) - HOVER_CHANGES} more")
        count = f"{len(changes)} path{'s' if len(changes) != 1 else ''}"
        return f"\n\nsnapshot changed ({count}; stored in `{where}`):\n```\n" + "\n".join(lines) + "\n```"
    if state == "missing":
        return f"\n\nno snapshot in `{where}` yet"
    if state == "not_run":
        return "\n\nsnapshot not compared: a mission call could not run"
    return f"\n\nsnapshot as stored in `{where}`"


# -- step traces ---------------------------------------------------------------------

#: The most steps a call's trace shows in a hover (a screenful with its header), and changes per step.
TRACE_STEPS_SHOWN = 12
TRACE_CHANGES_SHOWN = 3
#: The calls whose doings a hover on a step shows.
STEP_CALLS_SHOWN = 3
#: The most characters of a value in a change.
VALUE_CHARS = 30
NOT_READY = "trace: still being made (hover again in a moment)"


def _with_call_trace(
    report: CheckReport, at: Position, found: tuple[SourceRange, str] | None, traces: Traces, markdown: bool
) -> tuple[SourceRange, str] | None:
    """``found`` (the hover of the call's mission name) followed by the call's trace, when ``at`` is on a call."""
    call = call_at(report, at)
    if call is None:
        return None
    trace = traces.get(key_of(call))
    section = _trace_text(trace, markdown) if trace is not None else NOT_READY
    scenario, index = call
    if found is None:
        return scenario.calls[index].name_range, section
    return found[0], f"{found[1]}\n\n{section}"


def _trace_text(trace: CallTrace, markdown: bool) -> str:
    """The call's steps as a table (step, status, changes), then what was left out."""
    if trace.error is not None:
        head = f"trace of this call: it gave no result: {trace.error}"
    else:
        head = "trace of this call: " + ("✓ succeeded" if trace.success else "✗ failed")
    if not trace.steps:
        return head + ("" if trace.error is not None else ", no steps")
    rows: list[list[str]] = []
    hidden_changes = 0
    for step in trace.steps[:TRACE_STEPS_SHOWN]:
        hidden_changes += max(0, len(step.changes) - TRACE_CHANGES_SHOWN)
        rows.append([f"`{step.id}`", _status_text(step), _changes_text(step.changes) or "—"])
    left_out = []
    if len(trace.steps) > TRACE_STEPS_SHOWN:
        hidden = trace.steps[TRACE_STEPS_SHOWN:]
        left_out.append(_count(len(hidden), "more step"))
        hidden_changes += sum(len(s.changes) for s in hidden)
    if hidden_changes:
        left_out.append(_count(hidden_changes, "change") + " not shown")
    tail = f"\n\n… {', '.join(left_out)} (the Trace lens shows every step)" if left_out else ""
    return f"{head}\n\n{_table(['step', 'status', 'changes'], rows, markdown)}{tail}"


def _step_hover(report: CheckReport, at: Position, traces: Traces, markdown: bool) -> tuple[SourceRange, str] | None:
    """On a step of one of the file's own missions: what it did in the first calls of the file, then how many more."""
    found = step_at(report, at)
    if found is None:
        return None
    mission, step = found
    index = next(i for i, s in enumerate(mission.steps) if s is step)
    calls = calls_of_step(report, mission)
    head = f"step `{step.id}` ({_step_kind(step)}) of mission `{mission.name}`"
    if not calls:
        return step.range, f"{head}: no call of this file runs it"
    lines = [f"{head}, in the calls of this file:"]
    for scenario, call_index in calls[:STEP_CALLS_SHOWN]:
        where = f"`{scenario.name}` call {call_index + 1} (line {scenario.calls[call_index].name_range.start.line + 1})"
        trace = traces.get(key_of((scenario, call_index)))
        if trace is None:
            lines.append(f"- {where}: {NOT_READY}")
            continue
        done = next((s for s in trace.steps if s.record.index == index and s.id == step.id), None)
        if done is None:
            lines.append(f"- {where}: did not run ({trace.error})" if trace.error else f"- {where}: did not run")
            continue
        changes = _changes_text(done.changes)
        lines.append(f"- {where}: {_status_text(done)}" + (f" — {changes}" if changes else "" if done.record.error else ", no changes"))
    if len(calls) > STEP_CALLS_SHOWN:
        lines.append(f"… and {_count(len(calls) - STEP_CALLS_SHOWN, 'more call')}")
    return step.range, "\n".join(lines)


def _step_kind(step: StepDef) -> str:
    operation = step.payload.get("operation") if step.kind == "runtime" else None
    return f"{step.kind}, `{operation}`" if isinstance(operation, str) else step.kind


def _status_text(step: StepTrace) -> str:
    """``ok``, ``approved``, ``not reached``, or ``failed: <its error>``."""
    return step.status.replace("_", " ") + (f": {step.record.error}" if step.record.error else "")


def _changes_text(changes: tuple[Change, ...]) -> str:
    """The first :data:`TRACE_CHANGES_SHOWN` changes, then how many more (empty: none)."""
    shown = [_change_text(c) for c in changes[:TRACE_CHANGES_SHOWN]]
    if len(changes) > TRACE_CHANGES_SHOWN:
        shown.append(f"+{len(changes) - TRACE_CHANGES_SHOWN} more")
    return "; ".join(shown)


def _change_text(change: Change) -> str:
    """The change as ``scenario trace`` prints it (``cart.0.qty: 1 → 2``, ``coupon: + "SPRING"``), values cut short."""
    return f"`{change_text(change, VALUE_CHARS)}`"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    """A Markdown table, or for a plain-text client, columns aligned with spaces (backticks go later)."""
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join(lines)
    plain = [[cell.replace("`", "") for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in plain) for i in range(len(header) - 1)]
    return "\n".join("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]) for row in plain)


# -- Python missions ---------------------------------------------------------------


def callable_hover(python: PythonCallable) -> str:
    """Markdown: the signature, the docstring and where it is defined."""
    kind = "Python mission" if python.kind == "mission" else "Python operation"
    lines = [f"{kind} `{python.name}`"]
    if python.signature:
        lines.append(f"```python\ndef {python.qualname}{python.signature}\n```")
    if python.doc:
        lines += [python.doc]
    if python.params:
        lines += ["params: " + ", ".join(f"`{p.describe()}`" for p in python.params)]
    lines += [f"defined in `{python.module}` ({python.file}:{python.line})"]
    return "\n\n".join(lines)


def call_details(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """For the call at ``at``: what its Python mission printed, and the traceback of an exception it raised."""
    for outcome in report.scenarios:
        for index, call in enumerate(outcome.definition.calls):
            if not call.name_range.contains(at):
                continue
            parts: list[str] = []
            error = outcome.errors.get(index)
            if isinstance(error, PythonCallError):
                if error.traceback:
                    parts.append("```\n" + _tail(error.traceback) + "\n```")
                if error.output:
                    parts.append("printed:\n```\n" + _tail(error.output) + "\n```")
            printed = outcome.printed.get(index)
            if printed:
                parts.append("printed:\n```\n" + _tail(printed) + "\n```")
            return (call.name_range, "\n\n".join(parts)) if parts else None
    return None


def _tail(text: str) -> str:
    text = text.rstrip("\n")
    return text if len(text) <= MAX_SHOWN else "…" + text[-MAX_SHOWN:]
