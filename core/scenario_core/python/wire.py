"""The messages between the core and a mission worker process: JSON, one per line.

The core (:mod:`scenario_core.python.missions`) writes requests to the
worker's standard input; the worker (``scenario_harness._worker``) answers on
a pipe of its own, so nothing user code prints can be mistaken for an answer.

Requests: ``{"describe": {"modules": [...], "entry_points": bool, "timeout": s}}``
and ``{"run": {"items": [Item, ...], "timeout": s}}``. Answers: ``{"ready":
Ready}`` once at start, ``{"described": Description}``, and for a run
``{"start": id}`` before each item and ``{"done": id, "outcome": Outcome}``
after it, then ``{"finished": true}``; ``{"crash": {"reason": "memory"}}``
just before the worker ends itself.

A worker that ends without answering (its own timer ran out after
``timeout`` seconds, a signal, ``os._exit``, memory) first writes its Python
stack to a third pipe, in :mod:`faulthandler`'s format
(:mod:`scenario_core.python.stacks` reads it). An item with
``"trace": true`` also gets, in its outcome, what each step of the call did.
"""
from __future__ import annotations

import json
from typing import Any, Literal, TypedDict

__all__ = [
    "CallContext",
    "CallableInfo",
    "Description",
    "ErrorInfo",
    "HintProblem",
    "Item",
    "ImportProblem",
    "Location",
    "Outcome",
    "ParamInfo",
    "ParamProblem",
    "Ready",
    "StepTraceInfo",
    "WorkflowTraceInfo",
    "NO_COVERAGE_CONTEXTS",
    "coverage_context",
    "decode",
    "encode",
]


class ParamInfo(TypedDict):
    name: str
    annotation: str  # as written, "" when there is none
    default: str | None  # repr of the default, None when required
    required: bool


class HintProblem(TypedDict):
    """A param whose type hint cannot be checked against a YAML value: its function is never called."""

    param: str
    hint: str  # as written
    message: str  # what is wrong and what to write instead: "is typed Room, a plain class: ..."


class ParamProblem(TypedDict):
    """What does not fit in a call's params (or a step's arguments), in our words.

    ``path`` leads from the param's name through keys and indexes to the
    value it is about; ``kind`` is ``unknown`` (the last part of ``path`` is
    a key the mapping does not take; ``known`` are those it does, when they
    can be told), ``missing`` (it lacks that key) or ``invalid`` (the value
    does not fit: ``message`` says why).
    """

    path: list[str | int]
    kind: Literal["unknown", "missing", "invalid"]
    message: str
    known: list[str]


class CallableInfo(TypedDict):
    """A registered mission or operation, described without running it."""

    kind: Literal["mission", "operation"]
    name: str
    qualname: str
    module: str
    file: str
    line: int
    doc: str
    signature: str
    params: list[ParamInfo]
    var_keyword: bool  # takes **kwargs: any param is accepted
    unsupported: list[HintProblem]  # params whose hint cannot be checked: it is never called


class Ready(TypedDict):
    pid: int
    python: str  # its version
    main_thread: int  # the ident of the thread that runs users' code (a stack names its thread so)
    ours: list[str]  # the folders of scenario_harness and scenario_core: never the project's code


class ImportProblem(TypedDict):
    module: str  # what failed to import, or "" for a registration problem
    message: str
    file: str | None
    line: int | None
    column: int | None  # 1-based, for a syntax error
    traceback: str
    files: list[str]  # the project's files that importing ``module`` tried to import


class Description(TypedDict):
    missions: list[CallableInfo]
    operations: list[CallableInfo]
    problems: list[ImportProblem]
    files: list[str]  # the project's source files the worker imported


class CallContext(TypedDict):
    suite: str
    scenario: str
    call: int
    clock: str | None  # ISO 8601


class Item(TypedDict, total=False):
    """One piece of work: call a mission, run a workflow, or validate an operation's arguments."""

    id: int
    kind: Literal["mission", "workflow", "validate"]
    name: str  # the mission or operation
    params: dict[str, Any]  # the call's params, or the operation's arguments
    workflow: dict[str, Any]  # {"id", "name", "steps": [{"id", "kind", "payload"}]}
    initial_state: dict[str, Any]
    context: CallContext
    trace: bool  # record what each step did (the outcome's "trace")
    states: bool  # with trace: each step also keeps the state before and after it


class ErrorInfo(TypedDict):
    type: str
    message: str
    file: str | None  # the innermost frame of the project's code
    line: int | None
    traceback: str


class Location(TypedDict):
    file: str
    line: int  # 1-based


class StepTraceInfo(TypedDict, total=False):
    """One step as it ran (``orchestration.trace.StepRecord.to_dict()``), and where the worker saw it made."""

    index: int
    id: str
    kind: str
    operation: str | None
    status: str  # ok | approved | failed | not_reached
    changes: list[dict[str, Any]]  # {"path", "before"?, "after"?}
    error: str | None
    built_at: Location | None  # the line of a Python mission that built this StepSpec, when the worker can tell
    state_before: Any  # with an item's "states": the state the step ran on
    state_after: Any  # and the state it left


class WorkflowTraceInfo(TypedDict):
    workflow_id: str
    steps: list[StepTraceInfo]


class Outcome(TypedDict, total=False):
    """What one item gave: exactly one of the keys below but ``output``."""

    result: dict[str, Any]  # an OrchestrationResult's to_dict()
    valid: bool
    invalid_params: list[ParamProblem]
    unsupported: list[HintProblem]  # the function has a param whose hint cannot be checked: it was not called
    invalid_result: str  # what the mission gave instead of a JSON result: "returned dict, not a WorkflowDefinition ..."
    error: ErrorInfo
    nondeterministic: dict[str, Any]  # what, file, line
    violation: dict[str, str]  # rule (anti_failure | envelope), message
    output: str  # what the code printed
    trace: list[WorkflowTraceInfo]  # with an item's "trace": every workflow the call ran, step by step


#: In a measured worker's environment, set to "1": no context per scenario (for a report that cannot show them).
NO_COVERAGE_CONTEXTS = "SCENARIO_COVERAGE_NO_CONTEXTS"


def coverage_context(suite: str, scenario: str) -> str:
    """The coverage.py dynamic context a measured worker runs a scenario's calls in: ``suite/scenario``."""
    return f"{suite}/{scenario}"


def encode(message: dict[str, Any]) -> bytes:
    """One message as a line of JSON (NaN and infinity are refused: results must be JSON)."""
    return json.dumps(message, separators=(",", ":"), allow_nan=False).encode("utf-8") + b"\n"


def decode(line: bytes) -> dict[str, Any]:
    value = json.loads(line)
    if not isinstance(value, dict):
        raise ValueError(f"a worker message must be an object, not {type(value).__name__}")
    return value
