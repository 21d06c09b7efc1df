"""Scenarios: an initial state and an ordered list of mission calls.

Each mission call runs from a fresh copy of the scenario's initial state;
results are keyed by mission name (a repeated name: the last result wins).
``scenario_hash`` is the stable hash of ``{mission name: result.to_dict()}``.
No I/O, clock or randomness.
"""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, ContextManager, Dict, List, Mapping, Tuple

from .engine import (
    AntiFailureViolation,
    EnvelopeViolation,
    ExecutionContext,
    OrchestrationResult,
)
from .frozen import FrozenDict, freeze
from .hashing import canonical_json, canonical_object, hash_text
from .registry import CallError, Mission, UnknownMissionError, run_mission

__all__ = [
    "CALL_ERRORS",
    "MissionCall",
    "ScenarioDefinition",
    "ScenarioResult",
    "run_mission_calls",
    "run_scenario",
    "scenario_result",
]

#: What a mission call can raise instead of producing a result.
CALL_ERRORS = (UnknownMissionError, AntiFailureViolation, EnvelopeViolation, CallError)


@dataclass(frozen=True)
class MissionCall:
    """A call of a mission by name, with optional params."""

    name: str
    params: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ScenarioDefinition:
    """A named scenario: initial state and ordered mission calls."""

    scenario_name: str
    initial_state: Mapping[str, Any]
    missions: Tuple[MissionCall, ...] = field(default_factory=tuple)

    def __init__(
        self,
        scenario_name: str,
        initial_state: Mapping[str, Any],
        missions: List[MissionCall] | Tuple[MissionCall, ...] = (),
    ) -> None:
        object.__setattr__(self, "scenario_name", scenario_name)
        object.__setattr__(self, "initial_state", initial_state)
        object.__setattr__(self, "missions", tuple(missions))


@dataclass(frozen=True)
class ScenarioResult:
    """Results of one scenario, keyed by mission name; read-only."""

    scenario_name: str
    mission_results: Mapping[str, OrchestrationResult]
    metadata: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "mission_results", FrozenDict(self.mission_results))
        object.__setattr__(self, "metadata", freeze(dict(self.metadata)))

    def to_dict(self) -> Dict[str, Any]:
        return {
            "scenario_name": self.scenario_name,
            "mission_results": {name: res.to_dict() for name, res in self.mission_results.items()},
            "metadata": FrozenDict.thaw(self.metadata),
        }

    @property
    def mission_results_canonical(self) -> str:
        """Canonical JSON of ``{mission name: result.to_dict()}`` (what ``scenario_hash`` hashes)."""
        return _mission_results_canonical(self.mission_results)

    @cached_property
    def canonical(self) -> str:
        """Canonical JSON of :meth:`to_dict`, computed once (a suite's hash is made of them)."""
        return _scenario_canonical(self.scenario_name, self.metadata, self.mission_results_canonical)


def _scenario_canonical(scenario_name: str, metadata: Mapping[str, Any], mission_results_canonical: str) -> str:
    # canonical_object() of the three members, written out: it runs once per scenario.
    return (
        f'{{"metadata":{canonical_json(metadata)},"mission_results":{mission_results_canonical},'
        f'"scenario_name":{canonical_json(scenario_name)}}}'
    )


def _mission_results_canonical(mission_results: Mapping[str, OrchestrationResult]) -> str:
    """Canonical JSON of ``{mission name: result.to_dict()}``."""
    return canonical_object({name: res.canonical for name, res in mission_results.items()})


def run_mission_calls(
    defn: ScenarioDefinition,
    *,
    missions: Mapping[str, Mission] | None = None,
    around: Callable[[int], ContextManager[object]] | None = None,
) -> tuple[dict[str, OrchestrationResult], list[tuple[int, Exception]]]:
    """Run every call of ``defn``; a call that cannot run does not stop the others.

    Returns the results by mission name and ``(call index, error)`` for each
    call that raised one of :data:`CALL_ERRORS`. ``around(index)``, when
    given, is the context each call runs in (the step trace records a call so).
    """
    results: dict[str, OrchestrationResult] = {}
    errors: list[tuple[int, Exception]] = []
    initial_state = dict(defn.initial_state)
    for index, call in enumerate(defn.missions):
        ctx = ExecutionContext(initial_state=initial_state)  # the engine copies it
        params = dict(call.params) if call.params else None
        try:
            with around(index) if around is not None else nullcontext():
                results[call.name] = run_mission(call.name, ctx, params, missions=missions)
        except CALL_ERRORS as err:
            # Kept without its traceback: the traceback's frames refer back to
            # ``errors``, a reference cycle that long-lived callers would keep
            # (see ``check.check``: their results are frozen for the collector).
            errors.append((index, err.with_traceback(None)))
    return results, errors


def scenario_result(scenario_name: str, mission_results: Mapping[str, OrchestrationResult]) -> ScenarioResult:
    """The ScenarioResult of finished mission results, with its hash."""
    canonical = _mission_results_canonical(mission_results)
    metadata = {"scenario_name": scenario_name, "scenario_hash": hash_text(canonical)}
    result = ScenarioResult(scenario_name, mission_results, metadata)
    # Fill the cached property: the mission results are encoded once, and
    # only this text is kept (the suite's hash is made of it).
    # (Set as an attribute, not through __dict__, which would give each result a dict.)
    object.__setattr__(result, "canonical", _scenario_canonical(scenario_name, result.metadata, canonical))
    return result


def run_scenario(defn: ScenarioDefinition, *, missions: Mapping[str, Mission] | None = None) -> ScenarioResult:
    """Run a scenario; raises the first call's error (unknown mission, violation)."""
    results, errors = run_mission_calls(defn, missions=missions)
    if errors:
        raise errors[0][1]
    return scenario_result(defn.scenario_name, results)
