"""Runs over stdio: what the user triggers, and what comes back (summary, message, progress, refresh, cancellation)."""
from __future__ import annotations

import asyncio

import pytest
from checked_documents import checked
from lsp_session import EXAMPLES, as_json, diagnostics, encoding, execute, open_document, pulls, trust, uri_of, wait_until
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import LanguageClient

from scenario_core.checking.pipeline import check
from scenario_lsp.documents.reports import suite_report
from scenario_lsp.features.runs import run_summary

PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()
FAILING = (EXAMPLES / "failing.scenario.yaml").read_text()
OWN = (EXAMPLES / "own_missions.scenario.yaml").read_text()


async def test_run_suite_returns_the_run_summary_and_shows_it(client: LanguageClient):
    uri = open_document(client, "passing.scenario.yaml", PASSING)
    summary = await execute(client, "scenario.runSuite", {"uri": uri})
    # The fields of a SuiteReport are specified in features/test_feature_runs.py.
    assert summary == as_json(run_summary([suite_report(checked(PASSING, encoding(client), uri))]))
    await wait_until(lambda: client.messages)
    assert (client.messages[-1].type, client.messages[-1].message) == (
        types.MessageType.Info,
        "suite daily_routine: 5 passed, 0 failed",
    )


async def test_run_scenario_reports_only_that_scenario(client: LanguageClient):
    uri = open_document(client, "failing.scenario.yaml", FAILING)
    summary = await execute(client, "scenario.runScenario", {"uri": uri, "scenario": "baseline"})
    assert summary == as_json(run_summary([suite_report(checked(FAILING, encoding(client), uri), "baseline")]))
    assert [s["name"] for s in summary["files"][0]["scenarios"]] == ["baseline"]
    await wait_until(lambda: client.messages)
    assert (client.messages[-1].type, client.messages[-1].message) == (
        types.MessageType.Warning,
        "scenario baseline: 0 passed, 4 failed, 1 invalid file",
    )


async def test_a_run_refreshes_lenses_where_the_client_supports_it(client: LanguageClient):
    uri = open_document(client, "passing.scenario.yaml", PASSING)
    await execute(client, "scenario.runSuite", {"uri": uri})
    workspace = client.capabilities.workspace
    supported = bool(workspace.code_lens and workspace.code_lens.refresh_support)
    await wait_until(lambda: client.messages)
    assert client.code_lens_refreshes == (1 if supported else 0)


@pytest.mark.workspace({"a.scenario.yaml": PASSING, "nested/b.scenario.yml": OWN, "notes.yaml": "suite: x\n"})
async def test_run_workspace_runs_every_scenario_file_with_progress(client: LanguageClient):
    summary = await execute(client, "scenario.runWorkspace")
    assert [f["suite"] for f in summary["files"]] == ["daily_routine", "checkout_flow"]
    assert (summary["passed"], summary["failed"], summary["invalid"]) == (10, 0, 0)
    runs = [r for r in client.progress_reports.values() if r and r[0].title == "Running workspace"]
    [reports] = runs
    assert [type(r).__name__ for r in reports] == [
        "WorkDoneProgressBegin",
        "WorkDoneProgressReport",
        "WorkDoneProgressReport",
        "WorkDoneProgressEnd",
    ]
    if not pulls(client):
        published = {p.uri.rsplit("/", 1)[-1] for p in client.published}
        assert published == {"a.scenario.yaml", "b.scenario.yml"}


BIG = "suite: big\nscenarios:\n" + "".join(
    f"  - name: s{i}\n    initial_state: {{counter: {i}}}\n    missions: [daily_loop, {{name: echo, params: {{payload_key: counter}}}}]\n"
    for i in range(4000)
)


def big_suite(scenarios: int, counter_offset: int) -> str:
    return "suite: big\nscenarios:\n" + "".join(
        f"  - name: s{i}\n    initial_state: {{counter: {i + counter_offset}}}\n    missions: [daily_loop]\n"
        for i in range(scenarios)
    )


