"""The run under the debugger: every scenario of the file in order, one call at a time, each as a check runs it.

:class:`Runner` is a thread. It starts the debug worker first (the longest
part of a launch), learns the project's Python from it, and once the client
has sent its breakpoints (``configurationDone``) runs the file: a scenario's
calls through the core's own :func:`~scenario_core.orchestration.harness.run_mission_calls`,
each call here (built-in and YAML missions, watched by a
:class:`~.places.PlaceObserver`) or in the worker (the item a check would
send, answered by the same :class:`~scenario_core.checking.Replay`), then
its expectations. Results, errors and hashes are therefore the check's.

At every place it consults the session (:class:`~.stops.Conductor`). A
:class:`~.stops.Rewind` abandons the run and starts again at a scenario's
call or expectation: the calls before it give the outcomes they gave the
first time (a run is deterministic; each call starts from its scenario's
initial state), the call itself runs again.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from scenario_core.checking import Replay
from scenario_core.orchestration.engine import ExecutionContext, OrchestrationResult, observing
from scenario_core.orchestration.expectations import ExpectationResult, MissionExpectation, evaluate_expectation, expectations_result
from scenario_core.orchestration.harness import CALL_ERRORS, MissionCall, ScenarioDefinition, ScenarioResult, run_mission_calls, scenario_result
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.orchestration.registry import MISSION_REGISTRY, Mission
from scenario_core.orchestration.suite import suite_result
from scenario_core.orchestration.test_run import test_run_result
from scenario_core.project.config import ProjectConfig
from scenario_core.python.missions import Catalog, PythonCallable, PythonCallError, SourceProblem
from scenario_core.python.wire import Description, Item, Location, Outcome

from . import plan as plans
from .driver import RunOptions, WorkerGone, WorkerProcess
from .places import Ask, PassedPlace, PlaceObserver, StepPlace, json_value, slot_of
from .pydevd import Listener
from .stops import CALL_ERROR_SLOT, Conductor, Go, Place, Rewind, Stops, Terminate, call_key
from .verdict import RecordedMissions, Summary, final_report, item_key, verdict_text

__all__ = ["Runner", "catalog_of"]


class _Rewound(BaseException):
    """Unwinds the run to a position to run again from (a BaseException: no call's error handling catches it)."""

    def __init__(self, position: tuple[int, int]) -> None:
        super().__init__(position)
        self.position = position


class _Ended(BaseException):
    """The session ended while the run was going."""


@dataclass
class _Done:
    """What the run has given so far: each call's outcome, each scenario's result, each expectation's verdict."""

    outcomes: dict[tuple[int, int], Any] = field(default_factory=dict)  # (scenario, call) -> worker outcome
    recorded: dict[str, Any] = field(default_factory=dict)  # item key -> worker outcome (the final check reads them)
    results: dict[int, ScenarioResult] = field(default_factory=dict)
    verdicts: dict[int, ExpectationResult] = field(default_factory=dict)  # by the expectation's number in the file


def catalog_of(description: Description, config: ProjectConfig) -> Catalog:
    """The catalog a check would make of ``description`` (as :class:`~scenario_core.python.missions.PythonMissions` does)."""
    problems = [SourceProblem(p["module"], p["message"], p["file"], p["line"], p["traceback"]) for p in description["problems"]]
    missions = {i["name"]: PythonCallable.from_wire(i) for i in description["missions"]}
    operations = {i["name"]: PythonCallable.from_wire(i) for i in description["operations"]}
    return Catalog(missions, operations, tuple(problems), "")


class Runner(threading.Thread):
    """The run of one debug session (see the module doc)."""

    def __init__(
        self, conductor: Conductor, options: RunOptions, worker: WorkerProcess | None, listener: Listener | None, token: str
    ) -> None:
        """``worker`` is started already (a launch starts it first); None for a project with no Python."""
        super().__init__(name="scenario-dap runner", daemon=True)
        self.conductor = conductor
        self.options = options
        self.token = token
        self.listener = listener
        self.worker = worker
        self.layout_ready = threading.Event()
        self.layout: plans.Layout | None = None
        self.plan: plans.Plan | None = None
        self.catalog: Catalog | None = None
        self.bodies: dict[str, dict[str, Location]] = {}
        self.done = _Done()
        self._ended = threading.Event()
        self._pending: list[Place] = []  # places passed since the session last heard
        self._current: plans.CallPlan | None = None
        self._replaying = False  # the current call is before the run's restart: it gives its first outcome again
        self._so_far: dict[str, OrchestrationResult] = {}  # the current scenario's results so far, by mission
        self.milestones: dict[str, float] = {}  # perf_counter() of each step of the start (scenarioTimings)
        self.worker_cpu: dict[str, float] = {}  # the worker's CPU time (ms) at each step of its start

    # -- the thread ----------------------------------------------------------------------------
    def run(self) -> None:
        try:
            if self.options.has_python:
                self.catalog = self._start_worker()
            self.layout_ready.wait()
            assert self.layout is not None
            self.plan = plans.plan(self.layout, self.catalog, self.bodies, self.options.only)
            self.conductor.post("planned", self.plan)
            self.conductor.configured.wait()
            self._run_all()
            self.conductor.post("finished", self._summary())
        except _Ended:
            pass
        finally:
            self._ended.wait()
            if self.worker is not None:
                self.worker.kill()
            if self.listener is not None:
                self.listener.close()

    def end(self) -> None:
        """Stop the worker; the thread ends at its next wait."""
        self._ended.set()
        if self.worker is not None:
            self.worker.kill()
        self.layout_ready.set()
        self.conductor.configured.set()

    def _check_ended(self) -> None:
        if self._ended.is_set():
            raise _Ended()

    # -- the worker ----------------------------------------------------------------------------
    def _spawn(self) -> WorkerProcess:
        self.worker = WorkerProcess(
            self.options,
            port=self.listener.port if self.listener is not None else None,
            token=self.token,
            output=lambda text: self.conductor.post("output", "stdout", text),
        )
        return self.worker

    def _start_worker(self) -> Catalog:
        """Start the worker (describing the project, attaching debugpy); the project's catalog, or why it has none."""
        config = self.options.config
        problems: list[SourceProblem] = []
        worker = self.worker or self._spawn()
        try:
            ready = worker.receive()
            if "ready" not in ready:
                raise WorkerGone("mission_crashed", f"unexpected first message {ready!r}")
            self.milestones["worker_ready"] = time.perf_counter()
            self.worker_cpu["worker_ready"] = round(ready["ready"].get("cpu", 0.0) * 1000, 1)
            worker.send({"describe": {"modules": list(config.missions), "entry_points": True}})
            described = worker.receive()
            self.milestones["worker_described"] = time.perf_counter()
            self.worker_cpu["worker_described"] = round(described.get("cpu", 0.0) * 1000, 1)
            self.bodies = described.get("bodies", {})
            catalog = catalog_of(described["described"], config)
            self._debugger(worker.receive()["debugger"])
        except WorkerGone as gone:
            self._check_ended()
            worker.kill()
            self.worker = None
            self.conductor.post("debugger", {"state": "unavailable", "reason": f"the mission worker did not start: {gone.message}"})
            message = f"the mission worker ({' '.join(self.options.python)}) did not start: {gone.message}"
            return Catalog({}, {}, (*problems, SourceProblem(", ".join(config.missions), message)), "")
        return catalog

    def _debugger(self, status: dict[str, Any]) -> None:
        """What the worker says of debugpy in it (detached, attaching, attached, or why it cannot), for the session."""
        if status.get("state") == "attached" and "cpu" in status:
            self.worker_cpu.setdefault("debugger_attached", round(status["cpu"] * 1000, 1))
            self.milestones.setdefault("debugger_attached", time.perf_counter())
        self.conductor.post("debugger", status)

    def _worker(self) -> WorkerProcess:
        """The worker, started again when a call killed the last one."""
        if self.worker is None:
            worker = self.worker = self._spawn()
            try:
                worker.receive()
                worker.send({"describe": {"modules": list(self.options.config.missions), "entry_points": True}})
                worker.receive()
                self._debugger(worker.receive()["debugger"])
            except WorkerGone:
                self._check_ended()
                raise
        return self.worker

    # -- the run -------------------------------------------------------------------------------
    def _run_all(self) -> None:
        position = (0, 0)
        while True:
            try:
                self._run_from(position)
                return
            except _Rewound as rewound:
                self._pending = []
                position = rewound.position

    def _run_from(self, position: tuple[int, int]) -> None:
        assert self.plan is not None
        for scenario in self.plan.scenarios:
            if scenario.index >= position[0]:
                self._scenario(scenario, position[1] if scenario.index == position[0] else 0)
        loose_index = self.plan.count
        for number, expectation in enumerate(self.plan.loose):
            if (loose_index, number) >= position:
                self._expectation(None, loose_index, number, expectation)
        self._flush()

    def _scenario(self, scenario: plans.ScenarioPlan, start: int) -> None:
        assert self.plan is not None
        if start < len(scenario.calls) or scenario.index not in self.done.results:
            self._so_far = {}
            runs: dict[str, Mission] = {}
            for call in scenario.calls:
                if call.in_worker:
                    runs[call.name] = self._recording(self._in_worker)
                elif call.name in self.plan.missions:
                    runs[call.name] = self._recording(self.plan.missions[call.name].run)
                elif call.name in MISSION_REGISTRY:
                    runs[call.name] = self._recording(MISSION_REGISTRY[call.name])
            definition = ScenarioDefinition(
                scenario.name, scenario.definition.initial_state, tuple(MissionCall(c.name, c.params) for c in scenario.definition.calls)
            )
            results, _ = run_mission_calls(definition, missions=runs, around=lambda index: self._around(scenario, start, index))
            self.done.results[scenario.index] = scenario_result(scenario.name, results)
        for number, expectation in enumerate(scenario.expectations):
            if len(scenario.calls) + number >= start:
                self._expectation(scenario, scenario.index, len(scenario.calls) + number, expectation)

    def _recording(self, mission: Mission) -> Mission:
        """``mission``, its result kept as the scenario's result so far (a later stop shows it)."""

        def run(ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
            result = mission(ctx, params)
            assert self._current is not None
            self._so_far[self._current.name] = result
            return result

        return run

    @contextmanager
    def _around(self, scenario: plans.ScenarioPlan, start: int, index: int) -> Iterator[None]:
        """Each call of a scenario: its place, then the call watched by the engine's observer; its error's place."""
        call = scenario.calls[index]
        self._current = call
        self._replaying = index < start
        if self._replaying:
            yield
            return
        self._check_ended()
        self._at(Place(call_key(call), "call", scenario, call.at, call.at, call=call, roots=self._call_roots(call), step_in=call.function))
        observer = PlaceObserver(
            lambda passed: self._could_stop(self._step_place(call, passed)),
            lambda shown: self._ask(self._shown_place(call, shown)),
            lambda passed: self._pending.append(self._step_place(call, passed)),
        )
        try:
            with observing(observer):
                yield
        except CALL_ERRORS as error:
            self._call_error(call, error)
            raise

    def _in_worker(self, ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
        """The mission of a call the worker runs: the worker's outcome, as a check reads it."""
        call = self._current
        assert call is not None and call.item is not None
        key = (call.scenario, call.index)
        if not self._replaying:
            outcome = self._run_item(call, call.item)
            self.done.outcomes[key] = outcome
            self.done.recorded[item_key(call.item)] = outcome
        return Replay(deque([(call.index, self.done.outcomes[key])])).next()

    def _run_item(self, call: plans.CallPlan, item: Item) -> "Outcome | PythonCallError":
        try:
            worker = self._worker()
        except WorkerGone as gone:
            return PythonCallError(gone.code, f"the mission worker did not start: {gone.message}")
        self._flush()
        worker.send({"run": {"items": [item], "ask": self._ask_for(call)}})
        self.conductor.running_time.restart()
        outcome: Outcome | PythonCallError | None = None
        rewind: Rewind | None = None
        while True:
            try:
                message = worker.receive(self.conductor.running_time)
            except WorkerGone as gone:
                self._check_ended()
                worker.kill()
                self.worker = None
                outcome = PythonCallError(gone.code, gone.message)
                break
            for passed in message.get("passed", ()):
                self._pending.append(self._step_place(call, passed))
            if "debugger" in message:
                self._debugger(message["debugger"])
            elif "place" in message:
                reply = self._reply(self._shown_place(call, message["place"]))
                if isinstance(reply, Rewind):
                    rewind = reply
                    worker.send({"abort": True})
                else:
                    worker.send({"go": self._ask_for(call)})
            elif "done" in message:
                outcome = message.get("outcome")
            elif "finished" in message:
                break
            else:
                self._flush()  # places passed while Python is traced: a Python stop shows its step
        if rewind is None:
            rewind = self.conductor.rewind_asked()
        if rewind is not None:
            raise _Rewound(rewind.position)
        if outcome is None:
            return PythonCallError("mission_crashed", "the worker gave no outcome")
        return outcome

    def _ask_for(self, call: plans.CallPlan) -> Ask:
        stops = self.conductor.stops
        return Ask(
            all=stops.every or stops.targets(call),
            steps=[index for index, source in enumerate(call.steps) if (str(source.path), source.line) in stops.lines],
            failed=stops.failed_step,
            trace=stops.trace,
        )

    def tell_worker(self, message: dict[str, Any] | None) -> None:
        """(The session's thread.) Tell the worker, if it runs a call, ``message``, or else the call's current ask."""
        worker, call = self.worker, self._current
        if worker is None or call is None or not call.in_worker:
            return
        try:
            worker.send(message if message is not None else {"ask": self._ask_for(call)})
        except WorkerGone:  # its end comes through the runner
            pass

    def run_more(self, items: Sequence[Item]) -> dict[int, "Outcome | PythonCallError"]:
        """Run ``items`` in the worker with no stop (the final check's validations)."""
        answered: dict[int, Outcome | PythonCallError] = {}
        try:
            worker = self._worker()
            worker.send({"run": {"items": list(items), "ask": Ask(all=False, steps=[], failed=False, trace=False)}})
            while True:
                message = worker.receive()
                if "debugger" in message:
                    self._debugger(message["debugger"])
                elif "done" in message and "outcome" in message:
                    answered[message["done"]] = message["outcome"]
                elif "finished" in message:
                    return answered
        except WorkerGone as gone:
            return {item["id"]: answered.get(item["id"]) or PythonCallError(gone.code, gone.message) for item in items}

    # -- places --------------------------------------------------------------------------------
    def _step_place(self, call: plans.CallPlan, passed: PassedPlace) -> Place:
        """A place inside ``call`` as the observer found it, without its values."""
        assert self.plan is not None
        w, slot = slot_of(passed)
        own_line = call.steps[passed["i"]] if w == 0 and passed["i"] < len(call.steps) else None
        return Place(
            (call.scenario, call.index, w, slot),
            "step_failed" if passed["failed"] else "step",
            self.plan.scenario(call.scenario),
            own_line or call.at,
            own_line,
            call=call,
            step=passed["id"],
            step_kind=passed["kind"],
        )

    def _shown_place(self, call: plans.CallPlan, shown: StepPlace) -> Place:
        """A place inside ``call`` with what a stop there shows."""
        place = self._step_place(call, shown)
        payload = shown["payload"]
        operation = payload.get("operation") if shown["kind"] == "runtime" and isinstance(payload, dict) else None
        place.operation = operation if isinstance(operation, str) else None
        place.step_in = self.bodies.get("operations", {}).get(place.operation or "")
        place.failed = shown["error"]
        place.roots = {
            "state": shown["state"],
            "payload": payload,
            "result": {"workflow": shown["workflow"], "steps": shown["steps"]},
            **self._call_roots(call),
        }
        return place

    def _call_roots(self, call: plans.CallPlan) -> dict[str, Any]:
        return {
            "params": json_value(call.definition.params or {}),
            "results": {name: json_value(result.as_json) for name, result in self._so_far.items()},
            "initial_state": json_value(self.plan.scenario(call.scenario).definition.initial_state) if self.plan is not None else {},
        }

    def _call_error(self, call: plans.CallPlan, error: BaseException) -> None:
        assert self.plan is not None
        roots: dict[str, Any] = {"params": json_value(call.definition.params or {}), "error": _error_shown(error)}
        described = _error_text(error)
        place = Place(
            (call.scenario, call.index, CALL_ERROR_SLOT, 0), "call_error", self.plan.scenario(call.scenario), call.at, call.at,
            call=call, roots=roots, failed=f"{call.name} (call {call.index + 1}) gave no result: {described}",
        )
        self._at(place)

    def _expectation(self, scenario: plans.ScenarioPlan | None, scenario_index: int, slot: int, expectation: plans.ExpectationPlan) -> None:
        assert self.plan is not None and self.layout is not None
        definition = expectation.definition
        result = self.done.results.get(scenario.index) if scenario is not None else None
        suite = suite_result(self.layout.suite, {scenario.name: result} if scenario is not None and result is not None else {})
        verdict = evaluate_expectation(
            suite, MissionExpectation(definition.id, definition.scenario, definition.mission, definition.path, definition.op, definition.expected)
        )
        self.done.verdicts[expectation.number] = verdict
        mission = result.mission_results.get(definition.mission) if result is not None else None
        failed = None
        if not verdict.passed:
            reason = verdict.details.get("reason", "failed")
            failed = f"expectation {definition.id} failed ({reason}): expected {_short(verdict.expected)}, got {_short(verdict.actual)}"
        self._at(
            Place(
                (scenario_index, slot, 0, 0), "expectation", scenario, expectation.at, expectation.at, expectation=expectation,
                roots={
                    "actual": json_value(verdict.actual),
                    "expected": json_value(verdict.expected),
                    "result": json_value(mission.as_json) if mission is not None else None,
                },
                failed=failed,
            )
        )

    def _could_stop(self, place: Place) -> bool:
        return self.conductor.stops.could_stop(place)

    def _at(self, place: Place) -> None:
        """A place the runner itself reaches (a call, a call's error, an expectation)."""
        if self._could_stop(place):
            self._ask(place)
        else:
            self._pending.append(place)

    def _ask(self, place: Place) -> None:
        reply = self._reply(place)
        if isinstance(reply, Rewind):
            raise _Rewound(reply.position)

    def _reply(self, place: Place) -> Go | Rewind:
        self._flush()
        reply = self.conductor.ask(place)
        if isinstance(reply, Terminate):
            raise _Ended()
        return reply

    def _flush(self) -> None:
        if self._pending:
            self.conductor.passed(self._pending)
            self._pending = []

    # -- the end ---------------------------------------------------------------------------------
    def _summary(self) -> Summary:
        """The verdict of the file as scenario run gives it, and the hashes of the scenarios this run ran."""
        assert self.plan is not None and self.layout is not None
        document = self.layout.report.document
        kept = {s.name: self.done.results[s.index] for s in self.plan.kept()}
        hashes = {name: result.metadata["scenario_hash"] for name, result in kept.items()}
        test_run_hash = None
        if self.plan.whole:
            verdicts: dict[str, ExpectationResult] = {}
            for number, expectation in enumerate(document.expectations):
                verdicts.setdefault(expectation.id, self.done.verdicts[number])
            test_run_hash = test_run_result(suite_result(self.layout.suite, kept), expectations_result(verdicts)).metadata["test_run_hash"]
        python = None
        if self.catalog is not None:
            python = RecordedMissions(self.options.config, self.catalog, self.done.recorded, self.run_more)
        # The check of the file: the calls this run did not run (other scenarios) run in the worker now, quietly.
        report = final_report(self.options.program, self.options.text, python)
        text, status = verdict_text(self.options.program, report)
        if report.test_run is None:  # the file cannot run (a YAML error, say): scenario run prints no hash either
            return Summary(text, status, {}, None, True)
        checked = {o.definition.name: o.result.metadata["scenario_hash"] for o in report.scenarios if not o.shadowed}
        unrecorded = [i for i in (python.missing if python is not None else []) if i.get("context", {}).get("scenario") in hashes]
        same = all(checked.get(name) == value for name, value in hashes.items()) and not unrecorded
        if test_run_hash is not None:
            same = same and report.test_run_hash == test_run_hash
        return Summary(text, status, hashes, test_run_hash or report.test_run_hash, same)


def _error_shown(error: BaseException) -> dict[str, Any]:
    if isinstance(error, PythonCallError):
        shown: dict[str, Any] = {"code": error.code, "message": error.message}
        if error.file is not None:
            shown.update(file=error.file, line=error.line)
        if error.traceback:
            shown["traceback"] = error.traceback
        if error.output:
            shown["output"] = error.output
        return shown
    return {"code": type(error).__name__, "message": str(error)}


def _error_text(error: BaseException) -> str:
    if isinstance(error, PythonCallError):
        where = f" at {Path(error.file).name}:{error.line}" if error.file else ""
        return f"{error.code}: {error.message}{where}"
    return str(error)


def _short(value: Any, limit: int = 120) -> str:
    try:
        text = canonical_json(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
