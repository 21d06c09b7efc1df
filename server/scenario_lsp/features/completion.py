"""Completion of names, enum values, keys and result paths, from the text around the cursor.

While a user types, the document is often not valid YAML, so the context
(which section, which key, which list item) is read from indentation alone;
the names and results come from the latest check that could run. Completion
never waits for a check, so it stays quick on large files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from lsprotocol import types

from scenario_core.checking import format as fmt
from scenario_core.checking.report import CheckReport
from scenario_core.orchestration.engine import OPERATIONS, STEP_KINDS
from scenario_core.orchestration.expectations import OPS, available_keys, resolve_path
from scenario_core.orchestration.registry import MISSION_DESCRIPTIONS, MISSION_REGISTRY
from scenario_core.python.missions import PythonCallable
from scenario_core.source.positions import LineIndex, Position

from ..protocol.convert import PositionConverter

_LINE = re.compile(r"(?P<indent> *)(?P<dashes>(?:- +)*)(?P<content>.*)")
_KEY_VALUE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?: +(?P<value>.*))?\Z")


@dataclass(frozen=True)
class _Line:
    dash_column: int | None  # where the first "- " is, for a list item line
    key_column: int  # where the key or value starts, after indentation and dashes
    key: str | None
    value: str | None

    @property
    def opens_block(self) -> bool:
        return self.key is not None and not self.value


def _read(text: str) -> _Line | None:
    """A line's shape; None for a blank or comment line."""
    match = _LINE.match(text)
    assert match is not None  # the pattern matches every string
    content = match["content"]
    if not content.strip() or content.lstrip().startswith("#"):
        return None
    dash_column = len(match["indent"]) if match["dashes"] else None
    kv = _KEY_VALUE.match(content.split(" #")[0].rstrip())
    key = kv["key"] if kv else None
    value = (kv["value"] or "").strip() if kv else content
    return _Line(dash_column, len(match["indent"]) + len(match["dashes"]), key, value)


@dataclass(frozen=True)
class CursorContext:
    """Where the cursor is: the top-level section, the enclosing block key, and the item's keys."""

    section: str | None
    parent: str | None
    key: str | None  # the key whose value is being typed, if any
    typed: str  # what is typed of the key or value so far
    in_list_item: bool
    item_fields: dict[str, str]


def cursor_context(lines: LineIndex, at: Position) -> CursorContext:
    prefix = lines.line_text(at.line)[: at.column]
    match = _LINE.match(prefix)
    assert match is not None
    content = match["content"]
    dash_column = len(match["indent"]) if match["dashes"] else None
    threshold = dash_column if dash_column is not None else len(match["indent"]) + len(match["dashes"])
    kv = _KEY_VALUE.match(content)
    key, typed = (kv["key"], kv["value"] or "") if kv else (None, content)

    section = parent = None
    item_start = dash_column
    for number in range(at.line - 1, -1, -1):
        line = _read(lines.line_text(number))
        if line is None:
            continue
        if item_start is None and line.dash_column is not None and line.dash_column < threshold:
            item_start = line.dash_column
        if parent is None and line.opens_block and line.key_column < threshold:
            parent = line.key
        if line.key_column == 0 and line.key is not None:
            section = line.key
            break
    if threshold == 0:
        section = None
        fields = _top_level_fields(lines, at.line)
    else:
        fields = _item_fields(lines, at.line, item_start) if item_start is not None else {}
    return CursorContext(section, parent, key, typed, dash_column is not None, fields)


def _top_level_fields(lines: LineIndex, cursor_line: int) -> dict[str, str]:
    """The keys the document already has at the top level (the cursor's own line aside)."""
    fields: dict[str, str] = {}
    for number in range(lines.line_count):
        shape = _read(lines.line_text(number))
        if number != cursor_line and shape is not None and shape.key_column == 0 and shape.key is not None:
            fields[shape.key] = shape.value or ""
    return fields


