"""What checking gave each scenario and each expectation: the outcomes a report is made of.

An outcome keeps the definition as written and what running or evaluating it
gave; an expectation's outcome keeps the finding that explains it, so nobody
searches the findings for it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from scenario_core.orchestration.expectations import ExpectationResult
from scenario_core.orchestration.harness import ScenarioResult
from scenario_core.source.findings import Finding

from .document import ExpectationDef, ScenarioDef
from .traces import CallTrace

__all__ = ["ExpectationOutcome", "ScenarioOutcome"]


@dataclass(frozen=True)
class ScenarioOutcome:
    """One scenario as written, and what running it gave.

    ``shadowed`` is true when a later scenario has the same name (the suite
    keeps the last one). ``failed_calls`` are the indexes of calls that could
    not run (unknown mission, rule violation).
    """

    definition: ScenarioDef
    result: ScenarioResult
    shadowed: bool = False
    failed_calls: tuple[int, ...] = ()
    errors: Mapping[int, Exception] = field(default_factory=dict, compare=False)  # why each failed call failed
    printed: Mapping[int, str] = field(default_factory=dict, compare=False)  # what Python missions printed, by call
    traces: Mapping[int, CallTrace] = field(default_factory=dict, compare=False)  # what each call's steps did (a traced check)

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def scenario_hash(self) -> str:
        return str(self.result.metadata["scenario_hash"])


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation as written and its verdict.

    ``code`` names a failure; ``finding`` is the finding reported for it (the
    message a lens, a test report or a JUnit record shows), None when it passed.
    ``trace`` is the trace of the call whose value a failed comparison checks,
    when the check made it to name the step that last wrote that value.
    """

    definition: ExpectationDef
    result: ExpectationResult
    code: str | None
    finding: Finding | None = None
    trace: CallTrace | None = field(default=None, compare=False)

    @property
    def passed(self) -> bool:
        return self.result.passed
