"""YAML text to a tree of positioned nodes, and nodes to canonical JSON.

This is the one module that knows the YAML parser. It drives libyaml's event
parser (``yaml.parse`` with the C loader when present, PyYAML's pure-Python
parser otherwise) and builds :class:`YNode` trees directly from the events:
every node keeps its exact source range, and scalars are resolved by
:mod:`._scalars` (the YAML-to-JSON mapping, documented in the README's
"Values"). Merge keys are honoured, anchors and aliases are shared values
whose total expansion is bounded, and whatever has no JSON equivalent
becomes a finding at its position instead of a value.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator

import yaml
from yaml import events as ev

from scenario_core.source.findings import Finding
from scenario_core.source.positions import DOCUMENT_START, LineIndex, Position, SourceRange

from ._scalars import MAYBE_TYPED, YAML_TAG, resolve_plain, resolve_tagged, show_tag

try:  # libyaml's parser; PyYAML falls back to its pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["FORBIDDEN", "MAX_EXPANDED", "MAX_TEXT", "ItemHook", "ParsedYaml", "YNode", "compose", "parse_yaml"]

#: Largest text accepted, in code points (20,000 generated scenarios are ~6 MB).
MAX_TEXT = 64 * 1024 * 1024
#: Largest number of values a document may expand to through aliases.
MAX_EXPANDED = 1_000_000

#: Characters YAML 1.1/1.2 forbid in a stream (checked up front, for a precise finding).
FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Line breaks of YAML 1.1 that LSP does not break lines at: where they occur,
#: libyaml's line numbers are not ours.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")

#: Called with a top-level key, an index and a mapping as each item of a
#: top-level list is composed (see :func:`compose`).
ItemHook = Callable[[str, int, "YNode"], None]


class YNode:
    """A YAML node with its source range.

    ``kind`` is ``"scalar"``, ``"map"`` or ``"seq"``. For a scalar, ``value``
    is its resolved JSON value and ``text`` its source text; for a map,
    ``value`` is a list of ``(key, value)`` node pairs with string keys (after
    merge keys, duplicates and non-string keys are dealt with); for a
    sequence, a list of nodes. Nodes reached through an alias are shared.

    A document holds a node per key and value (about 30 per scenario), so a
    node holds its position as numbers (lines, and columns in code points)
    and nothing else of the text: a tree shares nodes with the trees of
    later edits (see ``_yamledit``) without keeping their texts alive.
    """

    __slots__ = ("kind", "value", "text", "line", "column", "end_line", "end_column", "plain", "size")

    def __init__(
        self,
        kind: str,
        value: Any,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        text: str = "",
        plain: bool = False,
    ) -> None:
        self.kind = kind
        self.value = value
        self.text = text
        self.line = line
        self.column = column
        # One number object for both lines of a node on one line.
        self.end_line = line if end_line == line else end_line
        self.end_column = end_column
        self.plain = plain
        self.size = 1

    @property
    def start(self) -> Position:
        return _new_position(Position, (self.line, self.column))

    @property
    def end(self) -> Position:
        return _new_position(Position, (self.end_line, self.end_column))

    @property
    def range(self) -> SourceRange:
        """The node's source range."""
        return _new_range(
            SourceRange,
            (_new_position(Position, (self.line, self.column)), _new_position(Position, (self.end_line, self.end_column))),
        )

    def __repr__(self) -> str:
        return f"YNode({self.kind}, {self.value!r}, {self.range})"

    # -- navigation -------------------------------------------------------
    def pair(self, key: str) -> "tuple[YNode, YNode] | None":
        """The ``(key node, value node)`` of ``key`` in a map node (``None`` if absent)."""
        if self.kind == "map":
            pair: tuple[YNode, YNode]
            for pair in self.value:
                if pair[0].value == key:
                    return pair
        return None

    def get(self, key: str) -> "YNode | None":
        """The value node under ``key`` of a map node (``None`` if absent)."""
        pair = self.pair(key)
        return None if pair is None else pair[1]

    def to_json(self) -> Any:
        """The JSON value of this node (a new one on each call; a node reached twice through aliases is one value)."""
        return _to_json(self)


_new_range = _new_position = tuple.__new__  # see source._new_position


