"""Findings as diagnostics, pushed (``textDocument/publishDiagnostics``) or pulled.

A client that announces ``textDocument.diagnostic`` pulls; every other
client gets pushes. Pushes carry the document version they were computed
for, and a result for a version the editor no longer holds is dropped.
"""
from __future__ import annotations

from lsprotocol import types

from .checks import CheckedDocument
from .convert import to_diagnostic


def diagnostics_of(checked: CheckedDocument) -> list[types.Diagnostic]:
    """One diagnostic per core finding, in the core's order."""
    return [to_diagnostic(f, checked.converter, checked.uri) for f in checked.report.findings]


def client_pulls(capabilities: types.ClientCapabilities) -> bool:
    """True when the client asks for diagnostics itself (``textDocument/diagnostic``)."""
    return capabilities.text_document is not None and capabilities.text_document.diagnostic is not None


def publish_params(checked: CheckedDocument) -> types.PublishDiagnosticsParams:
    return types.PublishDiagnosticsParams(
        uri=checked.uri, diagnostics=diagnostics_of(checked), version=checked.version
    )


def cleared(uri: str) -> types.PublishDiagnosticsParams:
    return types.PublishDiagnosticsParams(uri=uri, diagnostics=[])


def pull_report(checked: CheckedDocument | None) -> types.RelatedFullDocumentDiagnosticReport:
    items = diagnostics_of(checked) if checked is not None else []
    return types.RelatedFullDocumentDiagnosticReport(items=items)
