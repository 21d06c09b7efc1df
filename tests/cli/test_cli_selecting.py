"""Running some scenarios: `scenario run FILE::SCENARIO` and `-k EXPR`, and what a deselected scenario means."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import EXAMPLES, scaled

from scenario_core.checking.snapshots import snapshot_path

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]
PASSING = "examples/passing.scenario.yaml"
OWN_MISSIONS_SCENARIOS = 2  # examples/own_missions.scenario.yaml


def scenario(*args: str, cwd: Path = EXAMPLES.parent) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([*SCENARIO, *args], capture_output=True, text=True, cwd=cwd, env={**env, "NO_COLOR": "1"}, timeout=scaled(120))


def test_file_colon_colon_scenario_runs_that_scenario_and_says_how_many_were_left_out():
    done = scenario("run", f"{PASSING}::busy_day")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        f"{PASSING}: passed: 1/1 expectations passed (1 scenario deselected)",
        "1 file, 0 invalid: 1 passed, 0 failed, 1 scenario deselected",
    ]


def test_several_scenarios_of_one_file_can_be_named():
    done = scenario("run", f"{PASSING}::busy_day", f"{PASSING}::baseline")
    assert done.stdout.splitlines()[-1] == "1 file, 0 invalid: 5 passed, 0 failed"  # all of them: the whole file, with its hash
    assert "test_run fb77b14721c8" in done.stdout


def test_k_matches_scenario_names_as_pytest_does():
    done = scenario("run", PASSING, "-k", "BUSY or nothing_like_it")
    assert done.stdout.splitlines()[-1] == "1 file, 0 invalid: 1 passed, 0 failed, 1 scenario deselected"
    done = scenario("run", PASSING, "-k", "not busy")
    assert done.stdout.splitlines()[-1] == "1 file, 0 invalid: 4 passed, 0 failed, 1 scenario deselected"


def test_k_matches_the_suite_name_and_the_file_name_too(tmp_path: Path):
    (tmp_path / "morning.scenario.yaml").write_text((EXAMPLES / "passing.scenario.yaml").read_text())
    (tmp_path / "evening.scenario.yaml").write_text((EXAMPLES / "own_missions.scenario.yaml").read_text())
    by_suite = scenario("run", str(tmp_path), "-k", "daily_routine")
    assert by_suite.stdout.splitlines()[-1] == "1 file, 0 invalid: 5 passed, 0 failed, 2 scenarios deselected"
    by_file = scenario("run", str(tmp_path), "-k", "morning")
    assert by_file.stdout == by_suite.stdout


def test_a_scenario_that_is_not_in_the_file_is_an_error_naming_the_ones_that_are():
    done = scenario("run", f"{PASSING}::busy")
    assert done.returncode == 2
    assert done.stderr == f"scenario: error: {PASSING} has no scenario 'busy' (its scenarios: baseline, busy_day)\n"
    junit = ET.fromstring(scenario("run", f"{PASSING}::busy", "--format", "junit").stdout)
    [suite] = junit
    assert suite.get("name") == f"{PASSING}::busy"
    assert [(case.get("name"), case[0].get("type")) for case in suite] == [("scenario exists", "unknown_scenario")]


def test_a_folder_with_colon_colon_is_a_usage_error():
    done = scenario("run", "examples::baseline")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "scenario: error: examples is a folder; FILE::SCENARIO names a scenario of one file\n"


def test_a_selection_that_selects_nothing_is_an_error(tmp_path: Path):
    (tmp_path / "a.scenario.yaml").write_text((EXAMPLES / "passing.scenario.yaml").read_text())
    done = scenario("run", str(tmp_path), "-k", "checkout", "--format", "json")
    assert done.returncode == 2
    assert done.stderr == "scenario: error: -k 'checkout' selects none of the scenarios of 1 file\n"
    document = json.loads(done.stdout)
    assert document["errors"] == [
        {"code": "nothing_selected", "path": None, "message": "-k 'checkout' selects none of the scenarios of 1 file"}
    ]
    assert (document["deselected"], document["files"]) == (2, [])


def test_a_keyword_expression_that_does_not_parse_is_one_line_and_exit_two():
    done = scenario("run", PASSING, "-k", "busy and")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("scenario: error: -k 'busy and' is not a keyword expression at column 9: ")
    assert len(done.stderr.splitlines()) == 1


def test_a_partial_file_has_its_scenarios_hashes_but_not_the_suites_which_cover_every_scenario():
    whole = json.loads(scenario("run", PASSING, "--format", "json").stdout)["files"][0]
    part = json.loads(scenario("run", f"{PASSING}::busy_day", "--format", "json").stdout)["files"][0]
    assert (part["suite_hash"], part["expectations_hash"], part["test_run_hash"]) == (None, None, None)
    assert part["deselected"] == ["baseline"]
    assert [s["name"] for s in part["scenarios"]] == ["busy_day"]
    assert part["scenarios"][0]["scenario_hash"] == whole["scenarios"][1]["scenario_hash"]
    assert [e["id"] for e in part["expectations"]] == ["busy_counter_grows"]
    assert whole["deselected"] == []


def test_a_failure_in_a_deselected_scenario_does_not_count_and_its_python_code_does_not_run():
    # spring_sale's Python mission raises; return_one_bag's expectation fails; typo_in_the_call has invalid params.
    done = scenario("run", "examples/checkout/failing.scenario.yaml::buy_again", "-k", "not nothing")
    assert "mission_error" not in done.stdout and "eq_mismatch" not in done.stdout and "invalid_params" not in done.stdout
    assert "nondeterministic" in done.stdout  # the selected scenario's own finding
    assert done.stdout.splitlines()[-1] == "1 file, 1 invalid: 0 passed, 0 failed, 3 scenarios deselected"


def test_an_input_error_found_by_reading_the_file_counts_whatever_is_selected(tmp_path: Path):
    path = tmp_path / "a.scenario.yaml"
    path.write_text(
        "suite: s\nscenarios:\n  - {name: a, missions: [daily_loop]}\n  - {name: b, initial_state: [1], missions: [daily_loop]}\n"
    )
    done = scenario("run", f"{path}::a")
    assert done.returncode == 2
    assert "wrong_type" in done.stdout


SNAPSHOTTED = """\
suite: shop
snapshot: true
scenarios:
  - {name: cart, initial_state: {counter: 0}, missions: [daily_loop]}
  - {name: till, initial_state: {counter: 5}, missions: [daily_loop]}
