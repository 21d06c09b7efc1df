"""VS Code's Test Coverage of a run: "Run with Coverage" in code-server, against `scenario run --coverage`.

One run of ``tests/editors/vscode_e2e/run-e2e-coverage.mjs`` in code-server
(VS Code 1.139 in headless Chromium) on ``tests/editors/coverage/``: a
project whose Python operation has a branch only one scenario takes, and a
mission library with a step after a failing one and a mission no scenario
calls. The driver runs "Test: Run All Tests with Coverage" and reads the
Explorer's percentages, each line's gutter (covered or not), the inline
counts, the faded text, and the Python module's lines filtered to each
scenario. Each test checks one of them against the JSON report of
``scenario run --coverage`` on the same files.

Prerequisites as for test_vscode.py. The run saves a screenshot to
``$VSCODE_COVERAGE_SCREENSHOT`` (default ``.tools/screenshots/vscode-coverage.png``;
docs/images/vscode-coverage.png is one).
"""
from __future__ import annotations

import io
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from scenario_core.cli import main as scenario_cli
from test_vscode import TOOLS_DIR, _check_prerequisites, _server_command, _vsix, run_e2e_driver

DRIVER = Path(__file__).resolve().parent / "vscode_e2e" / "run-e2e-coverage.mjs"
PROJECT = Path(__file__).resolve().parent / "coverage"
LIBRARY = "lib/packing.missions.yaml"
MODULE = "shop/missions.py"
SCENARIOS = ("a_few", "many")
SCREENSHOT = Path(os.environ.get("VSCODE_COVERAGE_SCREENSHOT", TOOLS_DIR / "screenshots" / "vscode-coverage.png"))


@pytest.fixture(scope="module")
def shown() -> dict[str, Any]:
    """What VS Code showed after "Run with Coverage" (one run for the whole module)."""
    _check_prerequisites()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    return run_e2e_driver(
        DRIVER,
        "--vsix", str(_vsix()),
        "--project", str(PROJECT),
        "--server-command", json.dumps(_server_command()),
        "--library", LIBRARY,
        "--module", MODULE,
        "--tests", ",".join(SCENARIOS),
        "--tools", str(TOOLS_DIR),
        "--screenshot", str(SCREENSHOT),
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`scenario run --coverage --coverage-format json` of the same project, run in (a copy of) it."""
    copy = tmp_path_factory.mktemp("coverage") / "project"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    cwd = Path.cwd()
    os.chdir(copy)
    try:
        status = scenario_cli(["run", ".", "--coverage", "--coverage-format", "json"], io.StringIO(), io.StringIO())
    finally:
        os.chdir(cwd)
    assert status == 0
    return json.loads((copy / "scenario-coverage.json").read_text())


def percent(covered: int, total: int) -> str:
    """A percentage as the Explorer shows one: whole, rounded half up, 100% for nothing to cover."""
    return f"{math.floor(100 * covered / total + 0.5) if total else 100}%"


def step_items(path: Path) -> dict[int, tuple[str, int, int]]:
    """Each step of each mission of a library, by the 1-based line of its ``- id:`` item: (id, first line, last line), by PyYAML."""
    found = {}
    for key, value in yaml.compose(path.read_text()).value:
        if key.value == "missions":
            for _, body in value.value:
                for k, steps in body.value:
                    if k.value == "steps":
                        for item in steps.value:
                            step_id = next(v.value for kk, v in item.value if kk.value == "id")
                            end = item.end_mark.line + (1 if item.end_mark.column else 0)
                            found[item.start_mark.line + 1] = (step_id, item.start_mark.line + 1, end)
    return found


def test_the_explorer_shows_each_file_s_coverage_as_the_report_counts_it(shown, reference):
    library = reference["yaml"]["files"][LIBRARY]["summary"]
    module = reference["python"]["files"][MODULE]["summary"]
    # VS Code counts a file's statements and declarations together: a YAML file's steps and missions.
    assert shown["explorer"][Path(LIBRARY).name] == percent(library["steps_run"] + library["missions_called"], library["steps"] + library["missions"])
    assert shown["explorer"][Path(MODULE).name] == percent(module["covered_lines"], module["num_statements"])
    assert shown["explorer"]["__init__.py"] == "100%"


def test_each_step_of_the_library_is_covered_or_not_with_the_times_it_ran(shown, reference):
    steps = {step["line"]: step["count"] for mission in reference["yaml"]["files"][LIBRARY]["missions"] for step in mission["steps"]}
    lines = shown["files"][LIBRARY]["lines"]
    assert {int(line): seen["gutter"] for line, seen in lines.items() if "gutter" in seen} == {
        line: "hit" if count else "miss" for line, count in steps.items()
    }
    assert {int(line): seen["count"] for line, seen in lines.items() if "count" in seen} == {
        line: f"{count}x" for line, count in steps.items() if count
    }
    assert max(steps.values()) == 2  # both scenarios pack


def test_each_python_statement_is_covered_or_not_as_coverage_py_measured_it(shown, reference):
    measured = reference["python"]["files"][MODULE]
    lines = shown["files"][MODULE]["lines"]
    assert {int(line): seen["gutter"] for line, seen in lines.items() if "gutter" in seen} == {
        **{line: "hit" for line in measured["executed_lines"]},
        **{line: "miss" for line in measured["missing_lines"]},
    }


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_filtered_to_one_scenario_the_module_shows_the_lines_that_scenario_ran(shown, reference, scenario):
    contexts = reference["python"]["files"][MODULE]["contexts"]
    assert sorted(shown["byTest"][scenario]) == sorted(int(line) for line, ran_in in contexts.items() if f"stock/{scenario}" in ran_in)


def test_the_scenarios_ran_different_lines(shown):
    assert shown["byTest"]["a_few"] != shown["byTest"]["many"]


def test_the_mission_no_scenario_calls_and_the_steps_no_call_reaches_are_faded(shown, reference):
    missions = reference["yaml"]["files"][LIBRARY]["missions"]
    items = step_items(PROJECT / LIBRARY)
    expected_lines = {mission["line"] for mission in missions if mission["calls"] == 0}
    for mission in missions:
        for step in mission["steps"]:
            if step["count"] == 0:
                _, first, last = items[step["line"]]
                expected_lines |= set(range(first, last + 1))
    faded = {int(line): seen["faded"] for line, seen in shown["files"][LIBRARY]["lines"].items() if "faded" in seen}
    assert set(faded) == expected_lines
    assert faded[next(m["line"] for m in missions if m["calls"] == 0)] == "gift_wrap"


def test_the_run_saves_a_screenshot(shown):
    assert Path(shown["screenshot"]).stat().st_size > 10_000
