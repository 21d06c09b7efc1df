"""A project's Python missions and operations, described and run by a worker process.

User code never runs in the process that checks a file (the language server,
the CLI, pytest): :class:`PythonMissions` starts ``scenario_harness._worker``
with the project's interpreter, in the project's folder, on first need, and
keeps it warm. It asks the worker what the project registers
(:meth:`~PythonMissions.catalog`) and sends it the calls of a check in one
batch (:meth:`~PythonMissions.run`). A call that runs past the project's
timeout gets the worker killed and restarted; a worker that dies is
restarted for the calls after the one it died in. Whatever happens, every
call gets an outcome, and this process keeps going.

A catalog is tied to the source files the worker imported: when one of them
(or the ``pyproject.toml``) changes, the next :meth:`~PythonMissions.catalog`
starts a fresh worker, and its ``fingerprint`` (part of every cache key of a
Python call) changes, so no result computed with old code is ever reused.
"""
from __future__ import annotations

import ast
import atexit
import codecs
import hashlib
import importlib.metadata
import logging
import os
import re
import select
import selectors
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ContextManager, Mapping, Sequence

from scenario_core.orchestration.registry import CallError
from scenario_core.project.config import ProjectConfig, find_project

from . import wire as _wire
from .printed import HEAD, TAIL, BoundedLog
from .stacks import Stack, read_stack

__all__ = [
    "ENTRY_POINT_GROUP",
    "Catalog",
    "PythonCallable",
    "PythonCallError",
    "PythonMissions",
    "PythonParam",
    "PythonProjects",
    "SourceProblem",
    "UnsupportedHint",
    "end_worker",
    "registrations_in",
]

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "scenario_harness.missions"
#: The PYTHONHASHSEED of a worker: fixed, so that iterating a set gives the same order on every run.
DEFAULT_HASH_SEED = 0
#: How long a closed worker may take to end by itself (saving what it saves at exit) before it is killed.
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class PythonParam:
    name: str
    annotation: str  # as written; "" when there is none
    default: str | None  # repr of the default; None when the param is required

    @property
    def required(self) -> bool:
        return self.default is None

    def describe(self) -> str:
        """``qty: int = 1`` as a signature shows it."""
        text = self.name + (f": {self.annotation}" if self.annotation else "")
        return text + (f" = {self.default}" if self.default is not None else "")


@dataclass(frozen=True)
class UnsupportedHint:
    """A param whose type hint cannot be checked: which, its hint as written, and what to write instead."""

    param: str
    hint: str
    message: str


@dataclass(frozen=True)
class PythonCallable:
    """A registered mission or operation: where it is defined and what it takes."""

    kind: str  # "mission" or "operation"
    name: str
    qualname: str
    module: str
    file: str
    line: int  # 1-based, the ``def`` line
    doc: str
    signature: str
    params: tuple[PythonParam, ...]
    var_keyword: bool = False
    #: Params whose type hint cannot be checked against a YAML value (then it is never called), with why.
    unsupported: tuple[UnsupportedHint, ...] = ()

    @classmethod
    def from_wire(cls, info: _wire.CallableInfo) -> "PythonCallable":
        params = tuple(PythonParam(p["name"], p["annotation"], p["default"]) for p in info["params"])
        unsupported = tuple(UnsupportedHint(h["param"], h["hint"], h["message"]) for h in info.get("unsupported", []))
        return cls(
            info["kind"], info["name"], info["qualname"], info["module"], info["file"], info["line"],
            info["doc"], info["signature"], params, info["var_keyword"], unsupported,
        )

    def cannot_be_called(self) -> str | None:
        """Why it is never called (a param whose hint cannot be checked), else None."""
        if not self.unsupported:
            return None
        return "; ".join(f"param '{h.param}' {h.message}" for h in self.unsupported)

    def param(self, name: str) -> PythonParam | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class SourceProblem:
    """Why the project's missions could not all be loaded: at a module, a file and line (and column) when known.

    ``files`` are the project's files that importing ``module`` tried: the
    names they register would have been defined but for this problem.
    """

    module: str
    message: str
    file: str | None = None
    line: int | None = None
    traceback: str = ""
    column: int | None = None  # 1-based
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """What a project's Python code registers, as of ``fingerprint``.

    ``enabled`` is False when the project's code does not run: then the names
    come from reading the modules' source (nothing is imported or run), and
    calls of them do not run. ``reason`` says why: ``"off"`` (Python missions
    are turned off) or ``"untrusted"`` (the user has not trusted the project,
    whose folder is ``root``); both are ``""`` when ``enabled``.
    """

    def lost_mission(self, name: str) -> tuple[PythonCallable, SourceProblem] | None:
        """The mission a failed import would have registered as ``name``, and that failure."""
        return self.lost_missions.get(name) if name not in self.missions else None

    missions: Mapping[str, PythonCallable]
    operations: Mapping[str, PythonCallable]
    problems: tuple[SourceProblem, ...] = ()
    fingerprint: str = ""
    enabled: bool = True
    reason: str = ""
    root: str = ""
    #: Missions and operations that a module which failed to import would have registered (read from the
    #: source of the files it tried), with that failure: a call of one is not run, and not unknown.
    lost_missions: Mapping[str, tuple[PythonCallable, SourceProblem]] = field(default_factory=dict)
    lost_operations: Mapping[str, tuple[PythonCallable, SourceProblem]] = field(default_factory=dict)


