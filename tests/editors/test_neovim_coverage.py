"""Neovim 0.11 fades what nothing uses: the mission no scenario calls, and after :ScenarioCoverage the steps no call reached.

One headless run (``nvim --headless --clean -u tests/editors/nvim/coverage.lua``)
on a copy of ``tests/editors/coverage/``, with the documented set-up and the
documented :ScenarioCoverage command (``nvim/coverage_command.lua``, quoted in
docs/neovim.md). Each test checks one behaviour of that run against the
report of ``scenario run --coverage`` on the same files.
"""
from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from scenario_core.cli import main as scenario_cli
from scenario_core.project.trust import STORE_NAME, TrustStore
from test_neovim import DOCS, NVIM_DIR, NeovimRun, run_neovim

DRIVER = NVIM_DIR / "coverage.lua"
COMMAND = NVIM_DIR / "coverage_command.lua"
PROJECT = Path(__file__).resolve().parent / "coverage"
LIBRARY = "lib/packing.missions.yaml"


@pytest.fixture(scope="module")
def neovim(tmp_path_factory) -> NeovimRun:
    workspace = tmp_path_factory.mktemp("workspace")
    shutil.copytree(PROJECT, workspace, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    home = tmp_path_factory.mktemp("nvim-home")
    # Trusted beforehand, in the store of Neovim's user (XDG_DATA_HOME): this test is about coverage, not the question.
    TrustStore(home / "data" / "scenario-harness" / STORE_NAME).trust(workspace)
    return run_neovim(DRIVER, workspace, home)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, Any]:
    """The YAML part of `scenario run --coverage --coverage-format json` of the library, run in a copy of the project."""
    copy = tmp_path_factory.mktemp("reference") / "project"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    cwd = Path.cwd()
    os.chdir(copy)
    try:
        scenario_cli(["run", ".", "--coverage", "--coverage-format", "json"], io.StringIO(), io.StringIO())
    finally:
        os.chdir(cwd)
    return json.loads((copy / "scenario-coverage.json").read_text())["yaml"]["files"][LIBRARY]


def test_the_documented_coverage_command_is_the_one_the_test_loads():
    assert COMMAND.read_text(encoding="utf-8").strip() in DOCS.read_text(encoding="utf-8")


def test_the_mission_no_scenario_calls_is_a_hint_neovim_draws_as_unnecessary(neovim, reference):
    shown = neovim.step("unused_mission")
    [unused] = [m for m in reference["missions"] if m["calls"] == 0]
    assert shown["hints"] == [
        {"lnum": unused["line"] - 1, "col": 2, "end_lnum": unused["line"] - 1, "end_col": 2 + len(unused["name"]),
         "code": "unused_mission", "message": f"no scenario calls mission '{unused['name']}'", "unnecessary": True}
    ]
    assert shown["faded_lines"] == [unused["line"] - 1]


def test_after_scenario_coverage_the_steps_no_call_reached_are_faded_too(neovim, reference):
    shown = neovim.step("after_coverage")
    unreached = [(m["name"], s) for m in reference["missions"] for s in m["steps"] if s["count"] == 0]
    steps = [h for h in shown["hints"] if h["code"] == "unreached_step"]
    assert [(h["lnum"], h["message"]) for h in steps] == [
        (s["line"] - 1, f"no call in the workspace reaches step '{s['id']}' of mission '{name}'") for name, s in unreached
    ]
    assert all(h["unnecessary"] for h in shown["hints"])
    assert {s["line"] - 1 for _, s in unreached} <= set(shown["faded_lines"])
    [message] = shown["notified"]
    assert message.startswith("coverage: ") and message.endswith(" steps and statements ran")


def test_an_edit_takes_the_unreached_hints_away_and_keeps_the_unused_mission_faded(neovim):
    shown = neovim.step("after_an_edit")
    assert [h["code"] for h in shown["hints"]] == ["unused_mission"]
