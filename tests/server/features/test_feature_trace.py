"""Step traces in the editor, in process: which calls a target names, the answer of ``scenario/trace``,
the hover on a call and on a step, and a failed expectation's stack in the SuiteReport.

Traces are made as the server makes them (:func:`make_traces`, the calls run
again); the feature functions are called as a handler would call them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from checked_documents import FAILING, OWN_MISSIONS, checked, checked_file
from lsp_session import EXAMPLES, position
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from scenario_core.checking.pipeline import check
from scenario_core.checking.traces import CallTrace, StepTrace
from scenario_core.orchestration.trace import StepRecord
from scenario_core.orchestration.jsondiff import Change
from scenario_core.python.missions import PythonProjects
from scenario_lsp.documents.checks import CheckedDocument
from scenario_lsp.documents.reports import suite_report
from scenario_lsp.documents.traces import calls_of, in_worker, key_of, make_traces
from scenario_lsp.features.hover import hover, traces_wanted
from scenario_lsp.features.trace import trace_report, trace_target
from scenario_lsp.protocol.contract import TraceTarget
from scenario_lsp.protocol.convert import PositionConverter

OWN = EXAMPLES / "own_missions.scenario.yaml"


def traced(checked_document: CheckedDocument, scenario: str, mission: str | None = None, call: int | None = None, states: bool = False) -> dict:
    """The answer of ``scenario/trace`` for a target, its calls traced as the server traces them."""
    calls = calls_of(checked_document.report, scenario, mission, call)
    assert calls is not None
    return trace_report(checked_document, scenario, calls, make_traces(checked_document.report, None, calls, states), states)


def hovered(checked_document: CheckedDocument, at: types.Position, markdown: bool = True) -> str | None:
    """The hover at ``at`` with the traces it wants made."""
    traces = make_traces(checked_document.report, None, traces_wanted(checked_document, at), False)
    found = hover(checked_document, at, markdown, traces)
    return found.contents.value if found is not None else None


# -- which calls a target names -------------------------------------------------------------------------


TWO_CALLS = """\
suite: s
scenarios:
  - name: a
    initial_state: {counter: 0, message: hi}
    missions: [daily_loop, echo, daily_loop]
  - name: a
    missions: [echo, daily_loop]
