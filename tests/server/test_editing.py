"""Editing help: completion, hover, go to definition, references and symbols."""
from __future__ import annotations

import uuid

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_session import EXAMPLES, diagnostics, open_document, position, span

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


async def test_completion_offers_file_and_built_in_missions_in_a_mission_list(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT)
    assert labels(await complete(shared_client, uri, 11, 8)) == ["ship_order", "daily_loop", "echo"]


async def test_completion_offers_scenario_names_for_an_expectation(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT.replace("    scenario: first", "    scenario: "))
    assert labels(await complete(shared_client, uri, 14, 14)) == ["first"]


async def test_completion_offers_mission_names_for_an_expectation(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT.replace("    mission: daily_loop", "    mission: "))
    assert labels(await complete(shared_client, uri, 15, 13)) == ["ship_order", "daily_loop", "echo"]


async def test_completion_offers_the_ops_and_the_step_kinds(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT)
    assert labels(await complete(shared_client, uri, 17, 8)) == ["eq", "ne", "gt", "lt", "exists"]
    assert labels(await complete(shared_client, uri, 5, 14)) == ["human", "runtime"]


async def test_completion_offers_the_keys_an_item_still_lacks(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT + "  - id: f\n    \n")
    assert labels(await complete(shared_client, uri, 19, 4)) == ["scenario", "mission", "path", "op", "expected"]


async def test_completion_offers_the_top_level_keys_the_file_still_lacks(shared_client: LanguageClient):
    uri = await opened(shared_client, "suite: s\nscenarios: []\n\n")
    assert labels(await complete(shared_client, uri, 2, 0)) == ["missions", "expectations"]


async def test_completion_offers_result_paths_from_the_last_run(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT)
    items = await complete(shared_client, uri, 16, 22)
    assert labels(items) == ["counter", "message"]
    assert [(span(i.text_edit.range), i.text_edit.new_text) for i in items] == [
        ((16, 22, 16, 22), "counter"),
        ((16, 22, 16, 22), "message"),
    ]


async def test_completion_offers_the_top_of_a_result_for_an_empty_path(shared_client: LanguageClient):
    uri = await opened(shared_client, DRAFT.replace("path: final_state.", "path: "))
    assert labels(await complete(shared_client, uri, 16, 10)) == [
        "error_message", "executed_steps", "failed_step_id", "final_state", "id", "lineage", "receipt", "success",
    ]


async def hover_at(client: LanguageClient, uri: str, at: types.Position) -> types.Hover:
    return await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=at))


async def test_hovering_a_path_shows_the_actual_value_of_the_last_run(shared_client: LanguageClient):
    uri = await opened(shared_client, PASSING)
    hover = await hover_at(shared_client, uri, position(PASSING, "final_state.counter", 3))
    assert hover.contents.value == "`final_state.counter` = `1` (last run)"
    assert span(hover.range) == (23, 10, 23, 29)


async def test_hovering_a_mission_call_shows_its_steps(shared_client: LanguageClient):
    uri = await opened(shared_client, OWN)
    hover = await hover_at(shared_client, uri, position(OWN, "- reject_order", 4))
    assert hover.contents.value == (
        "mission `reject_order`: Refuse an order that cannot ship\n"
        '1. `check` (runtime) `{"operation":"fail","reason":"out of stock"}`'
    )


async def test_hovering_a_built_in_mission_shows_its_description(shared_client: LanguageClient):
    uri = await opened(shared_client, PASSING)
    hover = await hover_at(shared_client, uri, position(PASSING, "- daily_loop", 3))
    assert hover.contents.value == (
        "built-in mission `daily_loop`: plan (records params), work (increments state.counter), review (human step)"
    )


async def test_an_expectations_scenario_goes_to_the_scenario(shared_client: LanguageClient):
    uri = await opened(shared_client, OWN)
    location = await shared_client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=position(OWN, "scenario: out_of_stock", 12))
    )
    assert (location.uri, span(location.range)) == (uri, (29, 10, 29, 22))


async def test_a_mission_call_goes_to_the_mission_of_the_file(shared_client: LanguageClient):
    uri = await opened(shared_client, OWN)
    location = await shared_client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=position(OWN, "- ship_order", 5))
    )
    assert span(location.range) == (3, 2, 3, 12)


async def test_an_expectations_mission_goes_to_the_mission_of_the_file(shared_client: LanguageClient):
    uri = await opened(shared_client, OWN)
    location = await shared_client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=position(OWN, "mission: reject_order", 10))
    )
    assert span(location.range) == (18, 2, 18, 14)


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


async def test_document_symbols_are_the_suite_with_its_missions_scenarios_and_expectations(shared_client: LanguageClient):
    uri = await opened(shared_client, OWN)
    [suite] = await shared_client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert (suite.name, suite.kind, span(suite.selection_range)) == ("checkout_flow", types.SymbolKind.Module, (1, 7, 1, 20))
    assert [(c.name, c.kind, span(c.selection_range)) for c in suite.children] == [
        ("ship_order", types.SymbolKind.Function, (3, 2, 3, 12)),
        ("reject_order", types.SymbolKind.Function, (18, 2, 18, 14)),
        ("first_order", types.SymbolKind.Class, (25, 10, 25, 21)),
        ("out_of_stock", types.SymbolKind.Class, (29, 10, 29, 22)),
        ("shipped", types.SymbolKind.Boolean, (33, 8, 33, 15)),
        ("history_grows", types.SymbolKind.Boolean, (39, 8, 39, 21)),
        ("one_shipment", types.SymbolKind.Boolean, (45, 8, 45, 20)),
        ("rejected", types.SymbolKind.Boolean, (51, 8, 51, 16)),
        ("rejection_names_the_step", types.SymbolKind.Boolean, (57, 8, 57, 32)),
    ]
    assert span(suite.children[2].range) == (25, 4, 29, 2)


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
