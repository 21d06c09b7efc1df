"""Diagnostics: every finding of check(), at its exact range, pushed or pulled, never stale."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_session import (
    EXAMPLES,
    diagnostics,
    encoding,
    expected_diagnostics,
    open_document,
    pulls,
    replace_all,
    summarised,
    wait_until,
)


@pytest.mark.parametrize("example", ["passing", "own_missions", "failing"])
async def test_each_example_gives_exactly_the_findings_of_check(client: LanguageClient, example: str):
    text = (EXAMPLES / f"{example}.scenario.yaml").read_text()
    uri = open_document(client, f"{example}.scenario.yaml", text)
    assert summarised(await diagnostics(client, uri)) == expected_diagnostics(text, encoding(client))
