"""What each step of a workflow did: its status, and the changes it made to the state.

A :class:`StepRecorder` is the engine's observer (:func:`~.engine.observing`)
while a mission call runs: for every workflow the call runs it keeps a
:class:`WorkflowTrace`, one :class:`StepRecord` per step of the workflow,
those that never ran included (``not_reached``). A step's ``changes`` are
where the state after it differs from the state before it, as dot paths
(``cart.0.qty``), shortest first, compared as canonical JSON (``1`` to
``1.0`` is a change): a key added or removed is one change at its own path,
whatever it holds; a value whose type changed (a list becoming a mapping)
is one change at its path.

Recording reads the state and copies what it keeps; it changes nothing, so a
traced run gives the very results, and hashes, of an untraced one. Runs are
deterministic, so a trace recorded once is the trace of every run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from .engine import OrchestrationResult, StepSpec, WorkflowDefinition
from .frozen import FrozenDict, freeze
from .jsondiff import Change, differences

__all__ = ["StepRecord", "StepRecorder", "StepStatus", "WorkflowTrace", "state_changes"]

#: ``ok`` (a runtime step applied its operation), ``approved`` (a human step),
#: ``failed`` (a runtime step whose operation failed: the workflow halted there),
#: ``not_reached`` (a step after the one that failed).
StepStatus = Literal["ok", "approved", "failed", "not_reached"]


@dataclass(frozen=True)
class StepRecord:
    """One step of a workflow run: what it is, how it ended, and what it changed."""

    index: int  # 0-based, in the workflow
    id: str
    kind: str
    operation: str | None  # a runtime step's payload.operation; None for a human step or a runtime step without one
    status: StepStatus
    changes: tuple[Change, ...] = ()
    error: str | None = None  # the failed step's message
    before: Mapping[str, Any] | None = field(default=None, compare=False)  # the state it ran on (kept with keep_states)
    after: Mapping[str, Any] | None = field(default=None, compare=False)  # the state it left (kept with keep_states)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "id": self.id,
            "kind": self.kind,
            "operation": self.operation,
            "status": self.status,
            "changes": [change_to_dict(c) for c in self.changes],
            "error": self.error,
        }


@dataclass(frozen=True)
class WorkflowTrace:
    """A workflow's steps as they ran, from its initial state to its final one."""

    workflow_id: str
    steps: tuple[StepRecord, ...]
    initial_state: Mapping[str, Any]
    final_state: Mapping[str, Any]


def change_to_dict(change: Change) -> dict[str, Any]:
    """``{"path", "before", "after"}``: ``before`` left out for a key added, ``after`` for one removed."""
    out: dict[str, Any] = {"path": change.path}
    if change.kind != "added":
        out["before"] = FrozenDict.thaw(change.old)
    if change.kind != "removed":
        out["after"] = FrozenDict.thaw(change.new)
    return out


def state_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[Change, ...]:
    """Where ``after`` differs from ``before``, as canonical JSON, shortest path first.

    Top-level values that are the very same object are not compared: the
    engine's operations replace a top-level value rather than change it, so
    only what a step touched is walked.
    """
    found: list[Change] = []
    for key in before.keys() | after.keys():
        if key not in after:
            found.append(Change(str(key), "removed", old=before[key]))
        elif key not in before:
            found.append(Change(str(key), "added", new=after[key]))
        elif before[key] is not after[key]:
            found.extend(differences(before[key], after[key], str(key), strict=True))
    return tuple(sorted(found, key=lambda c: (c.path.count("."), c.path)))


class StepRecorder:
    """Records every workflow run while it observes (see :func:`~.engine.observing`).

    With ``keep_states`` each step keeps the state it ran on (for a view of
    the state before and after each step); otherwise only the changes.
    """

    def __init__(self, keep_states: bool = False) -> None:
        self.keep_states = keep_states
        self.traces: list[WorkflowTrace] = []
        self._workflow: WorkflowDefinition | None = None
        self._initial: Mapping[str, Any] = FrozenDict()
        self._before: Mapping[str, Any] = FrozenDict()
        self._steps: list[StepRecord] = []

    @property
    def current(self) -> tuple[StepRecord, ...]:
        """The steps of the workflow running now that have run so far (the debugger shows them as its result so far)."""
        return tuple(self._steps)

    def begin(self, workflow: WorkflowDefinition, state: Mapping[str, Any]) -> None:
        self._workflow = workflow
        self._initial = self._before = freeze(dict(state))
        self._steps = []

    def before_step(self, index: int, step: StepSpec, state: Mapping[str, Any]) -> None:
        # The state after the previous step (or the initial state) is what this step runs on.
        return None

    def after_step(self, index: int, step: StepSpec, state: Mapping[str, Any], error: str | None) -> None:
        after = freeze(dict(state))
        operation = step.payload.get("operation") if step.kind == "runtime" else None
        status: StepStatus = "failed" if error is not None else "approved" if step.kind == "human" else "ok"
        self._steps.append(
            StepRecord(
                index,
                step.id,
                step.kind,
                operation if isinstance(operation, str) else None,
                status,
                state_changes(self._before, after),
                error,
                self._before if self.keep_states else None,
                after if self.keep_states else None,
            )
        )
        self._before = after

    def end(self, result: OrchestrationResult) -> None:
        workflow = self._workflow
        if workflow is None:  # pragma: no cover - the engine always begins first
            return
        for index in range(len(self._steps), len(workflow.steps)):
            step = workflow.steps[index]
            operation = step.payload.get("operation") if step.kind == "runtime" and step.payload else None
            self._steps.append(StepRecord(index, step.id, step.kind, operation if isinstance(operation, str) else None, "not_reached"))
        self.traces.append(WorkflowTrace(workflow.id, tuple(self._steps), self._initial, freeze(dict(result.final_state))))
        self._workflow = None
