"""Accepting actual values keeps the file as written: only the expected values that changed are touched."""
from __future__ import annotations

import difflib
import json
import shutil

import pytest
import yaml
from helpers import EXAMPLES
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scenario_core.checking.accept import apply_edits, expected_edits, refusal_of_file
from scenario_core.checking.pipeline import check
from scenario_core.checking.snapshots import snapshot_path, write_snapshot_file
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.yaml.writing import block_yaml

EXPECTATION = """\
suite: s
scenarios:
  - name: b
    initial_state: {{counter: 0, message: ping, tags: [a, b]}}
    missions: [daily_loop, {{name: echo, params: {{payload_key: message}}}}]
expectations:
  - id: e
    scenario: b
    mission: daily_loop
    path: {path}
    op: eq
    expected:{expected}
"""


def accepted(text: str) -> str:
    edits, refused = expected_edits(check(text))
    assert refused == []
    return apply_edits(text, edits)


def expectation(path: str, expected: str) -> str:
    return EXPECTATION.format(path=path, expected=expected)


@pytest.mark.parametrize(
    "path, before, after",
    [
        ("success", " false", " true"),
        ("success", " 'no'  # was wrong", " true  # was wrong"),
        ("success", "", " true"),
        ("success", " |\n      two\n      lines\n", " true\n"),
        ("final_state.message", ' "pong"', " ping"),
        ("final_state.tags", " [a, c]  # c was b", " [a, b]  # c was b"),
        ("final_state", " {counter: 5, message: ping, tags: [a, b]}", " {counter: 1, message: ping, tags: [a, b]}"),
        (
            "final_state",
            "\n      counter: 5   # off by four\n      message: ping\n      tags: [a, b]\n    # the end\n",
            "\n      counter: 1   # off by four\n      message: ping\n      tags: [a, b]\n    # the end\n",
        ),
        ("final_state", " {counter: 1}", " {counter: 1, message: ping, tags: [a, b]}"),
        ("final_state", "\n      counter: 1\n", "\n      counter: 1\n      message: ping\n      tags: [a, b]\n"),
        ("lineage.executed_step_ids", "\n    - plan\n    - wrok  # typo\n    - review\n", "\n    - plan\n    - work  # typo\n    - review\n"),
        ("lineage.executed_step_ids", "\n    - plan\n", "\n    - plan\n    - work\n    - review\n"),
    ],
    ids=[
        "plain", "quoted-with-comment", "empty", "block-scalar", "double-quoted", "flow-list", "flow-map-entry",
        "block-map-entry", "flow-map-grown", "block-map-grown", "block-list-entry", "block-list-grown",
    ],
)
def test_accepting_replaces_only_what_differs_in_the_style_it_was_written(path, before, after):
    assert accepted(expectation(path, before)) == expectation(path, after)


@pytest.mark.parametrize(
    "expected",
    [" &no false", " !!bool false", "\n      <<: *state\n      tags: [a, b]\n"],
    ids=["anchor", "tag", "merge-key-entry-that-differs"],
)
def test_a_value_tied_to_other_places_is_refused_with_the_reason(expected):
    text = expectation("final_state" if "<<" in expected else "success", expected).replace(
        "initial_state: {counter: 0", "initial_state: &state {counter: 0"
    )
    edits, refused = expected_edits(check(text))
    assert edits == []
    assert [(r.expectation, r.reason) for r in refused] == [
        ("e", "its expected value is an alias, holds an anchor or a tag, or comes from a merge key")
    ]


def test_an_entry_beside_a_merge_key_is_replaced_alone():
    text = expectation("final_state", "\n      <<: *state\n      counter: 7\n").replace(
        "initial_state: {counter: 0", "initial_state: &state {counter: 0"
    )
    assert accepted(text) == text.replace("counter: 7", "counter: 1")


def test_nothing_is_accepted_in_a_file_with_input_errors():
    report = check(expectation("success", " false").replace("[daily_loop,", "[daily_lop,"))
    assert expected_edits(report) == ([], [])
    assert refusal_of_file(report) == (
        "the file has input errors: line 5: unknown_mission: unknown mission 'daily_lop'; did you mean 'daily_loop'?"
    )


def test_only_eq_expectations_are_accepted():
    text = expectation("success", " true").replace("op: eq", "op: ne")
    assert expected_edits(check(text)) == ([], [])


def test_block_yaml_lines_up_every_entry_with_the_first():
    assert block_yaml({"a": 1, "b": {"c": [1, "x y"]}}, 6) == "a: 1\n      b: {c: [1, x y]}"
    assert block_yaml(["yes", None], 4) == '- "yes"\n    - null'


