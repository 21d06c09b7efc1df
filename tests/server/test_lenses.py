"""Code lenses over stdio: what the client gets, how lenses move with edits, and the copy-hash command."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from scenario_lsp.features.lenses import code_lenses

from checked_documents import checked
from lsp_session import EXAMPLES, as_json, encoding, execute, lenses, open_document, wait_until

# Lenses only read: one server per client serves the whole module.
pytestmark = pytest.mark.asyncio(loop_scope="module")

PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()


async def test_the_lenses_a_client_gets_are_those_of_the_version_it_holds(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "passing.scenario.yaml", PASSING)
    # The default hashLength is 12; titles and arguments are specified in features/test_feature_lenses.py.
    assert as_json(await lenses(client, uri)) == as_json(code_lenses(checked(PASSING, encoding(client), uri), 12))


async def test_lenses_follow_their_lines_after_an_edit_inserts_lines(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "moving.scenario.yaml", PASSING)
    before = [lens.range.start.line for lens in await lenses(client, uri)]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                    text="# one\n# two\n",
                )
            ],
        )
    )
    after = [lens.range.start.line for lens in await lenses(client, uri)]
    assert after == [line + 2 for line in before]


async def test_copy_hash_returns_the_hash_and_shows_it(shared_client: LanguageClient):
    client = shared_client
    full = "ab" * 32
    shown_before = len(client.messages)
    assert await execute(client, "scenario.copyHash", {"hash": full, "label": "scenario_hash"}) == full
    await wait_until(lambda: len(client.messages) > shown_before)
    assert client.messages[-1].message == f"scenario_hash {full}"
