"""Seeded mutations of the examples and of the README's values, through the real server over stdio.

Every document, opened, then edited (a change of one line or less, which the
server re-parses in part), gets its diagnostics within DEADLINE_S, none of
them an ``internal_error`` (a bug of the core), and the server answers after
the last one. The run is deterministic: the seed (printed
on failure, with the document) gives the same documents again. CI runs
FUZZ_DOCUMENTS of them; ``make fuzz SEED=... DOCUMENTS=...`` runs more
(through the environment variables SCENARIO_FUZZ_SEED and SCENARIO_FUZZ_DOCUMENTS).
"""
from __future__ import annotations

import asyncio
import os
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from fuzzing import edited_documents
from helpers import scaled
from lsp_session import open_document, recording_client, replace_all

SEED = int(os.environ.get("SCENARIO_FUZZ_SEED", "9"))
FUZZ_DOCUMENTS = int(os.environ.get("SCENARIO_FUZZ_DOCUMENTS", "3000"))  # half opened, half edits
DEADLINE_S = scaled(2.0)  # SCENARIO_TEST_TIME_SCALE (tests/helpers.py) scales it on a slower machine


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "scenario_lsp"], client_factory=recording_client)
)
async def client(lsp_client: LanguageClient, tmp_path):
    """The server checking edits at once (no debounce), for a client that takes pushed diagnostics (Neovim's, without pull)."""
    capabilities = client_capabilities("neovim")
    capabilities.text_document.diagnostic = None
    lsp_client.workspace_root = tmp_path
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=tmp_path.as_uri(),
            workspace_folders=[],
            initialization_options={"debounceMs": 0},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def diagnostics_within(
    client: LanguageClient, uri: str, version: int, deadline_s: float
) -> list[types.Diagnostic] | None:
    """The diagnostics published for ``version`` of ``uri`` within ``deadline_s``, else None."""
    give_up = time.monotonic() + deadline_s
    while True:
        for published in client.published:
            if published.uri == uri and published.version == version:
                return list(published.diagnostics)
        if time.monotonic() > give_up:
            return None
        await asyncio.sleep(0.001)


async def test_every_mutated_document_and_edit_gets_diagnostics_in_time_and_the_server_lives_on(
    client: LanguageClient,
):
    for index, (text, edited) in enumerate(edited_documents(SEED, FUZZ_DOCUMENTS // 2)):
        uri = open_document(client, f"fuzz-{index}.scenario.yaml", text)
        for version, sent in ((1, text), (2, edited)):
            if version == 2:
                replace_all(client, uri, edited, version=2)
            published = await diagnostics_within(client, uri, version, DEADLINE_S)
            which = f"{'the edit of ' if version == 2 else ''}document {index} of seed {SEED}"
            rerun = f"rerun: make fuzz SEED={SEED} DOCUMENTS={2 * index + 2}"
            assert published is not None, f"no diagnostics within {DEADLINE_S} s for {which} ({rerun}):\n{sent!r}"
            internal = [d.message for d in published if d.code == "internal_error"]
            assert not internal, f"the check of {which} failed ({rerun}): {internal[0]}\n{sent!r}"
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        client.published.clear()
    healthy = open_document(client, "healthy.scenario.yaml", "suite: s\nscenarios:\n  - name: a\n    missions: [echo]\n")
    assert await diagnostics_within(client, healthy, 1, DEADLINE_S) == []
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=healthy))
    )
    assert [s.name for s in symbols] == ["s"]
