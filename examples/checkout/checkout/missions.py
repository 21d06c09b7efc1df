"""The checkout's missions and operations, as scenario files call them.

Missions build workflows from the domain's types; operations run the domain
over the workflow's state (JSON values: the order, the stock). A refusal of
the domain that a scenario may expect (too little stock, too large a refund)
fails its step with ``StepFailed``; anything else the domain raises is a bug
in the call, reported as ``mission_error``.
"""
from __future__ import annotations

from datetime import datetime

from scenario_harness import MissionContext, StepFailed, StepSpec, WorkflowDefinition, mission, operation

from .domain import CheckoutError, Line, Order, Stock, quote

# -- operations: the domain over the workflow's state ------------------------------------------


@operation
def reserve_stock(state: dict, *, lines: list[Line]) -> None:
    """Takes the lines out of ``state["stock"]``, all or none; the step fails when one is short."""
    stock = Stock(state.get("stock", {}))
    try:
        stock.reserve(lines)
    except CheckoutError as refused:
        raise StepFailed(str(refused)) from None
    state["stock"] = stock.on_hand


@operation
def record_order(state: dict, *, number: str, lines: list[Line], discount: str | None = None, placed_at: str | None = None) -> None:
    """Prices the lines and records the order in ``state["order"]``."""
    priced = quote(lines, discount)
    if placed_at is None:
        order = Order(number, priced)  # Order's own default: the wall clock
    else:
        order = Order(number, priced, placed_at=datetime.fromisoformat(placed_at))
    state["order"] = order.to_state()


@operation
def refund(state: dict, *, lines: list[Line]) -> None:
    """Takes the lines back into stock and refunds them on ``state["order"]``."""
    order = Order.from_state(state["order"])
    stock = Stock(state.get("stock", {}))
    refunds = []
    for line in lines:
        try:
            refunds.append(order.refund(line))
        except CheckoutError as refused:
            raise StepFailed(str(refused)) from None
        stock.release(line)
    state["order"] = order.to_state()
    state["stock"] = stock.on_hand
    state["refunds_cents"] = refunds


# -- missions -----------------------------------------------------------------------------------


@mission
def place_order(ctx: MissionContext, *, cart: list[Line], discount: str | None = None) -> WorkflowDefinition:
    """Reserve the cart's stock and record the priced order; a person takes the payment."""
    return WorkflowDefinition(id="place_order", steps=_placing(ctx, cart, discount))


@mission
def return_items(ctx: MissionContext, *, cart: list[Line], returned: list[Line], discount: str | None = None) -> WorkflowDefinition:
    """Place the order, then a person accepts the returned lines and they are refunded."""
    return WorkflowDefinition(id="return_items", steps=[
        *_placing(ctx, cart, discount),
        StepSpec("accept_return", "human", {"description": "Check the returned items"}),
        StepSpec("refund", "runtime", {"operation": "refund", "lines": [line.to_state() for line in returned]}),
    ])


@mission
def buy_again(ctx: MissionContext, *, cart: list[Line]) -> WorkflowDefinition:
    """Place a past cart again, with no discount (the shop's "buy again" button).

    It leaves out ``placed_at``, so the order takes the wall clock: the
    determinism guard refuses that (examples/checkout/failing.scenario.yaml).
    """
    lines = [line.to_state() for line in cart]
    return WorkflowDefinition(id="buy_again", steps=[
        StepSpec("reserve", "runtime", {"operation": "reserve_stock", "lines": lines}),
        StepSpec("record", "runtime", {"operation": "record_order", "number": _order_number(ctx), "lines": lines}),
    ])


def _placing(ctx: MissionContext, cart: list[Line], discount: str | None) -> list[StepSpec]:
    # Priced before anything runs: an unknown product or discount code is a mistake in the call.
    quote(cart, discount)
    lines = [line.to_state() for line in cart]
    return [
        StepSpec("reserve", "runtime", {"operation": "reserve_stock", "lines": lines}),
        StepSpec("record", "runtime", {
            "operation": "record_order",
            "number": _order_number(ctx),
            "lines": lines,
            "discount": discount,
            "placed_at": ctx.now().isoformat(),
        }),
        StepSpec("take_payment", "human", {"description": "Take the payment"}),
    ]


def _order_number(ctx: MissionContext) -> str:
    """Orders are numbered from a UUID; ctx.uuid4() gives the same one on every run."""
    return "ORD-" + ctx.uuid4().hex[:8].upper()

