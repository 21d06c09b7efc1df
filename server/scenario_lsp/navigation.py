"""Hover, go to definition, find references, document and workspace symbols.

Everything is read from a check's :class:`ScenarioDocument` (names and
their ranges) and results (actual values, hashes); nothing is re-parsed here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple

from lsprotocol import types
from scenario_core.report import CheckReport
from scenario_core.document import MissionDef
from scenario_core.expectations import available_keys, resolve_path
from scenario_core.hashing import canonical_json
from scenario_core.registry import MISSION_DESCRIPTIONS, MISSION_REGISTRY
from scenario_core.source import Position, SourceRange

from .checks import CheckedDocument
from .contract import Range
from .convert import range_json


@dataclass(frozen=True)
class NameUse:
    """A place a mission or scenario name is written, and whether it defines it."""

    kind: str  # "mission" or "scenario"
    name: str
    range: SourceRange
    is_definition: bool


def name_uses(report: CheckReport) -> Iterator[NameUse]:
    document = report.document
    for mission in document.missions:
        yield NameUse("mission", mission.name, mission.key_range, True)
    for scenario in document.scenarios:
        yield NameUse("scenario", scenario.name, scenario.name_range, True)
        for call in scenario.calls:
            yield NameUse("mission", call.name, call.name_range, False)
    for exp in document.expectations:
        yield NameUse("scenario", exp.scenario, exp.scenario_range, False)
        yield NameUse("mission", exp.mission, exp.mission_range, False)


def name_at(report: CheckReport, position: Position) -> NameUse | None:
    for use in name_uses(report):
        if use.range.contains(position):
            return use
    return None


def definition(checked: CheckedDocument, position: types.Position) -> types.Location | None:
    """The file-local mission or the scenario a name at ``position`` refers to."""
    use = name_at(checked.report, checked.converter.to_core_position(position))
    if use is None:
        return None
    target = _definition_range(checked.report, use)
    if target is None:
        return None
    return types.Location(uri=checked.uri, range=checked.converter.to_lsp_range(target))


def _definition_range(report: CheckReport, use: NameUse) -> SourceRange | None:
    if use.kind == "mission":
        mission = report.document.mission(use.name)
        return mission.key_range if mission is not None else None
    # Duplicate scenario names: the last definition is the one that runs.
    ranges = [s.name_range for s in report.document.scenarios if s.name == use.name]
    return ranges[-1] if ranges else None


def references(checked: CheckedDocument, position: types.Position, include_declaration: bool) -> list[types.Location]:
    use = name_at(checked.report, checked.converter.to_core_position(position))
    if use is None:
        return []
    return [
        types.Location(uri=checked.uri, range=checked.converter.to_lsp_range(u.range))
        for u in name_uses(checked.report)
        if u.kind == use.kind and u.name == use.name and (include_declaration or not u.is_definition)
    ]


# -- hover --------------------------------------------------------------------


def hover(checked: CheckedDocument, position: types.Position, markdown: bool) -> types.Hover | None:
    """What the last run knows about the thing at ``position``.

    On an expectation's path: the actual value there. On a mission name: its
    steps. On the ``suite:`` line or a scenario's name line: the full hash.
    """
    report = checked.report
    at = checked.converter.to_core_position(position)
    found = _path_hover(report, at) or _mission_hover(report, at) or _hash_hover(report, at)
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
    local = report.document.mission(use.name)
    if local is not None:
        return use.range, _mission_text(local)
    if use.name in MISSION_REGISTRY:
        return use.range, f"built-in mission `{use.name}`: {MISSION_DESCRIPTIONS.get(use.name, '')}"
    return None


def _mission_text(mission: MissionDef) -> str:
    lines = [f"mission `{mission.name}`" + (f": {mission.description}" if mission.description else "")]
    for index, step in enumerate(mission.steps, start=1):
        payload = f" `{canonical_json(step.payload)}`" if step.payload else ""
        lines.append(f"{index}. `{step.id}` ({step.kind}){payload}")
    return "\n".join(lines)


def _hash_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    suite_range = report.document.suite_range
    if report.test_run_hash is not None and suite_range.start.line == at.line and report.document.suite_name:
        return suite_range, f"test_run_hash `{report.test_run_hash}`"
    for scenario in report.scenarios:
        name_range = scenario.definition.name_range
        if name_range.start.line == at.line:
            return name_range, f"scenario_hash `{scenario.scenario_hash}`"
    return None


# -- symbols ------------------------------------------------------------------


def document_symbols(checked: CheckedDocument) -> list[types.DocumentSymbol]:
    """The suite, with its missions, scenarios and expectations as children."""
    report = checked.report
    document = report.document
    to_range = checked.converter.to_lsp_range
    children = [
        _symbol(m.name, types.SymbolKind.Function, to_range(SourceRange(m.key_range.start, m.range.end)), to_range(m.key_range))
        for m in document.missions
    ]
    children += [
        _symbol(s.name, types.SymbolKind.Class, to_range(s.range), to_range(s.name_range)) for s in document.scenarios
    ]
    children += [
        _symbol(e.id, types.SymbolKind.Boolean, to_range(e.range), to_range(e.id_range)) for e in document.expectations
    ]
    if document.suite_name is None:
        return children
    lines = report.lines
    last = lines.line_count - 1
    whole = SourceRange.of(0, 0, last, len(lines.line_text(last)))
    return [_symbol(document.suite_name, types.SymbolKind.Module, to_range(whole), to_range(document.suite_range), children)]


def _symbol(
    name: str,
    kind: types.SymbolKind,
    rng: types.Range,
    selection: types.Range,
    children: list[types.DocumentSymbol] | None = None,
) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=name or " ", kind=kind, range=rng, selection_range=selection, children=children or None
    )


class Symbol(NamedTuple):
    """A name a workspace symbol search finds: its LSP kind, and its range as LSP JSON."""

    name: str
    kind: types.SymbolKind
    range: Range


def symbols(checked: CheckedDocument) -> list[Symbol]:
    """The suite, missions, scenarios and expectations of one file."""
    document = checked.report.document
    entries: list[tuple[str, types.SymbolKind, SourceRange]] = []
    if document.suite_name:
        entries.append((document.suite_name, types.SymbolKind.Module, document.suite_range))
    entries += [(m.name, types.SymbolKind.Function, m.key_range) for m in document.missions]
    entries += [(s.name, types.SymbolKind.Class, s.name_range) for s in document.scenarios]
    entries += [(e.id, types.SymbolKind.Boolean, e.id_range) for e in document.expectations]
    return [Symbol(name, kind, range_json(checked.converter, rng)) for name, kind, rng in entries]


def workspace_symbols(uri: str, suite_name: str | None, found: Iterable[Symbol], query: str) -> list[types.WorkspaceSymbol]:
    """The symbols of the file ``uri`` (the suite ``suite_name``) whose names contain ``query``."""
    needle = query.lower()
    return [
        types.WorkspaceSymbol(
            name=symbol.name,
            kind=symbol.kind,
            location=types.Location(uri=uri, range=_lsp_range(symbol.range)),
            container_name=suite_name,
        )
        for symbol in found
        if needle in symbol.name.lower()
    ]


def _lsp_range(rng: Range) -> types.Range:
    start, end = rng["start"], rng["end"]
    return types.Range(
        start=types.Position(line=start["line"], character=start["character"]),
        end=types.Position(line=end["line"], character=end["character"]),
    )
