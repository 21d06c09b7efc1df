"""Snapshots: a suite's or a scenario's results pinned in __snapshots__/, compared on every check, accepted on demand."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import WAIT_S, findings, located, one, span

from scenario_core.checking.cache import ScenarioCache
from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.checking.snapshots import (
    FORMAT,
    scenario_file_of,
    snapshot_path,
    snapshot_text,
    write_snapshot_file,
)
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.orchestration.jsondiff import Change, differences

SUITE = """\
suite: shop
snapshot: true
missions:
  tally:
    steps:
      - {id: plan, kind: runtime}
      - {id: total, kind: runtime, payload: {operation: set, key: total, value: 120}}
      - {id: review, kind: human}
scenarios:
  - name: cart
    initial_state: {items: [a, b, c]}
    missions: [tally]
  - name: empty
    missions: [tally]
"""


class InMemory:
    """Files as an editor holds them: the given texts, nothing else."""

    def __init__(self, texts: dict[Path, str]) -> None:
        self.texts = texts

    def read_text(self, path: Path) -> str | None:
        return self.texts.get(path)


def checked(path: Path, text: str | None = None, **options) -> CheckReport:
    return check(path.read_text(encoding="utf-8") if text is None else text, path=path, **options)


def pinned(tmp_path: Path, text: str = SUITE) -> Path:
    """A scenario file whose snapshots were accepted as they are now."""
    path = tmp_path / "shop.scenario.yaml"
    path.write_text(text, encoding="utf-8")
    write_snapshot_file(checked(path).snapshots.accepted())
    return path


def codes(report: CheckReport) -> list[str]:
    return [f.code for f in report.findings]


# -- where snapshots live -----------------------------------------------------------


def test_a_files_snapshots_live_in_snapshots_beside_it_named_after_it(tmp_path):
    path = tmp_path / "shop.scenario.yaml"
    assert snapshot_path(path) == tmp_path / "__snapshots__" / "shop.scenario.yaml.json"
    assert scenario_file_of(snapshot_path(path)) == path


def test_only_a_json_file_in_a_snapshots_folder_belongs_to_a_scenario_file(tmp_path):
    assert scenario_file_of(tmp_path / "shop.scenario.yaml.json") is None
    assert scenario_file_of(tmp_path / "__snapshots__" / "notes.txt") is None


# -- missing ---------------------------------------------------------------------------


def test_each_snapshotted_scenario_without_a_stored_snapshot_is_snapshot_missing_at_its_name(tmp_path):
    path = tmp_path / "shop.scenario.yaml"
    report = checked(path, SUITE)
    missing = findings(report, "snapshot_missing")
    assert [f.message for f in missing] == [
        "scenario 'cart' has no snapshot in __snapshots__/shop.scenario.yaml.json yet; accept it to pin its current results",
        "scenario 'empty' has no snapshot in __snapshots__/shop.scenario.yaml.json yet; accept it to pin its current results",
    ]
    assert [span(f) for f in missing] == [located(report, "cart"), located(report, "empty")]
    assert missing[0].data == {"scenario": "cart", "snapshot": "__snapshots__/shop.scenario.yaml.json"}


def test_a_missing_snapshot_fails_the_verdict(tmp_path):
    report = checked(tmp_path / "shop.scenario.yaml", SUITE)
    assert (report.verdict, report.failed_count, report.snapshot_failures) == ("failed", 0, 2)


def test_a_check_never_writes_a_snapshot(tmp_path):
    checked(tmp_path / "shop.scenario.yaml", SUITE)
    assert list(tmp_path.iterdir()) == []


def test_text_that_is_not_a_file_compares_nothing():
    report = check(SUITE)
    assert (report.snapshots, codes(report), report.verdict) == (None, [], "passed")


def test_a_file_that_snapshots_nothing_and_has_no_snapshot_file_has_no_snapshot_report(tmp_path):
    report = checked(tmp_path / "shop.scenario.yaml", SUITE.replace("snapshot: true\n", ""))
    assert (report.snapshots, codes(report)) == (None, [])


# -- which scenarios --------------------------------------------------------------------


def test_a_scenario_can_ask_for_a_snapshot_in_a_suite_that_does_not(tmp_path):
    text = SUITE.replace("snapshot: true\n", "").replace("  - name: empty\n", "  - name: empty\n    snapshot: true\n")
    report = checked(tmp_path / "shop.scenario.yaml", text)
    assert [f.data["scenario"] for f in findings(report, "snapshot_missing")] == ["empty"]


def test_a_scenario_can_opt_out_of_the_suites_snapshot(tmp_path):
    text = SUITE.replace("  - name: empty\n", "  - name: empty\n    snapshot: false\n")
    report = checked(tmp_path / "shop.scenario.yaml", text)
    assert report.snapshots.states == {"cart": "missing"}


def test_only_the_scenario_that_wins_a_duplicate_name_is_compared(tmp_path):
    path = pinned(tmp_path)
    text = SUITE + "  - name: cart\n    initial_state: {items: []}\n    missions: [tally]\n"
    report = checked(path, text)
    changed = one(report, "snapshot_changed")
    assert span(changed) == located(report, "cart", 1)  # the name of the last scenario called cart
    assert changed.message == "scenario 'cart' differs from its snapshot: -tally.final_state.items.0, -tally.final_state.items.1, -tally.final_state.items.2"


def test_snapshot_must_be_a_boolean(tmp_path):
    report = checked(tmp_path / "shop.scenario.yaml", SUITE.replace("snapshot: true", "snapshot: yes"))
    wrong = one(report, "wrong_type")
    assert wrong.message == "'snapshot' of the file must be a boolean, not text"
    assert span(wrong) == located(report, "yes")
    assert report.snapshots is None


# -- unchanged and changed ------------------------------------------------------------------


def test_results_equal_to_the_stored_snapshot_pass(tmp_path):
    report = checked(pinned(tmp_path))
    assert (codes(report), report.verdict, dict(report.snapshots.states)) == ([], "passed", {"cart": "unchanged", "empty": "unchanged"})


def test_a_changed_result_is_snapshot_changed_at_the_scenarios_name_listing_old_and_new_values(tmp_path):
    path = pinned(tmp_path)
    report = checked(path, SUITE.replace("value: 120", "value: 108"))
    changed = findings(report, "snapshot_changed")
    assert [span(f) for f in changed] == [located(report, "cart"), located(report, "empty")]
    assert changed[0].message == (
        "scenario 'cart' differs from its snapshot: tally.final_state.total: 120 → 108, "
        "tally.executed_steps.1.payload.value: 120 → 108"
    )
    assert FrozenDict.thaw(changed[0].data) == {
        "scenario": "cart",
        "snapshot": "__snapshots__/shop.scenario.yaml.json",
        "changes": [
            {"path": "tally.final_state.total", "kind": "changed"},
            {"path": "tally.executed_steps.1.payload.value", "kind": "changed"},
        ],
        "total": 2,
    }
    assert report.verdict == "failed"


def test_an_added_value_is_shown_with_a_plus_and_a_removed_one_with_a_minus(tmp_path):
    path = pinned(tmp_path)
    text = SUITE.replace("initial_state: {items: [a, b, c]}", "initial_state: {items: [a, b], coupon: X}")
    changed = one(checked(path, text), "snapshot_changed")
    assert changed.message == "scenario 'cart' differs from its snapshot: +tally.final_state.coupon, -tally.final_state.items.2"


def test_a_removed_step_shows_every_path_it_changed_shortest_first(tmp_path):
    path = pinned(tmp_path)
    report = checked(path, SUITE.replace("      - {id: review, kind: human}\n", ""))
    changed = findings(report, "snapshot_changed")[0]
    assert changed.message == (
        "scenario 'cart' differs from its snapshot: -tally.executed_steps.2, tally.receipt.steps_executed: 3 → 2, "
        "tally.receipt.steps_planned: 3 → 2, -tally.lineage.executed_step_ids.2"
    )
    assert changed.data["total"] == 4


def test_more_than_five_changes_are_listed_five_then_counted(tmp_path):
    state = "{" + ", ".join(f"k{i}: {i}" for i in range(8)) + "}"
    path = pinned(tmp_path, SUITE.replace("initial_state: {items: [a, b, c]}", f"initial_state: {state}"))
    text = path.read_text().replace(state, "{" + ", ".join(f"k{i}: {i + 1}" for i in range(8)) + "}")
    changed = findings(checked(path, text), "snapshot_changed")[0]
    assert changed.message == (
        "scenario 'cart' differs from its snapshot: tally.final_state.k0: 0 → 1, tally.final_state.k1: 1 → 2, "
        "tally.final_state.k2: 2 → 3, tally.final_state.k3: 3 → 4, tally.final_state.k4: 4 → 5 and 3 more"
    )
    assert (len(changed.data["changes"]), changed.data["total"]) == (5, 8)


def test_long_values_are_shortened_in_the_message(tmp_path):
    path = pinned(tmp_path)
    long_text = "x" * 60
    changed = findings(checked(path, SUITE.replace("value: 120", f"value: {long_text}")), "snapshot_changed")[0]
    assert changed.message.startswith(
        "scenario 'cart' differs from its snapshot: tally.final_state.total: 120 → \"xxxxxxxxxxxxxxxxxxxxxxxxxx..., "
    )


def test_an_integer_that_became_a_float_is_a_change(tmp_path):
    path = pinned(tmp_path)
    changed = findings(checked(path, SUITE.replace("value: 120", "value: 120.0")), "snapshot_changed")[0]
    assert changed.message.startswith("scenario 'cart' differs from its snapshot: tally.final_state.total: 120 → 120.0")


def test_the_full_diff_of_a_changed_scenario_is_in_the_report(tmp_path):
    path = pinned(tmp_path)
    report = checked(path, SUITE.replace("value: 120", "value: 108"))
    assert report.snapshots.changes("cart") == [
        Change("tally.final_state.total", "changed", 120, 108),
        Change("tally.executed_steps.1.payload.value", "changed", 120, 108),
    ]
    assert report.snapshots.changes("missing_name") == []


# -- scenarios that did not run whole -----------------------------------------------------------


def test_a_scenario_with_a_call_that_could_not_run_is_not_compared(tmp_path):
    path = pinned(tmp_path)
    report = checked(path, SUITE.replace("    missions: [tally]\n  - name: empty", "    missions: [tally, talley]\n  - name: empty"))
    assert codes(report) == ["unknown_mission"]
    assert report.snapshots.states["cart"] == "not_run"


def test_accepting_keeps_the_stored_entry_of_a_scenario_that_did_not_run_whole(tmp_path):
    path = pinned(tmp_path)
    stored = json.loads(snapshot_path(path).read_text())["scenarios"]["cart"]
    report = checked(path, SUITE.replace("missions: [tally]\n  - name: empty", "missions: [talley]\n  - name: empty"))
    update = report.snapshots.accepted()
    assert not update.changes_anything
    assert json.loads(update.text)["scenarios"]["cart"] == stored


# -- orphans and unreadable files ----------------------------------------------------------------


def test_a_stored_entry_no_snapshotted_scenario_uses_is_reported_at_the_suite_name(tmp_path):
    path = pinned(tmp_path)
    report = checked(path, SUITE.replace("  - name: empty\n", "  - name: empty\n    snapshot: false\n"))
    orphan = one(report, "snapshot_orphaned")
    assert orphan.message == (
        "__snapshots__/shop.scenario.yaml.json has an entry for scenario 'empty', which this file does not snapshot; "
        "accepting all actual values removes it"
    )
    assert (span(orphan), orphan.severity.value, report.verdict) == (located(report, "shop"), "warning", "passed")


def test_accepting_everything_removes_orphaned_entries(tmp_path):
    path = pinned(tmp_path)
    update = checked(path, SUITE.replace("name: empty", "name: vacant")).snapshots.accepted()
    assert (update.added, update.removed) == (("vacant",), ("empty",))
    assert sorted(json.loads(update.text)["scenarios"]) == ["cart", "vacant"]


def test_accepting_the_name_of_an_orphan_removes_just_that_entry(tmp_path):
    path = pinned(tmp_path)
    update = checked(path, SUITE.replace("name: empty", "name: vacant")).snapshots.accepted(["empty"])
    assert (update.added, update.removed) == ((), ("empty",))
    assert sorted(json.loads(update.text)["scenarios"]) == ["cart"]


def test_a_snapshot_file_that_is_not_json_is_snapshot_invalid_at_the_suite_name(tmp_path):
    path = tmp_path / "shop.scenario.yaml"
    snapshot_path(path).parent.mkdir()
    snapshot_path(path).write_text('{\n<<<<<<< HEAD\n  "format": 1\n}\n')
    report = checked(path, SUITE)
    invalid = one(report, "snapshot_invalid")
    assert invalid.message == (
        "the snapshot file __snapshots__/shop.scenario.yaml.json cannot be read: it is not valid JSON "
        "(Expecting property name enclosed in double quotes: line 2 column 1 (char 2)); accepting all actual values rewrites it"
    )
    assert (span(invalid), codes(report), report.verdict) == (located(report, "shop"), ["snapshot_invalid"], "failed")


def test_a_json_file_of_another_format_is_snapshot_invalid(tmp_path):
    path = tmp_path / "shop.scenario.yaml"
    snapshot_path(path).parent.mkdir()
    snapshot_path(path).write_text('{"cart": {}}')
    assert one(checked(path, SUITE), "snapshot_invalid").data["problem"] == (
        f'it is not a snapshot file (its "format" is not "{FORMAT}")'
    )


def test_accepting_rewrites_an_unreadable_snapshot_file_whole(tmp_path):
    path = tmp_path / "shop.scenario.yaml"
    snapshot_path(path).parent.mkdir()
    snapshot_path(path).write_text("not json")
    update = checked(path, SUITE).snapshots.accepted(["cart"])
    assert (update.added, update.rewritten) == (("cart", "empty"), True)
    write_snapshot_file(update)
    assert codes(checked(path, SUITE)) == []


# -- what is read, and the file written --------------------------------------------------------------


def test_the_stored_snapshot_is_read_through_the_checks_files(tmp_path):
    path = pinned(tmp_path)
    held = InMemory({snapshot_path(path): snapshot_path(path).read_text().replace("120", "7")})
    report = checked(path, files=held)
    assert findings(report, "snapshot_changed")[0].message.startswith(
        "scenario 'cart' differs from its snapshot: tally.final_state.total: 7 → 120"
    )


def test_a_cached_check_reads_the_snapshot_file_again_and_sees_it_change(tmp_path):
    path = pinned(tmp_path)
    cache = ScenarioCache()
    assert codes(checked(path, cache=cache)) == []
    snapshot_path(path).write_text(snapshot_path(path).read_text().replace("120", "7"))
    assert codes(checked(path, cache=cache)) == ["snapshot_changed", "snapshot_changed"]


def test_the_snapshot_file_is_sorted_indented_ascii_json_with_one_key_per_scenario(tmp_path):
    text = snapshot_text({"b": {"m": {"z": 1, "a": "café"}}, "a": {}})
    assert text == textwrap.dedent("""\
        {
          "format": "scenario-harness-snapshot/1",
          "scenarios": {
            "a": {},
            "b": {
              "m": {
                "a": "caf\\u00e9",
                "z": 1
              }
            }
          }
        }
        """)


def test_accepting_a_missing_snapshot_stores_the_mission_results_as_the_report_has_them(tmp_path):
    path = pinned(tmp_path)
    stored = json.loads(snapshot_path(path).read_text())
    report = checked(path)
    assert stored["scenarios"]["cart"] == {"tally": report.mission_result("cart", "tally").to_dict()}


def test_removing_every_entry_removes_the_file_and_its_empty_folder(tmp_path):
    path = pinned(tmp_path)
    write_snapshot_file(checked(path, SUITE.replace("snapshot: true\n", "")).snapshots.accepted())
    assert list(tmp_path.iterdir()) == [path]


_WRITE_SNAPSHOT = """
import sys
from pathlib import Path
from scenario_core.checking.pipeline import check
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.checking.snapshots import write_snapshot_file
path = Path(sys.argv[1])
write_snapshot_file(check(path.read_text(encoding="utf-8"), path=path).snapshots.accepted())
"""


def test_the_snapshot_file_is_byte_identical_for_every_hash_seed(tmp_path):
    suite = SUITE.replace(
        "initial_state: {items: [a, b, c]}",
        "initial_state: {zeta: 1, alpha: [x, y], mu: {é: ü, a: null}, beta: 1.5, " + ", ".join(f"k{i}: {i}" for i in range(30)) + "}",
    )
    written = []
    for seed in ("0", "1", "4242", "random"):
        folder = tmp_path / seed
        folder.mkdir()
        path = folder / "shop.scenario.yaml"
        path.write_text(suite, encoding="utf-8")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", _WRITE_SNAPSHOT, str(path)], check=True, env=env, timeout=WAIT_S)
        written.append(snapshot_path(path).read_bytes())
    assert all(data == written[0] for data in written)
    assert b"\\u00e9" in written[0]


# -- the path diff ---------------------------------------------------------------------------------------


def test_strict_differences_tell_an_integer_from_a_float_and_plain_ones_do_not():
    assert differences({"a": 1}, {"a": 1.0}) == []
    assert differences({"a": 1}, {"a": 1.0}, strict=True) == [Change("a", "changed", 1, 1.0)]
    assert differences([True], [1], strict=True) == [Change("0", "changed", True, 1)]


def test_differences_in_nested_values_and_lists_are_listed_shortest_path_first():
    old = {"final_state": {"total": 120, "items": [1, 2, 3]}, "id": "x"}
    new = {"final_state": {"total": 108, "items": [1, 2], "coupon": "C"}, "id": "x"}
    assert differences(old, new, strict=True) == [
        Change("final_state.coupon", "added", new="C"),
        Change("final_state.total", "changed", 120, 108),
        Change("final_state.items.2", "removed", old=3),
    ]


@pytest.mark.parametrize("value", [[1, 2], {"a": 1}, None, "text"])
def test_a_value_that_changes_kind_is_one_change(value):
    assert differences({"v": 5}, {"v": value}, strict=True) == [Change("v", "changed", 5, value)]


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text,
        lambda text: text.replace("value: 120", "value: 7"),
        lambda text: text.replace("name: empty", "name: vacant"),
        lambda text: text.replace("  - name: empty\n", "  - name: empty\n    snapshot: false\n"),
    ],
    ids=["as-stored", "changed", "renamed", "opted-out"],
)
def test_acceptable_says_cheaply_whether_accepting_would_change_the_file(tmp_path, edit):
    path = pinned(tmp_path)
    snapshots = checked(path, edit(SUITE)).snapshots
    assert snapshots.acceptable == snapshots.accepted().changes_anything
