"""`scenario run` and snapshots: new ones written, changed ones failing, `--accept` storing every actual value, CI writing nothing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import WAIT_S

from scenario_core.checking.snapshots import snapshot_path

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]

SUITE = """\
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
  - id: loop_ok   # the loop ran
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
    expected: 'pong'   # quoted on purpose
"""


def scenario(*args: str, cwd: Path, ci: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["NO_COLOR"] = "1"
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([*SCENARIO, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=WAIT_S)


def suite(tmp_path: Path, text: str = SUITE, name: str = "shop.scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored(path: Path) -> dict:
    return json.loads(snapshot_path(path).read_text(encoding="utf-8"))["scenarios"]


# -- new snapshots ------------------------------------------------------------------


def test_a_run_writes_the_snapshots_a_file_does_not_have_yet_and_says_so(tmp_path):
    suite(tmp_path, SUITE.replace("expected: false", "expected: true").replace("'pong'", "'ping'"))
    out = scenario("run", "shop.scenario.yaml", cwd=tmp_path)
    assert out.stdout.splitlines() == [
        "shop.scenario.yaml:4: new snapshot of 'cart' written",
        "shop.scenario.yaml: passed: 2/2 expectations passed test_run 71f6689daf5f",
        "1 file, 0 invalid: 2 passed, 0 failed",
    ]
    assert out.returncode == 0
    assert sorted(stored(tmp_path / "shop.scenario.yaml")["cart"]) == ["daily_loop", "echo"]


def test_a_second_run_writes_nothing(tmp_path):
    suite(tmp_path)
    scenario("run", "shop.scenario.yaml", cwd=tmp_path)
    before = snapshot_path(tmp_path / "shop.scenario.yaml").read_bytes()
    out = scenario("run", "shop.scenario.yaml", cwd=tmp_path)
    assert "written" not in out.stdout
    assert snapshot_path(tmp_path / "shop.scenario.yaml").read_bytes() == before


def test_in_ci_nothing_is_written_and_a_missing_snapshot_fails(tmp_path):
    path = suite(tmp_path, SUITE.replace("expected: false", "expected: true").replace("'pong'", "'ping'"))
    out = scenario("run", "shop.scenario.yaml", cwd=tmp_path, ci="true")
    assert out.returncode == 1
    assert out.stdout.splitlines()[0] == (
        "shop.scenario.yaml:4:11: error snapshot_missing: scenario 'cart' has no snapshot in "
        "__snapshots__/shop.scenario.yaml.json yet; accept it to pin its current results"
    )
    assert out.stdout.splitlines()[-2:] == [
        "shop.scenario.yaml: failed: 2/2 expectations passed, 1 snapshot missing test_run 71f6689daf5f",
        "1 file, 0 invalid: 2 passed, 0 failed, 1 snapshot failed",
    ]
    assert not snapshot_path(path).parent.exists()


def test_dash_dash_ci_is_ci_mode_without_the_variable(tmp_path):
    path = suite(tmp_path)
    assert scenario("run", "--ci", "shop.scenario.yaml", cwd=tmp_path).returncode == 1
    assert not snapshot_path(path).parent.exists()


def test_ci_set_to_false_is_not_ci_mode(tmp_path):
    path = suite(tmp_path)
    scenario("run", "shop.scenario.yaml", cwd=tmp_path, ci="false")
    assert snapshot_path(path).exists()


def test_accept_in_ci_mode_is_refused_before_anything_runs(tmp_path):
    path = suite(tmp_path)
    out = scenario("run", "--accept", "shop.scenario.yaml", cwd=tmp_path, ci="1")
    assert (out.returncode, out.stderr) == (2, "scenario: error: --accept writes files, and CI mode (CI is set) never does; drop one of them\n")
    assert path.read_text() == SUITE and not snapshot_path(path).parent.exists()


# -- changed snapshots and --accept --------------------------------------------------------------


def test_a_changed_snapshot_fails_until_it_is_accepted(tmp_path):
    path = suite(tmp_path)
    scenario("run", "shop.scenario.yaml", cwd=tmp_path)
    path.write_text(SUITE.replace("counter: 0", "counter: 4"))
    out = scenario("run", "shop.scenario.yaml", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stdout.splitlines()[0] == (
        "shop.scenario.yaml:4:11: error snapshot_changed: scenario 'cart' differs from its snapshot: "
        "daily_loop.final_state.counter: 1 → 5, echo.final_state.counter: 0 → 4"
    )
    assert stored(path)["cart"]["daily_loop"]["final_state"]["counter"] == 1


def test_accept_sets_every_failed_eq_expectation_and_stores_every_snapshot_printing_each_change(tmp_path):
    path = suite(tmp_path)
    scenario("run", "shop.scenario.yaml", cwd=tmp_path)
    path.write_text(SUITE.replace("counter: 0", "counter: 4"))
    out = scenario("run", "--accept", "shop.scenario.yaml", cwd=tmp_path)
    assert out.stdout.splitlines() == [
        "shop.scenario.yaml:16: expected false → true",
        "shop.scenario.yaml:22: expected \"pong\" → \"ping\"",
        "shop.scenario.yaml:4: snapshot of 'cart' accepted (2 changes)",
        "shop.scenario.yaml: passed: 2/2 expectations passed test_run e15ca8a16bb2",
        "1 file, 0 invalid: 2 passed, 0 failed",
    ]
    assert out.returncode == 0
    assert stored(path)["cart"]["daily_loop"]["final_state"]["counter"] == 5


def test_accept_changes_only_the_expected_values_and_keeps_comments_and_quoting(tmp_path):
    path = suite(tmp_path)
    scenario("run", "--accept", "shop.scenario.yaml", cwd=tmp_path)
    assert path.read_text() == SUITE.replace("expected: false", "expected: true").replace("'pong'", "ping")


def test_accept_keeps_a_byte_order_mark_and_windows_line_breaks(tmp_path):
    path = tmp_path / "shop.scenario.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SUITE.replace("\n", "\r\n").encode())
    scenario("run", "--accept", "shop.scenario.yaml", cwd=tmp_path)
    expected = SUITE.replace("expected: false", "expected: true").replace("'pong'", "ping").replace("\n", "\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode()


def test_accept_removes_orphaned_snapshot_entries(tmp_path):
    path = suite(tmp_path)
    scenario("run", "shop.scenario.yaml", cwd=tmp_path)
    path.write_text(SUITE.replace("name: cart", "name: basket").replace("scenario: cart", "scenario: basket"))
    out = scenario("run", "--accept", "shop.scenario.yaml", cwd=tmp_path)
    assert "shop.scenario.yaml:4: new snapshot of 'basket' written" in out.stdout.splitlines()
    assert "shop.scenario.yaml:1: snapshot entry 'cart' removed" in out.stdout.splitlines()
    assert sorted(stored(path)) == ["basket"]


def test_accept_never_writes_into_a_file_with_input_errors(tmp_path):
    broken = SUITE.replace("      - daily_loop\n", "      - daily_lop\n")
    path = suite(tmp_path, broken)
    out = scenario("run", "--accept", "shop.scenario.yaml", cwd=tmp_path)
    assert out.stdout.splitlines()[0] == (
        "shop.scenario.yaml: not accepted: the file has input errors: line 7: unknown_mission: "
        "unknown mission 'daily_lop'; did you mean 'daily_loop'?"
    )
    assert out.returncode == 2
    assert path.read_text() == broken and not snapshot_path(path).parent.exists()


def test_accept_says_why_an_expected_value_with_an_anchor_is_left_alone(tmp_path):
    path = suite(tmp_path, SUITE.replace("expected: false", "expected: &no false"))
    out = scenario("run", "--accept", "shop.scenario.yaml", cwd=tmp_path)
    assert out.stdout.splitlines()[0] == (
        "shop.scenario.yaml:16: not accepted: expectation 'loop_ok': "
        "its expected value is an alias, holds an anchor or a tag, or comes from a merge key"
    )
    assert "expected: &no false" in path.read_text()


# -- the other formats ------------------------------------------------------------------


def test_json_output_has_each_scenarios_snapshot_state_and_what_was_written_goes_to_stderr(tmp_path):
    suite(tmp_path)
    out = scenario("run", "--format", "json", "shop.scenario.yaml", cwd=tmp_path)
    [scenario_json] = json.loads(out.stdout)["files"][0]["scenarios"]
    assert scenario_json["snapshot"] == "unchanged"
    assert out.stderr == "shop.scenario.yaml:4: new snapshot of 'cart' written\n"


def test_junit_has_a_snapshot_testcase_whose_failure_lists_the_changes(tmp_path):
    path = suite(tmp_path)
    scenario("run", "shop.scenario.yaml", cwd=tmp_path)
    path.write_text(SUITE.replace("counter: 0", "counter: 4"))
    out = scenario("run", "--format", "junit", "shop.scenario.yaml", cwd=tmp_path)
    case = ET.fromstring(out.stdout).find(".//testcase[@name='snapshot']")
    assert (case.get("classname"), case.get("line")) == ("shop.cart", "4")
    failure = case.find("failure")
    assert failure.get("type") == "snapshot_changed"
    assert failure.text == "daily_loop.final_state.counter: 1 → 5\necho.final_state.counter: 0 → 4"
