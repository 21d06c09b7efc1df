"""Code actions: quick fixes for findings, "Accept all actual values", and "Run scenario" / "Run suite".

Quick fixes are built for the diagnostics the client sends back in the
request (matched to the findings of the current check by code and range), or,
when it sends none, for the findings in the requested range. Only the kinds
the client asks for (``context.only``) are returned.

Accepting changes two files: the scenario file's ``expected`` values travel
as the action's edit (the editor applies it, with undo), and the snapshot
file is written by the server when the client runs the action's command
(``scenario.acceptSnapshots``): it is generated data, like a lock file. A
file with input errors gets no accept action.
"""
from __future__ import annotations

from typing import Any, Sequence

from lsprotocol import types

from scenario_core.checking.accept import ValueEdit, expected_edit, expected_edits
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.source.findings import Finding
from scenario_core.source.positions import SourceRange
from scenario_core.yaml.writing import flow_yaml

from ..documents.checks import CheckedDocument
from ..protocol.contract import ACCEPT_SNAPSHOTS, FIX_ALL, RUN_SCENARIO, RUN_SUITE
from ..protocol.convert import SOURCE, to_diagnostic

__all__ = ["accept_all", "code_actions"]

#: The title of the fix-all action.
ACCEPT_ALL_TITLE = "Accept all actual values in this file"


def code_actions(checked: CheckedDocument, params: types.CodeActionParams) -> list[types.CodeAction | types.Command]:
    """The actions for ``params.range``, of the kinds ``params.context.only`` allows."""
    wanted = checked.converter.to_core_range(params.range)
    only = params.context.only
    actions: list[types.CodeAction | types.Command] = []
    if _allowed(types.CodeActionKind.QuickFix, only):
        for finding in _findings_to_fix(checked, params.context.diagnostics, wanted):
            fix = _quick_fix(checked, finding)
            if fix is not None:
                actions.append(fix)
    if _allowed(FIX_ALL, only):
        fix_all = accept_all(checked)
        if fix_all is not None:
            actions.append(fix_all)
    if not only:
        # A bare Command is the LSP form of an action that runs something; it has no kind to ask for.
        for scenario in checked.report.scenarios:
            if _overlaps(scenario.definition.range, wanted):
                arguments = [{"uri": checked.uri, "scenario": scenario.name}]
                actions.append(types.Command(title="Run scenario", command=RUN_SCENARIO, arguments=arguments))
        actions.append(types.Command(title="Run suite", command=RUN_SUITE, arguments=[{"uri": checked.uri}]))
    return actions


def accept_all(checked: CheckedDocument) -> types.CodeAction | None:
    """"Accept all actual values in this file": every failed ``eq`` expectation and every snapshot; None when nothing to accept."""
    report = checked.report
    edits, _ = expected_edits(report)
    snapshots = report.snapshots
    writes = not report.invalid and snapshots is not None and snapshots.acceptable
    if not edits and not writes:
        return None
    return types.CodeAction(
        title=ACCEPT_ALL_TITLE,
        kind=FIX_ALL,
        edit=_workspace_edit(checked, edits) if edits else None,
        command=_accept_command(checked, None) if writes else None,
    )


def _allowed(kind: str, only: Sequence[str] | None) -> bool:
    """True when ``kind`` is one of ``only`` or below one of them (``quickfix`` allows ``quickfix.x``)."""
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _findings_to_fix(
    checked: CheckedDocument, sent: Sequence[types.Diagnostic], wanted: SourceRange
) -> list[Finding]:
    """The findings behind the client's diagnostics; those in ``wanted`` when it sent none of ours."""
    ours = [d for d in sent if d.source == SOURCE]
    if not ours:
        return [f for f in checked.report.findings if _overlaps(f.range, wanted)]
    keys = {(d.code, checked.converter.to_core_range(d.range)) for d in ours}
    return [f for f in checked.report.findings if (f.code, f.range) in keys]


def _quick_fix(checked: CheckedDocument, finding: Finding) -> types.CodeAction | None:
    if finding.code == "eq_mismatch":
        edit = _expected_edit(checked, finding)
        if edit is None:
            return None
        action = _fix(checked, finding, "Set expected to the actual value")
        action.edit = _workspace_edit(checked, [edit])
        return action
    if finding.code in ("unknown_mission", "import_not_found") and finding.data.get("suggestion"):
        suggestion = finding.data["suggestion"]
        return _replace(checked, finding, f"Change to `{suggestion}`", suggestion)
    if checked.report.invalid:  # snapshots of a file with input errors are never accepted
        return None
    if finding.code in ("snapshot_changed", "snapshot_missing"):
        action = _fix(checked, finding, "Accept snapshot")
        action.command = _accept_command(checked, [finding.data["scenario"]])
        return action
    if finding.code == "snapshot_orphaned":
        action = _fix(checked, finding, f"Remove the snapshot entry '{finding.data['scenario']}'")
        action.command = _accept_command(checked, [finding.data["scenario"]])
        return action
    if finding.code == "snapshot_invalid":
        action = _fix(checked, finding, "Write the snapshot file again")
        action.command = _accept_command(checked, None)
        return action
    return None


def _expected_edit(checked: CheckedDocument, finding: Finding) -> ValueEdit | None:
    for outcome in checked.report.expectations:
        if outcome.finding is finding:
            found = expected_edit(checked.report, outcome)
            return found if isinstance(found, ValueEdit) else None
    return None


def _accept_command(checked: CheckedDocument, scenarios: list[str] | None) -> types.Command:
    arguments: dict[str, Any] = {"uri": checked.uri} if scenarios is None else {"uri": checked.uri, "scenarios": scenarios}
    title = "Accept snapshot" if scenarios is not None and len(scenarios) == 1 else "Accept snapshots"
    return types.Command(title=title, command=ACCEPT_SNAPSHOTS, arguments=[arguments])


def _workspace_edit(checked: CheckedDocument, edits: Sequence[ValueEdit]) -> types.WorkspaceEdit:
    to_range = checked.converter.to_lsp_range
    text_edits = [types.TextEdit(range=to_range(r.range), new_text=r.text) for e in edits for r in e.replacements]
    return types.WorkspaceEdit(changes={checked.uri: text_edits})


def _overlaps(a: SourceRange, b: SourceRange) -> bool:
    return a.start <= b.end and b.start <= a.end


def _fix(checked: CheckedDocument, finding: Finding, title: str) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_diagnostic(finding, checked.converter, checked.uri, checked.converter_for)],
        is_preferred=True,
    )


def _replace(checked: CheckedDocument, finding: Finding, title: str, value: Any) -> types.CodeAction:
    """A quick fix that writes ``value`` as flow YAML over the finding's range."""
    action = _fix(checked, finding, title)
    edit = types.TextEdit(range=checked.converter.to_lsp_range(finding.range), new_text=flow_yaml(FrozenDict.thaw(value)))
    action.edit = types.WorkspaceEdit(changes={checked.uri: [edit]})
    return action
