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
import codecs
import contextlib
import faulthandler
import importlib
import importlib.metadata
import inspect
import os
import signal
import sys
import tempfile
import textwrap
import threading
import time
import traceback
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO, Callable, Iterator, Mapping

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
from scenario_core.python.printed import BoundedText
from scenario_core.python.wire import (
    CallableInfo,
    Description,
    ErrorInfo,
    ImportProblem,
    Item,
    Location,
    Outcome,
    Ready,
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
from ._attempts import ImportAttempts, would_be_files
from ._coverage import Measuring, measuring
from ._guard import Guard, NondeterministicCall
from ._params import Params, ParamsInvalid, ParamsUnchecked, problem_text

ENTRY_POINT_GROUP = "scenario_harness.missions"
OUT_OF_MEMORY_EXIT = 70
#: How long after a call's timeout faulthandler's timer writes the stack, when the SIGALRM handler could not run.
STACK_FALLBACK_S = 1.0
# Frames of these folders are ours, never the project's: tracebacks leave them out.
_OURS = (str(Path(__file__).resolve().parent), str(Path(scenario_core.__file__).resolve().parent))


class Worker:
    """What one worker process knows: the project's registered code, and how to run it."""

    def __init__(self, root: Path, answers: BinaryIO, stacks: int | None = None) -> None:
        self.root = root.resolve()
        self.answers = answers
        self.stacks = stacks  # where the stack goes when this process ends without answering
        self.guard = Guard(str(self.root), before_exit=self.write_stack)
        self.missions: dict[str, Registered] = {}
        self.operations: dict[str, Registered] = {}
        self._params: dict[int, Params] = {}
        self._spool = tempfile.TemporaryFile("w", encoding="utf-8", errors="backslashreplace")
        self.measuring = Measuring(None)  # coverage.py's measurement, when the worker is measured
        self._built_lines: dict[str, dict[str, Location]] = {}  # _step_lines of each mission: its source does not change

    def send(self, message: dict[str, Any]) -> None:
        self.answers.write(encode(message))

    # -- describe ---------------------------------------------------------------------
    def describe(self, modules: list[str], entry_points: bool) -> Description:
        problems: list[ImportProblem] = []
        tried: list[str] = []  # every file an import tried, those that failed to import included
        for module in modules:
            tried += self._load(module, partial(importlib.import_module, module), problems)
        if entry_points:
            for point in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
                tried += self._load(point.value, point.load, problems)
        self.missions = self._unique(registered_missions(), problems)
        self.operations = self._unique(registered_operations(), problems)
        missions = [self._info(r) for r in self.missions.values()]
        operations = [self._info(r) for r in self.operations.values()]
        files = {r.file for r in [*self.missions.values(), *self.operations.values()]}
        files.update(str(Path(f).resolve()) for f in tried if self._is_project_file(f))
        for loaded in list(sys.modules.values()):
            file = getattr(loaded, "__file__", None)
            if file and self._is_project_file(file):
                files.add(str(Path(file).resolve()))
        return Description(missions=missions, operations=operations, problems=problems, files=sorted(files))

    def _load(self, name: str, load: Callable[[], Any], problems: list[ImportProblem]) -> list[str]:
        """Import a module (or load an entry point); the files it tried to import, a problem if it failed."""
        with ImportAttempts() as attempts:
            try:
                load()
            except BaseException as error:  # SystemExit and KeyboardInterrupt in a module are its problem too
                if isinstance(error, ModuleNotFoundError) and error.name:
                    attempts.files += would_be_files(error.name, [p for p in sys.path if self._is_project_folder(p)])
                info = self.error_info(error)
                problems.append(
                    ImportProblem(
                        module=name,
                        message=f"{info['type']}: {info['message']}" if info["message"] else info["type"],
                        file=info["file"],
                        line=info["line"],
                        column=error.offset if isinstance(error, SyntaxError) else None,
                        traceback=info["traceback"],
                        files=sorted({str(Path(f).resolve()) for f in attempts.files if self._is_project_file(f)}),
                    )
                )
        return attempts.files

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
                            column=None,
                            traceback="",
                            files=[],
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
            unsupported=params.unsupported,
        )

    def params(self, registered: Registered) -> Params:
        key = id(registered.function)
        if key not in self._params:
            self._params[key] = Params.of(registered.function)
        return self._params[key]

    def _is_project_file(self, file: str) -> bool:
        resolved = str(Path(file).resolve())
        return resolved.startswith(str(self.root) + os.sep) and "site-packages" not in resolved and not resolved.startswith(_OURS)

    def _is_project_folder(self, folder: str) -> bool:
        resolved = str(Path(folder or ".").resolve())
        return (resolved == str(self.root) or resolved.startswith(str(self.root) + os.sep)) and "site-packages" not in resolved

    # -- run ------------------------------------------------------------------------------
    def run(self, items: list[Item], timeout: float | None = None) -> None:
        """Run each item and answer its outcome; past ``timeout`` seconds in one, write the stack and end."""
        for item in items:
            self.send({"start": item["id"]})
            with self.measuring.scenario(item), self._printing() as output, self.deadline(timeout):
                outcome = self._traced_outcome(item) if item.get("trace") else self._outcome(item)
            if output.written:
                printed = output.getvalue()
                _log(printed)
                outcome["output"] = printed
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

    @contextlib.contextmanager
    def deadline(self, timeout: float | None) -> Iterator[None]:
        """End this process, its stack written first, if the block runs past ``timeout`` seconds.

        Two clocks. At ``timeout`` a SIGALRM handler runs in this (the main)
        thread, between two bytecodes: it writes the stack as the thread
        has it, which is whole, and ends the process. faulthandler's timer,
        a thread of C code, writes the stacks of all threads without stopping
        them: a thread that runs Python meanwhile changes its frames under
        the writer, which then writes a cut stack (``File ???``) about half
        the time. So it is only the second clock, :data:`STACK_FALLBACK_S`
        later, for code that never returns to the interpreter's loop (C code
        that keeps the interpreter, a regular expression that backtracks for
        ever), whose frames stand still. Either way the process ends right
        after the stack is written, so the core knows the stack is whole when
        it sees the end of the process.
        """
        if timeout is None or self.stacks is None:
            yield
            return
        stacks = self.stacks

        def timed_out(signum: int, frame: FrameType | None) -> None:
            sys.setprofile(None)  # the guard would take os._exit below for user code's and write a stack of its own
            os.write(stacks, f"Timeout ({timedelta(seconds=timeout)})!\n".encode())
            faulthandler.dump_traceback(stacks, all_threads=False)
            os._exit(1)

        alarm = hasattr(signal, "setitimer")  # not on Windows: faulthandler's timer alone
        if alarm:
            previous = signal.signal(signal.SIGALRM, timed_out)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        faulthandler.dump_traceback_later(timeout + (STACK_FALLBACK_S if alarm else 0), exit=True, file=stacks)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)

    def write_stack(self, frames: list[tuple[str, int, str]] | None = None) -> None:
        """Write the stack (innermost first) as faulthandler does: the calling thread's when ``frames`` is None."""
        if self.stacks is None:
            return
        if frames is None:
            faulthandler.dump_traceback(self.stacks, all_threads=False)
            return
        text = "Stack (most recent call first):\n" + "".join(f'  File "{f}", line {n} in {name}\n' for f, n, name in frames)
        os.write(self.stacks, text.encode("utf-8", "backslashreplace"))

    @contextlib.contextmanager
    def _printing(self) -> Iterator[BoundedText]:
        """What the code prints meanwhile: its start and its end (a call may print megabytes).

        It goes to a write-only temporary file first: such a file's ``write``
        is C code through and through, which the guard's profile function lets
        pass at once, where a stream written in Python (or a readable file,
        whose decoder is reset in Python on every write) would be watched call
        by call, ten times slower.
        """
        spool = self._spool
        spool.seek(0)
        spool.truncate()
        kept = BoundedText()
        try:
            with contextlib.redirect_stdout(spool), contextlib.redirect_stderr(spool):
                yield kept
        finally:
            spool.flush()
            decoder = codecs.getincrementaldecoder("utf-8")("replace")
            with open(spool.fileno(), "rb", closefd=False) as written:
                written.seek(0)
                for chunk in iter(partial(written.read, 1 << 20), b""):
                    kept.write(decoder.decode(chunk))
            kept.write(decoder.decode(b"", final=True))

    def _outcome(self, item: Item) -> Outcome:
        try:
            if item["kind"] == "validate":
                self.params(self.operations[item["name"]]).validate(item.get("params", {}))
                return Outcome(valid=True)
            result = self._mission(item) if item["kind"] == "mission" else self._workflow(item["workflow"], item)
            data = result.to_dict()
            problem = _not_json(data, "")
            if problem is not None:
                return Outcome(invalid_result=f"gave a result that is not JSON: {problem}")
            return Outcome(result=data)
        except _NotAResult as wrong:
            return Outcome(invalid_result=str(wrong))
        except ParamsInvalid as invalid:
            return Outcome(invalid_params=invalid.problems)
        except ParamsUnchecked as unchecked:
            return Outcome(unsupported=unchecked.problems)
        except NondeterministicCall as call:
            return Outcome(nondeterministic={"what": call.what, "file": call.file, "line": call.line})
        except (AntiFailureViolation, EnvelopeViolation) as violation:
            rule = "anti_failure" if isinstance(violation, AntiFailureViolation) else "envelope"
            return Outcome(violation={"rule": rule, "message": str(violation)})
        except MemoryError as error:
            frames = _frames_freed(error)
            del error
            self.write_stack(frames)
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
        raise _NotAResult(f"returned {type(produced).__name__}, not a WorkflowDefinition or an OrchestrationResult")

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
                reasons = "; ".join(problem_text(p, "argument") for p in invalid.problems)
                raise StepError(f"invalid arguments for operation '{registered.name}': {reasons}") from None
            except ParamsUnchecked as unchecked:
                raise StepError(f"operation '{registered.name}' cannot be called: {unchecked}") from None
            try:
                with self.measuring.user_code():
                    self.guard.run(registered.function, state, **kwargs)
            except StepFailed as failed:
                raise StepError(str(failed)) from None

        return apply

    # -- errors -------------------------------------------------------------------------------
    def error_info(self, error: BaseException) -> ErrorInfo:
        """An exception as a finding shows it: the innermost frame of the project's code, the traceback without ours.

        A syntax error is where the parser says it is (its file and line), not
        where the import that met it was written.
        """
        frames = [f for f in traceback.extract_tb(error.__traceback__) if not _is_ours(f.filename)]
        user = [f for f in frames if self._is_project_file(f.filename)]
        at = user[-1] if user else (frames[-1] if frames else None)
        file, line = (at.filename, at.lineno) if at else (None, None)
        message = str(error)
        if isinstance(error, SyntaxError):
            message = error.msg
            if error.filename and error.lineno:
                file, line = error.filename, error.lineno
        lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames), *traceback.format_exception_only(error)]
        return ErrorInfo(type=type(error).__name__, message=message, file=file, line=line, traceback="".join(lines))