class PythonCallError(CallError):
    """A Python call that gave no result; ``code`` is the finding's (mission_error, mission_timeout, ...).

    ``file`` and ``line`` are where the project's code was: the line that
    raised, or the innermost frame of the project's code when the worker was
    stopped or died (``function`` names it then, and ``traceback`` is that
    stack). ``cause`` is the id of the item that took the batch's one
    timeout, for a ``not_run`` error.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        function: str = "",
        traceback: str = "",
        output: str = "",
        errors: Sequence[Mapping[str, Any]] = (),
        cause: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.function = function
        self.traceback = traceback
        self.output = output
        self.errors = tuple(errors)  # the worker's, for invalid_params
        self.cause = cause

    @property
    def transient(self) -> bool:
        """Running the call again with the same code may give another outcome: it timed out or its worker died.

        What made it so may be gone (a file that made it wait, a busy
        machine): "Run scenario" and a save run such a call again; typing may
        reuse it.
        """
        return self.code in ("mission_timeout", "mission_crashed") or self.incomplete

    @property
    def incomplete(self) -> bool:
        """The call did not run at all (another call of its batch took the timeout): no check ever reuses it."""
        return self.code == "not_run" and self.cause is not None

#: How long after the timeout the core waits for the worker to end itself (its stack written) before killing it.
STACK_GRACE_S = 2.0


class _WorkerGone(Exception):
    """The worker died or stopped answering; ``reason`` says how, for a finding; ``stack`` is where its code was."""

    def __init__(self, code: str, reason: str, stack: Stack | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.stack = stack
        self.printed: tuple[str, ...] = ()  # the worker's last lines, for one that did not start
        self.where: _Where | None = None  # for one that did not describe the project


class _Worker:
    """One worker process, its pipes, and the tail of what it printed."""

    def __init__(self, command: Sequence[str], config: ProjectConfig, hash_seed: int, environment: Mapping[str, str] | None = None) -> None:
        answers_read, answers_write = os.pipe()
        stacks_read, stacks_write = os.pipe()
        env = {**os.environ, **(environment or {}), "PYTHONHASHSEED": str(hash_seed), "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
        self.config = config
        self.process = subprocess.Popen(
            [
                *command, "-m", "scenario_harness._worker",
                "--answers", str(answers_write),
                "--stacks", str(stacks_write),
                "--root", str(config.root),
                "--memory-mb", str(config.memory_limit_mb),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(answers_write, stacks_write),
            cwd=config.root,
            env=env,
        )
        os.close(answers_write)
        os.close(stacks_write)
        self._answers = answers_read
        self._stacks = stacks_read
        self._buffer = b""
        self._selector = selectors.DefaultSelector()
        self._selector.register(answers_read, selectors.EVENT_READ)
        self.ready: _wire.Ready | None = None  # its first message
        #: The last lines the worker printed (why it did not start, say).
        self.printed: deque[str] = deque(maxlen=40)
        #: What it prints goes to the log, bounded per call (see :meth:`next_call`). The worker bounds what a
        #: call prints already (so that passes whole); this bounds what escapes it (C code writing to the
        #: worker's own standard output, threads, import time).
        self.log = BoundedLog(self._to_log, head=HEAD + TAIL + 200, tail=TAIL)
        self._line_start = True
        self._forwarding = threading.Thread(target=self._forward, name="scenario-worker-output", daemon=True)
        self._forwarding.start()

    def _forward(self) -> None:
        """What the worker prints goes to this process's standard error (the server's log), bounded per call."""
        assert self.process.stdout is not None
        source = self.process.stdout.fileno()
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        while True:
            try:
                chunk = os.read(source, 1 << 16)
            except OSError:  # closed by kill()
                break
            text = decoder.decode(chunk, final=not chunk)
            if text:
                self.printed.extend(line[:500] for line in text.splitlines()[-40:])
                self.log.feed(text)
            if not chunk:
                break
        self.log.end_part()

    def next_call(self) -> None:
        """What the worker prints from now on is the next call's: the log ends the previous one's part."""
        self.log.end_part()

    def _to_log(self, text: str) -> None:
        prefix = f"[mission worker {self.process.pid}] "
        pieces = []
        for line in _LINES.findall(text):
            if self._line_start:
                pieces.append(prefix)
            pieces.append(line)
            self._line_start = line.endswith("\n")
        try:
            sys.stderr.write("".join(pieces))
        except (ValueError, OSError):  # our stderr is closed (at exit)
            pass

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(_wire.encode(message))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self.gone() from None

    def receive(self, deadline: float) -> dict[str, Any]:
        """The next answer; :class:`_WorkerGone` when it ends or ``deadline`` (monotonic) passes first."""
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self._selector.select(left):
                raise _WorkerGone("mission_timeout", "it did not end itself in time")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise self.gone()
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return _wire.decode(line)

    def gone(self, out_of_memory: bool = False) -> _WorkerGone:
        """How the worker ended (it has, or is about to): the reason, and the stack it wrote."""
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            status = self.process.returncode
        self._forwarding.join(timeout=1)
        ready = self.ready
        stack = read_stack(self._read_stacks(), ready["main_thread"] if ready is not None else None)
        if stack is not None and stack.timed_out:
            return _WorkerGone("mission_timeout", "timeout", stack)
        if out_of_memory:
            limit = self.config.memory_limit_mb
            reason = (
                f"the worker process ran out of memory (its limit is {limit:,} MB: memory_limit_mb in "
                "[tool.scenario] of pyproject.toml; raise it, or set 0 for no limit)"
            )
        elif status is not None and status < 0:
            try:
                name = signal.Signals(-status).name
            except ValueError:
                name = f"signal {-status}"
            fatal = stack.fatal_error if stack is not None else None
            reason = f"the worker process was killed by {name}" + (f" ({fatal})" if fatal else "")
        else:
            reason = f"the worker process exited with status {status}"
        return _WorkerGone("mission_crashed", reason, stack)

    def _read_stacks(self) -> str:
        """What the worker wrote on its stack pipe (it has ended: the pipe ends too)."""
        chunks = []
        while select.select([self._stacks], [], [], 0.5)[0]:
            try:
                chunk = os.read(self._stacks, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", "replace")

    def is_project_file(self, file: str) -> bool:
        """A file of the project's own code: in its folder, not an installed package, not ours."""
        if file.startswith("<") or self.is_ours(file):
            return False
        root = str(self.config.root.resolve())
        resolved = _resolved(file)
        return resolved.startswith(root + os.sep) and "site-packages" not in resolved and "dist-packages" not in resolved

    def is_ours(self, file: str) -> bool:
        """A file of the worker itself or of the import system: stacks shown to users leave its frames out."""
        ours = self.ready["ours"] if self.ready is not None else []
        return file.startswith("<frozen ") or (bool(ours) and _resolved(file).startswith(tuple(ours)))

    def stop(self) -> None:
        """End the worker as a process ends normally, its standard input closed, so that what it saves at exit is saved.

        A worker that has not ended after :data:`STOP_TIMEOUT_S` is killed.
        """
        if self.process.poll() is None and self.process.stdin is not None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def kill(self) -> None:
        self._selector.close()
        end_worker(self.process, (self._answers, self._stacks))


