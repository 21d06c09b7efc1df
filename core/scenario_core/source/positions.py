"""Positions and ranges in a scenario document.

The core counts columns in Unicode code points, 0-based, as libyaml does.
Editors speak UTF-16 (the LSP default) or UTF-8; :class:`LineIndex` converts
a code-point column on a line to either without re-reading the file.
"""
from __future__ import annotations

from array import array
from bisect import bisect_right
from typing import Literal, NamedTuple

__all__ = ["DOCUMENT_START", "Encoding", "LineIndex", "Position", "SourceRange"]

Encoding = Literal["utf-8", "utf-16", "utf-32"]


class Position(NamedTuple):
    """A 0-based line and a 0-based column counted in code points."""

    line: int
    column: int


class SourceRange(NamedTuple):
    """A half-open range ``[start, end)`` in a document (ordered by start, then end)."""

    start: Position
    end: Position

    @classmethod
    def of(cls, start_line: int, start_column: int, end_line: int, end_column: int) -> "SourceRange":
        return cls(Position(start_line, start_column), Position(end_line, end_column))

    @classmethod
    def point(cls, line: int, column: int) -> "SourceRange":
        return cls.of(line, column, line, column)

    def contains(self, position: Position) -> bool:
        """True when ``position`` lies inside the range or on its end."""
        return self.start <= position <= self.end

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {
            "start": {"line": self.start.line, "column": self.start.column},
            "end": {"line": self.end.line, "column": self.end.column},
        }


DOCUMENT_START = SourceRange.point(0, 0)

# NamedTuple's generated __new__ is Python code; positions are made by the
# ten thousand, so they are built with tuple.__new__ directly.
_new_position = tuple.__new__


class LineIndex:
    """Line starts of a text, for converting between offsets and positions.

    Line breaks are ``\\n``, ``\\r\\n`` and ``\\r``, as in the LSP
    specification and libyaml.
    """

    __slots__ = ("text", "line_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        if "\r" in text:
            i, n = 0, len(text)
            while i < n:
                ch = text[i]
                if ch == "\r":
                    if i + 1 < n and text[i + 1] == "\n":
                        i += 1
                    starts.append(i + 1)
                elif ch == "\n":
                    starts.append(i + 1)
                i += 1
        else:
            find = text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
        # An array of machine integers: a quarter of a list's memory (250,000 lines at 20,000 scenarios).
        self.line_starts = array("q", starts)

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break ('' past the end)."""
        if line < 0 or line >= len(self.line_starts):
            return ""
        start = self.line_starts[line]
        end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def position_of_offset(self, offset: int) -> Position:
        """The position of a code-point offset into the text."""
        if offset < 0:
            offset = 0
        elif offset > len(self.text):
            offset = len(self.text)
        starts = self.line_starts
        line = bisect_right(starts, offset) - 1
        return _new_position(Position, (line, offset - starts[line]))

    def offset_of(self, position: Position) -> int:
        """The code-point offset of ``position`` (the inverse of :meth:`position_of_offset`)."""
        line, column = position
        if line >= len(self.line_starts):
            return len(self.text)
        return min(self.line_starts[max(line, 0)] + column, len(self.text))

    def encode_column(self, line: int, column: int, encoding: Encoding) -> int:
        """Convert a code-point column on ``line`` into ``encoding`` units."""
        if encoding == "utf-32":
            return column
        prefix = self.line_text(line)[:column]
        if prefix.isascii():
            return len(prefix)
        if encoding == "utf-16":
            return len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)
        return len(prefix.encode("utf-8", "surrogatepass"))

    def decode_column(self, line: int, units: int, encoding: Encoding) -> int:
        """Convert a column in ``encoding`` units on ``line`` to code points.

        A column past the end of the line is the end of the line, in every
        encoding (the LSP specification's rule for positions).
        """
        text = self.line_text(line)
        if encoding == "utf-32" or text.isascii():
            return min(units, len(text))
        count = 0
        for i, ch in enumerate(text):
            width = (2 if ord(ch) > 0xFFFF else 1) if encoding == "utf-16" else len(ch.encode("utf-8", "surrogatepass"))
            if count + width > units:
                return i
            count += width
        return len(text)
