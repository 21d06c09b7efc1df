"""Hover, go to definition, references and symbols, in process, read from one check of the document."""
from __future__ import annotations

import pytest
from checked_documents import ENCODINGS, FAILING, OWN_MISSIONS, PASSING, URI, WIDE, checked, span_of
from lsp_session import position, span
from lsprotocol import types

from scenario_core.checking.pipeline import check
from scenario_core.source.positions import Encoding
from scenario_lsp.documents.names import name_uses
from scenario_lsp.features.hover import hover
from scenario_lsp.features.navigation import definition, references
from scenario_lsp.features.symbols import document_symbols, workspace_symbols

DUPLICATE = """suite: s
scenarios:
  - name: a
    missions: [daily_loop]
  - name: a
    missions: [echo]
expectations:
  - id: e
    scenario: a
    mission: echo
    path: success
    op: eq
    expected: true
"""


def hover_text(text: str, cursor: types.Position, markdown: bool = True) -> str | None:
    found = hover(checked(text), cursor, markdown)
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


# -- hover --------------------------------------------------------------------


def test_hovering_a_path_shows_the_actual_value_of_the_last_run():
    found = hover(checked(PASSING), position(PASSING, "final_state.counter", 3), markdown=True)
    assert found == types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="`final_state.counter` = `1` (last run)"),
        range=types.Range(start=types.Position(line=23, character=10), end=types.Position(line=23, character=29)),
    )


def test_a_client_without_markdown_gets_the_hover_as_plain_text():
    found = hover(checked(PASSING), position(PASSING, "final_state.counter", 3), markdown=False)
    assert found is not None and found.contents == types.MarkupContent(
        kind=types.MarkupKind.PlainText, value="final_state.counter = 1 (last run)"
    )


def test_hovering_a_path_into_a_list_shows_the_json_value_there():
    assert hover_text(PASSING, position(PASSING, "executed_steps.2.kind", 3)) == '`executed_steps.2.kind` = `"human"` (last run)'


def test_hovering_a_path_the_result_lacks_lists_the_keys_it_has():
    assert hover_text(FAILING, position(FAILING, "final_state.count\n", 3)) == (
        "`final_state.count` is not in the result; there: counter, message"
    )


def test_hovering_the_path_of_a_mission_the_scenario_does_not_call_says_there_is_no_result():
    assert hover_text(FAILING, position(FAILING, "path: success", 7, after="id: uncalled")) == (
        "`success`: mission `ship_order` has no result in scenario `baseline`"
    )


def test_hovering_a_mission_call_shows_its_steps():
    assert hover_text(OWN_MISSIONS, position(OWN_MISSIONS, "- reject_order", 4)) == (
        "mission `reject_order`: Refuse an order that cannot ship\n"
        '1. `check` (runtime) `{"operation":"fail","reason":"out of stock"}`'
    )


def test_hovering_a_mission_without_a_description_lists_its_steps_alone():
    assert hover_text(FAILING, position(FAILING, "- phone_home", 4)) == (
        "mission `phone_home`\n" '1. `call` (network) `{"target":"https://example.com"}`'
    )


def test_hovering_a_built_in_mission_shows_its_description():
    assert hover_text(PASSING, position(PASSING, "- daily_loop", 3)) == (
        "built-in mission `daily_loop`: plan (records params), work (increments state.counter), review (human step)"
    )


def test_hovering_an_unknown_mission_shows_nothing():
    assert hover_text(FAILING, position(FAILING, "daily_lop\n", 1)) is None


def test_hovering_the_suite_line_shows_the_full_test_run_hash():
    found = hover(checked(PASSING), position(PASSING, "suite:", 2), markdown=True)
    assert found is not None and span(found.range) == (1, 7, 1, 20)
    assert found.contents == types.MarkupContent(
        kind=types.MarkupKind.Markdown, value=f"test_run_hash `{check(PASSING).test_run_hash}`"
    )


def test_hovering_a_scenario_name_line_shows_its_full_scenario_hash():
    assert hover_text(PASSING, position(PASSING, "- name: busy_day", 3)) == f"scenario_hash `{check(PASSING).scenarios[1].scenario_hash}`"


def test_each_definition_of_a_duplicate_scenario_hovers_its_own_hash():
    first, last = check(DUPLICATE).scenarios
    assert hover_text(DUPLICATE, position(DUPLICATE, "name: a", 6)) == f"scenario_hash `{first.scenario_hash}`"
    assert hover_text(DUPLICATE, position(DUPLICATE, "name: a", 6, after="daily_loop")) == f"scenario_hash `{last.scenario_hash}`"


