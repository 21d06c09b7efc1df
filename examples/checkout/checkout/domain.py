"""The checkout's domain: a price list, carts priced with discount codes, stock, orders and refunds.

Ordinary Python that knows nothing of scenario files; ``checkout.missions``
drives it. Money is in whole cents, so every amount is exact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any


class CheckoutError(ValueError):
    """A request the checkout refuses: an unknown product or code, too little stock, too large a refund."""


class UnknownProduct(CheckoutError):
    pass


class UnknownDiscount(CheckoutError):
    pass


class OutOfStock(CheckoutError):
    pass


class RefundTooLarge(CheckoutError):
    pass


class DiscountKind(Enum):
    PERCENT = "percent"  # amount: a percentage of the subtotal, rounded down to the cent
    FIXED = "fixed"  # amount: cents off, never more than the subtotal


class OrderStatus(Enum):
    PLACED = "placed"
    PARTLY_REFUNDED = "partly_refunded"
    REFUNDED = "refunded"


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price_cents: int


@dataclass(frozen=True)
class Discount:
    code: str
    kind: DiscountKind
    amount: int
    min_subtotal_cents: int = 0

    def off(self, subtotal_cents: int) -> int:
        """The cents this code takes off ``subtotal_cents`` (0 below its minimum)."""
        if subtotal_cents < self.min_subtotal_cents:
            return 0
        if self.kind is DiscountKind.PERCENT:
            return subtotal_cents * self.amount // 100
        return min(self.amount, subtotal_cents)


PRICE_LIST = {
    p.sku: p
    for p in (
        Product("BEANS-1KG", "Espresso beans, 1 kg", 1800),
        Product("MUG", "Stoneware mug", 1250),
        Product("GRINDER", "Hand grinder", 4900),
    )
}

DISCOUNTS = {
    d.code: d
    for d in (
        Discount("WELCOME10", DiscountKind.PERCENT, 10),
        Discount("FIVEOFF", DiscountKind.FIXED, 500, min_subtotal_cents=3000),
    )
}


@dataclass(frozen=True)
class Line:
    """``qty`` units of the product ``sku``: a line of a cart, or of a return."""

    sku: str
    qty: int = 1

    def to_state(self) -> dict[str, Any]:
        return {"sku": self.sku, "qty": self.qty}


def product(sku: str) -> Product:
    if sku not in PRICE_LIST:
        raise UnknownProduct(f"no product {sku!r} (the price list has {', '.join(sorted(PRICE_LIST))})")
    return PRICE_LIST[sku]


def discount(code: str) -> Discount:
    if code not in DISCOUNTS:
        raise UnknownDiscount(f"no discount code {code!r} (the codes are {', '.join(sorted(DISCOUNTS))})")
    return DISCOUNTS[code]


@dataclass(frozen=True)
class Quote:
    """What a cart costs: the subtotal of its lines, less the discount."""

    lines: tuple[Line, ...]
    subtotal_cents: int
    discount_code: str | None = None
    discount_cents: int = 0

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.discount_cents


def quote(lines: list[Line], discount_code: str | None = None) -> Quote:
    """The price of a cart; raises for an empty cart, an unknown product or an unknown discount code."""
    if not lines or any(line.qty < 1 for line in lines):
        raise CheckoutError("a cart needs at least one line, and every line at least one unit")
    subtotal = sum(product(line.sku).price_cents * line.qty for line in lines)
    off = discount(discount_code).off(subtotal) if discount_code else 0
    return Quote(tuple(lines), subtotal, discount_code, off)


class Stock:
    """Units on hand by SKU. Reserving a cart takes all of its lines or none."""

    def __init__(self, on_hand: dict[str, int]) -> None:
        self.on_hand = dict(on_hand)

    def reserve(self, lines: list[Line]) -> None:
        for line in lines:
            left = self.on_hand.get(line.sku, 0)
            if left < line.qty:
                raise OutOfStock(f"only {left} of {line.sku} left, {line.qty} wanted")
        for line in lines:
            self.on_hand[line.sku] -= line.qty

    def release(self, line: Line) -> None:
        self.on_hand[line.sku] = self.on_hand.get(line.sku, 0) + line.qty


@dataclass
class Order:
    number: str
    quote: Quote
    placed_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    returned: dict[str, int] = field(default_factory=dict)
    refunded_cents: int = 0
    status: OrderStatus = OrderStatus.PLACED

    def refund(self, line: Line) -> int:
        """Takes ``line`` back and returns the cents refunded for it.

        A line gives back what it cost less its share of the order's discount
        (rounded down); the last units returned give back whatever of the
        total is left, so that a full return refunds the total exactly.
        """
        ordered = sum(l.qty for l in self.quote.lines if l.sku == line.sku)
        already = self.returned.get(line.sku, 0)
        if line.qty > ordered - already:
            raise RefundTooLarge(f"{line.qty} of {line.sku} returned, but {ordered - already} of it can be")
        self.returned[line.sku] = already + line.qty
        cost = product(line.sku).price_cents * line.qty
        amount = cost - self.quote.discount_cents * cost // self.quote.subtotal_cents
        if sum(self.returned.values()) == sum(l.qty for l in self.quote.lines):
            amount = self.quote.total_cents - self.refunded_cents
        self.refunded_cents += amount
        self.status = OrderStatus.REFUNDED if self.refunded_cents == self.quote.total_cents else OrderStatus.PARTLY_REFUNDED
        return amount

    def to_state(self) -> dict[str, Any]:
        """The order as JSON values, as a workflow's state holds it."""
        return {
            "number": self.number,
            "placed_at": self.placed_at.isoformat(),
            "lines": [line.to_state() for line in self.quote.lines],
            "subtotal_cents": self.quote.subtotal_cents,
            "discount_code": self.quote.discount_code,
            "discount_cents": self.quote.discount_cents,
            "total_cents": self.quote.total_cents,
            "returned": dict(sorted(self.returned.items())),
            "refunded_cents": self.refunded_cents,
            "status": self.status.value,
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Order:
        lines = tuple(Line(**line) for line in data["lines"])
        priced = Quote(lines, data["subtotal_cents"], data["discount_code"], data["discount_cents"])
        return cls(
            data["number"],
            priced,
            datetime.fromisoformat(data["placed_at"]),
            dict(data["returned"]),
            data["refunded_cents"],
            OrderStatus(data["status"]),
        )
