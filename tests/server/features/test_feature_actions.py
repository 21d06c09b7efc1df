"""Code actions, in process: quick fixes whose edits keep the YAML valid, "Run scenario", and the kinds asked for."""
from __future__ import annotations

from typing import Sequence

import pytest
from checked_documents import ENCODINGS, FAILING, PASSING, URI, WIDE, checked, point, span_of
from lsp_session import position, span
from lsprotocol import types

from scenario_core.source.positions import Encoding
from scenario_lsp.features.actions import code_actions
from scenario_lsp.documents.checks import CheckedDocument
from scenario_lsp.features.diagnostics import diagnostics_of


def actions(
    document: CheckedDocument,
    cursor: types.Position,
    only: list[str] | None = None,
    sent: Sequence[types.Diagnostic] = (),
) -> list[types.CodeAction | types.Command]:
    """The actions a client gets when it asks at ``cursor``, sending back ``sent`` and asking for ``only``."""
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=document.uri),
        range=point(cursor),
        context=types.CodeActionContext(diagnostics=list(sent), only=only),
    )
    return code_actions(document, params)


def titles(found: list[types.CodeAction | types.Command]) -> list[str]:
    return [action.title for action in found]


def edits(action: types.CodeAction | types.Command) -> list[tuple]:
    assert isinstance(action, types.CodeAction) and action.edit is not None and action.edit.changes is not None
    return [(span(edit.range), edit.new_text) for edit in action.edit.changes[URI]]


def diagnostic(document: CheckedDocument, code: str) -> types.Diagnostic:
    [found] = [d for d in diagnostics_of(document) if d.code == code]
    return found


AT_MISMATCH = position(FAILING, "expected: false", len("expected: "))  # loop_fails: expected false, got true
RUN_SUITE = types.Command(title="Run suite", command="scenario.runSuite", arguments=[{"uri": URI}])
AT_TYPO = position(FAILING, "daily_lop\n", 1)  # in scenario "typo"


def test_set_expected_to_the_actual_value_replaces_the_expected_value():
    document = checked(FAILING)
    fix, run_suite = actions(document, AT_MISMATCH)
    assert isinstance(fix, types.CodeAction) and run_suite == RUN_SUITE
    assert (fix.title, fix.kind, fix.is_preferred) == ("Set expected to the actual value", "quickfix", True)
    assert edits(fix) == [((43, 14, 43, 19), "true")]
    assert fix.diagnostics == [diagnostic(document, "eq_mismatch")]


def test_set_expected_writes_a_mapping_as_flow_yaml():
    text = PASSING.replace("path: final_state.echo\n    op: eq\n    expected: ping", "path: final_state\n    op: eq\n    expected: {}")
    [fix] = actions(checked(text), position(text, "expected: {}", len("expected: ")), only=["quickfix"])
    assert edits(fix) == [((31, 14, 31, 16), "{counter: 0, message: ping, echo: ping}")]


def test_an_unknown_mission_with_a_close_match_offers_the_rename_then_run_scenario_and_run_suite():
    fix, run, run_suite = actions(checked(FAILING), AT_TYPO)
    assert fix.title == "Change to `daily_loop`"
    assert edits(fix) == [((36, 8, 36, 17), "daily_loop")]
    assert run == types.Command(title="Run scenario", command="scenario.runScenario", arguments=[{"uri": URI, "scenario": "typo"}])
    assert run_suite == RUN_SUITE


def test_a_finding_without_a_fix_offers_no_quick_fix():
    assert actions(checked(FAILING), position(FAILING, "final_state.count\n", 3)) == [RUN_SUITE]


def test_run_scenario_is_a_command_anywhere_in_a_scenario_and_run_suite_anywhere():
    assert actions(checked(PASSING), position(PASSING, "initial_state: {counter: 41}", 3)) == [
        types.Command(title="Run scenario", command="scenario.runScenario", arguments=[{"uri": URI, "scenario": "busy_day"}]),
        RUN_SUITE,
    ]


def test_only_quickfix_leaves_out_run_scenario():
    assert titles(actions(checked(FAILING), AT_TYPO, only=["quickfix"])) == ["Change to `daily_loop`"]


def test_only_source_actions_are_none_of_ours():
    document = checked(FAILING)
    assert actions(document, AT_MISMATCH, only=["source"]) == []
    assert actions(document, AT_TYPO, only=["source"]) == []


def test_only_a_kind_of_quick_fix_we_do_not_make_is_nothing():
    assert actions(checked(FAILING), AT_TYPO, only=["quickfix.rename"]) == []


def test_quick_fixes_are_for_the_diagnostics_the_client_sends_back():
    # Asked on the unknown mission's line, with the eq_mismatch diagnostic sent back: that one is fixed.
    document = checked(FAILING)
    sent = diagnostic(document, "eq_mismatch")
    fix, run, run_suite = actions(document, AT_TYPO, sent=[sent])
    assert (fix.title, fix.diagnostics) == ("Set expected to the actual value", [sent])
    assert (run.title, run_suite.title) == ("Run scenario", "Run suite")


def test_diagnostics_of_other_tools_leave_the_findings_at_the_cursor_to_fix():
    other = types.Diagnostic(range=point(AT_TYPO), message="line too long", source="yamllint", code="line-length")
    assert titles(actions(checked(FAILING), AT_TYPO, sent=[other])) == ["Change to `daily_loop`", "Run scenario", "Run suite"]


def test_a_diagnostic_from_an_older_version_gets_no_quick_fix():
    sent = diagnostic(checked(FAILING), "eq_mismatch")
    fixed = FAILING.replace("    expected: false\n", "    expected: true\n", 1)
    assert actions(checked(fixed), AT_MISMATCH, only=["quickfix"], sent=[sent]) == []


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_quick_fix_after_an_emoji_edits_the_columns_each_encoding_counts(encoding: Encoding):
    [fix] = actions(checked(WIDE, encoding), position(WIDE, "false", 1, encoding), only=["quickfix"])
    assert edits(fix) == [(span_of(WIDE, "false", encoding), "true")]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_diagnostic_sent_back_after_an_emoji_is_matched_in_the_negotiated_encoding(encoding: Encoding):
    document = checked(WIDE, encoding)
    sent = diagnostic(document, "unknown_mission")
    [fix] = actions(document, position(WIDE, "plain"), only=["quickfix"], sent=[sent])
    assert (fix.title, edits(fix)) == ("Change to `daily_loop`", [(span_of(WIDE, "daily_lop", encoding), "daily_loop")])
