"""A test run: a suite's results plus the verdict on its expectations.

``test_run_hash`` is the stable hash of the suite results, the suite
metadata, the expectation verdicts, their metadata and the overall verdict.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping

from .expectations import (
    SuiteExpectationsDefinition,
    SuiteExpectationsResult,
    evaluate_expectations,
)
from .frozen import FrozenDict, freeze
from .hashing import canonical_json, canonical_object, hash_parts
from .registry import Mission
from .suite import ScenarioSuiteDefinition, ScenarioSuiteResult, run_suite

__all__ = ["TestRunResult", "run_test_run", "test_run_result"]


@dataclass(frozen=True)
class TestRunResult:
    """The suite result, the expectations verdict and the run's hash."""

    __test__ = False  # not a pytest test class, despite its name

    suite_result: ScenarioSuiteResult
    expectations_result: SuiteExpectationsResult
    passed: bool
    metadata: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", freeze(dict(self.metadata)))

    def to_dict(self) -> Dict[str, Any]:
        return {
            "suite_result": self.suite_result.to_dict(),
            "expectations_result": self.expectations_result.to_dict(),
            "passed": self.passed,
            "metadata": FrozenDict.thaw(self.metadata),
        }


def test_run_result(
    suite_result: ScenarioSuiteResult, expectations_result: SuiteExpectationsResult
) -> TestRunResult:
    """Aggregate finished results into a TestRunResult with its hash."""
    # canonical_object() of these members, whose last one (in key order) is
    # the suite's canonical text: hashed in parts, never joined.
    head = canonical_object(
        {
            "suite_metadata": canonical_json(suite_result.metadata),
            "expectations_result": expectations_result.verdicts_canonical,
            "expectations_metadata": canonical_json(expectations_result.metadata),
            "passed": canonical_json(expectations_result.passed),
        }
    )
    payload = (head[:-1], ',"suite_result":', *suite_result.scenario_results_canonical_parts, "}")
    return TestRunResult(
        suite_result=suite_result,
        expectations_result=expectations_result,
        passed=expectations_result.passed,
        metadata={"suite_name": suite_result.suite_name, "test_run_hash": hash_parts(payload)},
    )


setattr(test_run_result, "__test__", False)


def run_test_run(
    suite_def: ScenarioSuiteDefinition,
    expectations_def: SuiteExpectationsDefinition,
    *,
    missions: Mapping[str, Mission] | None = None,
) -> TestRunResult:
    """Run the suite, evaluate the expectations, aggregate."""
    suite_result = run_suite(suite_def, missions=missions)
    return test_run_result(suite_result, evaluate_expectations(suite_result, expectations_def))


setattr(run_test_run, "__test__", False)
