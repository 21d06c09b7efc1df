"""Where two JSON values differ, as dot paths: what changed, what was added, what was removed.

Paths are written as expectations write them (``final_state.items.0``);
changes are listed shortest path first, then in the order of the paths'
text, so the same two values always give the same list.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .expectations import json_equal

__all__ = ["Change", "differences"]


@dataclass(frozen=True)
class Change:
    """One difference: ``changed`` (old → new), ``added`` (only new) or ``removed`` (only old)."""

    path: str
    kind: Literal["changed", "added", "removed"]
    old: Any = None
    new: Any = None


def differences(old: Any, new: Any, path: str = "", *, strict: bool = False) -> list[Change]:
    """Every place where ``new`` differs from ``old``, shortest path first.

    Values compare as JSON values (``1`` equals ``1.0``); with ``strict``
    they compare as their canonical JSON does, so ``1`` → ``1.0`` is a change.
    """
    same = _same_text if strict else json_equal
    found: list[Change] = []
    stack: list[tuple[Any, Any, str]] = [(old, new, path)]
    while stack:
        a, b, at = stack.pop()
        if isinstance(a, dict) and isinstance(b, dict):
            for key in a.keys() | b.keys():
                where = f"{at}.{key}" if at else str(key)
                if key not in b:
                    found.append(Change(where, "removed", old=a[key]))
                elif key not in a:
                    found.append(Change(where, "added", new=b[key]))
                else:
                    stack.append((a[key], b[key], where))
        elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            for index in range(max(len(a), len(b))):
                where = f"{at}.{index}" if at else str(index)
                if index >= len(b):
                    found.append(Change(where, "removed", old=a[index]))
                elif index >= len(a):
                    found.append(Change(where, "added", new=b[index]))
                else:
                    stack.append((a[index], b[index], where))
        elif not same(a, b):
            found.append(Change(at, "changed", a, b))
    return sorted(found, key=lambda c: (c.path.count("."), c.path))


def _same_text(a: Any, b: Any) -> bool:
    """True when two JSON leaves (or mismatched containers) have the same canonical JSON."""
    return type(a) is type(b) and a == b