def _to_json(node: YNode) -> Any:
    # Iterative: documents may nest as deep as libyaml allows. Not cached on
    # the node (that would keep a second copy of every mapping read): the
    # whole document expands to at most MAX_EXPANDED values, so converting
    # each part once costs no more than that.
    if node.kind == "scalar":
        return node.value
    root_out: Any = {} if node.kind == "map" else []
    converted: dict[int, Any] = {id(node): root_out}  # collections reached again through an alias
    stack: list[tuple[YNode, Any]] = [(node, root_out)]

    def value_of(child: YNode) -> Any:
        if child.kind == "scalar":
            return child.value
        value = converted.get(id(child))
        if value is None:
            value = converted[id(child)] = {} if child.kind == "map" else []
            stack.append((child, value))
        return value

    while stack:
        current, out = stack.pop()
        if current.kind == "map":
            for k, v in current.value:
                out[k.value] = value_of(v)
        else:
            out.extend(value_of(v) for v in current.value)
    return root_out


class ParsedYaml:
    """The root node of the first document (``None`` when there is none)."""

    __slots__ = ("root", "findings", "lines")

    def __init__(self, root: YNode | None, findings: list[Finding], lines: LineIndex) -> None:
        self.root = root
        self.findings = findings
        self.lines = lines


def parse_yaml(text: str, lines: LineIndex | None = None, on_item: ItemHook | None = None) -> ParsedYaml:
    """Parse ``text`` into a positioned node tree; never raises on bad input.

    ``on_item`` is offered each item of a top-level list as it is composed
    (see :func:`compose`).

    Problems become findings: syntax errors at libyaml's position, values
    without a JSON equivalent at the value, alias expansions past
    :data:`MAX_EXPANDED` values at the node that crosses the bound.
    """
    lines = lines or LineIndex(text)
    findings: list[Finding] = []
    if len(text) > MAX_TEXT:
        findings.append(
            Finding(
                "too_large",
                f"the file has {len(text):,} characters; the most a scenario file may have is {MAX_TEXT:,}",
                SourceRange.point(0, 0),
            )
        )
        return ParsedYaml(None, findings, lines)
    bad = FORBIDDEN.search(text)
    if bad is not None:
        start = lines.position_of_offset(bad.start())
        findings.append(
            Finding(
                "yaml_syntax",
                f"character U+{ord(bad.group()):04X} is not allowed in YAML text",
                SourceRange.of(start.line, start.column, start.line, start.column + 1),
                data={"character": ord(bad.group())},
            )
        )
        return ParsedYaml(None, findings, lines)
    root = compose(text, lines, findings, 0, on_item)
    return ParsedYaml(root, findings, lines)


# -- the composer ---------------------------------------------------------------


class _Frame:
    """A mapping or sequence whose end event has not come yet."""

    __slots__ = ("node", "children", "key", "anchors")

    def __init__(self, node: YNode, anchors: int) -> None:
        self.node = node
        self.children: list[Any] = []  # nodes of a sequence, (key, value) pairs of a mapping
        self.key: YNode | None = None  # a mapping's key still waiting for its value
        self.anchors = anchors  # how many anchors the text had defined before this node


