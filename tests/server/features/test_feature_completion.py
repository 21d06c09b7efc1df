"""Completion, in process: the cursor's context read from indentation, names and paths from the last run."""
from __future__ import annotations

import pytest
from checked_documents import ENCODINGS, span_of
from lsp_session import position, span
from lsprotocol import types

from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.orchestration.engine import OPERATIONS
from scenario_core.source.positions import Encoding, LineIndex, Position
from scenario_lsp.features.completion import CursorContext, completions, cursor_context
from scenario_lsp.protocol.convert import PositionConverter

# A document being written: empty values everywhere the user is about to type.
DRAFT = """suite: s
missions:
  ship_order:
    steps:
      - id: a
        kind: 
        payload:
          operation: 
scenarios:
  - name: first
    initial_state: {counter: 0, message: ping}
    missions:
      - daily_loop
      - 
expectations:
  - id: e
    scenario: first
    mission: daily_loop
    path: final_state.
    op: 
"""


def complete(
    text: str, cursor: types.Position, known: CheckReport | None = None, encoding: Encoding = "utf-16"
) -> list[types.CompletionItem]:
    """What is offered at ``cursor`` of ``text``; ``known`` is the last run (by default: ``text`` checked)."""
    lines = LineIndex(text)
    return completions(lines, check(text) if known is None else known, PositionConverter(lines, encoding), cursor)


def labels(items: list[types.CompletionItem]) -> list[str]:
    return [item.label for item in items]


def test_completion_offers_file_and_built_in_missions_in_a_mission_list():
    items = complete(DRAFT, position(DRAFT, "      - \n", 8))
    assert [(i.label, i.kind, i.detail) for i in items] == [
        ("ship_order", types.CompletionItemKind.Function, "mission in this file"),
        ("daily_loop", types.CompletionItemKind.Function, "plan (records params), work (increments state.counter), review (human step)"),
        ("echo", types.CompletionItemKind.Function, "sets state.echo to initial_state[params.payload_key] (null when absent)"),
    ]


def test_completion_offers_scenario_names_for_an_expectation():
    text = DRAFT.replace("    scenario: first", "    scenario: ")
    assert [(i.label, i.kind) for i in complete(text, position(text, "scenario: ", 10))] == [("first", types.CompletionItemKind.Class)]


def test_completion_offers_mission_names_for_an_expectation():
    text = DRAFT.replace("    mission: daily_loop", "    mission: ")
    assert labels(complete(text, position(text, "mission: \n", 9))) == ["ship_order", "daily_loop", "echo"]


def test_completion_offers_the_ops():
    assert labels(complete(DRAFT, position(DRAFT, "op: \n", 4))) == ["eq", "ne", "gt", "lt", "exists"]


def test_completion_offers_the_step_kinds():
    assert labels(complete(DRAFT, position(DRAFT, "kind: \n", 6))) == ["human", "runtime"]


def test_completion_offers_the_operations_of_a_runtime_step():
    items = complete(DRAFT, position(DRAFT, "operation: \n", 11))
    assert [(i.label, i.detail) for i in items] == [(name, spec.summary) for name, spec in OPERATIONS.items()]


def test_completion_offers_the_keys_an_item_still_lacks():
    text = DRAFT + "  - id: f\n    \n"
    assert labels(complete(text, types.Position(line=21, character=4))) == ["scenario", "mission", "path", "op", "expected"]


def test_completion_offers_the_top_level_keys_the_file_still_lacks():
    text = "suite: s\nscenarios: []\n\n"
    assert labels(complete(text, types.Position(line=2, character=0))) == ["imports", "missions", "expectations", "snapshot"]


def test_completion_offers_result_paths_from_the_last_run():
    cursor = position(DRAFT, "final_state.\n", len("final_state."))
    items = complete(DRAFT, cursor)
    assert [(i.label, i.kind, i.detail, span(i.text_edit.range), i.text_edit.new_text) for i in items] == [
        ("counter", types.CompletionItemKind.Field, "final_state.counter in the last run of daily_loop", (18, 22, 18, 22), "counter"),
        ("message", types.CompletionItemKind.Field, "final_state.message in the last run of daily_loop", (18, 22, 18, 22), "message"),
    ]


