"""Code actions over stdio: quick fixes and commands as the client gets them, for the diagnostics it sends back.

Which fixes exist, their edits and ``context.only`` are specified in features/test_feature_actions.py.
"""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from scenario_lsp.features.actions import code_actions

from checked_documents import FAILING, checked, point
from lsp_session import as_json, diagnostics, encoding, open_document, position

# Code actions only read: one server per client serves the whole module.
pytestmark = pytest.mark.asyncio(loop_scope="module")


def asked(uri: str, cursor: types.Position, sent: list[types.Diagnostic] | None = None) -> types.CodeActionParams:
    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=point(cursor),
        context=types.CodeActionContext(diagnostics=sent or []),
    )


async def test_a_quick_fix_and_run_scenario_arrive_as_the_feature_builds_them(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "failing.scenario.yaml", FAILING)
    params = asked(uri, position(FAILING, "daily_lop\n", 1, encoding(client)))
    received = await client.text_document_code_action_async(params)
    assert [type(action).__name__ for action in received] == ["CodeAction", "Command", "Command"]
    assert as_json(received) == as_json(code_actions(checked(FAILING, encoding(client), uri), params))


async def test_quick_fixes_are_for_the_diagnostics_the_client_sends_back(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "sent.scenario.yaml", FAILING)
    sent = [d for d in await diagnostics(client, uri) if d.code == "eq_mismatch"]
    # Asked at the unknown mission's line, with the eq_mismatch diagnostic as the client holds it: that one is fixed.
    received = await client.text_document_code_action_async(asked(uri, position(FAILING, "daily_lop\n", 1, encoding(client)), sent))
    fixes = [action for action in received if isinstance(action, types.CodeAction)]
    assert [fix.title for fix in fixes] == ["Set expected to the actual value"]
    assert as_json(fixes[0].diagnostics) == as_json(sent)
