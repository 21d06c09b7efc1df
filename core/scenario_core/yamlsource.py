"""YAML text to a tree of positioned nodes, and nodes to canonical JSON.

This is the one module that knows the YAML parser. It drives libyaml's event
parser (``yaml.parse`` with the C loader when present, PyYAML's pure-Python
parser otherwise) and builds :class:`YNode` trees directly from the events:
every node keeps its exact source range, and scalars are resolved by
:mod:`yamlscalars` (the YAML-to-JSON mapping, documented in the README's
"Values"). Merge keys are honoured, anchors and aliases are shared values
whose total expansion is bounded, and whatever has no JSON equivalent
becomes a finding at its position instead of a value.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

import yaml
from yaml import events as ev

from ._yamlscalars import MAYBE_TYPED, YAML_TAG, resolve_plain, resolve_tagged, show_tag
from .findings import Finding
from .source import DOCUMENT_START, LineIndex, SourceRange

try:  # libyaml's parser; PyYAML falls back to its pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["FORBIDDEN", "MAX_EXPANDED", "MAX_TEXT", "ParsedYaml", "YNode", "compose", "parse_yaml"]

#: Largest text accepted, in code points (20,000 generated scenarios are ~6 MB).
MAX_TEXT = 64 * 1024 * 1024
#: Largest number of values a document may expand to through aliases.
MAX_EXPANDED = 1_000_000

#: Characters YAML 1.1/1.2 forbid in a stream (checked up front, for a precise finding).
FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class YNode:
    """A YAML node with its source range.

    ``kind`` is ``"scalar"``, ``"map"`` or ``"seq"``. For a scalar, ``value``
    is its resolved JSON value and ``text`` its source text; for a map,
    ``value`` is a list of ``(key, value)`` node pairs with string keys (after
    merge keys, duplicates and non-string keys are dealt with); for a
    sequence, a list of nodes. Nodes reached through an alias are shared.
    """

    __slots__ = ("kind", "value", "text", "start", "end", "lines", "plain", "size", "_json")

    def __init__(
        self, kind: str, value: Any, start: int, end: int, lines: LineIndex, text: str = "", plain: bool = False
    ) -> None:
        self.kind = kind
        self.value = value
        self.text = text
        self.start = start  # code-point offsets into the text
        self.end = end
        self.lines = lines
        self.plain = plain
        self.size = 1
        self._json: Any = _UNSET

    @property
    def range(self) -> SourceRange:
        """The node's source range (libyaml's offsets, placed on LSP lines)."""
        position = self.lines.position_of_offset
        return _new_range(SourceRange, (position(self.start), position(self.end)))

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
        """The canonical JSON value of this node (computed once, shared)."""
        if self._json is _UNSET:
            self._json = _to_json(self)
        return self._json


_UNSET = object()
_new_range = tuple.__new__  # see source._new_position


def _to_json(node: YNode) -> Any:
    # Iterative: documents may nest as deep as libyaml allows.
    if node.kind == "scalar":
        return node.value
    root_out: Any = {} if node.kind == "map" else []
    stack: list[tuple[YNode, Any]] = [(node, root_out)]
    while stack:
        current, out = stack.pop()
        if current.kind == "map":
            for k, v in current.value:
                if v.kind == "scalar":
                    out[k.value] = v.value
                elif v._json is not _UNSET:
                    out[k.value] = v._json
                else:
                    child: Any = {} if v.kind == "map" else []
                    out[k.value] = child
                    stack.append((v, child))
        else:
            for v in current.value:
                if v.kind == "scalar":
                    out.append(v.value)
                elif v._json is not _UNSET:
                    out.append(v._json)
                else:
                    child = {} if v.kind == "map" else []
                    out.append(child)
                    stack.append((v, child))
    return root_out


class ParsedYaml:
    """The root node of the first document (``None`` when there is none)."""

    __slots__ = ("root", "findings", "lines")

    def __init__(self, root: YNode | None, findings: list[Finding], lines: LineIndex) -> None:
        self.root = root
        self.findings = findings
        self.lines = lines


def parse_yaml(text: str, lines: LineIndex | None = None) -> ParsedYaml:
    """Parse ``text`` into a positioned node tree; never raises on bad input.

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
    root = compose(text, lines, findings, 0)
    return ParsedYaml(root, findings, lines)


# -- the composer ---------------------------------------------------------------


class _Frame:
    """A mapping or sequence whose end event has not come yet."""

    __slots__ = ("node", "children", "key")

    def __init__(self, node: YNode) -> None:
        self.node = node
        self.children: list[Any] = []  # nodes of a sequence, (key, value) pairs of a mapping
        self.key: YNode | None = None  # a mapping's key still waiting for its value


