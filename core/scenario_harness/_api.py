"""The decorators users write missions and operations with, and what they receive.

``@mission`` and ``@operation`` register a function under a name (its own by
default) in this process's registry; the worker process (``_worker``)
imports the project's modules, reads the registry and runs what scenario
files call. Nothing here runs in the language server.
"""
from __future__ import annotations

import inspect
import linecache
import random as _random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from hashlib import sha256
from typing import Any, Callable, Mapping, TypeVar, overload

__all__ = [
    "DEFAULT_CLOCK",
    "MissionContext",
    "Registered",
    "StepFailed",
    "mission",
    "operation",
    "registered_missions",
    "registered_operations",
]

F = TypeVar("F", bound=Callable[..., Any])

#: What ``ctx.now()`` returns when a scenario sets no ``clock:``.
DEFAULT_CLOCK = datetime(2000, 1, 1, tzinfo=timezone.utc)


class StepFailed(Exception):
    """Raised by an operation to fail its step, as the ``fail`` operation does.

    The workflow halts with ``success: false``, ``failed_step_id`` and an
    ``error_message`` holding this exception's message. Any other exception
    is a bug in the mission's code (a ``mission_error`` finding).
    """


@dataclass(frozen=True)
class Registered:
    """A function registered with ``@mission`` or ``@operation``, and where it was defined."""

    kind: str  # "mission" or "operation"
    name: str
    function: Callable[..., Any]
    file: str
    line: int

    @property
    def signature(self) -> inspect.Signature:
        return inspect.signature(self.function)


_MISSIONS: dict[str, list[Registered]] = {}
_OPERATIONS: dict[str, list[Registered]] = {}


def _register(kind: str, table: dict[str, list[Registered]], function: Callable[..., Any], name: str | None) -> None:
    if not callable(function):
        raise TypeError(f"@{kind} decorates a function, not {type(function).__name__}")
    code = getattr(inspect.unwrap(function), "__code__", None)
    file = code.co_filename if code is not None else "<unknown>"
    line = _def_line(file, code.co_firstlineno) if code is not None else 0
    table.setdefault(name or function.__name__, []).append(Registered(kind, name or function.__name__, function, file, line))


def _def_line(file: str, first: int) -> int:
    """The ``def`` line of a function whose code starts at ``first`` (its first decorator)."""
    for number in range(first, first + 50):
        text = linecache.getline(file, number).lstrip()
        if text.startswith(("def ", "async def ")):
            return number
        if not text:
            break
    return first


def _decorator(kind: str, table: dict[str, list[Registered]], name_or_function: Any, name: str | None) -> Any:
    if callable(name_or_function):  # used bare: @mission
        _register(kind, table, name_or_function, name)
        return name_or_function
    chosen = name_or_function if isinstance(name_or_function, str) else name

    def register(function: F) -> F:
        _register(kind, table, function, chosen)
        return function

    return register


@overload
def mission(function: F, /) -> F: ...
@overload
def mission(name: str | None = None, /) -> Callable[[F], F]: ...
def mission(name_or_function: Any = None, /) -> Any:
    """Register a mission: ``@mission`` (named after the function) or ``@mission("name")``.

    A mission is called as ``function(ctx, **params)`` with a
    :class:`MissionContext` and the call's ``params:``, validated against the
    function's type hints first. It returns a ``WorkflowDefinition`` (run by
    the engine, whose rules and findings apply) or an ``OrchestrationResult``.
    """
    return _decorator("mission", _MISSIONS, name_or_function, None)


@overload
def operation(function: F, /) -> F: ...
@overload
def operation(name: str | None = None, /) -> Callable[[F], F]: ...
def operation(name_or_function: Any = None, /) -> Any:
    """Register a runtime operation: ``@operation`` or ``@operation("name")``.

    An operation is called as ``function(state, **arguments)``: ``state`` is
    the workflow's state (a dict it changes in place) and the arguments are
    the step payload's other keys, validated against the type hints first.
    Raise :class:`StepFailed` to fail the step.
    """
    return _decorator("operation", _OPERATIONS, name_or_function, None)


def registered_missions() -> Mapping[str, list[Registered]]:
    """Every registered mission by name (more than one entry: registered twice)."""
    return _MISSIONS


def registered_operations() -> Mapping[str, list[Registered]]:
    return _OPERATIONS


@dataclass(frozen=True)
class MissionContext:
    """What a mission receives besides its params: the initial state and deterministic replacements.

    ``initial_state`` is read-only. Instead of the wall clock, unseeded
    randomness and random UUIDs, which a scenario's verdict must never depend
    on, use :meth:`now` (the scenario's ``clock:``, else
    :data:`DEFAULT_CLOCK`), :meth:`random` (seeded from the suite, the
    scenario and the call) and :meth:`uuid4`.
    """

    initial_state: Mapping[str, Any]
    suite: str = ""
    scenario: str = ""
    call: int = 0  # the call's index in its scenario
    mission: str = ""
    clock: datetime = DEFAULT_CLOCK
    _streams: dict[str, _random.Random] = field(default_factory=dict, repr=False, compare=False)

    def now(self) -> datetime:
        """The scenario's clock: the same instant on every run (timezone-aware, UTC unless ``clock:`` says otherwise)."""
        return self.clock

    def random(self) -> _random.Random:
        """A ``random.Random`` seeded from the suite, scenario, call and mission: the same numbers everywhere."""
        return self._stream("random")

    def uuid4(self) -> uuid.UUID:
        """A version-4 UUID drawn from a seeded stream of its own: the same UUIDs, in order, on every run."""
        return uuid.UUID(int=self._stream("uuid").getrandbits(128), version=4)

    def _stream(self, purpose: str) -> _random.Random:
        stream = self._streams.get(purpose)
        if stream is None:
            seed_text = "\0".join((purpose, self.suite, self.scenario, str(self.call), self.mission))
            stream = _random.Random(int.from_bytes(sha256(seed_text.encode()).digest()[:16], "big"))
            self._streams[purpose] = stream
        return stream
