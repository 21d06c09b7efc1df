"""Re-parsing an edited document: only the list item the edit falls in.

While a user types in a large file, most edits change one character inside
one scenario or expectation. :func:`reparse_edit` re-parses just that item of
the top-level ``scenarios`` or ``expectations`` list and shares every other
node with the previous tree, whenever doing so is known to give exactly the
tree :func:`~scenario_core.yaml.parse.parse_yaml` would.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from scenario_core.source.findings import Finding
from scenario_core.source.positions import LineIndex, Position

from .parse import FORBIDDEN, ParsedYaml, YNode, compose

__all__ = ["can_reparse_from", "reparse_edit", "trim_read_items"]

# Text that can tie one list item to others (anchors, aliases, tags, merge keys,
# directives and document markers): an item holding any of it is never re-parsed alone.
_NOT_LOCAL = re.compile(r"[&*!%]|<<|^(?:---|\.\.\.)", re.M)
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
_CHUNK = 4096


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i : i + _CHUNK] == b[i : i + _CHUNK]:
        i += _CHUNK
    end = min(i + _CHUNK, n)
    while i < end and a[i] == b[i]:
        i += 1
    return min(i, n)


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix of ``a`` and ``b``, at most ``limit``."""
    i = 0
    la, lb = len(a), len(b)
    while i + _CHUNK <= limit and a[la - i - _CHUNK : la - i] == b[lb - i - _CHUNK : lb - i]:
        i += _CHUNK
    while i < limit and a[la - i - 1] == b[lb - i - 1]:
        i += 1
    return i


def can_reparse_from(parsed: ParsedYaml) -> bool:
    """True when :func:`reparse_edit` may start from ``parsed``: a mapping without syntax problems."""
    root = parsed.root
    return (
        root is not None
        and root.kind == "map"
        and not any(f.code in ("yaml_syntax", "too_large") for f in parsed.findings)
    )


def trim_read_items(parsed: ParsedYaml) -> None:
    """Empty the items of the top-level ``scenarios`` and ``expectations`` lists of ``parsed``, in place.

    For a tree whose items were all read (``document.read_document``, which
    remembers what it read of each item by the item's node): later, only
    :func:`reparse_edit` reads the tree, and of an item only its position;
    the definitions read from an item keep the nodes they name. What goes
    is the rest: the key nodes, and the values read into plain values
    (initial states, params), most of the nodes of a document.
    """
    root = parsed.root
    if root is None or root.kind != "map":
        return
    for key, value in root.value:
        if key.value in ("scenarios", "expectations") and value.kind == "seq":
            for item in value.value:
                if item.kind == "map":
                    item.value = []


def reparse_edit(old: ParsedYaml, old_text: str, new_text: str, lines: LineIndex) -> ParsedYaml | None:
    """The tree of ``new_text``, re-parsing only the list item an edit falls in.

    ``old`` is the tree of ``old_text``; ``lines`` indexes ``new_text``.
    Returns ``None`` when re-parsing one item is not known to give exactly
    what :func:`parse_yaml` would: the old text had a syntax problem; the
    edit adds or removes a line break, or touches more than one item of the
    top-level ``scenarios`` or ``expectations`` block list (or anything else);
    or the item's old or new text uses anchors, aliases, tags, merge keys or
    document markers. Unchanged items are shared with ``old``.
    """
    root = old.root
    if root is None or not can_reparse_from(old):
        return None
    if old_text == new_text:
        return old
    start = _common_prefix(old_text, new_text)
    tail = _common_suffix(old_text, new_text, min(len(old_text), len(new_text)) - start)
    old_end, new_end = len(old_text) - tail, len(new_text) - tail
    if _LINE_BREAK.search(old_text, start, old_end) or _LINE_BREAK.search(new_text, start, new_end):
        return None
    old_lines = old.lines
    at = old_lines.position_of_offset(start)
    line = at.line
    # Where the edit ends on its line: what follows it there moves by the change in length.
    edit = _Edit(line, at.column + old_end - start, len(new_text) - len(old_text))
    for key_index, (key, value) in enumerate(root.value):
        if key.value not in ("scenarios", "expectations") or value.kind != "seq" or not value.value:
            continue
        items = value.value
        starts = [item.line for item in items]
        if line < starts[0]:
            continue
        index = bisect_right(starts, line) - 1
        item = items[index]
        first = starts[index]
        if index + 1 < len(items):
            last = starts[index + 1] - 1
        elif key_index + 1 < len(root.value):
            last = root.value[key_index + 1][0].line - 1
        else:
            last = old_lines.line_count - 1
        if line > last or at < item.start:
            continue  # after this list, or on the item's dash
        if not old_lines.line_text(first).lstrip().startswith("-") or (index + 1 < len(items) and starts[index + 1] == first):
            return None  # a flow list, or items sharing a line
        return _replace_item(old, value, index, first, last, old_text, new_text, lines, edit)
    return None


class _Edit(NamedTuple):
    """A change on one line: what was at ``column`` and after it moved by ``delta``."""

    line: int
    column: int
    delta: int

    def moved(self, position: Position) -> tuple[int, int]:
        """Where ``position`` (after the edit) is in the edited text."""
        line, column = position
        return (line, column + self.delta) if line == self.line and column >= self.column else (line, column)


def _replace_item(
    old: ParsedYaml,
    seq: YNode,
    index: int,
    first: int,
    last: int,
    old_text: str,
    new_text: str,
    lines: LineIndex,
    edit: _Edit,
) -> ParsedYaml | None:
    old_starts, new_starts = old.lines.line_starts, lines.line_starts
    old_snippet = old_text[old_starts[first] : old_starts[last + 1] if last + 1 < len(old_starts) else len(old_text)]
    begin = new_starts[first]
    snippet = new_text[begin : new_starts[last + 1] if last + 1 < len(new_starts) else len(new_text)]
    if _NOT_LOCAL.search(old_snippet) or _NOT_LOCAL.search(snippet) or FORBIDDEN.search(snippet):
        return None
    findings: list[Finding] = []
    sub = compose(snippet, lines, findings, begin)
    if sub is None or sub.kind != "seq" or len(sub.value) != 1:
        return None
    item = sub.value[0]
    items = list(seq.value)
    old_item = items[index]
    items[index] = item
    # Block collections end where the next token starts; alone, the snippet's
    # ran to its own end, in the file they run to the next item's dash.
    _move_ends(item, lines.position_of_offset(begin + len(snippet)), edit.moved(old_item.end))
    new_seq = YNode("seq", items, seq.line, seq.column, *edit.moved(seq.end))
    new_seq.size = seq.size - old_item.size + item.size
    root = old.root
    assert root is not None
    pairs = [(k, new_seq if v is seq else v) for k, v in root.value]
    new_root = YNode("map", pairs, root.line, root.column, *edit.moved(root.end))
    new_root.size = root.size - seq.size + new_seq.size
    kept = [f for f in old.findings if not first <= f.range.start.line <= last]
    return ParsedYaml(new_root, kept + findings, lines)


def _move_ends(node: YNode, old_end: tuple[int, int], new_end: tuple[int, int]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if (current.end_line, current.end_column) == old_end:
            current.end_line, current.end_column = new_end
        if current.kind == "map":
            stack.extend(v for _, v in current.value)
        elif current.kind == "seq":
            stack.extend(current.value)
