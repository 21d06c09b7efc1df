"""Missions: named workflows a scenario can call.

A mission is a function ``(ctx, params) -> OrchestrationResult``. The built-in
ones live in :data:`MISSION_REGISTRY`; a scenario file's own missions are
passed to :func:`run_mission` as ``missions`` and are looked up first.
"""
from __future__ import annotations

import difflib
from typing import Any, Callable, Iterable, Mapping

from .engine import (
    ExecutionContext,
    OrchestrationResult,
    Orchestrator,
    StepSpec,
    WorkflowDefinition,
)
from .frozen import FrozenDict, freeze

__all__ = [
    "CallError",
    "MISSION_DESCRIPTIONS",
    "MISSION_REGISTRY",
    "Mission",
    "UnknownMissionError",
    "closest_name",
    "resolve_mission",
    "run_mission",
    "workflow_mission",
]

Mission = Callable[[ExecutionContext, Mapping[str, Any] | None], OrchestrationResult]

_ORCHESTRATOR = Orchestrator()


class CallError(Exception):
    """A mission call that gave no result, for a reason its finding states (a Python mission raised, say)."""


class UnknownMissionError(KeyError):
    """No mission of that name is registered (or defined in the file)."""

    def __init__(self, name: str, known: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestion = closest_name(name, known)
        hint = f"; did you mean '{self.suggestion}'?" if self.suggestion else ""
        super().__init__(f"unknown mission '{name}'{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


def closest_name(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``name``, if any is close enough to suggest."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


_WORK = StepSpec("work", "runtime", freeze({"operation": "increment", "key": "counter", "by": 1}))
_REVIEW = StepSpec("review", "human", freeze({"description": "Review the day"}))


def _daily_loop(ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
    """Plan (records the params), work (counter + 1), review (human)."""
    plan = StepSpec("plan", "runtime", FrozenDict({"operation": "noop", "params": freeze(dict(params or {}))}))
    workflow = WorkflowDefinition(id="daily_loop", name="daily_loop", steps=(plan, _WORK, _REVIEW))
    return _ORCHESTRATOR.run_workflow(workflow, ctx)


def _echo(ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
    """Copies ``initial_state[params.payload_key]`` (null if absent) to ``echo``."""
    params = freeze(dict(params or {}))
    key = params.get("payload_key")
    value = ctx.initial_state.get(key) if isinstance(key, str) else None
    payload = FrozenDict({"operation": "set", "key": "echo", "value": freeze(value), "params": params})
    workflow = WorkflowDefinition(id="echo", name="echo", steps=(StepSpec("echo", "runtime", payload),))
    return _ORCHESTRATOR.run_workflow(workflow, ctx)


#: Built-in missions by name, with a one-line description each.
MISSION_REGISTRY: Mapping[str, Mission] = FrozenDict({"daily_loop": _daily_loop, "echo": _echo})
MISSION_DESCRIPTIONS: Mapping[str, str] = FrozenDict(
    {
        "daily_loop": "plan (records params), work (increments state.counter), review (human step)",
        "echo": "sets state.echo to initial_state[params.payload_key] (null when absent)",
    }
)


def workflow_mission(workflow: WorkflowDefinition) -> Mission:
    """A mission that runs ``workflow`` (a file's own missions take no params)."""

    def run(ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
        return _ORCHESTRATOR.run_workflow(workflow, ctx)

    return run


def resolve_mission(name: str, missions: Mapping[str, Mission] | None = None) -> Mission:
    """The mission called ``name``: the file's own first, then the registry."""
    if missions and name in missions:
        return missions[name]
    if name in MISSION_REGISTRY:
        return MISSION_REGISTRY[name]
    raise UnknownMissionError(name, [*MISSION_REGISTRY, *(missions or ())])


def run_mission(
    name: str,
    ctx: ExecutionContext,
    params: Mapping[str, Any] | None = None,
    *,
    missions: Mapping[str, Mission] | None = None,
) -> OrchestrationResult:
    """Run the mission called ``name``; raises :class:`UnknownMissionError`."""
    return resolve_mission(name, missions)(ctx, params)
