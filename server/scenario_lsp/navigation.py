"""Hover, go to definition, find references, document and workspace symbols.

Everything is read from a check's :class:`ScenarioDocument` (names and
their ranges), the mission libraries it imported, and its results (actual
values, hashes); nothing is re-parsed here. References reach every file of
the workspace (see :mod:`workspace_names`).
"""
from __future__ import annotations

from array import array

from lsprotocol import types

from scenario_core.checking.document import ImportDef, MissionDef
from scenario_core.checking.outcomes import ScenarioOutcome
from scenario_core.checking.report import CheckReport
from scenario_core.checking.snapshots import describe_change
from scenario_core.orchestration.expectations import available_keys, resolve_path
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.orchestration.registry import MISSION_DESCRIPTIONS, MISSION_REGISTRY
from scenario_core.python.missions import PythonCallable
from scenario_core.source.positions import Position, SourceRange

from .checks import CheckedDocument
from .names import NameUse, name_at, name_uses
from .python import call_details, callable_hover, definition_location
from .workspace_names import WorkspaceNames, uri_of

__all__ = [
    "FileSymbols",
    "NameUse",
    "definition",
    "document_symbols",
    "hover",
    "name_at",
    "name_uses",
    "references",
    "workspace_symbols",
]

#: Expectations are the file's tests; LSP has no test kind, and a test is a method in most outlines.
EXPECTATION_KIND = types.SymbolKind.Method


def definition(checked: CheckedDocument, position: types.Position) -> types.Location | None:
    """Where the name at ``position`` is defined: a mission of the file or of a library, a scenario; a library for an import."""
    at = checked.converter.to_core_position(position)
    entry = _import_at(checked.report, at)
    if entry is not None:
        path = _imported_path(checked.report, entry)
        return types.Location(uri=uri_of(path), range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0))) if path else None
    use = name_at(checked.report, at)
    if use is None:
        return None
    if use.kind == "mission" and checked.report.document.mission(use.name) is None:
        imported = _imported_mission(checked.report, use.name)
        if imported is not None:
            converter = checked.converter_for(imported.path) if imported.path is not None else None
            if imported.path is None or converter is None:
                return None
            return types.Location(uri=uri_of(imported.path), range=converter.to_lsp_range(imported.key_range))
        python = _python_mission(checked.report, use)
        if python is not None:
            return definition_location(python)
    target = _definition_range(checked.report, use)
    if target is None:
        return None
    return types.Location(uri=checked.uri, range=checked.converter.to_lsp_range(target))


def _definition_range(report: CheckReport, use: NameUse) -> SourceRange | None:
    if use.kind == "mission":
        mission = report.document.mission(use.name)
        return mission.key_range if mission is not None else None
    if use.kind == "expectation":
        return use.range
    # Duplicate scenario names: the last definition is the one that runs.
    ranges = [s.name_range for s in report.document.scenarios if s.name == use.name]
    return ranges[-1] if ranges else None


def _imported_mission(report: CheckReport, name: str) -> MissionDef | None:
    imports = report.imports
    local = imports.missions.get(name) if imports is not None else None
    return local.definition if local is not None else None


def _import_at(report: CheckReport, at: Position) -> ImportDef | None:
    for entry in report.document.imports:
        if entry.range.contains(at):
            return entry
    return None


def _imported_path(report: CheckReport, entry: ImportDef) -> str | None:
    """The library file an import names, when the check found it."""
    imports = report.imports
    if imports is None:
        return None
    for resolved in imports.entries:
        if resolved.definition is entry and resolved.path is not None and imports.library(resolved.path) is not None:
            return str(resolved.path)
    return None


def references(
    checked: CheckedDocument, position: types.Position, include_declaration: bool, names: WorkspaceNames | None = None
) -> list[types.Location]:
    """Every place the name at ``position`` is written with the same meaning, in every file of ``names``.

    A mission of a library is found in every file that imports it; a
    scenario, an expectation or a mission of a scenario file only in that
    file. Without ``names``, the document alone.
    """
    names = names or WorkspaceNames({checked.uri: checked})
    found = names.symbol_at(checked, position)
    if found is None:
        return []
    return [
        types.Location(uri=document.uri, range=written.range)
        for document, written in names.uses(found[0])
        if include_declaration or not written.is_definition
    ]


