"""The VS Code extension in a real VS Code, end to end against the real server.

One run of ``tests/editors/vscode_e2e/run-e2e.mjs`` installs the built
``vscode-extension/scenario-harness-<version>.vsix`` into code-server (VS Code
1.139 in a browser), opens a copy of ``examples/failing.scenario.yaml`` in
headless Chromium, and reports what the page shows as JSON; each test below
checks one behaviour of that run against what ``scenario run`` says about the
same file. The workspace also holds ``tests/editors/libraries/`` (a mission
library and two scenario files importing it), whose mission the run renames
at the end.

Prerequisites: ``bash scripts/install-code-server.sh`` (Node 24, code-server,
Chromium, playwright-core into ``.tools/`` or ``$TOOLS_DIR``) and
``(cd vscode-extension && npm ci && npm run package)``. When they are missing
the tests are skipped, except under CI, where they fail.

The run saves a screenshot to ``$VSCODE_E2E_SCREENSHOT`` (default
``.tools/screenshots/vscode-failing.png``).
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES, ROOT, TIME_SCALE, WAIT_S, missing_tool, scaled

from scenario_core.checking.pipeline import check
from scenario_core.checking.snapshots import snapshot_path, write_snapshot_file
from scenario_core.cli import main as scenario_cli

EXTENSION_DIR = ROOT / "vscode-extension"
DRIVER = Path(__file__).resolve().parent / "vscode_e2e" / "run-e2e.mjs"
EXAMPLE = EXAMPLES / "failing.scenario.yaml"
LIBRARIES = Path(__file__).resolve().parent / "libraries"  # a mission library and two files importing it
TOOLS_DIR = Path(os.environ.get("TOOLS_DIR", ROOT / ".tools"))
SCREENSHOT = Path(os.environ.get("VSCODE_E2E_SCREENSHOT", TOOLS_DIR / "screenshots" / "vscode-failing.png"))
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
HASH_LENGTH = 12  # the server's default `hashLength`
# The whole run of a driver; each of its waits gives up after WAIT_S (see vscode_e2e/codeServer.mjs).
DRIVER_BUDGET_S = scaled(600)


def _vsix() -> Path:
    version = json.loads((EXTENSION_DIR / "package.json").read_text())["version"]
    return EXTENSION_DIR / f"scenario-harness-{version}.vsix"


def _check_prerequisites() -> None:
    install = "run `bash scripts/install-code-server.sh`"
    needed = {
        TOOLS_DIR / "node24" / "node_modules" / ".bin" / "node": f"Node 24 not installed; {install}",
        TOOLS_DIR / "code-server" / "node_modules" / ".bin" / "code-server": f"code-server not installed; {install}",
        TOOLS_DIR / "e2e" / "node_modules" / "playwright-core": f"playwright-core not installed; {install}",
        CHROMIUM: f"{CHROMIUM} not found; {install}",
        _vsix(): f"{_vsix().name} not built; run `(cd vscode-extension && npm ci && npm run package)`",
    }
    for path, reason in needed.items():
        if not path.exists():
            missing_tool(reason)


def _server_command() -> list[str]:
    """The server as the extension will start it; fails at once, with the reason, when it cannot start."""
    command = [sys.executable, "-m", "scenario_lsp"]
    started = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=WAIT_S)
    assert started.returncode == 0, f"`{' '.join(command)} --version` failed:\n{started.stdout}{started.stderr}"
    return command


# Two files whose snapshot and expectation the run accepts: from the editor title, and from the Test Explorer.
ACCEPTED_FILE = """\
suite: {suite}
snapshot: true
scenarios:
  - name: {scenario}
    initial_state: {{counter: {counter}, message: ping}}
    missions:
      - daily_loop
      - name: echo
        params: {{payload_key: message}}
expectations:
  - id: {scenario}_counted   # the loop counted
    scenario: {scenario}
    mission: daily_loop
    path: final_state.counter
    op: eq
    expected: 1
