"""Suites: scenarios run in order, results keyed by scenario name.

Duplicate scenario names: the last one wins (deterministically).
``suite_hash`` is the stable hash of ``{scenario name: result.to_dict()}``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Dict, List, Mapping, Tuple

from .frozen import FrozenDict, freeze
from .harness import ScenarioDefinition, ScenarioResult, run_scenario
from .hashing import canonical_object_parts, hash_parts
from .registry import Mission


@dataclass(frozen=True)
class ScenarioSuiteDefinition:
    """A named, ordered collection of scenarios."""

    suite_name: str
    scenarios: Tuple[ScenarioDefinition, ...] = field(default_factory=tuple)

    def __init__(
        self,
        suite_name: str,
        scenarios: List[ScenarioDefinition] | Tuple[ScenarioDefinition, ...] = (),
    ) -> None:
        object.__setattr__(self, "suite_name", suite_name)
        object.__setattr__(self, "scenarios", tuple(scenarios))


@dataclass(frozen=True)
class ScenarioSuiteResult:
    """Results of a suite, keyed by scenario name; read-only."""

    suite_name: str
    scenario_results: Mapping[str, ScenarioResult]
    metadata: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "scenario_results", FrozenDict(self.scenario_results))
        object.__setattr__(self, "metadata", freeze(dict(self.metadata)))

    def to_dict(self) -> Dict[str, Any]:
        return {
            "suite_name": self.suite_name,
            "scenario_results": {name: res.to_dict() for name, res in self.scenario_results.items()},
            "metadata": FrozenDict.thaw(self.metadata),
        }

    @property
    def scenario_results_canonical(self) -> str:
        """Canonical JSON of ``{scenario name: result.to_dict()}``."""
        return "".join(self.scenario_results_canonical_parts)

    @cached_property
    def scenario_results_canonical_parts(self) -> tuple[str, ...]:
        """Texts whose concatenation is :attr:`scenario_results_canonical` (what the hashes hash).

        Most parts are the scenarios' own canonical texts, so keeping them
        costs next to nothing, where the whole text would cost its length again.
        """
        return canonical_object_parts({name: res.canonical for name, res in self.scenario_results.items()})


def suite_result(suite_name: str, scenario_results: Mapping[str, ScenarioResult]) -> ScenarioSuiteResult:
    """The ScenarioSuiteResult of finished scenario results, with its hash."""
    parts = canonical_object_parts({name: res.canonical for name, res in scenario_results.items()})
    metadata = {"suite_name": suite_name, "suite_hash": hash_parts(parts)}
    result = ScenarioSuiteResult(suite_name, scenario_results, metadata)
    result.__dict__["scenario_results_canonical_parts"] = parts  # fill the cached_property: encoded once
    return result


def run_suite(defn: ScenarioSuiteDefinition, *, missions: Mapping[str, Mission] | None = None) -> ScenarioSuiteResult:
    """Run every scenario in order; the first error (unknown mission, violation) propagates."""
    results: dict[str, ScenarioResult] = {}
    for scenario in defn.scenarios:
        results[scenario.scenario_name] = run_scenario(scenario, missions=missions)
    return suite_result(defn.suite_name, results)


__all__ = [
    "ScenarioSuiteDefinition",
    "ScenarioSuiteResult",
    "run_suite",
    "suite_result",
]