# -- hover --------------------------------------------------------------------


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
    local = report.document.mission(use.name) or _imported_mission(report, use.name)
    if local is not None:
        text = _mission_text(local)
        if local.path is not None:
            text += f"\n\nfrom `{local.path.name}`"
        return use.range, text
    python = _python_mission(report, use)
    if python is not None:
        details = call_details(report, at)
        return use.range, callable_hover(python) + (f"\n\n{details[1]}" if details else "")
    if use.name in MISSION_REGISTRY:
        return use.range, f"built-in mission `{use.name}`: {MISSION_DESCRIPTIONS.get(use.name, '')}"
    return None


def _python_mission(report: CheckReport, use: NameUse) -> PythonCallable | None:
    """The project's Python mission a mission name refers to (the file's own and imported missions come first)."""
    if use.kind != "mission" or report.catalog is None:
        return None
    if report.document.mission(use.name) is not None or _imported_mission(report, use.name) is not None:
        return None
    return report.catalog.missions.get(use.name)


def _mission_text(mission: MissionDef) -> str:
    lines = [f"mission `{mission.name}`" + (f": {mission.description}" if mission.description else "")]
    for index, step in enumerate(mission.steps, start=1):
        payload = f" `{canonical_json(step.payload)}`" if step.payload else ""
        lines.append(f"{index}. `{step.id}` ({step.kind}){payload}")
    return "\n".join(lines)


def _import_hover(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """On an import: the library's description and missions."""
    entry = _import_at(report, at)
    if entry is None:
        return None
    path = _imported_path(report, entry)
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
        _symbol(e.id, EXPECTATION_KIND, to_range(e.range), to_range(e.id_range)) for e in document.expectations
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


def workspace_symbols(checked: CheckedDocument, query: str) -> list[types.WorkspaceSymbol]:
    """The suite, missions, scenarios and expectations of one file whose names contain ``query``.

    Their container is the suite, or the file's name for a mission library.
    """
    needle = query.lower()
    return [
        types.WorkspaceSymbol(
            name=name,
            kind=kind,
            location=types.Location(uri=checked.uri, range=checked.converter.to_lsp_range(rng)),
            container_name=_container(checked),
        )
        for name, kind, rng in _symbol_entries(checked)
        if needle in name.lower()
    ]


def _symbol_entries(checked: CheckedDocument) -> list[tuple[str, types.SymbolKind, SourceRange]]:
    document = checked.report.document
    entries: list[tuple[str, types.SymbolKind, SourceRange]] = []
    if document.suite_name:
        entries.append((document.suite_name, types.SymbolKind.Module, document.suite_range))
    entries += [(m.name, types.SymbolKind.Function, m.key_range) for m in document.missions]
    entries += [(s.name, types.SymbolKind.Class, s.name_range) for s in document.scenarios]
    entries += [(e.id, EXPECTATION_KIND, e.id_range) for e in document.expectations]
    return entries


def _container(checked: CheckedDocument) -> str | None:
    document = checked.report.document
    return document.suite_name or (checked.path.name if checked.path is not None else None)


class FileSymbols:
    """The workspace symbols of a file as the workspace index keeps them, without the check they came from.

    What :func:`workspace_symbols` finds, for a file on disk: names, kinds
    and LSP ranges in flat arrays (a file of 20,000 scenarios has 40,000
    symbols).
    """

    __slots__ = ("uri", "container", "_names", "_kinds", "_ranges")

    def __init__(self, checked: CheckedDocument) -> None:
        entries = _symbol_entries(checked)
        self.uri = checked.uri
        self.container = _container(checked)
        self._names = tuple(name for name, _, _ in entries)
        self._kinds = bytes(kind.value for _, kind, _ in entries)
        character = checked.converter.character
        self._ranges = array(
            "q", (n for _, _, (start, end) in entries for n in (start.line, character(start), end.line, character(end)))
        )

    def matching(self, query: str) -> list[types.WorkspaceSymbol]:
        """The symbols whose names contain ``query``, as :func:`workspace_symbols` gives them."""
        needle = query.lower()
        found = []
        for index, name in enumerate(self._names):
            if needle not in name.lower():
                continue
            line, character, end_line, end_character = self._ranges[4 * index : 4 * index + 4]
            rng = types.Range(start=types.Position(line, character), end=types.Position(end_line, end_character))
            found.append(
                types.WorkspaceSymbol(
                    name=name,
                    kind=types.SymbolKind(self._kinds[index]),
                    location=types.Location(uri=self.uri, range=rng),
                    container_name=self.container,
                )
            )
        return found