# -- every example ----------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.scenario.yaml")), ids=lambda p: p.name)
def test_accepting_every_example_leaves_no_failed_eq_expectation_and_changes_only_expected_lines(example, tmp_path):
    """Each eq expectation's expected made wrong, snapshots asked for; accepting puts back what the file said."""
    original = example.read_text(encoding="utf-8")
    report = check(original)
    wrong = original
    for outcome in sorted(report.expectations, key=lambda o: -o.definition.range.start.line):
        node = outcome.definition.expected_node
        if outcome.definition.op == "eq" and outcome.passed and node is not None:
            start, end = report.lines.offset_of(node.start), report.lines.offset_of(node.end)  # nodes hold positions
            wrong = wrong[:start] + '"wrong"' + wrong[end:]
    wrong = wrong.replace("\nscenarios:", "\nsnapshot: true\nscenarios:", 1)
    path = tmp_path / example.name
    path.write_text(wrong, encoding="utf-8")
    before = check(wrong, path=path)
    if before.invalid:  # the failing example: nothing is accepted
        assert expected_edits(before) == ([], [])
        return
    edits, _ = expected_edits(before)
    text = apply_edits(wrong, edits)
    write_snapshot_file(before.snapshots.accepted())
    after = check(text, path=path)
    assert [f.code for f in after.findings if f.code in ("eq_mismatch", "snapshot_missing", "snapshot_changed")] == []
    assert text == original.replace("\nscenarios:", "\nsnapshot: true\nscenarios:", 1)
    changed = [line for line in difflib.unified_diff(wrong.splitlines(), text.splitlines(), lineterm="", n=0) if line[:1] in "+-"]
    assert all("expected:" in line or line.startswith(("+++", "---")) for line in changed)
    assert snapshot_path(path).exists()


# -- generated files ----------------------------------------------------------------------------------

keys = st.from_regex(r"[a-z]{1,4}", fullmatch=True)
texts = st.text(alphabet="abxyz é:#-'\"", max_size=6)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False), texts)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3), max_leaves=8)


def _json_flow(value, data) -> str:
    return json.dumps(value, ensure_ascii=data.draw(st.booleans()))


def _block(value, indent: int) -> str:
    """``value`` under a key, in block style at ``indent`` spaces (a scalar stays on the key's line)."""
    dumped = yaml.safe_dump(value, default_flow_style=False, allow_unicode=True, sort_keys=False, width=1000)
    if not isinstance(value, (dict, list)) or not value:
        return " " + dumped.split("\n...")[0].strip()
    pad = " " * indent
    return "\n" + "".join(pad + line + "\n" for line in dumped.splitlines())


def rendered(value, indent: int, data) -> str:
    style = data.draw(st.sampled_from(["json", "block", "block+comment", "json+comment"]))
    text = _json_flow(value, data) if style.startswith("json") else _block(value, indent)
    if style.endswith("comment"):
        text = text.rstrip("\n") + "  # note\n"
    return text if text.startswith("\n") else " " + text.lstrip(" ")


PATHS = ["success", "final_state", "final_state.counter", "final_state.k", "lineage.executed_step_ids", "executed_steps.0", "receipt"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_accepting_a_generated_file_passes_every_eq_expectation_and_touches_nothing_else(data):
    indent = data.draw(st.sampled_from([2, 4]))
    pad = " " * indent
    state = data.draw(st.dictionaries(keys.filter(lambda k: k != "counter"), values, max_size=3))
    lines = ["# generated", "suite: gen", "scenarios:", f"{pad}- name: a", f"{pad}  initial_state: {canonical_json(state)}", f"{pad}  missions: [daily_loop]", "expectations:"]
    for number in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(PATHS))
        fields = [f"id: e{number}", "scenario: a", "mission: daily_loop", f"path: {path}", "op: eq"]
        fields = data.draw(st.permutations(fields))
        expected = rendered(data.draw(values), indent + 4, data) if data.draw(st.booleans()) else " true"
        if path == "success" and data.draw(st.booleans()):
            expected = " true  # already right"
        lines.append(f"{pad}- {fields[0]}")
        lines += [f"{pad}  {field}" for field in fields[1:]]
        lines.append(f"{pad}  expected:{expected.rstrip(chr(10))}")
    text = "\n".join(lines) + "\n"
    before = check(text)
    assume(not before.invalid)
    edits, refused = expected_edits(before)
    assert refused == []
    after_text = apply_edits(text, edits)
    after = check(after_text)
    # What was found stays found, but for the failures fixed and what was said about the values replaced.
    replaced = [edit.range for edit in edits]
    still = [f.code for f in before.findings if f.code != "eq_mismatch" and not any(r.start <= f.range.start <= r.end for r in replaced)]
    assert [f.code for f in after.findings] == still
    # Every replacement lies inside the expected value of an expectation that failed.
    failed = [o.definition.expected_node for o in before.expectations if not o.passed]
    for replacement in (r for e in edits for r in e.replacements):
        offset = before.lines.offset_of  # nodes hold positions; replacements, offsets
        assert any(offset(node.start) <= replacement.start <= replacement.end <= offset(node.end) for node in failed), replacement
    # The rest of the file reads as before: the same scenarios and expectations, in the same order.
    shape = lambda report: (  # noqa: E731
        [(s.name, s.initial_state, [c.name for c in s.calls]) for s in report.document.scenarios],
        [(x.id, x.scenario, x.mission, x.path, x.op) for x in report.document.expectations],
    )
    assert shape(after) == shape(before)
    assert after_text.count("\n# generated\n") == 0 and after_text.startswith("# generated\n")


def test_accepting_an_unchanged_file_changes_nothing(tmp_path):
    path = tmp_path / "passing.scenario.yaml"
    shutil.copy(EXAMPLES / "passing.scenario.yaml", path)
    report = check(path.read_text(), path=path)
    assert expected_edits(report) == ([], [])
    assert report.snapshots is None
