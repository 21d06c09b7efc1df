"""Findings as diagnostics, pushed (``textDocument/publishDiagnostics``) or pulled.

A client that announces ``textDocument.diagnostic`` and can be asked to pull
again (``workspace.diagnostics.refreshSupport``) pulls; every other client
gets pushes. A document's findings change without any edit of it (its
snapshot file is accepted, a Python mission changes), and a client that pulls
only after edits (Neovim 0.11) would keep showing the old ones. Pushes carry
the document version they were computed for, and a result for a version the
editor no longer holds is dropped.
"""
from __future__ import annotations

from typing import Sequence

from lsprotocol import types
from lsprotocol.converters import get_converter

from scenario_core.orchestration.hashing import stable_hash

from ..documents.checks import CheckedDocument
from ..documents.configs import ConfigCheck
from ..protocol.convert import to_diagnostic

__all__ = ["cleared", "client_pulls", "config_params", "diagnostics_of", "publish_params", "pull_report"]

unstructure = get_converter().unstructure


def diagnostics_of(checked: CheckedDocument, extra: Sequence[types.Diagnostic] = ()) -> list[types.Diagnostic]:
    """One diagnostic per core finding, in the core's order; then ``extra`` (the server's own hints)."""
    return [*(to_diagnostic(f, checked.converter, checked.uri, checked.converter_for) for f in checked.report.findings), *extra]


def client_pulls(capabilities: types.ClientCapabilities) -> bool:
    """True when the client asks for diagnostics itself (``textDocument/diagnostic``) and can be asked to ask again."""
    pulls = capabilities.text_document is not None and capabilities.text_document.diagnostic is not None
    workspace = capabilities.workspace
    refreshes = workspace is not None and workspace.diagnostics is not None and bool(workspace.diagnostics.refresh_support)
    return pulls and refreshes


def publish_params(checked: CheckedDocument, extra: Sequence[types.Diagnostic] = ()) -> types.PublishDiagnosticsParams:
    return types.PublishDiagnosticsParams(
        uri=checked.uri, diagnostics=diagnostics_of(checked, extra), version=checked.version
    )


def config_params(checked: ConfigCheck) -> types.PublishDiagnosticsParams:
    """The findings of a ``pyproject.toml`` (pushed to every client: no client pulls for a file that is not ours)."""
    return types.PublishDiagnosticsParams(uri=checked.uri, diagnostics=[to_diagnostic(f, checked.converter, checked.uri) for f in checked.findings])


def cleared(uri: str) -> types.PublishDiagnosticsParams:
    return types.PublishDiagnosticsParams(uri=uri, diagnostics=[])


def pull_report(
    checked: CheckedDocument | None, previous_result_id: str | None, extra: Sequence[types.Diagnostic] = ()
) -> types.DocumentDiagnosticReport:
    """The full report, or ``unchanged`` when the client already holds these diagnostics.

    The ``result_id`` is a hash of the diagnostics themselves, so it changes
    exactly when they do, whatever made them change.
    """
    items = diagnostics_of(checked, extra) if checked is not None else []
    result_id = stable_hash([unstructure(d) for d in items])[:32]
    if previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)
