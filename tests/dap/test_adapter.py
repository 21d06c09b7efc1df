"""scenario-dap over stdio, request by request, on the shop project (tests/dap/shop).

Each test is one debug session, driven as an editor drives it: initialize,
launch, breakpoints, configurationDone, then what the user does. Lines are
found by their text, so the files can change without the tests lying.
"""
from __future__ import annotations

from pathlib import Path

from client import DapClient
from dap_helpers import launch, line_of, scenario_run, scenario_run_text


def files(shop: Path) -> tuple[Path, Path, Path]:
    return shop / "debug.scenario.yaml", shop / "shop" / "missions.py", shop / "shop" / "orders.missions.yaml"


# -- stopping at YAML places --------------------------------------------------------------------


def test_a_breakpoint_on_a_step_line_stops_before_that_step_with_the_scenario_the_call_and_the_step_on_the_stack(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    sell = line_of(program, "- id: sell")
    dap.start(launch(program), {program: [{"line": sell}]})
    assert dap.breakpoints[program] == [{"id": 1, "verified": True, "line": sell, "source": {"path": str(program)}}]
    assert dap.stopped()["reason"] == "breakpoint"
    assert [(f["name"], Path(f["source"]["path"]).name, f["line"]) for f in dap.frames()] == [
        ("step sell (reserve)", "debug.scenario.yaml", sell),
        ("restock_and_sell (call 1)", "debug.scenario.yaml", line_of(program, "- restock_and_sell")),
        ("scenario mugs", "debug.scenario.yaml", line_of(program, "- name: mugs")),
    ]


def test_the_state_scope_shows_the_state_before_the_step_and_the_payload_and_result_so_far_beside_it(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: count")}]})
    dap.stopped()
    assert dap.scope_value("State") == {"sales": 0, "stock": {"MUG": 1, "BOX": 2}}
    assert dap.scope_value("Payload") == {"operation": "increment", "key": "sales"}
    result = dap.scope_value("Result")
    assert [(s["id"], s["status"]) for s in result["steps"]] == [("restock", "ok"), ("sell", "ok")]
    assert result["steps"][1]["changes"] == [{"path": "stock.MUG", "before": 3, "after": 1}]
    assert dap.scope_value("Params", frame=1) == {}
    assert dap.scope_value("Initial state", frame=2) == {"sales": 0, "stock": {"MUG": 1, "BOX": 1}}


def test_evaluate_takes_a_dot_path_and_says_what_is_there_when_it_leads_nowhere(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: sell")}]})
    dap.stopped()
    assert dap.evaluate("state.stock.MUG")["body"] == {"result": "3", "variablesReference": 0}
    stock = dap.evaluate("state.stock")["body"]
    assert stock["result"] == '{"MUG": 3, "BOX": 2}' and stock["variablesReference"] > 0
    missing = dap.evaluate("state.stock.TEA")
    assert not missing["success"] and missing["message"] == "state.stock has no 'TEA'; it has BOX, MUG"
    assert dap.evaluate("sales", context="hover")["body"]["result"] == "0"  # the word under the mouse: a key of the state


def test_a_breakpoint_on_a_call_line_stops_before_the_call_and_on_a_step_of_a_library_in_every_call_that_runs_it(dap: DapClient, shop: Path):
    program, _, library = files(shop)
    ship_call = line_of(program, "- ship")
    mark = line_of(library, "- id: mark")
    dap.start(launch(program), {program: [{"line": ship_call}], library: [{"line": mark}]})
    dap.stopped()
    assert dap.top() == ("debug.scenario.yaml", ship_call, "ship (call 3)")
    dap.resume("continue")
    assert dap.top() == ("orders.missions.yaml", mark, "step mark (set)")
    assert dap.scope_value("State") == {"sales": 0, "stock": {"MUG": 1, "BOX": 0}}


def test_a_breakpoint_on_a_line_that_is_no_place_is_not_verified_and_says_why(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    suite_line = line_of(program, "suite:")
    dap.start(launch(program), {program: [{"line": suite_line}]})
    [shown] = dap.breakpoints[program]
    assert shown["verified"] is False
    assert shown["message"] == "not a mission call, a step of a YAML mission or an expectation: a breakpoint stops on those lines"
    dap.end()


def test_an_expectation_breakpoint_stops_with_actual_expected_and_the_result_it_reads(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: sold_twice")}]})
    dap.stopped()
    assert dap.top()[2] == "expectation sold_twice"
    assert dap.scope_value("Actual") == {"final_state.sales": 1}
    assert dap.scope_value("Expected") == {"expected": 2}
    assert dap.scope_value("Result")["final_state"] == {"sales": 1, "stock": {"MUG": 1, "BOX": 2}}


# -- conditions, hit counts, log points ---------------------------------------------------------


def test_a_condition_on_the_state_stops_only_where_it_holds(dap: DapClient, shop: Path):
    program, _, library = files(shop)
    # reserve runs in sell (MUG 3 -> 1) and in pack (BOX 1 -> 0); only the state before pack has a MUG below 2
    dap.start(launch(program), {library: [{"line": line_of(library, "- id: pack"), "condition": "state.stock.MUG < 2"}], program: [{"line": line_of(program, "- id: sell"), "condition": "state.stock.MUG < 2"}]})
    dap.stopped()
    assert dap.top()[2] == "step pack (reserve)"
    assert dap.scope_value("State")["stock"] == {"MUG": 1, "BOX": 1}


def test_a_hit_count_stops_at_the_nth_visit_of_the_line(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    # the mugs scenario calls three missions: the call lines are visited in that order
    dap.start(launch(program), {program: [{"line": line_of(program, "- daily_loop")}, {"line": line_of(program, "- id: restock"), "hitCondition": "1"}]})
    dap.stopped()
    assert dap.top()[2] == "step restock (set)"
    dap.resume("continue")
    assert dap.top()[2] == "daily_loop (call 1)"  # restock is visited once only: "1" stopped there and nowhere else


def test_a_log_point_prints_its_message_with_values_and_does_not_stop(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: count"), "logMessage": "sales {state.sales}, mugs {state.stock.MUG}"}]})
    logged = dap.event("output", where=lambda m: "sales " in m["body"]["output"])
    assert logged["body"] == {"category": "console", "output": "sales 0, mugs 1\n"}
    assert "scenario_hash" in dap.end()["output"]


# -- stepping at the YAML level -----------------------------------------------------------------


def test_next_goes_from_step_to_step_and_from_the_last_step_to_the_next_call(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: sell")}]})
    dap.stopped()
    assert dap.resume("next")["reason"] == "step"
    assert dap.top()[2] == "step count (increment)"
    dap.resume("next")
    assert dap.top()[2] == "order (call 2)"


def test_stop_on_entry_stops_at_the_first_place_of_the_run(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program, stopOnEntry=True))
    assert dap.stopped()["reason"] == "entry"
    assert dap.top()[2] == "restock_and_sell (call 1)"
    assert dap.resume("stepIn")["reason"] == "step"
    assert dap.top()[2] == "step restock (set)"
    dap.resume("stepOut")
    assert dap.top()[2] == "order (call 2)"


# -- Python --------------------------------------------------------------------------------------


def test_yaml_and_python_breakpoints_stop_in_one_session(dap: DapClient, shop: Path):
    program, missions, _ = files(shop)
    sell, written = line_of(program, "- id: sell"), line_of(missions, "# stock written")
    dap.start(launch(program), {program: [{"line": sell}], missions: [{"line": written}]})
    dap.stopped()
    assert dap.top() == ("debug.scenario.yaml", sell, "step sell (reserve)")
    stop = dap.resume("continue")
    assert stop["reason"] == "breakpoint" and stop["hitBreakpointIds"] == [dap.breakpoints[missions][0]["id"]]
    assert [(f["name"], Path(f["source"]["path"]).name, f["line"]) for f in dap.frames()][:3] == [
        ("reserve", "missions.py", written),
        ("step sell (reserve)", "debug.scenario.yaml", sell),
        ("restock_and_sell (call 1)", "debug.scenario.yaml", line_of(program, "- restock_and_sell")),
    ]
    verified = dap.event("breakpoint", where=lambda m: m["body"]["breakpoint"]["id"] == dap.breakpoints[missions][0]["id"])
    assert verified["body"]["breakpoint"]["verified"] is True


def test_step_in_from_a_step_with_a_python_operation_stops_at_its_first_line_with_its_locals(dap: DapClient, shop: Path):
    program, missions, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: sell")}]})
    dap.stopped()
    assert dap.resume("stepIn")["reason"] == "step"
    assert dap.top() == ("missions.py", line_of(missions, "# first line of reserve's body"), "reserve")
    frame = dap.frames()[0]["id"]
    scopes = dap.scopes(frame)
    local = dap.variables(scopes["Locals"])
    assert local["sku"]["value"] == "'MUG'" and local["qty"]["value"] == "2"
    assert dap.evaluate('state["stock"]', frame=0, context="repl")["body"]["result"] == "{'MUG': 3, 'BOX': 2}"


def test_step_out_of_the_python_operation_stops_at_the_next_yaml_step_with_the_state_it_left(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: sell")}]})
    dap.stopped()
    dap.resume("stepIn")
    assert dap.resume("stepOut")["reason"] == "step"
    assert dap.top()[2] == "step count (increment)"
    assert dap.scope_value("State")["stock"] == {"MUG": 1, "BOX": 2}


def test_step_in_at_a_python_mission_call_stops_in_the_mission(dap: DapClient, shop: Path):
    program, missions, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- name: order")}]})
    dap.stopped()
    assert dap.top()[2] == "order (call 2)"
    dap.resume("stepIn")
    assert dap.top() == ("missions.py", line_of(missions, "# first line of order's body"), "order")


def test_next_in_python_goes_line_by_line_and_out_of_the_operation_to_the_next_yaml_place(dap: DapClient, shop: Path):
    program, missions, _ = files(shop)
    written = line_of(missions, "# stock written")
    dap.start(launch(program), {missions: [{"line": written}]})
    dap.stopped()
    dap.resume("next")
    assert dap.top() == ("missions.py", written + 1, "reserve")
    dap.resume("next")  # the last line: the operation returns to our code, which pydevd hides
    assert dap.top()[2] == "step count (increment)"


# -- going back ----------------------------------------------------------------------------------


def test_step_back_shows_the_state_of_the_step_before_value_for_value_as_first_recorded(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: restock")}]})
    dap.stopped()
    first = {"restock": _stop_values(dap)}
    dap.resume("next")
    first["sell"] = _stop_values(dap)
    dap.resume("next")
    assert dap.top()[2] == "step count (increment)"
    assert dap.resume("stepBack")["reason"] == "step"
    assert dap.top()[2] == "step sell (reserve)"
    assert _stop_values(dap) == first["sell"]
    dap.resume("stepBack")
    assert _stop_values(dap) == first["restock"]


def _stop_values(dap: DapClient) -> dict[str, object]:
    return {name: dap.scope_value(name) for name in ("State", "Payload", "Result")}


def test_step_back_from_python_code_returns_to_its_step_before_it_ran(dap: DapClient, shop: Path):
    program, missions, _ = files(shop)
    dap.start(launch(program), {missions: [{"line": line_of(missions, "# stock written")}]})
    dap.stopped()
    dap.resume("stepBack")
    assert dap.top()[2] == "step sell (reserve)"
    assert dap.scope_value("State")["stock"] == {"MUG": 3, "BOX": 2}
    stop = dap.resume("continue")  # the Python breakpoint is back in place
    assert stop["reason"] == "breakpoint" and dap.top()[0] == "missions.py"


def test_step_back_across_calls_and_at_the_first_place_says_there_is_nothing_before(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- name: order")}]})
    dap.stopped()
    dap.resume("stepBack")
    assert dap.top()[2] == "step count (increment)"  # the last place of the call before
    dap.ok("setBreakpoints", {"source": {"path": str(program)}, "breakpoints": []})
    for _ in range(3):  # sell, restock, the call
        dap.resume("stepBack")
    assert dap.top()[2] == "restock_and_sell (call 1)"
    refused = dap.request("stepBack", {"threadId": 1})
    assert not refused["success"] and refused["message"] == "this is the first place of the run: there is nothing before it"


def test_reverse_continue_goes_back_to_the_latest_place_a_breakpoint_stopped_at(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: sell")}, {"line": line_of(program, "- daily_loop")}]})
    dap.stopped()
    dap.resume("continue")
    assert dap.top()[2] == "daily_loop (call 1)"
    assert dap.resume("reverseContinue")["reason"] == "step"
    assert dap.top()[2] == "step sell (reserve)"
    assert dap.scope_value("State")["stock"] == {"MUG": 3, "BOX": 2}


# -- the verdict ---------------------------------------------------------------------------------


def test_the_end_of_the_session_prints_the_verdict_and_hashes_of_scenario_run(dap: DapClient, shop: Path):
    program, missions, _ = files(shop)
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: sell")}], missions: [{"line": line_of(missions, "# stock written")}]})
    dap.stopped()
    dap.resume("stepIn")
    dap.resume("stepBack")
    dap.ok("setBreakpoints", {"source": {"path": str(program)}, "breakpoints": []})
    dap.ok("setBreakpoints", {"source": {"path": str(missions)}, "breakpoints": []})
    output = dap.finish()
    expected = scenario_run(program)
    assert output["data"]["scenario_hashes"] == {s["name"]: s["scenario_hash"] for s in expected["scenarios"]}
    assert output["data"]["test_run_hash"] == expected["test_run_hash"]
    assert output["data"]["same_as_check"] is True


def test_the_verdict_text_is_the_one_scenario_run_prints(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program))
    output = dap.end()
    printed = scenario_run_text(program)
    assert output["output"].startswith(printed)
    assert dap.event("exited")["body"] == {"exitCode": 1}  # scenario run's exit status: an expectation failed


# -- one scenario ---------------------------------------------------------------------------------


def test_a_launch_naming_a_scenario_runs_that_scenario_only_and_prints_scenario_runs_verdict_of_the_file(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.start(launch(program, scenario="plain"), {program: [{"line": line_of(program, "- id: sell")}, {"line": line_of(program, "- daily_loop")}]})
    dap.stopped()
    assert dap.top()[2] == "daily_loop (call 1)"  # the breakpoint in mugs, the scenario before, was never reached
    assert dap.frames()[-1]["name"] == "scenario plain"
    output = dap.finish()
    expected = scenario_run(program)
    assert output["data"]["scenario_hashes"] == {"plain": next(s["scenario_hash"] for s in expected["scenarios"] if s["name"] == "plain")}
    assert output["data"]["test_run_hash"] == expected["test_run_hash"]
    assert output["data"]["same_as_check"] is True


def test_a_launch_naming_a_scenario_the_file_does_not_have_is_refused_with_the_names_it_has(dap: DapClient, shop: Path):
    program, _, _ = files(shop)
    dap.ok("initialize", {"adapterID": "scenario"})
    refused = dap.request("launch", launch(program, scenario="cups"))
    assert not refused["success"]
    assert refused["message"] == "debug.scenario.yaml has no scenario named 'cups'; its scenarios are mugs, plain"