def _item_fields(lines: LineIndex, line: int, dash_column: int) -> dict[str, str]:
    """The ``key: value`` pairs of the list item around ``line`` whose dash is at ``dash_column``."""
    start = line
    while start > 0:
        shape = _read(lines.line_text(start))
        if shape is not None and shape.dash_column == dash_column:
            break
        start -= 1
    fields: dict[str, str] = {}
    for number in range(start, lines.line_count):
        shape = _read(lines.line_text(number))
        if shape is None:
            continue
        if number > start and (shape.dash_column is not None and shape.dash_column <= dash_column or shape.key_column <= dash_column):
            break
        if shape.key is not None and shape.value and shape.key_column == dash_column + 2:
            fields[shape.key] = shape.value.strip("'\"")
    return fields


def completions(
    lines: LineIndex,
    known: CheckReport | None,
    converter: PositionConverter,
    position: types.Position,
    library: bool = False,
    libraries: Sequence[str] = (),
) -> list[types.CompletionItem]:
    """What may be typed at ``position`` of the text ``lines`` (of a mission library, with ``library``).

    ``known`` is the latest report that has results (None before the first
    check): it supplies mission and scenario names and result paths.
    ``libraries`` are the mission libraries of the workspace, as an import of
    this file writes them.
    """
    at = converter.to_core_position(position)
    context = cursor_context(lines, at)
    flow = _FLOW_PARAMS.search(lines.line_text(at.line)[: at.column])
    if context.section == "scenarios" and (flow is not None or (context.key is None and context.parent == "params")):
        return _params(known, context, lines, at.line, flow.group("written") if flow else None)
    in_imports = (context.section == "imports" and context.key is None) or (context.section is None and context.key == "imports")
    if in_imports:
        return [_item(path, types.CompletionItemKind.File, "mission library") for path in libraries]
    if context.key is None:
        if context.section == "scenarios" and context.parent == "missions" and context.in_list_item:
            return _missions(known)
        return _keys(context, library)
    section, key = context.section, context.key
    if section == "expectations" and key == "mission":
        return _missions(known)
    if section == "expectations" and key == "scenario":
        scenarios = known.document.scenarios if known is not None else ()
        return [_item(s.name, types.CompletionItemKind.Class, "scenario") for s in scenarios]
    if section == "expectations" and key == "op":
        return [_item(op, types.CompletionItemKind.EnumMember, "op") for op in OPS]
    if section == "expectations" and key == "path":
        return _paths(known, context, converter, at) if known is not None else []
    if section == "scenarios" and key == "name" and context.parent == "missions":
        return _missions(known)
    if section == "missions" and key == "kind":
        return [_item(kind, types.CompletionItemKind.EnumMember, "step kind") for kind in STEP_KINDS]
    if key == "operation":
        return [_item(name, types.CompletionItemKind.EnumMember, spec.summary) for name, spec in OPERATIONS.items()]
    return []


def _item(label: str, kind: types.CompletionItemKind, detail: str) -> types.CompletionItem:
    return types.CompletionItem(label=label, kind=kind, detail=detail)


def _missions(report: CheckReport | None) -> list[types.CompletionItem]:
    """The missions a call can name: the file's own, the imported ones, the built-in ones (as a call resolves them)."""
    missions = report.document.missions if report is not None else ()
    local = [_item(m.name, types.CompletionItemKind.Function, m.description or "mission in this file") for m in missions]
    defined = {m.name for m in missions}
    imports = report.imports if report is not None else None
    for name, imported in (imports.missions.items() if imports is not None else ()):
        if name not in defined:
            where = f"from {imported.definition.path.name}" if imported.definition.path is not None else "imported"
            description = imported.definition.description
            local.append(_item(name, types.CompletionItemKind.Function, f"{description} ({where})" if description else where))
            defined.add(name)
    catalog = report.catalog if report is not None else None
    python = [
        types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Function,
            detail=f"Python mission {name}{_params_shown(mission)}",
            documentation=mission.doc or None,
        )
        for name, mission in (catalog.missions.items() if catalog is not None else ())
        if name not in defined
    ]
    defined |= {item.label for item in python}
    builtin = [
        _item(name, types.CompletionItemKind.Function, MISSION_DESCRIPTIONS.get(name, "built-in mission"))
        for name in MISSION_REGISTRY
        if name not in defined
    ]
    return local + python + builtin


