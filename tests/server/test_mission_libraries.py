"""Mission libraries over stdio: a library edit reaches its importers, references and rename cross files."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from lsp_session import fetch_until, open_document, position, pulls, replace_all, uri_of, wait_until

LIBRARY = """missions:
  ship_order:
    steps:
      - {id: mark, kind: runtime, payload: {operation: set, key: shipped, value: true}}
"""

CHECKOUT = """suite: checkout
imports: [lib/shipping.missions.yaml]
scenarios:
  - {name: first_order, missions: [ship_order]}
expectations:
  - {id: shipped, scenario: first_order, mission: ship_order, path: final_state.shipped, op: eq, expected: true}
"""

RETURNS = CHECKOUT.replace("suite: checkout", "suite: returns")
WORKSPACE = {"lib/shipping.missions.yaml": LIBRARY, "checkout.scenario.yaml": CHECKOUT, "returns.scenario.yaml": RETURNS}


async def codes_of(client: LanguageClient, uri: str, until=lambda codes: True) -> list[str]:
    """The codes of the diagnostics ``uri`` has (pulled, or the last push) once ``until`` holds for them."""

    async def codes() -> list[str] | None:
        if pulls(client):
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )
            return [str(d.code) for d in report.items]
        pushed = [p for p in client.published if p.uri == uri]
        return [str(d.code) for d in pushed[-1].diagnostics] if pushed else None

    return await fetch_until(codes, lambda found: found is not None and until(found), f"the diagnostics of {uri}")


@pytest.mark.workspace(WORKSPACE)
async def test_editing_a_library_republishes_the_diagnostics_of_the_open_files_importing_it(client: LanguageClient):
    library = open_document(client, "lib/shipping.missions.yaml", LIBRARY)
    checkout = open_document(client, "checkout.scenario.yaml", CHECKOUT)
    assert await codes_of(client, checkout) == []
    replace_all(client, library, LIBRARY.replace("value: true", "value: false"), version=2)  # not saved
    assert await codes_of(client, checkout, lambda codes: codes != []) == ["eq_mismatch"]
    replace_all(client, library, LIBRARY, version=3)
    assert await codes_of(client, checkout, lambda codes: codes == []) == []


@pytest.mark.workspace(WORKSPACE)
async def test_a_library_opened_in_the_editor_gets_its_own_diagnostics(client: LanguageClient):
    library = open_document(client, "lib/shipping.missions.yaml", LIBRARY.replace("steps:", "stpes:"))
    assert await codes_of(client, library, lambda codes: codes != []) == ["missing_key", "unknown_key"]


@pytest.mark.workspace(WORKSPACE)
async def test_a_library_changed_on_disk_rechecks_the_open_files_importing_it(client: LanguageClient):
    checkout = open_document(client, "checkout.scenario.yaml", CHECKOUT)
    assert await codes_of(client, checkout) == []
    (client.workspace_root / "lib" / "shipping.missions.yaml").write_text(LIBRARY.replace("ship_order", "send_order"))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri_of(client, "lib/shipping.missions.yaml"), type=types.FileChangeType.Changed)]
        )
    )
    assert await codes_of(client, checkout, lambda codes: codes != []) == ["unknown_mission", "not_run"]


@pytest.mark.workspace(WORKSPACE)
async def test_references_of_a_library_mission_are_found_in_files_that_are_not_open(client: LanguageClient):
    checkout = open_document(client, "checkout.scenario.yaml", CHECKOUT)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=checkout),
            position=position(CHECKOUT, "ship_order", 1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert sorted((location.uri.rsplit("/", 1)[-1], location.range.start.line) for location in found) == [
        ("checkout.scenario.yaml", 3),
        ("checkout.scenario.yaml", 5),
        ("returns.scenario.yaml", 3),
        ("returns.scenario.yaml", 5),
        ("shipping.missions.yaml", 1),
    ]


@pytest.mark.workspace(WORKSPACE)
async def test_renaming_a_library_mission_edits_the_library_and_every_importer(client: LanguageClient):
    checkout = open_document(client, "checkout.scenario.yaml", CHECKOUT)
    cursor = position(CHECKOUT, "ship_order", 1)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=types.TextDocumentIdentifier(uri=checkout), position=cursor)
    )
    assert prepared is not None and prepared.placeholder == "ship_order"
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=types.TextDocumentIdentifier(uri=checkout), position=cursor, new_name="dispatch_order")
    )
    assert edit is not None
    if edit.document_changes is not None:
        changed = {c.text_document.uri: (c.text_document.version, [e.new_text for e in c.edits]) for c in edit.document_changes}
    else:
        changed = {uri: (None, [e.new_text for e in edits]) for uri, edits in (edit.changes or {}).items()}
    versions = 1 if edit.document_changes is not None else None
    assert changed == {
        checkout: (versions, ["dispatch_order", "dispatch_order"]),
        uri_of(client, "lib/shipping.missions.yaml"): (None, ["dispatch_order"]),
        uri_of(client, "returns.scenario.yaml"): (None, ["dispatch_order", "dispatch_order"]),
    }


@pytest.mark.workspace(WORKSPACE)
async def test_a_rename_onto_a_taken_name_is_refused_with_the_reason(client: LanguageClient):
    checkout = open_document(client, "checkout.scenario.yaml", CHECKOUT)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=checkout),
                position=position(CHECKOUT, "ship_order", 1),
                new_name="echo",
            )
        )
    assert refused.value.code == types.LSPErrorCodes.RequestFailed
    assert refused.value.message == "'echo' is a built-in mission; renaming 'ship_order' to it would hide that one wherever 'ship_order' can be called"


async def test_the_server_offers_rename_with_a_prepare_step(client: LanguageClient):
    provider = client.initialize_result.capabilities.rename_provider
    assert provider == types.RenameOptions(prepare_provider=True)


@pytest.mark.workspace(WORKSPACE)
async def test_workspace_symbols_include_library_missions(client: LanguageClient):
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="ship_"))
    assert [(s.name, s.container_name) for s in found] == [("ship_order", "shipping.missions.yaml")]


@pytest.mark.workspace(WORKSPACE)
async def test_a_workspace_run_runs_scenario_files_not_libraries(client: LanguageClient):
    summary = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="scenario.runWorkspace", arguments=[]))
    assert [f["suite"] for f in summary["files"]] == ["checkout", "returns"]


@pytest.mark.workspace(WORKSPACE)
async def test_saving_a_library_rechecks_the_indexed_files_importing_it_in_the_background(client: LanguageClient):
    library = open_document(client, "lib/shipping.missions.yaml", LIBRARY)
    returns = uri_of(client, "returns.scenario.yaml")  # never opened: known from the index

    async def failed() -> int | None:
        suite = await client.protocol.send_request_async("scenario/tests", {"uri": returns})
        return suite.failed if suite is not None else None

    await fetch_until(failed, lambda count: count == 0, "the index to check returns.scenario.yaml")
    changed = LIBRARY.replace("value: true", "value: false")
    replace_all(client, library, changed, version=2)
    (client.workspace_root / "lib" / "shipping.missions.yaml").write_text(changed)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=library)))
    await fetch_until(failed, lambda count: count == 1, "returns.scenario.yaml to be checked again")
