"""What every step of a mission call did, and where each step is defined: the step trace of a checked file.

A check does not keep traces (they would cost memory for every scenario of
every open file). Runs are deterministic, so the trace of a call is made
when it is asked for by running that one call again exactly as the check
ran it, watched by :class:`~scenario_core.orchestration.trace.StepRecorder`:
in this process for built-in and YAML missions, in the project's worker
(one round trip for all the calls asked at once) for Python missions and
YAML missions with Python operations. A check with ``trace=True`` records
every call as it runs instead (the CLI's ``--trace`` and coverage).

Each step of a :class:`CallTrace` says where it is defined: the ``- id:``
item of a YAML mission (in the scenario file or a mission library), or for
a Python mission the line that built the ``StepSpec`` (when the worker can
tell) else the mission's ``def``; and for a Python operation, its ``def``.
:func:`last_writer` finds the step that last wrote a value of the result,
which a failed expectation names (:func:`why_related`).
"""
from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from scenario_core.orchestration.engine import ExecutionContext, OrchestrationResult, observing
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.orchestration.jsondiff import Change
from scenario_core.orchestration.registry import resolve_mission
from scenario_core.orchestration.trace import StepRecord, StepRecorder, StepStatus, WorkflowTrace, change_to_dict
from scenario_core.python.missions import Catalog, PythonCallable, PythonCallError, PythonMissions
from scenario_core.python.wire import StepTraceInfo, WorkflowTraceInfo
from scenario_core.source.findings import Related, show_value
from scenario_core.source.positions import LineIndex, SourceRange

from ._calls import LocalMission, Replay, WorkerBatch, resolve, runs_in_worker
from .document import CallDef, ExpectationDef, ScenarioDef, ScenarioDocument

__all__ = [
    "CallTrace",
    "Place",
    "StepTrace",
    "Tracer",
    "Writer",
    "built_lines",
    "call_trace",
    "change_text",
    "last_writer",
    "trace_text",
    "why_related",
    "workflow_of",
]


@dataclass(frozen=True)
class Place:
    """Where something is written: a range in the checked file (``path`` None) or in another file."""

    path: Path | None
    range: SourceRange

    @classmethod
    def python_line(cls, file: str, line: int) -> "Place":
        """A 1-based line of a Python file."""
        return cls(Path(file), SourceRange.of(line - 1, 0, line - 1, 0))

    def to_dict(self, here: Path | None) -> dict[str, Any]:
        """``{"path", "line"}``, 1-based; the checked file is ``here``."""
        path = self.path or here
        return {"path": str(path) if path is not None else None, "line": self.range.start.line + 1}


@dataclass(frozen=True)
class StepTrace:
    """A step as it ran, where it is defined, and (a Python operation) where the operation is."""

    record: StepRecord
    defined_at: Place | None
    operation_at: Place | None = None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def status(self) -> StepStatus:
        return self.record.status

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.record.changes


@dataclass(frozen=True)
class CallTrace:
    """One mission call of a scenario: its result (or why it gave none) and its steps in order."""

    scenario: ScenarioDef
    index: int
    result: OrchestrationResult | None
    error: str | None  # why the call gave no result (an unknown mission, a rule, a Python error)
    steps: tuple[StepTrace, ...]
    mission_at: Place | None  # where the mission is defined (None: a built-in one)

    @property
    def success(self) -> bool | None:
        """Whether the call's mission succeeded; None when it gave no result."""
        if self.error is not None:
            return None
        if self.result is not None:
            return self.result.success
        return all(step.status != "failed" for step in self.steps)

    @property
    def call(self) -> CallDef:
        return self.scenario.calls[self.index]

    @property
    def mission(self) -> str:
        return self.call.name

    def to_dict(self, lines: LineIndex, here: Path | None, states: bool = False) -> dict[str, Any]:
        """The call as ``scenario trace --format json`` and ``scenario/trace`` give it (lines 1-based).

        With ``states`` (a trace made with ``keep_states``) each step also has
        ``state_before`` and ``state_after``.
        """
        shown: dict[str, Any] = {
            "mission": self.mission,
            "index": self.index,
            "line": self.call.name_range.start.line + 1,
            "success": self.success,
            "error": self.error,
            "steps": [
                {
                    "id": step.id,
                    "kind": step.record.kind,
                    "operation": step.record.operation,
                    "status": step.status,
                    "defined_at": step.defined_at.to_dict(here) if step.defined_at is not None else None,
                    "operation_at": step.operation_at.to_dict(here) if step.operation_at is not None else None,
                    "changes": [change_to_dict(c) for c in step.changes],
                    "error": step.record.error,
                }
                for step in self.steps
            ],
        }
        if states:
            for shown_step, step in zip(shown["steps"], self.steps):
                shown_step["state_before"] = FrozenDict.thaw(step.record.before)
                shown_step["state_after"] = FrozenDict.thaw(step.record.after)
        return shown


