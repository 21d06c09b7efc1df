"""Hover text in the markup the client says it reads (``textDocument.hover.contentFormat``).

Both recorded clients read Markdown (test_editing.py); a client that reads only plain text gets no backticks.
"""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from checked_documents import PASSING
from lsp_session import diagnostics, encoding, open_document, position


async def hover_on_a_path(client: LanguageClient) -> types.Hover:
    uri = open_document(client, "hover.scenario.yaml", PASSING)
    await diagnostics(client, uri)
    return await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position(PASSING, "final_state.counter", 3, encoding(client)),
        )
    )


@pytest.mark.hover_formats([types.MarkupKind.PlainText])
@pytest.mark.parametrize("client", ["neovim"], indirect=True)
async def test_a_client_that_reads_only_plain_text_gets_plain_text(client: LanguageClient):
    hover = await hover_on_a_path(client)
    assert (hover.contents.kind, hover.contents.value) == ("plaintext", "final_state.counter = 1 (last run)")
