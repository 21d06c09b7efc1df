"""Hints that fade what nothing uses, as an editor fades an unused function: missions no scenario calls, steps no call reaches.

Both are hint diagnostics with the ``Unnecessary`` tag (shown faded, not
listed as problems by most clients), source ``scenario``:

* ``unused_mission``, on the name of a mission library's mission that no
  scenario file of the workspace calls (names resolved as the core resolves
  them: a file's own mission of the same name, or another library's that
  comes first, is not a call of it);
* ``unreached_step``, on each step of a YAML mission that no call reached in
  the latest run of the whole workspace with coverage (``scenario.runCoverage``
  without files, or the Test Explorer's coverage run of everything); they
  hold until a scenario file, a library or a Python file changes.
"""
from __future__ import annotations

from lsprotocol import types

from scenario_core.coverage import StepCoverage

from ..documents.checks import CheckedDocument
from ..documents.index import is_library_file, is_scenario_file
from ..documents.workspace_names import Symbol, WorkspaceNames
from ..protocol.convert import SOURCE

__all__ = ["unreached_steps", "unused_missions"]


def _hint(at: types.Range, code: str, message: str) -> types.Diagnostic:
    return types.Diagnostic(
        range=at, message=message, severity=types.DiagnosticSeverity.Hint, code=code, source=SOURCE, tags=[types.DiagnosticTag.Unnecessary]
    )


def unused_missions(checked: CheckedDocument, names: WorkspaceNames) -> list[types.Diagnostic]:
    """A hint on each mission of the library ``checked`` that no scenario file of ``names`` calls."""
    if not is_library_file(checked.uri):
        return []
    found = []
    for mission in checked.report.document.missions:
        symbol = Symbol("mission", mission.name, "yaml", checked.uri)
        called = any(is_scenario_file(file.uri) and not use.is_definition for file, use in names.uses(symbol))
        if not called:
            at = checked.converter.to_lsp_range(mission.key_range)
            found.append(_hint(at, "unused_mission", f"no scenario calls mission '{mission.name}'"))
    return found


def unreached_steps(checked: CheckedDocument, coverage: StepCoverage) -> list[types.Diagnostic]:
    """A hint on each step of ``checked``'s missions that no call reached in the workspace's run ``coverage``."""
    path = checked.path
    if path is None:
        return []
    counted = {mission.line: mission for mission in coverage.missions(str(path.resolve()))}
    found = []
    for mission in checked.report.document.missions:
        lines = counted.get(mission.key_range.start.line + 1)
        if lines is None or lines.name != mission.name:
            continue
        for step in mission.steps:
            ran = lines.steps.get(step.range.start.line + 1)
            if ran is not None and ran.id == step.id and ran.count == 0:
                at = checked.converter.to_lsp_range(step.range)
                found.append(_hint(at, "unreached_step", f"no call in the workspace reaches step '{step.id}' of mission '{mission.name}'"))
    return found
