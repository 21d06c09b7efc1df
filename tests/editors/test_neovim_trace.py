"""The Trace lens in Neovim 0.11, with the few Lua lines of docs/neovim.md, end to end against the real server.

One headless run of ``tests/editors/nvim/trace.lua`` loads the documented
set-up (``scenario.lua``) and the documented ``scenario.showTrace`` command
(``show_trace.lua``), runs the Trace lens of a call in a copy of
``examples/own_missions.scenario.yaml`` and reads the scratch buffer that
opens; each test checks one behaviour against the server's own
``scenario/trace`` answer, computed here in process.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_neovim import DOCS, NVIM_DIR, NeovimRun, run_neovim

from helpers import EXAMPLES
from scenario_core.checking.pipeline import check
from scenario_lsp.documents.traces import calls_of, make_traces

DRIVER = NVIM_DIR / "trace.lua"
SHOW_TRACE = NVIM_DIR / "show_trace.lua"
NAME = "own.scenario.yaml"


@pytest.fixture(scope="module")
def neovim(tmp_path_factory) -> NeovimRun:
    workspace = tmp_path_factory.mktemp("workspace")
    shutil.copy(EXAMPLES / "own_missions.scenario.yaml", workspace / NAME)
    return run_neovim(DRIVER, workspace, tmp_path_factory.mktemp("nvim-home"))


def expected_buffer(path: Path, scenario: str) -> list[str]:
    """The buffer show_trace.lua writes, from the trace the server makes (relative paths, as from Neovim's cwd)."""
    report = check(path.read_text(), path=path)
    calls = calls_of(report, scenario)
    lines = [f"Trace of scenario '{scenario}'"]
    for call in calls:
        trace = make_traces(report, None, [call], False)[(id(call[0]), call[1])].to_dict(report.lines, path)
        outcome = trace["error"] or ("succeeded" if trace["success"] else "failed")
        lines.append(f"call {trace['index'] + 1} · {trace['mission']} · {outcome}  {path.name}:{trace['line']}")
        for step in trace["steps"]:
            place = f"  {Path(step['defined_at']['path']).name}:{step['defined_at']['line']}" if step["defined_at"] else ""
            lines.append(f"  {step['id']} · {step['operation'] or step['kind']} · {step['status']}{place}")
            for change in step["changes"]:
                if "before" not in change:
                    lines.append(f"      {change['path']}: + {_json(change['after'])}")
                elif "after" not in change:
                    lines.append(f"      {change['path']}: - {_json(change['before'])}")
                else:
                    lines.append(f"      {change['path']}: {_json(change['before'])} → {_json(change['after'])}")
    return lines


def _json(value: object) -> str:
    import json

    return json.dumps(value, separators=(",", ":"))


def test_docs_quote_the_tested_show_trace_command_verbatim():
    assert SHOW_TRACE.read_text(encoding="utf-8").strip() in DOCS.read_text(encoding="utf-8")


def test_each_call_has_a_trace_lens(neovim):
    lenses = neovim.step("lenses")["lenses"]
    assert [(lens["lnum"], lens["title"], lens["arguments"][0]["scenario"]) for lens in lenses] == [
        (28, "Trace", "first_order"),
        (31, "Trace", "out_of_stock"),
    ]


def test_the_trace_lens_opens_a_scratch_buffer_below_with_the_calls_steps_and_changes(neovim):
    shown = neovim.step("show_trace")
    assert (shown["windows_after"], shown["current"], shown["buftype"], shown["modifiable"]) == (shown["windows_before"] + 1, True, "nofile", False)
    assert shown["lines"] == expected_buffer(neovim.workspace / NAME, "first_order")


def test_the_buffer_reads_as_the_server_traced_it(neovim):
    assert neovim.step("show_trace")["lines"] == [
        "Trace of scenario 'first_order'",
        f"call 1 · ship_order · succeeded  {NAME}:29",
        f"  review · human · approved  {NAME}:7",
        f"  mark · set · ok  {NAME}:10",
        "      shipped: + true",
        f"  count · increment · ok  {NAME}:13",
        "      shipments: 0 → 1",
        f"  log · append · ok  {NAME}:16",
        '      history.1: + "shipped"',
    ]


def test_gF_on_a_steps_place_opens_its_line(neovim):
    assert neovim.step("goto_step") == {"ok": True, "file": NAME, "line": 10}
