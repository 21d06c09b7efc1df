"""Neovim 0.11 with a project's Python missions: a mission_error, then the Python file fixed on disk.

One headless run (``nvim --headless --clean -u tests/editors/nvim/python_missions.lua``)
on a copy of ``examples/checkout/``: the failing scenario file shows the
``mission_error`` of a discount code the domain does not know; the driver
hovers the call, jumps to its definition, then adds the code to
``checkout/domain.py`` and writes it, and waits for the diagnostic to go.
Neovim on Linux does not watch files for the server, so this is the server's
own look for changed Python sources. Each test checks one behaviour of that
run against what ``scenario run`` prints for the same files.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLES
from test_neovim import NVIM_DIR, NeovimRun, cli_findings, nvim_findings, run_neovim

DRIVER = NVIM_DIR / "python_missions.lua"
FIX = 'Discount("SPRING25", DiscountKind.PERCENT, 25),'


def line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` that holds ``text`` (once)."""
    [number] = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return number


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """A pristine copy of examples/checkout, for `scenario run` before the fix."""
    copy = tmp_path_factory.mktemp("pristine") / "checkout"
    shutil.copytree(EXAMPLES / "checkout", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture(scope="module")
def neovim(tmp_path_factory, example: Path) -> NeovimRun:
    workspace = tmp_path_factory.mktemp("workspace")
    shutil.copytree(example, workspace / "checkout")
    return run_neovim(DRIVER, workspace, tmp_path_factory.mktemp("nvim-home"))


def test_the_python_missions_error_is_shown_as_scenario_run_prints_it(neovim, example):
    shown = nvim_findings(neovim.step("mission_error"))
    expected = cli_findings(example / "failing.scenario.yaml")
    assert [f for f in shown if f.code == "mission_error"] == [f for f in expected if f.code == "mission_error"]
    assert shown == expected


def test_the_mission_error_points_at_the_line_of_the_python_file_that_raised(neovim, example):
    [error] = [d for d in neovim.step("mission_error")["diagnostics"] if d["code"] == "mission_error"]
    domain = neovim.workspace / "checkout" / "checkout" / "domain.py"
    raised = line_of(example / "checkout" / "domain.py", "raise UnknownDiscount(")  # before the fix moved it
    assert error["related"] == [{"path": str(domain), "line": raised - 1, "message": f"raised here (domain.py:{raised})"}]


def test_hover_on_the_call_shows_the_python_mission_and_the_traceback_of_what_it_raised(neovim):
    shown = "\n".join(neovim.step("hover")["shown"])
    assert "Python mission `place_order`" in shown
    assert "def place_order(ctx: MissionContext, *, cart: list[Line], discount: str | None = None) -> WorkflowDefinition" in shown
    assert "Reserve the cart's stock and record the priced order; a person takes the payment." in shown
    assert "Traceback (most recent call last):" in shown
    assert "UnknownDiscount: no discount code 'SPRING25' (the codes are FIVEOFF, WELCOME10)" in shown


def test_go_to_definition_on_the_call_opens_the_def_line_of_the_python_mission(neovim):
    jump = neovim.step("definition")
    missions = neovim.workspace / "checkout" / "checkout" / "missions.py"
    assert (jump["buffer"], jump["lnum"]) == (str(missions), line_of(missions, "def place_order("))
    assert jump["line"].startswith("def place_order(")


def test_the_fix_is_written_to_the_python_file_on_disk(neovim, example):
    fix = neovim.step("fix")
    domain = neovim.workspace / "checkout" / "checkout" / "domain.py"
    pristine = (example / "checkout" / "domain.py").read_text(encoding="utf-8").splitlines()
    assert domain.read_text(encoding="utf-8").splitlines() == [*pristine[: fix["lnum"] - 1], fix["written"], *pristine[fix["lnum"] - 1 :]]
    assert fix["written"].strip() == FIX


def test_after_the_python_file_is_saved_the_mission_error_goes_and_neovim_shows_what_scenario_run_prints(neovim):
    fixed = neovim.step("fixed")
    shown = nvim_findings(fixed)
    assert "mission_error" not in {f.code for f in shown}
    assert shown == cli_findings(neovim.workspace / "checkout" / "failing.scenario.yaml")
    # The expectation on the call that now runs is evaluated, and holds: no not_run left either.
    assert {f.code for f in shown} == {"invalid_params", "nondeterministic", "eq_mismatch"}
