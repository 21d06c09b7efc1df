"""The step trace in a real VS Code: the Trace lens, the Trace view, and a failed expectation's stack and output.

One run of ``tests/editors/vscode_e2e/run-e2e-trace.mjs`` in code-server
(VS Code 1.139 in headless Chromium) on a copy of ``examples/checkout/``:
it clicks the Trace lens of the ``return_items`` call in
``failing.scenario.yaml``, reads the Trace view that opens beside it and
follows one of its links, then runs the tests from the Test Explorer and
reads the call stack of ``full_price_back``'s failure (its value, the
refunds, was written by a Python operation) and the run's output. Each test
checks one behaviour against the server's own trace of the same call, made
here in process, and `scenario run`.

The run saves a screenshot of the view beside the file to
``$VSCODE_E2E_TRACE_SCREENSHOT`` (default ``.tools/screenshots/vscode-trace.png``;
docs/images/vscode-trace.png is a copy). Prerequisites as for test_vscode.py.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLES
from scenario_core.checking.pipeline import check
from scenario_core.python.missions import PythonProjects
from scenario_lsp.documents.traces import calls_of, make_traces
from test_vscode import TOOLS_DIR, _check_prerequisites, _server_command, _vsix, run_e2e_driver

DRIVER = Path(__file__).resolve().parent / "vscode_e2e" / "run-e2e-trace.mjs"
SCENARIO = "failing.scenario.yaml"
SCREENSHOT = Path(os.environ.get("VSCODE_E2E_TRACE_SCREENSHOT", TOOLS_DIR / "screenshots" / "vscode-trace.png"))
TRACED = ("return_one_bag", 3)  # the scenario whose call the run traces, and its Trace lens among the file's


def _missions_line(prefix: str) -> int:
    """The 1-based line of examples/checkout/checkout/missions.py that starts with ``prefix``."""
    lines = (EXAMPLES / "checkout" / "checkout" / "missions.py").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))


FOLLOW = f"checkout/missions.py:{_missions_line('def reserve_stock(')}"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project") / "checkout"
    shutil.copytree(EXAMPLES / "checkout", root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.fixture(scope="module")
def shown(project) -> dict[str, Any]:
    """What VS Code showed (one run for the whole module)."""
    _check_prerequisites()
    return run_e2e_driver(
        DRIVER,
        "--vsix", str(_vsix()),
        "--project", str(project),
        "--scenario", SCENARIO,
        "--call", str(TRACED[1]),
        "--follow", FOLLOW,
        "--server-command", json.dumps(_server_command()),
        "--tools", str(TOOLS_DIR),
        "--screenshot", str(SCREENSHOT),
    )


@pytest.fixture(scope="module")
def server_trace(project) -> dict[str, Any]:
    """The trace of the traced scenario's call as the server makes it (here in process, with the project's worker)."""
    path = project / SCENARIO
    projects = PythonProjects()
    try:
        python = projects.for_file(path)
        report = check(path.read_text(), path=path, python=python)
        [call] = calls_of(report, TRACED[0])
        return make_traces(report, python, [call], True)[(id(call[0]), call[1])].to_dict(report.lines, path, states=True)
    finally:
        projects.close()


def step_line(step: dict[str, Any]) -> str:
    kind = f"{step['kind']} {step['operation']}" if step["operation"] else step["kind"]
    status = {"failed": "✗ failed", "not_reached": "not reached"}.get(step["status"], step["status"])
    return f"  step {step['id']} · {kind} · {status}"


def shown_value(value: Any) -> str:
    """A value as the core's messages and `scenario trace` write it."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def change_line(change: dict[str, Any]) -> str:
    if "before" in change and "after" in change:
        return f"{change['path']}: {shown_value(change['before'])} → {shown_value(change['after'])}"
    if "after" in change:
        return f"{change['path']}: + {shown_value(change['after'])}"
    return f"{change['path']}: - {shown_value(change['before'])}"


def relative(place: dict[str, Any], project: Path) -> str:
    return f"{Path(place['path']).relative_to(project).as_posix()}:{place['line']}"


# -- the Trace lens and view --------------------------------------------------------------------


