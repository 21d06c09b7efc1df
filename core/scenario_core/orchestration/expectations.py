"""Expectations: checks on mission results, by dot path.

A path walks ``OrchestrationResult.to_dict()``: mapping keys by name, list
items by index (``executed_steps.0.payload``). Values compare as JSON values:
``true`` is not ``1``, ``1`` equals ``1.0``, lists and mappings compare
deeply. ``gt``/``lt`` compare two numbers or two texts; anything else is a
``type_error``. ``exists`` passes when the path exists.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Dict, List, Literal, Mapping, Tuple

from .engine import describe_type, is_number
from .frozen import FrozenDict, freeze
from .hashing import canonical_json, hash_text
from .suite import ScenarioSuiteResult

__all__ = [
    "ExpectationOp",
    "ExpectationResult",
    "MissionExpectation",
    "OPS",
    "PathResolution",
    "SuiteExpectationsDefinition",
    "SuiteExpectationsResult",
    "available_keys",
    "evaluate_expectation",
    "evaluate_expectations",
    "evaluate_op",
    "expectations_result",
    "json_equal",
    "resolve_path",
]

ExpectationOp = Literal["eq", "ne", "gt", "lt", "exists"]
OPS: Tuple[str, ...] = ("eq", "ne", "gt", "lt", "exists")


@dataclass(frozen=True)
class MissionExpectation:
    """An expectation on one mission's result in one scenario."""

    id: str
    scenario_name: str
    mission_name: str
    path: str
    op: ExpectationOp
    expected: Any | None = None


@dataclass(frozen=True)
class ExpectationResult:
    """The verdict on one expectation; ``details['reason']`` names a failure."""

    id: str
    passed: bool
    actual: Any | None
    expected: Any | None
    details: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", freeze(dict(self.details)))

    def to_dict(self) -> Dict[str, Any]:
        return {
            "id": self.id,
            "passed": self.passed,
            "actual": FrozenDict.thaw(self.actual),
            "expected": FrozenDict.thaw(self.expected),
            "details": FrozenDict.thaw(self.details),
        }


@dataclass(frozen=True)
class SuiteExpectationsDefinition:
    """Expectations with unique ids (a duplicate raises ``ValueError``)."""

    expectations: Tuple[MissionExpectation, ...]

    def __init__(self, expectations: List[MissionExpectation] | Tuple[MissionExpectation, ...]) -> None:
        object.__setattr__(self, "expectations", tuple(expectations))
        ids = [e.id for e in self.expectations]
        if len(ids) != len(set(ids)):
            raise ValueError(f"Duplicate expectation IDs are not allowed: {ids}")


@dataclass(frozen=True)
class SuiteExpectationsResult:
    """All verdicts, keyed by expectation id; ``passed`` when all passed."""

    passed: bool
    expectation_results: Mapping[str, ExpectationResult]
    metadata: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "expectation_results", FrozenDict(self.expectation_results))
        object.__setattr__(self, "metadata", freeze(dict(self.metadata)))

    def to_dict(self) -> Dict[str, Any]:
        return {
            "passed": self.passed,
            "expectation_results": {k: v.to_dict() for k, v in self.expectation_results.items()},
            "metadata": FrozenDict.thaw(self.metadata),
        }

    @cached_property
    def verdicts_canonical(self) -> str:
        """Canonical JSON of ``{id: {passed, actual, expected, details}}`` (what the hash hashes)."""
        return _verdicts_canonical(self.expectation_results)


@dataclass(frozen=True)
class PathResolution:
    """Where a path led: the value, or how far it got before a segment was missing."""

    found: bool
    value: Any = None
    missing_index: int = -1  # index of the first segment that does not exist
    container: Any = None  # the value the missing segment was looked up in


