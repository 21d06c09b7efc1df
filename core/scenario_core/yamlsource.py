"""YAML text to a tree of positioned nodes, and nodes to canonical JSON.

This is the one module that knows the YAML parser. It drives libyaml's event
parser (``yaml.parse`` with the C loader when present, PyYAML's pure-Python
parser otherwise) and builds :class:`YNode` trees directly from the events:
every node keeps its exact source range, and we resolve scalars ourselves.

The YAML-to-JSON mapping is a product decision, documented in the README
("Values"). In short, plain scalars follow the YAML 1.2 core schema
(``yes``/``no``/``on``/``off`` and dates stay text; ``yes``-like values get
a warning), merge keys are honoured, anchors and aliases are shared values
whose total expansion is bounded, and whatever has no JSON equivalent
(``.nan``, ``.inf``, ``!!binary``, unknown tags, mapping keys that are
collections) becomes a finding at its position instead of a value.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Iterator

import yaml
from yaml import events as ev

from .findings import Finding
from .source import DOCUMENT_START, LineIndex, SourceRange

try:  # libyaml's parser; PyYAML falls back to its pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Largest text accepted, in code points (20,000 generated scenarios are ~6 MB).
MAX_TEXT = 64 * 1024 * 1024
#: Largest number of values a document may expand to through aliases.
MAX_EXPANDED = 1_000_000

_YAML = "tag:yaml.org,2002:"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_YAML11_BOOLS = frozenset(
    w for base in ("yes", "no", "on", "off", "y", "n") for w in (base, base.capitalize(), base.upper())
)
_SPECIAL_FLOATS = frozenset(
    w for base in (".inf", "+.inf", "-.inf", ".nan") for w in (base, base.replace("inf", "Inf").replace("nan", "NaN"), base.upper())
)
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
# Characters YAML 1.1/1.2 forbid in a stream (checked up front, for a precise finding).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Plain scalars starting with one of these may be something other than text.
_MAYBE_TYPED = frozenset("0123456789+-.~nNtTfFyYoO")


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


def _syntax_message(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or "invalid YAML").strip()
    if err.context:
        return f"{problem} ({err.context.strip()})"
    return problem


class _Builder:
    """Builds YNode trees from parser events."""

    def __init__(self, findings: list[Finding], lines: LineIndex, base: int) -> None:
        self.findings = findings
        self.lines = lines
        self.base = base  # offset of the parsed text in the document
        self.anchors: dict[str, YNode] = {}

    def range(self, start: int, end: int) -> SourceRange:
        return SourceRange(self.lines.position_of_offset(start), self.lines.position_of_offset(end))

    # -- scalars ----------------------------------------------------------
    def scalar(self, e: ev.ScalarEvent, is_key: bool) -> YNode:
        start, end = e.start_mark.index + self.base, e.end_mark.index + self.base
        text = e.value
        tag = e.tag
        if tag is None or tag == "!":
            if not e.implicit[0] or e.style:  # quoted or block scalar: always text
                return YNode("scalar", text, start, end, self.lines, text)
            return YNode("scalar", self.resolve_plain(text, start, end, is_key), start, end, self.lines, text, True)
        return YNode("scalar", self.resolve_tagged(text, tag, self.range(start, end)), start, end, self.lines, text)

    def resolve_plain(self, text: str, start: int, end: int, is_key: bool) -> Any:
        if not text:
            return None
        if text[0] not in _MAYBE_TYPED:
            return text
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text):
            return int(text)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
        if _FLOAT.match(text):
            return float(text)
        if text in _SPECIAL_FLOATS:
            self.findings.append(
                Finding(
                    "yaml_value",
                    f"{text} has no JSON equivalent; scenario values must be finite numbers",
                    self.range(start, end),
                )
            )
            return None
        if text in _YAML11_BOOLS and not is_key:
            self.findings.append(
                Finding(
                    "ambiguous_bool",
                    f"'{text}' is the text \"{text}\" here, not a boolean; write true or false, or quote it",
                    self.range(start, end),
                    data={"text": text},
                )
            )
        return text

    def resolve_tagged(self, text: str, tag: str, rng: SourceRange) -> Any:
        short = tag[len(_YAML):] if tag.startswith(_YAML) else None
        if short in ("str", "timestamp"):
            return text
        if short == "null":
            return None
        if short == "bool":
            lowered = text.lower()
            if lowered in ("true", "false"):
                return lowered == "true"
        elif short == "int":
            cleaned = text.replace("_", "")
            for pattern, base, skip in ((_INT, 10, 0), (_OCT, 8, 2), (_HEX, 16, 2)):
                if pattern.match(cleaned):
                    return int(cleaned[skip:], base)
        elif short == "float":
            if _FLOAT.match(text) or _INT.match(text):
                return float(text)
        elif short == "binary":
            self.findings.append(
                Finding("yaml_value", "!!binary data has no JSON equivalent; use a plain base64 string", rng)
            )
            return None
        else:
            self.findings.append(Finding("yaml_value", f"unsupported tag {_show_tag(tag)}", rng, data={"tag": tag}))
            return None
        self.findings.append(
            Finding("yaml_value", f"'{text}' is not a valid {_show_tag(tag)} value", rng, data={"tag": tag})
        )
        return None

    # -- collections ------------------------------------------------------
    def check_collection_tag(self, tag: str | None, expected: str, rng: SourceRange) -> None:
        if tag is None or tag == "!" or tag == _YAML + expected:
            return
        self.findings.append(Finding("yaml_value", f"unsupported tag {_show_tag(tag)}", rng, data={"tag": tag}))

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


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag


def _events(text: str) -> Iterator[Any]:
    return yaml.parse(text, Loader=_Loader)


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
    bad = _FORBIDDEN.search(text)
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
    root = _compose(text, lines, findings, 0)
    return ParsedYaml(root, findings, lines)


def _compose(text: str, lines: LineIndex, findings: list[Finding], base: int) -> YNode | None:
    """Build the node tree of ``text``, which starts at offset ``base`` of the document."""
    builder = _Builder(findings, lines, base)
    anchors = builder.anchors
    # Each frame: [node, raw children or pairs, pending key or None, start event]
    stack: list[list[Any]] = []
    root: YNode | None = None
    documents = 0
    ScalarEvent, AliasEvent = ev.ScalarEvent, ev.AliasEvent
    MappingStartEvent, MappingEndEvent = ev.MappingStartEvent, ev.MappingEndEvent
    SequenceStartEvent, SequenceEndEvent = ev.SequenceStartEvent, ev.SequenceEndEvent
    try:
        for e in _events(text):
            cls = type(e)
            if cls is ScalarEvent:
                text = e.value
                if e.tag is None and e.implicit[0] and not e.style and text and text[0] not in _MAYBE_TYPED:
                    # Most scalars are plain text: the fast path skips resolution.
                    node = YNode("scalar", text, e.start_mark.index + base, e.end_mark.index + base, lines, text, True)
                else:
                    is_key = bool(stack) and stack[-1][0].kind == "map" and stack[-1][2] is None
                    node = builder.scalar(e, is_key)
                if e.anchor is not None:
                    anchors[e.anchor] = node
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                kind = "map" if cls is MappingStartEvent else "seq"
                start = e.start_mark.index + base
                node = YNode(kind, [], start, start, lines)
                if e.tag is not None:
                    builder.check_collection_tag(e.tag, kind, node.range)
                if e.anchor is not None:
                    anchors[e.anchor] = node
                stack.append([node, [], None])
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node, raw, _ = stack.pop()
                node.end = e.end_mark.index + base
                if node.kind == "map":
                    builder.finish_map(node, raw)
                else:
                    node.value = raw
                    node.size = 1 + sum(v.size for v in raw)
                if node.size > MAX_EXPANDED:
                    findings.append(
                        Finding(
                            "too_large",
                            f"this value expands to {node.size:,} values through aliases; "
                            f"the most a scenario file may have is {MAX_EXPANDED:,}",
                            node.range,
                        )
                    )
                    node.kind, node.value, node.size = "scalar", None, 1
            elif cls is AliasEvent:
                start, end = e.start_mark.index + base, e.end_mark.index + base
                found = anchors.get(e.anchor)
                if found is None:
                    findings.append(Finding("yaml_syntax", f"unknown alias *{e.anchor}", builder.range(start, end)))
                    node = YNode("scalar", None, start, end, lines)
                elif any(frame[0] is found for frame in stack):
                    message = f"alias *{e.anchor} refers to a value that contains it"
                    findings.append(Finding("yaml_value", message, builder.range(start, end)))
                    node = YNode("scalar", None, start, end, lines)
                else:
                    node = found
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    findings.append(
                        Finding(
                            "yaml_syntax",
                            "a scenario file holds one YAML document; this second one is ignored",
                            builder.range(e.start_mark.index + base, e.end_mark.index + base),
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
                if frame[0].kind == "seq":
                    frame[1].append(node)
                elif frame[2] is None:
                    frame[2] = node
                else:
                    frame[1].append((frame[2], node))
                    frame[2] = None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        at = lines.position_of_offset(mark.index + base) if mark else DOCUMENT_START.start
        rng = SourceRange(at, at)
        findings.append(Finding("yaml_syntax", _syntax_message(err), _extend_to_char(rng, lines)))
        return None
    except yaml.YAMLError as err:  # anything else libyaml rejects, without a mark
        findings.append(Finding("yaml_syntax", str(err).splitlines()[0], SourceRange.point(0, 0)))
        return None
    return root


def _extend_to_char(rng: SourceRange, lines: LineIndex) -> SourceRange:
    """Widen a point to the character under it, so editors can show it."""
    start = rng.start
    if start.column < len(lines.line_text(start.line)):
        return SourceRange.of(start.line, start.column, start.line, start.column + 1)
    return rng


# -- re-parsing an edit ---------------------------------------------------------

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
    if root is None or root.kind != "map" or any(f.code in ("yaml_syntax", "too_large") for f in old.findings):
        return None
    if old_text == new_text:
        return old
    start = _common_prefix(old_text, new_text)
    tail = _common_suffix(old_text, new_text, min(len(old_text), len(new_text)) - start)
    old_end, new_end = len(old_text) - tail, len(new_text) - tail
    if _LINE_BREAK.search(old_text, start, old_end) or _LINE_BREAK.search(new_text, start, new_end):
        return None
    old_lines = old.lines
    line = old_lines.position_of_offset(start).line
    for key_index, (key, value) in enumerate(root.value):
        if key.value not in ("scenarios", "expectations") or value.kind != "seq" or not value.value:
            continue
        items = value.value
        starts = [old_lines.position_of_offset(item.start).line for item in items]
        if line < starts[0]:
            continue
        index = bisect_right(starts, line) - 1
        item = items[index]
        first = starts[index]
        if index + 1 < len(items):
            last = starts[index + 1] - 1
        elif key_index + 1 < len(root.value):
            last = old_lines.position_of_offset(root.value[key_index + 1][0].start).line - 1
        else:
            last = old_lines.line_count - 1
        if line > last or start < item.start:
            continue  # after this list, or on the item's dash
        if not old_lines.line_text(first).lstrip().startswith("-") or (index + 1 < len(items) and starts[index + 1] == first):
            return None  # a flow list, or items sharing a line
        return _replace_item(old, value, index, first, last, old_text, new_text, lines, len(new_text) - len(old_text))
    return None


def _replace_item(
    old: ParsedYaml,
    seq: YNode,
    index: int,
    first: int,
    last: int,
    old_text: str,
    new_text: str,
    lines: LineIndex,
    delta: int,
) -> ParsedYaml | None:
    old_starts, new_starts = old.lines.line_starts, lines.line_starts
    old_snippet = old_text[old_starts[first] : old_starts[last + 1] if last + 1 < len(old_starts) else len(old_text)]
    begin = new_starts[first]
    snippet = new_text[begin : new_starts[last + 1] if last + 1 < len(new_starts) else len(new_text)]
    if _NOT_LOCAL.search(old_snippet) or _NOT_LOCAL.search(snippet) or _FORBIDDEN.search(snippet):
        return None
    findings: list[Finding] = []
    sub = _compose(snippet, lines, findings, begin)
    if sub is None or sub.kind != "seq" or len(sub.value) != 1:
        return None
    item = sub.value[0]
    items = list(seq.value)
    old_item = items[index]
    items[index] = item
    # Block collections end where the next token starts; alone, the snippet's
    # ran to its own end, in the file they run to the next item's dash.
    _move_ends(item, begin + len(snippet), old_item.end + delta)
    new_seq = YNode("seq", items, seq.start, seq.end + delta, lines)
    new_seq.size = seq.size - old_item.size + item.size
    root = old.root
    assert root is not None
    pairs = [(k, new_seq if v is seq else v) for k, v in root.value]
    new_root = YNode("map", pairs, root.start, root.end + delta, lines)
    new_root.size = root.size - seq.size + new_seq.size
    kept = [f for f in old.findings if not first <= f.range.start.line <= last]
    return ParsedYaml(new_root, kept + findings, lines)


def _move_ends(node: YNode, old_end: int, new_end: int) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.end == old_end:
            current.end = new_end
        if current.kind == "map":
            stack.extend(v for _, v in current.value)
        elif current.kind == "seq":
            stack.extend(current.value)
