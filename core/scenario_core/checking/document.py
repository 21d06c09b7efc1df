"""A scenario file's structure: what it defines, where, and what is wrong with it.

:func:`read_document` turns a YAML node tree into a :class:`ScenarioDocument`
with the source range of every name, call, step and expectation, and reports
structure problems (missing, mistyped and unknown keys, unknown ops, duplicate
ids) as findings. A broken entry is left out; the rest of the file is still
read, so one mistake never hides the others.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Callable, Mapping, cast, overload

from scenario_core.orchestration.engine import StepSpec, WorkflowDefinition
from scenario_core.orchestration.expectations import ExpectationOp
from scenario_core.orchestration.frozen import FrozenDict, freeze
from scenario_core.source.findings import Finding
from scenario_core.source.positions import DOCUMENT_START, LineIndex, SourceRange
from scenario_core.yaml.parse import ItemHook, YNode

from . import format as fmt
from ._memo import IdentityMemo

__all__ = [
    "CallDef",
    "ExpectationDef",
    "ImportDef",
    "MissionDef",
    "ScenarioDef",
    "ScenarioDocument",
    "StepDef",
    "read_document",
    "read_while_parsing",
    "read_library",
]

_NODE_KIND = {fmt.TEXT: "scalar", fmt.MAPPING: "map", fmt.LIST: "seq", fmt.BOOLEAN: "scalar"}
# The Python type a scalar key's value must have.
_SCALAR_TYPE: dict[str, type] = {fmt.TEXT: str, fmt.BOOLEAN: bool}


def _kind_name(node: YNode) -> str:
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


class _RangeOf:
    """The source range of a node field, computed when asked (most are never asked)."""

    def __init__(self, node_field: str) -> None:
        self.node_field = node_field
        self.__doc__ = f"The source range of ``{node_field}``."

    @overload
    def __get__(self, obj: None, owner: type) -> "_RangeOf": ...
    @overload
    def __get__(self, obj: object, owner: type) -> SourceRange: ...
    def __get__(self, obj: object | None, owner: type) -> "_RangeOf | SourceRange":
        if obj is None:
            return self
        node: YNode = getattr(obj, self.node_field)
        return node.range


class _OptionalRangeOf:
    """The source range of an optional node field (None when the node is absent)."""

    def __init__(self, node_field: str) -> None:
        self.node_field = node_field
        self.__doc__ = f"The source range of ``{node_field}``, if it is there."

    @overload
    def __get__(self, obj: None, owner: type) -> "_OptionalRangeOf": ...
    @overload
    def __get__(self, obj: object, owner: type) -> SourceRange | None: ...
    def __get__(self, obj: object | None, owner: type) -> "_OptionalRangeOf | SourceRange | None":
        if obj is None:
            return self
        node: YNode | None = getattr(obj, self.node_field)
        return None if node is None else node.range


def _node() -> Any:
    """A field holding a YNode: not compared, not shown."""
    return field(repr=False, compare=False)


@dataclass(frozen=True)
class StepDef:
    id: str
    kind: str
    payload: Mapping[str, Any]
    node: YNode = _node()
    id_node: YNode = _node()
    kind_node: YNode = _node()
    payload_node: YNode | None = _node()

    range = _RangeOf("node")
    id_range = _RangeOf("id_node")
    kind_range = _RangeOf("kind_node")

    def argument_range(self, key: str | None) -> SourceRange:
        """Where a problem with payload argument ``key`` is shown: the argument, else the payload, else the step."""
        if self.payload_node is None:
            return self.range
        node = self.payload_node.get(key) if key else None
        return (node or self.payload_node).range


@dataclass(frozen=True)
class MissionDef:
    """A mission defined in YAML; ``path`` is the mission library it comes from (None: the file being checked)."""

    name: str
    description: str | None
    steps: tuple[StepDef, ...]
    key_node: YNode = _node()
    node: YNode = _node()
    path: Path | None = None

    key_range = _RangeOf("key_node")
    range = _RangeOf("node")

    @cached_property
    def workflow(self) -> WorkflowDefinition:
        return WorkflowDefinition(
            id=self.name, name=self.name, steps=tuple(StepSpec(s.id, s.kind, s.payload) for s in self.steps)
        )


@dataclass(frozen=True)
class ImportDef:
    """An entry of ``imports:``: a path to a mission library, as written (relative to the file)."""

    path: str
    node: YNode = _node()

    range = _RangeOf("node")


@dataclass(frozen=True)
class CallDef:
    name: str
    params: Mapping[str, Any] | None
    node: YNode = _node()
    name_node: YNode = _node()

    range = _RangeOf("node")
    name_range = _RangeOf("name_node")


@dataclass(frozen=True)
class ScenarioDef:
    name: str
    initial_state: Mapping[str, Any]
    calls: tuple[CallDef, ...]
    node: YNode = _node()
    name_node: YNode = _node()
    clock: str | None = None  # ISO 8601 with a time zone (UTC when the file gives none)
    snapshot: bool | None = None  # None: as the suite says

    range = _RangeOf("node")
    name_range = _RangeOf("name_node")


@dataclass(frozen=True)
class ExpectationDef:
    id: str
    scenario: str
    mission: str
    path: str
    op: ExpectationOp
    expected: Any
    node: YNode = _node()
    id_node: YNode = _node()
    scenario_node: YNode = _node()
    mission_node: YNode = _node()
    path_node: YNode = _node()
    op_node: YNode = _node()
    expected_node: YNode | None = _node()
    #: The key of ``expected`` (the items of a checked tree keep no keys): accepting edits the value after it.
    expected_key_node: YNode | None = field(default=None, repr=False, compare=False)

    range = _RangeOf("node")
    id_range = _RangeOf("id_node")
    scenario_range = _RangeOf("scenario_node")
    mission_range = _RangeOf("mission_node")
    path_range = _RangeOf("path_node")
    op_range = _RangeOf("op_node")
    expected_range = _OptionalRangeOf("expected_node")

    @property
    def path_plain(self) -> bool:
        """The path is written unquoted on one line (so segments map to columns)."""
        return self.path_node.plain and "\n" not in self.path_node.text and self.path_range.start.line == self.path_range.end.line


@dataclass(frozen=True)
class ScenarioDocument:
    """What a scenario file (or a mission library) defines, with source ranges; partial when it is broken.

    A mission library has no suite, scenarios or expectations; only it has a ``description``.
    """

    lines: LineIndex = field(repr=False, compare=False)
    root: YNode | None = field(repr=False, compare=False)
    suite_name: str | None = None
    suite_range: SourceRange = DOCUMENT_START
    missions: tuple[MissionDef, ...] = ()
    scenarios: tuple[ScenarioDef, ...] = ()
    expectations: tuple[ExpectationDef, ...] = ()
    snapshot: bool = False  # the suite's ``snapshot:``
    imports: tuple[ImportDef, ...] = ()
    description: str | None = None

    def mission(self, name: str) -> MissionDef | None:
        for m in self.missions:
            if m.name == name:
                return m
        return None


class _Reader:
    def __init__(self, findings: list[Finding], memo: IdentityMemo | None) -> None:
        self.findings = findings
        self.memo = memo

    def item(self, node: YNode, read: Callable[[], Any], what: str) -> Any:
        """``read()``, or what it gave last time for this very node read as ``what``.

        One node may be read as two things (an alias in both lists): each is remembered apart.
        """
        if self.memo is None:
            return read()
        return self.memo.derive(what, node, self.findings, read)

    def add(self, code: str, message: str, rng: SourceRange, **data: Any) -> None:
        self.findings.append(Finding(code, message, rng, data=data))

    def fields(self, node: YNode, shape: fmt.Shape, where: str) -> dict[str, tuple[YNode, YNode]] | None:
        """The known keys of a map node, checked against ``shape``.

        Reports unknown keys, missing required keys and values of the wrong
        type; returns ``None`` when a required key is missing or mistyped.
        """
        if node.kind != "map":
            self.add("wrong_type", f"{where} must be a mapping, not {_kind_name(node)}", node.range)
            return None
        found: dict[str, tuple[YNode, YNode]] = {}
        ok = True
        for key, value in node.value:
            spec = shape.key(key.value)
            if spec is None:
                known = ", ".join(shape.names)
                self.add("unknown_key", f"unknown key '{key.value}' in {where}; the keys are {known}", key.range, key=key.value)
                continue
            if not spec.required and spec.type in (fmt.MAPPING, fmt.LIST) and value.kind == "scalar" and value.value is None:
                continue  # an empty optional mapping or list, as in `initial_state:`
            expected_kind = _NODE_KIND.get(spec.type)
            if expected_kind is not None and value.kind != expected_kind:
                self.add(
                    "wrong_type",
                    f"'{key.value}' of {where} must be {spec.type}, not {_kind_name(value)}",
                    value.range,
                    key=key.value,
                )
                if spec.required:
                    ok = False
                continue
            if spec.type in _SCALAR_TYPE and not isinstance(value.value, _SCALAR_TYPE[spec.type]):
                self.add(
                    "wrong_type",
                    f"'{key.value}' of {where} must be {spec.type}, not {_kind_name(value)}",
                    value.range,
                    key=key.value,
                )
                if spec.required:
                    ok = False
                continue
            found[key.value] = (key, value)
        for spec in shape.keys:
            if spec.required and spec.name not in found and node.get(spec.name) is None:
                self.add("missing_key", f"{where} needs '{spec.name}'", _head(node), key=spec.name)
                ok = False
        return found if ok else None

    def name(self, fields: dict[str, tuple[YNode, YNode]], key: str, where: str) -> str | None:
        node = fields[key][1]
        name: str = node.value
        if not name.strip():
            self.add("invalid_value", f"'{key}' of {where} must not be empty", node.range, key=key)
            return None
        return name


def _head(node: YNode) -> SourceRange:
    """Where to report something missing from a node: its first line."""
    start = node.range.start
    if node.kind == "map" and node.value:
        first_key = node.value[0][0].range
        return SourceRange(start, first_key.end)
    end = node.range.end if node.range.end.line == start.line else start
    return SourceRange(start, end)


def read_document(
    root: YNode | None, lines: LineIndex, findings: list[Finding], memo: IdentityMemo | None = None
) -> ScenarioDocument:
    """The document ``root`` describes; structure problems go to ``findings``.

    With ``memo`` (started by the caller), list items whose node was read in
    the previous check are not read again.
    """
    reader = _Reader(findings, memo)
    top = _top_level(reader, root, fmt.DOCUMENT, "a scenario file needs 'suite' and 'scenarios'", "suite", "the file")
    if top is None:
        return ScenarioDocument(lines, root)
    if "suite" in top and not isinstance(top["suite"][1].value, str):
        del top["suite"]
    suite_name = None
    suite_range = DOCUMENT_START
    if "suite" in top:
        suite_range = top["suite"][1].range
        suite_name = reader.name(top, "suite", "the file")
    missions = _read_missions(reader, top["missions"][1]) if "missions" in top else ()
    scenarios = _read_scenarios(reader, top["scenarios"][1]) if "scenarios" in top else ()
    expectations = _read_expectations(reader, top["expectations"][1]) if "expectations" in top else ()
    snapshot = "snapshot" in top and top["snapshot"][1].value is True
    imports = _read_imports(reader, top["imports"][1]) if "imports" in top else ()
    return ScenarioDocument(lines, root, suite_name, suite_range, missions, scenarios, expectations, snapshot, imports)


def read_while_parsing(memo: IdentityMemo) -> ItemHook:
    """A hook for :func:`~scenario_core.yaml.parse.parse_yaml`: each scenario and expectation is read as soon as it is composed.

    What an item gives (its definition and its findings) goes to ``memo``,
    where :func:`read_document` finds it, and the item is emptied: its nodes
    that the definition does not name go before the next item is composed.
    So a large file's whole tree never exists. It did before: 107 MB at
    20,000 scenarios, 633,000 nodes, freed once read but made among the
    nodes that stay, so that the allocator kept most of its memory.
    """
    reader = _Reader([], memo)

    def read(key: str, index: int, item: YNode) -> None:
        if key not in _LIST_ITEMS:
            return
        _read_item(reader, key, index, item)
        reader.findings.clear()  # the memo keeps them; read_document adds them in order
        item.value = []

    return read


def read_library(root: YNode | None, lines: LineIndex, findings: list[Finding], path: Path | None = None) -> ScenarioDocument:
    """The mission library ``root`` describes; structure problems go to ``findings``.

    Its missions say they come from ``path`` (None when the library itself is being checked).
    """
    reader = _Reader(findings, None)
    top = _top_level(reader, root, fmt.LIBRARY, "a mission library needs 'missions'", "missions", "the library")
    if top is None:
        return ScenarioDocument(lines, root)
    missions = _read_missions(reader, top["missions"][1], path) if "missions" in top else ()
    imports = _read_imports(reader, top["imports"][1]) if "imports" in top else ()
    description_node = top["description"][1] if "description" in top else None
    description = description_node.value if description_node is not None and isinstance(description_node.value, str) else None
    return ScenarioDocument(lines, root, missions=missions, imports=imports, description=description)


def _top_level(
    reader: _Reader, root: YNode | None, shape: fmt.Shape, needs: str, first_key: str, where: str
) -> dict[str, tuple[YNode, YNode]] | None:
    """The top-level keys of a file, checked against ``shape``; None when there is no mapping to read.

    An empty file says what it ``needs`` (unless the YAML itself is broken). A
    file with a missing or mistyped required key is still read: every key of
    the right type is kept, so one mistake never hides the rest.
    """
    if root is None or (root.kind == "scalar" and root.value is None):
        if not any(f.code in ("yaml_syntax", "too_large") for f in reader.findings):
            reader.add("missing_key", needs, DOCUMENT_START, key=first_key)
        return None
    top = reader.fields(root, shape, where)
    if top is None:
        if root.kind != "map":
            return None
        top = {k.value: (k, v) for k, v in root.value if shape.key(k.value) is not None}
        top = {k: kv for k, kv in top.items() if kv[1].kind == _NODE_KIND[shape[k].type]}
    return top


def _read_imports(reader: _Reader, node: YNode) -> tuple[ImportDef, ...]:
    imports = []
    for item in node.value:
        if item.kind != "scalar" or not isinstance(item.value, str):
            reader.add("wrong_type", f"an import must be a path (text), not {_kind_name(item)}", item.range)
            continue
        imports.append(ImportDef(item.value, item))
    return tuple(imports)


def _read_missions(reader: _Reader, node: YNode, path: Path | None = None) -> tuple[MissionDef, ...]:
    missions = []
    for key, value in node.value:
        where = f"mission '{key.value}'"
        fields = reader.fields(value, fmt.MISSION, where)
        if fields is None:
            continue
        steps: list[StepDef] = []
        seen: dict[str, SourceRange] = {}
        for item in fields["steps"][1].value:
            step_fields = reader.fields(item, fmt.STEP, f"a step of {where}")
            if step_fields is None:
                continue
            id_node, kind_node = step_fields["id"][1], step_fields["kind"][1]
            payload_node = step_fields["payload"][1] if "payload" in step_fields else None
            payload = freeze(payload_node.to_json()) if payload_node is not None and payload_node.kind == "map" else FrozenDict()
            if id_node.value in seen:
                reader.add(
                    "duplicate_id",
                    f"step id '{id_node.value}' is used twice in {where} (first at line {seen[id_node.value].start.line + 1})",
                    id_node.range,
                    id=id_node.value,
                )
            seen.setdefault(id_node.value, id_node.range)
            steps.append(StepDef(id_node.value, kind_node.value, payload, item, id_node, kind_node, payload_node))
        description = fields["description"][1].value if "description" in fields else None
        missions.append(MissionDef(key.value, description, tuple(steps), key, value, path))
    return tuple(missions)


def _read_item(reader: _Reader, key: str, index: int, item: YNode) -> Any:
    """Item ``index`` of the top-level list ``key`` (``scenarios`` or ``expectations``), read once per node.

    The memo's kind comes from :data:`_LIST_ITEMS`, so that reading while parsing and
    :func:`read_document` always name the same entry.
    """
    kind, read = _LIST_ITEMS[key]
    return reader.item(item, partial(read, reader, item, index), kind)


def _read_scenarios(reader: _Reader, node: YNode) -> tuple[ScenarioDef, ...]:
    read = [_read_item(reader, "scenarios", index, item) for index, item in enumerate(node.value)]
    return tuple(s for s in read if s is not None)


def _read_scenario(reader: _Reader, item: YNode, index: int) -> ScenarioDef | None:
    fields = reader.fields(item, fmt.SCENARIO, f"scenario {index + 1}")
    if fields is None:
        return None
    name = reader.name(fields, "name", f"scenario {index + 1}")
    if name is None:
        return None
    where = f"scenario '{name}'"
    state_node = fields["initial_state"][1] if "initial_state" in fields else None
    initial_state = freeze(state_node.to_json()) if state_node is not None and state_node.kind == "map" else FrozenDict()
    calls = []
    for call_node in fields["missions"][1].value if "missions" in fields else ():
        call = _read_call(reader, call_node, where)
        if call is not None:
            calls.append(call)
    clock = _read_clock(reader, fields["clock"][1], where) if "clock" in fields else None
    snapshot = fields["snapshot"][1].value if "snapshot" in fields else None
    return ScenarioDef(name, initial_state, tuple(calls), item, fields["name"][1], clock, snapshot)


def _read_clock(reader: _Reader, node: YNode, where: str) -> str | None:
    try:
        instant = datetime.fromisoformat(node.value)
    except ValueError:
        reader.add(
            "invalid_value",
            f"'clock' of {where} must be an ISO 8601 date and time, such as 2024-01-31T09:00:00Z; not {node.value!r}",
            node.range,
            key="clock",
        )
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.utc)
    return instant.isoformat()


def _read_call(reader: _Reader, node: YNode, where: str) -> CallDef | None:
    if node.kind == "scalar":
        if not isinstance(node.value, str) or not node.value.strip():
            reader.add("wrong_type", f"a mission call in {where} must be a mission name or {{name, params}}", node.range)
            return None
        return CallDef(node.value, None, node, node)
    fields = reader.fields(node, fmt.CALL_SHAPE, f"a mission call in {where}")
    if fields is None:
        return None
    name_node = fields["name"][1]
    params_node = fields["params"][1] if "params" in fields else None
    params = freeze(params_node.to_json()) if params_node is not None and params_node.kind == "map" else None
    return CallDef(name_node.value, params, node, name_node)


def _read_expectations(reader: _Reader, node: YNode) -> tuple[ExpectationDef, ...]:
    read = [_read_item(reader, "expectations", index, item) for index, item in enumerate(node.value)]
    return tuple(e for e in read if e is not None)


def _read_expectation(reader: _Reader, item: YNode, index: int) -> ExpectationDef | None:
    where = f"expectation {index + 1}"
    if item.kind == "map":
        id_node = item.get("id")
        if id_node is not None and isinstance(id_node.value, str):
            where = f"expectation '{id_node.value}'"
    fields = reader.fields(item, fmt.EXPECTATION, where)
    if fields is None:
        return None
    op_node = fields["op"][1]
    if op_node.value not in fmt.EXPECTATION["op"].enum:
        reader.add(
            "unknown_op",
            f"unknown op '{op_node.value}'; the ops are eq, ne, gt, lt, exists",
            op_node.range,
            op=cast(ExpectationOp, op_node.value),  # one of fmt.EXPECTATION's ops, checked above
        )
        return None
    expected_pair = item.pair("expected")
    expected_node = expected_pair[1] if expected_pair is not None else None
    if expected_node is None and op_node.value != "exists":
        reader.add("missing_key", f"{where} with op '{op_node.value}' needs 'expected'", _head(item), key="expected")
        return None
    path_node = fields["path"][1]
    return ExpectationDef(
        id=fields["id"][1].value,
        scenario=fields["scenario"][1].value,
        mission=fields["mission"][1].value,
        path=path_node.value,
        op=cast(ExpectationOp, op_node.value),  # one of fmt.EXPECTATION's ops, checked above
        expected=expected_node.to_json() if expected_node is not None else None,
        node=item,
        id_node=fields["id"][1],
        scenario_node=fields["scenario"][1],
        mission_node=fields["mission"][1],
        path_node=path_node,
        op_node=op_node,
        expected_node=expected_node,
        expected_key_node=expected_pair[0] if expected_pair is not None else None,
    )


#: The top-level lists whose items are read one by one: the memo's kind for an item, and its reader.
_LIST_ITEMS: dict[str, tuple[str, Callable[[_Reader, YNode, int], Any]]] = {
    "scenarios": ("scenario", _read_scenario),
    "expectations": ("expectation", _read_expectation),
}