class _Composer:
    """Builds one YNode tree from parser events; problems go to ``findings``.

    Positions come from libyaml's marks (line and column), the snippet's
    first line added; where the snippet holds a line break LSP does not
    count (``_OTHER_BREAKS``), after a byte order mark (which libyaml's
    marks do not count), and at the end of the text (where libyaml ends
    collections on a line after the last), from its offsets through
    ``lines`` instead.
    """

    def __init__(self, findings: list[Finding], lines: LineIndex, base: int, by_marks: bool) -> None:
        self.findings = findings
        self.lines = lines
        self.base = base + (lines.text.startswith("\ufeff", base))  # where libyaml's offset 0 is in the document
        self.base_line = lines.position_of_offset(base).line
        self.by_marks = by_marks
        self.text_end = len(lines.text)
        self.anchors: dict[str, YNode] = {}
        self.stack: list[_Frame] = []

    def position(self, mark: Any) -> tuple[int, int]:
        """The line and column of a parser mark in the document."""
        if self.by_marks and mark.index + self.base < self.text_end:
            return mark.line + self.base_line, mark.column
        return self.lines.position_of_offset(mark.index + self.base)

    def node(self, kind: str, value: Any, e: ev.Event, text: str = "", plain: bool = False) -> YNode:
        """A node where event ``e`` is."""
        line, column = self.position(e.start_mark)
        end_line, end_column = self.position(e.end_mark)
        return YNode(kind, value, line, column, end_line, end_column, text, plain)

    def scalar(self, e: ev.ScalarEvent, value: str) -> YNode:
        tag = e.tag
        where = lambda: self.node("scalar", None, e).range  # noqa: E731 - asked only when there is a finding
        if tag is None or tag == "!":
            if not e.implicit[0] or e.style:  # quoted or block scalar: always text
                return self.node("scalar", value, e, value)
            stack = self.stack
            is_key = bool(stack) and stack[-1].node.kind == "map" and stack[-1].key is None
            resolved = resolve_plain(value, is_key, self.findings, where)
            return self.node("scalar", resolved, e, value, True)
        return self.node("scalar", resolve_tagged(value, tag, self.findings, where), e, value)

    def check_collection_tag(self, tag: str | None, expected: str, rng: SourceRange) -> None:
        if tag is None or tag == "!" or tag == YAML_TAG + expected:
            return
        self.findings.append(Finding("yaml_value", f"unsupported tag {show_tag(tag)}", rng, data={"tag": tag}))

    def finish_map(self, node: YNode, raw: list[tuple[YNode, YNode]]) -> None:
        pairs: dict[str, tuple[YNode, YNode]] = {}
        merges: list[YNode] = []
        for key, value in raw:
            if key.kind != "scalar":
                self.findings.append(
                    Finding("complex_key", "a mapping key must be text, not a mapping or a list", key.range)
                )
                continue
            if key.plain and key.text == "<<":
                merges.append(value)
                continue
            name = key.value
            if not isinstance(name, str):
                name = key.text
                self.findings.append(
                    Finding(
                        "non_string_key",
                        f"key {key.text or 'null'} is not text in YAML; it is used as the text \"{name}\"",
                        key.range,
                    )
                )
                key = YNode("scalar", name, key.line, key.column, key.end_line, key.end_column, key.text)
            if name in pairs:
                first = pairs[name][0].range.start
                self.findings.append(
                    Finding(
                        "duplicate_key",
                        f"duplicate key '{name}' (first at line {first.line + 1}); the last one is used",
                        key.range,
                        data={"key": name},
                    )
                )
                del pairs[name]
            pairs[name] = (key, value)
        for merged in merges:
            sources = merged.value if merged.kind == "seq" else [merged]
            for source in sources:
                if source.kind != "map":
                    self.findings.append(
                        Finding("yaml_value", "a merge key (<<) takes a mapping or a list of mappings", source.range)
                    )
                    continue
                for key, value in source.value:
                    pairs.setdefault(key.value, (key, value))
        node.value = list(pairs.values())
        node.size = 1 + sum(v.size for _, v in node.value)

    def finish(self, frame: _Frame, e: ev.Event) -> YNode:
        """The node of a collection whose end event ``e`` came, bounded in size."""
        node = frame.node
        end_line, node.end_column = self.position(e.end_mark)
        node.end_line = node.line if end_line == node.line else end_line
        if node.kind == "map":
            self.finish_map(node, frame.children)
        else:
            node.value = frame.children
            node.size = 1 + sum(v.size for v in frame.children)
        if node.size > MAX_EXPANDED:
            self.findings.append(
                Finding(
                    "too_large",
                    f"this value expands to {node.size:,} values through aliases; "
                    f"the most a scenario file may have is {MAX_EXPANDED:,}",
                    node.range,
                )
            )
            node.kind, node.value, node.size = "scalar", None, 1
        return node

    def alias(self, e: ev.AliasEvent) -> YNode:
        found = self.anchors.get(e.anchor) if e.anchor is not None else None
        if found is None:
            self.findings.append(Finding("yaml_syntax", f"unknown alias *{e.anchor}", self.node("scalar", None, e).range))
            return self.node("scalar", None, e)
        if any(frame.node is found for frame in self.stack):
            message = f"alias *{e.anchor} refers to a value that contains it"
            self.findings.append(Finding("yaml_value", message, self.node("scalar", None, e).range))
            return self.node("scalar", None, e)
        return found


