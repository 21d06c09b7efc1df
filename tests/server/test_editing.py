"""Editing help over stdio: completion, hover, go to definition, references and symbols as the client gets them.

What each feature answers is specified in features/test_feature_completion.py and test_feature_navigation.py.
"""
from __future__ import annotations

import uuid

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from scenario_lsp.features.symbols import document_symbols

from checked_documents import checked
from lsp_session import EXAMPLES, as_json, diagnostics, encoding, open_document, position, replace_all, span

pytestmark = pytest.mark.asyncio(loop_scope="module")

PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()
OWN = (EXAMPLES / "own_missions.scenario.yaml").read_text()

DRAFT = """suite: s
missions:
  ship_order:
    steps:
      - id: a
        kind: 
scenarios:
  - name: first
    initial_state: {counter: 0, message: ping}
    missions:
      - daily_loop
      - 
expectations:
  - id: e
    scenario: first
    mission: daily_loop
    path: final_state.
    op: 
"""


async def opened(client: LanguageClient, text: str) -> str:
    uri = open_document(client, f"doc-{uuid.uuid4().hex}.scenario.yaml", text)
    await diagnostics(client, uri)
    return uri


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def complete(client: LanguageClient, uri: str, line: int, character: int) -> list[types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=types.Position(line=line, character=character))
    )
    return list(result.items)


def labels(items: list[types.CompletionItem]) -> list[str]:
    return [item.label for item in items]


async def test_completion_offers_result_paths_from_the_last_run(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT)
    items = await complete(shared_client, uri, 16, 22)
    assert labels(items) == ["counter", "message"]
    assert [(span(i.text_edit.range), i.text_edit.new_text) for i in items] == [
        ((16, 22, 16, 22), "counter"),
        ((16, 22, 16, 22), "message"),
    ]


async def test_completion_reads_the_last_run_while_the_text_being_typed_does_not_parse(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT)
    replace_all(shared_client, uri, DRAFT + "  - id: [\n", version=2)
    assert [d.code for d in await diagnostics(shared_client, uri, version=2)] == ["yaml_syntax"]  # no results of its own
    assert labels(await complete(shared_client, uri, 16, 22)) == ["counter", "message"]


async def hover_at(client: LanguageClient, uri: str, at: types.Position) -> types.Hover:
    return await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=at))


async def test_hovering_a_path_shows_the_actual_value_of_the_last_run(shared_client: LanguageClient):
    uri = await opened(shared_client, PASSING)
    hover = await hover_at(shared_client, uri, position(PASSING, "final_state.counter", 3))
    assert hover.contents.value == "`final_state.counter` = `1` (last run)"
    assert span(hover.range) == (23, 10, 23, 29)


async def test_an_expectations_scenario_goes_to_the_scenario(shared_client: LanguageClient):
    uri = await opened(shared_client, OWN)
    location = await shared_client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=position(OWN, "scenario: out_of_stock", 12))
    )
    assert (location.uri, span(location.range)) == (uri, (29, 10, 29, 22))


async def test_references_of_a_mission_are_its_definition_calls_and_expectations(shared_client: LanguageClient):
    uri = await opened(shared_client, OWN)
    found = await shared_client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(uri),
            position=position(OWN, "ship_order:", 1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert sorted(span(loc.range) for loc in found) == [
        (3, 2, 3, 12), (28, 8, 28, 18), (35, 13, 35, 23), (41, 13, 41, 23), (47, 13, 47, 23),
    ]


async def test_document_symbols_arrive_as_a_tree_as_the_feature_builds_them(shared_client: LanguageClient):
    uri = await opened(shared_client, OWN)
    received = await shared_client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    [suite] = received
    assert (suite.name, [child.name for child in suite.children][:2]) == ("checkout_flow", ["ship_order", "reject_order"])
    assert as_json(received) == as_json(document_symbols(checked(OWN, encoding(shared_client), uri)))


async def test_workspace_symbols_find_names_in_files_on_disk(shared_client: LanguageClient):
    name = f"disk-{uuid.uuid4().hex}.scenario.yaml"
    (shared_client.workspace_root / name).write_text("suite: s\nscenarios:\n  - name: zebra_crossing\n")
    shared_client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=(shared_client.workspace_root / name).as_uri(), type=types.FileChangeType.Created)]
        )
    )

    async def zebra() -> list:
        return await shared_client.workspace_symbol_async(types.WorkspaceSymbolParams(query="zebra"))

    found = await zebra()
    for _ in range(100):
        if found:
            break
        found = await zebra()
    [symbol] = found
    assert (symbol.name, symbol.kind, symbol.location.uri.rsplit("/", 1)[-1]) == ("zebra_crossing", types.SymbolKind.Class, name)
    assert span(symbol.location.range) == (2, 10, 2, 24)
