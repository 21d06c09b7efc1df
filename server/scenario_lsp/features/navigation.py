"""Go to definition and find references.

A name resolves through the check: the file's own missions, then the
mission libraries it imported, then the project's Python missions (their
``def`` line); a scenario or an expectation id to its definition; an import
to its library. References reach every file of the workspace (see
:mod:`~scenario_lsp.documents.workspace_names`).
"""
from __future__ import annotations

from lsprotocol import types
from pygls.uris import from_fs_path

from scenario_core.checking.report import CheckReport
from scenario_core.python.missions import PythonCallable
from scenario_core.source.positions import SourceRange

from ..documents.checks import CheckedDocument
from ..documents.names import NameUse, import_at, imported_mission, imported_path, name_at, python_mission
from ..documents.workspace_names import WorkspaceNames, uri_of

__all__ = ["definition", "definition_location", "references"]


def definition(checked: CheckedDocument, position: types.Position) -> types.Location | None:
    """Where the name at ``position`` is defined: a mission of the file or of a library, a scenario; a library for an import."""
    at = checked.converter.to_core_position(position)
    entry = import_at(checked.report, at)
    if entry is not None:
        path = imported_path(checked.report, entry)
        return types.Location(uri=uri_of(path), range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0))) if path else None
    use = name_at(checked.report, at)
    if use is None:
        return None
    if use.kind == "mission" and checked.report.document.mission(use.name) is None:
        imported = imported_mission(checked.report, use.name)
        if imported is not None:
            converter = checked.converter_for(imported.path) if imported.path is not None else None
            if imported.path is None or converter is None:
                return None
            return types.Location(uri=uri_of(imported.path), range=converter.to_lsp_range(imported.key_range))
        python = python_mission(checked.report, use)
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


def definition_location(python: PythonCallable) -> types.Location | None:
    """The ``def`` line of a registered function."""
    uri = from_fs_path(python.file)
    if uri is None or python.line <= 0:
        return None
    start = types.Position(line=python.line - 1, character=0)
    return types.Location(uri=uri, range=types.Range(start=start, end=start))