"""
ACCEPTED = {
    "title.scenario.yaml": {"suite": "title_accept", "scenario": "cart"},
    "explorer.scenario.yaml": {"suite": "explorer_accept", "scenario": "basket"},
}


def accepted_file(name: str, counter: int) -> str:
    return ACCEPTED_FILE.format(counter=counter, **ACCEPTED[name])


def _accept_dir(root: Path) -> Path:
    """Files whose stored snapshot is of counter 0, and whose text now says counter 4 (and expects 1)."""
    for name in ACCEPTED:
        path = root / name
        path.write_text(accepted_file(name, 0), encoding="utf-8")
        write_snapshot_file(check(path.read_text(encoding="utf-8"), path=path).snapshots.accepted())
        path.write_text(accepted_file(name, 4), encoding="utf-8")
    return root


def run_e2e_driver(driver: Path, *args: str) -> dict[str, Any]:
    """What a code-server driver (``vscode_e2e/*.mjs``) saw, from the JSON it prints; the test fails with its logs otherwise.

    The driver ends by itself within DRIVER_BUDGET_S, stopping code-server, so
    the later timeout here is only for a driver that hangs.
    """
    node = TOOLS_DIR / "node24" / "node_modules" / ".bin" / "node"
    completed = subprocess.run(
        [str(node), str(driver), *args, "--timeout-s", str(DRIVER_BUDGET_S)],
        capture_output=True,
        text=True,
        timeout=DRIVER_BUDGET_S + WAIT_S,
        env={**os.environ, "CHROMIUM": str(CHROMIUM), "SCENARIO_TEST_TIME_SCALE": str(TIME_SCALE)},
    )
    try:
        result: dict[str, Any] = json.loads(completed.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the e2e driver printed no JSON (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
    extension = result.get("extensionLogs")
    assert completed.returncode == 0 and "error" not in result, (
        f"the e2e run failed: {result.get('error')}\n--- code-server ---\n{result.get('codeServerLog', '')}"
        + (f"\n--- extension ---\n{json.dumps(extension, indent=1)[-6000:]}" if extension else "")
        + f"\n--- driver ---\n{completed.stderr}"
    )
    return result


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What VS Code showed for the failing example (one run for the whole module)."""
    _check_prerequisites()
    return run_e2e_driver(
        DRIVER,
        "--vsix", str(_vsix()),
        "--scenario", str(EXAMPLE),
        "--libraries", str(LIBRARIES),
        "--server-command", json.dumps(_server_command()),
        "--accept-dir", str(_accept_dir(tmp_path_factory.mktemp("accept"))),
        "--tools", str(TOOLS_DIR),
        "--screenshot", str(SCREENSHOT),
    )


@pytest.fixture(scope="module")
def cli_report() -> dict[str, Any]:
    """`scenario run --format json` on the same file."""
    out = io.StringIO()
    scenario_cli(["run", "--format", "json", str(EXAMPLE)], stdout=out)
    return json.loads(out.getvalue())["files"][0]


COMPARISONS = {"eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch", "type_error"}


def _finding_message(report: dict[str, Any], expectation: dict[str, Any]) -> str:
    """The message of the finding that explains a failed expectation (as the server's lenses pick it)."""
    return next(
        f["message"] for f in report["findings"]
        if f["code"] == expectation["code"] and f["data"].get("expectation") == expectation["id"]
    )


def _expected_lenses(report: dict[str, Any], path: Path) -> list[list[str]]:
    """The lens titles of docs/server-contract.md, line by line, from the CLI's report (and the calls of the file at ``path``)."""
    expectations = report["expectations"]
    passed = sum(1 for e in expectations if e["passed"])
    mark = "✓" if report["verdict"] == "passed" else "✗"
    lines = [[f"{mark} {passed}/{len(expectations)} passed", f"test_run {report['test_run_hash'][:HASH_LENGTH]}"]]
    outcomes = {o.name: o for o in check(path.read_text(encoding="utf-8")).scenarios if not o.shadowed}
    for scenario in report["scenarios"]:
        # The extension turns the server's debugLens on: "Debug scenario" comes beside "Run scenario".
        lines.append(["▶ Run scenario", "Debug scenario", f"scenario_hash {scenario['scenario_hash'][:HASH_LENGTH]}"])
        calls: dict[int, list[str]] = {}  # a Trace lens on each call, by line
        for call in outcomes[scenario["name"]].definition.calls:
            calls.setdefault(call.name_range.start.line, []).append(call.name)
        lines += [["Trace"] if len(names) == 1 else [f"Trace {name}" for name in names] for names in calls.values()]
    for expectation in expectations:
        if expectation["passed"]:
            lines.append(["✓ passed"])
            continue
        lines.append([f"✗ {_finding_message(report, expectation)}"])
    return lines


def test_problems_count_is_the_number_of_findings_scenario_run_prints(shown, cli_report):
    severities = [f["severity"] for f in cli_report["findings"]]
    assert shown["problems"]["errors"] == severities.count("error")
    assert shown["problems"]["warnings"] == severities.count("warning")
    assert shown["problems"]["infos"] == severities.count("info")


def test_code_lenses_show_the_verdict_hashes_and_expectation_messages_of_scenario_run(shown, cli_report):
    assert shown["lenses"] == _expected_lenses(cli_report, EXAMPLE)


def test_status_bar_item_runs_the_suite_and_shows_the_counts(shown, cli_report):
    failed = sum(1 for e in cli_report["expectations"] if not e["passed"])
    passed = len(cli_report["expectations"]) - failed
    invalid = ", 1 invalid" if cli_report["verdict"] == "invalid" else ""
    assert shown["statusBarBefore"] == "Scenario"
    assert shown["statusBar"] == f"{passed} passed, {failed} failed{invalid}"


def test_the_run_saves_a_screenshot_of_the_failing_example(shown):
    assert Path(shown["screenshot"]).stat().st_size > 10_000


def test_each_failed_expectation_shows_its_failure_at_its_id_line(shown, cli_report):
    """Comparisons as VS Code draws a diff message ("actual != expected"), others with the finding's message."""
    shown_at = {(m["line"], m["text"]) for m in shown["testMessages"]}
    for expectation in cli_report["expectations"]:
        if expectation["passed"]:
            continue
        line = expectation["range"]["start"]["line"] + 1
        if expectation["code"] in COMPARISONS:
            text = f"{json.dumps(expectation['actual'])} != {json.dumps(expectation['expected'])}"
        else:
            text = _finding_message(cli_report, expectation)
        assert (line, text) in shown_at, f"{expectation['id']}: {text!r} not shown at line {line}"


def test_test_explorer_has_an_item_per_scenario_and_expectation_with_its_state(shown, cli_report):
    ran_and_wrong = COMPARISONS | {"path_missing"}
    expected_states = {
        e["id"]: "Passed" if e["passed"] else "Failed" if e["code"] in ran_and_wrong else "Errored"
        for e in cli_report["expectations"]
    }
    items = {item["label"]: item["state"] for item in shown["testItems"]}
    assert cli_report["suite"] in items
    assert {s["name"] for s in cli_report["scenarios"]} <= items.keys()
    assert {label: items.get(label) for label in expected_states} == expected_states


def test_renaming_a_library_mission_rewrites_the_library_and_every_file_that_calls_it(shown):
    expected = {
        name: (LIBRARIES / name).read_text().replace("ship_order", "dispatch_order")
        for name in ("lib/shipping.missions.yaml", "checkout.scenario.yaml", "returns.scenario.yaml")
    }
    assert shown["renameBoxBefore"] == "ship_order"  # the name prepareRename gave
    assert shown["renamed"] == expected


def test_a_server_that_cannot_start_gives_one_notification_naming_the_fix(shown):
    # The driver last points scenario.server.command (as a workspace setting) at a missing program.
    about_start = [n for n in shown["notifications"] if "server" in n and "passed" not in n]
    assert about_start == [
        'Scenario Harness: the language server did not start — "/nonexistent/python3" was not found. '
        "Fix scenario.server.command, or install the server (Scenario Harness's Python package: `pip install` its checkout or wheel) into the Python it runs."
    ]


# -- accepting ---------------------------------------------------------------------------------


def _checked_on_disk(tmp_path: Path, name: str, text: str, snapshot: str) -> list[str]:
    """The finding codes of ``text`` checked beside ``snapshot`` as its snapshot file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    snapshot_path(path).parent.mkdir(exist_ok=True)
    snapshot_path(path).write_text(snapshot, encoding="utf-8")
    return [f.code for f in check(text, path=path).findings]


def test_a_changed_snapshot_shows_an_accept_lens_and_the_verdict_names_it(shown):
    before = shown["accept"]["title"]["lensesBefore"]
    assert before[0][0] == "✗ 0/1 passed, 1 snapshot changed"
    assert before[1][0] == "▶ Run scenario" and before[1][3] == "Accept snapshot"


def test_accept_all_in_file_is_in_the_editor_title(shown):
    assert shown["accept"]["title"]["titleAction"].startswith("Accept all in file")


def test_accept_all_from_the_editor_title_sets_expected_and_stores_the_snapshot(shown, tmp_path):
    title = shown["accept"]["title"]
    assert title["text"] == accepted_file("title.scenario.yaml", 4).replace("expected: 1", "expected: 5")
    assert _checked_on_disk(tmp_path, "title.scenario.yaml", title["text"], title["snapshot"]) == []
    assert title["lensesAfter"][0][0] == "✓ 1/1 passed"
    assert all("Accept snapshot" not in line for line in title["lensesAfter"])


def test_accept_all_in_file_is_in_the_test_explorers_context_menu(shown):
    assert "Accept all in file" in shown["accept"]["explorer"]["menu"]


def test_accept_all_from_the_test_explorer_accepts_a_file_that_was_not_open(shown, tmp_path):
    explorer = shown["accept"]["explorer"]
    assert explorer["text"] == accepted_file("explorer.scenario.yaml", 4).replace("expected: 1", "expected: 5")
    assert _checked_on_disk(tmp_path, "explorer.scenario.yaml", explorer["text"], explorer["snapshot"]) == []