# A project whose one mission waits for the test: it says it has begun, then waits to be released.
GATE_MISSIONS = '''
import time
from pathlib import Path

from scenario_harness import StepSpec, WorkflowDefinition, mission, unguarded

PROJECT = Path(__file__).resolve().parents[1]


@mission
def gated(ctx) -> WorkflowDefinition:
    with unguarded("the test's gate: a file it waits for, a file it writes"):
        (PROJECT / "begun").touch()
        while not (PROJECT / "released").exists():
            time.sleep(0.01)
    return WorkflowDefinition(id="gated", steps=[StepSpec("done", "runtime", {"operation": "set", "key": "done", "value": True})])
'''
GATED_PROJECT = {
    # The mission's timeout outlasts any wait of the test, which releases it.
    "gated/pyproject.toml": '[project]\nname = "gated"\nversion = "0"\n\n[tool.scenario]\nmissions = ["gate.missions"]\ntimeout = 3600\n',
    "gated/gate/__init__.py": "",
    "gated/gate/missions.py": GATE_MISSIONS,
}
GATED_SUITE = "suite: gated\nscenarios:\n  - name: waits\n    missions: [gated]\n"


@pytest.mark.workspace(GATED_PROJECT)
async def test_a_cancelled_run_answers_cancelled_and_shows_nothing(client: LanguageClient):
    # The run's one mission waits for this test: the cancel comes while the run is surely under way,
    # however slow or busy the machine (a run that ended first would rightly show its summary).
    project = client.workspace_root / "gated"
    trust(project)
    (project / "gated.scenario.yaml").write_text(GATED_SUITE, encoding="utf-8")
    params = types.ExecuteCommandParams(command="scenario.runSuite", arguments=[{"uri": uri_of(client, "gated/gated.scenario.yaml")}])
    running = asyncio.ensure_future(
        client.protocol.send_request_async(types.WORKSPACE_EXECUTE_COMMAND, params, msg_id="run-gated")
    )
    await wait_until(lambda: (project / "begun").exists())
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="run-gated"))
    with pytest.raises(JsonRpcRequestCancelled):
        await running
    (project / "released").touch()
    # The worker checks in order: once this small document is checked, the run has ended.
    uri = open_document(client, "after.scenario.yaml", PASSING)
    assert await diagnostics(client, uri) == []
    assert client.messages == []


@pytest.mark.workspace({"big.scenario.yaml": BIG})
@pytest.mark.parametrize("client", ["visual-studio-code"], indirect=True)
async def test_a_slow_run_of_one_file_reports_progress(client: LanguageClient):
    # The start-up scan has checked the file; new content on disk makes every
    # scenario run again, so the run outlasts the progress delay.
    (client.workspace_root / "big.scenario.yaml").write_text(big_suite(12000, 1), encoding="utf-8")
    summary = await execute(client, "scenario.runSuite", {"uri": uri_of(client, "big.scenario.yaml")})
    assert summary["files"][0]["suite"] == "big"
    [reports] = [r for r in client.progress_reports.values() if r and r[0].title == "Running suite"]
    assert [type(r).__name__ for r in reports] == ["WorkDoneProgressBegin", "WorkDoneProgressEnd"]


async def test_scenario_tests_returns_the_latest_check_without_running(client: LanguageClient):
    uri = open_document(client, "failing.scenario.yaml", FAILING)
    await diagnostics(client, uri)
    suite = await client.protocol.send_request_async("scenario/tests", {"uri": uri})
    # pygls hands an untyped result to the client as a named tuple
    assert (suite.suite, suite.verdict, suite.passed, suite.failed) == ("broken_checkout", "invalid", 0, 5)
    assert suite.test_run_hash == check(FAILING).test_run_hash
    assert client.messages == []


@pytest.mark.workspace({"gone.scenario.yaml": FAILING})
@pytest.mark.parametrize("client", ["visual-studio-code"], indirect=True)
async def test_a_deleted_file_loses_its_diagnostics_and_leaves_the_workspace(client: LanguageClient):
    uri = uri_of(client, "gone.scenario.yaml")
    assert [f["suite"] for f in (await execute(client, "scenario.runWorkspace"))["files"]] == ["broken_checkout"]
    (client.workspace_root / "gone.scenario.yaml").unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Deleted)])
    )
    await wait_until(lambda: list(client.published[-1].diagnostics) == [])
    assert client.published[-1].uri == uri
    assert (await execute(client, "scenario.runWorkspace"))["files"] == []
