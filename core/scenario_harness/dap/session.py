"""One debug session: the client's requests, the run's places and pydevd's events, handled on one thread.

Every piece of the session's state is read and changed here only, on the
thread that takes :meth:`Session.handle`'s events one at a time from the
inbox: the client's messages, pydevd's, and the runner's (a place to decide,
places passed, the worker's output, the end). Nothing here reads or writes a
stream: messages to the client go to ``send``; requests to pydevd go
through its link; the runner gets its replies through the queue it waits on.

The client sees one thread, the scenario run. Stopped at a YAML place, the
session answers everything itself (:mod:`.views`); stopped in Python, it
forwards to pydevd what concerns pydevd's frames and variables (numbers
below :data:`~.views.YAML_BASE`) and puts the YAML frames of the step that
runs the Python code under pydevd's frames.

Stepping: ``next`` goes to the next place no deeper than this one (from a
step, the next step), ``stepOut`` to the next shallower one, ``stepIn``
into the Python code a step runs (a Python operation, or a Python mission
at its call) when there is any, else to the very next place. In Python,
pydevd steps; a step out of the outermost Python frame, or a step that
leaves the Python code, stops at the next YAML place. ``stepBack`` and
``reverseContinue`` run the current call again, quietly, up to an earlier
place (:mod:`.runner`); they never reach pydevd, which does not know them.
"""
from __future__ import annotations

import os
import queue
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from scenario_core.project.config import find_project
from scenario_core.python.missions import PythonProjects

from .breakpoints import Breakpoints, PythonBreakpoint, YamlBreakpoint, kind_of_source, log_message
from .conditions import PathNotFound
from .driver import RunningTime, RunOptions, WorkerProcess, default_python
from .pydevd import Listener, PydevdLink
from .stops import Go, Place, PlaceKey, Reply, Rewind, Stops, Terminate
from .token import new_token
from .views import YAML_BASE, Views, error_details, shown
from .wire import Message, Peer

if TYPE_CHECKING:
    from . import protocol as dap  # the types only: the generated module takes a fiftieth of a second to import
    from .plan import Layout, Plan
    from .runner import Runner

__all__ = ["FILTERS", "THREAD_ID", "Session"]

THREAD_ID = 1
FILTERS: "list[dap.ExceptionBreakpointsFilter]" = [
    {"filter": "failed_step", "label": "Failed steps", "default": False, "description": "Stop after a runtime step that fails"},
    {
        "filter": "mission_error",
        "label": "Mission errors",
        "default": True,
        "description": "Stop at a mission call that gave no result (its Python code raised, say)",
    },
    {"filter": "failed_expectation", "label": "Failed expectations", "default": False, "description": "Stop at an expectation that fails"},
]
CAPABILITIES: "dap.Capabilities" = {
    "supportsConfigurationDoneRequest": True,
    "supportsConditionalBreakpoints": True,
    "supportsHitConditionalBreakpoints": True,
    "supportsLogPoints": True,
    "supportsStepBack": True,
    "supportsEvaluateForHovers": True,
    "supportsExceptionInfoRequest": True,
    "supportsTerminateRequest": True,
    "supportsSetVariable": False,  # a changed value would change the verdict
    "exceptionBreakpointFilters": FILTERS,
}
#: How long a pause waits for the next YAML place before asking pydevd to pause the Python code instead.
PAUSE_IN_PYTHON_AFTER_S = 0.1


class LaunchError(Exception):
    """The launch arguments cannot start a run; the message says what to fix."""