def test_a_comment_line_has_no_hover():
    assert hover_text(PASSING, types.Position(line=0, character=3)) is None


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_hovering_a_path_after_an_emoji_covers_it_in_the_negotiated_encoding(encoding: Encoding):
    found = hover(checked(WIDE, encoding), position(WIDE, "success", 2, encoding), markdown=True)
    assert found is not None and span(found.range) == span_of(WIDE, "success", encoding)
    assert found.contents == types.MarkupContent(kind=types.MarkupKind.Markdown, value="`success` = `true` (last run)")


# -- definition ---------------------------------------------------------------


def test_an_expectations_scenario_goes_to_the_scenario():
    found = definition(checked(OWN_MISSIONS), position(OWN_MISSIONS, "scenario: out_of_stock", 12))
    assert found is not None and (found.uri, span(found.range)) == (URI, (29, 10, 29, 22))


def test_a_mission_call_goes_to_the_mission_of_the_file():
    found = definition(checked(OWN_MISSIONS), position(OWN_MISSIONS, "- ship_order", 5))
    assert found is not None and span(found.range) == (3, 2, 3, 12)


def test_an_expectations_mission_goes_to_the_mission_of_the_file():
    found = definition(checked(OWN_MISSIONS), position(OWN_MISSIONS, "mission: reject_order", 10))
    assert found is not None and span(found.range) == (18, 2, 18, 14)


def test_a_built_in_mission_an_unknown_one_and_a_missing_scenario_have_no_definition():
    document = checked(FAILING)
    assert definition(document, position(FAILING, "- daily_loop", 3)) is None
    assert definition(document, position(FAILING, "daily_lop\n", 1)) is None
    assert definition(document, position(FAILING, "scenario: baselin\n", 11)) is None


def test_a_duplicate_scenario_goes_to_the_last_definition_the_one_that_runs():
    found = definition(checked(DUPLICATE), position(DUPLICATE, "scenario: a", 10))
    assert found is not None and span(found.range) == (4, 10, 4, 11)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_name_after_an_emoji_goes_to_its_definition_in_the_negotiated_encoding(encoding: Encoding):
    found = definition(checked(WIDE, encoding), position(WIDE, '"😀"', 2, encoding, after="expectations:"))
    assert found is not None and span(found.range) == span_of(WIDE, '"😀"', encoding)


# -- references ---------------------------------------------------------------


def test_references_of_a_mission_are_its_definition_calls_and_expectations():
    found = references(checked(OWN_MISSIONS), position(OWN_MISSIONS, "ship_order:", 1), include_declaration=True)
    assert [(location.uri, span(location.range)) for location in found] == [
        (URI, (3, 2, 3, 12)),
        (URI, (28, 8, 28, 18)),
        (URI, (35, 13, 35, 23)),
        (URI, (41, 13, 41, 23)),
        (URI, (47, 13, 47, 23)),
    ]


def test_references_without_the_declaration_leave_out_the_definition():
    found = references(checked(OWN_MISSIONS), position(OWN_MISSIONS, "- ship_order", 5), include_declaration=False)
    assert [span(location.range) for location in found] == [(28, 8, 28, 18), (35, 13, 35, 23), (41, 13, 41, 23), (47, 13, 47, 23)]


def test_references_of_a_scenario_are_its_definition_and_the_expectations_naming_it():
    cursor = position(FAILING, "name: baseline", 7)
    assert [span(location.range) for location in references(checked(FAILING), cursor, include_declaration=True)] == [
        (23, 10, 23, 18), (39, 14, 39, 22), (45, 14, 45, 22), (50, 14, 50, 22), (62, 14, 62, 22), (68, 14, 68, 22),
    ]


def test_references_of_a_built_in_mission_are_its_calls_and_expectations():
    found = references(checked(FAILING), position(FAILING, "- daily_loop", 3), include_declaration=True)
    assert [span(location.range) for location in found] == [
        (26, 8, 26, 18), (40, 13, 40, 23), (46, 13, 46, 23), (57, 13, 57, 23), (69, 13, 69, 23),
    ]


def test_references_of_a_duplicate_scenario_include_both_definitions():
    found = references(checked(DUPLICATE), position(DUPLICATE, "scenario: a", 10), include_declaration=True)
    assert [span(location.range) for location in found] == [(2, 10, 2, 11), (4, 10, 4, 11), (8, 14, 8, 15)]


def test_a_place_that_names_nothing_has_no_references():
    assert references(checked(PASSING), position(PASSING, "op: eq", 5), include_declaration=True) == []


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_references_after_an_emoji_are_in_the_negotiated_encoding(encoding: Encoding):
    found = references(checked(WIDE, encoding), position(WIDE, "echo", 2, encoding), include_declaration=True)
    assert [span(location.range) for location in found] == [
        span_of(WIDE, "echo", encoding),
        span_of(WIDE, "echo", encoding, after="plain"),
        span_of(WIDE, "echo", encoding, after="expectations:"),
    ]


