"""Two runs of one file, compared: what the determinism guard cannot see, a second run can.

``scenario run --check-determinism`` checks each file twice, in fresh mission
workers with different ``PYTHONHASHSEED`` values; every scenario whose hash
differs gets a ``nondeterministic`` finding at its name, naming the first
result path that differs and both values (a mission that iterates a set of
strings, say, whose order follows the hash seed).
"""
from __future__ import annotations

from dataclasses import replace

from scenario_core.checking.report import CheckReport
from scenario_core.orchestration.jsondiff import differences
from scenario_core.source.findings import Finding, show_value

__all__ = ["compare_runs"]


def compare_runs(first: CheckReport, second: CheckReport, seeds: tuple[int, int]) -> CheckReport:
    """``first`` with a ``nondeterministic`` finding at every scenario whose result ``second`` does not repeat."""
    others = {(o.name, i): o for i, o in enumerate(second.scenarios)}
    added: list[Finding] = []
    for index, outcome in enumerate(first.scenarios):
        other = others.get((outcome.name, index))
        if other is None or other.scenario_hash == outcome.scenario_hash:
            continue
        old = {name: r.to_dict() for name, r in outcome.result.mission_results.items()}
        new = {name: r.to_dict() for name, r in other.result.mission_results.items()}
        changes = differences(old, new)
        if changes:
            change = changes[0]
            what = f"{change.path} was {show_value(change.old) if change.kind != 'added' else 'absent'}, then {show_value(change.new) if change.kind != 'removed' else 'absent'}"
        else:
            what = "its results differ"
        added.append(
            Finding(
                "nondeterministic",
                f"scenario '{outcome.name}' gave different results in two runs (PYTHONHASHSEED={seeds[0]} and {seeds[1]}): {what}",
                outcome.definition.name_range,
                data={"scenario": outcome.name, "path": changes[0].path if changes else None},
            )
        )
    if not added:
        return first
    findings = tuple(sorted((*first.findings, *added), key=lambda f: (f.range.start, f.range.end, f.code, f.message)))
    return replace(first, findings=findings)
