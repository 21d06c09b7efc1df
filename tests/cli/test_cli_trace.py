"""`scenario trace`: what every step of each mission call did, on the command line."""
from __future__ import annotations

import json
import os
import subprocess

from helpers import EXAMPLES
from test_cli import SCENARIO, scenario


def test_each_step_is_one_line_with_its_changes_under_it():
    out = scenario("trace", "examples/own_missions.scenario.yaml", "--scenario", "first_order")
    assert out.returncode == 0, out.stderr
    file = "examples/own_missions.scenario.yaml"
    assert out.stdout.splitlines() == [
        f"{file}:26: scenario first_order",
        f"  ship_order (call 1, {file}:29): passed",
        f"    1. review  human                    approved    {file}:7",
        f"    2. mark    runtime set              ok          {file}:10",
        "         shipped: + true",
        f"    3. count   runtime increment        ok          {file}:13",
        "         shipments: 0 → 1",
        f"    4. log     runtime append           ok          {file}:16",
        '         history.1: + "shipped"',
        "",
    ]


def test_a_failed_step_says_why_and_the_steps_after_it_were_not_reached(tmp_path):
    path = tmp_path / "halts.scenario.yaml"
    path.write_text(
        "suite: s\nmissions:\n  halts:\n    steps:\n"
        "      - {id: stop, kind: runtime, payload: {operation: fail, reason: card declined}}\n"
        "      - {id: never, kind: runtime, payload: {operation: set, key: b, value: 2}}\n"
        "scenarios:\n  - {name: one, missions: [halts]}\n"
    )
    out = scenario("trace", str(path), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1:] == [
        f"  halts (call 1, {path.as_posix()}:8): failed",
        f"    1. stop   runtime fail             failed      {path.as_posix()}:5",
        "         step 'stop' failed: card declined",
        f"    2. never  runtime set              not_reached {path.as_posix()}:6",
        "",
    ]


def test_a_python_missions_steps_show_the_lines_that_built_them_and_what_each_changed():
    out = scenario("trace", "examples/checkout/failing.scenario.yaml", "--scenario", "return_one_bag")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[1] == "  return_items (call 1, examples/checkout/failing.scenario.yaml:27): passed"
    refund = lines.index(next(line for line in lines if ". refund " in line))
    assert lines[refund].endswith("examples/checkout/checkout/missions.py:74")
    assert lines[refund + 1 : refund + 6] == [
        "         refunds_cents: + [1620]",
        "         order.refunded_cents: 0 → 1620",
        '         order.status: "placed" → "partly_refunded"',
        "         stock.BEANS-1KG: 3 → 4",
        "         order.returned.BEANS-1KG: + 1",
    ]


def test_states_shows_the_state_before_and_after_each_step():
    out = scenario("trace", "examples/passing.scenario.yaml", "--scenario", "baseline", "--mission", "daily_loop", "--states")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    work = lines.index("    2. work    runtime increment        ok")
    assert lines[work + 1 : work + 4] == [
        "         counter: 0 → 1",
        '         state before: {"counter": 0, "message": "ping"}',
        '         state after:  {"counter": 1, "message": "ping"}',
    ]


def test_the_json_is_the_documented_shape():
    out = scenario("trace", "examples/own_missions.scenario.yaml", "--mission", "reject_order", "--format", "json")
    assert out.returncode == 0, out.stderr
    document = json.loads(out.stdout)
    assert document["format"] == "scenario-harness-trace/1"
    [file] = document["files"]
    assert file["path"] == "examples/own_missions.scenario.yaml"
    [rejected] = file["scenarios"]
    assert rejected["name"] == "out_of_stock"
    assert rejected["calls"] == [
        {
            "mission": "reject_order",
            "index": 0,
            "line": 32,
            "success": False,
            "error": None,
            "steps": [
                {
                    "id": "check",
                    "kind": "runtime",
                    "operation": "fail",
                    "status": "failed",
                    "defined_at": {"path": str(EXAMPLES / "own_missions.scenario.yaml"), "line": 22},
                    "operation_at": None,
                    "changes": [],
                    "error": "step 'check' failed: out of stock",
                }
            ],
        }
    ]


def test_a_changed_key_has_before_and_after_an_added_one_only_after():
    out = scenario("trace", "examples/own_missions.scenario.yaml", "--scenario", "first_order", "--format", "json")
    steps = json.loads(out.stdout)["files"][0]["scenarios"][0]["calls"][0]["steps"]
    assert [s["changes"] for s in steps] == [[], [{"path": "shipped", "after": True}], [{"path": "shipments", "before": 0, "after": 1}], [{"path": "history.1", "after": "shipped"}]]


def test_the_json_is_the_same_bytes_whatever_the_hash_seed():
    outputs = {
        subprocess.run(
            [*SCENARIO, "trace", "examples/checkout/passing.scenario.yaml", "--format", "json"],
            capture_output=True, text=True, cwd=EXAMPLES.parent, env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "2")
    }
    assert len(outputs) == 1 and json.loads(outputs.pop())["files"]


def test_nothing_to_trace_is_an_error():
    missing = scenario("trace", "examples/nothing-here.scenario.yaml")
    assert missing.returncode == 2
    assert missing.stderr == "scenario: error: no such file or directory: examples/nothing-here.scenario.yaml\n"
    unmatched = scenario("trace", "examples/passing.scenario.yaml", "--scenario", "nope")
    assert unmatched.returncode == 2
    assert unmatched.stderr == "scenario: error: no mission call matches --scenario nope\n"


def test_a_failing_run_ends_with_how_to_see_the_trace_of_what_failed(tmp_path):
    path = tmp_path / "f.scenario.yaml"
    path.write_text(
        "suite: s\nscenarios:\n  - {name: my day, missions: [daily_loop]}\n"
        "expectations:\n  - {id: e, scenario: my day, mission: daily_loop, path: final_state.counter, op: eq, expected: 5}\n"
    )
    out = scenario("run", "f.scenario.yaml", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stdout.splitlines()[-1] == "what each step did: scenario trace f.scenario.yaml --scenario 'my day'"


def test_run_with_trace_puts_each_scenarios_trace_in_the_json_and_changes_no_hash():
    plain = json.loads(scenario("run", "examples/checkout/passing.scenario.yaml", "--format", "json").stdout)
    traced = json.loads(scenario("run", "examples/checkout/passing.scenario.yaml", "--format", "json", "--trace").stdout)
    [plain_file], [traced_file] = plain["files"], traced["files"]
    assert traced_file["test_run_hash"] == plain_file["test_run_hash"]
    assert [s["scenario_hash"] for s in traced_file["scenarios"]] == [s["scenario_hash"] for s in plain_file["scenarios"]]
    assert all("trace" not in s for s in plain_file["scenarios"])
    alone = json.loads(scenario("trace", "examples/checkout/passing.scenario.yaml", "--format", "json").stdout)["files"][0]["scenarios"]
    assert [s["trace"] for s in traced_file["scenarios"]] == [s["calls"] for s in alone]


def test_trace_is_for_the_json_output():
    out = scenario("run", "examples/passing.scenario.yaml", "--trace")
    assert out.returncode == 2
    assert out.stderr == "scenario: error: --trace adds each call's trace to the JSON output: use it with --format json\n"