"""


def names(found: list | None) -> list[tuple[str, int]] | None:
    return None if found is None else [(scenario.calls[index].name, index) for scenario, index in found]


def test_a_target_names_every_call_of_the_last_scenario_of_its_name():
    assert names(calls_of(check(TWO_CALLS), "a")) == [("echo", 0), ("daily_loop", 1)]


def test_a_target_with_a_mission_names_only_the_calls_of_that_mission():
    report = check(TWO_CALLS.replace("  - name: a\n    missions: [echo, daily_loop]\n", ""))
    assert names(calls_of(report, "a", mission="daily_loop")) == [("daily_loop", 0), ("daily_loop", 2)]


def test_a_target_with_a_call_names_that_call_only_if_it_calls_the_mission_named_too():
    report = check(TWO_CALLS)
    assert names(calls_of(report, "a", call=1)) == [("daily_loop", 1)]
    assert names(calls_of(report, "a", mission="echo", call=1)) == []
    assert names(calls_of(report, "a", call=7)) == []


def test_a_target_naming_a_scenario_the_file_does_not_have_names_nothing():
    assert calls_of(check(TWO_CALLS), "b") is None


def test_the_calls_traced_in_the_worker_are_those_the_check_ran_there(tmp_path: Path):
    from scenario_core.checking._calls import runs_in_worker

    root = tmp_path / "checkout"
    shutil.copytree(EXAMPLES / "checkout", root, ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "mixed.scenario.yaml"
    path.write_text(
        "suite: mixed\nmissions:\n  own:\n    steps: [{id: s, kind: runtime, payload: {operation: reserve_stock, lines: []}}]\n"
        "  plain:\n    steps: [{id: s, kind: runtime, payload: {operation: set, key: k, value: 1}}]\n"
        "scenarios:\n  - name: a\n    initial_state: {stock: {}}\n"
        "    missions: [daily_loop, own, plain, {name: place_order, params: {cart: []}}]\n"
    )
    projects = PythonProjects()
    try:
        report = check(path.read_text(), path=path, python=projects.for_file(path))
    finally:
        projects.close()
    calls = [(o.definition, i) for o in report.scenarios for i in range(len(o.definition.calls))]
    assert [in_worker(report, c) for c in calls] == [runs_in_worker(c[0].calls[c[1]].name, report.missions, report.catalog) for c in calls]
    assert [in_worker(report, c) for c in calls] == [False, True, False, True]
    assert not any(in_worker(check(OWN_MISSIONS), c) for c in calls_of(check(OWN_MISSIONS), "first_order"))


# -- scenario/trace ---------------------------------------------------------------------------------------


def test_the_trace_of_a_call_is_each_step_with_its_place_status_and_changes():
    document = checked_file(OWN)
    here = str(OWN)
    assert traced(document, "first_order") == {
        "uri": OWN.as_uri(),
        "path": here,
        "scenario": "first_order",
        "calls": [
            {
                "mission": "ship_order",
                "index": 0,
                "line": 29,
                "success": True,
                "error": None,
                "steps": [
                    {"id": "review", "kind": "human", "operation": None, "status": "approved", "defined_at": {"path": here, "line": 7},
                     "operation_at": None, "changes": [], "error": None},
                    {"id": "mark", "kind": "runtime", "operation": "set", "status": "ok", "defined_at": {"path": here, "line": 10},
                     "operation_at": None, "changes": [{"path": "shipped", "after": True}], "error": None},
                    {"id": "count", "kind": "runtime", "operation": "increment", "status": "ok", "defined_at": {"path": here, "line": 13},
                     "operation_at": None, "changes": [{"path": "shipments", "before": 0, "after": 1}], "error": None},
                    {"id": "log", "kind": "runtime", "operation": "append", "status": "ok", "defined_at": {"path": here, "line": 16},
                     "operation_at": None, "changes": [{"path": "history.1", "after": "shipped"}], "error": None},
                ],
            }
        ],
    }


def test_a_failed_step_has_its_error_and_no_step_after_it_ran():
    [call] = traced(checked_file(OWN), "out_of_stock")["calls"]
    assert (call["success"], [(s["id"], s["status"], s["error"]) for s in call["steps"]]) == (
        False,
        [("check", "failed", "step 'check' failed: out of stock")],
    )


def test_with_states_each_step_gives_the_state_before_and_after_it():
    [call] = traced(checked_file(OWN), "first_order", states=True)["calls"]
    assert [(s["id"], s["state_before"], s["state_after"]) for s in call["steps"]] == [
        ("review", {"shipments": 0, "history": ["created"]}, {"shipments": 0, "history": ["created"]}),
        ("mark", {"shipments": 0, "history": ["created"]}, {"shipments": 0, "history": ["created"], "shipped": True}),
        ("count", {"shipments": 0, "history": ["created"], "shipped": True}, {"shipments": 1, "history": ["created"], "shipped": True}),
        ("log", {"shipments": 1, "history": ["created"], "shipped": True}, {"shipments": 1, "history": ["created", "shipped"], "shipped": True}),
    ]


def test_a_built_in_missions_steps_are_defined_nowhere_the_user_can_open():
    [loop, echo] = traced(checked(FAILING), "baseline")["calls"]
    assert [(s["id"], s["defined_at"]) for s in loop["steps"]] == [("plan", None), ("work", None), ("review", None)]
    assert loop["steps"][1]["changes"] == [{"path": "counter", "before": 0, "after": 1}]
    assert (echo["mission"], echo["index"], echo["line"]) == ("echo", 1, 28)


def test_a_document_that_is_not_a_file_has_no_path_and_its_steps_are_placed_in_it():
    answer = traced(checked(OWN_MISSIONS, uri="untitled:Untitled-1"), "first_order")
    assert (answer["uri"], answer["path"]) == ("untitled:Untitled-1", None)
    assert answer["calls"][0]["steps"][0]["defined_at"] == {"path": None, "line": 7}


def test_the_params_of_a_trace_request_are_read_whole_and_checked():
    assert trace_target({"uri": "file:///a", "scenario": "s", "call": 2, "states": True}) == TraceTarget("file:///a", "s", None, 2, True)
    with pytest.raises(JsonRpcInvalidParams, match="needs 'scenario'"):
        trace_target({"uri": "file:///a"})
    with pytest.raises(JsonRpcInvalidParams, match="'call' must be int"):
        trace_target({"uri": "file:///a", "scenario": "s", "call": True})
    with pytest.raises(JsonRpcInvalidParams, match="takes no 'scenarios'"):
        trace_target({"uri": "file:///a", "scenario": "s", "scenarios": []})


# -- hover --------------------------------------------------------------------------------------------------


def test_hover_on_a_call_shows_its_mission_then_its_trace_as_a_table():
    document = checked_file(OWN)
    assert hovered(document, position(OWN_MISSIONS, "ship_order", 2, after="scenarios:")) == (
        "mission `ship_order`: Review the order, then mark it shipped\n"
        "1. `review` (human) `{\"description\":\"Review the order\"}`\n"
        "2. `mark` (runtime) `{\"key\":\"shipped\",\"operation\":\"set\",\"value\":true}`\n"
        "3. `count` (runtime) `{\"key\":\"shipments\",\"operation\":\"increment\"}`\n"
        "4. `log` (runtime) `{\"key\":\"history\",\"operation\":\"append\",\"value\":\"shipped\"}`\n"
        "\n"
        "trace of this call: ✓ succeeded\n"
        "\n"
        "| step | status | changes |\n"
        "|---|---|---|\n"
        "| `review` | approved | — |\n"
        "| `mark` | ok | `shipped: + true` |\n"
        "| `count` | ok | `shipments: 0 → 1` |\n"
        "| `log` | ok | `history.1: + \"shipped\"` |"
    )


def test_hover_on_a_call_for_a_plain_text_client_aligns_the_table_in_columns():
    text = hovered(checked_file(OWN), position(OWN_MISSIONS, "ship_order", 2, after="scenarios:"), markdown=False)
    assert text.split("\n\n")[-2:] == [
        "trace of this call: ✓ succeeded",
        "step    status    changes\n"
        "review  approved  —\n"
        "mark    ok        shipped: + true\n"
        "count   ok        shipments: 0 → 1\n"
        'log     ok        history.1: + "shipped"',
    ]


def test_hover_on_a_built_in_missions_call_shows_its_trace_after_its_description():
    text = hovered(checked(FAILING), position(FAILING, "daily_loop", 2, after="scenarios:"))
    assert text.split("\n\n", 1)[1] == (
        "trace of this call: ✓ succeeded\n\n| step | status | changes |\n|---|---|---|\n"
        "| `plan` | ok | — |\n| `work` | ok | `counter: 0 → 1` |\n| `review` | approved | — |"
    )


def test_hover_on_a_call_whose_trace_is_not_made_yet_says_so():
    document = checked_file(OWN)
    found = hover(document, position(OWN_MISSIONS, "ship_order", 2, after="scenarios:"), True, {})
    assert found.contents.value.endswith("\n\ntrace: still being made (hover again in a moment)")


def test_hover_on_a_call_of_an_unknown_mission_shows_why_it_has_no_trace():
    text = "suite: s\nscenarios:\n  - name: a\n    missions: [daily_lop]\n"
    assert hovered(checked(text), position(text, "daily_lop", 1)) == "trace of this call: it gave no result: unknown mission 'daily_lop'"


def long_trace(document: CheckedDocument) -> CallTrace:
    """A call of 14 steps, each changing 4 keys: more than a hover shows."""
    scenario, index = calls_of(document.report, "baseline", call=0)[0]
    steps = tuple(
        StepTrace(
            StepRecord(i, f"s{i}", "runtime", "set", "ok", tuple(Change(f"k{i}.{j}", "changed", j, j + 1) for j in range(4))),
            None,
        )
        for i in range(14)
    )
    return CallTrace(scenario, index, None, None, steps, None)


def test_hover_shows_at_most_a_screenful_of_a_long_trace_then_counts_what_it_left_out():
    document = checked(FAILING)
    trace = long_trace(document)
    text = hover(document, position(FAILING, "daily_loop", 2, after="scenarios:"), True, {key_of((trace.scenario, 0)): trace}).contents.value
    rows = [line for line in text.splitlines() if line.startswith("| `s")]
    assert len(rows) == 12
    assert rows[0] == "| `s0` | ok | `k0.0: 0 → 1`; `k0.1: 1 → 2`; `k0.2: 2 → 3`; +1 more |"
    assert text.endswith("\n\n… 2 more steps, 20 changes not shown (the Trace lens shows every step)")


def test_hover_on_a_step_shows_what_it_did_in_the_calls_of_the_file():
    document = checked_file(OWN)
    assert hovered(document, position(OWN_MISSIONS, "id: count", 4)) == (
        "step `count` (runtime, `increment`) of mission `ship_order`, in the calls of this file:\n"
        "- `first_order` call 1 (line 29): ok — `shipments: 0 → 1`"
    )


MANY_CALLS = """\
suite: s
missions:
  bump:
    steps:
      - {id: up, kind: runtime, payload: {operation: increment, key: n}}
      - {id: stop, kind: runtime, payload: {operation: fail, reason: enough}}
