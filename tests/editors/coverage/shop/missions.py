"""The shop's stock: a Python operation and a mission that uses it."""
from scenario_harness import StepFailed, StepSpec, WorkflowDefinition, mission, operation


@operation
def restock(state: dict, *, qty: int) -> None:
    """Adds ``qty`` to the stock; a big order is flagged."""
    if qty < 0:
        raise StepFailed("cannot restock a negative quantity")
    if qty > 10:
        state["big_order"] = True
    state["stock"] = state.get("stock", 0) + qty


@mission
def top_up(ctx, *, qty: int = 1) -> WorkflowDefinition:
    return WorkflowDefinition(id="top_up", steps=[StepSpec("restock", "runtime", {"operation": "restock", "qty": qty})])
