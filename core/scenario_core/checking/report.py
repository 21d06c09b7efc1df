"""The report of a check: every finding, and the results when the file could run.

A :class:`CheckReport` is what :func:`scenario_core.checking.pipeline.check` returns and
what every front end reads: the CLI prints it, the language server converts
it, ``to_dict`` is the CLI's JSON. An outcome keeps the finding that explains
it, so nobody searches the findings for it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from scenario_core.orchestration.engine import OrchestrationResult
from scenario_core.orchestration.test_run import TestRunResult
from scenario_core.python.missions import Catalog
from scenario_core.source.findings import Category, Finding, Severity
from scenario_core.source.positions import LineIndex

from ._calls import LocalMission
from .document import ScenarioDocument
from .imports import Imports
from .outcomes import ExpectationOutcome, ScenarioOutcome
from .snapshots import SnapshotReport, SnapshotState

__all__ = ["CheckReport", "Verdict"]

#: A file's verdict: an input error makes it invalid, else a failed expectation or snapshot fails it.
Verdict = Literal["passed", "failed", "invalid"]

_SNAPSHOT_FAILURES = frozenset(("snapshot_changed", "snapshot_missing", "snapshot_invalid"))


@dataclass(frozen=True)
class CheckReport:
    """Everything ``check`` found, and the results when the file could run."""

    document: ScenarioDocument
    findings: tuple[Finding, ...]
    scenarios: tuple[ScenarioOutcome, ...] = ()
    expectations: tuple[ExpectationOutcome, ...] = ()
    test_run: TestRunResult | None = None
    cache_hits: int = field(default=0, compare=False)  # scenarios whose results were reused
    catalog: Catalog | None = field(default=None, compare=False)  # the project's Python missions, if it has any
    snapshots: SnapshotReport | None = field(default=None, compare=False)  # None: the file snapshots nothing
    imports: Imports | None = field(default=None, compare=False)  # the mission libraries the file imports, if it could be read
    missions: Mapping[str, LocalMission] = field(default_factory=dict, compare=False)  # as they ran: a trace runs a call again
    traced: bool = field(default=False, compare=False)  # every call's steps were recorded (``check(trace=True)``)
    #: The scenarios a selection left out (see :mod:`.selection`), one per definition; the file's hashes need them all.
    deselected: tuple[str, ...] = ()

    @property
    def lines(self) -> LineIndex:
        return self.document.lines

    @property
    def passed_count(self) -> int:
        return sum(1 for e in self.expectations if e.passed)

    @property
    def failed_count(self) -> int:
        return len(self.expectations) - self.passed_count

    @property
    def snapshot_failures(self) -> int:
        """Snapshotted scenarios that differ from, or are missing in, the stored snapshot; 1 for an unreadable file."""
        return sum(1 for f in self.findings if f.code in _SNAPSHOT_FAILURES)

    @property
    def invalid(self) -> bool:
        """True when the file has an input error (syntax, structure, reference, rule)."""
        return any(f.category is Category.INPUT and f.severity is Severity.ERROR for f in self.findings)

    @property
    def input_errors(self) -> tuple[Finding, ...]:
        """The findings that make the file invalid, in order."""
        return tuple(f for f in self.findings if f.category is Category.INPUT and f.severity is Severity.ERROR)

    @property
    def transient(self) -> bool:
        """A Python call timed out or its worker died (or did not run because another did): running again may change the verdict."""
        return any(getattr(error, "transient", False) for scenario in self.scenarios for error in scenario.errors.values())

    @property
    def verdict(self) -> Verdict:
        """``"invalid"``, ``"failed"`` or ``"passed"``."""
        if self.invalid:
            return "invalid"
        if self.failed_count or self.snapshot_failures:
            return "failed"
        return "passed"

    @property
    def whole(self) -> bool:
        """True when every scenario of the file ran (none was deselected): the file's hashes are known."""
        return self.test_run is not None and not self.deselected

    @property
    def suite_hash(self) -> str | None:
        """The hash of every scenario's results; None when the file could not run or a scenario was left out."""
        return str(self.test_run.suite_result.metadata["suite_hash"]) if self.whole and self.test_run else None

    @property
    def test_run_hash(self) -> str | None:
        return str(self.test_run.metadata["test_run_hash"]) if self.whole and self.test_run else None

    @property
    def expectations_hash(self) -> str | None:
        return str(self.test_run.expectations_result.metadata["expectations_hash"]) if self.whole and self.test_run else None

    def mission_result(self, scenario: str, mission: str) -> OrchestrationResult | None:
        """The result the suite keeps for ``mission`` in ``scenario``."""
        if self.test_run is None:
            return None
        res = self.test_run.suite_result.scenario_results.get(scenario)
        return res.mission_results.get(mission) if res else None

    def snapshot_state(self, scenario: ScenarioOutcome) -> SnapshotState | None:
        """``unchanged``, ``changed``, ``missing`` or ``not_run`` for a snapshotted scenario the suite keeps, else None."""
        if self.snapshots is None or scenario.shadowed:
            return None
        return self.snapshots.state(scenario.name)

    def snapshot_finding(self, scenario: ScenarioOutcome) -> Finding | None:
        """Why ``scenario``'s snapshot failed: the snapshot file's ``snapshot_invalid``, else its ``snapshot_changed`` or ``snapshot_missing``."""
        invalid = next((f for f in self.findings if f.code == "snapshot_invalid"), None)
        return invalid or next(
            (f for f in self.findings if f.code in ("snapshot_changed", "snapshot_missing") and f.data.get("scenario") == scenario.name),
            None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON (the CLI's ``--format json`` per file)."""
        return {
            "suite": self.document.suite_name,
            "verdict": self.verdict,
            "passed": self.passed_count,
            "failed": self.failed_count,
            "suite_hash": self.suite_hash,
            "test_run_hash": self.test_run_hash,
            "expectations_hash": self.expectations_hash,
            "scenarios": [
                {
                    "name": s.name,
                    "scenario_hash": s.scenario_hash,
                    "shadowed": s.shadowed,
                    "range": s.definition.range.to_dict(),
                    "missions": {n: r.to_dict() for n, r in s.result.mission_results.items()},
                    "snapshot": self.snapshot_state(s),
                }
                for s in self.scenarios
            ],
            "expectations": [
                {
                    "id": e.definition.id,
                    "scenario": e.definition.scenario,
                    "mission": e.definition.mission,
                    "path": e.definition.path,
                    "op": e.definition.op,
                    "passed": e.passed,
                    "code": e.code,
                    "expected": e.definition.expected,
                    "actual": e.result.to_dict()["actual"],
                    "range": e.definition.range.to_dict(),
                }
                for e in self.expectations
            ],
            "findings": [f.to_dict() for f in self.findings],
            "deselected": list(self.deselected),
        }
