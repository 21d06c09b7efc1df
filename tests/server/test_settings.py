"""Settings: initializationOptions and workspace/configuration (debounceMs, runOnChange, hashLength)."""
from __future__ import annotations

import asyncio

import pytest
from lsp_session import EXAMPLES, diagnostics, fetch_until, lenses, open_document, pulls, replace_all
from lsprotocol import types
from pytest_lsp import LanguageClient

from scenario_core.checking.pipeline import check

PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()
TYPO = "suite: s\nscenarios:\n  - name: a\n    missions: [daily_lop]\n"


@pytest.mark.settings(runOnChange=False)
async def test_with_run_on_change_off_a_save_checks_and_typing_does_not(client: LanguageClient):
    uri = open_document(client, "save.scenario.yaml", PASSING)
    await diagnostics(client, uri)
    replace_all(client, uri, TYPO, version=2)
    await asyncio.sleep(0.3)
    assert [p.version for p in client.published] == ([] if pulls(client) else [1])
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    [diagnostic] = await diagnostics(client, uri, version=2)
    assert diagnostic.code == "unknown_mission"


@pytest.mark.settings(hashLength=8)
async def test_hash_length_sets_the_characters_shown(client: LanguageClient):
    uri = open_document(client, "short.scenario.yaml", PASSING)
    run_hash = check(PASSING).test_run_hash
    assert (await lenses(client, uri))[1].command.title == f"test_run {run_hash[:8]}"


async def test_settings_from_workspace_configuration_apply_when_they_change(client: LanguageClient):
    client.set_configuration({"hashLength": 6}, section="scenario")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    uri = open_document(client, "configured.scenario.yaml", PASSING)
    await diagnostics(client, uri)

    async def hash_title() -> str:
        found = await client.text_document_code_lens_async(
            types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return found[1].command.title

    title = await fetch_until(hash_title, lambda title: len(title) == len("test_run ") + 6, "the hash of 6 characters")
    assert len(title) == len("test_run ") + 6
