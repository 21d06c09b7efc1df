"""A finding as a terminal shows it: its location line, the YAML around it, a marker under the node."""
from __future__ import annotations

from scenario_core.source.excerpt import excerpt, finding_line, finding_text
from scenario_core.source.findings import Finding
from scenario_core.source.positions import LineIndex, SourceRange

TEXT = "suite: s\nscenarios:\n  - name: a\n    missions: [daily_lop]\nexpectations: []\n"


def test_the_location_line_is_the_cli_s():
    finding = Finding("unknown_mission", "unknown mission 'daily_lop'", SourceRange.of(3, 15, 3, 24))
    assert finding_line("f.scenario.yaml", finding) == "f.scenario.yaml:4:16: error unknown_mission: unknown mission 'daily_lop'"


def test_two_lines_before_one_after_and_a_marker_as_wide_as_the_node():
    finding = Finding("unknown_mission", "unknown mission 'daily_lop'", SourceRange.of(3, 15, 3, 24))
    assert finding_text("f.scenario.yaml", LineIndex(TEXT), finding).split("\n") == [
        "f.scenario.yaml:4:16: error unknown_mission: unknown mission 'daily_lop'",
        "2 | scenarios:",
        "3 |   - name: a",
        "4 |     missions: [daily_lop]",
        "  |                ^^^^^^^^^",
        "5 | expectations: []",
    ]


def test_the_top_of_the_file_has_no_lines_before_it_and_blank_lines_after_are_left_out():
    assert excerpt(LineIndex("suite: s\n\n\n"), SourceRange.of(0, 0, 0, 5)) == ["1 | suite: s", "  | ^^^^^"]


def test_an_empty_range_gets_one_mark():
    assert excerpt(LineIndex("a: 1\n"), SourceRange.point(0, 4)) == ["1 | a: 1", "  |     ^"]


def test_wide_characters_count_two_columns_and_tabs_are_kept():
    lines = LineIndex("k: {id: '🎉', x:\tyes}\n")
    # "yes" after 9 characters, the emoji (two columns), 5 more and a tab
    assert excerpt(lines, SourceRange.of(0, 16, 0, 19)) == ["1 | k: {id: '🎉', x:\tyes}", "  | " + " " * 16 + "\t^^^"]


def test_a_range_over_several_lines_is_marked_on_its_first_and_ends_before_a_line_it_only_touches():
    text = "a:\n  b: 1\n  c: 2\nd: 3\ne: 4\n"
    assert excerpt(LineIndex(text), SourceRange.of(1, 2, 3, 0)) == [
        "1 | a:",
        "2 |   b: 1",
        "  |   ^^^^",
        "3 |   c: 2",
        "4 | d: 3",
    ]


def test_line_numbers_are_right_aligned_in_one_gutter():
    text = "".join(f"k{i}: {i}\n" for i in range(12))
    assert excerpt(LineIndex(text), SourceRange.of(9, 0, 9, 2)) == [
        " 8 | k7: 7",
        " 9 | k8: 8",
        "10 | k9: 9",
        "   | ^^",
        "11 | k10: 10",
    ]
