"""The scenario file format: every key, its type, and whether it is required.

One definition serves the validator (unknown, missing and mistyped keys),
the JSON Schemas shipped in :mod:`scenario_core.schemas` (``scenario.schema.json``
for scenario files and ``missions.schema.json`` for mission libraries, generated from it by
:func:`json_schema` and :func:`library_json_schema`, and checked against them
by a test) and the README's format reference.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scenario_core.orchestration.engine import OPERATIONS, STEP_KINDS
from scenario_core.orchestration.expectations import OPS

__all__ = [
    "ANY",
    "BOOLEAN",
    "CALL_SHAPE",
    "DOCUMENT",
    "EXPECTATION",
    "Key",
    "LIBRARY",
    "LIST",
    "MAPPING",
    "MISSION",
    "SCENARIO",
    "SHAPES",
    "STEP",
    "Shape",
    "TEXT",
    "json_schema",
    "library_json_schema",
]

# Value types of the format, as a message names them.
TEXT, MAPPING, LIST, ANY = "text", "a mapping", "a list", "any value"
BOOLEAN = "a boolean"


@dataclass(frozen=True)
class Key:
    """A key of a mapping in the format.

    ``enum`` values are the only ones the format accepts; ``suggestions`` are
    offered by completion but any text is read (a step ``kind`` outside them
    is an engine rule, reported as ``envelope``). ``non_empty`` text must have
    a non-blank character.
    """

    name: str
    type: str
    required: bool
    doc: str
    enum: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    non_empty: bool = False


@dataclass(frozen=True)
class Shape:
    """A mapping in the format and the keys it may have."""

    name: str
    keys: tuple[Key, ...]
    _by_name: dict[str, Key] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {k.name: k for k in self.keys})

    def key(self, name: str) -> Key | None:
        """The key called ``name``, None when the shape has no such key."""
        return self._by_name.get(name)

    def __getitem__(self, name: str) -> Key:
        """The key called ``name``, which the shape is known to have."""
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)


_IMPORTS_DOC = (
    "Mission libraries (*.missions.yaml) whose missions this file may call, as paths relative to this file; "
    "the first one that defines a name wins."
)

_LIBRARY_IMPORTS_DOC = (
    "Other mission libraries, as paths relative to this file: a file that imports this library "
    "may call their missions too, after this library's own."
)

DOCUMENT = Shape(
    "document",
    (
        Key("suite", TEXT, True, "The suite's name.", non_empty=True),
        Key("imports", LIST, False, _IMPORTS_DOC),
        Key("missions", MAPPING, False, "Missions defined in this file, by name; they shadow imported and built-in ones."),
        Key("scenarios", LIST, True, "The scenarios, run in order."),
        Key("expectations", LIST, False, "Checks on mission results."),
        Key("snapshot", BOOLEAN, False, "Pin every scenario's mission results in __snapshots__/<file name>.json."),
    ),
)
#: A mission library (``*.missions.yaml``): missions that scenario files import.
LIBRARY = Shape(
    "library",
    (
        Key("description", TEXT, False, "What the library's missions are for."),
        Key("imports", LIST, False, _LIBRARY_IMPORTS_DOC),
        Key("missions", MAPPING, True, "The library's missions, by name."),
    ),
)
MISSION = Shape(
    "mission",
    (
        Key("description", TEXT, False, "What the mission does."),
        Key("steps", LIST, True, "At most 5 steps, at most 2 of them human."),
    ),
)
STEP = Shape(
    "step",
    (
        Key("id", TEXT, True, "Unique within the mission."),
        Key("kind", TEXT, True, "human or runtime.", suggestions=STEP_KINDS),
        Key("payload", MAPPING, False, "For runtime steps: operation and its arguments."),
    ),
)
SCENARIO = Shape(
    "scenario",
    (
        Key("name", TEXT, True, "Unique within the file.", non_empty=True),
        Key("initial_state", MAPPING, False, "The state every mission call starts from (default {})."),
        Key("missions", LIST, False, "Mission calls in order: a name, or {name, params}."),
        Key("clock", TEXT, False, "What ctx.now() gives Python missions: an ISO 8601 date and time (default 2000-01-01T00:00:00Z)."),
        Key("snapshot", BOOLEAN, False, "Pin this scenario's mission results in __snapshots__/ (overrides the suite's snapshot)."),
    ),
)
CALL_SHAPE = Shape(
    "mission call",
    (
        Key("name", TEXT, True, "The mission to call."),
        Key("params", MAPPING, False, "Parameters for a built-in mission."),
    ),
)
EXPECTATION = Shape(
    "expectation",
    (
        Key("id", TEXT, True, "Unique within the file."),
        Key("scenario", TEXT, True, "The scenario's name."),
        Key("mission", TEXT, True, "A mission the scenario calls."),
        Key("path", TEXT, True, "Dot path into the mission result (success, final_state.counter, executed_steps.0.id)."),
        Key("op", TEXT, True, "eq, ne, gt, lt or exists.", OPS),
        Key("expected", ANY, False, "The value to compare with; required unless op is exists."),
    ),
)

SHAPES = (DOCUMENT, LIBRARY, MISSION, STEP, SCENARIO, CALL_SHAPE, EXPECTATION)


_JSON_TYPES = {TEXT: "string", MAPPING: "object", LIST: "array", BOOLEAN: "boolean"}


def _key_schema(key: Key) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": key.doc}
    if key.enum:
        schema["enum"] = list(key.enum)
    elif key.suggestions:
        # Completion offers the enum branch; validation accepts any text.
        schema["anyOf"] = [{"enum": list(key.suggestions)}, {"type": "string"}]
    elif key.type in _JSON_TYPES:
        json_type = _JSON_TYPES[key.type]
        # An optional mapping or list left empty (`initial_state:`) is read as {} or [].
        schema["type"] = json_type if key.required or key.type in (TEXT, BOOLEAN) else [json_type, "null"]
    if key.non_empty:
        schema["pattern"] = "\\S"
    return schema


def _object(shape: Shape, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    properties = {k.name: _key_schema(k) for k in shape.keys}
    properties.update(overrides or {})
    return {
        "type": "object",
        "properties": properties,
        "required": [k.name for k in shape.keys if k.required],
        "additionalProperties": False,
    }


def _missions_schema(doc: str) -> dict[str, Any]:
    operation = {"enum": list(OPERATIONS), "description": "The runtime operation (default: noop)."}
    step = _object(STEP)
    step["properties"]["payload"] = {
        "type": ["object", "null"],
        "properties": {"operation": operation},
        "description": STEP["payload"].doc,
    }
    return {
        "type": ["object", "null"],
        "description": doc,
        "additionalProperties": _object(MISSION, {"steps": {"type": "array", "items": step}}),
    }


def _imports_schema(doc: str) -> dict[str, Any]:
    return {
        "type": ["array", "null"],
        "description": doc,
        "items": {"type": "string", "pattern": "\\.missions\\.ya?ml$"},
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    call = {"oneOf": [{"type": "string"}, _object(CALL_SHAPE)]}
    expectation = _object(EXPECTATION)
    expectation["allOf"] = [
        {"if": {"properties": {"op": {"not": {"const": "exists"}}}}, "then": {"required": ["expected"]}}
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://scenario-harness.dev/schema/scenario.schema.json",
        "title": "Scenario Harness scenario file",
        **_object(
            DOCUMENT,
            {
                "imports": _imports_schema(_IMPORTS_DOC),
                "missions": _missions_schema(DOCUMENT["missions"].doc),
                "scenarios": {
                    "type": "array",
                    "description": DOCUMENT["scenarios"].doc,
                    "items": _object(SCENARIO, {"missions": {"type": ["array", "null"], "items": call}}),
                },
                "expectations": {
                    "type": ["array", "null"],
                    "description": DOCUMENT["expectations"].doc,
                    "items": expectation,
                },
            },
        ),
    }


def library_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a mission library (``*.missions.yaml``)."""
    missions = _missions_schema(LIBRARY["missions"].doc)
    missions["type"] = "object"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://scenario-harness.dev/schema/missions.schema.json",
        "title": "Scenario Harness mission library",
        **_object(LIBRARY, {"imports": _imports_schema(_LIBRARY_IMPORTS_DOC), "missions": missions}),
    }
