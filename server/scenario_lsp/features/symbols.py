"""Document symbols (the outline) and workspace symbols.

The suite, with its missions, scenarios and expectations as children; across
the workspace, every one of them whose name contains the query.
"""
from __future__ import annotations

from lsprotocol import types

from scenario_core.source.positions import SourceRange

from ..documents.checks import CheckedDocument
from ..documents.symbols import EXPECTATION_KIND, symbol_container, symbol_entries

__all__ = ["document_symbols", "workspace_symbols"]


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
            container_name=symbol_container(checked),
        )
        for name, kind, rng in symbol_entries(checked)
        if needle in name.lower()
    ]
