"""Accepting actual values: every failed ``eq`` expectation's ``expected`` set to what it got.

:func:`expected_edits` gives one :class:`ValueEdit` per failed ``eq``
expectation of a checked file: the span of its ``expected`` value and the
text that replaces it. Nothing else in the file changes -- comments, key
order, quoting and indentation stay as written -- and the new text reads
back as exactly the actual value (one-line flow YAML, or block YAML where
the user wrote a block mapping or list).

A value that cannot be replaced on its own is refused, with the reason: one
that is an alias, carries an anchor or a tag, or comes from a merge key
(replacing it would change other places too). A file with an input error is
never accepted (:func:`refusal_of_file`): its results may not be what the
file means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.source.findings import show_value
from scenario_core.source.positions import LineIndex, SourceRange
from scenario_core.yaml.parse import YNode
from scenario_core.yaml.writing import block_yaml, flow_yaml

from .outcomes import ExpectationOutcome
from .report import CheckReport

__all__ = ["Refusal", "Replacement", "ValueEdit", "apply_edits", "expected_edit", "expected_edits", "refusal_of_file"]

# Between a key and its value: the colon, white space and comments.
_BETWEEN = re.compile(r"(?:[\s:]|#[^\n\r]*)*\Z")
# Text that ties a value to other places: anchors, aliases, tags, merge keys.
_NOT_LOCAL = re.compile(r"[&*!]|<<")
_TRAILING_SPACE = " \t\r\n\x85\u2028\u2029"
_LINE_BREAK = re.compile("\r\n|\r|\n")


@dataclass(frozen=True)
class Replacement:
    """``text`` written over ``[start, end)`` of a file's text (code-point offsets; ``range`` is the same span)."""

    start: int
    end: int
    range: SourceRange
    text: str


@dataclass(frozen=True)
class ValueEdit:
    """One expectation's ``expected`` value made ``new``: the replacements that do it.

    Where the old and new values are mappings with the same keys or lists of
    the same length, only the entries that differ are replaced, so comments
    and formatting around the others stay.
    """

    expectation: str
    range: SourceRange  # the whole expected value
    old: Any
    new: Any
    replacements: tuple[Replacement, ...]

    def describe(self) -> str:
        """``expected false → true``: what the edit does, as the CLI prints it."""
        return f"expected {show_value(self.old)} → {show_value(self.new)}"


@dataclass(frozen=True)
class Refusal:
    """An expectation whose ``expected`` is not accepted, and why."""

    expectation: str
    range: SourceRange
    reason: str


def refusal_of_file(report: CheckReport) -> str | None:
    """Why nothing in the file may be accepted (its first input error), or None."""
    errors = report.input_errors
    if not errors:
        return None
    first = errors[0]
    count = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"the file has input errors{count}: line {first.range.start.line + 1}: {first.code}: {first.message}"


def expected_edits(report: CheckReport) -> tuple[list[ValueEdit], list[Refusal]]:
    """The edit of every failed ``eq`` expectation, in file order, and the ones refused.

    Nothing is returned for a file with input errors (see :func:`refusal_of_file`).
    """
    if report.invalid:
        return [], []
    edits: list[ValueEdit] = []
    refused: list[Refusal] = []
    for outcome in report.expectations:
        found = expected_edit(report, outcome)
        if isinstance(found, ValueEdit):
            edits.append(found)
        elif found is not None:
            refused.append(found)
    edits.sort(key=lambda e: e.range.start)
    return edits, refused


_REFUSED = "its expected value is an alias, holds an anchor or a tag, or comes from a merge key"


def expected_edit(report: CheckReport, outcome: ExpectationOutcome) -> ValueEdit | Refusal | None:
    """The edit that makes ``outcome`` pass, if it is a failed ``eq``; a Refusal when it cannot be made alone."""
    if outcome.code != "eq_mismatch" or outcome.finding is None or "actual" not in outcome.finding.data:
        return None
    exp = outcome.definition
    key, value = exp.expected_key_node, exp.expected_node
    if key is None or value is None:
        return None
    lines = report.lines
    new = FrozenDict.thaw(outcome.finding.data["actual"])
    # Nodes hold positions, which order as the offsets they stand for.
    inside = exp.node.start <= key.start and key.end <= value.start and value.end <= exp.node.end
    between = inside and _BETWEEN.match(lines.text, lines.offset_of(key.end), lines.offset_of(value.start))
    spans = _spans(value, new, lines) if between else None
    if spans is None:
        return Refusal(exp.id, value.range, _REFUSED)
    position = report.lines.position_of_offset
    replacements = tuple(Replacement(s, e, SourceRange(position(s), position(e)), t) for s, e, t in spans)
    return ValueEdit(exp.id, value.range, FrozenDict.thaw(exp.expected), new, replacements)


