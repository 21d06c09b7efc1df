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
from scenario_core.python.missions import Catalog, PythonCallError, PythonMissions

from .document import MissionDef, ScenarioDef, StepDef

__all__ = ["LocalMission", "Replay", "TraceScope", "WorkerBatch", "resolve"]

#: Which calls a traced check records: every call (True), none (False), or the calls of YAML missions ("yaml").
TraceScope = bool | Literal["yaml"]


@dataclass(frozen=True)
class LocalMission:
    """A mission of the file: its definition, how it runs, and what a result of it depends on."""

    definition: MissionDef
    run: Mission
    canonical: str  # what a scenario result depends on
    violation: Any  # the anti_failure or envelope Finding at the definition, or None
    remote: bool = False  # a step uses a Python operation: it runs in the worker


def resolve(name: str, missions: Mapping[str, LocalMission], catalog: Catalog | None) -> str:
    """Where a call of ``name`` goes: ``file``, ``python``, ``python_off``, ``builtin`` or ``unknown``."""
    if name in missions:
        return "python_off" if missions[name].remote and catalog is not None and not catalog.enabled else "file"
    if catalog is not None and name in catalog.missions:
        return "python" if catalog.enabled else "python_off"
    if name in MISSION_REGISTRY:
        return "builtin"
    return "unknown"


def runs_in_worker(name: str, missions: Mapping[str, LocalMission], catalog: Catalog | None) -> bool:
    where = resolve(name, missions, catalog)
    return where == "python" or (where == "file" and missions[name].remote)


@dataclass
class WorkerBatch:
    """The calls of one check that the worker runs, gathered before any scenario is assembled."""

    python: PythonMissions | None
    catalog: Catalog | None
    suite: str
    trace: TraceScope = False  # the worker records what each step of a call did (see orchestration.trace)
    keep_states: bool = False  # and, tracing, the state before and after each step
    items: list[_wire.Item] = field(default_factory=list)
    outcomes: dict[int, "_wire.Outcome | PythonCallError"] = field(default_factory=dict)
    validations: list[tuple[StepDef, str, int]] = field(default_factory=list)  # (step, operation, item id)
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
        if self.trace is True or (self.trace == "yaml" and local is not None):
            item["trace"] = True
            if self.keep_states:
                item["states"] = True
        self.items.append(item)
        return item["id"]

    def add_validation(self, operation: str, arguments: Mapping[str, Any]) -> int:
        """Queue a check of a Python operation's arguments; the id to read its outcome by."""
        item = _wire.Item(id=len(self.items), kind="validate", name=operation, params=FrozenDict.thaw(dict(arguments)))
        self.items.append(item)
        return item["id"]

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
