"""Run reports, in process: a check as the SuiteReport and RunSummary of docs/server-contract.md, and how a run is worded."""
from __future__ import annotations

import pytest
from checked_documents import ENCODINGS, FAILING, OWN_MISSIONS, PASSING, URI, WIDE, checked, span_of
from lsprotocol import types

from scenario_core.checking.pipeline import check
from scenario_core.source.positions import Encoding
from scenario_lsp.documents.reports import suite_report
from scenario_lsp.features.runs import run_name, run_summary, summary_message, summary_severity


def lsp_range(start_line: int, start: int, end_line: int, end: int) -> dict:
    return {"start": {"line": start_line, "character": start}, "end": {"line": end_line, "character": end}}


def test_a_suite_report_holds_the_verdict_hashes_scenarios_and_expectations_of_a_check():
    report = check(PASSING)
    suite = suite_report(checked(PASSING))
    assert {k: v for k, v in suite.items() if k not in ("scenarios", "expectations")} == {
        "uri": URI,
        "suite": "daily_routine",
        "verdict": "passed",
        "passed": 5,
        "failed": 0,
        "test_run_hash": report.test_run_hash,
        "range": lsp_range(1, 7, 1, 20),
    }
    not_snapshotted = {"snapshot": None, "snapshot_message": None}
    assert suite["scenarios"] == [
        {"name": "baseline", "scenario_hash": report.scenarios[0].scenario_hash, "range": lsp_range(3, 4, 9, 2), **not_snapshotted},
        {"name": "busy_day", "scenario_hash": report.scenarios[1].scenario_hash, "range": lsp_range(9, 4, 13, 0), **not_snapshotted},
    ]
    assert [(e["id"], e["scenario"], e["passed"], e["expected"], e["actual"]) for e in suite["expectations"]] == [
        ("loop_succeeds", "baseline", True, True, True),
        ("counter_ticks", "baseline", True, 1, 1),
        ("echo_repeats_message", "baseline", True, "ping", "ping"),
        ("review_is_human", "baseline", True, "human", "human"),
        ("busy_counter_grows", "busy_day", True, 41, 42),
    ]


def test_a_failed_expectation_reports_its_code_and_the_message_of_its_finding():
    [loop_fails, *_] = suite_report(checked(FAILING))["expectations"]
    assert loop_fails == {
        "id": "loop_fails",
        "scenario": "baseline",
        "mission": "daily_loop",
        "passed": False,
        "code": "eq_mismatch",
        "message": "expected false, got true",
        "expected": False,
        "actual": True,
        "range": lsp_range(38, 4, 44, 2),
        "stack": [
            {"label": "expectation 'loop_fails'", "uri": URI, "range": lsp_range(38, 8, 38, 18)},
            {"label": "scenario 'baseline'", "uri": URI, "range": lsp_range(23, 10, 23, 18)},
            {"label": "call 1: daily_loop", "uri": URI, "range": lsp_range(26, 8, 26, 18)},
        ],
    }


def test_a_structured_actual_value_is_plain_json():
    [history_grows] = [e for e in suite_report(checked(OWN_MISSIONS))["expectations"] if e["id"] == "history_grows"]
    assert (history_grows["expected"], history_grows["actual"]) == (["created", "shipped"], ["created", "shipped"])


def test_a_report_of_one_scenario_holds_only_it_and_its_expectations():
    suite = suite_report(checked(FAILING), "baseline")
    assert [s["name"] for s in suite["scenarios"]] == ["baseline"]
    assert [(e["id"], e["code"]) for e in suite["expectations"]] == [
        ("loop_fails", "eq_mismatch"),
        ("counter_path", "path_missing"),
        ("echo_is_big", "type_error"),
        ("uncalled", "mission_missing"),
    ]
    assert (suite["verdict"], suite["passed"], suite["failed"]) == ("invalid", 0, 4)


def test_a_file_that_is_not_yaml_is_an_invalid_report_with_nothing_in_it():
    assert suite_report(checked("suite: s\nscenarios: [\n")) == {
        "uri": URI,
        "suite": None,
        "verdict": "invalid",
        "passed": 0,
        "failed": 0,
        "test_run_hash": None,
        "range": lsp_range(0, 0, 0, 0),
        "scenarios": [],
        "expectations": [],
    }


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_report_ranges_after_an_emoji_are_in_the_negotiated_encoding(encoding: Encoding):
    suite = suite_report(checked(WIDE, encoding))
    # A flow item's range ends after its closing brace, past the emoji.
    assert suite["scenarios"][0]["range"] == lsp_range(2, 4, 2, span_of(WIDE, "echo]}", encoding)[3])
    assert suite["expectations"][0]["range"] == lsp_range(5, 4, 5, span_of(WIDE, "echo_fails}", encoding)[3])


def test_a_run_summary_adds_up_its_files():
    files = [suite_report(checked(PASSING)), suite_report(checked(FAILING)), suite_report(checked(OWN_MISSIONS))]
    summary = run_summary(files)
    assert (summary["passed"], summary["failed"], summary["invalid"]) == (10, 5, 1)
    assert summary["files"] == files


def test_a_run_is_named_by_its_scope():
    suite = [checked(PASSING)]
    assert run_name("scenario", "baseline", suite) == "scenario baseline"
    assert run_name("suite", None, suite) == "suite daily_routine"
    assert run_name("workspace", None, suite) == "workspace"


def test_a_suite_without_a_name_is_named_by_its_file():
    assert run_name("suite", None, [checked("scenarios: []\n")]) == "suite suite.scenario.yaml"


def test_the_summary_message_counts_passed_failed_and_invalid_files():
    assert summary_message(run_summary([suite_report(checked(PASSING))]), "suite daily_routine") == (
        "suite daily_routine: 5 passed, 0 failed"
    )
    failing = suite_report(checked(FAILING))
    assert summary_message(run_summary([failing]), "workspace") == "workspace: 0 passed, 5 failed, 1 invalid file"
    assert summary_message(run_summary([failing, failing]), "workspace") == "workspace: 0 passed, 10 failed, 2 invalid files"


def test_a_run_with_failures_or_invalid_files_is_shown_as_a_warning():
    assert summary_severity(run_summary([suite_report(checked(PASSING))])) == types.MessageType.Info
    failed = PASSING.replace("expected: ping", "expected: pong")
    assert summary_severity(run_summary([suite_report(checked(failed))])) == types.MessageType.Warning
    assert summary_severity(run_summary([suite_report(checked("suite: s\nscenarios: [\n"))])) == types.MessageType.Warning
