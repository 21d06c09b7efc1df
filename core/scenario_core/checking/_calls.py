"""How each mission call of a check runs: here, in the engine, or in the project's mission worker.

A call resolves to the file's own mission first, then the project's Python
missions, then the built-in ones. Built-in missions and the file's missions
that use only built-in operations run in this process, as they always did.
Python missions, and the file's missions whose steps use Python operations,
run in the worker: :class:`WorkerBatch` gathers every such call of a check
that no cache can answer and sends them in one round trip, before the
scenarios are assembled; each call is then answered from the batch by a
:class:`Replay`, through the same harness as every other call.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from scenario_core.orchestration.engine import (
    AntiFailureViolation,
    EnvelopeViolation,
    ExecutionContext,
    OrchestrationResult,
)
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.orchestration.registry import MISSION_REGISTRY, Mission
from scenario_core.python import wire as _wire
from scenario_core.python.missions import Catalog, PythonCallable, PythonCallError, PythonMissions, SourceProblem
from scenario_core.source.positions import SourceRange

from .document import MissionDef, ScenarioDef, StepDef

__all__ = ["LocalMission", "Replay", "Tracing", "WorkerBatch", "lost_error", "resolve", "runs_in_worker", "unchecked_error"]

#: How much a check records of each call: nothing (False), every call's steps (True), every call's steps with
#: the states between them ("states"), or only the steps of calls of YAML missions ("yaml": what coverage counts).
Tracing = bool | Literal["states", "yaml"]


@dataclass(frozen=True)
class LocalMission:
    """A mission of the file: its definition, how it runs, and what a result of it depends on."""

    definition: MissionDef
    run: Mission
    canonical: str  # what a scenario result depends on
    violation: Any  # the anti_failure or envelope Finding at the definition, or None
    remote: bool = False  # a step uses a Python operation: it runs in the worker
    lost: PythonCallError | None = None  # a step uses a Python operation whose module failed to import: why it does not run


def resolve(name: str, missions: Mapping[str, LocalMission], catalog: Catalog | None) -> str:
    """Where a call of ``name`` goes: ``file``, ``python``, ``python_off``, ``lost``, ``builtin`` or ``unknown``.

    ``lost``: a Python mission that a module which failed to import would have
    registered (or a mission of the file that uses such an operation).
    """
    if name in missions:
        local = missions[name]
        if local.lost is not None:
            return "lost"
        return "python_off" if local.remote and catalog is not None and not catalog.enabled else "file"
    if catalog is not None and name in catalog.missions:
        return "python" if catalog.enabled else "python_off"
    if catalog is not None and catalog.lost_mission(name) is not None:
        return "lost"
    if name in MISSION_REGISTRY:
        return "builtin"
    return "unknown"


def lost_error(kind: str, name: str, found: PythonCallable, problem: SourceProblem) -> PythonCallError:
    """Why a call of a mission (or a step of an operation) that a failed import would have registered does not run."""
    where = f"{_short(found.file)}:{found.line}"
    message = f"{kind} '{name}' is registered in {where}, and {problem.module} failed to import ({problem.message})"
    return PythonCallError("not_run", message, file=problem.file, line=problem.line)


def _short(file: str) -> str:
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def runs_in_worker(name: str, missions: Mapping[str, LocalMission], catalog: Catalog | None) -> bool:
    where = resolve(name, missions, catalog)
    if where == "python":
        return catalog is not None and catalog.missions[name].cannot_be_called() is None
    return where == "file" and missions[name].remote


def unchecked_error(python: PythonCallable) -> PythonCallError | None:
    """Why a Python mission or operation is never called (a param whose hint cannot be checked), else None."""
    reason = python.cannot_be_called()
    return PythonCallError("unsupported_hint", reason, file=python.file, line=python.line) if reason is not None else None


@dataclass
class WorkerBatch:
    """The calls of one check that the worker runs, gathered before any scenario is assembled."""

    python: PythonMissions | None
    catalog: Catalog | None
    suite: str
    trace: Tracing = False  # the worker records what each step of a call did (see orchestration.trace)
    keep_states: bool = False  # and, tracing, the state before and after each step
    items: list[_wire.Item] = field(default_factory=list)
    outcomes: dict[int, "_wire.Outcome | PythonCallError"] = field(default_factory=dict)
    validations: list[tuple[StepDef, str, int]] = field(default_factory=list)  # (step, operation, item id)
    #: Where each item is written (a call's name, a step's operation), by id: a ``not_run`` points at its cause.
    places: dict[int, SourceRange] = field(default_factory=dict)
    _by_scenario: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # id(ScenarioDef) -> (call index, item id)

    def add_scenario(self, scenario: ScenarioDef, missions: Mapping[str, LocalMission]) -> None:
        """Queue every call of ``scenario`` that runs in the worker."""
        self._by_scenario[id(scenario)] = [
            (index, self.add_call(scenario, index, missions))
            for index, call in enumerate(scenario.calls)
            if runs_in_worker(call.name, missions, self.catalog)
        ]

    def add_call(self, scenario: ScenarioDef, index: int, missions: Mapping[str, LocalMission]) -> int:
        """Queue call ``index`` of ``scenario`` (one that runs in the worker); the id to read its outcome by."""
        call = scenario.calls[index]
        item = _wire.Item(
            id=len(self.items),
            initial_state=FrozenDict.thaw(scenario.initial_state),
            context=_wire.CallContext(suite=self.suite, scenario=scenario.name, call=index, clock=scenario.clock),
        )
        local = missions.get(call.name)
        if local is not None:
            item["kind"] = "workflow"
            item["workflow"] = {"id": call.name, "name": call.name, "steps": [s.to_dict() for s in local.definition.workflow.steps]}
        else:
            item["kind"] = "mission"
            item["name"] = call.name
            item["params"] = FrozenDict.thaw(call.params) if call.params else {}
        if self.trace in (True, "states") or (self.trace == "yaml" and local is not None):
            item["trace"] = True
            if self.keep_states:
                item["states"] = True
        self.items.append(item)
        self.places[item["id"]] = call.name_range
        return item["id"]

    def add_validation(self, operation: str, arguments: Mapping[str, Any], at: SourceRange | None = None) -> int:
        """Queue a check of a Python operation's arguments (written ``at``); the id to read its outcome by."""
        item = _wire.Item(id=len(self.items), kind="validate", name=operation, params=FrozenDict.thaw(dict(arguments)))
        self.items.append(item)
        if at is not None:
            self.places[item["id"]] = at
        return item["id"]

    def cause_of(self, error: PythonCallError) -> SourceRange | None:
        """Where the item is written that kept ``error``'s item from running (a ``not_run``'s cause)."""
        return self.places.get(error.cause) if error.cause is not None else None

    def run(self) -> None:
        """Send every queued item not answered yet to the worker (one round trip)."""
        waiting = [item for item in self.items if item["id"] not in self.outcomes]
        if waiting and self.python is not None:
            self.outcomes.update(self.python.run(waiting))

    def replay(self, scenario: ScenarioDef, missions: Mapping[str, LocalMission]) -> "Replay":
        """The worker's outcomes for ``scenario``'s calls; queued and run now if they were not in the batch.

        (A cache entry seen while planning may be gone by the time its scenario is assembled.)
        """
        if id(scenario) not in self._by_scenario:
            self.add_scenario(scenario, missions)
            self.run()
        return Replay(deque((index, self.outcomes[i]) for index, i in self._by_scenario[id(scenario)]))