class Tracer:
    """Traces of the calls of one checked file, each run again exactly as the check ran it.

    ``missions`` are the file's own and imported missions as the check made
    them ready to run; ``catalog`` and ``python`` its project's Python
    missions (the worker runs those calls again, ``trace`` on). ``known``
    are traces already recorded, by ``(id(scenario), index)``: a traced
    check's, which are never made again.
    """

    def __init__(
        self,
        document: ScenarioDocument,
        missions: Mapping[str, LocalMission],
        catalog: Catalog | None,
        python: PythonMissions | None,
        known: Mapping[tuple[int, int], CallTrace] | None = None,
    ) -> None:
        self.document = document
        self.missions = missions
        self.catalog = catalog
        self.python = python
        self.known = known or {}

    def traces(self, calls: Iterable[tuple[ScenarioDef, int]], keep_states: bool = False) -> dict[tuple[int, int], CallTrace]:
        """The trace of each ``(scenario, call index)``, by ``(id(scenario), index)``.

        The calls that run in the project's worker go there in one round
        trip. With ``keep_states`` each step keeps the state it ran on.
        """
        wanted = [(scenario, index) for scenario, index in calls if (id(scenario), index) not in self.known or keep_states]
        batch = WorkerBatch(self.python, self.catalog, self.document.suite_name or "", trace=True, keep_states=keep_states)
        queued = {
            (id(scenario), index): batch.add_call(scenario, index, self.missions)
            for scenario, index in wanted
            if self.catalog is not None and self.catalog.enabled and runs_in_worker(scenario.calls[index].name, self.missions, self.catalog)
        }
        batch.run()
        found: dict[tuple[int, int], CallTrace] = dict(self.known) if not keep_states else {}
        for scenario, index in wanted:
            item = queued.get((id(scenario), index))
            if item is None:
                found[(id(scenario), index)] = self._in_process(scenario, index, keep_states)
            else:
                found[(id(scenario), index)] = self._from_worker(scenario, index, batch.outcomes.get(item))
        return found

    def _in_process(self, scenario: ScenarioDef, index: int, keep_states: bool) -> CallTrace:
        call = scenario.calls[index]
        recorder = StepRecorder(keep_states)
        result: OrchestrationResult | None = None
        error: str | None = None
        where = resolve(call.name, self.missions, self.catalog)
        if where in ("python_off", "unknown"):
            error = "Python missions are off" if where == "python_off" else f"unknown mission '{call.name}'"
        else:
            runs = {name: m.run for name, m in self.missions.items()}
            try:
                with observing(recorder):
                    result = resolve_mission(call.name, runs)(ExecutionContext(initial_state=dict(scenario.initial_state)), _params(call))
            except Exception as failed:  # a rule violation or an unknown mission: the check reported it at the call
                error = str(failed)
        return call_trace(scenario, index, result, error, recorder.traces, self.missions, self.catalog)

    def _from_worker(self, scenario: ScenarioDef, index: int, outcome: Any) -> CallTrace:
        if outcome is None:
            return call_trace(scenario, index, None, "the mission worker gave no outcome", (), self.missions, self.catalog)
        replay = Replay(deque([(index, outcome)]))
        result: OrchestrationResult | None = None
        error: str | None = None
        try:
            result = replay.next()
        except PythonCallError as failed:
            error = failed.message
        except Exception as failed:  # a rule violation of the workflow the mission built
            error = str(failed)
        recorded = replay.traces.get(index, [])
        return call_trace(scenario, index, result, error, [workflow_of(info) for info in recorded], self.missions, self.catalog, built_lines(recorded))


def _params(call: CallDef) -> Mapping[str, Any] | None:
    return dict(call.params) if call.params else None


