"""The symbols a file defines: its suite, missions, scenarios and expectations, where each is named.

The document outline and workspace symbols (:mod:`scenario_lsp.features.symbols`)
are made of them; the workspace index keeps a file's symbols without its
check (:class:`FileSymbols`).
"""
from __future__ import annotations

from array import array

from lsprotocol import types

from scenario_core.source.positions import SourceRange

from .checks import CheckedDocument

__all__ = ["EXPECTATION_KIND", "FileSymbols", "symbol_container", "symbol_entries"]

#: Expectations are the file's tests; LSP has no test kind, and a test is a method in most outlines.
EXPECTATION_KIND = types.SymbolKind.Method


def symbol_entries(checked: CheckedDocument) -> list[tuple[str, types.SymbolKind, SourceRange]]:
    document = checked.report.document
    entries: list[tuple[str, types.SymbolKind, SourceRange]] = []
    if document.suite_name:
        entries.append((document.suite_name, types.SymbolKind.Module, document.suite_range))
    entries += [(m.name, types.SymbolKind.Function, m.key_range) for m in document.missions]
    entries += [(s.name, types.SymbolKind.Class, s.name_range) for s in document.scenarios]
    entries += [(e.id, EXPECTATION_KIND, e.id_range) for e in document.expectations]
    return entries


def symbol_container(checked: CheckedDocument) -> str | None:
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
        entries = symbol_entries(checked)
        self.uri = checked.uri
        self.container = symbol_container(checked)
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
