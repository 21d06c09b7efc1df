"""Snapshots and accepting in the editor, in process: quick fixes, the fix-all action, lenses, hover, run reports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from checked_documents import ENCODINGS, checked_file, point, span_of
from lsp_session import position, span
from lsprotocol import types

from scenario_core.checking.snapshots import snapshot_path, write_snapshot_file
from scenario_core.source.positions import Encoding
from scenario_lsp.features.accepting import accept_message, accept_snapshots
from scenario_lsp.features.actions import code_actions
from scenario_lsp.documents.reports import verdict_title
from scenario_lsp.features.lenses import code_lenses
from scenario_lsp.features.hover import hover
from scenario_lsp.documents.reports import suite_report
from scenario_lsp.features.runs import run_summary, summary_message

SHOP = """\
suite: shop
snapshot: true
scenarios:
  - name: cart
    initial_state: {counter: 0, message: ping}
    missions:
      - daily_loop
      - name: echo
        params: {payload_key: message}
expectations:
  - id: loop_ok   # did the loop run?
    scenario: cart
    mission: daily_loop
    path: success
    op: eq
    expected: false
  - id: echoed
    scenario: cart
    mission: echo
    path: final_state.echo
    op: eq
    expected: 'pong'
"""


def shop(tmp_path: Path, text: str = SHOP, pin: bool = False) -> Path:
    path = tmp_path / "shop.scenario.yaml"
    path.write_text(text, encoding="utf-8")
    if pin:
        write_snapshot_file(checked_file(path).report.snapshots.accepted())
    return path


def actions(document, cursor: types.Position, only: list[str] | None = None) -> list:
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=document.uri),
        range=point(cursor),
        context=types.CodeActionContext(diagnostics=[], only=only),
    )
    return code_actions(document, params)


def applied(text: str, edits: list[types.TextEdit], encoding: Encoding = "utf-16") -> str:
    """``text`` with LSP ``edits`` applied as a client does (positions in ``encoding``)."""
    lines = text.splitlines(keepends=True)

    def offset(pos: types.Position) -> int:
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for index, ch in enumerate(line):
            if units >= pos.character:
                return sum(len(l) for l in lines[: pos.line]) + index
            units += {"utf-8": len(ch.encode()), "utf-16": 2 if ord(ch) > 0xFFFF else 1, "utf-32": 1}[encoding]
        return sum(len(l) for l in lines[: pos.line]) + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


CHANGED = SHOP.replace("counter: 0", "counter: 4")


# -- quick fixes ----------------------------------------------------------------------------


def test_a_changed_snapshot_has_the_accept_snapshot_quick_fix(tmp_path):
    path = shop(tmp_path, pin=True)
    document = checked_file(path, text=CHANGED)
    [fix] = actions(document, position(CHANGED, "cart", 1), only=["quickfix"])
    assert (fix.title, fix.kind, fix.is_preferred, fix.edit) == ("Accept snapshot", "quickfix", True, None)
    assert fix.command == types.Command(
        title="Accept snapshot", command="scenario.acceptSnapshots", arguments=[{"uri": document.uri, "scenarios": ["cart"]}]
    )
    assert [d.code for d in fix.diagnostics] == ["snapshot_changed"]


def test_a_missing_snapshot_has_the_accept_snapshot_quick_fix(tmp_path):
    document = checked_file(shop(tmp_path))
    [fix] = actions(document, position(SHOP, "cart", 1), only=["quickfix"])
    assert (fix.title, fix.command.arguments, [d.code for d in fix.diagnostics]) == (
        "Accept snapshot",
        [{"uri": document.uri, "scenarios": ["cart"]}],
        ["snapshot_missing"],
    )


def test_an_orphaned_entry_has_a_quick_fix_that_removes_it(tmp_path):
    path = shop(tmp_path, pin=True)
    text = SHOP.replace("name: cart", "name: basket").replace("scenario: cart", "scenario: basket")
    document = checked_file(path, text=text)
    fixes = actions(document, position(text, "shop", 1), only=["quickfix"])
    assert [(f.title, f.command.arguments) for f in fixes] == [
        ("Remove the snapshot entry 'cart'", [{"uri": document.uri, "scenarios": ["cart"]}])
    ]


def test_an_unreadable_snapshot_file_has_a_quick_fix_that_writes_it_again(tmp_path):
    path = shop(tmp_path)
    snapshot_path(path).parent.mkdir()
    snapshot_path(path).write_text("<<<<<<< HEAD\n")
    document = checked_file(path)
    [fix] = actions(document, position(SHOP, "shop", 1), only=["quickfix"])
    assert (fix.title, fix.command.arguments) == ("Write the snapshot file again", [{"uri": document.uri}])


def test_a_file_with_input_errors_gets_no_accept_snapshot(tmp_path):
    text = SHOP.replace("      - daily_loop\n", "      - daily_lop\n")
    document = checked_file(shop(tmp_path, text))
    titles = [a.title for a in actions(document, position(text, "cart", 1))]
    assert "Accept snapshot" not in titles and "Accept all actual values in this file" not in titles


# -- accept all -------------------------------------------------------------------------------------


def test_accept_all_sets_every_failed_eq_expectation_and_stores_the_snapshots(tmp_path):
    path = shop(tmp_path, pin=True)
    document = checked_file(path, text=CHANGED)
    [fix_all] = actions(document, position(CHANGED, "suite"), only=["source.fixAll"])
    assert (fix_all.title, fix_all.kind) == ("Accept all actual values in this file", "source.fixAll.scenario")
    edits = fix_all.edit.changes[document.uri]
    assert [(span(e.range), e.new_text) for e in edits] == [((15, 14, 15, 19), "true"), ((21, 14, 21, 20), "ping")]
    assert applied(CHANGED, edits) == CHANGED.replace("expected: false", "expected: true").replace("'pong'", "ping")
    assert fix_all.command == types.Command(title="Accept snapshots", command="scenario.acceptSnapshots", arguments=[{"uri": document.uri}])


def test_accept_all_is_offered_wherever_the_cursor_is_and_when_asked_for_source_actions(tmp_path):
    document = checked_file(shop(tmp_path))
    for only in (None, ["source"], ["source.fixAll.scenario"]):
        titles = [a.title for a in actions(document, position(SHOP, "    op: eq"), only=only)]
        assert "Accept all actual values in this file" in titles, only


def test_accept_all_with_only_snapshots_to_store_has_no_edit(tmp_path):
    text = SHOP.replace("expected: false", "expected: true").replace("'pong'", "ping")
    document = checked_file(shop(tmp_path, text))
    [fix_all] = actions(document, position(text, "suite"), only=["source.fixAll"])
    assert (fix_all.edit, fix_all.command.arguments) == (None, [{"uri": document.uri}])


def test_a_file_with_nothing_to_accept_has_no_accept_all(tmp_path):
    text = SHOP.replace("expected: false", "expected: true").replace("'pong'", "ping")
    document = checked_file(shop(tmp_path, text, pin=True))
    assert actions(document, position(text, "suite"), only=["source.fixAll"]) == []


def test_quick_fixes_only_leave_out_accept_all(tmp_path):
    document = checked_file(shop(tmp_path))
    assert [a.title for a in actions(document, position(SHOP, "false"), only=["quickfix"])] == ["Set expected to the actual value"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_accept_all_edits_after_an_emoji_apply_cleanly_in_each_encoding(tmp_path, encoding: Encoding):
    text = SHOP.replace("expected: 'pong'", "expected: '😀 pong'").replace("{counter: 0, message: ping}", "{counter: 0, message: '😀 ping'}")
    document = checked_file(shop(tmp_path, text), encoding)
    [fix_all] = actions(document, position(text, "suite", 0, encoding), only=["source.fixAll"])
    edits = fix_all.edit.changes[document.uri]
    assert span(edits[1].range) == span_of(text, "'😀 pong'", encoding)
    assert applied(text, edits, encoding) == text.replace("expected: false", "expected: true").replace("'😀 pong'", '"😀 ping"')


def test_set_expected_on_a_block_value_keeps_the_comment_after_it(tmp_path):
    text = SHOP.replace("path: final_state.echo\n    op: eq\n    expected: 'pong'", "path: final_state\n    op: eq\n    expected:\n      counter: 9  # wrong\n      message: ping\n      echo: ping\n    # end")
    document = checked_file(shop(tmp_path, text))
    [fix] = actions(document, position(text, "counter: 9", 9), only=["quickfix"])
    assert applied(text, fix.edit.changes[document.uri]) == text.replace("counter: 9  # wrong", "counter: 0  # wrong")


# -- lenses, hover, run reports ---------------------------------------------------------------------------


def test_a_scenario_with_a_changed_snapshot_has_an_accept_lens(tmp_path):
    path = shop(tmp_path, pin=True)
    document = checked_file(path, text=CHANGED)
    accept = [lens for lens in code_lenses(document, 12) if lens.command.title == "Accept snapshot"]
    assert [(lens.range.start.line, lens.command.command, lens.command.arguments) for lens in accept] == [
        (3, "scenario.acceptSnapshots", [{"uri": document.uri, "scenarios": ["cart"]}])
    ]


def test_an_unchanged_snapshot_has_no_accept_lens(tmp_path):
    document = checked_file(shop(tmp_path, pin=True))
    assert "Accept snapshot" not in [lens.command.title for lens in code_lenses(document, 12)]


def test_the_verdict_lens_names_the_snapshot_failures(tmp_path):
    text = SHOP.replace("expected: false", "expected: true").replace("'pong'", "ping")
    path = shop(tmp_path, text, pin=True)
    assert verdict_title(checked_file(path, text=text.replace("counter: 0", "counter: 4"))) == "✗ 2/2 passed, 1 snapshot changed"
    assert verdict_title(checked_file(path)) == "✓ 2/2 passed"


def test_hover_on_a_changed_scenario_shows_the_full_diff(tmp_path):
    path = shop(tmp_path, pin=True)
    document = checked_file(path, text=CHANGED)
    found = hover(document, position(CHANGED, "cart", 1), markdown=True)
    scenario_hash = document.report.scenarios[0].scenario_hash
    assert found.contents.value == (
        f"scenario_hash `{scenario_hash}`\n\n"
        "snapshot changed (2 paths; stored in `__snapshots__/shop.scenario.yaml.json`):\n"
        "```\ndaily_loop.final_state.counter: 1 → 5\necho.final_state.counter: 0 → 4\n```"
    )


def test_a_run_report_gives_each_scenarios_snapshot_state_and_counts_the_failures(tmp_path):
    path = shop(tmp_path, pin=True)
    report = suite_report(checked_file(path, text=CHANGED))
    [cart] = report["scenarios"]
    assert (cart["snapshot"], cart["snapshot_message"]) == (
        "changed",
        "scenario 'cart' differs from its snapshot: daily_loop.final_state.counter: 1 → 5, echo.final_state.counter: 0 → 4",
    )
    summary = run_summary([report])
    assert summary["snapshots_failed"] == 1
    assert summary_message(summary, "suite shop") == "suite shop: 0 passed, 2 failed, 1 snapshot failed"


# -- scenario.acceptSnapshots ------------------------------------------------------------------------------


def test_accepting_one_scenario_writes_its_snapshot_and_says_what_it_stored(tmp_path):
    path = shop(tmp_path, pin=True)
    document = checked_file(path, text=CHANGED)
    answer = accept_snapshots(document, document.uri, ["cart"])
    assert answer == {
        "uri": document.uri,
        "snapshot": snapshot_path(path).as_uri(),
        "accepted": ["cart"],
        "added": [],
        "removed": [],
        "refused": None,
    }
    assert json.loads(snapshot_path(path).read_text())["scenarios"]["cart"]["daily_loop"]["final_state"]["counter"] == 5
    assert accept_message(answer) == "Snapshots: accepted 'cart'"


def test_accepting_in_a_file_with_input_errors_writes_nothing_and_says_why(tmp_path):
    text = SHOP.replace("      - daily_loop\n", "      - daily_lop\n")
    document = checked_file(shop(tmp_path, text))
    answer = accept_snapshots(document, document.uri, None)
    assert answer["refused"] == (
        "the file has input errors: line 7: unknown_mission: unknown mission 'daily_lop'; did you mean 'daily_loop'?"
    )
    assert not snapshot_path(Path(tmp_path / "shop.scenario.yaml")).parent.exists()
    assert accept_message(answer).startswith("Snapshots not accepted: the file has input errors")


def test_accepting_what_is_stored_already_writes_nothing(tmp_path):
    path = shop(tmp_path, pin=True)
    before = snapshot_path(path).stat().st_mtime_ns
    answer = accept_snapshots(checked_file(path), path.as_uri(), None)
    assert (answer["accepted"], answer["added"], answer["removed"]) == ([], [], [])
    assert snapshot_path(path).stat().st_mtime_ns == before
    assert accept_message(answer) == "Snapshots: nothing to accept, they are as stored"
