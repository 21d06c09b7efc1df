"""Debugging in a real VS Code: a breakpoint on a YAML step and one in a Python operation, from the "Debug scenario" lens.

One run of ``tests/editors/vscode_e2e/run-e2e-debug.mjs`` in code-server
(VS Code in headless Chromium) on a copy of ``tests/dap/shop``: it sets the
two breakpoints as a user does (Go to Line, F9), clicks the first
scenario's "Debug scenario" lens, reads the Call Stack and Variables views
at each stop, then removes the breakpoints and reads the Debug Console at
the end. Each test checks one behaviour of that run. The run saves the
screenshot of the YAML stop that docs/debugging.md shows
(``$VSCODE_DEBUG_SCREENSHOT``, default ``.tools/screenshots/vscode-debugging.png``).

Prerequisites as for test_vscode.py.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from test_vscode import TOOLS_DIR, _check_prerequisites, _server_command, _vsix, run_e2e_driver

SHOP = Path(__file__).resolve().parents[1] / "dap" / "shop"
DRIVER = Path(__file__).resolve().parent / "vscode_e2e" / "run-e2e-debug.mjs"
SCREENSHOT = Path(os.environ.get("VSCODE_DEBUG_SCREENSHOT", TOOLS_DIR / "screenshots" / "vscode-debugging.png"))


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


PROGRAM = SHOP / "debug.scenario.yaml"
MISSIONS = SHOP / "shop" / "missions.py"
SELL = line_of(PROGRAM, "- id: sell")
WRITTEN = line_of(MISSIONS, "# stock written")


@pytest.fixture(scope="module")
def shown() -> dict[str, Any]:
    _check_prerequisites()
    return run_e2e_driver(
        DRIVER,
        "--vsix", str(_vsix()),
        "--project", str(SHOP),
        "--scenario", PROGRAM.name,
        "--server-command", json.dumps(_server_command()),
        "--yaml-line", str(SELL),
        "--python-file", "shop/missions.py",
        "--python-line", str(WRITTEN),
        "--test-scenario", "plain",
        "--test-line", str(line_of(PROGRAM, "- daily_loop")),
        "--tools", str(TOOLS_DIR),
        "--screenshot", str(SCREENSHOT),
    )


def test_each_scenario_has_a_debug_scenario_lens_beside_run_scenario(shown):
    scenario_lines = [line for line in shown["lenses"] if line and line[0] == "▶ Run scenario"]
    assert len(scenario_lines) == 2 and all(line[1] == "Debug scenario" for line in scenario_lines)


def test_the_yaml_breakpoint_stops_with_the_step_the_call_and_the_scenario_on_the_call_stack(shown):
    assert shown["yamlStop"]["callStack"] == [
        f"step sell (reserve)debug.scenario.yaml{SELL}:1",
        f"restock_and_sell (call 1)debug.scenario.yaml{line_of(PROGRAM, '- restock_and_sell')}:1",
        f"scenario mugsdebug.scenario.yaml{line_of(PROGRAM, '- name: mugs')}:1",
    ]


def test_the_variables_view_shows_the_state_before_the_step_its_payload_and_the_result_so_far(shown):
    variables = shown["yamlStop"]["variables"]
    assert variables[:4] == ["State", "sales =0", 'stock ={"MUG": 3, "BOX": 2}', "Payload"]
    assert variables[4:7] == ['operation ="reserve"', 'sku ="MUG"', "qty =2"]
    assert "Result" in variables


def test_the_python_breakpoint_stops_in_the_operation_above_the_yaml_frames_of_its_step_with_its_locals(shown):
    stop = shown["pythonStop"]
    assert stop["callStack"][:2] == [f"reservemissions.py{WRITTEN}:1", f"step sell (reserve)debug.scenario.yaml{SELL}:1"]
    assert {"qty =2", "sku ='MUG'", "left =3"} <= set(stop["variables"])


def test_the_debug_console_ends_with_the_scenarios_hash_of_scenario_run(shown):
    from scenario_core.checking.pipeline import check
    from scenario_core.python.missions import PythonProjects

    projects = PythonProjects()
    try:
        report = check(PROGRAM.read_text(encoding="utf-8"), python=projects.for_file(PROGRAM), path=PROGRAM)
    finally:
        projects.close()
    [mugs] = [o for o in report.scenarios if o.name == "mugs"]
    assert f"scenario mugs: scenario_hash {mugs.scenario_hash}" in shown["console"]


def test_debug_test_in_the_test_explorer_debugs_that_scenario_then_shows_its_verdict(shown):
    assert shown["testStop"]["callStack"] == [
        f"daily_loop (call 1)debug.scenario.yaml{line_of(PROGRAM, '- daily_loop')}:1",
        f"scenario plaindebug.scenario.yaml{line_of(PROGRAM, '- name: plain')}:1",
    ]
    assert shown["testItem"].endswith("(Passed)")
