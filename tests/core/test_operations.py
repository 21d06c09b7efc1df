"""Runtime operations: what each does to the state, and how each fails."""
from __future__ import annotations

import pytest

from scenario_core.orchestration.engine import ExecutionContext, Orchestrator, StepSpec, WorkflowDefinition


def run_steps(*payloads: dict, state: dict | None = None):
    steps = [StepSpec(f"s{i}", "runtime", p) for i, p in enumerate(payloads)]
    return Orchestrator().run_workflow(WorkflowDefinition("w", steps), ExecutionContext(state or {}))


def test_set_stores_the_value_under_key():
    result = run_steps({"operation": "set", "key": "k", "value": {"a": [1]}})
    assert result.final_state == {"k": {"a": (1,)}}
    assert result.to_dict()["final_state"] == {"k": {"a": [1]}}


def test_increment_adds_by_and_starts_from_zero():
    result = run_steps({"operation": "increment", "key": "n"}, {"operation": "increment", "key": "n", "by": 2.5})
    assert result.final_state == {"n": 3.5}


def test_increment_of_text_fails_the_step():
    result = run_steps({"operation": "increment", "key": "n"}, state={"n": "x"})
    assert (result.success, result.failed_step_id) == (False, "s0")
    assert result.error_message == "step 's0' failed: cannot increment 'n': it holds text, not a number"


def test_append_adds_to_a_list_and_starts_from_empty():
    result = run_steps({"operation": "append", "key": "l", "value": 1}, {"operation": "append", "key": "l", "value": 2})
    assert result.to_dict()["final_state"] == {"l": [1, 2]}


def test_append_to_a_mapping_fails_the_step():
    result = run_steps({"operation": "append", "key": "l", "value": 1}, state={"l": {}})
    assert result.error_message == "step 's0' failed: cannot append to 'l': it holds a mapping, not a list"


def test_noop_and_no_operation_change_nothing():
    result = run_steps({"operation": "noop"}, {"note": "free-form payload"}, state={"x": 1})
    assert result.success and result.final_state == {"x": 1}


def test_fail_halts_with_its_reason():
    result = run_steps({"operation": "fail", "reason": "boom"}, {"operation": "set", "key": "k", "value": 1})
    assert [s.id for s in result.executed_steps] == ["s0"]
    assert result.error_message == "step 's0' failed: boom"
    assert result.final_state == {}


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"operation": "set", "value": 1}, "operation 'set' needs 'key'"),
        ({"operation": "set", "key": "", "value": 1}, "'key' of operation 'set' must be non-empty text"),
        ({"operation": "append", "key": "k"}, "operation 'append' needs 'value'"),
        ({"operation": "increment", "key": "k", "by": True}, "'by' of operation 'increment' must be a number, not a boolean"),
        ({"operation": "fail", "reason": 3}, "'reason' of operation 'fail' must be text"),
        ({"operation": "teleport"}, 'unknown operation "teleport"; the operations are noop, fail, set, increment, append'),
    ],
)
def test_bad_arguments_fail_the_step_with_a_clear_message(payload, message):
    result = run_steps(payload)
    assert result.error_message == f"step 's0' failed: {message}"


def test_the_initial_state_is_never_modified():
    state = {"l": [1]}
    run_steps({"operation": "append", "key": "l", "value": 2}, state=state)
    assert state == {"l": [1]}


def test_results_are_read_only():
    result = run_steps({"operation": "set", "key": "k", "value": 1})
    with pytest.raises(TypeError):
        result.final_state["k"] = 2  # type: ignore[index]
    with pytest.raises(TypeError):
        result.lineage.update({})  # type: ignore[attr-defined]
