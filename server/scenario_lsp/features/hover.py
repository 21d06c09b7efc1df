"""Hover: what the last run knows about the thing under the cursor.

On an expectation's path, the actual value there; on a mission name, its
steps (or, for a Python mission, its signature, docstring, and what the call
printed or raised); on an import, the library; on the ``suite:`` line or a
scenario's name, the full hash and the snapshot. Everything is read from the
check; nothing is re-parsed, and the project's code is never imported here.
"""
from __future__ import annotations

from lsprotocol import types

from scenario_core.checking.document import MissionDef
from scenario_core.checking.outcomes import ScenarioOutcome
from scenario_core.checking.report import CheckReport
from scenario_core.checking.snapshots import describe_change
from scenario_core.orchestration.expectations import available_keys, resolve_path
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.orchestration.registry import MISSION_DESCRIPTIONS, MISSION_REGISTRY
from scenario_core.python.missions import PythonCallable, PythonCallError
from scenario_core.source.positions import Position, SourceRange

from ..documents.checks import CheckedDocument
from ..documents.names import import_at, imported_mission, imported_path, name_at, python_mission

__all__ = ["MAX_SHOWN", "callable_hover", "hover"]

#: The most characters of a traceback or of printed output a hover shows.
MAX_SHOWN = 4000


def hover(checked: CheckedDocument, position: types.Position, markdown: bool) -> types.Hover | None:
    """What the last run knows about the thing at ``position``.

    On an expectation's path: the actual value there. On a mission name: its
    steps. On the ``suite:`` line or a scenario's name line: the full hash.
    """
    report = checked.report
    at = checked.converter.to_core_position(position)
    found = (
        _path_hover(report, at)
        or _import_hover(report, at)
        or _scenario_hover(report, at)
        or _expectation_hover(report, at)
        or _mission_hover(report, at)
        or _hash_hover(report, at)
    )
    if found is None:
        return None
    rng, text = found
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    if not markdown:
        text = text.replace("`", "")
    return types.Hover(contents=types.MarkupContent(kind=kind, value=text), range=checked.converter.to_lsp_range(rng))


def _path_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    for exp in report.document.expectations:
        if not exp.path_range.contains(at):
            continue
        result = report.mission_result(exp.scenario, exp.mission)
        if result is None:
            return exp.path_range, f"`{exp.path}`: mission `{exp.mission}` has no result in scenario `{exp.scenario}`"
        resolution = resolve_path(result.to_dict(), exp.path)
        if resolution.found:
            return exp.path_range, f"`{exp.path}` = `{canonical_json(resolution.value)}` (last run)"
        keys = ", ".join(available_keys(resolution.container)) or "nothing"
        return exp.path_range, f"`{exp.path}` is not in the result; there: {keys}"
    return None


def _mission_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    use = name_at(report, at)
    if use is None or use.kind != "mission":
        return None
    local = report.document.mission(use.name) or imported_mission(report, use.name)
    if local is not None:
        text = _mission_text(local)
        if local.path is not None:
            text += f"\n\nfrom `{local.path.name}`"
        return use.range, text
    python = python_mission(report, use)
    if python is not None:
        details = call_details(report, at)
        return use.range, callable_hover(python) + (f"\n\n{details[1]}" if details else "")
    if use.name in MISSION_REGISTRY:
        return use.range, f"built-in mission `{use.name}`: {MISSION_DESCRIPTIONS.get(use.name, '')}"
    return None





def _mission_text(mission: MissionDef) -> str:
    lines = [f"mission `{mission.name}`" + (f": {mission.description}" if mission.description else "")]
    for index, step in enumerate(mission.steps, start=1):
        payload = f" `{canonical_json(step.payload)}`" if step.payload else ""
        lines.append(f"{index}. `{step.id}` ({step.kind}){payload}")
    return "\n".join(lines)


def _import_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """On an import: the library's description and missions."""
    entry = import_at(report, at)
    if entry is None:
        return None
    path = imported_path(report, entry)
    library = report.imports.library(path) if report.imports is not None and path is not None else None
    if library is None:
        return entry.range, f"`{entry.path}`: no such mission library"
    document = library.document
    lines = [f"mission library `{entry.path}`" + (f": {document.description}" if document.description else "")]
    lines += [f"- `{m.name}`" + (f": {m.description}" if m.description else "") for m in document.missions]
    return entry.range, "\n".join(lines)


