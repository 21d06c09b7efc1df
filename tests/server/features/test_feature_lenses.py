"""Code lenses, in process: titles exactly as in docs/server-contract.md, on the lines they belong to."""
from __future__ import annotations

import pytest
from checked_documents import ENCODINGS, FAILING, OWN_MISSIONS, PASSING, URI, WIDE, checked, span_of
from lsp_session import span
from lsprotocol import types

from scenario_core.checking.pipeline import check
from scenario_core.source.positions import Encoding
from scenario_lsp.documents.reports import verdict_title
from scenario_lsp.features.lenses import code_lenses


def shown(found: list[types.CodeLens]) -> list[tuple]:
    return [(lens.range.start.line, lens.command.title, lens.command.command, lens.command.arguments) for lens in found]


def run_scenario(line: int, title: str, scenario: str) -> tuple:
    return (line, title, "scenario.runScenario", [{"uri": URI, "scenario": scenario}])


def trace(line: int, scenario: str, mission: str, call: int, title: str = "Trace") -> tuple:
    return (line, title, "scenario.showTrace", [{"uri": URI, "scenario": scenario, "mission": mission, "call": call}])


def without_traces(found: list[types.CodeLens]) -> list[types.CodeLens]:
    return [lens for lens in found if lens.command.command != "scenario.showTrace"]


def test_a_passing_suite_shows_its_verdict_hashes_and_run_lenses():
    report = check(PASSING)
    run_hash = report.test_run_hash
    baseline, busy = (s.scenario_hash for s in report.scenarios)
    assert shown(code_lenses(checked(PASSING), 12)) == [
        (1, "✓ 5/5 passed", "scenario.runSuite", [{"uri": URI}]),
        (1, f"test_run {run_hash[:12]}", "scenario.copyHash", [{"hash": run_hash, "label": "test_run_hash"}]),
        run_scenario(3, "▶ Run scenario", "baseline"),
        (3, f"scenario_hash {baseline[:12]}", "scenario.copyHash", [{"hash": baseline, "label": "scenario_hash"}]),
        trace(6, "baseline", "daily_loop", 0),
        trace(7, "baseline", "echo", 1),
        run_scenario(9, "▶ Run scenario", "busy_day"),
        (9, f"scenario_hash {busy[:12]}", "scenario.copyHash", [{"hash": busy, "label": "scenario_hash"}]),
        trace(12, "busy_day", "daily_loop", 0),
        run_scenario(14, "✓ passed", "baseline"),
        run_scenario(20, "✓ passed", "baseline"),
        run_scenario(26, "✓ passed", "baseline"),
        run_scenario(32, "✓ passed", "baseline"),
        run_scenario(38, "✓ passed", "busy_day"),
    ]


def test_a_suite_with_its_own_missions_shows_one_lens_per_expectation():
    titles = [(line, title) for line, title, _, _ in shown(without_traces(code_lenses(checked(OWN_MISSIONS), 12)))]
    assert titles[0] == (1, "✓ 5/5 passed")
    assert titles[6:] == [(33, "✓ passed"), (39, "✓ passed"), (45, "✓ passed"), (51, "✓ passed"), (57, "✓ passed")]


def test_each_failed_expectation_shows_the_message_of_its_finding():
    expectation_lenses = shown(without_traces(code_lenses(checked(FAILING), 12)))[8:]
    assert expectation_lenses == [
        run_scenario(38, "✗ expected false, got true", "baseline"),
        run_scenario(
            44,
            "✗ path 'final_state.count' not found: 'count' is not in final_state, which has counter, message",
            "baseline",
        ),
        run_scenario(49, '✗ cannot compare text with a number: expected more than 10, got "ping"', "baseline"),
        (
            55,
            "✗ expectation 'ghost_scenario' names scenario 'baselin', which this file does not have; did you mean 'baseline'?",
            "scenario.runSuite",
            [{"uri": URI}],
        ),
        run_scenario(61, "✗ scenario 'baseline' does not call mission 'ship_order'; it calls daily_loop, echo", "baseline"),
    ]


def test_a_suite_with_input_errors_shows_a_failed_verdict_over_its_expectations():
    assert verdict_title(checked(FAILING)) == "✗ 0/5 passed"


def test_an_expectation_on_a_missing_scenario_runs_the_suite():
    text = PASSING.replace("scenario: busy_day", "scenario: busy_dy")
    [ghost] = [lens for lens in code_lenses(checked(text), 12) if lens.range.start.line == 38]
    assert ghost.command.title == (
        "✗ expectation 'busy_counter_grows' names scenario 'busy_dy', which this file does not have; did you mean 'busy_day'?"
    )
    assert (ghost.command.command, ghost.command.arguments) == ("scenario.runSuite", [{"uri": URI}])


def test_a_file_that_is_not_yaml_has_no_lenses():
    assert code_lenses(checked("suite: s\nscenarios: [\n"), 12) == []