class Session:
    """The state of one debug session (see the module doc)."""

    def __init__(self, send: Callable[[Message], None], inbox: "queue.Queue[tuple[Any, ...]]") -> None:
        self._send = send
        self.inbox = inbox
        self.peer = Peer()
        self.configured = threading.Event()
        self.running_time = RunningTime()
        self.breakpoints = Breakpoints()
        self.views = Views()
        self.filters = {f["filter"] for f in FILTERS if f.get("default")}
        self._stops = Stops()
        self.phase = "idle"  # idle | running | stopped_yaml | stopped_python | done | ended
        self.runner: Runner | None = None
        self.layout: Layout | None = None
        self.plan: Plan | None = None
        self.has_python = False
        self.no_python_reason: str | None = None  # why Python breakpoints cannot be hit
        self.stop_on_entry = False
        # the run
        self.history: dict[PlaceKey, Place] = {}
        self.latest: Place | None = None  # the last place the run reached (a Python stop is in its step)
        self.current: Place | None = None  # where the run is stopped
        self.waiting: "queue.Queue[Reply] | None" = None  # the runner's, while stopped at a YAML place
        self.step_mode: tuple[str, int] | None = None  # (next | in | out | any, depth it started at)
        self.target: PlaceKey | None = None  # a step back runs quietly to here
        self.rewind: Rewind | None = None  # a step back asked while stopped in Python, for the runner
        self.pause_requested = False
        self.evaluated_in_console = False
        # pydevd
        self.pydevd: PydevdLink | None = None
        self.pydevd_ready = False
        self.pydevd_thread: int | None = None
        self.python_frames = 0  # the project's frames in the last Python stack shown
        self.step_in_file: str | None = None  # the file whose breakpoints carry stepIn's temporary one
        self.step_in_line: int | None = None
        self.python_step_pending = False  # pydevd steps; a YAML place that comes first ends the step
        self.python_step_stale = False  # that step's stop will still come from pydevd: go on from it
        self.exited = False
        self.launched_at: float | None = None
        self.first_stop_at: float | None = None

    # -- the runner's side (any thread) ----------------------------------------------------------
    @property
    def stops(self) -> Stops:
        return self._stops

    def ask(self, place: Place) -> Reply:
        answer: "queue.Queue[Reply]" = queue.Queue()
        self.inbox.put(("place", place, answer))
        return answer.get()

    def passed(self, places: list[Place]) -> None:
        self.inbox.put(("passed", places))

    def rewind_asked(self) -> Rewind | None:
        answer: "queue.Queue[Rewind | None]" = queue.Queue()
        self.inbox.put(("take_rewind", answer))
        return answer.get()

    def post(self, kind: str, *details: Any) -> None:
        self.inbox.put((kind, *details))

    # -- events ----------------------------------------------------------------------------------
    def handle(self, event: tuple[Any, ...]) -> bool:
        """Handle one event of the inbox; False once the session is over (the adapter exits)."""
        kind = event[0]
        if kind == "client":
            return self.on_client(event[1])
        if kind == "client_closed":
            self.end()
            return False
        if kind == "place":
            self.on_place(event[1], event[2])
        elif kind == "passed":
            for place in event[1]:
                self._reached(place)
        elif kind == "take_rewind":
            rewind, self.rewind = self.rewind, None
            event[1].put(rewind)
        elif kind == "pydevd":
            self.on_pydevd_connected(event[1])
        elif kind == "pydevd_message":
            if event[1] is self.pydevd:  # a message of a link that is no more (a worker started again) is dropped
                self.on_pydevd(event[2])
        elif kind == "debugger":
            self.on_debugger(event[1])
        elif kind == "planned":
            self.plan = event[1]
        elif kind == "output":
            self.send_event("output", {"category": event[1], "output": event[2]})
        elif kind == "finished":
            self.on_finished(event[1])
        elif kind == "pause_in_python":
            self.on_pause_timer()
        return True

    def send(self, message: Message) -> None:
        self._send(message)

    def send_event(self, name: str, body: Any = None) -> None:
        self._send(self.peer.event(name, body))

    def reply(self, request: Message, body: Any = None) -> None:
        self._send(self.peer.response(request, body))

    def fail(self, request: Message, text: str) -> None:
        self._send(self.peer.error(request, text))

    # -- requests --------------------------------------------------------------------------------
    def on_client(self, message: Message) -> bool:
        if message.get("type") != "request":
            return True
        command = message["command"]
        handler: Callable[[Message], bool | None] | None = getattr(self, f"on_{command}", None)
        if handler is None:
            self.fail(message, f"scenario-dap does not support the request '{command}'")
            return True
        try:
            return handler(message) is not False
        except LaunchError as error:
            self.fail(message, str(error))
            return True

    def on_initialize(self, request: Message) -> None:
        self.reply(request, CAPABILITIES)
        self.send_event("initialized")

    def on_launch(self, request: Message) -> None:
        self.launched_at = time.perf_counter()
        arguments = request.get("arguments") or {}
        program = _program(arguments)
        python = _python(arguments)
        config = find_project(program)
        self.has_python = PythonProjects(python=python).for_file(program) is not None
        if not self.has_python:
            self.no_python_reason = (
                f"no Python code runs for {program.name}: its project ({config.root}) names no modules in "
                "[tool.scenario] missions, and no installed package contributes missions"
            )
            self._python_breakpoints_unverifiable()
        self.stop_on_entry = bool(arguments.get("stopOnEntry"))
        try:
            text = program.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise LaunchError(f"cannot read {program}: {error}") from None
        only = arguments.get("scenario") or None
        if only is not None and not isinstance(only, str):
            raise LaunchError('"scenario" is the name of one scenario of the file (leave it out to run them all)')
        options = RunOptions(program, text, config, tuple(python), self.has_python, only)
        # The worker starts first: it is the longest part of a launch, and runs on the other core meanwhile.
        listener, token = (Listener(), new_token()) if self.has_python else (None, "")
        worker = None
        if listener is not None:
            worker = WorkerProcess(options, port=listener.port, token=token, output=lambda text: self.post("output", "stdout", text))
        # Imported now, not with this module: the check pipeline takes a fifth of a second to load, while the worker starts.
        from .plan import layout
        from .runner import Runner

        self.runner = Runner(self, options, worker, listener, token)
        if worker is not None and listener is not None:
            self.runner.milestones["worker_spawned"] = worker.started_at
            threading.Thread(target=self._accept, args=(listener,), name="scenario-dap listener", daemon=True).start()
        self.runner.start()
        self.layout = layout(program, text)
        names = [scenario.name for scenario in self.layout.report.document.scenarios]
        if only is not None and only not in names:
            self.end()
            raise LaunchError(f"{program.name} has no scenario named '{only}'; its scenarios are {', '.join(names) or 'none'}")
        self.runner.layout = self.layout
        self.runner.layout_ready.set()
        for breakpoint in self.breakpoints.verify_yaml(self.layout.places):
            self.send_event("breakpoint", {"reason": "changed", "breakpoint": breakpoint.shown()})
        self.phase = "running"
        self._update_stops()
        self.reply(request)

    def on_attach(self, request: Message) -> None:
        self.fail(request, "scenario-dap launches a scenario file: use \"request\": \"launch\" with \"program\"")

    def on_setBreakpoints(self, request: Message) -> None:
        arguments = request["arguments"]
        path = str(Path(arguments["source"]["path"]).resolve())
        requested = arguments.get("breakpoints") or [{"line": line} for line in arguments.get("lines", [])]
        kind = kind_of_source(path)
        if kind == "yaml":
            found_yaml = self.breakpoints.set_yaml(path, requested, self.layout.places if self.layout is not None else None)
            self._update_stops()
            self.reply(request, {"breakpoints": [b.shown() for b in found_yaml]})
        elif kind == "python":
            found = self.breakpoints.set_python(path, requested)
            self._update_stops()
            if self.pydevd_ready and self.pydevd is not None:
                self._send_python_breakpoints(path, lambda mine: self.reply(request, {"breakpoints": [b.shown() for b in mine]}))
                return
            why = self.no_python_reason or "not verified yet: the mission worker is starting"
            for breakpoint in found:
                breakpoint.message = why
            self.reply(request, {"breakpoints": [b.shown() for b in found]})
        else:
            self.reply(request, {"breakpoints": [{"verified": False, "line": b["line"], "message": "scenario-dap stops in scenario files, mission libraries and Python files"} for b in requested]})

    def on_setExceptionBreakpoints(self, request: Message) -> None:
        known = {f["filter"] for f in FILTERS}
        asked = list((request.get("arguments") or {}).get("filters", []))
        self.filters = {f for f in asked if f in known}
        self._update_stops()
        self.reply(request, {"breakpoints": [{"verified": f in known} for f in asked]})

    def on_configurationDone(self, request: Message) -> None:
        self.reply(request)
        self.configured.set()
        if self.pydevd is not None and not self.pydevd_ready:
            self._handshake()

    def on_threads(self, request: Message) -> None:
        self.reply(request, {"threads": [{"id": THREAD_ID, "name": "scenario run"}]})

    def on_stackTrace(self, request: Message) -> None:
        arguments = request.get("arguments") or {}
        if self.phase == "stopped_yaml" and self.current is not None:
            self.reply(request, _page(self.views.stack(self.current), arguments))
        elif self.phase == "stopped_python" and self.pydevd is not None:
            yaml_frames = self.views.stack(self.latest) if self.latest is not None else []

            def merge(answer: Message) -> None:
                python = [f for f in answer.get("body", {}).get("stackFrames", []) if not _ours_frame(f)]
                self.python_frames = len(python)
                self.reply(request, _page(python + yaml_frames, arguments))

            self.pydevd.request("stackTrace", {"threadId": self.pydevd_thread, "startFrame": 0, "levels": 0}, merge)
        else:
            self.fail(request, "the run is not stopped")

    def on_scopes(self, request: Message) -> None:
        frame_id = request["arguments"]["frameId"]
        if frame_id < YAML_BASE:
            self._forward(request)
        elif frame_id in self.views.frames:
            self.reply(request, {"scopes": self.views.scopes(frame_id)})
        else:
            self.fail(request, "that frame is gone: the run went on")

    def on_variables(self, request: Message) -> None:
        arguments = request["arguments"]
        reference = arguments["variablesReference"]
        if reference == 0:
            self.reply(request, {"variables": []})
        elif reference < YAML_BASE:
            self._forward(request)
        else:
            self.reply(request, {"variables": self.views.variables(reference, arguments.get("start", 0), arguments.get("count", 0))})

    def on_evaluate(self, request: Message) -> None:
        arguments = request["arguments"]
        frame_id = arguments.get("frameId")
        if self.phase == "stopped_python" and (frame_id is None or frame_id < YAML_BASE):
            if arguments.get("context") == "repl":
                self.evaluated_in_console = True
            self._forward(request)
            return
        place = self.current if self.phase == "stopped_yaml" else self.latest
        if place is None or self.phase not in ("stopped_yaml", "stopped_python"):
            self.fail(request, "the run is not stopped")
            return
        roots = self.views.roots(frame_id, place)
        try:
            value, path = self.views.evaluate(arguments["expression"], roots, arguments.get("context") == "hover")
        except PathNotFound as missing:
            self.fail(request, str(missing))
            return
        self.reply(request, {"result": shown(value), "variablesReference": self.views.reference(value, path)})

    def on_exceptionInfo(self, request: Message) -> None:
        if self.phase == "stopped_python":
            self._forward(request)
            return
        place = self.current
        if place is None or place.failed is None:
            self.fail(request, "the run is not stopped at an exception")
            return
        kind = {"step_failed": "failed_step", "call_error": "mission_error", "expectation": "failed_expectation"}.get(place.kind, place.kind)
        self.reply(request, {"exceptionId": kind, "description": place.failed, "breakMode": "always", "details": error_details(place.roots.get("error"))})

    def on_continue(self, request: Message) -> None:
        self._resume(request, None)

    def on_next(self, request: Message) -> None:
        self._resume(request, "next")

    def on_stepIn(self, request: Message) -> None:
        self._resume(request, "in")

    def on_stepOut(self, request: Message) -> None:
        self._resume(request, "out")

    def on_stepBack(self, request: Message) -> None:
        self._back(request, reverse=False)

    def on_reverseContinue(self, request: Message) -> None:
        self._back(request, reverse=True)

    def on_pause(self, request: Message) -> None:
        self.reply(request)
        if self.phase != "running":
            return
        self.pause_requested = True
        self._update_stops()
        timer = threading.Timer(PAUSE_IN_PYTHON_AFTER_S, lambda: self.post("pause_in_python"))
        timer.daemon = True
        timer.start()

    def on_scenarioTimings(self, request: Message) -> None:
        """A request of ours (not DAP's, for the benchmark): milliseconds from launch to each milestone of the start,
        and the CPU time the adapter and the worker have used (what a loaded machine does not change)."""
        start = self.launched_at or 0.0
        marks = dict(self.runner.milestones) if self.runner is not None else {}
        if self.first_stop_at is not None:
            marks["first_stop"] = self.first_stop_at
        worker = self.runner.worker if self.runner is not None else None
        self.reply(
            request,
            {
                "milliseconds": {name: round((at - start) * 1000, 1) for name, at in marks.items()},
                "cpu_adapter_ms": round(time.process_time() * 1000, 1),
                "cpu_worker_ms": _cpu_ms(worker.pid) if worker is not None else None,
                "cpu_worker_ms_at": dict(self.runner.worker_cpu) if self.runner is not None else {},
                "worker_pid": worker.pid if worker is not None else None,
            },
        )

    def on_terminate(self, request: Message) -> None:
        self.reply(request)
        self.end()
        self._exit(None)

    def on_disconnect(self, request: Message) -> bool:
        self.end()
        self.reply(request)
        return False

    # -- stopping and going on -------------------------------------------------------------------
    def on_place(self, place: Place, answer: "queue.Queue[Reply]") -> None:
        if self.phase in ("ended", "done"):
            answer.put(Terminate())
            return
        self._reached(place)
        if self.rewind is not None:
            rewind, self.rewind = self.rewind, None
            answer.put(rewind)
            return
        hit = self.breakpoints.visit(place)
        if self.target is not None:
            if place.key != self.target:
                answer.put(Go())
                return
            self.target = None
            self._restore_python_breakpoints()
            self._stop(place, answer, "step")
            return
        if self.step_in_file is not None:  # stepIn did not reach the Python code (the step failed before it)
            self._clear_step_in()
        if self.python_step_pending:  # a step in Python left the Python code: it ends at this place
            self.python_step_pending = False
            self.python_step_stale = True
            self._stop(place, answer, "step")
            return
        reason = self._reason(place, hit)
        if reason is None:
            answer.put(Go())
        else:
            self._stop(place, answer, *reason)

    def _reached(self, place: Place) -> None:
        known = self.history.get(place.key)
        if known is not None and known.roots and not place.roots:
            place.roots = known.roots  # a quiet re-run passes it without its values: they are the same
        self.history[place.key] = place
        self.latest = place

    def _reason(self, place: Place, hit: YamlBreakpoint | None) -> tuple[str, str | None] | None:
        """Why the run stops at ``place`` (reason, description), or None."""
        if place.failed is not None:
            kind = {"step_failed": "failed_step", "call_error": "mission_error", "expectation": "failed_expectation"}.get(place.kind)
            if kind in self.filters:
                return ("exception", place.failed)
        if self.pause_requested:
            return ("pause", None)
        if self.stop_on_entry:
            return ("entry", None)
        if self.step_mode is not None:
            mode, depth = self.step_mode
            if mode in ("in", "any") or (mode == "next" and place.depth <= depth) or (mode == "out" and place.depth < depth):
                return ("step", None)
        if hit is not None:
            if hit.log is not None:
                self.send_event("output", {"category": "console", "output": log_message(hit.log, place.roots)})
                return None
            return ("breakpoint", None)
        return None

    def _stop(self, place: Place, answer: "queue.Queue[Reply]", reason: str, description: str | None = None) -> None:
        self.phase = "stopped_yaml"
        self.current = place
        self.waiting = answer
        self._stopped(reason, description)

    def _stopped(self, reason: str, description: str | None = None, hit: list[int] | None = None) -> None:
        if self.first_stop_at is None:
            self.first_stop_at = time.perf_counter()
        self.running_time.pause()
        self.step_mode = None
        self.pause_requested = False
        self.stop_on_entry = False
        self.views.clear()
        self._update_stops()
        body: dict[str, Any] = {"reason": reason, "threadId": THREAD_ID, "allThreadsStopped": True}
        if description:
            body.update(description=description, text=description)
        if hit:
            body["hitBreakpointIds"] = hit
        self.send_event("stopped", body)

    def _resume(self, request: Message, mode: str | None) -> None:
        if self.phase == "stopped_python":
            self._resume_python(request, mode)
            return
        if self.phase != "stopped_yaml" or self.current is None or self.waiting is None:
            self.fail(request, "the run is not stopped")
            return
        place = self.current
        self.step_mode = None if mode is None else (mode, place.depth)
        self.reply(request, {"allThreadsContinued": True} if mode is None else None)
        if mode == "in" and place.step_in is not None and self.no_python_reason is None and self.has_python:
            # The worker may go on once pydevd has the breakpoint: the pipe to the worker and pydevd's socket
            # are two channels, with no order between them. Not attached yet, the worker attaches when it
            # reads the go that follows, and pydevd gets the breakpoint before the worker goes on.
            self._set_step_in(place.step_in["file"], place.step_in["line"], then=self._go)
            return
        self._go()

    def _go(self, reply: Reply | None = None) -> None:
        waiting, self.waiting = self.waiting, None
        self.phase = "running"
        self.views.clear()
        self._update_stops()
        self.running_time.resume()
        if waiting is not None:
            waiting.put(reply or Go())

    def _resume_python(self, request: Message, mode: str | None) -> None:
        assert self.pydevd is not None
        command = request["command"]
        if mode is None:
            self.step_mode = None
        elif mode == "out" and self.python_frames <= 1:
            # Out of the outermost Python frame: back to YAML. pydevd's own stepOut would go on to whatever
            # project code runs next, since our frames under it are hidden from it.
            self.step_mode = ("any", 0)
            command = "continue"
        else:
            self.step_mode = ("any", 0)
            self.python_step_pending = True
            self.python_step_stale = False
        self.phase = "running"
        self.views.clear()
        self._update_stops()
        self.running_time.resume()
        self.pydevd.request(command, {"threadId": self.pydevd_thread})
        self.reply(request, {"allThreadsContinued": True} if command == "continue" and mode is None else None)

    def _back(self, request: Message, reverse: bool) -> None:
        if self.phase == "stopped_python" and self.latest is not None:
            target = self.latest.key  # the step whose Python code is stopped, before it ran
        elif self.phase == "stopped_yaml" and self.current is not None:
            earlier = sorted(key for key in self.history if key < self.current.key)
            if not earlier:
                self.fail(request, "this is the first place of the run: there is nothing before it")
                return
            target = earlier[-1]
            if reverse:
                stopping = [key for key in earlier if self._would_stop(self.history[key])]
                target = stopping[-1] if stopping else earlier[0]
        else:
            self.fail(request, "the run is not stopped")
            return
        self.reply(request)
        self.target = target
        rewind = Rewind((target[0], target[1]))
        if self.phase == "stopped_python":
            # The Python code runs to the end of its step with no Python breakpoint on the way; the call is
            # then abandoned at its next place (or when it ends) and run again.
            self.rewind = rewind
            self.phase = "running"
            self.views.clear()
            self._update_stops()
            self.running_time.resume()
            if self.runner is not None:
                self.runner.tell_worker({"abort": True})
            self._clear_python_breakpoints(then=lambda: self._continue_pydevd())
            return
        self._go(rewind)

    def _would_stop(self, place: Place) -> bool:
        if place.kind in ("step_failed", "call_error") or (place.kind == "expectation" and place.failed is not None):
            kind = {"step_failed": "failed_step", "call_error": "mission_error", "expectation": "failed_expectation"}[place.kind]
            if kind in self.filters:
                return True
        return self.breakpoints.would_stop(place)

    def on_pause_timer(self) -> None:
        """No YAML place came since a pause: the run is in Python code; pydevd pauses it if it traces it."""
        if self.phase != "running" or not self.pause_requested or not self.pydevd_ready or self.pydevd is None:
            return
        link = self.pydevd

        def pause(answer: Message) -> None:
            threads = answer.get("body", {}).get("threads", [])
            # The worker runs the project's code on its main thread (pydevd's own threads are not listed).
            main = next((t for t in threads if t.get("name") == "MainThread"), threads[0] if threads else None)
            if main is not None and self.phase == "running" and self.pause_requested:
                link.request("pause", {"threadId": main["id"]})

        link.request("threads", None, pause)

    def _update_stops(self) -> None:
        quiet = self.target is not None
        stops = Stops(
            lines=self.breakpoints.lines(),
            every=not quiet and (self.step_mode is not None or self.pause_requested or self.stop_on_entry),
            target=self.target,
            failed_step="failed_step" in self.filters,
            mission_error="mission_error" in self.filters,
            failed_expectation="failed_expectation" in self.filters,
            trace=not quiet
            and self.has_python
            and self.no_python_reason is None
            and (self.breakpoints.any_python() or self.step_in_file is not None or self.python_step_pending or self.phase == "stopped_python"),
        )
        if stops != self._stops:
            self._stops = stops
            if self.phase == "running" and self.runner is not None:
                self.runner.tell_worker(None)

    # -- the end ---------------------------------------------------------------------------------
    def on_finished(self, summary: Any) -> None:
        self.phase = "done"
        lines = [summary.text]
        for name, scenario_hash in summary.scenario_hashes.items():
            lines.append(f"scenario {name}: scenario_hash {scenario_hash}\n")
        if summary.test_run_hash is not None:
            lines.append(f"test_run_hash {summary.test_run_hash}\n")
        if not summary.same_as_check:
            lines.append("scenario-dap: the check of this run's outcomes gave other hashes than the run: please report it\n")
        if self.evaluated_in_console:
            lines.append("values were evaluated in the debug console during this run: if one changed a value, the hashes differ\n")
        self.send_event("output", {"category": "console", "output": "".join(lines), "data": summary.to_dict()})
        self._exit(summary.exit_status)

    def _exit(self, status: int | None) -> None:
        if self.exited:
            return
        self.exited = True
        if status is not None:
            self.send_event("exited", {"exitCode": status})
        self.send_event("terminated")

    def end(self) -> None:
        """Stop everything: the runner and its worker, pydevd's link."""
        if self.phase == "ended":
            return
        self.phase = "ended"
        if self.waiting is not None:
            self.waiting.put(Terminate())
            self.waiting = None
        if self.runner is not None:
            self.runner.end()
        if self.pydevd is not None:
            self.pydevd.close()

    # -- pydevd ----------------------------------------------------------------------------------
    def _accept(self, listener: Listener) -> None:
        """(Its own thread.) Each connection of debugpy to the listener, for the session, until the listener closes."""
        while True:
            connection = listener.accept(timeout=None)
            if connection is None:
                return
            self.post("pydevd", connection)

    def on_pydevd_connected(self, connection: Any) -> None:
        self.pydevd_ready = False
        self.pydevd = PydevdLink(connection, lambda link, message: self.post("pydevd_message", link, message))
        if self.configured.is_set():
            self._handshake()

    def _handshake(self) -> None:
        """Authorize pydevd, then give it the client's Python breakpoints; its configurationDone lets the worker go."""
        link = self.pydevd
        assert link is not None and self.runner is not None
        token = self.runner.token

        def authorized(answer: Message) -> None:
            if answer.get("body", {}).get("clientAccessToken") != token:
                self.send_event("output", {"category": "stderr", "output": "scenario-dap: a debugger connected without the session's token; closed\n"})
                link.close()
                return
            link.request("initialize", {"clientID": "scenario-dap", "adapterID": "debugpy", "pathFormat": "path", "linesStartAt1": True, "columnsStartAt1": True})
            link.request("attach", {"justMyCode": True, "subProcess": False, "redirectOutput": False, "stopAllThreadsOnSuspend": False, "rules": _rules()})
            for path in self.breakpoints.python:
                if path != self.step_in_file:
                    self._send_python_breakpoints(path, self._breakpoint_events)
            if self.step_in_file is not None:
                self._send_python_breakpoints(self.step_in_file, self._breakpoint_events, extra_line=self.step_in_line)
            link.request("setExceptionBreakpoints", {"filters": []})
            link.request("configurationDone", None, ready)

        def ready(answer: Message) -> None:
            self.pydevd_ready = True
            self._update_stops()

        link.request("pydevdAuthorize", {"debugServerAccessToken": None}, authorized)

    def on_debugger(self, status: dict[str, Any]) -> None:
        """debugpy in the worker: ``detached`` until Python is wanted, ``attaching``, ``attached``, or ``unavailable``."""
        if status.get("state") == "unavailable":
            self.no_python_reason = status.get("reason") or self.no_python_reason
            if self.no_python_reason is not None:
                self._python_breakpoints_unverifiable()
            if self.step_in_file is not None:  # a step in that waited for debugpy: there is no Python to stop in
                self.step_in_file = self.step_in_line = None
            self._update_stops()

    def _python_breakpoints_unverifiable(self) -> None:
        self._breakpoint_events(self.breakpoints.python_unverified(self.no_python_reason or ""))

    def _breakpoint_events(self, changed: list[PythonBreakpoint]) -> None:
        for breakpoint in changed:
            self.send_event("breakpoint", {"reason": "changed", "breakpoint": breakpoint.shown()})

    def _send_python_breakpoints(self, path: str, then: Callable[[list[PythonBreakpoint]], None], extra_line: int | None = None) -> None:
        assert self.pydevd is not None
        wanted = [b.requested for b in self.breakpoints.python.get(path, [])]
        mine = len(wanted)
        if extra_line is not None and all(b["line"] != extra_line for b in wanted):
            wanted.append({"line": extra_line})  # stepIn's, answered last

        def answered(answer: Message) -> None:
            found = answer.get("body", {}).get("breakpoints", [])
            then(self.breakpoints.pydevd_answered(path, found[:mine]))

        self.pydevd.request("setBreakpoints", {"source": {"path": path}, "breakpoints": wanted}, answered)

    def _set_step_in(self, path: str, line: int, then: Callable[[], None]) -> None:
        self.step_in_file, self.step_in_line = path, line
        self._update_stops()
        if self.pydevd_ready:
            self._send_python_breakpoints(path, lambda mine: then(), extra_line=line)
        else:
            then()  # the handshake gives pydevd the breakpoint

    def _clear_step_in(self) -> None:
        path, self.step_in_file, self.step_in_line = self.step_in_file, None, None
        if path is not None and self.pydevd is not None:
            self._send_python_breakpoints(path, lambda mine: None)
        self._update_stops()

    def _clear_python_breakpoints(self, then: Callable[[], None]) -> None:
        assert self.pydevd is not None
        paths = list(self.breakpoints.python) + ([self.step_in_file] if self.step_in_file and self.step_in_file not in self.breakpoints.python else [])
        self.step_in_file = None
        for path in paths:
            self.pydevd.request("setBreakpoints", {"source": {"path": path}, "breakpoints": []})
        self.pydevd.request("threads", None, lambda answer: then())  # answered after the requests before it

    def _restore_python_breakpoints(self) -> None:
        if self.pydevd is not None and self.pydevd_ready:
            for path in self.breakpoints.python:
                self._send_python_breakpoints(path, lambda mine: None)

    def _continue_pydevd(self) -> None:
        if self.pydevd is not None:
            self.pydevd.request("continue", {"threadId": self.pydevd_thread})

    def _forward(self, request: Message) -> None:
        if self.pydevd is None:
            self.fail(request, "the run is not stopped in Python code")
            return
        arguments = dict(request.get("arguments") or {})
        if "threadId" in arguments:
            arguments["threadId"] = self.pydevd_thread

        def answered(answer: Message) -> None:
            self.send(self.peer.response(request, answer.get("body"), success=answer.get("success", False), message=answer.get("message")))

        self.pydevd.request(request["command"], arguments, answered)

    def on_pydevd(self, message: Message | None) -> None:
        if message is None:  # the worker ended (its end comes through the runner)
            self.pydevd, self.pydevd_ready = None, False
            return
        if self.pydevd is None:
            return
        if message.get("type") == "response":
            self.pydevd.settle(message)
            return
        if message.get("type") != "event":
            return
        event, body = message.get("event"), message.get("body") or {}
        if event == "stopped":
            self._python_stopped(body)
        elif event == "output" and body.get("category") != "telemetry":
            self.send_event("output", body)
        # thread, module, process, continued, breakpoint: pydevd's bookkeeping; the client sees one thread, ours

    def _python_stopped(self, body: dict[str, Any]) -> None:
        self.pydevd_thread = body.get("threadId", self.pydevd_thread)
        if self.phase in ("ended", "done") or self.target is not None or self.rewind is not None:
            self._continue_pydevd()
            return
        reason = body.get("reason", "breakpoint")
        if self.step_in_file is not None:
            self._clear_step_in()
            reason = "step"
            self.python_step_stale = False
        elif self.python_step_stale and reason == "step":
            self.python_step_stale = False
            self._continue_pydevd()
            return
        self.python_step_pending = False
        self.phase = "stopped_python"
        hit = [self.breakpoints.from_pydevd[i] for i in body.get("hitBreakpointIds", []) if i in self.breakpoints.from_pydevd]
        self._stopped(reason, body.get("description") if reason == "exception" else None, hit)


