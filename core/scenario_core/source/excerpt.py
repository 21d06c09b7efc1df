"""A finding as a person reads it in a terminal: where it is, what it says, and the YAML around it.

::

    checks.scenario.yaml:9:15: error eq_mismatch: expected false, got true
       7 |     path: success
       8 |     op: eq
       9 |     expected: false
         |               ^^^^^
      10 |   - id: counter_path

The first line is the CLI's (``file:line:col: severity code: message``,
1-based line and column in characters); the excerpt shows the lines around
the finding's range with a marker under it. The pytest plugin prints
failures and invalid files this way.
"""
from __future__ import annotations

import unicodedata

from .findings import Finding
from .positions import LineIndex, SourceRange

__all__ = ["excerpt", "finding_line", "finding_text"]

#: Lines shown above and below the marked range.
CONTEXT_BEFORE, CONTEXT_AFTER = 2, 1
#: At most this many lines of a range that spans several are shown.
MAX_RANGE_LINES = 6


def finding_line(path: str, finding: Finding) -> str:
    """``path:line:col: severity code: message``, as ``scenario run`` prints it."""
    start = finding.range.start
    return f"{path}:{start.line + 1}:{start.column + 1}: {finding.severity.value} {finding.code}: {finding.message}"


def finding_text(path: str, lines: LineIndex, finding: Finding) -> str:
    """:func:`finding_line`, then the :func:`excerpt` of its range."""
    return "\n".join([finding_line(path, finding), *excerpt(lines, finding.range)])


def excerpt(lines: LineIndex, at: SourceRange) -> list[str]:
    """The lines around ``at``, numbered, with ``^`` under the range on its first line.

    A range that ends at the start of a line ends on the line before it. The
    marker is as wide as the marked text in a terminal (wide characters count
    two columns, combining ones none); a tab before the range is kept, so the
    marker stays under it.
    """
    count = lines.line_count
    first = min(at.start.line, max(count - 1, 0))
    last = at.end.line - 1 if at.end.line > at.start.line and at.end.column == 0 else at.end.line
    last = min(max(last, first), first + MAX_RANGE_LINES - 1, max(count - 1, 0))
    top = max(first - CONTEXT_BEFORE, 0)
    bottom = min(last + CONTEXT_AFTER, max(count - 1, 0))
    while bottom > last and not lines.line_text(bottom).strip():
        bottom -= 1  # blank lines after the range say nothing
    width = len(str(bottom + 1))
    out: list[str] = []
    for number in range(top, bottom + 1):
        text = lines.line_text(number)
        out.append(f"{number + 1:>{width}} | {text}".rstrip())
        if number == first:
            start = min(at.start.column, len(text))
            end = at.end.column if at.end.line == first else len(text)
            marked = text[start:max(end, start)]
            out.append(f"{'':>{width}} | {_blank(text[:start])}{'^' * max(_width(marked), 1)}")
    return out


def _width(text: str) -> int:
    return sum(_char_width(ch) for ch in text)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _blank(prefix: str) -> str:
    """``prefix`` as blanks of the same width (tabs kept)."""
    return "".join(ch if ch == "\t" else " " * _char_width(ch) for ch in prefix)
