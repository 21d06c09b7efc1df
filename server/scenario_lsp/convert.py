"""Core positions, ranges and findings to LSP types: the one place that converts positions.

The core counts columns in code points; the client counts in the negotiated
position encoding (UTF-16 unless it offered UTF-8 or UTF-32).
"""
from __future__ import annotations

from enum import Enum
from typing import Any

from lsprotocol import types
from scenario_core.findings import Finding, Severity
from scenario_core.frozen import FrozenDict
from scenario_core.source import Encoding, LineIndex, Position, SourceRange

from .contract import Range

SOURCE = "scenario"
CODE_DOCS = "https://github.com/scenario-harness/scenario-harness#code-{code}"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def encoding_name(kind: Any) -> Encoding:
    """The core's name for a negotiated ``PositionEncodingKind`` (UTF-16 when unknown)."""
    value = kind.value if isinstance(kind, Enum) else kind
    return value if value in ("utf-8", "utf-16", "utf-32") else "utf-16"


class PositionConverter:
    """Converts between core positions and LSP positions for one text."""

    __slots__ = ("lines", "encoding", "_same_columns")

    def __init__(self, lines: LineIndex, encoding: Encoding) -> None:
        self.lines = lines
        self.encoding = encoding
        # In ASCII text with no carriage return every column already is what
        # the client counts (conversions by the hundred thousand at the index).
        self._same_columns = encoding == "utf-32" or (lines.text.isascii() and "\r" not in lines.text)

    def character(self, position: Position) -> int:
        """The column of ``position`` in the client's encoding."""
        if self._same_columns:
            return position.column
        return self.lines.encode_column(position.line, position.column, self.encoding)

    def to_lsp_position(self, position: Position) -> types.Position:
        return types.Position(line=position.line, character=self.character(position))

    def to_lsp_range(self, rng: SourceRange) -> types.Range:
        return types.Range(start=self.to_lsp_position(rng.start), end=self.to_lsp_position(rng.end))

    def to_core_position(self, position: types.Position) -> Position:
        return Position(position.line, self.lines.decode_column(position.line, position.character, self.encoding))

    def to_core_range(self, rng: types.Range) -> SourceRange:
        return SourceRange(self.to_core_position(rng.start), self.to_core_position(rng.end))


def range_json(converter: PositionConverter, rng: SourceRange) -> Range:
    """An LSP range as plain JSON (for custom responses such as ``scenario/tests``)."""
    start, end = rng
    return {
        "start": {"line": start.line, "character": converter.character(start)},
        "end": {"line": end.line, "character": converter.character(end)},
    }


def to_diagnostic(finding: Finding, converter: PositionConverter, uri: str) -> types.Diagnostic:
    """The diagnostic a client shows for ``finding``; ``data`` carries its quick-fix data."""
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=converter.to_lsp_range(r.range)), message=r.message
        )
        for r in finding.related
    ]
    return types.Diagnostic(
        range=converter.to_lsp_range(finding.range),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=CODE_DOCS.format(code=finding.code)),
        source=SOURCE,
        data=FrozenDict.thaw(finding.data),
        related_information=related or None,
    )