def test_each_call_of_the_file_has_a_trace_lens(shown, project):
    report = check((project / SCENARIO).read_text())
    assert shown["lensTitles"] == ["Trace"] * sum(len(s.definition.calls) for s in report.scenarios)


def test_the_trace_lens_opens_a_read_only_view_of_the_call_beside_the_file(shown):
    assert shown["view"]["title"].startswith("return_one_bag · call 1 return_items (trace)")
    assert shown["view"]["lines"][0] == f"Trace of scenario 'return_one_bag' in {SCENARIO}"


def test_the_view_shows_every_step_with_its_place_and_its_diff_as_the_server_traced_it(shown, server_trace, project):
    lines = shown["view"]["lines"]
    assert f"call 1 · return_items · ✓ succeeded · {SCENARIO}:{server_trace['line']}" in lines
    at, compared = -1, 0
    for step in server_trace["steps"]:
        diff = [change_line(c) for c in step["changes"]] or ["none"]
        if step_line(step) not in lines[at + 1 :] or lines.index(step_line(step), at + 1) + 2 + len(diff) > len(lines):
            break  # the rest of the view is below what the screen shows
        at = lines.index(step_line(step), at + 1)
        places = [relative(step["defined_at"], project)] + ([f"def {relative(step['operation_at'], project)}"] if step["operation_at"] else [])
        assert lines[at + 1] == "    at      " + ", ".join(places)
        assert lines[at + 2].startswith("    diff    ")
        assert [line[12:] for line in lines[at + 2 : at + 2 + len(diff)]] == diff
        compared += 1
    assert compared >= 3


def test_the_view_shows_the_state_before_and_after_a_step(shown, server_trace):
    lines = shown["view"]["lines"]
    first = server_trace["steps"][0]
    at = lines.index(step_line(first))
    assert lines[at + 3] == "    before  " + shown_value(first["state_before"])
    assert lines[at + 4] == "    after   " + shown_value(first["state_after"])


def test_each_place_in_the_view_is_a_link(shown, server_trace, project):
    expected = [f"{SCENARIO}:{server_trace['line']}"]
    for step in server_trace["steps"]:
        expected.append(relative(step["defined_at"], project))
        if step["operation_at"]:
            expected.append(relative(step["operation_at"], project))
    shown_links = shown["view"]["links"]
    assert shown_links == expected[: len(shown_links)] and len(shown_links) >= 4


def test_a_link_of_the_view_opens_its_line(shown):
    assert shown["followed"] == {"link": FOLLOW, "tab": "missions.py", "position": f"Ln {FOLLOW.rsplit(':', 1)[1]}, Col 1"}


def test_the_run_saves_a_screenshot_of_the_view(shown):
    assert Path(shown["screenshot"]).stat().st_size > 10_000


# -- the Test Explorer ------------------------------------------------------------------------------


def test_a_failed_expectations_message_carries_its_way_to_the_python_line_that_wrote_the_value(shown):
    refund_built = _missions_line('        StepSpec("refund"')
    assert shown["stack"][1:] == [
        "expectation 'full_price_back', line 39 in failing.scenario.yaml",
        "scenario 'return_one_bag', line 24 in failing.scenario.yaml",
        "call 1: return_items, line 27 in failing.scenario.yaml",
        f"step 'refund' wrote refunds_cents, line {refund_built} in checkout/missions.py",
        f"operation 'refund', line {_missions_line('def refund(')} in checkout/missions.py",
    ]


def test_a_frame_of_the_stack_opens_its_line(shown):
    assert shown["frameOpened"] == {"tab": "missions.py", "position": f"Ln {_missions_line('def refund(')}, Col 1"}


def test_the_runs_output_shows_the_trace_of_each_failed_call(shown, server_trace):
    # The output's terminal wraps long lines; compared without whitespace.
    output = "".join("".join(shown["output"]).split())
    squeezed = lambda text: "".join(text.split())  # noqa: E731
    assert squeezed("Trace of scenario 'spring_sale'") in output
    assert squeezed("Trace of scenario 'return_one_bag'") in output
    for step in server_trace["steps"]:
        assert squeezed(step_line(step)) in output
        for change in step["changes"]:
            assert squeezed(change_line(change)) in output
    assert "before" not in output  # the output shows the changes, not the states