def _spans(node: YNode, new: Any, lines: LineIndex) -> list[tuple[int, int, str]] | None:
    """The ``(start, end, text)`` spans that make ``node`` read as ``new``; None when it cannot be edited in place.

    Mappings with the same keys and lists of the same length are edited entry
    by entry; anything else is replaced whole.
    """
    spans: list[tuple[int, int, str]] = []
    stack: list[tuple[YNode, Any, YNode]] = [(node, new, node)]
    while stack:
        current, value, parent = stack.pop()
        if canonical_json(current.to_json()) == canonical_json(value):
            continue
        within = current is parent or parent.start <= current.start <= current.end <= parent.end
        children = _children(current, value) if within else None
        if children is not None:
            stack.extend((child, child_value, current) for child, child_value in children)
            continue
        whole = _whole(current, value, lines) if within else None
        if whole is None:
            if current is node:
                return None
            # An entry written elsewhere (an alias, a merge key): replace the whole value, if that can be.
            return _spans_whole(node, new, lines)
        spans.append(whole)
    return sorted(spans)


def _spans_whole(node: YNode, new: Any, lines: LineIndex) -> list[tuple[int, int, str]] | None:
    whole = _whole(node, new, lines)
    return None if whole is None else [whole]


def _children(node: YNode, value: Any) -> list[tuple[YNode, Any]] | None:
    """``node``'s entries paired with ``value``'s, when both are mappings with the same keys or lists of the same length."""
    if node.kind == "map" and isinstance(value, dict):
        keys = [k.value for k, _ in node.value]
        if len(keys) == len(value) and set(keys) == set(value):
            return [(child, value[k.value]) for k, child in node.value]
    elif node.kind == "seq" and isinstance(value, list) and len(node.value) == len(value):
        return list(zip(node.value, value))
    return None


def _whole(node: YNode, new: Any, lines: LineIndex) -> tuple[int, int, str] | None:
    """The span of ``node`` and the text of ``new`` that replaces it; None when the node is tied to other places."""
    text = lines.text
    start = lines.offset_of(node.start)
    if text.startswith(("&", "*", "!"), start):
        return None
    end = _content_end(node, lines)
    if end is None or _NOT_LOCAL.search(text, start, end):
        return None
    column = start - max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) - 1
    if _is_block_collection(node, lines) and isinstance(new, (dict, list)) and new:
        replacement = block_yaml(new, column).replace("\n", _line_break(text))
    else:
        replacement = flow_yaml(new)
    if start == end and text[start - 1 : start] == ":":  # `key:` with nothing after the colon
        replacement = " " + replacement
    return start, end, replacement


def apply_edits(text: str, edits: Iterable[ValueEdit]) -> str:
    """``text`` with the replacements of ``edits`` (which do not overlap) applied."""
    parts: list[str] = []
    at = 0
    for replacement in sorted((r for e in edits for r in e.replacements), key=lambda r: r.start):
        parts.append(text[at : replacement.start])
        parts.append(replacement.text)
        at = replacement.end
    parts.append(text[at:])
    return "".join(parts)


def _line_break(text: str) -> str:
    """The line break the file uses (its first one), so that inserted lines match it."""
    found = _LINE_BREAK.search(text)
    return found.group() if found else "\n"


def _is_block_collection(node: YNode, lines: LineIndex) -> bool:
    return node.kind != "scalar" and not lines.text.startswith(("{", "["), lines.offset_of(node.start))


def _content_end(node: YNode, lines: LineIndex) -> int | None:
    """Where the text of ``node`` ends: a block collection's range runs on to the next token, over comments.

    None when a part of the node is written elsewhere (an alias).
    """
    if node.kind == "scalar" or not _is_block_collection(node, lines):
        return _trimmed_end(node, lines)
    end = lines.offset_of(node.start)
    stack = [node]
    while stack:
        current = stack.pop()
        if not node.start <= current.start <= current.end <= node.end:
            return None
        if current is not node and (current.kind == "scalar" or not _is_block_collection(current, lines)):
            end = max(end, _trimmed_end(current, lines))
        elif current.kind == "map":
            for key, child in current.value:
                stack.extend((key, child))
        else:
            stack.extend(current.value)
    return end


def _trimmed_end(node: YNode, lines: LineIndex) -> int:
    """The end of a scalar or flow collection; a block scalar's range also holds the line breaks after it."""
    text = lines.text
    start, end = lines.offset_of(node.start), lines.offset_of(node.end)
    while end > start and text[end - 1] in _TRAILING_SPACE:
        end -= 1
    return end
