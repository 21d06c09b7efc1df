"""The launch configurations docs/neovim.md and docs/debugging.md give nvim-dap and Emacs's dape, as those clients send them.

nvim-dap and dape cannot be installed on our machines: each test drives
``scenario-dap`` with the exact requests the client sends for the documented
configuration (its initialize arguments, when it sends launch, what its
``${file}`` or ``dape-buffer-default`` becomes, its breakpoint requests).
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import re

from client import DapClient
from dap_helpers import line_of, scenario_run
from helpers import ROOT

ADAPTER = [str(Path(sys.executable).with_name("scenario-dap"))]
DEBUGGING = (ROOT / "docs" / "debugging.md").read_text(encoding="utf-8")


def documented_nvim_dap_configuration(program: Path) -> dict[str, str]:
    """The configuration docs/debugging.md gives nvim-dap, as nvim-dap sends it: ``${file}`` expanded."""
    table = re.search(r"dap\.configurations\.yaml = \{\s*\{(.*?)\},\s*\}", DEBUGGING, re.S)
    assert table is not None, "docs/debugging.md gives no dap.configurations.yaml"
    entries = dict(re.findall(r"(\w+) = '([^']*)'", table[1]))
    return {key: str(program) if value == "${file}" else value for key, value in entries.items()}


def documented_dape_launch(relative_program: str) -> dict[str, str]:
    """The launch arguments of the dape configuration docs/debugging.md gives: its keywords, dape-buffer-default resolved."""
    config = re.search(r"'\(scenario\n(.*?)\)\)", DEBUGGING, re.S)
    assert config is not None, "docs/debugging.md gives no dape configuration"
    arguments = dict(re.findall(r':(\w+) ("[^"]*"|[\w-]+)', config[1]))
    assert "command" in config[1] and '"scenario-dap"' in config[1]
    return {key: relative_program if value == "dape-buffer-default" else value.strip('"') for key, value in arguments.items()}


def nvim_dap_initialize() -> dict[str, object]:
    """nvim-dap's initialize arguments (lua/dap/session.lua), for an adapter it calls 'scenario'."""
    return {
        "clientID": "neovim",
        "clientName": "neovim",
        "adapterID": "scenario",
        "pathFormat": "path",
        "columnsStartAt1": True,
        "linesStartAt1": True,
        "supportsRunInTerminalRequest": True,
        "supportsVariableType": True,
        "supportsProgressReporting": True,
        "supportsStartDebuggingRequest": True,
        "locale": "en_US",
    }


def test_nvim_dap_with_the_documented_configuration_stops_at_yaml_and_python_breakpoints_and_steps_back(shop: Path):
    program, missions = shop / "debug.scenario.yaml", shop / "shop" / "missions.py"
    # docs/neovim.md: dap.adapters.scenario = {type = 'executable', command = 'scenario-dap'};
    # dap.configurations.yaml = {{type = 'scenario', request = 'launch', name = 'Debug scenario file', program = '${file}'}}
    dap = DapClient(ADAPTER, cwd=shop)
    try:
        capabilities = dap.ok("initialize", nvim_dap_initialize())
        launch = documented_nvim_dap_configuration(program)
        assert launch == {"type": "scenario", "request": "launch", "name": "Debug scenario file", "program": str(program)}
        dap.ok("launch", launch)  # nvim-dap sends the configuration as it is, before `initialized`
        dap.event("initialized")
        sell, written = line_of(program, "- id: sell"), line_of(missions, "# stock written")
        for path, line in ((program, sell), (missions, written)):
            dap.ok("setBreakpoints", {"source": {"path": str(path), "name": path.name}, "sourceModified": False, "breakpoints": [{"line": line}], "lines": [line]})
        defaults = [f["filter"] for f in capabilities["exceptionBreakpointFilters"] if f.get("default")]  # exception_breakpoints = 'default'
        dap.ok("setExceptionBreakpoints", {"filters": defaults})
        dap.ok("configurationDone")
        assert dap.stopped()["reason"] == "breakpoint" and dap.top()[:2] == ("debug.scenario.yaml", sell)
        assert dap.resume("continue")["reason"] == "breakpoint" and dap.top()[:2] == ("missions.py", written)
        dap.resume("stepOut")
        assert dap.top()[2] == "step count (increment)"
        dap.resume("stepBack")  # require('dap').step_back()
        assert dap.top()[:2] == ("debug.scenario.yaml", sell)
        assert dap.scope_value("State")["stock"] == {"MUG": 3, "BOX": 2}
        for path in (program, missions):
            dap.ok("setBreakpoints", {"source": {"path": str(path), "name": path.name}, "sourceModified": False, "breakpoints": [], "lines": []})
        assert dap.finish()["data"]["test_run_hash"] == scenario_run(program)["test_run_hash"]
    finally:
        assert dap.close() == 0


def dape_initialize() -> dict[str, object]:
    """dape's initialize arguments (dape.el, dape--initialize), for a configuration of :type "scenario"."""
    return {
        "clientID": "dape",
        "adapterID": "scenario",
        "pathFormat": "path",
        "linesStartAt1": True,
        "columnsStartAt1": True,
        "supportsRunInTerminalRequest": True,
        "supportsArgsCanBeInterpretedByShell": True,
        "supportsProgressReporting": True,
        "supportsStartDebuggingRequest": True,
    }


def _dape_session(shop: Path, defer_launch: bool) -> None:
    program = shop / "debug.scenario.yaml"
    # docs/debugging.md: (scenario modes (yaml-mode yaml-ts-mode) command "scenario-dap" command-cwd dape-command-cwd
    #                     :type "scenario" :request "launch" :program dape-buffer-default)
    # dape starts the adapter in the project's folder and gives the file relative to it.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    dap = DapClient([shutil.which("scenario-dap", path=env["PATH"]) or "scenario-dap"], cwd=shop, env=env)
    launch = documented_dape_launch("debug.scenario.yaml")
    assert launch == {"type": "scenario", "request": "launch", "program": "debug.scenario.yaml"}
    try:
        dap.ok("initialize", dape_initialize())
        if not defer_launch:
            dap.ok("launch", launch)
        dap.event("initialized")
        line = line_of(program, "- id: count")
        dap.ok("setBreakpoints", {"source": {"path": str(program)}, "breakpoints": [{"line": line}], "lines": [line]})
        dap.ok("setExceptionBreakpoints", {"filters": ["mission_error"]})
        dap.ok("configurationDone")
        if defer_launch:
            dap.ok("launch", launch)
        assert dap.stopped()["reason"] == "breakpoint"
        assert dap.top() == ("debug.scenario.yaml", line, "step count (increment)")
        dap.resume("next")
        assert dap.top()[2] == "order (call 2)"
        dap.ok("setBreakpoints", {"source": {"path": str(program)}, "breakpoints": [], "lines": []})
        assert dap.finish()["data"]["test_run_hash"] == scenario_run(program)["test_run_hash"]
    finally:
        assert dap.close() == 0


def test_dape_with_the_documented_configuration_stops_at_a_yaml_breakpoint_on_the_file_it_names_relative_to_the_project(shop: Path):
    _dape_session(shop, defer_launch=False)


def test_dape_with_defer_launch_attach_sends_launch_after_configuration_done_and_it_works_the_same(shop: Path):
    _dape_session(shop, defer_launch=True)
