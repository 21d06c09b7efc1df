"""Columns are code points in the core; editors get UTF-16 or UTF-8 on request."""
from __future__ import annotations

from helpers import one, run, span

from scenario_core.source.positions import LineIndex, Position

LINE = "  - {id: \U0001F600 \u6f22, x: 1}"


def test_emoji_counts_as_one_code_point_two_utf16_units_and_four_utf8_bytes():
    index = LineIndex(LINE)
    column = LINE.index("\u6f22")
    assert column == 11
    assert index.encode_column(0, column, "utf-32") == 11
    assert index.encode_column(0, column, "utf-16") == 12
    assert index.encode_column(0, column, "utf-8") == 14


def test_decode_column_inverts_encode_column_in_every_encoding():
    index = LineIndex(LINE)
    for column in range(len(LINE) + 1):
        for encoding in ("utf-8", "utf-16", "utf-32"):
            assert index.decode_column(0, index.encode_column(0, column, encoding), encoding) == column


def test_a_column_past_the_end_of_the_line_decodes_to_the_end_of_the_line_in_every_encoding():
    index = LineIndex(LINE + "\nnext")
    for encoding in ("utf-8", "utf-16", "utf-32"):
        assert index.decode_column(0, 1000, encoding) == len(LINE)


def test_crlf_and_cr_line_breaks_count_as_one():
    index = LineIndex("a\r\nb\rc\nd")
    assert list(index.line_starts) == [0, 3, 5, 7]
    assert index.line_text(0) == "a"
    assert index.position_of_offset(6) == Position(2, 1)


def test_finding_after_an_emoji_has_its_code_point_column():
    report = run("""
        suite: s
        scenarios:
          - {name: "\U0001F600", initial_state: {n: 0}, missions: [daily_loop]}
        expectations:
          - {id: "\u6f22\u5b57", scenario: "\U0001F600", mission: daily_loop, path: success, op: eq, expected: false}
        """)
    finding = one(report, "eq_mismatch")
    assert span(finding) == (4, 84, 4, 89)
    assert report.lines.line_text(4)[84:89] == "false"


def test_nel_and_line_separators_inside_text_do_not_move_later_lines():
    # libyaml counts U+0085, U+2028 and U+2029 as line breaks; editors (and LSP) do not.
    report = run("""
        suite: "a\u2028b\u0085c"
        scenarios: 5
        """)
    finding = one(report, "wrong_type")
    assert span(finding) == (1, 11, 1, 12)
    assert report.lines.line_text(1) == "scenarios: 5"


def test_a_byte_order_mark_is_a_character_and_moves_nothing_after_it():
    # libyaml's marks leave out a leading byte order mark; the text the editor holds has it.
    report = run("\ufeffsuite: s\nscenarios: 5\n")
    assert span(one(report, "wrong_type")) == (1, 11, 1, 12)


def test_a_collection_that_ends_the_file_ends_on_its_last_line():
    # Without a final line break libyaml ends block collections on a line past the text.
    report = run("suite: s\nscenarios:\n  - name: a\n    missions: [nope]")
    scenario = report.document.scenarios[0]
    assert (scenario.range.end.line, scenario.range.end.column) == (3, 20)
