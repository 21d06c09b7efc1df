"""Diagnostics: every finding of check(), at its exact range, pushed or pulled, never stale."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_session import (
    EXAMPLES,
    diagnostics,
    encoding,
    expected_diagnostics,
    open_document,
    pulls,
    replace_all,
    summarised,
    wait_until,
)


@pytest.mark.parametrize("example", ["passing", "own_missions", "failing"])
async def test_each_example_gives_exactly_the_findings_of_check(client: LanguageClient, example: str):
    text = (EXAMPLES / f"{example}.scenario.yaml").read_text()
    uri = open_document(client, f"{example}.scenario.yaml", text)
    assert summarised(await diagnostics(client, uri)) == expected_diagnostics(text, encoding(client))


PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()
TYPO = "suite: s\nscenarios:\n  - name: a\n    missions: [daily_lop]\n"


async def test_a_diagnostic_carries_code_source_docs_link_data_and_related_places(client: LanguageClient):
    text = "suite: s\nscenarios:\n  - name: a\n  - name: a\n"
    uri = open_document(client, "dup.scenario.yaml", text)
    [diagnostic] = await diagnostics(client, uri)
    assert diagnostic.code == "duplicate_scenario"
    assert diagnostic.source == "scenario"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.code_description.href == "https://github.com/scenario-harness/scenario-harness#code-duplicate_scenario"
    assert diagnostic.data == {"scenario": "a"}
    [related] = diagnostic.related_information
    assert (related.location.uri, related.message) == (uri, "the definition that wins")
    assert (related.location.range.start.line, related.location.range.start.character) == (3, 10)


async def test_an_edit_is_checked_after_the_debounce(client: LanguageClient):
    uri = open_document(client, "edit.scenario.yaml", PASSING)
    assert await diagnostics(client, uri) == []
    replace_all(client, uri, TYPO, version=2)
    await wait_until(lambda: pulls(client) or [p for p in client.published if p.version == 2])
    [diagnostic] = await diagnostics(client, uri, version=2)
    assert (diagnostic.code, diagnostic.message) == ("unknown_mission", "unknown mission 'daily_lop'; did you mean 'daily_loop'?")


@pytest.mark.parametrize("client", ["visual-studio-code"], indirect=True)
async def test_a_burst_of_changes_publishes_only_the_last_version(client: LanguageClient):
    uri = open_document(client, "burst.scenario.yaml", PASSING)
    await diagnostics(client, uri)
    for version in range(2, 12):
        replace_all(client, uri, TYPO.replace("daily_lop", "daily_lop" + "x" * version), version)
    [last] = await diagnostics(client, uri, version=11)
    assert last.message.startswith("unknown mission 'daily_lopxxxxxxxxxxx'")
    await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0))
    )
    assert [p.version for p in client.published] == [1, 11]


@pytest.mark.parametrize("client", ["visual-studio-code"], indirect=True)
async def test_closing_a_document_clears_its_diagnostics(client: LanguageClient):
    uri = open_document(client, "close.scenario.yaml", TYPO)
    assert len(await diagnostics(client, uri)) == 1
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await wait_until(lambda: len(client.published) == 2)
    cleared = client.published[-1]
    assert (cleared.uri, cleared.version, list(cleared.diagnostics)) == (uri, None, [])


@pytest.mark.pulls_diagnostics
async def test_clients_that_pull_are_offered_pull_diagnostics_and_get_no_pushes(client: LanguageClient):
    assert pulls(client)
    uri = open_document(client, "pull.scenario.yaml", TYPO)
    await diagnostics(client, uri)
    assert client.initialize_result.capabilities.diagnostic_provider.identifier == "scenario"
    assert client.published == []


async def test_clients_that_do_not_pull_get_pushes_with_the_version(client: LanguageClient):
    uri = open_document(client, "push.scenario.yaml", TYPO)
    await diagnostics(client, uri)
    assert client.initialize_result.capabilities.diagnostic_provider is None
    assert [p.version for p in client.published] == [1]


@pytest.mark.parametrize("client", ["neovim"], indirect=True)
async def test_a_client_that_pulls_but_cannot_be_told_to_pull_again_gets_pushes(client: LanguageClient):
    # Neovim 0.11 pulls after its own edits only, and takes no workspace/diagnostic/refresh:
    # a verdict changed by a saved Python mission would never reach it.
    assert client.capabilities.text_document.diagnostic is not None
    assert client.capabilities.workspace.diagnostics is None
    uri = open_document(client, "push.scenario.yaml", TYPO)
    await diagnostics(client, uri)
    assert client.initialize_result.capabilities.diagnostic_provider is None
    assert [p.version for p in client.published] == [1]


SLOW = "suite: big\nscenarios:\n" + "".join(
    f"  - name: s{i}\n    initial_state: {{counter: {i}}}\n    missions: [daily_loop]\n" for i in range(6000)
)


@pytest.mark.parametrize("client", ["visual-studio-code"], indirect=True)
async def test_a_check_that_ends_after_a_newer_edit_is_never_published(client: LanguageClient):
    uri = open_document(client, "slow.scenario.yaml", SLOW)  # checking version 1 takes a while
    replace_all(client, uri, TYPO, version=2)
    [diagnostic] = await diagnostics(client, uri, version=2)
    assert diagnostic.code == "unknown_mission"
    assert [p.version for p in client.published] == [2]


async def pull(client: LanguageClient, uri: str, previous: str | None = None) -> types.DocumentDiagnosticReport:
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous)
    )


@pytest.mark.pulls_diagnostics
async def test_a_pull_for_diagnostics_the_client_already_holds_is_answered_unchanged(client: LanguageClient):
    assert pulls(client)
    uri = open_document(client, "pull.scenario.yaml", TYPO)
    first = await pull(client, uri)
    assert (first.kind, [d.code for d in first.items]) == ("full", ["unknown_mission"])
    again = await pull(client, uri, first.result_id)
    assert (again.kind, again.result_id) == ("unchanged", first.result_id)
    replace_all(client, uri, PASSING, version=2)
    changed = await pull(client, uri, first.result_id)
    assert (changed.kind, list(changed.items)) == ("full", [])
    assert changed.result_id != first.result_id
