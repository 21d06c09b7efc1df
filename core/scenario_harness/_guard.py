"""The determinism guard: what mission and operation code may not do while it runs.

A scenario's verdict must be the same on every run, so inside mission and
operation code these are refused with :class:`NondeterministicCall`:

* reading a clock (``time.time``, ``datetime.now``, ``date.today``, ...) from
  anywhere but the standard library's own bookkeeping (a log record's
  timestamp, a lock's timeout);
* unseeded randomness, from anywhere: the ``random`` module's functions, a
  ``random.Random()`` made without a seed, ``os.urandom``, ``secrets``,
  ``uuid.uuid1``/``uuid4``;
* the network, subprocesses, and writing files (through Python's audit hooks).

The context offers the deterministic replacements (``ctx.now()``,
``ctx.random()``, ``ctx.uuid4()``). :func:`unguarded` is the escape hatch for
code known to be deterministic. The guard is a profile function (it sees
every call a guarded function makes, C functions included) plus an audit
hook; it is active only while user code runs, so the worker's own work is
never slowed.
"""
from __future__ import annotations

import datetime
import os
import random
import sys
import sysconfig
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, Callable, Iterator, TypeVar

__all__ = ["Guard", "NondeterministicCall", "unguarded"]

T = TypeVar("T")


class NondeterministicCall(BaseException):
    """Mission code did something whose result differs from run to run.

    A BaseException, so that a mission's ``except Exception`` does not
    swallow it; the guard also remembers it, so the call is reported even if
    the code catches it anyway.
    """

    def __init__(self, what: str, file: str, line: int) -> None:
        super().__init__(f"{what} at {file}:{line}")
        self.what = what
        self.file = file
        self.line = line


def _clocks() -> dict[Any, str]:
    names = [
        "time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns",
        "process_time", "process_time_ns", "thread_time", "thread_time_ns", "localtime", "gmtime",
        "ctime", "asctime", "clock_gettime", "clock_gettime_ns",
    ]
    found: dict[Any, str] = {getattr(time, n): f"time.{n}()" for n in names if hasattr(time, n)}
    for owner, method in ((datetime.datetime, "now"), (datetime.datetime, "utcnow"), (datetime.datetime, "today"), (datetime.date, "today")):
        found[getattr(owner, method)] = f"{owner.__module__}.{owner.__name__}.{method}()"
    return found


def _entropy() -> dict[Any, str]:
    found: dict[Any, str] = {os.urandom: "os.urandom()"}
    if hasattr(os, "getrandom"):
        found[os.getrandom] = "os.getrandom()"
    instance = random._inst  # the generator behind random.random(), random.choice(), ...
    for name in ("random", "getrandbits"):  # its methods written in C
        found[getattr(instance, name)] = f"random.{name}() (the module-level generator)"
    return found


_CLOCKS = _clocks()
_ENTROPY = _entropy()
# Python functions that are nondeterministic whoever calls them.
_ENTROPY_CODE = {uuid.uuid1.__code__: "uuid.uuid1()", uuid.uuid4.__code__: "uuid.uuid4()"}
_RANDOM_SEED = random.Random.seed.__code__  # Random(), or .seed(), without a seed reads the OS's entropy
# random.Random's methods written in Python (choice, shuffle, seed, ...), by their code.
_RANDOM_METHODS = {
    value.__code__: name for name, value in vars(random.Random).items() if hasattr(value, "__code__")
}
_STDLIB = tuple(str(Path(p).resolve()) for p in {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]})
_HERE = str(Path(__file__).resolve().parent)

_WRITE_MODES = set("wax+")
_AUDITED = {
    "socket.connect": "connecting a socket (the network)",
    "socket.getaddrinfo": "looking up a host name (the network)",
    "socket.sendto": "sending on a socket (the network)",
    "subprocess.Popen": "starting a subprocess",
    "os.system": "running a shell command (os.system)",
    "os.exec": "replacing the process (os.exec*)",
    "os.posix_spawn": "starting a process (os.posix_spawn)",
    "os.spawn": "starting a process (os.spawn*)",
    "os.fork": "forking the process",
    "os.forkpty": "forking the process",
    "os.remove": "removing a file",
    "os.rename": "renaming a file",
    "os.rmdir": "removing a folder",
    "os.mkdir": "making a folder",
    "os.truncate": "truncating a file",
    "os.symlink": "making a link",
    "os.link": "making a link",
    "shutil.rmtree": "removing a folder tree",
    "shutil.move": "moving a file",
    "shutil.copyfile": "copying a file",
}