def test_completion_offers_the_top_of_a_result_for_an_empty_path():
    text = DRAFT.replace("path: final_state.", "path: ")
    assert labels(complete(text, position(text, "path: \n", 6))) == [
        "error_message", "executed_steps", "failed_step_id", "final_state", "id", "lineage", "receipt", "success",
    ]


def test_a_typed_segment_is_replaced_by_the_path_completed():
    text = DRAFT.replace("path: final_state.", "path: final_state.cou")
    [counter, _] = complete(text, position(text, "cou\n", 3))
    assert (span(counter.text_edit.range), counter.text_edit.new_text) == ((18, 22, 18, 25), "counter")


def test_path_completion_after_a_run_reads_the_last_run_while_the_text_does_not_parse():
    last_run = check(DRAFT)
    typing = DRAFT + "  - id: [\n"  # an unclosed flow sequence: this text has no results of its own
    assert check(typing).test_run is None
    assert labels(complete(typing, position(typing, "final_state.\n", len("final_state.")), known=last_run)) == ["counter", "message"]


def test_before_any_run_there_are_no_paths_and_only_built_in_missions():
    lines = LineIndex(DRAFT)
    converter = PositionConverter(lines, "utf-16")
    assert completions(lines, None, converter, position(DRAFT, "final_state.\n", len("final_state."))) == []
    assert labels(completions(lines, None, converter, position(DRAFT, "      - \n", 8))) == ["daily_loop", "echo"]


def test_a_path_the_last_run_does_not_have_offers_nothing():
    text = DRAFT.replace("path: final_state.", "path: nowhere.")
    assert complete(text, position(text, "nowhere.", len("nowhere."))) == []


# Both keys of the mapping under 😀 complete the segment typed after it.
WIDE_PATH = """suite: s
scenarios:
  - name: first
    initial_state: {"😀": {count: 1, coins: 2}}
    missions: [daily_loop]
expectations:
  - id: e
    scenario: first
    mission: daily_loop
    path: final_state.😀.co
"""


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_path_segment_after_an_emoji_is_replaced_in_the_negotiated_encoding(encoding: Encoding):
    items = complete(WIDE_PATH, position(WIDE_PATH, "😀.co", len("😀.co"), encoding), encoding=encoding)
    typed = span_of(WIDE_PATH, "co", encoding, after="final_state.😀.")
    assert [(i.label, i.detail, span(i.text_edit.range), i.text_edit.new_text) for i in items] == [
        ("coins", "final_state.😀.coins in the last run of daily_loop", typed, "coins"),
        ("count", "final_state.😀.count in the last run of daily_loop", typed, "count"),
    ]


# -- the cursor's context -----------------------------------------------------


def context_at(text: str, line: int, column: int) -> CursorContext:
    return cursor_context(LineIndex(text), Position(line, column))


def test_the_context_of_a_value_is_its_section_block_key_and_the_items_keys():
    assert context_at(DRAFT, 18, 22) == CursorContext(
        section="expectations",
        parent="expectations",
        key="path",
        typed="final_state.",
        in_list_item=False,
        item_fields={"id": "e", "scenario": "first", "mission": "daily_loop", "path": "final_state."},
    )


def test_the_context_of_an_empty_list_item_is_the_list_it_belongs_to():
    assert context_at(DRAFT, 13, 8) == CursorContext(
        section="scenarios", parent="missions", key=None, typed="", in_list_item=True, item_fields={}
    )


def test_the_context_at_the_top_level_knows_the_keys_of_the_other_lines():
    assert context_at(DRAFT, 1, 3) == CursorContext(
        section=None,
        parent=None,
        key=None,
        typed="mis",
        in_list_item=False,
        item_fields={"suite": "s", "scenarios": "", "expectations": ""},
    )