def test_name_uses_are_every_place_a_name_is_written_in_document_order():
    uses = [(u.kind, u.name, u.range.start.line, u.is_definition) for u in name_uses(check(OWN_MISSIONS))]
    assert uses == [
        ("mission", "ship_order", 3, True),
        ("mission", "reject_order", 18, True),
        ("scenario", "first_order", 25, True),
        ("mission", "ship_order", 28, False),
        ("scenario", "out_of_stock", 29, True),
        ("mission", "reject_order", 31, False),
        ("expectation", "shipped", 33, True),
        ("scenario", "first_order", 34, False),
        ("mission", "ship_order", 35, False),
        ("expectation", "history_grows", 39, True),
        ("scenario", "first_order", 40, False),
        ("mission", "ship_order", 41, False),
        ("expectation", "one_shipment", 45, True),
        ("scenario", "first_order", 46, False),
        ("mission", "ship_order", 47, False),
        ("expectation", "rejected", 51, True),
        ("scenario", "out_of_stock", 52, False),
        ("mission", "reject_order", 53, False),
        ("expectation", "rejection_names_the_step", 57, True),
        ("scenario", "out_of_stock", 58, False),
        ("mission", "reject_order", 59, False),
    ]


# -- symbols ------------------------------------------------------------------


def test_document_symbols_are_the_suite_with_its_missions_scenarios_and_expectations():
    [suite] = document_symbols(checked(OWN_MISSIONS))
    assert (suite.name, suite.kind, span(suite.range), span(suite.selection_range)) == (
        "checkout_flow", types.SymbolKind.Module, (0, 0, 63, 0), (1, 7, 1, 20),
    )
    assert suite.children is not None
    assert [(c.name, c.kind, span(c.range), span(c.selection_range), c.children) for c in suite.children] == [
        ("ship_order", types.SymbolKind.Function, (3, 2, 18, 2), (3, 2, 3, 12), None),
        ("reject_order", types.SymbolKind.Function, (18, 2, 24, 0), (18, 2, 18, 14), None),
        ("first_order", types.SymbolKind.Class, (25, 4, 29, 2), (25, 10, 25, 21), None),
        ("out_of_stock", types.SymbolKind.Class, (29, 4, 32, 0), (29, 10, 29, 22), None),
        ("shipped", types.SymbolKind.Method, (33, 4, 39, 2), (33, 8, 33, 15), None),
        ("history_grows", types.SymbolKind.Method, (39, 4, 45, 2), (39, 8, 39, 21), None),
        ("one_shipment", types.SymbolKind.Method, (45, 4, 51, 2), (45, 8, 45, 20), None),
        ("rejected", types.SymbolKind.Method, (51, 4, 57, 2), (51, 8, 51, 16), None),
        ("rejection_names_the_step", types.SymbolKind.Method, (57, 4, 63, 0), (57, 8, 57, 32), None),
    ]


def test_a_file_without_a_suite_name_has_its_symbols_at_the_top():
    found = document_symbols(checked("scenarios:\n  - name: a\n"))
    assert [(s.name, s.kind, span(s.range), span(s.selection_range)) for s in found] == [
        ("a", types.SymbolKind.Class, (1, 4, 2, 0), (1, 10, 1, 11)),
    ]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_symbol_names_after_an_emoji_are_selected_in_the_negotiated_encoding(encoding: Encoding):
    [suite] = document_symbols(checked(WIDE, encoding))
    assert suite.children is not None
    assert [(c.name, span(c.selection_range)) for c in suite.children] == [
        ("😀", span_of(WIDE, '"😀"', encoding)),
        ("plain", span_of(WIDE, "plain", encoding)),
        ("echo_fails", span_of(WIDE, "echo_fails", encoding)),
    ]


def test_workspace_symbols_are_the_names_containing_the_query_in_any_case():
    found = workspace_symbols(checked(OWN_MISSIONS), "ORDER")
    assert [(s.name, s.kind, s.container_name, s.location.uri, span(s.location.range)) for s in found] == [
        ("ship_order", types.SymbolKind.Function, "checkout_flow", URI, (3, 2, 3, 12)),
        ("reject_order", types.SymbolKind.Function, "checkout_flow", URI, (18, 2, 18, 14)),
        ("first_order", types.SymbolKind.Class, "checkout_flow", URI, (25, 10, 25, 21)),
    ]


def test_an_empty_query_finds_every_name_of_the_file():
    found = workspace_symbols(checked(PASSING), "")
    assert [(s.name, s.kind) for s in found] == [
        ("daily_routine", types.SymbolKind.Module),
        ("baseline", types.SymbolKind.Class),
        ("busy_day", types.SymbolKind.Class),
        ("loop_succeeds", types.SymbolKind.Method),
        ("counter_ticks", types.SymbolKind.Method),
        ("echo_repeats_message", types.SymbolKind.Method),
        ("review_is_human", types.SymbolKind.Method),
        ("busy_counter_grows", types.SymbolKind.Method),
    ]
