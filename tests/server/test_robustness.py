"""Hostile documents get a diagnostic, and the server keeps answering."""
from __future__ import annotations

import uuid

import pytest
from pygls.exceptions import JsonRpcInternalError
from pytest_lsp import LanguageClient

from lsp_session import diagnostics, execute, open_document, uri_of

# One server takes every hostile document in turn, and keeps answering.
pytestmark = pytest.mark.asyncio(loop_scope="module")

ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
    + ["suite: s", "scenarios: []", ""]
)

HOSTILE = {
    "alias_bomb": (ALIAS_BOMB, "too_large"),
    "deep_flow_nesting": ("suite: " + "[" * 20000 + "]" * 20000 + "\n", "yaml_syntax"),
    "deep_block_nesting": ("suite: x\nscenarios:\n" + "- " * 20000 + "x\n", "yaml_syntax"),
    "binary": ("suite: s\n\x00\x01\x02 junk\x7f\x89PNG", "yaml_syntax"),
    "five_megabyte_line": ("suite: s\nscenarios: [" + "x" * 5_000_000 + "]\n", "wrong_type"),
    "not_yaml": ("{{{ ]]] :::: \t\t @@@ `", "yaml_syntax"),
    # What a client may send for bytes that are not UTF-8 (a surrogate escape).
    "lone_surrogate": ("suite: s\nscenarios: [\udcff]\n", "yaml_syntax"),
}


async def still_answers(client: LanguageClient) -> None:
    uri = open_document(client, f"healthy-{uuid.uuid4().hex}.scenario.yaml", "suite: s\nscenarios:\n  - name: a\n    missions: [echo]\n")
    assert await diagnostics(client, uri) == []


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_a_hostile_document_gets_a_diagnostic_and_the_server_keeps_answering(shared_client: LanguageClient, name: str):
    client = shared_client
    text, code = HOSTILE[name]
    uri = open_document(client, f"{name}.scenario.yaml", text)
    assert code in [d.code for d in await diagnostics(client, uri)]
    await still_answers(client)


async def test_a_file_that_is_not_utf8_is_an_encoding_finding_at_the_bad_byte(shared_client: LanguageClient):
    client = shared_client
    (client.workspace_root / "latin1.scenario.yaml").write_bytes("suite: caf\u00e9\nscenarios: []\n".encode("latin-1"))
    summary = await execute(client, "scenario.runSuite", {"uri": uri_of(client, "latin1.scenario.yaml")})
    assert (summary["invalid"], summary["files"][0]["verdict"]) == (1, "invalid")
    if not client.capabilities.text_document.diagnostic:
        [published] = [p for p in client.published if p.uri.endswith("latin1.scenario.yaml")]
        [diagnostic] = published.diagnostics
        assert diagnostic.code == "encoding"
        assert diagnostic.message == "the file is not valid UTF-8 (byte 0xe9 at offset 10); save it as UTF-8"
        assert (diagnostic.range.start.line, diagnostic.range.start.character) == (0, 10)


async def test_an_exception_in_a_handler_is_an_lsp_error_and_the_server_lives_on(shared_client: LanguageClient):
    client = shared_client
    with pytest.raises(JsonRpcInternalError):
        await client.protocol.send_request_async("scenario/tests", {"not_a_uri": 1})
    await still_answers(client)


async def test_a_command_with_wrong_arguments_is_an_invalid_params_error(shared_client: LanguageClient):
    client = shared_client
    with pytest.raises(Exception, match="uri"):
        await execute(client, "scenario.runSuite", {"path": "x"})
    await still_answers(client)