class _Composer:
    """Builds one YNode tree from parser events; problems go to ``findings``."""

    def __init__(self, findings: list[Finding], lines: LineIndex, base: int) -> None:
        self.findings = findings
        self.lines = lines
        self.base = base  # offset of the parsed snippet in the document
        self.anchors: dict[str, YNode] = {}
        self.stack: list[_Frame] = []

    def range(self, start: int, end: int) -> SourceRange:
        return SourceRange(self.lines.position_of_offset(start), self.lines.position_of_offset(end))

    def offsets(self, e: ev.Event) -> tuple[int, int]:
        """Where an event starts and ends in the document."""
        assert e.start_mark is not None and e.end_mark is not None  # the parser marks every event
        return e.start_mark.index + self.base, e.end_mark.index + self.base

    def scalar(self, e: ev.ScalarEvent) -> YNode:
        start, end = self.offsets(e)
        value = e.value
        tag = e.tag
        where = lambda: self.range(start, end)  # noqa: E731 - asked only when there is a finding
        if tag is None or tag == "!":
            if not e.implicit[0] or e.style:  # quoted or block scalar: always text
                return YNode("scalar", value, start, end, self.lines, value)
            stack = self.stack
            is_key = bool(stack) and stack[-1].node.kind == "map" and stack[-1].key is None
            resolved = resolve_plain(value, is_key, self.findings, where)
            return YNode("scalar", resolved, start, end, self.lines, value, True)
        return YNode("scalar", resolve_tagged(value, tag, self.findings, where), start, end, self.lines, value)

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
                key = YNode("scalar", name, key.start, key.end, key.lines, key.text)
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

    def finish(self, frame: _Frame, end: int) -> YNode:
        """The node of a collection whose end event came, bounded in size."""
        node = frame.node
        node.end = end
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
        start, end = self.offsets(e)
        found = self.anchors.get(e.anchor) if e.anchor is not None else None
        if found is None:
            self.findings.append(Finding("yaml_syntax", f"unknown alias *{e.anchor}", self.range(start, end)))
            return YNode("scalar", None, start, end, self.lines)
        if any(frame.node is found for frame in self.stack):
            message = f"alias *{e.anchor} refers to a value that contains it"
            self.findings.append(Finding("yaml_value", message, self.range(start, end)))
            return YNode("scalar", None, start, end, self.lines)
        return found


def compose(snippet: str, lines: LineIndex, findings: list[Finding], base: int) -> YNode | None:
    """The node tree of ``snippet``, which starts at offset ``base`` of the document ``lines`` indexes.

    ``None`` when the snippet is not well-formed (the ``yaml_syntax`` finding says where).
    """
    composer = _Composer(findings, lines, base)
    anchors, stack = composer.anchors, composer.stack
    root: YNode | None = None
    documents = 0
    ScalarEvent, AliasEvent = ev.ScalarEvent, ev.AliasEvent
    MappingStartEvent, MappingEndEvent = ev.MappingStartEvent, ev.MappingEndEvent
    SequenceStartEvent, SequenceEndEvent = ev.SequenceStartEvent, ev.SequenceEndEvent
    try:
        for e in _events(snippet):
            cls = type(e)
            node: YNode
            if cls is ScalarEvent:
                value = e.value
                if e.tag is None and e.implicit[0] and not e.style and value and value[0] not in MAYBE_TYPED:
                    # Most scalars are plain text: the fast path skips resolution.
                    node = YNode("scalar", value, e.start_mark.index + base, e.end_mark.index + base, lines, value, True)
                else:
                    node = composer.scalar(e)
                if e.anchor is not None:
                    anchors[e.anchor] = node
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                kind = "map" if cls is MappingStartEvent else "seq"
                start = e.start_mark.index + base
                node = YNode(kind, [], start, start, lines)
                if e.tag is not None:
                    composer.check_collection_tag(e.tag, kind, node.range)
                if e.anchor is not None:
                    anchors[e.anchor] = node
                stack.append(_Frame(node))
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node = composer.finish(stack.pop(), e.end_mark.index + base)
            elif cls is AliasEvent:
                node = composer.alias(e)
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    findings.append(
                        Finding(
                            "yaml_syntax",
                            "a scenario file holds one YAML document; this second one is ignored",
                            composer.range(e.start_mark.index + base, e.end_mark.index + base),
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
        at = lines.position_of_offset(mark.index + base) if mark else DOCUMENT_START.start
        findings.append(Finding("yaml_syntax", _syntax_message(err), _extend_to_char(SourceRange(at, at), lines)))
        return None
    except yaml.YAMLError as err:  # anything else libyaml rejects, without a mark
        findings.append(Finding("yaml_syntax", str(err).splitlines()[0], SourceRange.point(0, 0)))
        return None
    return root


def _events(text: str) -> Iterator[Any]:
    return yaml.parse(text, Loader=_Loader)


def _syntax_message(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or "invalid YAML").strip()
    if err.context:
        return f"{problem} ({err.context.strip()})"
    return problem


def _extend_to_char(rng: SourceRange, lines: LineIndex) -> SourceRange:
    """Widen a point to the character under it, so editors can show it."""
    start = rng.start
    if start.column < len(lines.line_text(start.line)):
        return SourceRange.of(start.line, start.column, start.line, start.column + 1)
    return rng