def built_lines(recorded: Sequence[WorkflowTraceInfo]) -> dict[str, Any]:
    """Where the worker saw each step of a Python mission built, by step id."""
    return {step["id"]: step["built_at"] for info in recorded for step in info["steps"] if step.get("built_at")}


def workflow_of(info: WorkflowTraceInfo) -> WorkflowTrace:
    """A workflow as the worker recorded it (JSON) as the core's records."""
    return WorkflowTrace(info["workflow_id"], tuple(_record_of(step) for step in info["steps"]), FrozenDict(), FrozenDict())


def _record_of(step: StepTraceInfo) -> StepRecord:
    changes = tuple(
        Change(c["path"], "changed" if "before" in c and "after" in c else "added" if "after" in c else "removed", c.get("before"), c.get("after"))
        for c in step["changes"]
    )
    status: StepStatus = step["status"]  # type: ignore[assignment]  # the worker writes one of the four
    return StepRecord(
        step["index"], step["id"], step["kind"], step["operation"], status, changes, step["error"], step.get("state_before"), step.get("state_after")
    )


def call_trace(
    scenario: ScenarioDef,
    index: int,
    result: OrchestrationResult | None,
    error: str | None,
    workflows: Sequence[WorkflowTrace],
    missions: Mapping[str, LocalMission],
    catalog: Catalog | None,
    built_at: Mapping[str, Any] | None = None,
) -> CallTrace:
    """A call's trace from what its run recorded, with every step's place in the source."""
    name = scenario.calls[index].name
    local = missions.get(name)
    python = catalog.missions.get(name) if catalog is not None and local is None else None
    steps: list[StepTrace] = []
    for workflow in workflows:
        for record in workflow.steps:
            steps.append(StepTrace(record, _defined_at(record, local, python, built_at or {}), _operation_at(record, catalog)))
    mission_at = (
        Place(local.definition.path, local.definition.key_range)
        if local is not None
        else Place.python_line(python.file, python.line) if python is not None else None
    )
    return CallTrace(scenario, index, result, error, tuple(steps), mission_at)


def _defined_at(record: StepRecord, local: LocalMission | None, python: PythonCallable | None, built_at: Mapping[str, Any]) -> Place | None:
    if local is not None:
        steps = local.definition.steps
        return Place(local.definition.path, steps[record.index].range) if record.index < len(steps) else None
    if python is not None:
        built = built_at.get(record.id)
        if built:
            return Place.python_line(built["file"], built["line"])
        return Place.python_line(python.file, python.line)
    return None


def _operation_at(record: StepRecord, catalog: Catalog | None) -> Place | None:
    if catalog is None or record.operation is None:
        return None
    operation = catalog.operations.get(record.operation)
    return Place.python_line(operation.file, operation.line) if operation is not None else None


# -- why a value is what it is ----------------------------------------------------------------------


@dataclass(frozen=True)
class Writer:
    """What last wrote a value: a step (with the change that wrote it), or nothing (the initial state)."""

    step: StepTrace | None
    change: Change | None


#: Result paths a failed step writes (the mission stops there).
_FAILURE_PATHS = ("success", "failed_step_id", "error_message")


def last_writer(trace: CallTrace, path: str) -> Writer | None:
    """What last wrote the value at ``path`` (a dot path into the mission result), None when nothing can say.

    ``final_state.X``: the last step with a change at ``X``, inside it, or at
    a part of it (``refunds_cents`` written whole for ``refunds_cents.0``);
    no such step: the initial state. ``success``, ``failed_step_id``,
    ``error_message``: the step that failed, if one did.
    """
    if path == "final_state" or path.startswith("final_state."):
        target = path[len("final_state.") :] if path != "final_state" else ""
        for step in reversed(trace.steps):
            for change in step.changes:
                if not target or _overlaps(change.path, target):
                    return Writer(step, change)
        return Writer(None, None)
    if path.split(".", 1)[0] in _FAILURE_PATHS:
        failed = next((s for s in trace.steps if s.status == "failed"), None)
        return Writer(failed, None) if failed is not None else None
    return None


def _overlaps(written: str, target: str) -> bool:
    return written == target or target.startswith(written + ".") or written.startswith(target + ".")


