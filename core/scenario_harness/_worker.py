"""The mission worker: a process of the project's interpreter that runs user code for the core.

Started by :mod:`scenario_core.python.missions` as ``python -m
scenario_harness._worker --answers FD --root DIR``, in the project's folder.
It never talks to an editor: it reads requests (JSON lines, see
:mod:`scenario_core.python.wire`) on standard input and answers on the pipe ``FD``,
so whatever user code prints goes to its standard output and error (the
language server's log) and, per call, back with the call's outcome.

Everything user code does runs under the determinism :class:`Guard`, after
its params were validated (:mod:`._params`). The core kills this process
when a call runs past its time and starts a new one.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import importlib.metadata
import inspect
import io
import os
import sys
import textwrap
import threading
import time
import traceback
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Callable, Mapping

import scenario_core
from scenario_core.orchestration.engine import (
    OPERATIONS,
    AntiFailureViolation,
    EnvelopeViolation,
    ExecutionContext,
    OperationSpec,
    OrchestrationResult,
    Orchestrator,
    StepError,
    StepSpec,
    WorkflowDefinition,
    observing,
)
from scenario_core.orchestration.frozen import FrozenDict, FrozenList, freeze
from scenario_core.orchestration.hashing import number_fits
from scenario_core.orchestration.trace import StepRecord, StepRecorder
from scenario_core.python.params import invalid_value
from scenario_core.python.wire import (
    CallableInfo,
    Description,
    ErrorInfo,
    ImportProblem,
    Item,
    Location,
    Outcome,
    StepTraceInfo,
    WorkflowTraceInfo,
    decode,
    encode,
)

from ._api import (
    DEFAULT_CLOCK,
    MissionContext,
    Registered,
    StepFailed,
    registered_missions,
    registered_operations,
)
from ._coverage import Measuring, measuring
from ._guard import Guard, NondeterministicCall
from ._params import Params, ParamsInvalid

ENTRY_POINT_GROUP = "scenario_harness.missions"
MAX_OUTPUT = 20_000  # characters of printed output kept per call
OUT_OF_MEMORY_EXIT = 70
# Frames of these folders are ours, never the project's: tracebacks leave them out.
_OURS = (str(Path(__file__).resolve().parent), str(Path(scenario_core.__file__).resolve().parent))


class Worker:
    """What one worker process knows: the project's registered code, and how to run it."""

    def __init__(self, root: Path, answers: BinaryIO) -> None:
        self.root = root.resolve()
        self.answers = answers
        self.guard = Guard(str(self.root))
        self.missions: dict[str, Registered] = {}
        self.operations: dict[str, Registered] = {}
        self._params: dict[int, Params] = {}
        self.measuring = Measuring(None)  # coverage.py's measurement, when the worker is measured
        self._built_lines: dict[str, dict[str, Location]] = {}  # _step_lines of each mission: its source does not change

    def send(self, message: dict[str, Any]) -> None:
        self.answers.write(encode(message))

    # -- describe ---------------------------------------------------------------------
    def describe(self, modules: list[str], entry_points: bool) -> Description:
        problems: list[ImportProblem] = []
        for module in modules:
            self._load(module, partial(importlib.import_module, module), problems)
        if entry_points:
            for point in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
                self._load(point.value, point.load, problems)
        self.missions = self._unique(registered_missions(), problems)
        self.operations = self._unique(registered_operations(), problems)
        missions = [self._info(r) for r in self.missions.values()]
        operations = [self._info(r) for r in self.operations.values()]
        files = {r.file for r in [*self.missions.values(), *self.operations.values()]}
        for loaded in list(sys.modules.values()):
            file = getattr(loaded, "__file__", None)
            if file and self._is_project_file(file):
                files.add(str(Path(file).resolve()))
        return Description(missions=missions, operations=operations, problems=problems, files=sorted(files))

    def _load(self, name: str, load: Callable[[], Any], problems: list[ImportProblem]) -> None:
        try:
            load()
        except BaseException as error:  # SystemExit and KeyboardInterrupt in a module are its problem too
            info = self.error_info(error)
            problems.append(
                ImportProblem(module=name, message=f"{type(error).__name__}: {error}", file=info["file"], line=info["line"], traceback=info["traceback"])
            )

    def _unique(self, table: Mapping[str, list[Registered]], problems: list[ImportProblem]) -> dict[str, Registered]:
        unique: dict[str, Registered] = {}
        for name in sorted(table):
            first, *others = table[name]
            unique[name] = first
            for other in others:
                if (other.file, other.line) != (first.file, first.line):  # a module imported twice registers again
                    problems.append(
                        ImportProblem(
                            module="",
                            message=f"{first.kind} '{name}' is registered twice: at {first.file}:{first.line} and at {other.file}:{other.line}",
                            file=other.file,
                            line=other.line,
                            traceback="",
                        )
                    )
        return unique

    def _info(self, registered: Registered) -> CallableInfo:
        params = self.params(registered)
        function = registered.function
        signature = _signature_text(function)
        return CallableInfo(
            kind=registered.kind,  # type: ignore[typeddict-item]  # "mission" | "operation"
            name=registered.name,
            qualname=getattr(function, "__qualname__", registered.name),
            module=getattr(function, "__module__", ""),
            file=registered.file,
            line=registered.line,
            doc=inspect.getdoc(function) or "",
            signature=signature,
            params=params.info,
            var_keyword=params.var_keyword,
        )

    def params(self, registered: Registered) -> Params:
        key = id(registered.function)
        if key not in self._params:
            self._params[key] = Params.of(registered.function)
        return self._params[key]

    def _is_project_file(self, file: str) -> bool:
        resolved = str(Path(file).resolve())
        return resolved.startswith(str(self.root) + os.sep) and "site-packages" not in resolved and not resolved.startswith(_OURS)

    # -- run ------------------------------------------------------------------------------
    def run(self, items: list[Item]) -> None:
        for item in items:
            self.send({"start": item["id"]})
            output = io.StringIO()
            with self.measuring.scenario(item), contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                outcome = self._traced_outcome(item) if item.get("trace") else self._outcome(item)
            printed = output.getvalue()
            if printed:
                _log(printed)
                outcome["output"] = printed[:MAX_OUTPUT]
            self.send({"done": item["id"], "outcome": outcome})
        self.send({"finished": True})
        self.measuring.save(soon=True)  # between batches, while the core reads the outcomes

    def _traced_outcome(self, item: Item) -> Outcome:
        """:meth:`_outcome`, recording what each step of the call did (the outcome's ``trace``)."""
        recorder = StepRecorder(keep_states=bool(item.get("states")))
        with observing(recorder):
            outcome = self._outcome(item)
        built_at = self._step_lines(item) if item["kind"] == "mission" else {}
        outcome["trace"] = [
            WorkflowTraceInfo(
                workflow_id=trace.workflow_id,
                steps=[_step_info(record, built_at.get(record.id)) for record in trace.steps],
            )
            for trace in recorder.traces
        ]
        return outcome

    def _step_lines(self, item: Item) -> dict[str, Location]:
        """Where the Python mission of ``item`` builds each step: the line of ``StepSpec("<id>", ...)`` in its source.

        Read from the function's source, so only steps built with a literal id are found; read once per
        mission (a worker lives as long as the code it imported is unchanged).
        """
        name = item.get("name", "")
        if name not in self._built_lines:
            self._built_lines[name] = self._read_step_lines(name)
        return self._built_lines[name]

    def _read_step_lines(self, name: str) -> dict[str, Location]:
        registered = self.missions.get(name)
        if registered is None:
            return {}
        try:
            function = inspect.unwrap(registered.function)
            lines, first = inspect.getsourcelines(function)
            tree = ast.parse(textwrap.dedent("".join(lines)))
        except (OSError, TypeError, SyntaxError, ValueError):
            return {}
        file = registered.file
        found: dict[str, Location] = {}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            callee = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""
            first_arg = node.args[0]
            if callee == "StepSpec" and isinstance(first_arg, ast.Constant) and isinstance(first_arg.value, str):
                found.setdefault(first_arg.value, Location(file=file, line=first + node.lineno - 1))
        return found

    def _outcome(self, item: Item) -> Outcome:
        try:
            if item["kind"] == "validate":
                self.params(self.operations[item["name"]]).validate(item.get("params", {}))
                return Outcome(valid=True)
            result = self._mission(item) if item["kind"] == "mission" else self._workflow(item["workflow"], item)
            data = result.to_dict()
            problem = _not_json(data, "")
            if problem is not None:
                return Outcome(error=ErrorInfo(type="TypeError", message=problem, file=None, line=None, traceback=""))
            return Outcome(result=data)
        except ParamsInvalid as invalid:
            return Outcome(invalid_params=invalid.errors)
        except NondeterministicCall as call:
            return Outcome(nondeterministic={"what": call.what, "file": call.file, "line": call.line})
        except (AntiFailureViolation, EnvelopeViolation) as violation:
            rule = "anti_failure" if isinstance(violation, AntiFailureViolation) else "envelope"
            return Outcome(violation={"rule": rule, "message": str(violation)})
        except MemoryError:
            self.send({"crash": {"reason": "memory"}})
            os._exit(OUT_OF_MEMORY_EXIT)
        except BaseException as error:  # sys.exit() in a mission is a bug of the mission, not the end of the worker
            return Outcome(error=self.error_info(error))

    def _mission(self, item: Item) -> OrchestrationResult:
        registered = self.missions[item["name"]]
        kwargs = self.params(registered).validate(item.get("params", {}))
        context = item["context"]
        ctx = MissionContext(
            initial_state=freeze(item.get("initial_state", {})),
            suite=context["suite"],
            scenario=context["scenario"],
            call=context["call"],
            mission=registered.name,
            clock=datetime.fromisoformat(context["clock"]) if context["clock"] else DEFAULT_CLOCK,
        )
        with self.measuring.user_code():
            produced = self.guard.run(registered.function, ctx, **kwargs)
        if isinstance(produced, OrchestrationResult):
            return produced
        if isinstance(produced, WorkflowDefinition):
            return self._run_workflow(produced, item)
        raise TypeError(
            f"mission '{registered.name}' returned {type(produced).__name__}; "
            "a mission returns a WorkflowDefinition or an OrchestrationResult"
        )

    def _workflow(self, workflow: dict[str, Any], item: Item) -> OrchestrationResult:
        steps = tuple(StepSpec(s["id"], s["kind"], freeze(s.get("payload") or {})) for s in workflow["steps"])
        return self._run_workflow(WorkflowDefinition(id=workflow["id"], name=workflow.get("name"), steps=steps), item)

    def _run_workflow(self, workflow: WorkflowDefinition, item: Item) -> OrchestrationResult:
        # User operations change the state in place: each run gets a mutable copy of its own.
        state = FrozenDict.thaw(item.get("initial_state", {}))
        return Orchestrator(self._operation_table()).run_workflow(workflow, ExecutionContext(initial_state=state))

    def _operation_table(self) -> dict[str, OperationSpec]:
        table = {name: OperationSpec(name, _mutable(spec.apply), spec.required, spec.optional, spec.summary) for name, spec in OPERATIONS.items()}
        for name, registered in self.operations.items():
            table[name] = OperationSpec(name, self._user_operation(registered), (), (), "")
        return table

    def _user_operation(self, registered: Registered) -> Callable[[dict[str, Any], Mapping[str, Any]], None]:
        params = self.params(registered)

        def apply(state: dict[str, Any], payload: Mapping[str, Any]) -> None:
            arguments = {k: FrozenDict.thaw(v) for k, v in payload.items() if k != "operation"}
            try:
                kwargs = params.validate(arguments)
            except ParamsInvalid as invalid:
                reasons = "; ".join(invalid_value(e, "argument") for e in invalid.errors)
                raise StepError(f"invalid arguments for operation '{registered.name}': {reasons}") from None
            try:
                with self.measuring.user_code():
                    self.guard.run(registered.function, state, **kwargs)
            except StepFailed as failed:
                raise StepError(str(failed)) from None

        return apply

    # -- errors -------------------------------------------------------------------------------
    def error_info(self, error: BaseException) -> ErrorInfo:
        """An exception as a finding shows it: the innermost frame of the project's code, the traceback without ours."""
        frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.startswith(_OURS)]
        user = [f for f in frames if self._is_project_file(f.filename)]
        at = user[-1] if user else (frames[-1] if frames else None)
        lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames), *traceback.format_exception_only(error)]
        return ErrorInfo(
            type=type(error).__name__,
            message=str(error),
            file=at.filename if at else None,
            line=at.lineno if at else None,
            traceback="".join(lines),
        )