def resolve_path(root: Any, path: str) -> PathResolution:
    """Resolve a dot path against a JSON value (an empty path is the root)."""
    if not path:
        return PathResolution(True, root)
    current = root
    for index, segment in enumerate(path.split(".")):
        if isinstance(current, (list, tuple)):
            if segment.isdigit() and int(segment) < len(current):
                current = current[int(segment)]
                continue
        elif isinstance(current, dict) and segment in current:
            current = current[segment]
            continue
        return PathResolution(False, None, index, current)
    return PathResolution(True, current)


def available_keys(container: Any) -> list[str]:
    """What can follow a path that reached ``container``."""
    if isinstance(container, dict):
        return sorted(str(k) for k in container)
    if isinstance(container, (list, tuple)):
        return [str(i) for i in range(len(container))]
    return []


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values: booleans are not numbers; lists and tuples agree."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) or is_number(b):
        return is_number(a) and is_number(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def evaluate_op(op: str, actual: Any, expected: Any) -> Tuple[bool, Dict[str, Any]]:
    """``(passed, details)`` of comparing ``actual`` with ``expected``."""
    if op == "exists":
        return True, {}
    if op == "eq":
        return (True, {}) if json_equal(actual, expected) else (False, {"reason": "eq_mismatch"})
    if op == "ne":
        return (True, {}) if not json_equal(actual, expected) else (False, {"reason": "ne_mismatch"})
    if op in ("gt", "lt"):
        comparable = (is_number(actual) and is_number(expected)) or (
            isinstance(actual, str) and isinstance(expected, str)
        )
        if not comparable:
            return False, {
                "reason": "type_error",
                "message": f"cannot compare {describe_type(actual)} with {describe_type(expected)}",
            }
        holds = actual > expected if op == "gt" else actual < expected
        return (True, {}) if holds else (False, {"reason": f"{op}_mismatch"})
    return False, {"reason": "unknown_op"}


def evaluate_expectation(suite_result: ScenarioSuiteResult, expectation: MissionExpectation) -> ExpectationResult:
    """The verdict on one expectation against a suite's results."""

    def failed(details: Dict[str, Any], actual: Any = None) -> ExpectationResult:
        return ExpectationResult(expectation.id, False, actual, expectation.expected, details)

    scenario = suite_result.scenario_results.get(expectation.scenario_name)
    if scenario is None:
        return failed({"reason": "scenario_missing", "scenario": expectation.scenario_name})
    mission = scenario.mission_results.get(expectation.mission_name)
    if mission is None:
        return failed({"reason": "mission_missing", "mission": expectation.mission_name})
    resolution = resolve_path(mission.as_json, expectation.path)
    if not resolution.found:
        return failed(
            {
                "reason": "path_missing",
                "path": expectation.path,
                "missing_segment": resolution.missing_index,
                "available": available_keys(resolution.container),
            }
        )
    passed, details = evaluate_op(expectation.op, resolution.value, expectation.expected)
    return ExpectationResult(expectation.id, passed, resolution.value, expectation.expected, details)


def evaluate_expectations(
    suite_result: ScenarioSuiteResult, definition: SuiteExpectationsDefinition
) -> SuiteExpectationsResult:
    """Evaluate every expectation; one failing never hides another."""
    return expectations_result({e.id: evaluate_expectation(suite_result, e) for e in definition.expectations})


def expectations_result(results: Mapping[str, ExpectationResult]) -> SuiteExpectationsResult:
    """The SuiteExpectationsResult of finished verdicts, with its hash."""
    canonical = _verdicts_canonical(results)
    aggregate = SuiteExpectationsResult(
        passed=all(r.passed for r in results.values()),
        expectation_results=results,
        metadata={"expectations_hash": hash_text(canonical)},
    )
    aggregate.__dict__["verdicts_canonical"] = canonical  # fill the cached_property: encoded once
    return aggregate


def _verdicts_canonical(results: Mapping[str, ExpectationResult]) -> str:
    return canonical_json(
        {
            eid: {"passed": r.passed, "actual": r.actual, "expected": r.expected, "details": r.details}
            for eid, r in results.items()
        }
    )
