"""Missions and operations for the debugger's tests (tests/dap): each line a test stops on is marked."""
from __future__ import annotations

from datetime import datetime

from scenario_harness import MissionContext, StepFailed, StepSpec, WorkflowDefinition, mission, operation


@operation
def reserve(state: dict, *, sku: str, qty: int = 1) -> None:
    """Takes qty of sku out of state["stock"]; the step fails when there are too few."""
    stock = dict(state.get("stock", {}))  # first line of reserve's body
    left = stock.get(sku, 0)
    if left < qty:
        raise StepFailed(f"only {left} of {sku} left")
    stock[sku] = left - qty  # stock written
    state["stock"] = stock


@operation
def churn(state: dict, *, rounds: int) -> None:
    """Busy for a while (no clock: the guard refuses them): what pausing in Python code stops."""
    total = 0
    for number in range(rounds):
        total += number % 7  # churning
    state["churned"] = total


@operation
def spin(state: dict) -> None:
    """Never ends: what the project's timeout stops."""
    while True:
        pass


@operation
def stamp(state: dict) -> None:
    """Reads the wall clock: the determinism guard refuses it."""
    state["at"] = datetime.now().isoformat()  # the clock read


@mission
def order(ctx: MissionContext, *, sku: str, qty: int = 1) -> WorkflowDefinition:
    """Reserve, then a person approves."""
    steps = [StepSpec("take", "runtime", {"operation": "reserve", "sku": sku, "qty": qty})]  # first line of order's body
    steps.append(StepSpec("approve", "human", {"description": "Approve the order"}))
    return WorkflowDefinition(id="order", steps=steps)


@mission
def broken(ctx: MissionContext) -> WorkflowDefinition:
    """Raises: a mission error."""
    raise LookupError("no such catalogue")  # broken raises