def compose(
    snippet: str, lines: LineIndex, findings: list[Finding], base: int, on_item: ItemHook | None = None
) -> YNode | None:
    """The node tree of ``snippet``, which starts at offset ``base`` (a line's start) of the document ``lines`` indexes.

    ``None`` when the snippet is not well-formed (the ``yaml_syntax`` finding says where).

    ``on_item(key, index, node)`` is called for each mapping in a list that
    is the value of a top-level ``key``, as soon as the mapping is composed
    and before the next item is: a reader may take what it needs from the
    item and empty it, so that the whole tree never exists at once. Items
    that define an anchor are not offered (a later alias may take them
    whole), nor are aliases.
    """
    by_marks = _OTHER_BREAKS.search(snippet) is None and not snippet.startswith("\ufeff")
    composer = _Composer(findings, lines, base, by_marks)
    anchors, stack = composer.anchors, composer.stack
    base_line = composer.base_line
    # Equal texts share one string: keys and common values repeat in every item.
    strings: dict[str, str] = {}
    share = strings.setdefault
    root: YNode | None = None
    line = -1  # the line of the latest plain scalar: a key and its value share one number object
    documents = 0
    defined = 0  # anchors defined so far
    ScalarEvent, AliasEvent = ev.ScalarEvent, ev.AliasEvent
    MappingStartEvent, MappingEndEvent = ev.MappingStartEvent, ev.MappingEndEvent
    SequenceStartEvent, SequenceEndEvent = ev.SequenceStartEvent, ev.SequenceEndEvent
    try:
        for e in _events(snippet):
            cls = type(e)
            node: YNode
            if cls is ScalarEvent:
                value = share(e.value, e.value)
                if by_marks and e.tag is None and e.implicit[0] and not e.style and value and value[0] not in MAYBE_TYPED:
                    # Most scalars are plain text: the fast path skips resolution.
                    start, end = e.start_mark, e.end_mark
                    if start.line + base_line != line:
                        line = start.line + base_line
                    end_line = end.line + base_line if base_line else end.line
                    node = YNode("scalar", value, line, start.column, end_line, end.column, value, True)
                else:
                    node = composer.scalar(e, value)
                if e.anchor is not None:
                    anchors[e.anchor] = node
                    defined += 1
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                kind = "map" if cls is MappingStartEvent else "seq"
                line, column = composer.position(e.start_mark)
                node = YNode(kind, [], line, column, line, column)
                if e.tag is not None:
                    composer.check_collection_tag(e.tag, kind, node.range)
                frame = _Frame(node, defined)
                if e.anchor is not None:
                    anchors[e.anchor] = node
                    defined += 1
                stack.append(frame)
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                done = stack.pop()
                node = composer.finish(done, e)
                if on_item is not None and len(stack) == 2 and node.kind == "map" and done.anchors == defined:
                    top, items = stack
                    key = top.key
                    if top.node.kind == "map" and items.node.kind == "seq" and key is not None and isinstance(key.value, str):
                        on_item(key.value, len(items.children), node)
            elif cls is AliasEvent:
                node = composer.alias(e)
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    findings.append(
                        Finding(
                            "yaml_syntax",
                            "a scenario file holds one YAML document; this second one is ignored",
                            composer.node("scalar", None, e).range,
                        )
                    )
                    break
                continue
            else:
                continue
            # Attach the finished node to its parent.
            if not stack:
                root = node
            else:
                frame = stack[-1]
                if frame.node.kind == "seq":
                    frame.children.append(node)
                elif frame.key is None:
                    frame.key = node
                else:
                    frame.children.append((frame.key, node))
                    frame.key = None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        at = lines.position_of_offset(mark.index + composer.base) if mark else DOCUMENT_START.start
        findings.append(Finding("yaml_syntax", _syntax_message(err, at, lines), _extend_to_char(SourceRange(at, at), lines)))
        return None
    except yaml.YAMLError as err:  # anything else libyaml rejects, without a mark
        findings.append(Finding("yaml_syntax", str(err).splitlines()[0], SourceRange.point(0, 0)))
        return None
    return root


def _events(text: str) -> Iterator[Any]:
    return yaml.parse(text, Loader=_Loader)


def _syntax_message(err: yaml.MarkedYAMLError, at: Position, lines: LineIndex) -> str:
    problem = (err.problem or "invalid YAML").strip()
    line = lines.line_text(at.line)
    if line[at.column : at.column + 1] == "\t" and (problem.startswith("found character") or "tab" in problem):
        # libyaml's words name no character for a tab; a newcomer needs the rule, not the token.
        if not line[: at.column].strip():
            return "tabs cannot indent YAML; use spaces"
        return "a tab cannot stand here in YAML; use spaces"
    if err.context:
        return f"{problem} ({err.context.strip()})"
    return problem


def _extend_to_char(rng: SourceRange, lines: LineIndex) -> SourceRange:
    """Widen a point to the character under it, so editors can show it."""
    start = rng.start
    if start.column < len(lines.line_text(start.line)):
        return SourceRange.of(start.line, start.column, start.line, start.column + 1)
    return rng
