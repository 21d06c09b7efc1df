"""Coverage over stdio: scenario.runCoverage, and the faded hints of missions no scenario calls and steps no call reaches."""
from __future__ import annotations

import asyncio
import contextlib
import io
import json
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from helpers import STOCK_MISSIONS
from lsp_session import execute, open_document, pulls, replace_all, uri_of
from scenario_core.cli import main as scenario_cli

# The project's code runs in these (trusted beforehand); an untrusted project's coverage run is in test_server_trust.py.
pytestmark = pytest.mark.trusted_workspace

LIBRARY = """missions:
  pack:
    steps:
      - {id: box, kind: runtime, payload: {operation: set, key: boxed, value: true}}
      - {id: stop, kind: runtime, payload: {operation: fail, reason: no tape}}
      - {id: label, kind: runtime, payload: {operation: set, key: labelled, value: true}}
  gift_wrap:
    steps:
      - {id: wrap, kind: runtime, payload: {operation: noop}}
"""

STOCK = """suite: stock
imports: [lib/packing.missions.yaml]
scenarios:
  - name: a_few
    missions: [{name: top_up, params: {qty: 2}}, pack]
  - name: many
    missions: [{name: top_up, params: {qty: 20}}]
"""

WORKSPACE = {
    "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\n\n[tool.scenario]\nmissions = ["shop.missions"]\n',
    "shop/__init__.py": "",
    "shop/missions.py": STOCK_MISSIONS,
    "lib/packing.missions.yaml": LIBRARY,
    "stock.scenario.yaml": STOCK,
}


def cli_coverage(root: Path) -> dict:
    """`scenario run --coverage --coverage-format json` of the workspace (names relative to it)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root):
        scenario_cli(["run", ".", "--coverage", "--coverage-format", "json", "--coverage-output", "cli.json"], out, err)
    document = json.loads((root / "cli.json").read_text())
    (root / "cli.json").unlink()
    return document


def relative(client: LanguageClient, uri: str) -> str:
    return Path(uri.removeprefix("file://")).relative_to(client.workspace_root).as_posix()


async def hints(client: LanguageClient, uri: str, until, timeout: float = 15.0) -> list[types.Diagnostic]:
    """The hint diagnostics of ``uri`` (pulled, or the last push) once ``until`` holds for them."""
    deadline = time.monotonic() + timeout
    while True:
        if pulls(client):
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )
            found = [d for d in report.items if d.severity == types.DiagnosticSeverity.Hint]
        else:
            pushed = [p for p in client.published if p.uri == uri]
            found = [d for d in pushed[-1].diagnostics if d.severity == types.DiagnosticSeverity.Hint] if pushed else None
        if found is not None and until(found):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for the hints of {uri}: {found}")
        await asyncio.sleep(0.05)


@pytest.mark.workspace(WORKSPACE)
async def test_run_coverage_answers_the_yaml_steps_and_python_lines_scenario_run_counts(client: LanguageClient):
    answer = await execute(client, "scenario.runCoverage", {"uris": [uri_of(client, "stock.scenario.yaml")]})
    reference = cli_coverage(client.workspace_root)
    files = {relative(client, f["uri"]): f for f in answer["files"]}
    yaml_lines = {
        name: {step["line"] - 1: step["count"] for mission in entry["missions"] for step in mission["steps"]}
        for name, entry in reference["yaml"]["files"].items()
    }
    python_lines = {
        name: {line - 1: 1 for line in entry["executed_lines"]} | {line - 1: 0 for line in entry["missing_lines"]}
        for name, entry in reference["python"]["files"].items()
    }
    assert {name: {l["line"]: l["count"] for l in f["lines"]} for name, f in files.items()} == yaml_lines | python_lines
    assert files["lib/packing.missions.yaml"]["missions"] == [{"name": "pack", "line": 1, "count": 1}, {"name": "gift_wrap", "line": 6, "count": 0}]
    assert [s["label"] for s in answer["scenarios"]] == ["stock/a_few", "stock/many"]
    big_order = next(i for i, line in enumerate(STOCK_MISSIONS.splitlines()) if "big_order" in line)
    [line] = [l for l in files["shop/missions.py"]["lines"] if l["line"] == big_order]
    assert [answer["scenarios"][i]["scenario"] for i in line["scenarios"]] == ["many"]
    assert answer["workspace"] is False


@pytest.mark.workspace(WORKSPACE)
async def test_a_library_mission_no_scenario_calls_is_a_faded_hint(client: LanguageClient):
    library = open_document(client, "lib/packing.missions.yaml", LIBRARY)
    [hint] = await hints(client, library, lambda found: len(found) == 1)
    assert (hint.code, hint.message, list(hint.tags or [])) == ("unused_mission", "no scenario calls mission 'gift_wrap'", [types.DiagnosticTag.Unnecessary])
    assert (hint.range.start.line, hint.range.start.character, hint.range.end.character) == (6, 2, 11)


@pytest.mark.workspace(WORKSPACE)
async def test_the_hint_goes_once_a_scenario_file_calls_the_mission(client: LanguageClient):
    library = open_document(client, "lib/packing.missions.yaml", LIBRARY)
    await hints(client, library, lambda found: len(found) == 1)
    stock = open_document(client, "stock.scenario.yaml", STOCK)
    replace_all(client, stock, STOCK.replace("missions: [{name: top_up, params: {qty: 20}}]", "missions: [gift_wrap]"), version=2)
    assert await hints(client, library, lambda found: found == []) == []


@pytest.mark.workspace(WORKSPACE)
async def test_after_a_coverage_run_of_the_workspace_the_steps_no_call_reaches_are_faded_until_a_file_changes(client: LanguageClient):
    library = open_document(client, "lib/packing.missions.yaml", LIBRARY)
    await hints(client, library, lambda found: len(found) == 1)
    answer = await execute(client, "scenario.runCoverage")
    assert answer["workspace"] is True
    found = await hints(client, library, lambda found: len(found) == 3)
    assert sorted((d.code, d.range.start.line, d.message) for d in found) == [
        ("unreached_step", 5, "no call in the workspace reaches step 'label' of mission 'pack'"),
        ("unreached_step", 8, "no call in the workspace reaches step 'wrap' of mission 'gift_wrap'"),
        ("unused_mission", 6, "no scenario calls mission 'gift_wrap'"),
    ]
    replace_all(client, library, LIBRARY + "\n", version=2)
    assert [d.code for d in await hints(client, library, lambda found: len(found) == 1)] == ["unused_mission"]
