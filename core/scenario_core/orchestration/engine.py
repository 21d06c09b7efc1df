"""The deterministic workflow engine.

A workflow is an ordered list of steps. ``human`` steps are recorded as
approved; ``runtime`` steps apply one operation to the workflow's state (see
:data:`OPERATIONS`). Before any step runs, the engine enforces its limits:
at most :data:`MAX_STEPS` steps and :data:`MAX_HUMAN_STEPS` human steps
(:class:`AntiFailureViolation`), and no step kind outside ``human`` and
``runtime`` (:class:`EnvelopeViolation`). A runtime step that fails halts the
workflow with ``success`` false. The engine does no I/O and reads no clock:
results, lineage and receipt are pure functions of the workflow and the
initial state.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Callable, Iterator, Mapping, Protocol, Sequence

from .frozen import FrozenDict, FrozenList, freeze
from .hashing import canonical_json, number_fits

__all__ = [
    "AntiFailureViolation",
    "EnvelopeViolation",
    "ExecutionContext",
    "MAX_HUMAN_STEPS",
    "MAX_STEPS",
    "OPERATIONS",
    "Operation",
    "OperationSpec",
    "OrchestrationResult",
    "Orchestrator",
    "STEP_KINDS",
    "StepError",
    "StepObserver",
    "StepSpec",
    "WorkflowDefinition",
    "check_workflow",
    "describe_type",
    "is_number",
    "observing",
    "operation_problems",
]

MAX_STEPS = 5
MAX_HUMAN_STEPS = 2
STEP_KINDS = ("human", "runtime")


class AntiFailureViolation(Exception):
    """A workflow has more steps, or more human steps, than allowed."""


class EnvelopeViolation(Exception):
    """A workflow has a step of a kind the engine does not execute."""


class StepError(Exception):
    """A runtime step could not apply its operation; the workflow halts."""


@dataclass(frozen=True)
class StepSpec:
    """One step: an id, a kind (``human`` or ``runtime``) and a payload."""

    id: str
    kind: str
    payload: Mapping[str, Any] = field(default_factory=FrozenDict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "payload": FrozenDict.thaw(self.payload)}

    @cached_property
    def as_json(self) -> FrozenDict:
        """The read-only form of :meth:`to_dict`, built once: every result that ran this step shares it."""
        return FrozenDict({"id": self.id, "kind": self.kind, "payload": freeze(self.payload)})


@dataclass(frozen=True)
class WorkflowDefinition:
    """An ordered list of steps with an id, an optional name and metadata."""

    id: str
    steps: Sequence[StepSpec] = ()
    metadata: Mapping[str, Any] | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))


@dataclass
class ExecutionContext:
    """The state a workflow starts from. The engine never modifies it."""

    initial_state: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OrchestrationResult:
    """What running a workflow produced; read-only and JSON-serialisable.

    ``executed_steps`` are snapshots (deep, read-only copies) of the steps that
    ran, the failing one included. ``final_state`` is a read-only ``dict``.
    Results are kept by the ten thousand, so nothing derived is stored on
    them: :attr:`as_json` and :attr:`canonical` are built on each use.
    """

    id: str
    success: bool
    executed_steps: tuple[StepSpec, ...]
    final_state: Mapping[str, Any]
    failed_step_id: str | None = None
    error_message: str | None = None
    lineage: Mapping[str, Any] = field(default_factory=FrozenDict)
    receipt: Mapping[str, Any] = field(default_factory=FrozenDict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "OrchestrationResult":
        """The result whose :meth:`to_dict` is ``data`` (a mission worker's answer)."""
        return cls(
            id=data["id"],
            success=data["success"],
            executed_steps=tuple(StepSpec(s["id"], s["kind"], freeze(s["payload"])) for s in data["executed_steps"]),
            final_state=freeze(data["final_state"]),
            failed_step_id=data["failed_step_id"],
            error_message=data["error_message"],
            lineage=freeze(data["lineage"]),
            receipt=freeze(data["receipt"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """A plain, mutable JSON form; ``canonical_json`` of it is stable."""
        thawed: dict[str, Any] = FrozenDict.thaw(self.as_json)
        return thawed

    @property
    def as_json(self) -> FrozenDict:
        """The read-only form of :meth:`to_dict` (deep; shares the result's values)."""
        return FrozenDict(
            {
                "id": self.id,
                "success": self.success,
                "executed_steps": FrozenList([s.as_json for s in self.executed_steps]),
                "final_state": freeze(self.final_state),
                "failed_step_id": self.failed_step_id,
                "error_message": self.error_message,
                "lineage": freeze(self.lineage),
                "receipt": freeze(self.receipt),
            }
        )

    @property
    def canonical(self) -> str:
        """The canonical JSON text of :meth:`to_dict`."""
        return canonical_json(self.as_json)


# -- runtime operations -------------------------------------------------------

Operation = Callable[[dict[str, Any], Mapping[str, Any]], None]


def _op_noop(state: dict[str, Any], payload: Mapping[str, Any]) -> None:
    return None


def _op_fail(state: dict[str, Any], payload: Mapping[str, Any]) -> None:
    raise StepError(str(payload.get("reason", "operation 'fail'")))


def _op_set(state: dict[str, Any], payload: Mapping[str, Any]) -> None:
    state[payload["key"]] = freeze(payload.get("value"))


def is_number(value: Any) -> bool:
    """True for a JSON number (an int or float, not a boolean)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _op_increment(state: dict[str, Any], payload: Mapping[str, Any]) -> None:
    key = payload["key"]
    current = state.get(key, 0)
    if not is_number(current):
        raise StepError(f"cannot increment '{key}': it holds {describe_type(current)}, not a number")
    total = current + payload.get("by", 1)
    if not number_fits(total):
        raise StepError(f"the sum of '{key}' is too large for a number")
    state[key] = total


def _op_append(state: dict[str, Any], payload: Mapping[str, Any]) -> None:
    key = payload["key"]
    current = state.get(key)
    if current is None:
        current = ()
    if not isinstance(current, (list, tuple)):
        raise StepError(f"cannot append to '{key}': it holds {describe_type(current)}, not a list")
    # A new list: values of the initial state are shared, never changed in place.
    state[key] = FrozenList([*freeze(current), freeze(payload.get("value"))])


def describe_type(value: Any) -> str:
    """How a message names the JSON type of ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if is_number(value):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


@dataclass(frozen=True)
class OperationSpec:
    """A runtime operation and the payload arguments it takes."""

    name: str
    apply: Operation
    required: tuple[str, ...]
    optional: tuple[str, ...]
    summary: str


#: The runtime operations, by name. A runtime step without ``operation`` is a no-op.
OPERATIONS: Mapping[str, OperationSpec] = FrozenDict(
    {
        spec.name: spec
        for spec in (
            OperationSpec("noop", _op_noop, (), (), "does nothing"),
            OperationSpec("fail", _op_fail, (), ("reason",), "halts the workflow with success false and the reason"),
            OperationSpec("set", _op_set, ("key", "value"), (), "sets state[key] to value"),
            OperationSpec("increment", _op_increment, ("key",), ("by",), "adds by (default 1) to the number at state[key] (missing: 0)"),
            OperationSpec("append", _op_append, ("key", "value"), (), "appends value to the list at state[key] (missing: [])"),
        )
    }
)


def operation_problems(
    payload: Mapping[str, Any], operations: Mapping[str, OperationSpec] = OPERATIONS
) -> list[tuple[str | None, str]]:
    """Problems with a runtime step's operation arguments, before it runs.

    Each problem is ``(payload key it is about or None, message)``. A step with
    problems fails when it runs, with the first message as its error.
    ``operations`` are the operations known (the built-in ones by default); the
    arguments of an operation that is not built in are its own to check.
    """
    name = payload.get("operation")
    if name is None:
        return []
    if not isinstance(name, str) or name not in operations:
        known = ", ".join(operations)
        return [("operation", f"unknown operation {canonical_json(name)}; the operations are {known}")]
    spec = operations[name]
    if spec is not OPERATIONS.get(name):
        return []
    problems: list[tuple[str | None, str]] = []
    for arg in spec.required:
        if arg not in payload:
            problems.append((None, f"operation '{name}' needs '{arg}'"))
    if "key" in payload and (not isinstance(payload["key"], str) or not payload["key"]):
        problems.append(("key", f"'key' of operation '{name}' must be non-empty text"))
    if name == "increment" and "by" in payload and not is_number(payload["by"]):
        problems.append(("by", f"'by' of operation 'increment' must be a number, not {describe_type(payload['by'])}"))
    if name == "fail" and "reason" in payload and not isinstance(payload["reason"], str):
        problems.append(("reason", "'reason' of operation 'fail' must be text"))
    return problems


class StepObserver(Protocol):
    """Watches workflows run (see :func:`observing`): the step trace and the debugger are observers.

    ``state`` is the workflow's state as it is at that moment: an observer
    reads it, and copies what it keeps, since the next step may change it.
    It never changes a result: the engine gives it nothing to change.
    """

    def begin(self, workflow: "WorkflowDefinition", state: Mapping[str, Any]) -> None:
        """``workflow`` passed the engine's rules and starts from ``state``."""

    def before_step(self, index: int, step: "StepSpec", state: Mapping[str, Any]) -> None:
        """Step ``index`` (0-based) is about to run on ``state``."""

    def after_step(self, index: int, step: "StepSpec", state: Mapping[str, Any], error: str | None) -> None:
        """Step ``index`` ran; ``error`` is the failed runtime step's message (the workflow halts), else None."""

    def end(self, result: "OrchestrationResult") -> None:
        """The workflow finished with ``result``."""


_OBSERVER: ContextVar[StepObserver | None] = ContextVar("scenario_core_step_observer", default=None)


@contextmanager
def observing(observer: StepObserver) -> Iterator[StepObserver]:
    """Every workflow run in this block, on this thread (or task), tells ``observer`` what its steps do."""
    token = _OBSERVER.set(observer)
    try:
        yield observer
    finally:
        _OBSERVER.reset(token)


class Orchestrator:
    """Runs workflows. Stateless: one instance may run any number of them.

    ``operations`` are the runtime operations its steps may use: the built-in
    ones by default; a mission worker adds the project's own.
    """

    def __init__(self, operations: Mapping[str, OperationSpec] = OPERATIONS) -> None:
        self.operations = operations

    def run_workflow(self, workflow: WorkflowDefinition, ctx: ExecutionContext) -> OrchestrationResult:
        """Run ``workflow`` from a copy of ``ctx.initial_state``.

        Raises :class:`AntiFailureViolation` or :class:`EnvelopeViolation`
        before any step runs when the workflow breaks the engine's limits.
        """
        check_workflow(workflow)
        observer = _OBSERVER.get()
        # Operations replace top-level values and never change one in place,
        # so a shallow copy keeps ctx.initial_state untouched.
        state = dict(ctx.initial_state)
        if observer is not None:
            observer.begin(workflow, state)
        executed: list[StepSpec] = []
        failed_step_id: str | None = None
        error_message: str | None = None
        for index, step in enumerate(workflow.steps):
            payload = freeze(step.payload or FrozenDict())
            # A step whose payload is already frozen is its own snapshot.
            executed.append(step if payload is step.payload else StepSpec(step.id, step.kind, payload))
            if observer is not None:
                observer.before_step(index, executed[-1], state)
            if step.kind != "runtime":
                if observer is not None:
                    observer.after_step(index, executed[-1], state, None)
                continue
            try:
                problems = operation_problems(payload, self.operations)
                if problems:
                    raise StepError(problems[0][1])
                self.operations[payload.get("operation", "noop")].apply(state, payload)
            except StepError as err:
                failed_step_id = step.id
                error_message = f"step '{step.id}' failed: {err}"
            if observer is not None:
                observer.after_step(index, executed[-1], state, error_message)
            if failed_step_id is not None:
                break
        step_ids = [s.id for s in executed]
        success = failed_step_id is None
        result = OrchestrationResult(
            id=workflow.id,
            success=success,
            executed_steps=tuple(executed),
            final_state=freeze(state),
            failed_step_id=failed_step_id,
            error_message=error_message,
            lineage=_lineage(workflow.id, tuple(step_ids)),
            receipt=_receipt(workflow.id, len(workflow.steps), len(executed), success),
        )
        if observer is not None:
            observer.end(result)
        return result


# Every run of a workflow that gets as far has the same lineage and receipt:
# results share them (they are read-only) instead of holding a copy each.


@lru_cache(maxsize=4096)
def _lineage(workflow_id: str, step_ids: tuple[str, ...]) -> FrozenDict:
    return FrozenDict({"workflow_id": workflow_id, "executed_step_ids": step_ids})


@lru_cache(maxsize=4096)
def _receipt(workflow_id: str, planned: int, executed: int, success: bool) -> FrozenDict:
    return FrozenDict({"workflow_id": workflow_id, "steps_planned": planned, "steps_executed": executed, "success": success})


def check_workflow(workflow: WorkflowDefinition) -> None:
    """Raise the violation ``workflow`` commits, if any (see the module doc)."""
    for step in workflow.steps:
        if step.kind not in STEP_KINDS:
            raise EnvelopeViolation(
                f"step '{step.id}' has kind '{step.kind}'; the engine runs only human and runtime steps"
            )
    if len(workflow.steps) > MAX_STEPS:
        raise AntiFailureViolation(
            f"workflow '{workflow.id}' has {len(workflow.steps)} steps; at most {MAX_STEPS} are allowed"
        )
    humans = sum(1 for s in workflow.steps if s.kind == "human")
    if humans > MAX_HUMAN_STEPS:
        raise AntiFailureViolation(
            f"workflow '{workflow.id}' has {humans} human steps; at most {MAX_HUMAN_STEPS} are allowed"
        )