def _step_info(record: StepRecord, built_at: Location | None) -> StepTraceInfo:
    shown = record.to_dict()
    info = StepTraceInfo(
        index=shown["index"], id=shown["id"], kind=shown["kind"], operation=shown["operation"], status=shown["status"],
        changes=[_jsonable(change) for change in shown["changes"]], error=shown["error"], built_at=built_at,
    )
    if record.before is not None:
        info["state_before"] = _jsonable(FrozenDict.thaw(record.before))
        info["state_after"] = _jsonable(FrozenDict.thaw(record.after))
    return info


def _jsonable(value: Any) -> Any:
    """``value`` with every leaf that JSON cannot carry written as its ``repr`` (a trace may show what a result cannot hold)."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, float)):
        return value if number_fits(value) else repr(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return repr(value)


def _signature_text(function: Callable[..., Any]) -> str:
    """``(ctx, *, sku: str, qty: int = 1) -> WorkflowDefinition``: types by their short names, as written."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return "(...)"

    def short(annotation: Any) -> Any:
        if annotation is inspect.Parameter.empty:
            return annotation
        if isinstance(annotation, str):
            return _Written(annotation)
        if isinstance(annotation, type):
            return _Written(annotation.__qualname__)
        return _Written(str(annotation).replace("typing.", ""))

    parameters = [p.replace(annotation=short(p.annotation)) for p in signature.parameters.values()]
    return str(signature.replace(parameters=parameters, return_annotation=short(signature.return_annotation)))


