"""The debug worker process, seen from the adapter: start it, talk to it, time it, end it.

:class:`WorkerProcess` starts ``python -m scenario_harness.dap.worker`` with
the project's interpreter in the project's folder, with the environment of
an ordinary mission worker (``PYTHONHASHSEED`` fixed, so sets iterate alike
on every run) and the project's memory limit. It reads the answers on a
pipe of their own; what the worker prints goes to ``output`` line by line
(the debug console). One thread reads the answers (the runner); any thread
may write (the session sends asks and aborts while a call runs).

The project's timeout holds for the time a call runs, not for the time it
is stopped: :class:`RunningTime` counts only while the session is running.
A call that runs past it, or a worker that dies, gives the same error a
check gives, and the next call starts a new worker.
"""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from scenario_core.project.config import ProjectConfig
from scenario_core.python import wire
from scenario_core.python.missions import end_worker

from .token import TOKEN_VARIABLE

__all__ = ["HASH_SEED", "RunOptions", "RunningTime", "WorkerGone", "WorkerProcess", "default_python"]

#: The PYTHONHASHSEED of the debug worker: an ordinary worker's (scenario_core.python.missions).
HASH_SEED = 0


@dataclass(frozen=True)
class RunOptions:
    """What the launch request said, and the project it found."""

    program: Path
    text: str
    config: ProjectConfig
    python: tuple[str, ...]  # the project's interpreter
    has_python: bool  # the project has Python missions: a worker runs them (as scenario run would start one)
    only: str | None = None  # run only the scenarios of this name (the launch's "scenario")


class WorkerGone(Exception):
    """The worker died, or a call ran past the project's timeout; ``code`` is the finding's."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RunningTime:
    """The time the current call has been running, stops excluded (the session pauses and resumes it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._spent = 0.0
        self._since: float | None = time.monotonic()

    def restart(self) -> None:
        with self._lock:
            self._spent, self._since = 0.0, time.monotonic()

    def pause(self) -> None:
        with self._lock:
            if self._since is not None:
                self._spent += time.monotonic() - self._since
                self._since = None

    def resume(self) -> None:
        with self._lock:
            if self._since is None:
                self._since = time.monotonic()

    def spent(self) -> float:
        with self._lock:
            return self._spent + (time.monotonic() - self._since if self._since is not None else 0.0)


class WorkerProcess:
    """One debug worker process (see the module doc)."""

    def __init__(self, options: RunOptions, *, port: int | None, token: str, output: Callable[[str], None]) -> None:
        config = options.config
        answers_read, answers_write = os.pipe()
        env = {
            **os.environ,
            "PYTHONHASHSEED": str(HASH_SEED),
            "PYTHONUNBUFFERED": "1",
            TOKEN_VARIABLE: token,
            # pydevd warns on stderr about frozen modules at every start otherwise.
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
        command = [*options.python, "-m", "scenario_harness.dap.worker", "--answers", str(answers_write), "--root", str(config.root)]
        command += ["--memory-mb", str(config.memory_limit_mb)]
        if port is not None:
            command += ["--debug-port", str(port)]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(answers_write,),
            cwd=config.root,
            env=env,
        )
        self.started_at = time.perf_counter()
        os.close(answers_write)
        self.config = config
        self._answers = answers_read
        self._buffer = b""
        self._writing = threading.Lock()
        self.printed: deque[str] = deque(maxlen=40)
        self._output = output
        self._forwarding = threading.Thread(target=self._forward, name="scenario-dap worker output", daemon=True)
        self._forwarding.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _forward(self) -> None:
        assert self.process.stdout is not None
        try:
            for raw in self.process.stdout:
                line = raw.decode("utf-8", "replace")
                self.printed.append(line.rstrip("\n"))
                self._output(line)
        except (OSError, ValueError):  # closed by kill()
            return

    def send(self, message: dict[str, Any]) -> None:
        """Write one message (any thread); :class:`WorkerGone` if the worker is gone."""
        assert self.process.stdin is not None
        with self._writing:
            try:
                self.process.stdin.write(wire.encode(message))
                self.process.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                raise self.gone() from None

    def receive(self, running: RunningTime | None = None) -> dict[str, Any]:
        """The next answer (the runner's thread only).

        With ``running``, :class:`WorkerGone` (``mission_timeout``) once the
        call has run longer than the project's timeout; without, it waits as
        long as it takes (describing the project has its own limit).
        """
        while b"\n" not in self._buffer:
            wait = 0.25 if running is not None else None
            if running is not None and running.spent() > self.config.timeout_s:
                raise WorkerGone("mission_timeout", f"ran longer than {self.config.timeout_s:g} s (the project's timeout); its worker was stopped")
            if not select.select([self._answers], [], [], wait)[0]:
                continue
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise self.gone()
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return wire.decode(line)

    def gone(self) -> WorkerGone:
        """Why the worker is no more, as a check says it."""
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            status = self.process.returncode
        if status is not None and status < 0:
            try:
                name = signal.Signals(-status).name
            except ValueError:
                name = f"signal {-status}"
            return WorkerGone("mission_crashed", f"the worker process was killed by {name}")
        return WorkerGone("mission_crashed", f"the worker process exited with status {status}")

    def kill(self) -> None:
        end_worker(self.process, (self._answers,))


def default_python() -> list[str]:
    """The interpreter ``scenario run`` would give the project: this process's own."""
    return [sys.executable]