def test_a_file_whose_scenarios_cannot_run_still_shows_its_verdict_and_run_lenses():
    text = "suite: s\nscenarios:\n  - name: a\n    missions: [daily_lop]\n"
    assert [(line, title) for line, title, _, _ in shown(code_lenses(checked(text), 8))] == [
        (0, "✗ 0/0 passed"),
        (0, f"test_run {check(text).test_run_hash[:8]}"),
        (2, "▶ Run scenario"),
        (2, f"scenario_hash {check(text).scenarios[0].scenario_hash[:8]}"),
        (3, "Trace"),
    ]


def test_an_expectation_on_a_duplicate_scenario_is_judged_by_the_last_definition():
    # Only the second "a" calls echo: the expectation passes because the last definition wins.
    text = (
        "suite: s\nscenarios:\n  - name: a\n    missions: [daily_loop]\n  - name: a\n    missions: [echo]\n"
        "expectations:\n  - id: e\n    scenario: a\n    mission: echo\n    path: success\n    op: eq\n    expected: true\n"
    )
    lenses = shown(code_lenses(checked(text), 8))
    assert lenses[0][1] == "✓ 1/1 passed"
    assert [(line, title) for line, title, _, _ in lenses[2:]] == [
        (2, "▶ Run scenario"),
        (2, f"scenario_hash {check(text).scenarios[0].scenario_hash[:8]}"),
        (4, "▶ Run scenario"),
        (4, f"scenario_hash {check(text).scenarios[1].scenario_hash[:8]}"),
        (5, "Trace"),
        (7, "✓ passed"),
    ]


def test_hash_lenses_show_as_many_characters_as_hash_length_and_copy_the_full_hash():
    full = check(PASSING).test_run_hash
    [_, hash_lens, *_] = code_lenses(checked(PASSING), 5)
    assert (hash_lens.command.title, hash_lens.command.arguments) == (
        f"test_run {full[:5]}",
        [{"hash": full, "label": "test_run_hash"}],
    )


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_lenses_after_an_emoji_cover_their_names_in_the_negotiated_encoding(encoding: Encoding):
    lenses = code_lenses(checked(WIDE, encoding), 12)
    assert [span(lens.range) for lens in lenses] == [
        span_of(WIDE, "wide", encoding),
        span_of(WIDE, "wide", encoding),
        span_of(WIDE, '"😀"', encoding),
        span_of(WIDE, '"😀"', encoding),
        span_of(WIDE, "daily_lop", encoding),
        span_of(WIDE, "echo", encoding),
        span_of(WIDE, "plain", encoding),
        span_of(WIDE, "plain", encoding),
        span_of(WIDE, "echo", encoding, after="plain"),
        span_of(WIDE, "echo_fails", encoding),
    ]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_an_expectation_lens_after_an_emoji_lands_on_the_column_each_encoding_counts(encoding: Encoding):
    [*_, expectation] = code_lenses(checked(WIDE, encoding), 12)
    assert span(expectation.range) == {"utf-8": (5, 82, 5, 92), "utf-16": (5, 80, 5, 90), "utf-32": (5, 79, 5, 89)}[encoding]



# -- Trace ----------------------------------------------------------------------------------


def test_each_call_of_a_scenario_has_a_trace_lens_naming_that_call():
    traces = [lens for lens in shown(code_lenses(checked(OWN_MISSIONS), 12)) if lens[2] == "scenario.showTrace"]
    assert traces == [trace(28, "first_order", "ship_order", 0), trace(31, "out_of_stock", "reject_order", 0)]


def test_calls_that_share_a_line_have_trace_lenses_that_name_their_missions():
    titles = [title for _, title, command, _ in shown(code_lenses(checked(WIDE), 12)) if command == "scenario.showTrace"]
    assert titles == ["Trace daily_lop", "Trace echo", "Trace"]


def test_a_shadowed_scenario_has_no_trace_lens_since_a_target_names_the_scenario_that_runs():
    text = "suite: s\nscenarios:\n  - name: a\n    missions: [daily_loop]\n  - name: a\n    missions: [echo, echo]\n"
    assert [lens for lens in shown(code_lenses(checked(text), 8)) if lens[2] == "scenario.showTrace"] == [
        (5, "Trace echo", "scenario.showTrace", [{"uri": URI, "scenario": "a", "mission": "echo", "call": 0}]),
        (5, "Trace echo", "scenario.showTrace", [{"uri": URI, "scenario": "a", "mission": "echo", "call": 1}]),
    ]


def test_a_client_that_debugs_gets_a_debug_scenario_lens_beside_each_run_scenario():
    found = shown(code_lenses(checked(PASSING), 12, debug=True))
    assert [lens for lens in found if lens[1] in ("▶ Run scenario", "Debug scenario")] == [
        run_scenario(3, "▶ Run scenario", "baseline"),
        (3, "Debug scenario", "scenario.debugScenario", [{"uri": URI, "scenario": "baseline"}]),
        run_scenario(9, "▶ Run scenario", "busy_day"),
        (9, "Debug scenario", "scenario.debugScenario", [{"uri": URI, "scenario": "busy_day"}]),
    ]


def test_without_the_debug_lens_setting_no_lens_offers_to_debug():
    assert all(lens.command.command != "scenario.debugScenario" for lens in code_lenses(checked(PASSING), 12))