@dataclass
class Replay:
    """The worker's outcomes for one scenario's calls, handed out in call order."""

    outcomes: deque[tuple[int, "_wire.Outcome | PythonCallError"]]  # (call index, outcome), in call order
    printed: dict[int, str] = field(default_factory=dict)  # what each call printed, by call index
    traces: dict[int, list[_wire.WorkflowTraceInfo]] = field(default_factory=dict)  # what each step did, by call index (traced runs)

    def mission(self, name: str) -> Mission:
        """A mission that answers the next worker outcome (a result, or the error it raises)."""

        def answer(ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
            return self.next()

        return answer

    def next(self) -> OrchestrationResult:
        index, outcome = self.outcomes.popleft()
        if isinstance(outcome, PythonCallError):
            raise outcome
        output = outcome.get("output", "")
        if output:
            self.printed[index] = output
        if "trace" in outcome:
            self.traces[index] = outcome["trace"]
        if "result" in outcome:
            return OrchestrationResult.from_dict(outcome["result"])
        if "violation" in outcome:
            violation = outcome["violation"]
            raise (AntiFailureViolation if violation["rule"] == "anti_failure" else EnvelopeViolation)(violation["message"])
        raise _error_of(outcome, output)


def _error_of(outcome: "_wire.Outcome", output: str) -> PythonCallError:
    if "invalid_params" in outcome:
        return PythonCallError("invalid_params", "invalid params", errors=outcome["invalid_params"], output=output)
    if "invalid_result" in outcome:
        return PythonCallError("invalid_result", outcome["invalid_result"], output=output)
    if "unsupported" in outcome:
        reason = "; ".join(f"param '{h['param']}' {h['message']}" for h in outcome["unsupported"])
        return PythonCallError("unsupported_hint", reason, output=output)
    if "nondeterministic" in outcome:
        found = outcome["nondeterministic"]
        return PythonCallError("nondeterministic", found["what"], file=found["file"], line=found["line"], output=output)
    error = outcome.get("error")
    if error is not None:
        return PythonCallError(
            "mission_error",
            f"{error['type']}: {error['message']}" if error["message"] else error["type"],
            file=error["file"],
            line=error["line"],
            traceback=error["traceback"],
            output=output,
        )
    return PythonCallError("mission_crashed", f"the worker gave no outcome: {sorted(outcome)}")
