"""Scenarios and expectations read as they are parsed are what reading the whole tree gives."""
from __future__ import annotations

import pytest
from helpers import EXAMPLES

from scenario_core.checking._memo import IdentityMemo
from scenario_core.checking.document import read_document, read_while_parsing
from scenario_core.source.findings import Finding
from scenario_core.yaml.parse import YNode, parse_yaml

TRICKY = {
    "bad items": """\
suite: s
scenarios:
  - name: a
    missions: [daily_loop]
    extra: 1
  - 42
  - name: ""
  - missions: [daily_loop]
expectations:
  - {id: e, scenario: a, mission: daily_loop, path: success, op: eq}
  - {id: f, scenario: a, mission: daily_loop, path: success, op: nope, expected: 1}
""",
    "anchors and aliases": """\
suite: s
scenarios:
  - &first {name: a, initial_state: {counter: 1}, missions: [daily_loop]}
  - name: b
    initial_state: &state {counter: 2}
    missions: [daily_loop]
  - name: c
    initial_state: *state
    missions: [daily_loop]
  - <<: *first
    name: d
expectations:
  - *first
  - {id: e, scenario: d, mission: daily_loop, path: success, op: eq, expected: true}
""",
    "duplicate lists": """\
suite: s
scenarios:
  - {name: gone, missions: [daily_loop]}
scenarios:
  - {name: kept, missions: [daily_loop]}
  - {name: kept, missions: [daily_loop]}
""",
    "broken later": """\
suite: s
scenarios:
  - {name: a, missions: [daily_loop]}
expectations: [
""",
    "not a list": """\
suite: s
scenarios: {name: a}
expectations:
  - [1, 2]
""",
}
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.scenario.yaml"))} | TRICKY


def read(text: str, *, while_parsing: bool) -> tuple[object, list[Finding]]:
    findings: list[Finding] = []
    memo = IdentityMemo()
    memo.start()
    parsed = parse_yaml(text, None, read_while_parsing(memo) if while_parsing else None)
    findings.extend(parsed.findings)
    document = read_document(parsed.root, parsed.lines, findings, memo)
    # Definitions compare by value; where their nodes are, as ranges.
    definitions = [(s, s.range, s.name_range, [(c.range, c.name_range) for c in s.calls]) for s in document.scenarios] + [
        (e, e.range, e.id_range, e.expected_node and e.expected_node.range) for e in document.expectations
    ]
    return definitions, findings


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_reading_while_parsing_gives_the_definitions_and_findings_of_reading_the_tree(name):
    text = TEXTS[name]
    definitions, findings = read(text, while_parsing=True)
    assert (definitions, findings) == read(text, while_parsing=False)
    assert definitions or findings


def test_each_item_is_emptied_before_the_next_is_composed_and_anchored_items_are_left_whole():
    offered: list[tuple[str, int, YNode]] = []
    memo = IdentityMemo()
    memo.start()
    hook = read_while_parsing(memo)

    def watch(key: str, index: int, item: YNode) -> None:
        if offered:
            assert offered[-1][2].value == []  # the previous item went before this one was composed
        offered.append((key, index, item))
        hook(key, index, item)

    parsed = parse_yaml(TRICKY["anchors and aliases"], None, watch)
    assert [(key, index) for key, index, _ in offered] == [("scenarios", 2), ("scenarios", 3), ("expectations", 1)]
    assert offered[-1][2].value == []
    scenarios = parsed.root.get("scenarios")
    first, second = scenarios.value[0], scenarios.value[1]
    assert first.get("name").value == "a"  # it defines an anchor: an alias took it whole
    assert second.get("name").value == "b"  # an anchor inside it
