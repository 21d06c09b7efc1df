"""What a client sees of a YAML stop: its stack, scopes, variables, and the values of dot paths.

A stop at a place shows, top first: the step (for a place inside a call),
the expectation, the mission call, the scenario; each frame with its file
and line. Each frame has scopes, and each scope the values a stop holds:

* step: ``State`` (before the step; the state it left, for a failed one),
  ``Payload``, ``Result`` (the steps of the call so far: their status and
  what each changed);
* call: ``Params`` (and ``Error`` for a call that gave no result);
* scenario: ``Initial state``, ``Results`` (of the scenario's calls so far);
* expectation: ``Actual``, ``Expected``, ``Result`` (the result it reads).

Frame ids and variable references start at :data:`YAML_BASE`, above
pydevd's (small numbers from one counter): a request is routed by its
number. They hold until the run goes on.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .conditions import PathNotFound, value_at
from .stops import Place

if TYPE_CHECKING:  # the types only: the generated module takes a fiftieth of a second to import
    from . import protocol as dap

__all__ = ["FrameKind", "Views", "YAML_BASE", "error_details", "shown"]

#: The first id of ours; DAP numbers are 32-bit, pydevd's stay far below.
YAML_BASE = 1 << 30
FrameKind = Literal["raised", "step", "expectation", "call", "scenario"]

#: A frame's scopes: (title, root) in order.
_SCOPES: dict[FrameKind, tuple[tuple[str, str], ...]] = {
    "raised": (("Error", "error"),),
    "step": (("State", "state"), ("Payload", "payload"), ("Result", "result")),
    "call": (("Params", "params"), ("Error", "error")),
    "scenario": (("Initial state", "initial_state"), ("Results", "results")),
    "expectation": (("Actual", "actual"), ("Expected", "expected"), ("Result", "result")),
}


def shown(value: Any, limit: int = 400) -> str:
    """A value as a variable's line shows it: JSON, cut short."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Views:
    """The frames and variables handed out for the current stop (see the module doc)."""

    def __init__(self) -> None:
        self._next = YAML_BASE
        self.frames: dict[int, tuple[Place, FrameKind]] = {}
        self.values: dict[int, tuple[Any, str]] = {}  # reference -> (container, its dot path)

    def clear(self) -> None:
        """The run goes on: what was handed out is gone (ids are not reused)."""
        self.frames.clear()
        self.values.clear()

    def _id(self) -> int:
        self._next += 1
        return self._next

    def stack(self, place: Place) -> list[dap.StackFrame]:
        """The YAML frames of ``place``, top first."""
        chain: list[tuple[FrameKind, str, Path, int]] = []
        error = place.roots.get("error")
        if place.kind == "call_error" and isinstance(error, dict) and error.get("file"):
            chain.append(("raised", f"{error['code']}: {error['message']}"[:120], Path(error["file"]), int(error.get("line") or 1)))
        if place.kind in ("step", "step_failed"):
            what = place.operation or place.step_kind or "step"
            name = f"step {place.step} ({what})" + (" failed" if place.kind == "step_failed" else "")
            chain.append(("step", name, place.shown_at.path, place.shown_at.line))
        if place.expectation is not None:
            chain.append(("expectation", f"expectation {place.expectation.definition.id}", place.expectation.at.path, place.expectation.at.line))
        if place.call is not None:
            call = place.call
            chain.append(("call", f"{call.name} (call {call.index + 1})", call.at.path, call.at.line))
        if place.scenario is not None:
            chain.append(("scenario", f"scenario {place.scenario.name}", place.scenario.at.path, place.scenario.at.line))
        frames: list[dap.StackFrame] = []
        for kind, name, path, line in chain:
            frame_id = self._id()
            self.frames[frame_id] = (place, kind)
            frames.append({"id": frame_id, "name": name, "source": {"name": path.name, "path": str(path)}, "line": line, "column": 1})
        return frames

    def scopes(self, frame_id: int) -> list[dap.Scope]:
        place, kind = self.frames[frame_id]
        scopes: list[dap.Scope] = []
        for title, root in _SCOPES[kind]:
            if root not in place.roots or (root == "error" and place.roots[root] is None):
                continue
            value = place.roots[root]
            if not isinstance(value, (dict, list)):  # a scope holds variables: a lone value is one, named by its path
                name = place.expectation.definition.path if place.expectation is not None and root == "actual" else root
                value = {name: value}
            scopes.append({"name": title, "variablesReference": self.reference(value, root), "expensive": False})
        return scopes

    def reference(self, value: Any, path: str) -> int:
        """A reference to ``value``'s children (0 for a value with none)."""
        if not isinstance(value, (dict, list)) or not value:
            return 0
        reference = self._id()
        self.values[reference] = (value, path)
        return reference

    def variables(self, reference: int, start: int = 0, count: int = 0) -> list[dap.Variable]:
        value, path = self.values.get(reference, (None, ""))
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value)) if isinstance(value, list) else []
        items = items[start : start + count] if count else items[start:]
        variables = []
        for key, item in items:
            child = f"{path}.{key}" if path else str(key)
            variable: dap.Variable = {"name": str(key), "value": shown(item), "variablesReference": self.reference(item, child), "evaluateName": child}
            if isinstance(item, list):
                variable["indexedVariables"] = len(item)
            variables.append(variable)
        return variables

    def roots(self, frame_id: int | None, current: Place) -> dict[str, Any]:
        """The values a dot path may start from: the place of ``frame_id``, else the current stop's."""
        place = self.frames[frame_id][0] if frame_id in self.frames else current
        return {key: value for key, value in place.roots.items() if value is not None}

    def evaluate(self, expression: str, roots: dict[str, Any], hover: bool) -> tuple[Any, str]:
        """The value at dot path ``expression`` (and the path it was found at); :class:`PathNotFound` if none.

        A hover gives the word under the mouse: a key of the state (``MUG``
        in ``{sku: MUG}``), so it is also looked up in the state.
        """
        try:
            return value_at(roots, expression), expression.strip()
        except PathNotFound:
            if hover and "state" in roots and not expression.strip().startswith("state."):
                path = f"state.{expression.strip()}"
                return value_at(roots, path), path
            raise


def error_details(error: Any) -> dict[str, Any]:
    """``exceptionInfo``'s details of a call's error as a place shows it."""
    if not isinstance(error, dict):
        return {}
    details: dict[str, Any] = {"message": error.get("message", "")}
    if error.get("traceback"):
        details["stackTrace"] = error["traceback"]
    details["typeName"] = error.get("code", "")
    return details
