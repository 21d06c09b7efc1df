"""Snapshots, accepting and inlay hints over stdio: what the client is offered, what applying it does, where hints land.

What each action, edit and hint holds is specified in features/test_feature_snapshots.py and
features/test_feature_hints.py; here: the capabilities, the commands' effects, refreshes and encodings.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from checked_documents import checked_file, point
from lsp_session import as_json, diagnostics, encoding, execute, fetch_until, open_document, position, pulls, replace_all, wait_until
from lsprotocol import types
from pytest_lsp import LanguageClient

from scenario_core.checking.snapshots import snapshot_path
from scenario_lsp.features.hints import inlay_hints

SHOP = """\
suite: shop
snapshot: true
scenarios:
  - name: cart
    initial_state: {counter: 0, message: "😀 ping"}
    missions:
      - daily_loop
      - name: echo
        params: {payload_key: message}
expectations:
  - {id: loop_ok, scenario: cart, mission: daily_loop, path: success, op: eq, expected: false}
  - {id: echoed, scenario: cart, mission: echo, path: final_state.echo, op: eq, expected: "😀 pong"}
"""
ACCEPTED = SHOP.replace("expected: false", "expected: true").replace('"😀 pong"', '"😀 ping"')
EVERYWHERE = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=100, character=0))


def codes(found: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in found)


async def diagnostics_without(client: LanguageClient, uri: str, code: str, version: int = 1) -> list[types.Diagnostic]:
    """The diagnostics of ``uri`` once none has ``code`` (pulled again, or the newest push)."""
    if pulls(client):
        return await fetch_until(lambda: diagnostics(client, uri, version), lambda found: code not in codes(found), f"{code} to go")
    pushed = await wait_until(
        lambda: [p for p in client.published if p.uri == uri and p.version == version and code not in codes(p.diagnostics)]
    )
    return list(pushed[-1].diagnostics)


async def hints_of(client: LanguageClient, uri: str) -> list[types.InlayHint]:
    return await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=EVERYWHERE)
    )


def shop(client: LanguageClient) -> tuple[str, Path]:
    path = client.workspace_root / "shop.scenario.yaml"
    path.write_text(SHOP, encoding="utf-8")
    return open_document(client, "shop.scenario.yaml", SHOP), path


# -- capabilities ------------------------------------------------------------------------------------------


async def test_the_server_offers_quick_fixes_the_fix_all_kind_and_inlay_hints(client: LanguageClient):
    capabilities = client.initialize_result.capabilities
    assert list(capabilities.code_action_provider.code_action_kinds) == ["quickfix", "source.fixAll.scenario"]
    assert capabilities.inlay_hint_provider is not None
    assert "scenario.acceptSnapshots" in capabilities.execute_command_provider.commands


# -- accepting ---------------------------------------------------------------------------------------------


async def test_accept_snapshot_writes_the_snapshot_file_and_its_finding_goes(client: LanguageClient):
    uri, path = shop(client)
    assert "snapshot_missing" in codes(await diagnostics(client, uri))
    answer = await execute(client, "scenario.acceptSnapshots", {"uri": uri, "scenarios": ["cart"]})
    assert (answer["added"], answer["refused"], answer["snapshot"]) == (["cart"], None, snapshot_path(path).as_uri())
    assert codes(await diagnostics_without(client, uri, "snapshot_missing")) == ["eq_mismatch", "eq_mismatch"]
    assert json.loads(snapshot_path(path).read_text())["scenarios"]["cart"]["echo"]["final_state"]["echo"] == "😀 ping"
    await wait_until(lambda: client.messages)
    assert (client.messages[-1].type, client.messages[-1].message) == (types.MessageType.Info, "Snapshots: stored 'cart'")


async def test_accept_all_applies_cleanly_and_leaves_a_file_with_no_failure(client: LanguageClient):
    uri, path = shop(client)
    await diagnostics(client, uri)
    [fix_all] = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=point(types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    assert fix_all.title == "Accept all actual values in this file"
    # As a client applies it: the edit first (the editor's text changes), then the command.
    edits = sorted(fix_all.edit.changes[uri], key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    lines = SHOP.splitlines(keepends=True)
    for edit in edits:
        line = lines[edit.range.start.line]
        start = _index(line, edit.range.start.character, encoding(client))
        end = _index(line, edit.range.end.character, encoding(client))
        lines[edit.range.start.line] = line[:start] + edit.new_text + line[end:]
    assert "".join(lines) == ACCEPTED
    replace_all(client, uri, ACCEPTED, 2)
    await execute(client, fix_all.command.command, *fix_all.command.arguments)
    assert await diagnostics_without(client, uri, "snapshot_missing", 2) == []


def _index(line: str, units: int, enc: str) -> int:
    """The code-point index of a column counted in ``enc`` units."""
    count = 0
    for index, ch in enumerate(line):
        if count >= units:
            return index
        count += len(ch.encode("utf-8")) if enc == "utf-8" else (2 if ord(ch) > 0xFFFF and enc == "utf-16" else 1)
    return len(line)


async def test_accepting_a_file_with_input_errors_writes_nothing_and_warns(client: LanguageClient):
    uri = open_document(client, "broken.scenario.yaml", SHOP.replace("      - daily_loop\n", "      - daily_lop\n"))
    answer = await execute(client, "scenario.acceptSnapshots", {"uri": uri})
    assert answer["refused"].startswith("the file has input errors")
    assert not (client.workspace_root / "__snapshots__").exists()
    await wait_until(lambda: client.messages)
    assert client.messages[-1].type == types.MessageType.Warning


async def test_a_snapshot_file_changed_on_disk_checks_its_scenario_file_again(client: LanguageClient):
    uri, path = shop(client)
    await execute(client, "scenario.acceptSnapshots", {"uri": uri})
    await diagnostics_without(client, uri, "snapshot_missing")
    stored = snapshot_path(path)
    stored.write_text(stored.read_text().replace('"counter": 1', '"counter": 7'))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=stored.as_uri(), type=types.FileChangeType.Changed)])
    )
    if pulls(client):
        found = await fetch_until(lambda: diagnostics(client, uri), lambda d: "snapshot_changed" in codes(d), "snapshot_changed")
    else:
        pushed = await wait_until(lambda: [p for p in client.published if p.uri == uri and "snapshot_changed" in codes(p.diagnostics)])
        found = pushed[-1].diagnostics
    [changed] = [d for d in found if d.code == "snapshot_changed"]
    assert changed.message == "scenario 'cart' differs from its snapshot: daily_loop.final_state.counter: 7 → 1"


async def test_accepting_refreshes_lenses_and_inlay_hints_where_the_client_supports_it(client: LanguageClient):
    uri, _ = shop(client)
    await execute(client, "scenario.acceptSnapshots", {"uri": uri})
    await wait_until(lambda: client.messages)
    workspace = client.capabilities.workspace
    assert client.inlay_hint_refreshes == (1 if workspace.inlay_hint and workspace.inlay_hint.refresh_support else 0)
    assert client.code_lens_refreshes == (1 if workspace.code_lens and workspace.code_lens.refresh_support else 0)


# -- inlay hints -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "offered", [pytest.param(kind, marks=pytest.mark.position_encodings([kind]), id=kind) for kind in ("utf-8", "utf-16", "utf-32")]
)
@pytest.mark.parametrize("client", ["neovim"], indirect=True)
async def test_inlay_hints_land_on_the_character_in_each_encoding(client: LanguageClient, offered: str):
    assert encoding(client) == offered
    uri, path = shop(client)
    found = await hints_of(client, uri)
    expected = inlay_hints(checked_file(path, encoding(client)), EVERYWHERE, values=True, verdict=False, hash_length=12)
    assert as_json(found) == as_json(expected)
    echo_hint = [h for h in found if h.label == '⟵ got "😀 ping"']
    assert [h.position for h in echo_hint] == [position(SHOP, '"😀 pong"', len('"😀 pong"'), encoding(client))]


@pytest.mark.without_code_lenses
async def test_a_client_without_code_lenses_gets_the_verdict_as_inlay_hints(client: LanguageClient):
    uri, path = shop(client)
    found = await hints_of(client, uri)
    expected = inlay_hints(checked_file(path, encoding(client)), EVERYWHERE, values=True, verdict=True, hash_length=12)
    assert as_json(found) == as_json(expected)
    assert [h.label for h in found if h.position.line == 0][0].startswith("✗ 0/2 passed, 1 snapshot missing · test_run ")


async def test_a_client_with_code_lenses_gets_only_the_actual_values(client: LanguageClient):
    uri, _ = shop(client)
    labels = [h.label for h in await hints_of(client, uri)]
    assert labels == ["= true", "⟵ got true", '= "😀 ping"', '⟵ got "😀 ping"']


@pytest.mark.settings(inlayHints=False)
async def test_the_inlay_hints_setting_turns_the_actual_values_off(client: LanguageClient):
    uri, _ = shop(client)
    assert list(await hints_of(client, uri)) == []