class Guard:
    """Refuses nondeterministic calls while user code runs (see the module doc).

    One per worker process: :meth:`install` once, then run user code with
    :meth:`run`. ``violation`` holds the first refused call of the current run.
    ``before_exit`` is called when user code calls ``os._exit``, before the
    process ends (the worker writes its stack there). ``tolerated`` are
    folders whose code is never refused, even called from user code: a
    debugger's, which runs what the user types in its console (and its
    breakpoints' conditions) inside the stopped user code.
    """

    tolerated: tuple[str, ...] = ()

    def __init__(self, project_root: str, before_exit: Callable[[], None] | None = None) -> None:
        self._root = str(Path(project_root).resolve())
        self._before_exit = before_exit
        self._active = False
        self._suspended = 0
        self.violation: NondeterministicCall | None = None

    def install(self) -> None:
        sys.addaudithook(self._audit)
        global _CURRENT
        _CURRENT = self

    def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``function(*args, **kwargs)`` with the guard on; :class:`NondeterministicCall` if it did something refused."""
        self._active, self._suspended, self.violation = True, 0, None
        previous = sys.getprofile()
        sys.setprofile(self._profile)
        try:
            result = function(*args, **kwargs)
        finally:
            sys.setprofile(previous)
            self._active = False
        if self.violation is not None:  # refused, but the code caught it and went on
            raise self.violation
        return result

    @property
    def watching(self) -> bool:
        return self._active and not self._suspended

    # -- what is refused -----------------------------------------------------------
    def _profile(self, frame: FrameType, event: str, arg: Any) -> None:
        if not self.watching:
            return
        if event == "c_call":
            if arg is os._exit and self._before_exit is not None:
                self._before_exit()
                return
            try:
                what = _ENTROPY.get(arg) or (_CLOCKS.get(arg) if not _is_stdlib(frame) else None)
            except TypeError:  # an unhashable callable: nothing we refuse
                return
            if what is not None:
                self._refuse(what, frame)
        elif event == "call":
            code = frame.f_code
            if code in _ENTROPY_CODE:
                self._refuse(_ENTROPY_CODE[code], frame.f_back or frame)
            elif code in _RANDOM_METHODS:
                owner = frame.f_locals.get("self")
                if owner is random._inst:  # its state carries over from call to call, whatever the seed
                    self._refuse(f"random.{_RANDOM_METHODS[code]}() (the module-level generator)", frame.f_back or frame)
                elif code is _RANDOM_SEED and frame.f_locals.get("a") is None:
                    self._refuse("random.Random() without a seed", frame.f_back or frame)

    def _audit(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.watching:
            return
        if event == "open":
            mode, flags = args[1], args[2]
            writes = (isinstance(mode, str) and bool(_WRITE_MODES & set(mode))) or (
                mode is None and isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC))
            )
            if writes:
                self._refuse(f"writing the file {args[0]}", sys._getframe(1))
            return
        what = _AUDITED.get(event) or (_AUDITED.get(event.rsplit(".", 1)[0] + ".") if event.startswith("os.exec") else None)
        if what is None and event.startswith("os.spawn"):
            what = _AUDITED["os.spawn"]
        if what is not None:
            self._refuse(what, sys._getframe(1))

    def _refuse(self, what: str, frame: FrameType) -> None:
        if self.tolerated and _called_from(frame, self.tolerated):
            return
        user = _user_frame(frame, self._root)
        violation = NondeterministicCall(what, user.f_code.co_filename, user.f_lineno)
        if self.violation is None:
            self.violation = violation
        self._active = False  # a profile function that raises is removed anyway; stay consistent
        raise violation


_CURRENT: Guard | None = None


@contextmanager
def unguarded(reason: str = "") -> Iterator[None]:
    """Run a block without the determinism guard, for code known to be deterministic.

    ``reason`` says why, for whoever reads the code::

        with unguarded("reads a fixture file that never changes"):
            prices = load_prices()
    """
    guard = _CURRENT
    if guard is None:
        yield
        return
    guard._suspended += 1
    try:
        yield
    finally:
        guard._suspended -= 1


def _is_stdlib(frame: FrameType) -> bool:
    return frame.f_code.co_filename.startswith(_STDLIB)


def _called_from(frame: FrameType, folders: tuple[str, ...]) -> bool:
    """True when a frame of code in ``folders`` is ``frame`` or one of its callers.

    (It walks ``f_back`` from the frame given: ``sys._getframe()`` here would
    itself raise an audit event, inside the audit hook.)
    """
    current: FrameType | None = frame
    while current is not None:
        if current.f_code.co_filename.startswith(folders):
            return True
        current = current.f_back
    return False


def _user_frame(frame: FrameType, root: str) -> FrameType:
    """The innermost frame of the project's own code at or above ``frame`` (else ``frame``)."""
    current: FrameType | None = frame
    while current is not None:
        file = current.f_code.co_filename
        if file.startswith(root) and not file.startswith(_HERE) and "site-packages" not in file:
            return current
        current = current.f_back
    return frame