class _NotAResult(Exception):
    """A mission gave something other than a workflow or a result: its code raised nothing, so this is no mission_error."""


def _frames_freed(error: BaseException) -> list[tuple[str, int, str]]:
    """The frames of ``error``'s traceback, innermost first, each cleared of its variables (what ate the memory)."""
    frames = []
    tb = error.__traceback__
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno, tb.tb_frame.f_code.co_name))
        tb = tb.tb_next
    if error.__traceback__ is not None:
        traceback.clear_frames(error.__traceback__)
    return frames[::-1]


def _is_ours(file: str) -> bool:
    """Frames of these files are the worker's and the import system's, never the project's: tracebacks leave them out."""
    return file.startswith(_OURS) or file.startswith("<frozen ")


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
        shown = _shown(current)
        if not shown.startswith(type(current).__name__):
            shown += f" (a {type(current).__name__})"
        return (
            f"{where or 'the result'} holds {shown}, which has no JSON value; "
            "keep JSON values in the state (text, numbers, true and false, null, lists, mappings with text keys)"
        )
    return None


def _shown(value: Any, limit: int = 60) -> str:
    try:
        text = repr(value)
    except Exception:
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
    parser.add_argument("--stacks", type=int, help="the file descriptor to write the stack on when ending without an answer")
    parser.add_argument("--root", required=True, help="the project's folder")
    parser.add_argument("--memory-mb", type=int, default=0, help="address-space limit (0: none)")
    args = parser.parse_args(argv)
    for fd in (args.answers, args.stacks):
        if fd is not None:
            os.set_inheritable(fd, False)  # a process the project's code starts must not hold them open
    answers = os.fdopen(args.answers, "wb", buffering=0)
    if args.stacks is not None:
        faulthandler.enable(file=args.stacks, all_threads=True)  # a segfault or an abort writes the stack there
    _stop_with_parent()
    worker = Worker(Path(args.root), answers, args.stacks)
    worker.measuring = measuring()  # before the project's modules are imported: their import-time lines count
    worker.guard.install()
    worker.send({"ready": Ready(pid=os.getpid(), python=sys.version.split()[0], main_thread=threading.get_ident(), ours=list(_OURS))})
    try:
        _limit_memory(args.memory_mb)  # after the ready answer: a limit too low for anything is said as such below
        _serve(worker)
    except (MemoryError, RuntimeError) as error:
        # Under a tight memory limit even the interpreter's own work fails (a thread cannot start):
        # say it was the memory, not a traceback from deep inside the worker.
        if args.memory_mb <= 0 or (isinstance(error, RuntimeError) and "thread" not in str(error)):
            raise
        worker.send({"crash": {"reason": "memory"}})
        os._exit(OUT_OF_MEMORY_EXIT)


def _serve(worker: Worker) -> None:
    """Answer requests until standard input ends."""
    for line in sys.stdin.buffer:
        request = decode(line)
        if "describe" in request:
            asked = request["describe"]
            with contextlib.redirect_stdout(sys.stderr), worker.deadline(asked.get("timeout")):
                description = worker.describe(asked["modules"], asked["entry_points"])
            worker.measuring.imported()
            worker.send({"described": description})
        elif "run" in request:
            worker.run(request["run"]["items"], request["run"].get("timeout"))
    worker.measuring.save()  # standard input closed: the worker's last act


if __name__ == "__main__":
    main()
