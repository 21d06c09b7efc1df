"""The mission worker under the debugger: the ordinary worker, plus YAML places and debugpy.

Started by the adapter (:mod:`.driver`) with the project's interpreter, in
the project's folder::

    python -m scenario_harness.dap.worker --answers FD --root DIR [--memory-mb N] [--debug-port PORT]

with ``SCENARIO_DAP_TOKEN`` in its environment. It speaks the mission
worker's protocol (:mod:`scenario_core.python.wire`) through the ordinary
:class:`~scenario_harness._worker.Worker`, whose describe and run it reuses
unchanged, and adds:

* ``{"described": ..., "bodies": {"missions": {name: Location}, "operations": ...}}``:
  the first line of each function's body, where stepping in stops;
* ``{"debugger": {"state": ..., "reason": str | None}}``: after describe,
  ``detached`` (debugpy can attach) or ``unavailable`` (the reason says
  why: debugpy is not installed in this interpreter; the same calls then
  run with no Python frames); later ``attaching`` and ``attached``. The
  worker attaches when Python is first wanted (an ask with ``trace``): it
  imports debugpy and calls ``debugpy.connect`` to the adapter's listener,
  which returns once the adapter has given pydevd (debugpy's debugger, in
  this process) the breakpoints; pydevd then speaks DAP to the adapter
  over that socket;
* a run request carries an :class:`~.places.Ask`; at each place the
  :class:`~.places.PlaceObserver` of the call asks it, and either writes
  ``{"place": StepPlace, "passed": [...]}`` and waits for ``{"go": Ask}`` or
  ``{"abort": true}`` on standard input, or notes the place as passed
  (``{"passed": [...]}``, sent with the next message, at once while Python
  is traced so that a Python stop knows its step). ``{"ask": Ask}`` may come
  at any time and counts from the next place. An abandoned call (a step
  back) answers ``{"done": id, "aborted": true}``.

There is no second Python thread in this process (the ordinary worker's
parent watch is one): under pydevd, such a thread made every resume from a
Python stop wait for pydevd's 200 ms poll in about half the sessions. The
kernel ends it when the adapter dies instead (``PR_SET_PDEATHSIG``, Linux);
elsewhere it ends at its next read of standard input.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import inspect
import linecache
import os
import select
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO, Callable

from scenario_core.orchestration.engine import observing
from scenario_core.python.wire import ErrorInfo, Item, Location, decode

from .._worker import Worker, _limit_memory
from .places import Ask, PassedPlace, PlaceObserver, StepPlace
from .token import TOKEN_VARIABLE

__all__ = ["Abort", "DebugWorker", "first_body_line", "main"]

_NO_ASK = Ask(all=False, steps=[], failed=False, trace=False)


class Abort(BaseException):
    """The adapter abandoned the running call (a step back): it unwinds like ``SystemExit``, past ``except Exception``."""


class Control:
    """The adapter's lines on standard input: read whole, one at a time, waiting or not."""

    def __init__(self, fd: int = 0) -> None:
        self.fd = fd
        self._buffer = b""

    def next(self) -> dict[str, Any]:
        """The next message, waiting for it; the process ends when the adapter has gone."""
        while b"\n" not in self._buffer:
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                os._exit(0)
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return decode(line)

    def waiting(self) -> list[dict[str, Any]]:
        """The messages already written, without waiting for more."""
        messages = []
        while b"\n" in self._buffer or select.select([self.fd], [], [], 0)[0]:
            if b"\n" not in self._buffer:
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    os._exit(0)
                self._buffer += chunk
                continue
            messages.append(self.next())
        return messages


