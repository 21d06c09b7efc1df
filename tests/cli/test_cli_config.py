"""`scenario run` prints what is wrong with [tool.scenario] once, at its place in pyproject.toml."""
from __future__ import annotations

import json
from pathlib import Path

from test_cli import scenario

PYPROJECT = '[project]\nname = "shop"\n\n[tool.scenario]\nmissions = "shop.missions"\ntimeuot = 3\n\n[tool.scenarios]\nx = 1\n'
SUITE = "suite: s\nscenarios:\n  - name: a\n    missions: [daily_loop]\n"


def workspace(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "a.scenario.yaml").write_text(SUITE)
    (tmp_path / "b.scenario.yaml").write_text(SUITE)


def test_each_problem_is_printed_once_at_its_key_and_an_error_makes_the_run_invalid(tmp_path):
    workspace(tmp_path)
    out = scenario("run", ".", cwd=tmp_path)
    assert out.stdout.splitlines()[:4] == [
        'pyproject.toml:5:12: error invalid_config: [tool.scenario] missions must be a list of module names, such as ["checkout.missions"], not "shop.missions"',
        "pyproject.toml:6:1: error invalid_config: [tool.scenario] has no key 'timeuot'; did you mean 'timeout'?",
        "pyproject.toml:8:2: warning unknown_table: [tool.scenarios] is not read by Scenario Harness; did you mean [tool.scenario]?",
        "pyproject.toml: invalid: 0/0 expectations passed",
    ]
    assert out.stdout.count("invalid_config") == 2  # once, not per scenario file
    assert out.returncode == 2


def test_json_has_the_pyproject_toml_as_an_entry_with_its_findings(tmp_path):
    workspace(tmp_path)
    out = json.loads(scenario("run", ".", "--format", "json", cwd=tmp_path).stdout)
    [entry] = [f for f in out["files"] if f["path"] == "pyproject.toml"]
    assert [(f["code"], f["range"]["start"]) for f in entry["findings"]] == [
        ("invalid_config", {"line": 4, "column": 11}),
        ("invalid_config", {"line": 5, "column": 0}),
        ("unknown_table", {"line": 7, "column": 1}),
    ]
    assert [f["path"] for f in out["files"]] == ["pyproject.toml", "a.scenario.yaml", "b.scenario.yaml"]


def test_a_warning_alone_leaves_the_run_passing(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.scenario-harness]\nmissions = []\n")
    (tmp_path / "a.scenario.yaml").write_text(SUITE)
    out = scenario("run", ".", cwd=tmp_path)
    assert out.stdout.splitlines()[0] == (
        "pyproject.toml:1:2: warning unknown_table: [tool.scenario-harness] is not read by Scenario Harness; did you mean [tool.scenario]?"
    )
    assert out.returncode == 0