def _params_shown(mission: PythonCallable) -> str:
    return "(" + ", ".join(p.describe() for p in mission.params) + ")"


# The cursor inside a flow mapping of params: `params: {sku: A1, q`.
_FLOW_PARAMS = re.compile(r"params:\s*\{(?P<written>[^{}]*)\Z")
_WRITTEN_KEY = re.compile(r"(?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)\s*:")
_CALL_NAME = re.compile(r"\bname:\s*([A-Za-z_][\w.-]*)")


def _params(
    known: CheckReport | None, context: CursorContext, lines: LineIndex, line: int, written: str | None
) -> list[types.CompletionItem]:
    """The params of the Python mission a call names, that the call does not give yet.

    ``written`` is what a flow mapping (``params: {sku: A1, q``) holds before
    the cursor; None when the params are a block below ``params:``.
    """
    catalog = known.catalog if known is not None else None
    named = _CALL_NAME.search(lines.line_text(line))
    mission_name = named.group(1) if named is not None and written is not None else context.item_fields.get("name")
    mission = catalog.missions.get(mission_name) if catalog is not None and mission_name else None
    if mission is None:
        return []
    given = set(_WRITTEN_KEY.findall(written)) if written is not None else _block_keys(lines, line)
    return [
        types.CompletionItem(
            label=param.name,
            kind=types.CompletionItemKind.Field,
            detail=param.describe() + ("" if param.required else " (optional)"),
            documentation=mission.doc or None,
            insert_text=f"{param.name}: ",
        )
        for param in mission.params
        if param.name not in given
    ]


def _block_keys(lines: LineIndex, line: int) -> set[str]:
    """The keys already written in the block mapping around ``line`` (a ``params:`` block)."""
    here = _read(lines.line_text(line))
    indent = here.key_column if here is not None else len(lines.line_text(line)) - len(lines.line_text(line).lstrip())
    keys: set[str] = set()
    for step in (-1, 1):
        number = line + step
        while 0 <= number < lines.line_count:
            shape = _read(lines.line_text(number))
            if shape is not None:
                if shape.key_column < indent:
                    break
                if shape.key_column == indent and shape.key is not None:
                    keys.add(shape.key)
            number += step
    return keys


def _keys(context: CursorContext, library: bool) -> list[types.CompletionItem]:
    shape = fmt.LIBRARY if library and context.section is None else _shape_for(context)
    if shape is None:
        return []
    present = set(context.item_fields)
    return [
        _item(k.name, types.CompletionItemKind.Property, k.doc)
        for k in shape.keys
        if k.name not in present or k.name == context.typed
    ]


def _shape_for(context: CursorContext) -> fmt.Shape | None:
    section, parent = context.section, context.parent
    if section is None:
        return fmt.DOCUMENT
    if section == "expectations" and parent == "expectations":
        return fmt.EXPECTATION
    if section == "scenarios" and parent == "scenarios":
        return fmt.SCENARIO
    if section == "scenarios" and parent == "missions":
        return fmt.CALL_SHAPE
    if section == "missions" and parent == "steps":
        return fmt.STEP
    if section == "missions" and parent not in ("missions", "payload", None):
        return fmt.MISSION
    return None


def _paths(
    report: CheckReport, context: CursorContext, converter: PositionConverter, at: Position
) -> list[types.CompletionItem]:
    scenario, mission = context.item_fields.get("scenario"), context.item_fields.get("mission")
    result = report.mission_result(scenario, mission) if scenario and mission else None
    if result is None:
        return []
    head, _, segment = context.typed.rpartition(".")
    resolution = resolve_path(result.to_dict(), head)
    if not resolution.found:
        return []
    start = converter.to_lsp_position(Position(at.line, at.column - len(segment)))
    replace = types.Range(start=start, end=converter.to_lsp_position(at))
    items = []
    for key in available_keys(resolution.value):
        items.append(
            types.CompletionItem(
                label=key,
                kind=types.CompletionItemKind.Field,
                detail=f"{head + '.' if head else ''}{key} in the last run of {mission}",
                text_edit=types.TextEdit(range=replace, new_text=key),
            )
        )
    return items
