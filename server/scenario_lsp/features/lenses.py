"""Code lenses: the suite verdict and hashes, "Run scenario" (and "Debug scenario"), "Accept snapshot", "Trace" on each call, and each expectation's verdict.

Titles are exactly those of docs/server-contract.md. Lenses are built from
the check of the version the editor holds, so they move with the lines.
"""
from __future__ import annotations

from typing import Any

from lsprotocol import types

from scenario_core.checking.document import ScenarioDef

from ..documents.checks import CheckedDocument
from ..documents.reports import accept_lens_wanted, expectation_title, verdict_title
from ..protocol.contract import ACCEPT_SNAPSHOTS, COPY_HASH, DEBUG_SCENARIO, RUN_SCENARIO, RUN_SUITE, SHOW_TRACE

__all__ = ["code_lenses"]


def code_lenses(checked: CheckedDocument, hash_length: int, debug: bool = False) -> list[types.CodeLens]:
    """The lenses of a checked document; with ``debug`` (the client can start scenario-dap) a "Debug scenario" too."""
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
        if debug:
            lenses.append(_lens(name_line, "Debug scenario", DEBUG_SCENARIO, [{"uri": uri, "scenario": scenario.name}]))
        lenses.append(_hash_lens(name_line, "scenario_hash", "scenario_hash", scenario.scenario_hash, hash_length))
        if accept_lens_wanted(checked, scenario):
            arguments = [{"uri": uri, "scenarios": [scenario.name]}]
            lenses.append(_lens(name_line, "Accept snapshot", ACCEPT_SNAPSHOTS, arguments))
        if not scenario.shadowed:  # a target names a scenario by name: the one that runs
            lenses += _trace_lenses(checked, scenario.definition)
    for outcome in report.expectations:
        title = expectation_title(outcome)
        if outcome.code == "scenario_missing":  # no scenario to run: run the suite
            lenses.append(_lens(to_range(outcome.definition.id_range), title, RUN_SUITE, [{"uri": uri}]))
            continue
        target = [{"uri": uri, "scenario": outcome.definition.scenario}]
        lenses.append(_lens(to_range(outcome.definition.id_range), title, RUN_SCENARIO, target))
    return lenses


def _trace_lenses(checked: CheckedDocument, scenario: ScenarioDef) -> list[types.CodeLens]:
    """``Trace`` on each call (``Trace <mission>`` where a line holds several calls), to ``scenario.showTrace`` with that call."""
    ranges = [call.name_range for call in scenario.calls]
    shared = len({rng.start.line for rng in ranges}) < len(ranges)  # calls written side by side: [a, b]
    lines = [rng.start.line for rng in ranges] if shared else []
    to_range = checked.converter.to_lsp_range
    return [
        _lens(
            to_range(rng),
            f"Trace {call.name}" if shared and lines.count(rng.start.line) > 1 else "Trace",
            SHOW_TRACE,
            [{"uri": checked.uri, "scenario": scenario.name, "mission": call.name, "call": index}],
        )
        for index, (call, rng) in enumerate(zip(scenario.calls, ranges))
    ]


def _lens(rng: types.Range, title: str, command: str, arguments: list[Any]) -> types.CodeLens:
    return types.CodeLens(range=rng, command=types.Command(title=title, command=command, arguments=arguments))


def _hash_lens(rng: types.Range, prefix: str, label: str, full_hash: str, length: int) -> types.CodeLens:
    return _lens(rng, f"{prefix} {full_hash[:length]}", COPY_HASH, [{"hash": full_hash, "label": label}])