def _program(arguments: dict[str, Any]) -> Path:
    program = arguments.get("program")
    if not isinstance(program, str) or not program:
        raise LaunchError('the launch configuration needs "program": the path of a .scenario.yaml file')
    path = Path(program).expanduser()
    if not path.is_file():
        raise LaunchError(f"no such file: {program}")
    return path.resolve()


def _python(arguments: dict[str, Any]) -> list[str]:
    python = arguments.get("python")
    if python is None or python == "":
        return default_python()
    if isinstance(python, str):
        return [python]
    if isinstance(python, list) and python and all(isinstance(p, str) for p in python):
        return list(python)
    raise LaunchError('"python" is the path of the project\'s interpreter (or a list: the command that runs it)')


def _cpu_ms(pid: int) -> float | None:
    """The CPU time (user and system) process ``pid`` has used, in milliseconds; None where /proc does not say."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return round((int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK"), 1)


def _page(frames: list[Any], arguments: dict[str, Any]) -> dict[str, Any]:
    start = arguments.get("startFrame") or 0
    levels = arguments.get("levels") or len(frames)
    return {"stackFrames": frames[start : start + levels], "totalFrames": len(frames)}


def _ours() -> tuple[str, ...]:
    import scenario_core

    import scenario_harness

    return (str(Path(scenario_harness.__file__).resolve().parent), str(Path(scenario_core.__file__).resolve().parent))


def _rules() -> list[dict[str, Any]]:
    """pydevd's rules: our code is never the project's (justMyCode hides it, steps skip it)."""
    return [{"path": folder, "include": False} for folder in _ours()]


def _ours_frame(frame: dict[str, Any]) -> bool:
    path = (frame.get("source") or {}).get("path") or ""
    return path.startswith(_ours())
