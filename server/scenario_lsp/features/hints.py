"""Inlay hints: actual values inline, and the verdict for clients without code lenses.

- After a failed comparison's ``expected:`` value, what it got (``⟵ got true``);
  after an expectation's ``path:``, the value the path reached (``= true``).
  Both at most :data:`HINT_LENGTH` characters, cut with ``…``; the
  ``inlayHints`` setting turns them off.
- For a client that does not announce ``textDocument.codeLens`` (Emacs's
  eglot, Helix), what the code lenses would show, at the end of the suite,
  scenario and expectation lines: ``✓ 5/5 passed · test_run 241ae6db1234``,
  ``scenario_hash 9123aa3b25fd``, ``✓ passed``. "Run scenario" and "Run
  suite" stay code actions.
"""
from __future__ import annotations

import json
from typing import Any, NamedTuple

from lsprotocol import types

from scenario_core.checking.outcomes import ExpectationOutcome
from scenario_core.checking.report import CheckReport
from scenario_core.source.positions import Position

from ..documents.checks import CheckedDocument
from ..documents.reports import expectation_title, verdict_title

__all__ = ["HINT_LENGTH", "inlay_hints", "short_value"]

#: The most characters of a value a hint shows.
HINT_LENGTH = 30
# Failures after which the path was reached and compared: the actual value is known.
_COMPARED = frozenset(("eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch", "type_error"))
_TRAILING_SPACE = " \t\r\n"


class _Hint(NamedTuple):
    position: Position
    label: str
    tooltip: str | None = None


def short_value(value: Any) -> str:
    """A value as a hint shows it: JSON, characters as written, at most :data:`HINT_LENGTH` of them."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return text if len(text) <= HINT_LENGTH else text[: HINT_LENGTH - 1] + "…"


def inlay_hints(
    checked: CheckedDocument, wanted: types.Range, *, values: bool, verdict: bool, hash_length: int
) -> list[types.InlayHint]:
    """The hints on the lines of ``wanted``: actual values when ``values``, the verdict when ``verdict``."""
    report = checked.report
    found: list[_Hint] = []
    if values:
        found += _value_hints(report)
    if verdict and report.test_run is not None:
        found += _verdict_hints(checked, hash_length)
    first, last = wanted.start.line, wanted.end.line
    to_lsp = checked.converter.to_lsp_position
    return [
        types.InlayHint(position=to_lsp(hint.position), label=hint.label, padding_left=True, tooltip=hint.tooltip)
        for hint in sorted(found, key=lambda h: h.position)
        if first <= hint.position.line <= last
    ]


def _value_hints(report: CheckReport) -> list[_Hint]:
    hints = []
    for outcome in report.expectations:
        if not (outcome.passed or outcome.code in _COMPARED):
            continue  # the path was not reached: the diagnostic says why
        actual = outcome.result.actual
        exp = outcome.definition
        hints.append(_Hint(exp.path_range.end, f"= {short_value(actual)}"))
        if outcome.code in _COMPARED and exp.expected_node is not None:
            hints.append(_Hint(_after_expected(report, outcome), f"⟵ got {short_value(actual)}"))
    return hints


def _after_expected(report: CheckReport, outcome: ExpectationOutcome) -> Position:
    """After the ``expected`` value when it is on one line, else at the end of the ``expected:`` line."""
    node = outcome.definition.expected_node
    assert node is not None
    lines = report.lines
    text = lines.text
    begin, end = lines.offset_of(node.start), lines.offset_of(node.end)
    while end > begin and text[end - 1] in _TRAILING_SPACE:
        end -= 1
    start, stop = node.start, lines.position_of_offset(end)
    key = outcome.definition.expected_key_node
    if key is None or (start.line == stop.line and not text.startswith(("|", ">"), begin)):
        return stop
    return _line_end(report, key.range.start.line)


def _line_end(report: CheckReport, line: int) -> Position:
    return Position(line, len(report.lines.line_text(line)))


def _verdict_hints(checked: CheckedDocument, hash_length: int) -> list[_Hint]:
    report = checked.report
    run_hash = report.test_run_hash or ""
    suite_line = report.document.suite_range.start.line
    hints = [
        _Hint(_line_end(report, suite_line), f"{verdict_title(checked)} · test_run {run_hash[:hash_length]}", f"test_run_hash {run_hash}")
    ]
    for scenario in report.scenarios:
        state = report.snapshot_state(scenario)
        snapshot = f" · snapshot {state}" if state in ("changed", "missing") else ""
        label = f"scenario_hash {scenario.scenario_hash[:hash_length]}{snapshot}"
        hints.append(_Hint(_line_end(report, scenario.definition.name_range.start.line), label, f"scenario_hash {scenario.scenario_hash}"))
    for outcome in report.expectations:
        hints.append(_Hint(_line_end(report, outcome.definition.id_range.start.line), expectation_title(outcome)))
    return hints