def why_related(exp: ExpectationDef, trace: CallTrace, lines: LineIndex) -> Related | None:
    """The related information of a failed expectation: the step that last wrote the value it checks.

    Located at the step's definition (a mission library's or a .py file's
    line when it is there; the call, for a built-in mission), or at the
    scenario's ``initial_state`` when no step wrote the value.
    """
    writer = last_writer(trace, exp.path)
    if writer is None:
        return None
    if writer.step is None:
        at = _initial_state_range(trace.scenario, lines)
        return Related(at, f"{exp.path} was written by no step of mission '{trace.mission}': it comes from scenario '{trace.scenario.name}''s initial_state")
    step = writer.step
    message = f"{exp.path} was last written by step '{step.id}' of mission '{trace.mission}'"
    target = exp.path[len("final_state.") :] if exp.path.startswith("final_state.") else exp.path
    if writer.change is not None and writer.change.path != target:
        whole = target.startswith(writer.change.path + ".")
        message += f" (as {writer.change.path}, written whole)" if whole else f" (at {writer.change.path})"
    place = step.defined_at
    if place is None:  # a built-in mission: its steps are written nowhere the user can open
        return Related(trace.call.name_range, message)
    return Related(place.range, message, str(place.path) if place.path is not None else None)


def _initial_state_range(scenario: ScenarioDef, lines: LineIndex) -> SourceRange:
    """The ``initial_state`` key of ``scenario`` (its name when the file gives none)."""
    first, last = scenario.range.start.line, scenario.range.end.line
    for number in range(first, min(last, lines.line_count - 1) + 1):
        text = lines.line_text(number)
        column = text.find("initial_state")
        if column >= 0 and text[column + len("initial_state") :].lstrip().startswith(":"):
            return SourceRange.of(number, column, number, column + len("initial_state"))
    return scenario.name_range



# -- as text ------------------------------------------------------------------------------------


def trace_text(
    trace: CallTrace, shown: str, here: Path | None, *, base: Path | None = None, states: bool = False, marked: Writer | None = None
) -> list[str]:
    """A call's trace as ``scenario trace`` and the pytest plugin print it: one line per step, its changes under it.

    ``shown`` is how the checked file is named (its path as the user gave
    it); places in other files are shown relative to ``base``. The step
    ``marked`` (a failed expectation's last writer) says so. With
    ``states`` (a trace made with ``keep_states``) each step also shows the
    state before and after it.
    """
    outcome = "no result: " + trace.error if trace.error is not None else "passed" if trace.success else "failed"
    lines = [f"{trace.mission} (call {trace.index + 1}, {shown}:{trace.call.name_range.start.line + 1}): {outcome}"]
    width = max((len(step.id) for step in trace.steps), default=0)
    for number, step in enumerate(trace.steps, 1):
        what = step.record.kind + (f" {step.record.operation}" if step.record.operation else "")
        where = _place_text(step.defined_at, shown, here, base)
        mark = "   <- last wrote the value" if marked is not None and marked.step is step else ""
        lines.append(f"  {number}. {step.id:<{width}}  {what:<24} {step.status:<11} {where}{mark}".rstrip())
        if step.record.error:
            lines.append(f"       {step.record.error}")
        lines.extend(f"       {change_text(change)}" for change in step.changes)
        if states and step.record.before is not None:
            lines.append(f"       state before: {_compact(step.record.before)}")
            lines.append(f"       state after:  {_compact(step.record.after)}")
    if not trace.steps and trace.error is None:
        lines.append("  (its steps are not known: the mission returned a result without running a workflow)")
    return lines


def change_text(change: Change, limit: int = 80) -> str:
    """``cart.0.qty: 1 → 2``; a key added ``coupon: + "SPRING"``, removed ``coupon: - "SPRING"``."""
    if change.kind == "added":
        return f"{change.path}: + {show_value(change.new, limit)}"
    if change.kind == "removed":
        return f"{change.path}: - {show_value(change.old, limit)}"
    return f"{change.path}: {show_value(change.old, limit)} → {show_value(change.new, limit)}"


def _place_text(place: Place | None, shown: str, here: Path | None, base: Path | None) -> str:
    if place is None:
        return ""
    line = place.range.start.line + 1
    if place.path is None or (here is not None and place.path == here):
        return f"{shown}:{line}"
    path = place.path
    if base is not None:
        try:
            path = path.relative_to(base)
        except ValueError:
            pass
    return f"{path.as_posix()}:{line}"


def _compact(state: Any) -> str:
    return json.dumps(FrozenDict.thaw(state), ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
