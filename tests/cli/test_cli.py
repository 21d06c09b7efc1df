"""`scenario run`: the editor's findings on the command line, with exit status for CI."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import EXAMPLES

from scenario_core import __version__
from scenario_core.checking.pipeline import check

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]


def scenario(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([*SCENARIO, *args], capture_output=True, text=True, cwd=cwd or EXAMPLES.parent, env=env)


def test_passing_files_exit_zero_with_a_summary():
    out = scenario("run", "examples/passing.scenario.yaml")
    assert out.returncode == 0
    assert out.stdout.splitlines() == [
        "examples/passing.scenario.yaml: passed: 5/5 expectations passed test_run fb77b14721c8",
        "1 file, 0 invalid: 5 passed, 0 failed",
    ]


def test_a_failed_expectation_exits_one(tmp_path):
    path = tmp_path / "f.scenario.yaml"
    path.write_text(
        "suite: s\nscenarios:\n  - {name: a, missions: [daily_loop]}\n"
        "expectations:\n  - {id: e, scenario: a, mission: daily_loop, path: success, op: eq, expected: false}\n"
    )
    out = scenario("run", str(path))
    assert out.returncode == 1
    assert out.stdout.splitlines()[0] == f"{path}:5:80: error eq_mismatch: expected false, got true"


def test_invalid_input_exits_two_and_prints_every_finding_as_file_line_col():
    out = scenario("run", "examples/failing.scenario.yaml")
    assert out.returncode == 2
    report = check((EXAMPLES / "failing.scenario.yaml").read_text(encoding="utf-8"))
    expected = [
        f"examples/failing.scenario.yaml:{f.range.start.line + 1}:{f.range.start.column + 1}: "
        f"{f.severity.value} {f.code}: {f.message}"
        for f in report.findings
    ]
    assert out.stdout.splitlines()[: len(expected)] == expected
    assert "examples/failing.scenario.yaml:37:9: error unknown_mission: unknown mission 'daily_lop'; did you mean 'daily_loop'?" in expected


def test_a_missing_path_exits_two_with_a_message():
    out = scenario("run", "nowhere.scenario.yaml")
    assert out.returncode == 2
    assert out.stderr == "scenario: error: no such file or directory: nowhere.scenario.yaml\n"


def test_a_directory_is_searched_for_scenario_files_only(tmp_path):
    shutil.copy(EXAMPLES / "passing.scenario.yaml", tmp_path / "a.scenario.yml")
    (tmp_path / "sub").mkdir()
    shutil.copy(EXAMPLES / "own_missions.scenario.yaml", tmp_path / "sub" / "b.scenario.yaml")
    (tmp_path / "other.yaml").write_text("not: scanned\n")
    out = scenario("run", str(tmp_path))
    assert out.returncode == 0
    assert out.stdout.splitlines()[-1] == "2 files, 0 invalid: 10 passed, 0 failed"


def test_a_directory_run_checks_its_scenario_files_with_the_libraries_they_import():
    out = scenario("run", "examples/")
    assert "examples/library_missions.scenario.yaml: passed: 2/2 expectations passed" in out.stdout
    assert "orders.missions.yaml" not in out.stdout  # a library is not a suite of its own


def test_a_library_named_on_the_command_line_is_checked_on_its_own(tmp_path):
    (tmp_path / "broken.missions.yaml").write_text("missions:\n  m:\n    stpes: []\n")
    out = scenario("run", str(tmp_path / "broken.missions.yaml"), cwd=tmp_path)
    assert out.returncode == 2
    assert out.stdout.splitlines()[:2] == [
        f"{tmp_path / 'broken.missions.yaml'}:3:5: error missing_key: mission 'm' needs 'steps'",
        f"{tmp_path / 'broken.missions.yaml'}:3:5: error unknown_key: unknown key 'stpes' in mission 'm'; the keys are description, steps",
    ]


def test_a_directory_without_scenario_files_exits_two(tmp_path):
    out = scenario("run", str(tmp_path))
    assert out.returncode == 2
    assert "no *.scenario.yaml or *.scenario.yml files" in out.stderr


def test_json_output_has_findings_and_every_hash():
    out = scenario("run", "--format", "json", "examples/")
    data = json.loads(out.stdout)
    assert out.returncode == data["exit_status"] == 2
    by_path = {f["path"]: f for f in data["files"]}
    passing = by_path["examples/passing.scenario.yaml"]
    assert passing["test_run_hash"] == "fb77b14721c86603ccaa9afb74b0971a4dbb14fa2ef9c711101ae5dd5db9956d"
    assert [s["name"] for s in passing["scenarios"]] == ["baseline", "busy_day"]
    assert all(len(s["scenario_hash"]) == 64 for s in passing["scenarios"])
    failing = by_path["examples/failing.scenario.yaml"]
    first = failing["findings"][0]
    assert first == {
        "code": "anti_failure",
        "severity": "error",
        "category": "input",
        "message": "mission 'too_long' has 6 steps; at most 5 are allowed",
        "range": {"start": {"line": 3, "column": 2}, "end": {"line": 3, "column": 10}},
        "data": {"mission": "too_long", "steps": 6},
        "related": [{"message": "step 6 is one too many", "range": first["related"][0]["range"]}],
    }


def test_json_output_is_byte_identical_across_runs():
    assert scenario("run", "--format", "json", "examples/").stdout == scenario("run", "--format", "json", "examples/").stdout


def test_junit_has_a_testsuite_per_file_and_a_testcase_per_expectation():
    out = scenario("run", "--format", "junit", "examples/")
    root = ET.fromstring(out.stdout)
    suites = {s.get("file"): s for s in root.iter("testsuite")}
    assert set(suites) == {
        f"examples/{n}.scenario.yaml"
        for n in ("failing", "library_missions", "own_missions", "passing", "checkout/failing", "checkout/passing")
    }
    passing = suites["examples/passing.scenario.yaml"]
    assert [c.get("name") for c in passing.iter("testcase")] == [
        "loop_succeeds", "counter_ticks", "echo_repeats_message", "review_is_human", "busy_counter_grows",
    ]
    assert passing.get("failures") == "0"
    failing = suites["examples/failing.scenario.yaml"]
    [case] = [c for c in failing.iter("testcase") if c.get("name") == "loop_fails"]
    failure = case.find("failure")
    assert failure.get("message") == "expected false, got true"
    assert failure.get("type") == "eq_mismatch"
    assert "expected: false\nactual: true" in failure.text
    assert failing.find("testcase/error").get("type") == "anti_failure"
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites.values()))


def test_colour_only_when_asked_or_on_a_terminal():
    plain = scenario("run", "examples/failing.scenario.yaml")
    coloured = scenario("run", "--color", "always", "examples/failing.scenario.yaml")
    assert "\033[" not in plain.stdout
    assert "\033[31merror\033[0m" in coloured.stdout


def test_version_and_help():
    assert scenario("--version").stdout.strip() == f"scenario-harness {__version__}"
    help_text = scenario("run", "--help").stdout
    for phrase in ("file:line:col: severity code: message", "0 all expectations passed", "--format {text,json,junit}"):
        assert phrase in help_text


def test_codes_lists_every_finding_code():
    out = scenario("codes")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0].split()[0] == "internal_error"
    assert any(line.startswith("path_missing ") for line in out.stdout.splitlines())


@pytest.mark.parametrize("entry", ["scenario"])
def test_console_script_is_installed(entry):
    path = Path(sys.executable).parent / entry
    assert path.exists()
    out = subprocess.run([str(path), "--version"], capture_output=True, text=True)
    assert out.stdout.strip() == f"scenario-harness {__version__}"


def test_a_directory_run_skips_dependencies_and_what_gitignore_excludes(tmp_path):
    passing = (EXAMPLES / "passing.scenario.yaml").read_text()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n")
    for name in ("suites/a.scenario.yaml", ".venv/lib/pkg/b.scenario.yaml", "node_modules/c/c.scenario.yaml", "generated/d.scenario.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(passing)
    out = scenario("run", ".", cwd=tmp_path)
    assert out.returncode == 0
    assert out.stdout.splitlines()[-2:] == [
        "suites/a.scenario.yaml: passed: 5/5 expectations passed test_run fb77b14721c8",
        "1 file, 0 invalid: 5 passed, 0 failed",
    ]
