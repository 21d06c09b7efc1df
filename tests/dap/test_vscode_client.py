"""VS Code's own DAP test client, @vscode/debugadapter-testsupport (npm), drives scenario-dap over stdio.

``tests/dap/testsupport/drive.js`` runs a session as VS Code's adapters are
tested: hitBreakpoint on a YAML step, stepIn to the Python operation, a
Python breakpoint, stepOut, stepBack, and on to the end. Prerequisites:
Node (``$TOOLS_DIR/node24``, from scripts/install-code-server.sh) and
``(cd tests/dap/testsupport && npm ci)``; missing, the test is skipped, and
fails under CI.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dap_helpers import line_of, scenario_run
from helpers import ROOT, missing_tool

TOOLS_DIR = Path(os.environ.get("TOOLS_DIR", ROOT / ".tools"))
SUPPORT = Path(__file__).resolve().parent / "testsupport"


def test_vscodes_debug_client_hits_a_yaml_and_a_python_breakpoint_steps_in_out_and_back_and_gets_scenario_runs_hashes(shop: Path):
    node = TOOLS_DIR / "node24" / "node_modules" / ".bin" / "node"
    if not node.exists():
        missing_tool(f"Node 24 not installed in {TOOLS_DIR}; run `bash scripts/install-code-server.sh`")
    if not (SUPPORT / "node_modules" / "@vscode" / "debugadapter-testsupport").exists():
        missing_tool("@vscode/debugadapter-testsupport not installed; run `(cd tests/dap/testsupport && npm ci)`")
    program, missions = shop / "debug.scenario.yaml", shop / "shop" / "missions.py"
    lines = {
        "sell": line_of(program, "- id: sell"),
        "count": line_of(program, "- id: count"),
        "reserve-body": line_of(missions, "# first line of reserve's body"),
        "written": line_of(missions, "# stock written"),
    }
    arguments = [f"--{name}={value}" for name, value in lines.items()]
    adapter = Path(sys.executable).with_name("scenario-dap")
    completed = subprocess.run(
        [str(node), str(SUPPORT / "drive.js"), f"--adapter={adapter}", f"--program={program}", f"--missions={missions}", *arguments],
        capture_output=True, text=True, timeout=300, cwd=SUPPORT,
    )
    seen = json.loads(completed.stdout.strip().splitlines()[-1]) if completed.stdout.strip() else {"error": completed.stderr}
    assert "error" not in seen, seen["error"]
    assert seen["pythonBreakpointVerified"] is True
    assert seen["stack"][:2] == [f"reserve@{lines['written']}", f"step sell (reserve)@{lines['sell']}"]
    expected = scenario_run(program)
    assert seen["summary"]["data"]["scenario_hashes"] == {s["name"]: s["scenario_hash"] for s in expected["scenarios"]}
    assert seen["summary"]["data"]["test_run_hash"] == expected["test_run_hash"]
