"""Position encodings: UTF-8, UTF-16 or UTF-32 as negotiated, right after emoji and CJK text."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_session import diagnostics, encoding, open_document, span

shared_server = pytest.mark.asyncio(loop_scope="module")

# "daily_lop" starts after 😀 (1 code point, 2 UTF-16 units, 4 UTF-8 bytes) and 漢字 (3 UTF-8 bytes each).
TEXT = 'suite: s\nmissions:\n  own: {steps: []}\nscenarios:\n  - {name: "😀漢字", missions: [daily_lop, own]}\n'
TYPO_COLUMNS = {"utf-32": (29, 38), "utf-16": (30, 39), "utf-8": (36, 45)}


@shared_server
async def test_the_server_uses_utf8_when_offered_and_utf16_otherwise(shared_client: LanguageClient):
    client = shared_client
    offered = client.capabilities.general.position_encodings
    assert encoding(client) == ("utf-8" if offered and "utf-8" in offered else "utf-16")


@shared_server
async def test_a_finding_after_emoji_and_cjk_lands_on_the_right_character(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "wide-finding.scenario.yaml", TEXT)
    [typo] = [d for d in await diagnostics(client, uri) if d.code == "unknown_mission"]
    start, end = TYPO_COLUMNS[encoding(client)]
    assert span(typo.range) == (4, start, 4, end)


@pytest.mark.position_encodings(["utf-32"])
@pytest.mark.parametrize("client", ["neovim"], indirect=True)
async def test_utf32_counts_code_points(client: LanguageClient):
    assert encoding(client) == "utf-32"
    uri = open_document(client, "wide.scenario.yaml", TEXT)
    [typo] = [d for d in await diagnostics(client, uri) if d.code == "unknown_mission"]
    assert span(typo.range) == (4, 29, 4, 38)


@shared_server
async def test_a_position_after_emoji_is_read_in_the_negotiated_encoding(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "wide-definition.scenario.yaml", TEXT)
    own_start = TYPO_COLUMNS[encoding(client)][1] + 2  # ", " then "own"
    location = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=own_start + 1)
        )
    )
    assert span(location.range) == (2, 2, 2, 5)
