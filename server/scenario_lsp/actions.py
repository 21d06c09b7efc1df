"""Code actions: quick fixes for findings, and "Run scenario" on a scenario.

Quick fixes are built for the diagnostics the client sends back in the
request (matched to the findings of the current check by code and range), or,
when it sends none, for the findings in the requested range. Only the kinds
the client asks for (``context.only``) are returned.
"""
from __future__ import annotations

from typing import Any, Sequence

from lsprotocol import types
from scenario_core.findings import Finding
from scenario_core.frozen import FrozenDict
from scenario_core.source import SourceRange
from scenario_core.yamlformat import flow_yaml

from .checks import CheckedDocument
from .contract import RUN_SCENARIO
from .convert import SOURCE, to_diagnostic

__all__ = ["code_actions"]


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
    if not only:
        # A bare Command is the LSP form of an action that runs something; it has no kind to ask for.
        for scenario in checked.report.scenarios:
            if _overlaps(scenario.definition.range, wanted):
                arguments = [{"uri": checked.uri, "scenario": scenario.name}]
                actions.append(types.Command(title="Run scenario", command=RUN_SCENARIO, arguments=arguments))
    return actions


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
    if finding.code == "eq_mismatch" and "actual" in finding.data:
        return _replace(checked, finding, "Set expected to the actual value", finding.data["actual"])
    if finding.code in ("unknown_mission", "import_not_found") and finding.data.get("suggestion"):
        suggestion = finding.data["suggestion"]
        return _replace(checked, finding, f"Change to `{suggestion}`", suggestion)
    return None


def _overlaps(a: SourceRange, b: SourceRange) -> bool:
    return a.start <= b.end and b.start <= a.end


def _replace(checked: CheckedDocument, finding: Finding, title: str, value: Any) -> types.CodeAction:
    """A quick fix that writes ``value`` as flow YAML over the finding's range."""
    edit = types.TextEdit(range=checked.converter.to_lsp_range(finding.range), new_text=flow_yaml(FrozenDict.thaw(value)))
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_diagnostic(finding, checked.converter, checked.uri, checked.converter_for)],
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={checked.uri: [edit]}),
    )