def end_worker(process: "subprocess.Popen[bytes]", fds: Sequence[int]) -> None:
    """Kill a worker ``process`` (if it still runs), wait for it, and close ``fds`` (our ends of its pipes) and its standard streams."""
    if process.poll() is None:
        process.kill()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process that survives SIGKILL
        pass
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
    for stream in (process.stdin, process.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


@dataclass(frozen=True)
class _Where:
    """Where the project's code was when its worker ended: the innermost frame of its own code, and the stack shown."""

    file: str | None = None
    line: int | None = None
    function: str = ""
    traceback: str = ""

    @classmethod
    def of(cls, worker: _Worker, gone: _WorkerGone, title: str) -> "_Where":
        if gone.stack is None:
            return cls()
        frame = gone.stack.innermost(worker.is_project_file)
        shown = gone.stack.text(worker.is_ours, title)
        if frame is None:
            return cls(traceback=shown)
        return cls(frame.file, frame.line, frame.function, shown)


#: A context manager entered around every wait on a worker (see :class:`PythonMissions`).
Waiting = Callable[[], ContextManager[object]]


class PythonMissions:
    """The Python missions of one project, served by a worker process (see the module doc).

    ``python`` is the command of the project's interpreter (this process's
    own by default). With ``enabled`` False (Python missions are off) or
    ``trusted`` False (the user has not trusted the project) nothing is
    imported or run: the catalog lists the names the modules' source
    registers, so that a call of one can say why it does not run instead of
    "unknown mission".

    One caller at a time talks to the worker; others wait their turn. Every
    such wait, and every wait for the worker's answers, happens inside
    ``waiting()``: a caller that holds a lock of its own while it checks (the
    language server does) releases it there, so that a mission that hangs
    until its timeout never holds up work that does not need the worker.
    """

    def __init__(
        self,
        config: ProjectConfig,
        *,
        python: Sequence[str] = (sys.executable,),
        enabled: bool = True,
        trusted: bool = True,
        hash_seed: int = DEFAULT_HASH_SEED,
        entry_points: bool = True,
        waiting: Waiting = nullcontext,
        environment: Mapping[str, str] | None = None,
    ) -> None:
        self.config = config
        self.environment = dict(environment or {})  # added to every worker's environment (coverage.py's measurement)
        self.python = tuple(python)
        self.enabled = enabled
        self.trusted = trusted
        self.hash_seed = hash_seed
        self.entry_points = entry_points
        self.waiting = waiting
        self._turn = threading.Lock()  # who talks to the worker
        self._describing = threading.Lock()  # who describes the project: the others wait for the catalog, not for the calls
        self._worker: _Worker | None = None
        self._catalog: Catalog | None = None
        self._stamps: dict[str, tuple[int, int] | None] = {}
        self.workers_started = 0

    # -- what the project registers ----------------------------------------------------------
    def catalog(self) -> Catalog:
        """What the project registers, described afresh when its code changed since the last time."""
        if self._catalog is not None and not self.changed():
            return self._catalog
        with self.waiting(), self._describing:
            if self._catalog is not None and not self.changed():  # described while this caller waited
                return self._catalog
            with self._turn:  # a new worker: the old one's calls end first
                self.close()
                if self.enabled and self.trusted:
                    self._catalog = self._describe()
                else:
                    self._catalog = _read_statically(self.config, "untrusted" if self.enabled else "off")
            return self._catalog

    def changed(self) -> bool:
        """True when a source file the catalog came from, or one its imports tried (or the pyproject.toml), changed since."""
        return any(_stamp(path) != stamp for path, stamp in self._stamps.items())

    def _describe(self) -> Catalog:
        try:
            worker, description = self._start()
        except _WorkerGone as gone:
            self._stamps = self._stamp_files([])
            problem = self._start_problem(gone)
            # What the modules would have registered is not unknown: its calls are not run, naming this problem.
            static = _read_statically(self.config, "")
            lost_missions = {name: (found, problem) for name, found in static.missions.items()}
            lost_operations = {name: (found, problem) for name, found in static.operations.items()}
            return Catalog({}, {}, (problem,), "", lost_missions=lost_missions, lost_operations=lost_operations)
        self._worker = worker
        problems = [
            SourceProblem(p["module"], p["message"], p["file"], p["line"], p["traceback"], p["column"], tuple(p["files"]))
            for p in description["problems"]
        ]
        self._stamps = self._stamp_files(description["files"])
        missions = {i["name"]: PythonCallable.from_wire(i) for i in description["missions"]}
        operations = {i["name"]: PythonCallable.from_wire(i) for i in description["operations"]}
        lost_missions, lost_operations = self._lost(problems, missions, operations)
        return Catalog(
            missions, operations, tuple(problems), self._fingerprint(description["files"]),
            lost_missions=lost_missions, lost_operations=lost_operations,
        )

    def _lost(
        self, problems: Sequence[SourceProblem], missions: Mapping[str, PythonCallable], operations: Mapping[str, PythonCallable]
    ) -> tuple[dict[str, tuple[PythonCallable, SourceProblem]], dict[str, tuple[PythonCallable, SourceProblem]]]:
        """What the modules that failed to import would have registered: the names in the source of the files they tried."""
        lost: tuple[dict[str, tuple[PythonCallable, SourceProblem]], dict[str, tuple[PythonCallable, SourceProblem]]] = ({}, {})
        for problem in problems:
            if not problem.module:
                continue
            files = {*problem.files, *(str(f) for f in _module_candidates(self.config.root, problem.module) if f.is_file())}
            for file in sorted(files):
                for found in registrations_in(Path(file), problem.module):
                    table, registered = (lost[0], missions) if found.kind == "mission" else (lost[1], operations)
                    if found.name not in registered:
                        table.setdefault(found.name, (found, problem))
        return lost

    def _start_problem(self, gone: _WorkerGone) -> SourceProblem:
        """Why no worker described the project (it did not start, or importing the modules did not end)."""
        modules = ", ".join(self.config.missions)
        if gone.code == "mission_timeout":
            message = f"importing the project's missions took longer than {self._describe_timeout():g} s and was stopped"
        else:
            said = next((line.strip() for line in reversed(gone.printed) if line.strip()), "")
            message = f"the mission worker ({' '.join(self.python)}) did not start: {gone.reason}" + (f": {said}" if said else "")
        where = gone.where or _Where()
        return SourceProblem(modules, message, where.file, where.line, where.traceback)

    def _start(self) -> tuple[_Worker, _wire.Description]:
        worker = _Worker(self.python, self.config, self.hash_seed, self.environment)
        self.workers_started += 1
        timeout = self._describe_timeout()
        deadline = time.monotonic() + timeout + STACK_GRACE_S
        try:
            ready = worker.receive(deadline)
            if "ready" not in ready:
                raise _WorkerGone("mission_crashed", f"unexpected first message {ready!r}")
            worker.ready = ready["ready"]
            worker.send({"describe": {"modules": list(self.config.missions), "entry_points": self.entry_points, "timeout": timeout}})
            answer = worker.receive(deadline)
            if "crash" in answer:
                raise worker.gone(out_of_memory=True)
        except _WorkerGone as gone:
            worker.kill()
            gone.printed = tuple(worker.printed)
            gone.where = _Where.of(worker, gone, "Where the import was when it was stopped")
            raise
        return worker, answer["described"]

    def _describe_timeout(self) -> float:
        return max(30.0, 3 * self.config.timeout_s)

    def _stamp_files(self, files: Sequence[str]) -> dict[str, tuple[int, int] | None]:
        # The modules' own files are watched even when they do not exist (yet): creating one is a change too.
        expected = [str(f) for module in self.config.missions for f in _module_candidates(self.config.root, module)]
        paths = [*files, *expected, *([str(self.config.pyproject)] if self.config.pyproject else [])]
        return {path: _stamp(path) for path in paths}

    def _fingerprint(self, files: Sequence[str]) -> str:
        digest = hashlib.sha256()
        digest.update(repr((self.python, self.hash_seed, self.config.missions, self.entry_points)).encode())
        for path in sorted(files):
            digest.update(path.encode() + b"\0")
            try:
                digest.update(Path(path).read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
        return digest.hexdigest()

    # -- running calls -------------------------------------------------------------------------
    def run(self, items: Sequence[_wire.Item]) -> dict[int, "_wire.Outcome | PythonCallError"]:
        """Each item's outcome, by id: one round trip to the worker, restarted when it dies.

        A worker that dies is restarted for the items after the one it died
        in. A batch waits for one timeout at most: the worker ends itself when
        an item runs past the project's timeout (writing where the code was),
        and the items after that one are not run (each gets a ``not_run``
        error naming it), so that a file whose calls all hang costs one
        timeout, not one per call.
        """
        with self.waiting(), self._turn:
            return self._run(items)

    def _run(self, items: Sequence[_wire.Item]) -> dict[int, "_wire.Outcome | PythonCallError"]:
        results: dict[int, _wire.Outcome | PythonCallError] = {}
        pending = list(items)
        while pending:
            worker = self._worker
            if worker is None:
                try:
                    worker, _ = self._start()
                except _WorkerGone as gone:
                    for item in pending:
                        results[item["id"]] = PythonCallError("mission_crashed", f"the mission worker did not start: {gone.reason}")
                    break
                self._worker = worker
            running: int | None = None
            try:
                worker.send({"run": {"items": pending, "timeout": self.config.timeout_s}})
                while True:
                    # The worker ends itself at the timeout; this deadline is for a worker that cannot.
                    message = worker.receive(time.monotonic() + self.config.timeout_s + STACK_GRACE_S)
                    if "start" in message:
                        running = message["start"]
                        worker.next_call()
                    elif "done" in message:
                        results[message["done"]] = message["outcome"]
                        running = None
                    elif "crash" in message:
                        raise worker.gone(out_of_memory=True)
                    elif "finished" in message:
                        break
                pending = []
            except _WorkerGone as gone:
                worker.kill()
                self._worker = None
                victim = running if running is not None else next(i["id"] for i in pending if i["id"] not in results)
                results[victim] = self._gone_error(worker, gone)
                pending = [i for i in pending if i["id"] not in results]
                if gone.code == "mission_timeout":
                    cause = next(i for i in items if i["id"] == victim)
                    results.update((i["id"], _not_run(cause, self.config.timeout_s)) for i in pending)
                    pending = []
        return results

    def _gone_error(self, worker: _Worker, gone: _WorkerGone) -> PythonCallError:
        if gone.code == "mission_timeout":
            where = _Where.of(worker, gone, "Where the call was when it was stopped")
            message = f"ran longer than {self.config.timeout_s:g} s (the project's timeout) and was stopped"
            return PythonCallError("mission_timeout", message, file=where.file, line=where.line, function=where.function, traceback=where.traceback)
        where = _Where.of(worker, gone, "Where the call was when the worker ended")
        return PythonCallError("mission_crashed", gone.reason, file=where.file, line=where.line, function=where.function, traceback=where.traceback)

    def close(self) -> None:
        """Stop the worker (a new one starts on the next need).

        A measured worker (coverage.py's, by its ``environment``) is let end
        normally, to save its data; any other is killed at once, so that
        closing never waits on users' code that hangs.
        """
        if self._worker is not None:
            if self.environment:
                self._worker.stop()
            else:
                self._worker.kill()
            self._worker = None


def _not_run(cause: _wire.Item, timeout: float) -> PythonCallError:
    """The error of an item a batch did not run, because ``cause`` took the batch's one timeout."""
    if cause.get("kind") == "validate":
        what = f"checking the arguments of operation '{cause.get('name')}'"
    else:
        name = cause.get("name") or cause.get("workflow", {}).get("id", "?")
        context = cause.get("context")
        what = f"mission '{name}'" + (f" in scenario '{context['scenario']}'" if context else "")
    message = f"{what} ran longer than {timeout:g} s first, and a check waits for one timeout at most; this runs on the next check"
    return PythonCallError("not_run", message, cause=cause["id"])


def _resolved(file: str) -> str:
    try:
        return str(Path(file).resolve())
    except (OSError, RuntimeError):
        return file


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _read_statically(config: ProjectConfig, reason: str) -> Catalog:
    """The names the project's modules register, read from their source (nothing is imported); ``reason``: see Catalog."""
    missions: dict[str, PythonCallable] = {}
    operations: dict[str, PythonCallable] = {}
    for module in config.missions:
        file = _module_file(config.root, module)
        if file is not None:
            for found in registrations_in(file, module):
                (missions if found.kind == "mission" else operations)[found.name] = found
    return Catalog(missions, operations, (), "", enabled=False, reason=reason, root=str(config.root))


def registrations_in(file: Path, module: str = "") -> list[PythonCallable]:
    """What ``file`` registers with ``@mission`` and ``@operation``, read from its source (nothing is imported).

    A file that does not parse (a syntax error) is read line by line: a
    decorator, then the next ``def``.
    """
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return _registrations_by_line(source, str(file), module)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                kind, name = _registration(decorator, node.name)
                if kind is not None:
                    found.append(PythonCallable(kind, name, node.name, module, str(file), node.lineno, ast.get_docstring(node) or "", "", ()))
    return found


_DECORATOR = re.compile(r"""^\s*@(?:[\w.]*\.)?(mission|operation)\b(?:\(\s*["']([^"']+)["'])?""")
_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)")


def _registrations_by_line(source: str, file: str, module: str) -> list[PythonCallable]:
    found = []
    pending: list[tuple[str, str | None]] = []  # the decorators above the next def
    for number, line in enumerate(source.splitlines(), 1):
        decorator = _DECORATOR.match(line)
        if decorator is not None:
            pending.append((decorator.group(1), decorator.group(2)))
            continue
        definition = _DEF.match(line)
        if definition is not None:
            function = definition.group(1)
            found += [PythonCallable(kind, name or function, function, module, file, number, "", "", ()) for kind, name in pending]
            pending = []
    return found


def _module_file(root: Path, module: str) -> Path | None:
    return next((candidate for candidate in _module_candidates(root, module) if candidate.is_file()), None)


def _module_candidates(root: Path, module: str) -> tuple[Path, Path]:
    """The files that make ``module`` in the project's folder: ``a/b.py`` or ``a/b/__init__.py``."""
    base = root.joinpath(*module.split("."))
    return base.with_suffix(".py"), base / "__init__.py"


def _registration(decorator: ast.expr, function: str) -> tuple[str | None, str]:
    """``("mission", name)`` for ``@mission``, ``@mission("name")``, ``@scenario_harness.operation``, ..."""
    call_args: list[ast.expr] = []
    if isinstance(decorator, ast.Call):
        call_args, decorator = decorator.args, decorator.func
    kind = decorator.id if isinstance(decorator, ast.Name) else decorator.attr if isinstance(decorator, ast.Attribute) else None
    if kind not in ("mission", "operation"):
        return None, function
    if call_args and isinstance(call_args[0], ast.Constant) and isinstance(call_args[0].value, str):
        return kind, call_args[0].value
    return kind, function


class PythonProjects:
    """The Python missions of every project a caller meets, by project folder (one worker each).

    ``python`` and ``enabled`` are the caller's settings (the language
    server's ``python`` and ``pythonMissions``); ``worker_environment`` gives
    what a project's workers need in their environment beyond this process's
    own (coverage.py's measurement, see :mod:`scenario_core.coverage`). A project with no modules in
    ``[tool.scenario]`` and no installed entry points has no Python missions:
    :meth:`for_file` gives None and no worker ever starts for it.

    ``trusted(config)`` says whether the user allows the project's code to
    run; it is asked (on the caller's thread) each time a file of a project
    with Python missions is checked while they are on, so an answer that
    changes takes effect at the next check. An untrusted project's code is
    never imported: its catalog is read from the source, as with
    ``enabled`` False. The default trusts every project: ``scenario run``
    and the pytest plugin run the project's code as pytest runs
    ``conftest.py``, because the user ran them; the language server asks.
    """

    def __init__(
        self,
        *,
        python: Sequence[str] = (sys.executable,),
        enabled: bool = True,
        hash_seed: int = DEFAULT_HASH_SEED,
        waiting: Waiting = nullcontext,
        trusted: Callable[[ProjectConfig], bool] = lambda config: True,
        worker_environment: Callable[[ProjectConfig], Mapping[str, str]] | None = None,
    ) -> None:
        self.python = tuple(python)
        self.enabled = enabled
        self.hash_seed = hash_seed
        self.waiting = waiting
        self.trusted = trusted
        self.worker_environment = worker_environment
        self._projects: dict[Path, PythonMissions | None] = {}
        self._configs: dict[Path, ProjectConfig] = {}
        self._entry_points: bool | None = None
        _ALL.add(self)

    def for_file(self, path: Path) -> PythonMissions | None:
        config = find_project(path)
        known = self._configs.get(config.root)
        previous = self._projects.get(config.root)
        if known is not None and known == config:  # its findings are the pyproject.toml's, not the missions'
            if previous is None or previous.trusted == self._trusts(config):
                return previous
        if previous is not None:
            previous.close()
        has_entry_points = self.has_entry_points()
        missions = None
        if config.missions or has_entry_points:
            environment = self.worker_environment(config) if self.worker_environment is not None and self.enabled else None
            missions = PythonMissions(
                config, python=self.python, enabled=self.enabled, trusted=self._trusts(config),
                hash_seed=self.hash_seed, entry_points=has_entry_points, waiting=self.waiting, environment=environment,
            )
        self._configs[config.root] = config
        self._projects[config.root] = missions
        return missions

    def _trusts(self, config: ProjectConfig) -> bool:
        """Whether ``config``'s code may run; not asked while Python missions are off (nothing runs anyway)."""
        return not self.enabled or self.trusted(config)

    def has_entry_points(self) -> bool:
        """True when the interpreter has packages that contribute missions through the entry-point group."""
        if self._entry_points is None:
            if self.python == (sys.executable,):
                self._entry_points = bool(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
            else:
                probe = "import importlib.metadata as m; print(len(m.entry_points(group=%r)))" % ENTRY_POINT_GROUP
                try:
                    # -P: the working directory (perhaps a project nobody trusted yet) is not put on sys.path,
                    # so the standard modules the probe imports cannot come from it.
                    with self.waiting():
                        out = subprocess.run([*self.python, "-P", "-c", probe], capture_output=True, text=True, timeout=30)
                    self._entry_points = out.returncode == 0 and out.stdout.strip() not in ("", "0")
                except (OSError, subprocess.SubprocessError):
                    self._entry_points = False
        return self._entry_points

    def active(self) -> list[PythonMissions]:
        return [m for m in self._projects.values() if m is not None]

    def close(self) -> None:
        for missions in self.active():
            missions.close()


_LINES = re.compile(r"[^\n]*\n|[^\n]+")

_ALL: "weakref.WeakSet[PythonProjects]" = weakref.WeakSet()


@atexit.register
def _stop_workers() -> None:  # a worker also stops by itself when it sees its parent gone
    for projects in list(_ALL):
        projects.close()
