"""Every finding: its code, the exact range a user sees, and its message."""
from __future__ import annotations

from helpers import findings, one, run, span

BASE = """
suite: s
scenarios:
  - name: base
    initial_state: {counter: 0, message: ping}
    missions:
      - daily_loop
      - name: echo
        params: {payload_key: message}
"""


def with_expectation(*lines: str) -> str:
    return BASE + "expectations:\n  - id: e\n" + "".join(f"    {line}\n" for line in lines)


# -- structure ----------------------------------------------------------------


def test_missing_required_key_is_reported_on_the_first_line_of_its_mapping():
    report = run("""
        suite: s
        scenarios:
          - initial_state: {}
            missions: [echo]
        """)
    finding = one(report, "missing_key")
    assert finding.message == "scenario 1 needs 'name'"
    assert span(finding) == (2, 4, 2, 17)
    assert finding.data["key"] == "name"


def test_wrong_type_is_reported_at_the_value():
    report = run("""
        suite: s
        scenarios:
          - name: a
            initial_state: [1, 2]
        """)
    finding = one(report, "wrong_type")
    assert finding.message == "'initial_state' of scenario 1 must be a mapping, not a list"
    assert span(finding) == (3, 19, 3, 25)


def test_unknown_key_is_reported_at_the_key_with_the_known_keys():
    report = run("""
        suite: s
        scenarios:
          - name: a
            initial_sate: {}
        """)
    finding = one(report, "unknown_key")
    assert finding.message == "unknown key 'initial_sate' in scenario 1; the keys are name, initial_state, missions, clock, snapshot"
    assert span(finding) == (3, 4, 3, 16)


def test_unknown_op_is_reported_at_the_op():
    report = run(with_expectation("scenario: base", "mission: echo", "path: success", "op: equals", "expected: true"))
    finding = one(report, "unknown_op")
    assert finding.message == "unknown op 'equals'; the ops are eq, ne, gt, lt, exists"
    assert span(finding) == (13, 8, 13, 14)


def test_expected_is_required_unless_op_is_exists():
    report = run(with_expectation("scenario: base", "mission: echo", "path: success", "op: eq"))
    assert one(report, "missing_key").message == "expectation 'e' with op 'eq' needs 'expected'"


def test_empty_name_is_an_invalid_value():
    report = run("""
        suite: s
        scenarios:
          - name: ''
        """)
    finding = one(report, "invalid_value")
    assert finding.message == "'name' of scenario 1 must not be empty"
    assert span(finding) == (2, 10, 2, 12)


def test_file_local_mission_called_with_params_is_an_invalid_value():
    report = run("""
        suite: s
        missions:
          m:
            steps: [{id: a, kind: runtime}]
        scenarios:
          - name: a
            missions:
              - {name: m, params: {x: 1}}
        """)
    assert one(report, "invalid_value").message == "mission 'm' is defined in this file and takes no params"


# -- operations ---------------------------------------------------------------


def mission_with(payload: str) -> str:
    return f"""
        suite: s
        missions:
          m:
            steps:
              - id: st
                kind: runtime
                payload: {payload}
        scenarios:
          - name: a
            missions: [m]
        """


def test_unknown_operation_is_reported_at_the_operation():
    report = run(mission_with("{operation: explode}"))
    finding = one(report, "invalid_operation")
    assert finding.message == (
        "step 'st': unknown operation \"explode\"; the operations are noop, fail, set, increment, append"
    )
    assert span(finding) == (6, 29, 6, 36)


def test_set_without_key_is_reported_at_the_payload():
    report = run(mission_with("{operation: set, value: 1}"))
    finding = one(report, "invalid_operation")
    assert finding.message == "step 'st': operation 'set' needs 'key'"
    assert span(finding) == (6, 17, 6, 43)


def test_increment_by_text_is_reported_at_by():
    report = run(mission_with("{operation: increment, key: n, by: two}"))
    finding = one(report, "invalid_operation")
    assert finding.message == "step 'st': 'by' of operation 'increment' must be a number, not text"
    assert span(finding) == (6, 52, 6, 55)


def test_a_step_with_invalid_arguments_fails_when_it_runs():
    report = run(mission_with("{operation: increment, key: n, by: two}"))
    result = report.mission_result("a", "m")
    assert result.success is False
    assert result.error_message == "step 'st' failed: 'by' of operation 'increment' must be a number, not text"


# -- references ---------------------------------------------------------------


def test_unknown_mission_says_did_you_mean_and_carries_the_suggestion():
    report = run("""
        suite: s
        scenarios:
          - name: a
            missions: [daily_lop]
        """)
    finding = one(report, "unknown_mission")
    assert finding.message == "unknown mission 'daily_lop'; did you mean 'daily_loop'?"
    assert span(finding) == (3, 15, 3, 24)
    assert finding.data["suggestion"] == "daily_loop"


def test_unknown_mission_without_a_close_match_lists_the_known_missions():
    report = run("""
        suite: s
        scenarios:
          - name: a
            missions: [zzz]
        """)
    assert one(report, "unknown_mission").message == "unknown mission 'zzz'; known missions: daily_loop, echo"


