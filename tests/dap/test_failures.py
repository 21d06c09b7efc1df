"""scenario-dap's exception filters, and the verdict of a run that fails in each way a call can fail."""
from __future__ import annotations

from pathlib import Path

from client import DapClient
from dap_helpers import launch, line_of, scenario_run


def test_the_failed_step_filter_stops_after_the_step_fails_with_its_message_and_the_state_it_left(dap: DapClient, shop: Path):
    program = shop / "failures.scenario.yaml"
    dap.start(launch(program), filters=["failed_step"])
    stop = dap.stopped()
    assert stop["reason"] == "exception"
    assert stop["description"] == "step 'sell_four' failed: only 3 of MUG left"
    assert dap.top() == ("failures.scenario.yaml", line_of(program, "- id: sell_four"), "step sell_four (reserve) failed")
    info = dap.ok("exceptionInfo", {"threadId": 1})
    assert (info["exceptionId"], info["description"], info["breakMode"]) == ("failed_step", "step 'sell_four' failed: only 3 of MUG left", "always")
    assert dap.scope_value("State") == {"stock": {"MUG": 3}}
    assert [(s["id"], s["status"], s["error"]) for s in dap.scope_value("Result")["steps"]] == [
        ("sell_four", "failed", "step 'sell_four' failed: only 3 of MUG left")
    ]


def test_the_mission_error_filter_stops_at_the_call_with_the_python_line_that_raised_on_top(dap: DapClient, shop: Path):
    program, missions = shop / "failures.scenario.yaml", shop / "shop" / "missions.py"
    dap.start(launch(program), filters=["mission_error"])
    stop = dap.stopped()
    assert stop["reason"] == "exception"
    assert stop["description"].startswith("broken (call 2) gave no result: mission_error: LookupError: no such catalogue at missions.py:")
    frames = [(f["name"], Path(f["source"]["path"]).name, f["line"]) for f in dap.frames()]
    assert frames == [
        ("mission_error: LookupError: no such catalogue", "missions.py", line_of(missions, "# broken raises")),
        ("broken (call 2)", "failures.scenario.yaml", line_of(program, "- broken")),
        ("scenario failures", "failures.scenario.yaml", line_of(program, "- name: failures")),
    ]
    error = dap.scope_value("Error")
    assert (error["code"], error["message"], error["line"]) == ("mission_error", "LookupError: no such catalogue", line_of(missions, "# broken raises"))
    assert 'raise LookupError("no such catalogue")' in error["traceback"]
    info = dap.ok("exceptionInfo", {"threadId": 1})
    assert info["exceptionId"] == "mission_error" and "raise LookupError" in info["details"]["stackTrace"]


def test_the_determinism_guard_refuses_the_clock_under_the_debugger_as_in_a_run(dap: DapClient, shop: Path):
    program, missions = shop / "failures.scenario.yaml", shop / "shop" / "missions.py"
    # A Python breakpoint elsewhere: the project's code runs under pydevd, and the guard still refuses.
    dap.start(launch(program), {missions: [{"line": line_of(missions, "# broken raises")}]}, filters=["mission_error"])
    dap.stopped()  # the breakpoint in broken
    dap.resume("continue")  # broken's error
    assert dap.resume("continue")["description"].startswith("clocked (call 3) gave no result: nondeterministic: datetime.datetime.now()")


def test_the_failed_expectation_filter_stops_at_the_expectation_with_actual_and_expected(dap: DapClient, shop: Path):
    program = shop / "failures.scenario.yaml"
    dap.start(launch(program), filters=["failed_expectation"])
    stop = dap.stopped()
    assert stop["description"] == "expectation two_left_after_the_order failed (eq_mismatch): expected 2, got 1"
    assert dap.top()[2] == "expectation two_left_after_the_order"
    assert (dap.scope_value("Actual"), dap.scope_value("Expected")) == ({"final_state.stock.MUG": 1}, {"expected": 2})
    assert dap.ok("exceptionInfo", {"threadId": 1})["exceptionId"] == "failed_expectation"


def test_with_no_filter_a_failing_run_goes_to_the_end_and_gives_the_hashes_and_exit_status_of_scenario_run(dap: DapClient, shop: Path):
    program = shop / "failures.scenario.yaml"
    dap.start(launch(program), filters=[])
    output = dap.end()
    expected = scenario_run(program)
    assert output["data"]["scenario_hashes"] == {s["name"]: s["scenario_hash"] for s in expected["scenarios"]}
    assert output["data"]["test_run_hash"] == expected["test_run_hash"]
    assert output["data"]["exit_status"] == 2  # a mission error makes the file invalid
    assert "error mission_error: mission 'broken' raised LookupError: no such catalogue" in output["output"]


def test_what_the_debug_console_evaluates_while_stopped_in_python_is_not_refused_and_changes_no_hash(dap: DapClient, shop: Path, tmp_path: Path):
    program, missions = shop / "failures.scenario.yaml", shop / "shop" / "missions.py"
    written = tmp_path / "written-from-the-console"
    dap.start(launch(program), {missions: [{"line": line_of(missions, "# stock written")}]}, filters=[])
    dap.stopped()
    answer = dap.evaluate(f"open({str(written)!r}, 'w').write('x')", context="repl")
    assert answer["success"] and answer["body"]["result"] == "1"
    assert written.read_text() == "x"
    dap.ok("setBreakpoints", {"source": {"path": str(missions)}, "breakpoints": []})
    output = dap.finish()
    expected = scenario_run(program)
    assert output["data"]["test_run_hash"] == expected["test_run_hash"]
    assert "values were evaluated in the debug console during this run" in output["output"]
