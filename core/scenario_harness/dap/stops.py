"""Where a debug run may stop, and what the session and the runner say to each other about it.

A :class:`Place` is a point of the run: before a mission call (``call``),
before a step (``step``), after a failed runtime step (``step_failed``),
after a call that gave no result (``call_error``), and at an expectation,
once its scenario's calls have run (``expectation``). Its :data:`PlaceKey`
orders places in run order; a run is deterministic, so running a call again
passes the very same keys, which is what stepping back relies on.

The runner walks the run on a thread of its own. At each place it reads the
session's current :class:`Stops` (a value the session replaces, never
changes) to learn whether the place could stop: if not, it notes the place
as passed and goes on, without waiting on anyone; if so, it asks the session
(:meth:`Conductor.ask`) and waits for a :data:`Reply`.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:  # the session imports this before the check pipeline, which the plan needs, is loaded
    from scenario_core.python.wire import Location

    from .driver import RunningTime
    from .plan import CallPlan, ExpectationPlan, ScenarioPlan, Source

__all__ = ["DEPTH", "Conductor", "Go", "Place", "PlaceKey", "PlaceKind", "Reply", "Rewind", "Stops", "Terminate", "call_key", "CALL_ERROR_SLOT"]

PlaceKind = Literal["call", "step", "step_failed", "call_error", "expectation"]
#: (scenario, slot, workflow, step slot): a call's slot is its index, an expectation's comes after its scenario's calls.
PlaceKey = tuple[int, int, int, int]
#: The workflow part of a call_error's key: after every step of the call.
CALL_ERROR_SLOT = 1 << 30
#: How deep a place is in the stack: next stops at the next place no deeper, stepOut at the next one shallower.
DEPTH: dict[PlaceKind, int] = {"call": 2, "step": 3, "step_failed": 3, "call_error": 2, "expectation": 2}


def call_key(call: CallPlan) -> PlaceKey:
    return (call.scenario, call.index, -1, 0)


@dataclass
class Place:
    """A point of the run, and (when the run asked about it) what a stop there shows."""

    key: PlaceKey
    kind: PlaceKind
    scenario: ScenarioPlan | None  # None: an expectation of a scenario the file does not have
    shown_at: Source  # where its frame points: the step's line, else the call's (or the expectation's)
    breakpoint_at: Source | None = None  # the line a breakpoint stops it on (None: it has no line of its own)
    call: CallPlan | None = None
    expectation: ExpectationPlan | None = None
    step: str | None = None  # the step's id
    step_kind: str | None = None
    operation: str | None = None  # a runtime step's operation
    roots: dict[str, Any] = field(default_factory=dict)  # what a stop shows, by name: state, payload, params...
    failed: str | None = None  # why it is an exception: a failed step, a mission error, a failed expectation
    step_in: Location | None = None  # where stepping in from here stops: the Python code the step runs

    @property
    def depth(self) -> int:
        return DEPTH[self.kind]


@dataclass(frozen=True)
class Stops:
    """What could stop the run, as of now (the session replaces it whenever it changes)."""

    lines: frozenset[tuple[str, int]] = frozenset()  # YAML breakpoints: (resolved path, 1-based line)
    every: bool = False  # stepping, pausing, the entry: every place asks
    target: PlaceKey | None = None  # a re-run (step back) asks there
    failed_step: bool = False
    mission_error: bool = True
    failed_expectation: bool = False
    trace: bool = False  # the project's Python runs under pydevd (a Python breakpoint or step is active)

    def could_stop(self, place: Place) -> bool:
        if self.every or place.key == self.target:
            return True
        if place.kind == "step_failed":
            return self.failed_step or self._on_line(place)
        if place.kind == "call_error":
            return self.mission_error or self._on_line(place)
        if place.kind == "expectation" and place.failed is not None and self.failed_expectation:
            return True
        return self._on_line(place)

    def _on_line(self, place: Place) -> bool:
        at = place.breakpoint_at
        return at is not None and (str(at.path), at.line) in self.lines

    def targets(self, call: CallPlan) -> bool:
        """The re-run target is inside ``call``."""
        return self.target is not None and self.target[:2] == (call.scenario, call.index) and self.target[2] >= 0


@dataclass(frozen=True)
class Go:
    """Go on from the place."""


@dataclass(frozen=True)
class Rewind:
    """Abandon the run from here and run again from ``position`` (scenario, slot): a step back."""

    position: tuple[int, int]


@dataclass(frozen=True)
class Terminate:
    """The session is over: end the run."""


Reply = Go | Rewind | Terminate


class Conductor(Protocol):
    """What the runner needs of the session (every member may be used from the runner's thread)."""

    configured: threading.Event
    running_time: RunningTime

    @property
    def stops(self) -> Stops:
        """The current stops: read again at each place."""

    def ask(self, place: Place) -> Reply:
        """Whether the run stops at ``place``: returns when it may go on."""

    def passed(self, places: list[Place]) -> None:
        """Places passed without asking (the history that stepping back walks)."""

    def rewind_asked(self) -> Rewind | None:
        """A step back asked while the worker ran Python code (taken: asked once)."""

    def post(self, kind: str, *details: Any) -> None:
        """An event for the session's thread: ``debugger``, ``pydevd``, ``output``, ``finished``..."""