def test_expectation_naming_a_missing_scenario_is_reported_at_the_scenario():
    report = run(with_expectation("scenario: bse", "mission: echo", "path: success", "op: eq", "expected: true"))
    finding = one(report, "scenario_missing")
    assert finding.message == "expectation 'e' names scenario 'bse', which this file does not have; did you mean 'base'?"
    assert span(finding) == (10, 14, 10, 17)


def test_expectation_naming_an_uncalled_mission_is_reported_at_the_mission():
    report = run(with_expectation("scenario: base", "mission: ech", "path: success", "op: eq", "expected: true"))
    finding = one(report, "mission_missing")
    assert finding.message == "scenario 'base' does not call mission 'ech'; did you mean 'echo'?"
    assert span(finding) == (11, 13, 11, 16)


def test_duplicate_expectation_ids_are_an_error_at_the_second():
    report = run(
        BASE
        + "expectations:\n"
        + "  - {id: e, scenario: base, mission: echo, path: success, op: exists}\n"
        + "  - {id: e, scenario: base, mission: echo, path: id, op: exists}\n"
    )
    finding = one(report, "duplicate_id")
    assert finding.message == "expectation id 'e' is already used at line 10"
    assert span(finding) == (10, 9, 10, 10)
    assert len(report.expectations) == 1


def test_duplicate_step_ids_are_an_error():
    report = run("""
        suite: s
        missions:
          m:
            steps: [{id: a, kind: runtime}, {id: a, kind: human}]
        scenarios: []
        """)
    assert one(report, "duplicate_id").message == "step id 'a' is used twice in mission 'm' (first at line 4)"


def test_duplicate_scenario_names_warn_at_the_ignored_one_and_the_last_wins():
    report = run("""
        suite: s
        scenarios:
          - name: a
            initial_state: {message: first}
            missions: [{name: echo, params: {payload_key: message}}]
          - name: a
            initial_state: {message: second}
            missions: [{name: echo, params: {payload_key: message}}]
        """)
    finding = one(report, "duplicate_scenario")
    assert finding.severity.value == "warning"
    assert finding.message == "scenario 'a' is defined again at line 6; the last definition wins and this one is ignored"
    assert span(finding) == (2, 10, 2, 11)
    assert report.mission_result("a", "echo").final_state["echo"] == "second"
    assert report.verdict == "passed"


def test_calling_a_mission_twice_warns_that_the_last_result_wins():
    report = run("""
        suite: s
        scenarios:
          - name: a
            missions: [echo, echo]
        """)
    finding = one(report, "duplicate_call")
    assert finding.severity.value == "warning"
    assert span(finding) == (3, 21, 3, 25)


# -- engine rules -------------------------------------------------------------

RULES = """
suite: s
missions:
  long:
    steps:
      - {id: a, kind: runtime}
      - {id: b, kind: runtime}
      - {id: c, kind: runtime}
      - {id: d, kind: runtime}
      - {id: e, kind: runtime}
      - {id: f, kind: runtime}
  humans:
    steps:
      - {id: a, kind: human}
      - {id: b, kind: human}
      - {id: c, kind: human}
  net:
    steps:
      - {id: call, kind: network}
scenarios:
  - name: a
    missions: [long, humans, net, echo]
"""


def test_anti_failure_is_reported_at_the_mission_definition():
    report = run(RULES)
    at_definition = [f for f in findings(report, "anti_failure") if f.range.start.line in (2, 10)]
    assert [f.message for f in at_definition] == [
        "mission 'long' has 6 steps; at most 5 are allowed",
        "mission 'humans' has 3 human steps; at most 2 are allowed",
    ]
    assert span(at_definition[0]) == (2, 2, 2, 6)


def test_anti_failure_is_reported_at_every_call_pointing_at_the_definition():
    report = run(RULES)
    [at_call] = [f for f in findings(report, "anti_failure") if f.range.start.line == 20 and f.range.start.column == 15]
    assert at_call.message == (
        "cannot run: mission 'long' has 6 steps; at most 5 are allowed"
    )
    assert [(r.message, r.range.start.line) for r in at_call.related] == [("mission 'long' is defined here", 2)]


def test_envelope_is_reported_at_the_step_kind_and_at_the_call():
    report = run(RULES)
    at_definition, at_call = findings(report, "envelope")
    assert at_definition.message == (
        "step 'call' of mission 'net' has kind 'network'; only human and runtime steps run inside the envelope"
    )
    assert span(at_definition) == (17, 25, 17, 32)
    assert span(at_call) == (20, 29, 20, 32)
    assert at_call.message == (
        "cannot run: step 'call' of mission 'net' has kind 'network'; only human and runtime steps run inside the envelope"
    )


def test_a_rule_violation_does_not_hide_the_other_calls_results():
    report = run(RULES)
    assert report.mission_result("a", "echo").success is True
    assert report.scenarios[0].failed_calls == (0, 1, 2)