class _Written(str):
    """An annotation as text, shown by inspect without quotes."""

    def __repr__(self) -> str:
        return str(self)


def _log(text: str) -> None:
    """Printed output goes to the worker's standard error: the server's log, or the CLI's standard error."""
    stream = sys.__stderr__
    if stream is not None:
        stream.write(text)
        stream.flush()


def _mutable(apply: Callable[[dict[str, Any], Mapping[str, Any]], None]) -> Callable[[dict[str, Any], Mapping[str, Any]], None]:
    """A built-in operation whose values stay mutable for the user operations after it."""

    def run(state: dict[str, Any], payload: Mapping[str, Any]) -> None:
        apply(state, payload)
        for key, value in state.items():
            if isinstance(value, (FrozenDict, FrozenList)):
                state[key] = FrozenDict.thaw(value)

    return run


def _not_json(value: Any, path: str) -> str | None:
    """Why ``value`` has no canonical JSON form (the first place, as a dot path), or None."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        current, where = stack.pop()
        if current is None or isinstance(current, (str, bool)):
            continue
        if isinstance(current, (int, float)):
            if not number_fits(current):
                return f"{where or 'the result'} holds {current!r}, which has no JSON value"
            continue
        if isinstance(current, dict):
            for key, item in current.items():
                if not isinstance(key, str):
                    return f"{where or 'the result'} has the key {key!r}, which is not text"
                stack.append((item, f"{where}.{key}" if where else key))
            continue
        if isinstance(current, (list, tuple)):
            stack.extend((item, f"{where}.{i}" if where else str(i)) for i, item in enumerate(current))
            continue
        return f"{where or 'the result'} holds a {type(current).__name__}, which has no JSON value; keep JSON values in the state"
    return None


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    try:
        import resource
    except ImportError:  # not on this platform
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _stop_with_parent() -> None:
    """End this process when the one that started it is gone, even while user code loops forever."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scenario_harness._worker")
    parser.add_argument("--answers", type=int, required=True, help="the file descriptor to answer on")
    parser.add_argument("--root", required=True, help="the project's folder")
    parser.add_argument("--memory-mb", type=int, default=0, help="address-space limit (0: none)")
    args = parser.parse_args(argv)
    answers = os.fdopen(args.answers, "wb", buffering=0)
    _stop_with_parent()
    worker = Worker(Path(args.root), answers)
    worker.measuring = measuring()  # before the project's modules are imported: their import-time lines count
    worker.guard.install()
    _limit_memory(args.memory_mb)
    worker.send({"ready": {"pid": os.getpid(), "python": sys.version.split()[0]}})
    for line in sys.stdin.buffer:
        request = decode(line)
        if "describe" in request:
            with contextlib.redirect_stdout(sys.stderr):
                description = worker.describe(request["describe"]["modules"], request["describe"]["entry_points"])
            worker.measuring.imported()
            worker.send({"described": description})
        elif "run" in request:
            worker.run(request["run"]["items"])
    worker.measuring.save()  # standard input closed: the worker's last act


if __name__ == "__main__":
    main()
