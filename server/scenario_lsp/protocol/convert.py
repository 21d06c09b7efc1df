"""Core positions, ranges and findings to LSP types: the one place that converts positions.

The core counts columns in code points; the client counts in the negotiated
position encoding (UTF-16 unless it offered UTF-8 or UTF-32).
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Callable

from lsprotocol import types
from pygls.uris import from_fs_path

from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.source.findings import Finding, Related, Severity
from scenario_core.source.positions import Encoding, LineIndex, Position, SourceRange

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

    __slots__ = ("lines", "encoding", "_same_units")

    def __init__(self, lines: LineIndex, encoding: Encoding) -> None:
        self.lines = lines
        self.encoding = encoding
        # In ASCII text every encoding counts code points (str.isascii() reads a flag CPython keeps).
        self._same_units = lines.text.isascii()

    def character(self, position: Position) -> int:
        """The column of ``position`` in the client's encoding."""
        line, column = position
        if self._same_units and column >= 0:
            # As LineIndex.encode_column counts: UTF-32 as given, UTF-8 and UTF-16 up to the end of the line.
            return column if self.encoding == "utf-32" else min(column, self._line_length(line))
        return self.lines.encode_column(line, column, self.encoding)

    def to_lsp_position(self, position: Position) -> types.Position:
        return types.Position(line=position.line, character=self.character(position))

    def _line_length(self, line: int) -> int:
        """The length of ``line`` without its line break (0 past the end), as ``LineIndex.line_text`` has it."""
        starts = self.lines.line_starts
        if line < 0 or line >= len(starts):
            return 0
        text = self.lines.text
        end = starts[line + 1] if line + 1 < len(starts) else len(text)
        start = starts[line]
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        return end - start

    def to_lsp_range(self, rng: SourceRange) -> types.Range:
        return types.Range(start=self.to_lsp_position(rng.start), end=self.to_lsp_position(rng.end))

    def to_core_position(self, position: types.Position) -> Position:
        return Position(position.line, self.lines.decode_column(position.line, position.character, self.encoding))

    def to_core_range(self, rng: types.Range) -> SourceRange:
        return SourceRange(self.to_core_position(rng.start), self.to_core_position(rng.end))


#: The position converter of another file, by its path (None when its text is not known).
OtherFiles = Callable[[str], "PositionConverter | None"]


def location_of(path: str | None, rng: SourceRange, converter: PositionConverter, uri: str, other: OtherFiles | None) -> types.Location:
    """Where ``rng`` is: in the document ``uri`` (``path`` None, converted by ``converter``) or in the file ``path``.

    A range in another file (a mission library, a Python source) is
    converted with ``other(path)``, that file's converter, when there is one.
    """
    if path is None:
        return types.Location(uri=uri, range=converter.to_lsp_range(rng))
    other_uri = from_fs_path(path) or path
    other_converter = other(path) if other is not None else None
    if other_converter is not None:
        return types.Location(uri=other_uri, range=other_converter.to_lsp_range(rng))
    # A file whose text is not at hand: its places are line starts (a Python source's), the same in any encoding.
    start, end = rng
    return types.Location(
        uri=other_uri,
        range=types.Range(
            start=types.Position(line=start.line, character=start.column),
            end=types.Position(line=end.line, character=end.column),
        ),
    )


def _related_location(related: Related, converter: PositionConverter, uri: str, other: OtherFiles | None) -> types.Location:
    return location_of(related.path, related.range, converter, uri, other)


def range_json(converter: PositionConverter, rng: SourceRange) -> Range:
    """An LSP range as plain JSON (for custom responses such as ``scenario/tests``)."""
    start, end = rng
    return {
        "start": {"line": start.line, "character": converter.character(start)},
        "end": {"line": end.line, "character": converter.character(end)},
    }


def lsp_range_json(rng: types.Range) -> Range:
    """An lsprotocol range as plain JSON."""
    return {
        "start": {"line": rng.start.line, "character": rng.start.character},
        "end": {"line": rng.end.line, "character": rng.end.character},
    }


def to_diagnostic(
    finding: Finding, converter: PositionConverter, uri: str, other: OtherFiles | None = None
) -> types.Diagnostic:
    """The diagnostic a client shows for ``finding``; ``data`` carries its quick-fix data.

    A related place in another file (a mission library, a Python source) is
    converted with ``other(path)``, that file's converter, when there is one.
    """
    related = [
        types.DiagnosticRelatedInformation(location=_related_location(r, converter, uri, other), message=r.message)
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
