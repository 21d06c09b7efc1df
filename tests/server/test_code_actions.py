"""Code actions: quick fixes whose edits keep the YAML valid, and "Run scenario"."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_session import EXAMPLES, open_document

# Code actions only read: one server per client serves the whole module.
pytestmark = pytest.mark.asyncio(loop_scope="module")

PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()
FAILING = (EXAMPLES / "failing.scenario.yaml").read_text()


async def actions_at(client: LanguageClient, uri: str, line: int, character: int) -> list[types.CodeAction]:
    point = types.Position(line=line, character=character)
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=point, end=point),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )


def quick_fixes(actions: list) -> list[types.CodeAction]:
    return [a for a in actions if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.QuickFix]


def edits_of(action: types.CodeAction, uri: str) -> list[tuple]:
    return [(e.range.start.line, e.range.start.character, e.range.end.character, e.new_text) for e in action.edit.changes[uri]]


async def test_set_expected_to_the_actual_value_replaces_the_expected_value(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "failing.scenario.yaml", FAILING)
    [fix] = quick_fixes(await actions_at(client, uri, 43, 14))
    assert fix.title == "Set expected to the actual value"
    assert edits_of(fix, uri) == [(43, 14, 19, "true")]


async def test_set_expected_writes_a_mapping_as_flow_yaml(shared_client: LanguageClient):
    client = shared_client
    text = PASSING.replace("path: final_state.echo\n    op: eq\n    expected: ping", "path: final_state\n    op: eq\n    expected: {}")
    uri = open_document(client, "mapping.scenario.yaml", text)
    [fix] = quick_fixes(await actions_at(client, uri, 31, 15))
    assert edits_of(fix, uri) == [(31, 14, 16, '{counter: 0, message: ping, echo: ping}')]


async def test_an_unknown_mission_with_a_close_match_offers_the_rename(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "failing.scenario.yaml", FAILING)
    [fix] = quick_fixes(await actions_at(client, uri, 36, 8))
    assert fix.title == "Change to `daily_loop`"
    assert edits_of(fix, uri) == [(36, 8, 17, "daily_loop")]


async def test_run_scenario_is_a_code_action_on_a_scenario(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "passing.scenario.yaml", PASSING)
    [run] = await actions_at(client, uri, 11, 6)
    assert run.title == "Run scenario"
    assert (run.command, list(run.arguments)) == (
        "scenario.runScenario",
        [{"uri": uri, "scenario": "busy_day"}],
    )


async def actions_for(
    client: LanguageClient, uri: str, line: int, character: int, *, only: list[str] | None = None, sent: list | None = None
) -> list:
    point = types.Position(line=line, character=character)
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=point, end=point),
            context=types.CodeActionContext(diagnostics=sent or [], only=only),
        )
    )


async def test_only_the_kinds_the_client_asks_for_are_returned(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "only.scenario.yaml", FAILING)
    assert [a.title for a in await actions_for(client, uri, 43, 14, only=["quickfix"])] == ["Set expected to the actual value"]
    assert not await actions_for(client, uri, 43, 14, only=["source"])
    run_and_fix = await actions_for(client, uri, 36, 8)
    assert [a.title for a in run_and_fix] == ["Change to `daily_loop`", "Run scenario"]
    assert [a.title for a in await actions_for(client, uri, 36, 8, only=["quickfix"])] == ["Change to `daily_loop`"]


async def test_quick_fixes_are_for_the_diagnostics_the_client_sends(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "sent.scenario.yaml", FAILING)
    from lsp_session import diagnostics

    sent = [d for d in await diagnostics(client, uri) if d.code == "eq_mismatch"]
    assert sent
    # Asked at the unknown mission's line, but with the eq_mismatch diagnostic sent back: that one is fixed.
    fixes = quick_fixes(await actions_for(client, uri, 36, 8, sent=sent[:1]))
    assert [f.title for f in fixes] == ["Set expected to the actual value"]
    assert fixes[0].diagnostics[0].range == sent[0].range
