"""Inlay hints, in process: actual values after `expected:` and `path:`, and the verdict for clients without code lenses."""
from __future__ import annotations

import pytest
from checked_documents import ENCODINGS, FAILING, PASSING, checked, checked_file, span_of
from lsprotocol import types

from scenario_core.checking.pipeline import check
from scenario_core.source.positions import Encoding
from scenario_lsp.features.hints import inlay_hints, short_value

EVERYWHERE = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=10_000, character=0))

# The expected value and the path end after 😀 (1 code point, 2 UTF-16 units, 4 UTF-8 bytes).
WIDE = """suite: wide
scenarios:
  - {name: "😀", initial_state: {"😀": 1, message: ping}, missions: [{name: echo, params: {payload_key: message}}]}
expectations:
  - {id: e, scenario: "😀", mission: echo, path: final_state.echo, op: eq, expected: "pong 😀"}
"""


def shown(found: list[types.InlayHint]) -> list[tuple]:
    return [(h.position.line, h.position.character, h.label, h.padding_left) for h in found]


def values(document, wanted: types.Range = EVERYWHERE) -> list[tuple]:
    return shown(inlay_hints(document, wanted, values=True, verdict=False, hash_length=12))


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_actual_value_follows_the_expected_value_and_the_path_in_each_encoding(encoding: Encoding):
    path_end = span_of(WIDE, "final_state.echo", encoding)[3]
    expected_end = span_of(WIDE, '"pong 😀"', encoding)[3]
    assert values(checked(WIDE, encoding)) == [
        (4, path_end, '= "ping"', True),
        (4, expected_end, '⟵ got "ping"', True),
    ]


def test_a_passing_expectation_shows_only_the_value_its_path_reached():
    found = values(checked(PASSING))
    assert found[:2] == [(17, 17, "= true", True), (23, 29, "= 1", True)]
    assert not any(label.startswith("⟵") for _, _, label, _ in found)


def test_a_missing_path_or_a_missing_scenario_shows_no_value():
    lines = {line for line, _, _, _ in values(checked(FAILING))}
    assert 45 not in lines  # counter_path: final_state.count does not exist
    assert 57 not in lines  # ghost_scenario: scenario baselin does not exist


def test_an_expected_value_on_several_lines_gets_its_hint_at_the_end_of_the_expected_line():
    text = PASSING.replace(
        "path: final_state.echo\n    op: eq\n    expected: ping", "path: final_state\n    op: eq\n    expected:\n      counter: 0\n      echo: ping"
    )
    line = text.splitlines().index("    expected:")
    assert values(checked(text))[2:4] == [
        (line - 2, 21, '= {"counter": 0, "echo": "ping"…', True),
        (line, 13, '⟵ got {"counter": 0, "echo": "ping"…', True),
    ]


def test_long_values_are_cut_to_thirty_characters_with_an_ellipsis():
    assert short_value("x" * 40) == '"' + "x" * 28 + "…"
    assert short_value({"a": [1, 2]}) == '{"a": [1, 2]}'
    assert len(short_value(list(range(100)))) == 30


def test_only_the_lines_asked_for_get_hints():
    wanted = types.Range(start=types.Position(line=20, character=0), end=types.Position(line=25, character=0))
    assert [line for line, *_ in values(checked(PASSING), wanted)] == [23]


def test_value_hints_can_be_turned_off():
    assert inlay_hints(checked(PASSING), EVERYWHERE, values=False, verdict=False, hash_length=12) == []


# -- the verdict, for clients without code lenses --------------------------------------------------


def verdict(document, hash_length: int = 12) -> list[tuple]:
    return shown(inlay_hints(document, EVERYWHERE, values=False, verdict=True, hash_length=hash_length))


def test_the_verdict_comes_at_the_end_of_the_suite_scenario_and_expectation_lines():
    report = check(PASSING)
    baseline, busy = (s.scenario_hash for s in report.scenarios)
    lines = PASSING.splitlines()
    end = lambda line: (line, len(lines[line]))  # noqa: E731
    assert verdict(checked(PASSING), 8) == [
        (*end(1), f"✓ 5/5 passed · test_run {report.test_run_hash[:8]}", True),
        (*end(3), f"scenario_hash {baseline[:8]}", True),
        (*end(9), f"scenario_hash {busy[:8]}", True),
        (*end(14), "✓ passed", True),
        (*end(20), "✓ passed", True),
        (*end(26), "✓ passed", True),
        (*end(32), "✓ passed", True),
        (*end(38), "✓ passed", True),
    ]


def test_the_verdict_hints_carry_the_full_hash_as_tooltip():
    report = check(PASSING)
    [suite, baseline, *_] = inlay_hints(checked(PASSING), EVERYWHERE, values=False, verdict=True, hash_length=12)
    assert (suite.tooltip, baseline.tooltip) == (f"test_run_hash {report.test_run_hash}", f"scenario_hash {report.scenarios[0].scenario_hash}")


def test_a_failed_expectation_shows_the_message_of_its_finding():
    assert ("✗ expected false, got true" in [label for _, _, label, _ in verdict(checked(FAILING))])


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_verdict_hints_sit_at_the_end_of_a_line_with_an_emoji_in_each_encoding(encoding: Encoding):
    line_end = span_of(WIDE, WIDE.splitlines()[2], encoding)[3]
    assert [(line, character) for line, character, _, _ in verdict(checked(WIDE, encoding))][1] == (2, line_end)


def test_a_scenario_whose_snapshot_changed_says_so_in_its_verdict_hint(tmp_path):
    path = tmp_path / "daily.scenario.yaml"
    text = PASSING.replace("\nscenarios:", "\nsnapshot: true\nscenarios:", 1)
    document = checked_file(path, text=text)
    labels = [label for _, _, label, _ in verdict(document)]
    assert labels[0].startswith("✗ 5/5 passed, 2 snapshots missing · test_run ")
    assert labels[1].endswith(" · snapshot missing")