expectations:
  - {id: cart_ok, scenario: cart, mission: daily_loop, path: success, op: eq, expected: false}
  - {id: till_ok, scenario: till, mission: daily_loop, path: success, op: eq, expected: false}
"""


def test_a_run_of_one_scenario_writes_only_its_snapshot(tmp_path: Path):
    path = tmp_path / "shop.scenario.yaml"
    path.write_text(SNAPSHOTTED.replace("expected: false", "expected: true"))
    done = scenario("run", f"{path}::cart")
    assert done.returncode == 0
    assert list(json.loads(snapshot_path(path).read_text())["scenarios"]) == ["cart"]
    assert done.stdout.splitlines()[0] == f"{path}:4: new snapshot of 'cart' written"
    again = scenario("run", f"{path}::cart")  # till's snapshot is neither missing nor is cart's entry an orphan
    assert again.stdout.splitlines() == [
        f"{path}: passed: 1/1 expectations passed (1 scenario deselected)",
        "1 file, 0 invalid: 1 passed, 0 failed, 1 scenario deselected",
    ]


def test_accept_of_one_scenario_accepts_only_its_values_and_keeps_the_others_stored_entries(tmp_path: Path):
    path = tmp_path / "shop.scenario.yaml"
    path.write_text(SNAPSHOTTED)
    snapshot_path(path).parent.mkdir()
    stale = {"format": "scenario-harness-snapshot/1", "scenarios": {"till": {"daily_loop": {"stale": True}}}}
    snapshot_path(path).write_text(json.dumps(stale))
    done = scenario("run", "--accept", f"{path}::cart")
    assert done.returncode == 0
    assert done.stdout.splitlines()[:2] == [f"{path}:7: expected false → true", f"{path}:4: new snapshot of 'cart' written"]
    text = path.read_text()
    assert "id: cart_ok, scenario: cart, mission: daily_loop, path: success, op: eq, expected: true" in text
    assert "id: till_ok, scenario: till, mission: daily_loop, path: success, op: eq, expected: false" in text
    stored = json.loads(snapshot_path(path).read_text())["scenarios"]
    assert stored["till"] == {"daily_loop": {"stale": True}}
    assert sorted(stored) == ["cart", "till"]


def test_the_deselected_count_is_in_the_json_and_a_junit_report_has_only_what_ran(tmp_path: Path):
    (tmp_path / "a.scenario.yaml").write_text((EXAMPLES / "passing.scenario.yaml").read_text())
    (tmp_path / "b.scenario.yaml").write_text((EXAMPLES / "own_missions.scenario.yaml").read_text())
    document = json.loads(scenario("run", str(tmp_path), "-k", "busy_day", "--format", "json").stdout)
    assert [(f["path"], f["deselected"]) for f in document["files"]] == [(f"{tmp_path}/a.scenario.yaml", ["baseline"])]
    assert document["deselected"] == 1 + OWN_MISSIONS_SCENARIOS
    junit = ET.fromstring(scenario("run", str(tmp_path), "-k", "busy_day", "--format", "junit").stdout)
    assert [case.get("name") for case in junit.iter("testcase")] == ["busy_counter_grows"]


WITHOUT_PYTEST = """\
import sys
sys.modules["_pytest"] = None  # as in an environment where pytest is not installed
from scenario_core.cli import main
sys.exit(main())
"""


def test_k_without_pytest_installed_says_so_in_one_line():
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYTEST, "run", PASSING, "-k", "busy"], capture_output=True, text=True, cwd=EXAMPLES.parent
    )
    assert done.returncode == 2
    assert done.stderr == (
        "scenario: error: -k uses pytest's keyword expressions, and pytest is not installed here (pip install pytest)\n"
    )


def test_file_colon_colon_scenario_works_without_pytest():
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYTEST, "run", f"{PASSING}::busy_day"], capture_output=True, text=True, cwd=EXAMPLES.parent
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "1 file, 0 invalid: 1 passed, 0 failed, 1 scenario deselected"
