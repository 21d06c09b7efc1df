"""The breakpoints a client set: on YAML places (ours to decide) and on Python lines (pydevd's).

A YAML breakpoint is on a line of a scenario file or a mission library: a
mission call, a step of a YAML mission, an expectation. It is verified when
the line holds such a place and its condition and hit count can be read. It
stops at a place on its line when its condition holds (:mod:`.conditions`)
and the number of such visits so far, in run order, matches its hit count.
Visits are counted by position (the place's key), not by time: after a step
back the count at a place is what it was the first time. A breakpoint with a
log message prints it (``{state.stock.MUG}`` replaced by the value there)
and never stops.

A Python breakpoint is pydevd's: its condition, hit count and log message
are pydevd's to apply. Clients see ids of ours for both kinds: pydevd
numbers its breakpoints again on every ``setBreakpoints``, and before it is
attached (or when it cannot be) a breakpoint still needs an id for the
``breakpoint`` event that says what became of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .conditions import Condition, ConditionError, HitCondition, PathNotFound, value_at
from .stops import Place, PlaceKey
from .views import shown

if TYPE_CHECKING:  # the types only: the generated module takes a fiftieth of a second to import
    from . import protocol as dap

__all__ = ["Breakpoints", "PythonBreakpoint", "YamlBreakpoint", "kind_of_source"]

_NOT_A_PLACE = "not a mission call, a step of a YAML mission or an expectation: a breakpoint stops on those lines"


def kind_of_source(path: str) -> str:
    """``yaml`` (ours), ``python`` (pydevd's) or ``other``."""
    suffix = Path(path).suffix.lower()
    return "python" if suffix == ".py" else "yaml" if suffix in (".yaml", ".yml") else "other"


@dataclass
class YamlBreakpoint:
    id: int
    path: str
    line: int
    condition: Condition | None = None
    hit: HitCondition | None = None
    log: str | None = None
    problem: str | None = None  # why it is not verified

    def shown(self) -> dap.Breakpoint:
        answer: dap.Breakpoint = {"id": self.id, "verified": self.problem is None, "line": self.line, "source": {"path": self.path}}
        if self.problem is not None:
            answer["message"] = self.problem
        return answer


@dataclass
class PythonBreakpoint:
    id: int
    path: str
    requested: dict[str, Any]  # the client's SourceBreakpoint, as pydevd gets it
    verified: bool = False
    message: str | None = None
    line: int | None = None

    def shown(self) -> dap.Breakpoint:
        answer: dap.Breakpoint = {
            "id": self.id,
            "verified": self.verified,
            "line": self.line or self.requested["line"],
            "source": {"path": self.path},
        }
        if self.message is not None:
            answer["message"] = self.message
        return answer


@dataclass
class Breakpoints:
    """Every breakpoint of the session, by file (resolved path)."""

    yaml: dict[str, list[YamlBreakpoint]] = field(default_factory=dict)
    python: dict[str, list[PythonBreakpoint]] = field(default_factory=dict)
    # The visits of each breakpoint line, by place, and whether the condition held there.
    visits: dict[tuple[str, int], dict[PlaceKey, bool]] = field(default_factory=dict)
    from_pydevd: dict[int, int] = field(default_factory=dict)  # pydevd's id -> ours
    _last_id: int = 0

    def _id(self) -> int:
        self._last_id += 1
        return self._last_id

    # -- YAML ------------------------------------------------------------------------------------
    def set_yaml(self, path: str, requested: list[dict[str, Any]], places: Mapping[Path, frozenset[int]] | None) -> list[YamlBreakpoint]:
        """Replace the breakpoints of the YAML file ``path``; ``places`` (None: not known yet) verifies their lines."""
        found = []
        for asked in requested:
            breakpoint = YamlBreakpoint(self._id(), path, int(asked["line"]), log=asked.get("logMessage") or None)
            try:
                breakpoint.condition = Condition.parse(asked["condition"]) if asked.get("condition") else None
                breakpoint.hit = HitCondition.parse(asked["hitCondition"]) if asked.get("hitCondition") else None
            except ConditionError as error:
                breakpoint.problem = str(error)
            found.append(breakpoint)
        self.yaml[path] = found
        for breakpoint in found:
            self._verify(breakpoint, places)
        return found

    def verify_yaml(self, places: Mapping[Path, frozenset[int]]) -> list[YamlBreakpoint]:
        """Verify every YAML breakpoint against ``places`` (known at last); those whose verdict changed."""
        changed = []
        for breakpoints in self.yaml.values():
            for breakpoint in breakpoints:
                before = breakpoint.problem
                self._verify(breakpoint, places)
                if breakpoint.problem != before:
                    changed.append(breakpoint)
        return changed

    @staticmethod
    def _verify(breakpoint: YamlBreakpoint, places: Mapping[Path, frozenset[int]] | None) -> None:
        if places is None or (breakpoint.problem is not None and breakpoint.problem != _NOT_A_PLACE):
            return
        lines = places.get(Path(breakpoint.path), frozenset())
        breakpoint.problem = None if breakpoint.line in lines else _NOT_A_PLACE

    def lines(self) -> frozenset[tuple[str, int]]:
        """The lines of verified YAML breakpoints: where the run asks."""
        return frozenset((b.path, b.line) for breakpoints in self.yaml.values() for b in breakpoints if b.problem is None)

    def at(self, place: Place) -> YamlBreakpoint | None:
        at = place.breakpoint_at
        if at is None:
            return None
        return next((b for b in self.yaml.get(str(at.path), ()) if b.line == at.line and b.problem is None), None)

    def visit(self, place: Place) -> YamlBreakpoint | None:
        """Count a visit of ``place`` (a place whose values the run showed); the breakpoint it stops at, if any."""
        breakpoint = self.at(place)
        if breakpoint is None or not place.roots:
            return None
        held = breakpoint.condition is None or breakpoint.condition.holds(place.roots)
        visits = self.visits.setdefault((breakpoint.path, breakpoint.line), {})
        visits[place.key] = held
        return breakpoint if held and self._hit(breakpoint, place.key) else None

    def would_stop(self, place: Place) -> bool:
        """Whether a breakpoint stopped (or would have) at ``place`` when the run passed it (reverse continue)."""
        breakpoint = self.at(place)
        if breakpoint is None or breakpoint.log is not None:
            return False
        held = self.visits.get((breakpoint.path, breakpoint.line), {}).get(place.key)
        return bool(held) and self._hit(breakpoint, place.key)

    def _hit(self, breakpoint: YamlBreakpoint, key: PlaceKey) -> bool:
        if breakpoint.hit is None:
            return True
        count = sum(1 for at, held in self.visits.get((breakpoint.path, breakpoint.line), {}).items() if held and at <= key)
        return breakpoint.hit.matches(count)

    # -- Python ----------------------------------------------------------------------------------
    def set_python(self, path: str, requested: list[dict[str, Any]]) -> list[PythonBreakpoint]:
        """Replace the breakpoints of the Python file ``path`` (pydevd verifies them when it has them)."""
        found = [PythonBreakpoint(self._id(), path, dict(asked)) for asked in requested]
        self.python[path] = found
        return found

    def pydevd_answered(self, path: str, answered: list[dict[str, Any]]) -> list[PythonBreakpoint]:
        """pydevd's answer to the breakpoints of ``path``, in the order sent; the breakpoints it is about."""
        mine = self.python.get(path, [])
        for breakpoint, theirs in zip(mine, answered):
            breakpoint.verified = bool(theirs.get("verified"))
            breakpoint.message = theirs.get("message")
            breakpoint.line = theirs.get("line", breakpoint.requested["line"])
            if "id" in theirs:
                self.from_pydevd[int(theirs["id"])] = breakpoint.id
        return mine

    def python_unverified(self, why: str) -> list[PythonBreakpoint]:
        """Every Python breakpoint, marked as not verified for ``why``."""
        every = [b for breakpoints in self.python.values() for b in breakpoints]
        for breakpoint in every:
            breakpoint.verified, breakpoint.message = False, why
        return every

    def any_python(self) -> bool:
        return any(self.python.values())


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def log_message(template: str, roots: Mapping[str, Any]) -> str:
    """A log point's message: each ``{path}`` replaced by the value there (or by what is missing)."""

    def value(match: re.Match[str]) -> str:
        try:
            found = value_at(roots, match[1])
        except PathNotFound as missing:
            return f"<{missing}>"
        return found if isinstance(found, str) else shown(found)

    return _PLACEHOLDER.sub(value, template) + "\n"
