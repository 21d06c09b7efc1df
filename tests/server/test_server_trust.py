"""Trust over stdio: the server asks once per project, runs nothing of it until trusted, and remembers Trust.

The project's missions module writes a file (IMPORTED) when it is imported:
while it is absent, nothing of the project ran. Documents are opened from the
editor (not written to disk), so the workspace index meets the project only
through them.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path
from typing import AsyncIterator, Callable

import pytest
from lsp_session import DEFAULT_SETTINGS, SERVER
from helpers import def_line
from lsp_session import execute, fetch_until, lenses, open_document, pulls, recording_client, wait_until
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from scenario_core.project.trust import TrustStore

MISSIONS = '''
from pathlib import Path

from scenario_harness import StepSpec, WorkflowDefinition, mission

Path(__file__).with_name("IMPORTED").write_text("the project's code ran")


@mission
def place_order(ctx, *, sku: str = "A1") -> WorkflowDefinition:
    return WorkflowDefinition(id="place_order", steps=[StepSpec("done", "runtime", {"operation": "set", "key": "sku", "value": sku})])
'''

PROJECT = {
    "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\n\n[tool.scenario]\nmissions = ["shop.missions"]\n',
    "shop/__init__.py": "",
    "shop/missions.py": MISSIONS,
}

SUITE = """suite: shop
scenarios:
  - name: ordered
    missions: [place_order]
expectations:
  - {id: sku, scenario: ordered, mission: place_order, path: final_state.sku, op: eq, expected: A1}
