"""Neovim 0.11 with a project's Python missions: trusting the project, a mission_error, then the Python file fixed on disk.

One headless run (``nvim --headless --clean -u tests/editors/nvim/python_missions.lua``)
on a copy of ``examples/checkout/`` that nobody has trusted (the run's user
data directory is empty), whose package writes ``IMPORTED`` when imported:
the server asks through ``vim.ui.select`` whether to trust the project, and
each Python call is an ``untrusted_project`` finding until the driver answers
Trust. Then the failing scenario file shows the
``mission_error`` of a discount code the domain does not know; the driver
hovers the call, jumps to its definition, then adds the code to
``checkout/domain.py`` and writes it, and waits for the diagnostic to go.
Neovim on Linux does not watch files for the server, so this is the server's
own look for changed Python sources. Each test checks one behaviour of that
run against what ``scenario run`` prints for the same files.
"""
from __future__ import annotations

import json
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


IMPORT_TRACE = """
from pathlib import Path as _Path

_Path(__file__).resolve().parents[1].joinpath("IMPORTED").write_text("the project's code was imported")
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """The Neovim user's home: its user data directory (and so its trust store) starts empty."""
    return tmp_path_factory.mktemp("nvim-home")


@pytest.fixture(scope="module")
def neovim(tmp_path_factory, example: Path, home: Path) -> NeovimRun:
    workspace = tmp_path_factory.mktemp("workspace")
    shutil.copytree(example, workspace / "checkout")
    package = workspace / "checkout" / "checkout" / "__init__.py"
    package.write_text(package.read_text(encoding="utf-8") + IMPORT_TRACE, encoding="utf-8")
    return run_neovim(DRIVER, workspace, home)


def test_the_server_asks_through_vim_ui_select_naming_the_project_and_its_modules(neovim):
    root = neovim.workspace / "checkout"
    assert neovim.step("untrusted")["questions"] == [
        {
            "prompt": f"Scenario Harness: trust the project {root.resolve()}? Checking its scenario files imports and runs "
            "its Python missions (checkout.missions), which are its own code; until you trust it, nothing of it runs: ",
            "kind": "lsp_message",
            "items": ["Trust", "Not now"],
        }
    ]


def test_until_the_project_is_trusted_each_python_call_says_so_and_nothing_of_it_ran(neovim):
    untrusted = neovim.step("untrusted")
    assert untrusted["imported"] is False
    found = [d for d in untrusted["diagnostics"] if d["code"] == "untrusted_project"]
    assert found and all(d["severity"] == "INFO" for d in found)
    assert {d["code"] for d in untrusted["diagnostics"]} & {"mission_error", "invalid_params", "nondeterministic"} == set()
    root = (neovim.workspace / "checkout").resolve()
    assert all(d["message"].endswith(f"answer Trust when the editor asks, or run `scenario trust {root}`") for d in found)


def test_answering_trust_records_the_project_and_the_server_never_asks_again(neovim, home):
    store = json.loads((home / "data" / "scenario-harness" / "trusted-projects.json").read_text())
    assert store["trusted"] == [str((neovim.workspace / "checkout").resolve())]
    fixed = neovim.step("fixed")
    assert (fixed["questions"], fixed["imported"]) == (1, True)


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
