"""Dot paths over what a stop shows, and the conditions and hit counts of YAML breakpoints.

At a YAML place the debugger shows a few named values (its *roots*):
``state``, ``payload``, ``params``, ``result``, ``actual``, ``expected``...
A dot path starts at one of them and walks mapping keys and list indexes,
as an expectation's ``path`` does (``state.stock.MUG``, ``result.steps.0``).

A condition is ``PATH OP VALUE`` (``OP`` one of ``==``, ``!=``, ``<``,
``<=``, ``>``, ``>=``; ``VALUE`` a JSON value, or a bare word read as text)
or a bare ``PATH``, which holds when the value there is not ``false``,
``null``, ``0``, empty text, or an empty list or mapping. Values compare as
expectations compare them: as JSON values (``1`` equals ``1.0``, ``true`` is
not ``1``; ``<`` and ``>`` compare two numbers or two texts). A path that
does not exist, or values that cannot be compared, make the condition
false: a condition never stops a run with an error.

A hit condition is what pydevd takes for Python breakpoints, so that both
kinds count alike: ``N`` or ``== N`` (the Nth hit), ``>= N``, ``> N``,
``<= N``, ``< N``, ``% N`` (every Nth).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from scenario_core.orchestration.expectations import available_keys, evaluate_op, json_equal, resolve_path

__all__ = ["Condition", "ConditionError", "HitCondition", "PathNotFound", "value_at"]


class PathNotFound(Exception):
    """A dot path that leads nowhere; the message says how far it got and what is there."""


class ConditionError(ValueError):
    """A condition or hit condition that cannot be read; the message says what is expected."""


def value_at(roots: Mapping[str, Any], path: str) -> Any:
    """The value at dot ``path``, whose first segment names one of ``roots``."""
    text = path.strip()
    head, _, rest = text.partition(".")
    if head not in roots:
        known = ", ".join(sorted(roots)) or "nothing"
        raise PathNotFound(f"'{head}' is not a value here; the values are {known}")
    resolution = resolve_path(roots[head], rest)
    if resolution.found:
        return resolution.value
    segments = text.split(".")
    reached = ".".join(segments[: resolution.missing_index + 1])
    keys = available_keys(resolution.container)
    there = f"; it has {', '.join(keys)}" if keys else ""
    raise PathNotFound(f"{reached} has no '{segments[resolution.missing_index + 1]}'{there}")


_COMPARISON = re.compile(r"^\s*(?P<path>[^\s<>=!]+)\s*(?P<op><=|>=|==|!=|<|>)\s*(?P<value>\S.*?)\s*$")
_PATH = re.compile(r"^\s*[^\s<>=!]+\s*$")


def _holds(op: str, left: Any, right: Any) -> bool:
    if op in ("<=", ">="):
        return json_equal(left, right) or evaluate_op("lt" if op == "<=" else "gt", left, right)[0]
    return evaluate_op({"==": "eq", "!=": "ne", "<": "lt", ">": "gt"}[op], left, right)[0]


@dataclass(frozen=True)
class Condition:
    """A breakpoint's condition, read once when the breakpoint is set."""

    text: str
    path: str
    op: str | None  # None: the bare path's truth
    value: Any = None

    @classmethod
    def parse(cls, text: str) -> "Condition":
        match = _COMPARISON.match(text)
        if match is not None:
            return cls(text, match["path"], match["op"], _literal(match["value"]))
        if _PATH.match(text):
            return cls(text, text.strip(), None)
        raise ConditionError(f"cannot read the condition {text!r}: write PATH OP VALUE, such as state.stock.MUG < 2, or a PATH alone")

    def holds(self, roots: Mapping[str, Any]) -> bool:
        try:
            found = value_at(roots, self.path)
        except PathNotFound:
            return False
        if self.op is None:
            return _truthy(found)
        return _holds(self.op, found, self.value)


def _literal(text: str) -> Any:
    """A JSON value, or the text as written (a bare word: ``MUG``)."""
    try:
        return json.loads(text)
    except ValueError:
        return text.strip("'\"") if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def _truthy(value: Any) -> bool:
    return value not in (None, False, 0, "") and not (isinstance(value, (dict, list, tuple)) and not value)


_HIT_TESTS: dict[str, Callable[[int, int], bool]] = {
    ">=": lambda hits, n: hits >= n,
    "<=": lambda hits, n: hits <= n,
    "==": lambda hits, n: hits == n,
    ">": lambda hits, n: hits > n,
    "<": lambda hits, n: hits < n,
    "%": lambda hits, n: hits % n == 0,
}


@dataclass(frozen=True)
class HitCondition:
    """A breakpoint's hit condition: on which hits (1-based) it stops."""

    text: str
    op: str
    count: int

    @classmethod
    def parse(cls, text: str) -> "HitCondition":
        stripped = text.strip()
        op = next((candidate for candidate in _HIT_TESTS if stripped.startswith(candidate)), "==")
        number = stripped[len(op) :].strip() if stripped.startswith(op) else stripped
        if not number.isdigit() or (op == "%" and int(number) == 0):
            raise ConditionError(f"cannot read the hit count {text!r}: write N (the Nth hit), >= N, > N, <= N, < N or % N")
        return cls(text, op, int(number))

    def matches(self, hits: int) -> bool:
        return _HIT_TESTS[self.op](hits, self.count)
