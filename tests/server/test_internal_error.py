"""A bug in the core replaces the editor's verdict with an internal_error diagnostic; it is never left stale."""
from __future__ import annotations

import sys

import pytest
import pytest_lsp
from lsp_session import EXAMPLES, diagnostics, lenses, open_document, recording_client, replace_all, start_session
from pytest_lsp import ClientServerConfig, LanguageClient

# The real server, with a core that fails on any text holding "# explode", as a bug would.
BROKEN_CORE = """
import scenario_core.checking.pipeline as check
real = check._check
def failing(text, *rest):
    if "# explode" in text:
        raise RuntimeError("boom")
    return real(text, *rest)
check._check = failing
from scenario_lsp.__main__ import main
main()
"""


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-c", BROKEN_CORE], client_factory=recording_client),
    params=["neovim"],
)
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path):
    await start_session(lsp_client, request.param, tmp_path, request)
    yield
    await lsp_client.shutdown_session()


async def test_a_core_bug_replaces_the_verdict_and_the_next_good_version_restores_it(client: LanguageClient):
    failing = (EXAMPLES / "failing.scenario.yaml").read_text()
    uri = open_document(client, "f.scenario.yaml", failing)
    before = await diagnostics(client, uri)
    assert "eq_mismatch" in [d.code for d in before]

    replace_all(client, uri, failing + "# explode\n", version=2)
    [diagnostic] = await diagnostics(client, uri, version=2)
    assert diagnostic.code == "internal_error"
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (0, 0)
    assert diagnostic.message.startswith("Scenario Harness failed to check this file (RuntimeError: boom)")
    assert not await lenses(client, uri)  # no verdict is shown rather than an old one

    replace_all(client, uri, failing, version=3)
    assert [d.code for d in await diagnostics(client, uri, version=3)] == [d.code for d in before]
