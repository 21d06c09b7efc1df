"""Scenario Harness for your own code: write missions and operations in Python.

Scenario files call what a project registers here (see
docs/python-missions.md)::

    from scenario_harness import StepFailed, StepSpec, WorkflowDefinition, mission, operation

    @operation
    def reserve_stock(state: dict, *, sku: str, qty: int = 1) -> None:
        left = state.setdefault("stock", {}).get(sku, 0)
        if left < qty:
            raise StepFailed(f"only {left} of {sku} left")
        state["stock"][sku] = left - qty

    @mission
    def place_order(ctx, *, sku: str, qty: int = 1) -> WorkflowDefinition:
        return WorkflowDefinition(id="place_order", steps=[
            StepSpec("reserve", "runtime", {"operation": "reserve_stock", "sku": sku, "qty": qty}),
            StepSpec("approve", "human", {}),
        ])

The modules are named in the project's ``pyproject.toml``
(``[tool.scenario] missions = ["checkout.missions"]``) or contributed by an
installed package through the entry-point group ``scenario_harness.missions``.
They run in a worker process, never in the editor's language server, under
a guard that refuses clocks, unseeded randomness, the network, subprocesses
and file writes; :func:`unguarded` is the escape hatch.

The deterministic core stays in ``scenario_core``; this package re-exports
what mission code needs from it.
"""
from scenario_core import __version__
from scenario_core.orchestration.engine import (
    ExecutionContext,
    OrchestrationResult,
    StepSpec,
    WorkflowDefinition,
)

from ._api import DEFAULT_CLOCK, MissionContext, StepFailed, mission, operation
from ._guard import NondeterministicCall, unguarded

__all__ = [
    "DEFAULT_CLOCK",
    "ExecutionContext",
    "MissionContext",
    "NondeterministicCall",
    "OrchestrationResult",
    "StepFailed",
    "StepSpec",
    "WorkflowDefinition",
    "__version__",
    "mission",
    "operation",
    "unguarded",
]
