"""Code lenses: the suite verdict and hashes, "Run scenario", "Accept snapshot", and each expectation's verdict.

Titles are exactly those of docs/server-contract.md. Lenses are built from
the check of the version the editor holds, so they move with the lines.
"""
from __future__ import annotations

from typing import Any

from lsprotocol import types

from scenario_core.checking.outcomes import ExpectationOutcome, ScenarioOutcome

from .checks import CheckedDocument
from .contract import ACCEPT_SNAPSHOTS, COPY_HASH, RUN_SCENARIO, RUN_SUITE

__all__ = ["accept_lens_wanted", "code_lenses", "expectation_title", "verdict_title"]


def verdict_title(checked: CheckedDocument) -> str:
    """``✓ 3/3 passed`` when the suite passed, else ``✗ 2/4 passed``, then the snapshot failures (``, 1 snapshot changed``)."""
    report = checked.report
    mark = "✓" if report.verdict == "passed" else "✗"
    snapshots = report.snapshots.summary() if report.snapshots is not None else []
    return f"{mark} {report.passed_count}/{len(report.expectations)} passed" + "".join(f", {s}" for s in snapshots)


def accept_lens_wanted(checked: CheckedDocument, scenario: ScenarioOutcome) -> bool:
    """True when ``scenario``'s snapshot changed or is missing, and the file may be accepted (no input errors)."""
    return not checked.report.invalid and checked.report.snapshot_state(scenario) in ("changed", "missing")


def expectation_title(outcome: ExpectationOutcome) -> str:
    """``✓ passed``, or ``✗`` and the message of the finding that explains the failure."""
    if outcome.passed:
        return "✓ passed"
    return f"✗ {outcome.finding.message if outcome.finding is not None else outcome.code}"


def code_lenses(checked: CheckedDocument, hash_length: int) -> list[types.CodeLens]:
    report = checked.report
    uri = checked.uri
    to_range = checked.converter.to_lsp_range
    if report.test_run is None:
        return []
    suite_line = to_range(report.document.suite_range)
    lenses = [_lens(suite_line, verdict_title(checked), RUN_SUITE, [{"uri": uri}])]
    if report.test_run_hash is not None:
        lenses.append(_hash_lens(suite_line, "test_run", "test_run_hash", report.test_run_hash, hash_length))
    for scenario in report.scenarios:
        name_line = to_range(scenario.definition.name_range)
        lenses.append(_lens(name_line, "▶ Run scenario", RUN_SCENARIO, [{"uri": uri, "scenario": scenario.name}]))
        lenses.append(_hash_lens(name_line, "scenario_hash", "scenario_hash", scenario.scenario_hash, hash_length))
        if accept_lens_wanted(checked, scenario):
            arguments = [{"uri": uri, "scenarios": [scenario.name]}]
            lenses.append(_lens(name_line, "Accept snapshot", ACCEPT_SNAPSHOTS, arguments))
    for outcome in report.expectations:
        title = expectation_title(outcome)
        if outcome.code == "scenario_missing":  # no scenario to run: run the suite
            lenses.append(_lens(to_range(outcome.definition.id_range), title, RUN_SUITE, [{"uri": uri}]))
            continue
        target = [{"uri": uri, "scenario": outcome.definition.scenario}]
        lenses.append(_lens(to_range(outcome.definition.id_range), title, RUN_SCENARIO, target))
    return lenses


def _lens(rng: types.Range, title: str, command: str, arguments: list[Any]) -> types.CodeLens:
    return types.CodeLens(range=rng, command=types.Command(title=title, command=command, arguments=arguments))


def _hash_lens(rng: types.Range, prefix: str, label: str, full_hash: str, length: int) -> types.CodeLens:
    return _lens(rng, f"{prefix} {full_hash[:length]}", COPY_HASH, [{"hash": full_hash, "label": label}])
