"""Hostile files get a finding at a position; never a crash, a hang or a RecursionError."""
from __future__ import annotations

import pytest
from helpers import one, span

from scenario_core.checking.pipeline import check, check_bytes
from scenario_core.yaml.parse import MAX_EXPANDED, MAX_TEXT

BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
    + ["suite: s", "scenarios: []", ""]
)


def test_alias_bomb_is_too_large_at_the_node_that_crosses_the_bound():
    report = check(BILLION_LAUGHS)
    finding = one(report, "too_large")
    assert finding.message == (
        f"this value expands to 1,111,111 values through aliases; the most a scenario file may have is {MAX_EXPANDED:,}"
    )
    assert span(finding)[:2] == (5, 3)  # line "f: &f [...]", the first over the bound


def test_flow_nesting_20000_deep_is_a_syntax_error_at_its_depth():
    report = check("suite: " + "[" * 20000 + "]" * 20000 + "\n")
    finding = one(report, "yaml_syntax")
    assert finding.message.startswith("exceeded maximum nesting depth")
    assert finding.range.start.line == 0


def test_block_nesting_20000_deep_is_a_syntax_error():
    report = check("suite: x\nscenarios:\n" + "- " * 20000 + "x\n")
    assert one(report, "yaml_syntax").message.startswith("exceeded maximum nesting depth")


def test_invalid_utf8_is_an_encoding_finding_at_the_bad_byte():
    report = check_bytes("suite: caf\u00e9\n".encode() + b"scenarios: [\xff]\n")
    finding = one(report, "encoding")
    assert finding.message == "the file is not valid UTF-8 (byte 0xff at offset 25); save it as UTF-8"
    assert span(finding) == (1, 12, 1, 13)


def test_binary_that_is_not_utf8_is_an_encoding_finding_at_its_first_byte():
    report = check_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert span(one(report, "encoding")) == (0, 0, 0, 1)


def test_binary_junk_in_utf8_is_a_syntax_finding_at_the_first_bad_character():
    report = check_bytes(b"suite: s\n\x00\x01\x02 junk")
    finding = one(report, "yaml_syntax")
    assert finding.message == "character U+0000 is not allowed in YAML text"
    assert span(finding) == (1, 0, 1, 1)


def test_control_character_is_reported_at_its_position():
    report = check("suite: s\nscenarios: [a\x07]\n")
    assert span(one(report, "yaml_syntax")) == (1, 13, 1, 14)
    assert one(report, "yaml_syntax").message == "character U+0007 is not allowed in YAML text"


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("suite: s\nscenarios:\n\t- name: a\n", (2, 0, 2, 1)),
        ("suite: s\nscenarios:\n  - name: a\n    missions:\n    \t- daily_loop\n", (4, 4, 4, 5)),
        ("suite: s\n\tscenarios: []\n", (1, 0, 1, 1)),
    ],
)
def test_tab_indentation_is_a_syntax_error_at_the_tab_that_says_to_use_spaces(text: str, at: tuple[int, int, int, int]):
    finding = one(check(text), "yaml_syntax")
    assert finding.message == "tabs cannot indent YAML; use spaces"
    assert span(finding) == at


def test_a_tab_where_a_token_would_start_says_to_use_spaces():
    finding = one(check("suite: s\nscenarios:\n  - name: a\n  -\t- b\n"), "yaml_syntax")
    assert finding.message == "a tab cannot stand here in YAML; use spaces"
    assert span(finding) == (3, 3, 3, 4)


def test_a_file_larger_than_the_limit_is_too_large_without_parsing():
    report = check("#" * (MAX_TEXT + 1))
    assert one(report, "too_large").range.start.line == 0


def test_a_five_megabyte_single_line_gets_a_finding():
    report = check("suite: " + "x" * 5_000_000)
    assert one(report, "missing_key").message == "the file needs 'scenarios'"


def test_a_file_that_is_not_yaml_is_a_finding():
    report = check("<html><body>not yaml: {</body></html>")
    assert [f.code for f in report.findings] == ["yaml_syntax"]


def test_recursive_alias_is_a_finding():
    report = check("suite: s\nscenarios: &a [*a]\n")
    assert one(report, "yaml_value").message == "alias *a refers to a value that contains it"


def test_unknown_alias_is_a_syntax_finding():
    report = check("suite: s\nscenarios: [*nope]\n")
    finding = one(report, "yaml_syntax")
    assert finding.message == "unknown alias *nope"
    assert span(finding) == (1, 12, 1, 17)


def test_a_second_document_is_reported_and_ignored():
    report = check("suite: s\nscenarios: []\n---\nsuite: t\n")
    finding = one(report, "yaml_syntax")
    assert finding.message == "a scenario file holds one YAML document; this second one is ignored"
    assert finding.range.start.line == 2
    assert report.document.suite_name == "s"


def test_empty_file_asks_for_suite_and_scenarios():
    assert one(check(""), "missing_key").message == "a scenario file needs 'suite' and 'scenarios'"