def _scenario_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """On an expectation's ``scenario:``: that scenario's calls, verdict and hash."""
    for exp in report.document.expectations:
        if not exp.scenario_range.contains(at):
            continue
        kept = [s for s in report.scenarios if s.name == exp.scenario and not s.shadowed]
        if not kept:
            return exp.scenario_range, f"scenario `{exp.scenario}` is not in this file"
        scenario = kept[0]
        calls = ", ".join(f"`{c.name}`" for c in scenario.definition.calls) or "none"
        outcomes = [e for e in report.expectations if e.definition.scenario == exp.scenario]
        passed = sum(1 for e in outcomes if e.passed)
        mark = "✓" if passed == len(outcomes) else "✗"
        lines = [
            f"scenario `{exp.scenario}` (line {scenario.definition.name_range.start.line + 1})",
            f"calls: {calls}",
            f"verdict: {mark} {passed}/{len(outcomes)} expectations passed",
            f"scenario_hash `{scenario.scenario_hash}`",
        ]
        return exp.scenario_range, "\n".join(lines)
    return None


def _expectation_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """On an expectation's id: its verdict in the last run, what it checks and the value it found."""
    for outcome in report.expectations:
        exp = outcome.definition
        if not exp.id_range.contains(at):
            continue
        verdict = "✓ passed" if outcome.passed else f"✗ {outcome.finding.message if outcome.finding is not None else outcome.code}"
        checks = f"`{exp.scenario}` → `{exp.mission}` `{exp.path}` {exp.op}"
        if exp.op != "exists":
            checks += f" `{canonical_json(exp.expected)}`"
        return exp.id_range, f"expectation `{exp.id}`: {verdict}\n{checks}"
    return None


def _hash_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    suite_range = report.document.suite_range
    if report.test_run_hash is not None and suite_range.start.line == at.line and report.document.suite_name:
        return suite_range, f"test_run_hash `{report.test_run_hash}`"
    for scenario in report.scenarios:
        name_range = scenario.definition.name_range
        if name_range.start.line == at.line:
            return name_range, f"scenario_hash `{scenario.scenario_hash}`" + _snapshot_text(report, scenario)
    return None


#: The most changed paths a hover lists.
HOVER_CHANGES = 200


def _snapshot_text(report: CheckReport, scenario: ScenarioOutcome) -> str:
    """What a scenario's snapshot says, for its hover: the full diff when it changed."""
    state = report.snapshot_state(scenario)
    if report.snapshots is None or state is None:
        return ""
    where = report.snapshots.relative_path
    if state == "changed":
        changes = report.snapshots.changes(scenario.name)
        lines = [describe_change(c, 80) for c in changes[:HOVER_CHANGES]]
        if len(changes) > HOVER_CHANGES:
            lines.append(f"… and {len(changes) - HOVER_CHANGES} more")
        count = f"{len(changes)} path{'s' if len(changes) != 1 else ''}"
        return f"\n\nsnapshot changed ({count}; stored in `{where}`):\n```\n" + "\n".join(lines) + "\n```"
    if state == "missing":
        return f"\n\nno snapshot in `{where}` yet"
    if state == "not_run":
        return "\n\nsnapshot not compared: a mission call could not run"
    return f"\n\nsnapshot as stored in `{where}`"


# -- Python missions ---------------------------------------------------------------


def callable_hover(python: PythonCallable) -> str:
    """Markdown: the signature, the docstring and where it is defined."""
    kind = "Python mission" if python.kind == "mission" else "Python operation"
    lines = [f"{kind} `{python.name}`"]
    if python.signature:
        lines.append(f"```python\ndef {python.qualname}{python.signature}\n```")
    if python.doc:
        lines += [python.doc]
    if python.params:
        lines += ["params: " + ", ".join(f"`{p.describe()}`" for p in python.params)]
    lines += [f"defined in `{python.module}` ({python.file}:{python.line})"]
    return "\n\n".join(lines)


def call_details(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """For the call at ``at``: what its Python mission printed, and the traceback of an exception it raised."""
    for outcome in report.scenarios:
        for index, call in enumerate(outcome.definition.calls):
            if not call.name_range.contains(at):
                continue
            parts: list[str] = []
            error = outcome.errors.get(index)
            if isinstance(error, PythonCallError):
                if error.traceback:
                    parts.append("```\n" + _tail(error.traceback) + "\n```")
                if error.output:
                    parts.append("printed:\n```\n" + _tail(error.output) + "\n```")
            printed = outcome.printed.get(index)
            if printed:
                parts.append("printed:\n```\n" + _tail(printed) + "\n```")
            return (call.name_range, "\n\n".join(parts)) if parts else None
    return None


def _tail(text: str) -> str:
    text = text.rstrip("\n")
    return text if len(text) <= MAX_SHOWN else "…" + text[-MAX_SHOWN:]