class DebugWorker(Worker):
    """The ordinary worker with places, debugpy and a control channel (see the module doc)."""

    def __init__(self, root: Path, answers: BinaryIO, control: Control, port: int | None = None) -> None:
        super().__init__(root, answers)
        self.control = control
        self.port = port  # the adapter's listener for debugpy
        self.ask = _NO_ASK
        self.debugger = False  # debugpy is attached
        self.traced = False  # pydevd traces this thread (from attaching on, until told otherwise)
        self._passed: list[PassedPlace] = []
        self._item: int | None = None

    # -- messages ----------------------------------------------------------------------------
    def send(self, message: dict[str, Any]) -> None:
        if "start" in message:
            self._item = message["start"]
        elif self._passed and ("done" in message or "finished" in message):
            super().send({"passed": self._take_passed()})
        super().send(message)

    def _take_passed(self) -> list[PassedPlace]:
        passed, self._passed = self._passed, []
        return passed

    def _obey(self, message: dict[str, Any]) -> bool:
        """Apply an ask (``ask`` or ``go``); True for ``go``. ``abort`` raises :class:`Abort`."""
        if "abort" in message:
            raise Abort()
        ask = message.get("go") or message.get("ask")
        if ask is not None:
            self.ask = ask
            self._trace(bool(ask["trace"]))
        return "go" in message

    def _trace(self, on: bool) -> None:
        """Python under pydevd or not: attached the first time it is wanted; switched only on a change
        (debugpy re-arms every thread when it is)."""
        if on and not self.debugger and self.port is not None:
            self.attach()
        if self.debugger and on != self.traced:
            import debugpy

            debugpy.trace_this_thread(on)
            self.traced = on

    def unavailable(self) -> str | None:
        """Why debugpy cannot attach here (it is not installed), or None; nothing is imported."""
        if importlib.util.find_spec("debugpy") is None:
            return (
                f"debugpy is not installed in {sys.executable}; install it there "
                "(pip install debugpy) to stop in Python code"
            )
        return None

    def attach(self) -> None:
        """Attach debugpy to the adapter's listener; returns once the adapter has given pydevd its breakpoints.

        Only when Python is first wanted (a Python breakpoint, a step into
        Python code): a session that stops only at YAML places never loads
        pydevd, which is a tenth of a second of CPU and slows the calls it traces.
        """
        assert self.port is not None
        try:
            import debugpy
        except ImportError as missing:
            self.port = None
            self.send({"debugger": {"state": "unavailable", "reason": f"debugpy cannot be imported in {sys.executable}: {missing}"}})
            return
        self.send({"debugger": {"state": "attaching", "reason": None}})
        debugpy.configure(subProcess=False)  # the guard refuses subprocesses anyway; spares pydevd patching them
        debugpy.connect(("127.0.0.1", self.port), access_token=os.environ.get(TOKEN_VARIABLE, ""))  # returns after configurationDone
        self.debugger = self.traced = True
        self.guard.tolerated = (str(Path(debugpy.__file__).resolve().parent),)
        self.send({"debugger": {"state": "attached", "reason": None, "cpu": time.process_time()}})

    # -- places ------------------------------------------------------------------------------
    def could_stop(self, place: PassedPlace) -> bool:
        for message in self.control.waiting():
            self._obey(message)
        ask = self.ask
        return ask["all"] or (place["failed"] and ask["failed"]) or (place["w"] == 0 and not place["failed"] and place["i"] in ask["steps"])

    def stop(self, place: StepPlace) -> None:
        """Show the adapter ``place`` and wait until it says go (or abort)."""
        super().send({"place": place, "passed": self._take_passed()})
        while not self._obey(self.control.next()):
            pass

    def note(self, place: PassedPlace) -> None:
        self._passed.append(place)
        if self.traced and self.debugger:  # a Python stop in this step must know its step now
            super().send({"passed": self._take_passed()})

    def run_items(self, items: list[Item], ask: Ask) -> None:
        """Run ``items`` as the ordinary worker does, stopping where the adapter asks."""
        self._obey({"ask": ask})
        try:
            with observing(PlaceObserver(self.could_stop, self.stop, self.note)):
                self.run(items)
        except Abort:
            self.send({"done": self._item, "aborted": True})
            self.send({"finished": True})

    def error_info(self, error: BaseException) -> ErrorInfo:
        # The ordinary worker turns every BaseException of a call into its error; an abort is no error of the call.
        if isinstance(error, Abort):
            raise error
        return super().error_info(error)

    # -- describe ----------------------------------------------------------------------------
    def bodies(self) -> dict[str, dict[str, Location]]:
        """Where stepping into each registered function stops: the first line of its body."""
        return {
            "missions": {name: first_body_line(r.function) for name, r in self.missions.items()},
            "operations": {name: first_body_line(r.function) for name, r in self.operations.items()},
        }


def first_body_line(function: Callable[..., Any]) -> Location:
    """The file of ``function`` and the first line of its body that runs (a docstring runs nothing).

    A function whose body is on its ``def`` line gives that line.
    """
    code = inspect.unwrap(function).__code__
    start = code.co_firstlineno  # a decorated function's first decorator
    definition = next(
        (n for n in range(start, start + 100) if linecache.getline(code.co_filename, n).lstrip().startswith(("def ", "async def "))),
        start,
    )
    lines = sorted({line for _, _, line in code.co_lines() if line is not None and line > definition})
    return Location(file=code.co_filename, line=lines[0] if lines else definition)


def _die_with_parent() -> None:
    """Have the kernel end this process when the adapter ends (Linux), with no thread of ours watching."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    set_parent_death_signal = 1  # PR_SET_PDEATHSIG
    ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() == 1:  # the adapter died before the call above
        os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scenario_harness.dap.worker")
    parser.add_argument("--answers", type=int, required=True, help="the file descriptor to answer on")
    parser.add_argument("--root", required=True, help="the project's folder")
    parser.add_argument("--memory-mb", type=int, default=0, help="address-space limit (0: none)")
    parser.add_argument("--debug-port", type=int, help="the adapter's port for debugpy (none: no Python frames)")
    args = parser.parse_args(argv)
    answers = os.fdopen(args.answers, "wb", buffering=0)
    _die_with_parent()
    control = Control()
    worker = DebugWorker(Path(args.root), answers, control, args.debug_port)
    worker.guard.install()
    _limit_memory(args.memory_mb)
    worker.send({"ready": {"pid": os.getpid(), "python": sys.version.split()[0], "cpu": time.process_time()}})
    while True:
        request = control.next()
        if "describe" in request:
            with contextlib.redirect_stdout(sys.stderr):
                description = worker.describe(request["describe"]["modules"], request["describe"]["entry_points"])
            worker.send({"described": description, "bodies": worker.bodies(), "cpu": time.process_time()})
            reason = worker.unavailable() if worker.port is not None else None
            if reason is not None:
                worker.port = None
            worker.send({"debugger": {"state": "unavailable" if reason else "detached", "reason": reason}})
        elif "run" in request:
            worker.run_items(request["run"]["items"], request["run"]["ask"])
        elif "ask" in request:  # between calls (an abort meant for a call that has ended: nothing to abandon)
            worker._obey(request)


if __name__ == "__main__":
    main()
