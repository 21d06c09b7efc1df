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
import hashlib
import importlib.metadata
import logging
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ContextManager, Mapping, Sequence

from scenario_core.orchestration.registry import CallError
from scenario_core.project.config import ProjectConfig, find_project

from . import wire as _wire

__all__ = [
    "ENTRY_POINT_GROUP",
    "Catalog",
    "PythonCallable",
    "PythonCallError",
    "PythonMissions",
    "PythonParam",
    "PythonProjects",
    "SourceProblem",
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

    @classmethod
    def from_wire(cls, info: _wire.CallableInfo) -> "PythonCallable":
        params = tuple(PythonParam(p["name"], p["annotation"], p["default"]) for p in info["params"])
        return cls(
            info["kind"], info["name"], info["qualname"], info["module"], info["file"], info["line"],
            info["doc"], info["signature"], params, info["var_keyword"],
        )

    def param(self, name: str) -> PythonParam | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class SourceProblem:
    """Why the project's missions could not all be loaded: at a module, a file and line when known."""

    module: str
    message: str
    file: str | None = None
    line: int | None = None
    traceback: str = ""


@dataclass(frozen=True)
class Catalog:
    """What a project's Python code registers, as of ``fingerprint``.

    ``enabled`` is False when Python missions are turned off: then the names
    come from reading the modules' source (nothing is imported or run), and
    calls of them do not run.
    """

    missions: Mapping[str, PythonCallable]
    operations: Mapping[str, PythonCallable]
    problems: tuple[SourceProblem, ...] = ()
    fingerprint: str = ""
    enabled: bool = True


class PythonCallError(CallError):
    """A Python call that gave no result; ``code`` is the finding's (mission_error, mission_timeout, ...)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        traceback: str = "",
        output: str = "",
        errors: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.traceback = traceback
        self.output = output
        self.errors = tuple(errors)  # pydantic's, for invalid_params


#: What a run gives each item: the worker's outcome, or the error that took its place.
ItemResult = "_wire.Outcome | PythonCallError"


class _WorkerGone(Exception):
    """The worker died or stopped answering; ``reason`` says how, for a finding."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class _Worker:
    """One worker process, its pipes, and the tail of what it printed."""

    def __init__(self, command: Sequence[str], config: ProjectConfig, hash_seed: int, environment: Mapping[str, str] | None = None) -> None:
        answers_read, answers_write = os.pipe()
        env = {**os.environ, **(environment or {}), "PYTHONHASHSEED": str(hash_seed), "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
        self.process = subprocess.Popen(
            [
                *command, "-m", "scenario_harness._worker",
                "--answers", str(answers_write),
                "--root", str(config.root),
                "--memory-mb", str(config.memory_limit_mb),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(answers_write,),
            cwd=config.root,
            env=env,
        )
        os.close(answers_write)
        self._answers = answers_read
        self._buffer = b""
        self._selector = selectors.DefaultSelector()
        self._selector.register(answers_read, selectors.EVENT_READ)
        self.printed: deque[str] = deque(maxlen=40)
        self._forwarding = threading.Thread(target=self._forward, name="scenario-worker-output", daemon=True)
        self._forwarding.start()

    def _forward(self) -> None:
        """What the worker prints goes to this process's standard error (the server's log)."""
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace")
            self.printed.append(line.rstrip("\n"))
            try:
                sys.stderr.write(f"[mission worker {self.process.pid}] {line}")
            except (ValueError, OSError):  # our stderr is closed (at exit)
                pass

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(_wire.encode(message))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._gone() from None

    def receive(self, deadline: float) -> dict[str, Any]:
        """The next answer; :class:`_WorkerGone` when it dies or ``deadline`` (monotonic) passes first."""
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self._selector.select(left):
                raise _WorkerGone("mission_timeout", "timeout")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise self._gone()
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return _wire.decode(line)

    def _gone(self) -> _WorkerGone:
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            status = self.process.returncode
        self._forwarding.join(timeout=1)
        if status is not None and status < 0:
            try:
                name = signal.Signals(-status).name
            except ValueError:
                name = f"signal {-status}"
            reason = f"the worker process was killed by {name}"
        else:
            reason = f"the worker process exited with status {status}"
        fatal = next((line.strip() for line in self.printed if line.startswith("Fatal Python error")), None)
        return _WorkerGone("mission_crashed", reason + (f" ({fatal})" if fatal else ""))

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
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that survives SIGKILL
            pass
        self._selector.close()
        try:
            os.close(self._answers)
        except OSError:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


#: A context manager entered around every wait on a worker (see :class:`PythonMissions`).
Waiting = Callable[[], ContextManager[object]]


class PythonMissions:
    """The Python missions of one project, served by a worker process (see the module doc).

    ``python`` is the command of the project's interpreter (this process's
    own by default). With ``enabled`` False nothing is imported or run: the
    catalog lists the names the modules' source registers, so that a call of
    one can say Python missions are off instead of "unknown mission".

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
        hash_seed: int = DEFAULT_HASH_SEED,
        entry_points: bool = True,
        waiting: Waiting = nullcontext,
        environment: Mapping[str, str] | None = None,
    ) -> None:
        self.config = config
        self.environment = dict(environment or {})  # added to every worker's environment (coverage.py's measurement)
        self.python = tuple(python)
        self.enabled = enabled
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
                self._catalog = self._describe() if self.enabled else _read_statically(self.config)
            return self._catalog

    def changed(self) -> bool:
        """True when a source file the catalog came from (or the pyproject.toml) changed since."""
        return any(_stamp(path) != stamp for path, stamp in self._stamps.items())

    def _describe(self) -> Catalog:
        problems = [SourceProblem("", p) for p in self.config.problems]
        try:
            worker, description = self._start()
        except _WorkerGone as gone:
            message = (
                f"the mission worker ({' '.join(self.python)}) did not start: {gone.reason}"
                if gone.code == "mission_crashed"
                else f"importing the project's missions took longer than {self._describe_timeout():g} s"
            )
            self._stamps = self._stamp_files([])
            return Catalog({}, {}, (*problems, SourceProblem(", ".join(self.config.missions), message)), "")
        self._worker = worker
        problems += [SourceProblem(p["module"], p["message"], p["file"], p["line"], p["traceback"]) for p in description["problems"]]
        self._stamps = self._stamp_files(description["files"])
        missions = {i["name"]: PythonCallable.from_wire(i) for i in description["missions"]}
        operations = {i["name"]: PythonCallable.from_wire(i) for i in description["operations"]}
        return Catalog(missions, operations, tuple(problems), self._fingerprint(description["files"]))

    def _start(self) -> tuple[_Worker, _wire.Description]:
        worker = _Worker(self.python, self.config, self.hash_seed, self.environment)
        self.workers_started += 1
        deadline = time.monotonic() + self._describe_timeout()
        try:
            ready = worker.receive(deadline)
            if "ready" not in ready:
                raise _WorkerGone("mission_crashed", f"unexpected first message {ready!r}")
            worker.send({"describe": {"modules": list(self.config.missions), "entry_points": self.entry_points}})
            answer = worker.receive(deadline)
        except _WorkerGone:
            worker.kill()
            raise
        return worker, answer["described"]

    def _describe_timeout(self) -> float:
        return max(30.0, 3 * self.config.timeout_s)

    def _stamp_files(self, files: Sequence[str]) -> dict[str, tuple[int, int] | None]:
        paths = [*files, *([str(self.config.pyproject)] if self.config.pyproject else [])]
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
        """Each item's outcome, by id: one round trip to the worker, restarted as often as needed."""
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
                worker.send({"run": {"items": pending}})
                while True:
                    message = worker.receive(time.monotonic() + self.config.timeout_s)
                    if "start" in message:
                        running = message["start"]
                        worker.printed.clear()  # what the worker prints from here on is this item's
                    elif "done" in message:
                        results[message["done"]] = message["outcome"]
                        running = None
                    elif "crash" in message:
                        raise _WorkerGone("mission_crashed", f"the worker process ran out of memory (its limit is {self.config.memory_limit_mb:,} MB)")
                    elif "finished" in message:
                        break
                pending = []
            except _WorkerGone as gone:
                worker.kill()
                self._worker = None
                victim = running if running is not None else next(i["id"] for i in pending if i["id"] not in results)
                results[victim] = self._gone_error(gone)
                pending = [i for i in pending if i["id"] not in results]
        return results

    def _gone_error(self, gone: _WorkerGone) -> PythonCallError:
        if gone.code == "mission_timeout":
            return PythonCallError("mission_timeout", f"ran longer than {self.config.timeout_s:g} s (the project's timeout); its worker was stopped")
        return PythonCallError("mission_crashed", gone.reason)

    def close(self) -> None:
        """Stop the worker, letting it end normally (a new one starts on the next need)."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _read_statically(config: ProjectConfig) -> Catalog:
    """The names the project's modules register, read from their source (nothing is imported)."""
    missions: dict[str, PythonCallable] = {}
    operations: dict[str, PythonCallable] = {}
    for module in config.missions:
        file = _module_file(config.root, module)
        if file is None:
            continue
        try:
            tree = ast.parse(file.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    kind, name = _registration(decorator, node.name)
                    if kind is not None:
                        table = missions if kind == "mission" else operations
                        table[name] = PythonCallable(kind, name, node.name, module, str(file), node.lineno, ast.get_docstring(node) or "", "", ())
    return Catalog(missions, operations, (), "", enabled=False)


def _module_file(root: Path, module: str) -> Path | None:
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


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
    """

    def __init__(
        self,
        *,
        python: Sequence[str] = (sys.executable,),
        enabled: bool = True,
        hash_seed: int = DEFAULT_HASH_SEED,
        waiting: Waiting = nullcontext,
        worker_environment: Callable[[ProjectConfig], Mapping[str, str]] | None = None,
    ) -> None:
        self.python = tuple(python)
        self.enabled = enabled
        self.hash_seed = hash_seed
        self.waiting = waiting
        self.worker_environment = worker_environment
        self._projects: dict[Path, PythonMissions | None] = {}
        self._configs: dict[Path, ProjectConfig] = {}
        self._entry_points: bool | None = None
        _ALL.add(self)

    def for_file(self, path: Path) -> PythonMissions | None:
        config = find_project(path)
        known = self._configs.get(config.root)
        if known is not None and known == config and known.problems == config.problems:
            return self._projects[config.root]
        previous = self._projects.get(config.root)
        if previous is not None:
            previous.close()
        has_entry_points = self.has_entry_points()
        missions = None
        if config.missions or config.problems or has_entry_points:
            environment = self.worker_environment(config) if self.worker_environment is not None and self.enabled else None
            missions = PythonMissions(
                config, python=self.python, enabled=self.enabled, hash_seed=self.hash_seed, entry_points=has_entry_points, waiting=self.waiting,
                environment=environment,
            )
        self._configs[config.root] = config
        self._projects[config.root] = missions
        return missions

    def has_entry_points(self) -> bool:
        """True when the interpreter has packages that contribute missions through the entry-point group."""
        if self._entry_points is None:
            if self.python == (sys.executable,):
                self._entry_points = bool(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))
            else:
                probe = "import importlib.metadata as m; print(len(m.entry_points(group=%r)))" % ENTRY_POINT_GROUP
                try:
                    with self.waiting():
                        out = subprocess.run([*self.python, "-c", probe], capture_output=True, text=True, timeout=30)
                    self._entry_points = out.returncode == 0 and out.stdout.strip() not in ("", "0")
                except (OSError, subprocess.SubprocessError):
                    self._entry_points = False
        return self._entry_points

    def active(self) -> list[PythonMissions]:
        return [m for m in self._projects.values() if m is not None]

    def close(self) -> None:
        for missions in self.active():
            missions.close()


_ALL: "weakref.WeakSet[PythonProjects]" = weakref.WeakSet()


@atexit.register
def _stop_workers() -> None:  # a worker also stops by itself when it sees its parent gone
    for projects in list(_ALL):
        projects.close()
