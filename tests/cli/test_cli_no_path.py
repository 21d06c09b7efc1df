"""`scenario run` with no PATH runs the project: [tool.scenario] paths, else the folder of pyproject.toml, else here."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import EXAMPLES, scaled

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]
PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()


def scenario(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([*SCENARIO, *args], capture_output=True, text=True, cwd=cwd, env={**env, "NO_COLOR": "1"}, timeout=scaled(120))


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_paths_of_tool_scenario_are_run_relative_to_pyproject_from_a_folder_below_it(tmp_path: Path):
    write(tmp_path / "pyproject.toml", '[tool.scenario]\npaths = ["specs", "more/one.scenario.yaml"]\n')
    write(tmp_path / "specs" / "a.scenario.yaml", PASSING)
    write(tmp_path / "more" / "one.scenario.yaml", PASSING)
    write(tmp_path / "elsewhere" / "skipped.scenario.yaml", "not: [valid")
    done = scenario("run", cwd=tmp_path / "elsewhere")
    assert done.returncode == 0
    assert done.stdout.splitlines()[-3:] == [
        "../specs/a.scenario.yaml: passed: 5/5 expectations passed test_run fb77b14721c8",
        "../more/one.scenario.yaml: passed: 5/5 expectations passed test_run fb77b14721c8",
        "2 files, 0 invalid: 10 passed, 0 failed",
    ]


def test_without_paths_the_folder_of_pyproject_is_run(tmp_path: Path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "p"\nversion = "0"\n')
    write(tmp_path / "a.scenario.yaml", PASSING)
    write(tmp_path / "sub" / "b.scenario.yaml", PASSING)
    done = scenario("run", cwd=tmp_path / "sub")
    assert done.stdout.splitlines()[-1] == "2 files, 0 invalid: 10 passed, 0 failed"
    assert done.stdout.splitlines()[0].startswith("../a.scenario.yaml: passed")


def test_without_pyproject_the_current_folder_is_run(tmp_path: Path):
    write(tmp_path / "a.scenario.yaml", PASSING)
    done = scenario("run", cwd=tmp_path)
    assert done.stdout.splitlines() == [
        "a.scenario.yaml: passed: 5/5 expectations passed test_run fb77b14721c8",
        "1 file, 0 invalid: 5 passed, 0 failed",
    ]


def test_a_path_of_the_table_that_does_not_exist_is_the_tables_error_at_that_path(tmp_path: Path):
    write(tmp_path / "pyproject.toml", '[tool.scenario]\npaths = ["specs"]\n')
    done = scenario("run", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout.splitlines()[0] == f"pyproject.toml:2:10: error invalid_config: [tool.scenario] paths: 'specs' does not exist in {tmp_path}"


def test_paths_that_are_not_a_list_of_text_are_one_finding_at_the_value(tmp_path: Path):
    write(tmp_path / "pyproject.toml", '[tool.scenario]\npaths = "specs"\n')
    done = scenario("run", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        'pyproject.toml:2:9: error invalid_config: [tool.scenario] paths must be a list of files and folders to run, such as ["scenarios"], not "specs"',
        "pyproject.toml: invalid: 0/0 expectations passed",
        "1 file, 1 invalid: 0 passed, 0 failed",
    ]


def test_a_pyproject_that_cannot_be_read_is_its_finding_at_the_place(tmp_path: Path):
    write(tmp_path / "pyproject.toml", "[tool.scenario\n")
    write(tmp_path / "sub" / "a.scenario.yaml", PASSING)
    done = scenario("run", cwd=tmp_path / "sub")
    assert done.returncode == 2
    assert done.stdout.splitlines()[0] == (
        "../pyproject.toml:1:15: error invalid_config: pyproject.toml is not valid TOML: expected ']' at the end of a table declaration"
    )
