"""The YAML places where a run may stop inside a mission call, seen by the engine's observer.

A mission call runs one workflow or more; inside one, a *place* is before a
step runs (``failed`` False) or right after a runtime step failed (``failed``
True: the workflow halts there). :class:`PlaceObserver` is the engine's
observer (:func:`~scenario_core.orchestration.engine.observing`) that finds
them, in the debug worker for the calls that run there and in the adapter
for the others: at each place it asks ``could_stop`` (a question about the
place alone, answered without waiting on anyone) and either hands the place,
with what a stop shows, to ``stop`` (which returns when the run may go on,
or raises to abandon the call), or notes it as passed. It records every step
as the step trace does (:class:`~scenario_core.orchestration.trace.StepRecorder`),
so a stop shows the steps run so far and what each changed.

Everything a place carries is JSON: a value that is not (a user's object in
the state) shows as its ``repr``. Nothing here changes a result.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, TypedDict

from scenario_core.orchestration.engine import OrchestrationResult, StepSpec, WorkflowDefinition
from scenario_core.orchestration.hashing import number_fits
from scenario_core.orchestration.trace import StepRecorder

__all__ = ["Ask", "PassedPlace", "PlaceObserver", "StepPlace", "json_value", "slot_of"]


class Ask(TypedDict):
    """At which places of a call the run asks whether to stop (the adapter says; the debug worker obeys).

    ``all``: at every place (stepping, pausing, a re-run to a place);
    ``steps``: before these steps of the call's first workflow (their lines
    hold breakpoints); ``failed``: after a failed step (the exception filter
    is on); ``trace``: run the project's Python code under the debugger (a
    Python breakpoint or step is active), else untraced, at full speed.
    """

    all: bool
    steps: list[int]
    failed: bool
    trace: bool


class PassedPlace(TypedDict):
    """A place as the run passed it, without its values: the history that stepping back walks."""

    w: int  # which workflow of the call (0 first)
    i: int  # the step's index in it
    failed: bool
    id: str  # the step's id
    kind: str  # human | runtime


class StepPlace(PassedPlace):
    """A place with what a stop there shows."""

    workflow: str  # the workflow's id
    payload: Any
    state: Any  # before the step; after it, for a failed step
    error: str | None  # a failed step's message
    steps: list[dict[str, Any]]  # the steps run so far, as the step trace records them


def slot_of(place: PassedPlace) -> tuple[int, int]:
    """Where ``place`` comes in its call, in run order."""
    return (place["w"], 2 * place["i"] + (1 if place["failed"] else 0))


class PlaceObserver:
    """The engine's observer for one mission call under the debugger (see the module doc)."""

    def __init__(
        self,
        could_stop: Callable[[PassedPlace], bool],
        stop: Callable[[StepPlace], None],
        passed: Callable[[PassedPlace], None],
    ) -> None:
        self.could_stop = could_stop
        self.stop = stop
        self.passed = passed
        self.recorder = StepRecorder()
        self.workflows = -1
        self._workflow = ""

    def begin(self, workflow: WorkflowDefinition, state: Mapping[str, Any]) -> None:
        self.workflows += 1
        self._workflow = workflow.id
        self.recorder.begin(workflow, state)

    def before_step(self, index: int, step: StepSpec, state: Mapping[str, Any]) -> None:
        self._at(PassedPlace(w=self.workflows, i=index, failed=False, id=step.id, kind=step.kind), step, state, None)
        self.recorder.before_step(index, step, state)

    def after_step(self, index: int, step: StepSpec, state: Mapping[str, Any], error: str | None) -> None:
        self.recorder.after_step(index, step, state, error)
        if error is not None:
            self._at(PassedPlace(w=self.workflows, i=index, failed=True, id=step.id, kind=step.kind), step, state, error)

    def end(self, result: OrchestrationResult) -> None:
        self.recorder.end(result)

    def _at(self, place: PassedPlace, step: StepSpec, state: Mapping[str, Any], error: str | None) -> None:
        if not self.could_stop(place):
            self.passed(place)
            return
        self.stop(
            StepPlace(
                **place,
                workflow=self._workflow,
                payload=json_value(step.payload),
                state=json_value(state),
                error=error,
                steps=[json_value(record.to_dict()) for record in self.recorder.current],
            )
        )


def json_value(value: Any) -> Any:
    """``value`` as plain JSON: read-only containers thawed, a leaf JSON cannot hold written as its ``repr``."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, float)):
        return value if number_fits(value) else repr(value)
    if isinstance(value, Mapping):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    return repr(value)
