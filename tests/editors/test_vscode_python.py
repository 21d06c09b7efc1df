"""The VS Code extension with a project's Python missions: a mission_error, then the Python file fixed on disk.

One run of ``tests/editors/vscode_e2e/run-e2e-python.mjs`` in code-server
(VS Code 1.139 in headless Chromium) on a copy of ``examples/checkout/``:
``failing.scenario.yaml`` shows the ``mission_error`` of a discount code the
domain does not know. The driver then writes ``checkout/domain.py`` with
the code added, as another editor would, and waits for the error to leave
the Problems panel. VS Code watches the file for the server
(``workspace/didChangeWatchedFiles``) and pulls the new diagnostics when
the server asks it to (``workspace/diagnostic/refresh``). Each test checks
one behaviour of that run against what ``scenario run`` says about the same
files, before and after the fix.

Prerequisites as for test_vscode.py.
"""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLES
from scenario_core.cli import main as scenario_cli
from test_vscode import TOOLS_DIR, _check_prerequisites, _expected_lenses, _server_command, _vsix, run_e2e_driver

DRIVER = Path(__file__).resolve().parent / "vscode_e2e" / "run-e2e-python.mjs"
SCENARIO = "failing.scenario.yaml"
DOMAIN = Path("checkout") / "domain.py"
FIX = 'Discount("SPRING25", DiscountKind.PERCENT, 25),'
GONE = "raised UnknownDiscount"

# A problem's row in the Problems panel: its message, source and code, then where it is.
_PROBLEM = re.compile(r"^(?P<message>.*)scenario(?P<code>[a-z_]+)\[Ln (?P<line>\d+), Col (?P<column>\d+)\]$", re.DOTALL)
_SEVERITY = re.compile(r"^(?P<severity>Error|Warning|Info): ")
# A related place's row under its problem: "domain.py[Ln 105, Col 1]:raised here (domain.py:105)".
_RELATED = re.compile(r"^(?P<file>[^\[]+)\[Ln (?P<line>\d+), Col (?P<column>\d+)\]:(?P<message>.*)$", re.DOTALL)


def fixed(text: str) -> str:
    """domain.py with the SPRING25 code added after FIVEOFF, indented alike."""
    lines = text.splitlines(keepends=True)
    [at] = [i for i, line in enumerate(lines) if line.lstrip().startswith('Discount("FIVEOFF"')]
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    return "".join([*lines[: at + 1], indent + FIX + "\n", *lines[at + 1 :]])


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    """examples/checkout as it is, and with domain.py fixed."""
    root = tmp_path_factory.mktemp("projects")
    before, after = root / "before", root / "after"
    for copy in (before, after):
        shutil.copytree(EXAMPLES / "checkout", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (after / DOMAIN).write_text(fixed((before / DOMAIN).read_text(encoding="utf-8")), encoding="utf-8")
    return {"before": before, "after": after}


@pytest.fixture(scope="module")
def shown(projects) -> dict[str, Any]:
    """What VS Code showed before and after the fix (one run for the whole module)."""
    _check_prerequisites()
    return run_e2e_driver(
        DRIVER,
        "--vsix", str(_vsix()),
        "--project", str(projects["before"]),
        "--scenario", SCENARIO,
        "--server-command", json.dumps(_server_command()),
        "--replace", str(DOMAIN),
        "--with", str(projects["after"] / DOMAIN),
        "--gone", GONE,
        "--tools", str(TOOLS_DIR),
    )


def cli_report(project: Path) -> dict[str, Any]:
    out = io.StringIO()
    scenario_cli(["run", "--format", "json", str(project / SCENARIO)], stdout=out)
    return json.loads(out.getvalue())["files"][0]


def problems(markers: list[dict[str, str]]) -> list[tuple[int, int, str, str, str]]:
    """(line, column, severity, code, message) of each problem in the panel, 1-based as it shows them."""
    found = []
    for marker in markers:
        severity = _SEVERITY.match(marker["label"])
        problem = _PROBLEM.match(marker["text"])
        if severity and problem:
            found.append((int(problem["line"]), int(problem["column"]), severity["severity"].lower(), problem["code"], problem["message"]))
    return sorted(found)


def cli_problems(report: dict[str, Any]) -> list[tuple[int, int, str, str, str]]:
    return sorted(
        (f["range"]["start"]["line"] + 1, f["range"]["start"]["column"] + 1, f["severity"], f["code"], f["message"])
        for f in report["findings"]
    )


def test_the_problems_panel_shows_the_python_missions_error_as_scenario_run_prints_it(shown, projects):
    shown_problems = problems(shown["before"]["markers"])
    expected = cli_problems(cli_report(projects["before"]))
    assert [p for p in shown_problems if p[3] == "mission_error"] == [p for p in expected if p[3] == "mission_error"]
    assert shown_problems == expected


def test_the_mission_error_lists_the_line_of_the_python_file_that_raised(shown, projects):
    rows = [m["text"] for m in shown["before"]["markers"]]
    [at] = [i for i, text in enumerate(rows) if GONE in text]
    related = _RELATED.match(rows[at + 1])
    assert related is not None, rows[at + 1]
    error = next(f for f in cli_report(projects["before"])["findings"] if f["code"] == "mission_error")
    [place] = error["related"]
    assert (related["file"], int(related["line"]), related["message"]) == (
        Path(place["path"]).name, place["range"]["start"]["line"] + 1, place["message"],
    )


def test_before_the_fix_the_lenses_show_the_expectation_on_that_call_as_not_run(shown, projects):
    report = cli_report(projects["before"])
    assert shown["before"]["lenses"] == _expected_lenses(report, projects["before"] / SCENARIO)
    [spring] = [e for e in report["expectations"] if e["id"] == "spring_price"]
    assert spring["code"] == "not_run"


def test_after_the_python_file_changes_on_disk_the_mission_error_goes_and_the_panel_shows_what_scenario_run_prints(shown, projects):
    shown_problems = problems(shown["after"]["markers"])
    assert "mission_error" not in {p[3] for p in shown_problems}
    assert shown_problems == cli_problems(cli_report(projects["after"]))


def test_after_the_fix_the_lenses_show_the_expectation_on_that_call_passing(shown, projects):
    report = cli_report(projects["after"])
    assert shown["after"]["lenses"] == _expected_lenses(report, projects["after"] / SCENARIO)
    [spring] = [e for e in report["expectations"] if e["id"] == "spring_price"]
    assert spring["passed"] is True