scenarios:
""" + "".join(f"  - name: s{i}\n    initial_state: {{n: {i}}}\n    missions: [bump]\n" for i in range(5))


def test_hover_on_a_step_shows_the_first_calls_then_counts_the_others():
    assert hovered(checked(MANY_CALLS), position(MANY_CALLS, "id: up", 4)) == (
        "step `up` (runtime, `increment`) of mission `bump`, in the calls of this file:\n"
        "- `s0` call 1 (line 10): ok — `n: 0 → 1`\n"
        "- `s1` call 1 (line 13): ok — `n: 1 → 2`\n"
        "- `s2` call 1 (line 16): ok — `n: 2 → 3`\n"
        "… and 2 more calls"
    )
    assert hovered(checked(MANY_CALLS), position(MANY_CALLS, "id: stop", 4)).splitlines()[1] == (
        "- `s0` call 1 (line 10): failed: step 'stop' failed: enough"
    )


def test_hover_on_a_step_no_call_runs_says_so():
    text = MANY_CALLS.split("scenarios:")[0] + "scenarios:\n  - name: idle\n    missions: [echo]\n"
    assert hovered(checked(text), position(text, "id: up", 4)) == "step `up` (runtime, `increment`) of mission `bump`: no call of this file runs it"


# -- a failed expectation's stack -------------------------------------------------------------------------------


def frames(document: CheckedDocument, expectation: str) -> list[tuple[str, str, int]]:
    [found] = [e for e in suite_report(document)["expectations"] if e["id"] == expectation]
    return [(f["label"], f["uri"].rsplit("/", 1)[-1], f["range"]["start"]["line"]) for f in found["stack"]]


def test_a_passed_expectation_has_no_stack():
    assert {len(e["stack"]) for e in suite_report(checked_file(OWN))["expectations"]} == {0}


def test_the_stack_of_a_failed_comparison_ends_at_the_step_that_wrote_the_value(tmp_path: Path):
    path = tmp_path / "own.scenario.yaml"
    path.write_text(OWN_MISSIONS.replace("expected: [created, shipped]", "expected: [created]"))
    assert frames(checked_file(path), "history_grows") == [
        ("expectation 'history_grows'", "own.scenario.yaml", 39),
        ("scenario 'first_order'", "own.scenario.yaml", 25),
        ("call 1: ship_order", "own.scenario.yaml", 28),
        ("step 'log' wrote history.1", "own.scenario.yaml", 15),
    ]


def test_the_stack_of_a_value_no_step_wrote_ends_at_the_initial_state(tmp_path: Path):
    path = tmp_path / "own.scenario.yaml"
    path.write_text(OWN_MISSIONS.replace("initial_state: {shipments: 0, history: [created]}", "initial_state: {shipments: 0, history: [created], kept: 2}")
                    .replace("path: final_state.shipments", "path: final_state.kept"))
    assert frames(checked_file(path), "one_shipment")[-1] == ("initial_state (no step wrote final_state.kept)", "own.scenario.yaml", 26)


def test_the_stack_of_a_value_a_library_step_wrote_opens_the_library(tmp_path: Path):
    shutil.copytree(Path(__file__).resolve().parents[2] / "editors" / "libraries", tmp_path / "p")
    path = tmp_path / "p" / "checkout.scenario.yaml"
    path.write_text(path.read_text().replace("expected: true", "expected: false"))
    assert frames(checked_file(path), "shipped")[-1] == ("step 'mark' wrote shipped", "shipping.missions.yaml", 6)


def test_the_stack_of_a_value_a_python_operation_wrote_ends_at_its_def(tmp_path: Path):
    root = tmp_path / "checkout"
    shutil.copytree(EXAMPLES / "checkout", root, ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "failing.scenario.yaml"
    projects = PythonProjects()
    try:
        report = check(path.read_text(), path=path, python=projects.for_file(path))
    finally:
        projects.close()
    document = CheckedDocument(path.as_uri(), 1, report, PositionConverter(report.lines, "utf-16"))
    missions = (root / "checkout" / "missions.py").read_text().splitlines()
    built = next(i for i, line in enumerate(missions) if 'StepSpec("refund"' in line)
    refund = next(i for i, line in enumerate(missions) if line.startswith("def refund("))
    assert frames(document, "full_price_back")[2:] == [
        ("call 1: return_items", "failing.scenario.yaml", 26),
        ("step 'refund' wrote refunds_cents", "missions.py", built),
        ("operation 'refund'", "missions.py", refund),
    ]
