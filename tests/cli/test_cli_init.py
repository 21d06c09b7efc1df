"""`scenario init [DIR]`: a starter project that passes `scenario run` and `pytest` as written, and never overwrites a file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from helpers import ROOT, scaled

from scenario_core.yaml.parse import parse_yaml

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]
STARTER = [
    "pyproject.toml",
    "shop/__init__.py",
    "shop/missions.py",
    "scenarios/shop.missions.yaml",
    "scenarios/shop.scenario.yaml",
    "scenarios/__snapshots__/shop.scenario.yaml.json",
]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return {**env, "NO_COLOR": "1", **extra}


def scenario(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SCENARIO, *args], capture_output=True, text=True, cwd=cwd, env=environment(**env), timeout=scaled(120))


def every_file(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_init_writes_the_starter_and_says_what_to_run_next(tmp_path: Path):
    done = scenario("init", "shop", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        *(f"wrote shop/{name}" for name in STARTER),
        "",
        "next: cd shop && scenario run    (then `pytest`, or open scenarios/shop.scenario.yaml in an editor with the language server)",
    ]
    assert every_file(tmp_path / "shop") == sorted(STARTER)


def test_the_starter_passes_scenario_run_with_no_path_and_in_ci(tmp_path: Path):
    scenario("init", cwd=tmp_path)
    for ci in ("", "1"):
        done = scenario("run", cwd=tmp_path, CI=ci)
        assert done.returncode == 0, done.stdout
        assert done.stdout.splitlines()[0].startswith("scenarios/shop.scenario.yaml: passed: 5/5 expectations passed test_run ")
        assert done.stdout.splitlines()[1] == "1 file, 0 invalid: 5 passed, 0 failed"
    assert every_file(tmp_path) == sorted(STARTER)  # the first run had nothing left to write


def test_the_starter_passes_pytest_with_the_plugin(tmp_path: Path):
    scenario("init", cwd=tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"], capture_output=True, text=True, cwd=tmp_path, env=environment()
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1].startswith("6 passed")  # five expectations and the snapshot


def test_the_starter_uses_every_op_typed_params_a_library_and_a_snapshot(tmp_path: Path):
    scenario("init", cwd=tmp_path)
    document = yaml.safe_load((tmp_path / "scenarios/shop.scenario.yaml").read_text())
    assert sorted(e["op"] for e in document["expectations"]) == ["eq", "exists", "gt", "lt", "ne"]
    assert document["imports"] == ["shop.missions.yaml"]
    assert any(s.get("snapshot") for s in document["scenarios"])
    assert "def place_order(ctx: MissionContext, *, sku: str, qty: int = 1)" in (tmp_path / "shop/missions.py").read_text()
    stored = json.loads((tmp_path / "scenarios/__snapshots__/shop.scenario.yaml.json").read_text())
    assert list(stored["scenarios"]) == ["shipped_once"]


def test_the_starter_files_validate_against_the_json_schemas(tmp_path: Path):
    scenario("init", cwd=tmp_path)
    for name, schema in (("shop.scenario.yaml", "scenario"), ("shop.missions.yaml", "missions")):
        parsed = parse_yaml((tmp_path / "scenarios" / name).read_text())  # YAML 1.2, as the core reads it: a clock is text
        assert parsed.findings == [] and parsed.root is not None
        jsonschema.validate(parsed.root.to_json(), json.loads((ROOT / "core" / "scenario_core" / "schemas" / f"{schema}.schema.json").read_text()))


def test_init_writes_nothing_when_one_of_its_files_exists(tmp_path: Path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "shop.scenario.yaml").write_text("suite: mine\n")
    done = scenario("init", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "scenario: error: scenarios/shop.scenario.yaml exists; scenario init writes nothing over a file, so nothing was written\n"
    )
    assert every_file(tmp_path) == ["scenarios/shop.scenario.yaml"]
    assert (tmp_path / "scenarios" / "shop.scenario.yaml").read_text() == "suite: mine\n"


def test_init_into_a_file_is_one_line_and_exit_two(tmp_path: Path):
    (tmp_path / "taken").write_text("")
    done = scenario("init", "taken", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "scenario: error: taken is a file, not a folder; nothing was written\n")