"""

OTHER = SUITE.replace("suite: shop", "suite: other")

PLAIN = "suite: plain\nscenarios:\n  - name: s\n    missions: [daily_loop]\n"

LIBRARY = "missions:\n  restock:\n    steps:\n      - {id: s, kind: runtime, payload: {operation: noop}}\n"


def question_of(root: Path) -> str:
    return (
        f"Scenario Harness: trust the project {root.resolve()}? Checking its scenario files imports and runs "
        "its Python missions (shop.missions), which are its own code; until you trust it, nothing of it runs"
    )


def untrusted_message(root: Path) -> str:
    return (
        f"'place_order' is a Python mission of this project (missions.py:{def_line('place_order', MISSIONS)}), and the project is not trusted: "
        "the call does not run. To run the project's code, trust it: answer Trust when the editor asks, "
        f"or run `scenario trust {root.resolve()}`"
    )


def imported(root: Path) -> bool:
    return (root / "shop" / "IMPORTED").exists()


def codes(found: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in found)


async def shown(client: LanguageClient, uri: str, wanted: Callable[[list[types.Diagnostic]], bool]) -> list[types.Diagnostic]:
    """The diagnostics of ``uri`` once they are ``wanted``: pulled again and again, or as pushed last."""
    if pulls(client):
        async def pull() -> list[types.Diagnostic]:
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )
            return list(report.items)

        return await fetch_until(pull, wanted, f"the diagnostics of {uri}")
    latest = await wait_until(lambda: [p for p in client.published if p.uri == uri and wanted(list(p.diagnostics))])
    return list(latest[-1].diagnostics)


def untrusted(found: list[types.Diagnostic]) -> bool:
    return "untrusted_project" in codes(found)


def ran(found: list[types.Diagnostic]) -> bool:
    return found == []


async def asked(client: LanguageClient, count: int = 1) -> list[types.ShowMessageRequestParams]:
    await wait_until(lambda: len(client.questions) >= count)
    return client.questions


async def round_trip(client: LanguageClient, uri: str) -> None:
    """One request answered: whatever the server sent before it has arrived."""
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))


@contextlib.asynccontextmanager
async def another_server(first: LanguageClient, answer: str | None, env: dict[str, str] | None = None) -> AsyncIterator[LanguageClient]:
    """A new server process for the same workspace, as the editor starts when it opens again."""
    config = ClientServerConfig(server_command=SERVER.server_command, client_factory=recording_client, server_env=env)
    client = await config.start()
    client.answer = answer
    client.workspace_root = first.workspace_root
    root = first.workspace_root
    await client.initialize_session(
        types.InitializeParams(
            capabilities=first.capabilities,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")],
            initialization_options=DEFAULT_SETTINGS,
        )
    )
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


@pytest.mark.workspace(PROJECT)
async def test_the_question_names_the_projects_root_and_modules_and_offers_trust_and_not_now(client: LanguageClient):
    uri = open_document(client, "suite.scenario.yaml", SUITE)
    [question] = await asked(client)
    assert question.message == question_of(client.workspace_root)
    assert [a.title for a in question.actions] == ["Trust", "Not now"]
    assert question.type == types.MessageType.Warning
    found = await shown(client, uri, untrusted)
    [call] = [d for d in found if d.code == "untrusted_project"]
    assert call.message == untrusted_message(client.workspace_root)
    assert call.severity == types.DiagnosticSeverity.Information
    assert (call.range.start.line, call.range.start.character) == (3, 15)
    assert not imported(client.workspace_root)


@pytest.mark.workspace(PROJECT)
async def test_trust_records_the_root_and_the_verdicts_replace_the_findings(client: LanguageClient):
    client.answer = "Trust"
    uri = open_document(client, "suite.scenario.yaml", SUITE)
    await asked(client)
    assert await shown(client, uri, ran) == []
    assert imported(client.workspace_root)
    assert TrustStore().is_trusted(client.workspace_root)
    assert TrustStore().read().roots.count(str(client.workspace_root.resolve())) == 1
    assert (await lenses(client, uri))[0].command.title == "✓ 1/1 passed"


@pytest.mark.workspace(PROJECT)
async def test_not_now_is_not_asked_again_for_another_file_and_the_findings_stay(client: LanguageClient):
    client.answer = "Not now"
    first = open_document(client, "a.scenario.yaml", SUITE)
    await asked(client)
    await shown(client, first, untrusted)
    second = open_document(client, "b.scenario.yaml", OTHER)
    assert untrusted(await shown(client, second, untrusted))
    await round_trip(client, second)
    assert len(client.questions) == 1
    assert untrusted(await shown(client, first, untrusted))
    assert not imported(client.workspace_root)
    assert not TrustStore().is_trusted(client.workspace_root)


@pytest.mark.workspace(PROJECT)
async def test_a_new_server_asks_again_after_not_now_but_not_after_trust(client: LanguageClient):
    client.answer = "Not now"
    open_document(client, "suite.scenario.yaml", SUITE)
    await asked(client)
    async with another_server(client, "Trust") as second:
        uri = open_document(second, "suite.scenario.yaml", SUITE)
        [question] = await asked(second)
        assert question.message == question_of(client.workspace_root)
        assert await shown(second, uri, ran) == []
    async with another_server(client, None) as third:
        uri = open_document(third, "suite.scenario.yaml", SUITE)
        assert await shown(third, uri, lambda found: True) == []  # the first diagnostics already have the verdict
        await round_trip(third, uri)
        assert third.questions == []


@pytest.mark.workspace(PROJECT)
async def test_nothing_of_an_untrusted_project_is_imported_for_a_library_or_a_file_without_python_calls(client: LanguageClient):
    plain = open_document(client, "plain.scenario.yaml", PLAIN)
    library = open_document(client, "stock.missions.yaml", LIBRARY)
    await asked(client)
    assert await shown(client, plain, lambda found: True) == []
    # At most the hint that fades a mission no scenario file calls (once the workspace is indexed): nothing ran.
    assert [d.code for d in await shown(client, library, lambda found: True) if d.code != "unused_mission"] == []
    await round_trip(client, library)
    assert len(client.questions) == 1  # one project, asked about once
    assert not imported(client.workspace_root)


@pytest.mark.workspace(PROJECT)
@pytest.mark.settings(trustAllProjects=True)
async def test_trust_all_projects_runs_them_without_asking_or_recording(client: LanguageClient):
    uri = open_document(client, "suite.scenario.yaml", SUITE)
    assert await shown(client, uri, lambda found: True) == []
    await round_trip(client, uri)
    assert client.questions == []
    assert imported(client.workspace_root)
    assert not TrustStore().is_trusted(client.workspace_root)


@pytest.mark.workspace(PROJECT)
@pytest.mark.trusted_workspace
@pytest.mark.settings(workspaceTrust="restricted", trustAllProjects=True)
async def test_a_restricted_workspace_runs_nothing_and_never_asks_even_a_project_the_store_trusts(client: LanguageClient):
    uri = open_document(client, "suite.scenario.yaml", SUITE)
    assert untrusted(await shown(client, uri, lambda found: True))
    await round_trip(client, uri)
    assert client.questions == []
    assert not imported(client.workspace_root)


@pytest.mark.workspace(PROJECT)
@pytest.mark.settings(workspaceTrust="restricted")
async def test_when_the_client_trusts_the_workspace_the_missions_run_without_a_question(client: LanguageClient):
    uri = open_document(client, "suite.scenario.yaml", SUITE)
    await shown(client, uri, untrusted)
    client.set_configuration({"workspaceTrust": "trusted"}, section="scenario")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert await shown(client, uri, ran) == []
    assert imported(client.workspace_root)
    assert client.questions == []
    assert not TrustStore().is_trusted(client.workspace_root)


@pytest.mark.workspace(PROJECT)
@pytest.mark.settings(pythonMissions=False)
async def test_with_python_missions_off_nobody_is_asked(client: LanguageClient):
    uri = open_document(client, "suite.scenario.yaml", SUITE)
    assert "python_missions_off" in codes(await shown(client, uri, lambda found: bool(found)))
    await round_trip(client, uri)
    assert client.questions == []
    assert not imported(client.workspace_root)


@pytest.mark.workspace(PROJECT)
@pytest.mark.parametrize("client", ["neovim"], indirect=True)
async def test_an_unreadable_store_is_shown_once_and_trust_writes_a_good_one(client: LanguageClient, tmp_path_factory):
    data_home = tmp_path_factory.mktemp("data")
    store = TrustStore(data_home / "scenario-harness" / "trusted-projects.json")
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{not json")
    async with another_server(client, "Trust", env={**os.environ, "XDG_DATA_HOME": str(data_home)}) as server:
        uri = open_document(server, "suite.scenario.yaml", SUITE)
        await asked(server)
        assert await shown(server, uri, ran) == []
        warnings = [m.message for m in server.messages if m.type == types.MessageType.Warning]
        assert len(warnings) == 1
        assert warnings[0].startswith(f"Scenario Harness: the trust store {store.path} cannot be read (not JSON: ")
    assert store.read().roots == (str(client.workspace_root.resolve()),)


@pytest.mark.workspace({**PROJECT, "suite.scenario.yaml": SUITE})
async def test_a_coverage_run_of_an_untrusted_project_runs_none_of_its_code(client: LanguageClient):
    answer = await execute(client, "scenario.runCoverage")
    assert not imported(client.workspace_root)
    assert [f["uri"] for f in answer["files"] if f["kind"] == "python"] == []  # no Python line ran, none was measured
    assert [s["scenario"] for s in answer["scenarios"]] != []  # the scenario files ran, their YAML part counted