def test_failed_step_is_an_info_at_the_call_pointing_at_the_step():
    report = run("""
        suite: s
        missions:
          refuse:
            steps:
              - {id: check, kind: runtime, payload: {operation: fail, reason: card declined}}
        scenarios:
          - name: a
            missions: [refuse]
        """)
    finding = one(report, "step_failed")
    assert finding.severity.value == "info"
    assert finding.message == "mission 'refuse' failed: step 'check' failed: card declined"
    assert span(finding) == (7, 15, 7, 21)
    assert finding.related[0].range.start.line == 4


def test_expectation_on_a_mission_that_could_not_run_is_not_run():
    report = run(RULES + "expectations:\n  - {id: e, scenario: a, mission: long, path: success, op: eq, expected: true}\n")
    finding = one(report, "not_run")
    assert finding.message == "mission 'long' could not run in scenario 'a', so this expectation was not evaluated"


# -- results ------------------------------------------------------------------


def test_eq_mismatch_says_expected_and_got_at_the_expected_value():
    report = run(with_expectation("scenario: base", "mission: daily_loop", "path: success", "op: eq", "expected: false"))
    finding = one(report, "eq_mismatch")
    assert finding.message == "expected false, got true"
    assert span(finding) == (14, 14, 14, 19)
    assert finding.data["actual"] is True and finding.data["expected"] is False


def test_ne_mismatch():
    report = run(with_expectation("scenario: base", "mission: echo", "path: final_state.echo", "op: ne", "expected: ping"))
    assert one(report, "ne_mismatch").message == 'expected not "ping", got "ping"'


def test_gt_mismatch():
    report = run(with_expectation("scenario: base", "mission: daily_loop", "path: final_state.counter", "op: gt", "expected: 5"))
    assert one(report, "gt_mismatch").message == "expected more than 5, got 1"


def test_lt_mismatch():
    report = run(with_expectation("scenario: base", "mission: daily_loop", "path: final_state.counter", "op: lt", "expected: 1"))
    assert one(report, "lt_mismatch").message == "expected less than 1, got 1"


def test_type_error_when_comparing_text_with_a_number():
    report = run(with_expectation("scenario: base", "mission: echo", "path: final_state.echo", "op: gt", "expected: 3"))
    assert one(report, "type_error").message == 'cannot compare text with a number: expected more than 3, got "ping"'


def test_true_is_not_one():
    report = run(with_expectation("scenario: base", "mission: daily_loop", "path: final_state.counter", "op: eq", "expected: true"))
    assert one(report, "eq_mismatch").message == "expected true, got 1"


def test_path_missing_points_at_the_missing_segment_and_lists_what_exists():
    report = run(with_expectation("scenario: base", "mission: daily_loop", "path: final_state.count", "op: exists"))
    finding = one(report, "path_missing")
    assert finding.message == "path 'final_state.count' not found: 'count' is not in final_state, which has counter, message"
    assert span(finding) == (12, 22, 12, 27)
    assert finding.data["available"] == ("counter", "message")


def test_path_missing_in_a_list_lists_its_indexes():
    report = run(with_expectation("scenario: base", "mission: daily_loop", "path: executed_steps.7.id", "op: exists"))
    assert one(report, "path_missing").message == (
        "path 'executed_steps.7.id' not found: '7' is not in executed_steps, which has 0, 1, 2"
    )


def test_quoted_path_missing_is_reported_on_the_whole_path():
    report = run(with_expectation("scenario: base", "mission: daily_loop", "path: 'nope'", "op: exists"))
    assert span(one(report, "path_missing")) == (12, 10, 12, 16)


def test_a_failed_expectation_does_not_hide_the_others():
    report = run(
        BASE
        + "expectations:\n"
        + "  - {id: bad, scenario: base, mission: echo, path: nope, op: exists}\n"
        + "  - {id: good, scenario: base, mission: echo, path: final_state.echo, op: eq, expected: ping}\n"
    )
    assert [(e.definition.id, e.passed) for e in report.expectations] == [("bad", False), ("good", True)]


def test_a_broken_scenario_does_not_hide_the_others():
    report = run("""
        suite: s
        scenarios:
          - initial_state: {}
            missions: [echo]
          - name: fine
            missions: [echo]
        """)
    assert [s.name for s in report.scenarios] == ["fine"]
    assert report.mission_result("fine", "echo").success is True


def test_messages_show_text_as_written_not_escaped():
    report = run(with_expectation("scenario: base", "mission: echo", "path: final_state.echo", "op: eq", "expected: \"🎉 pong\""))
    assert one(report, "eq_mismatch").message == 'expected "🎉 pong", got "ping"'


def test_messages_show_lists_and_mappings_as_json():
    report = run(with_expectation("scenario: base", "mission: echo", "path: executed_steps.0.payload.params", "op: eq", "expected: [a, {b: 1}]"))
    assert one(report, "eq_mismatch").message == 'expected ["a", {"b": 1}], got {"payload_key": "message"}'
