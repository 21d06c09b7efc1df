"""The project `scenario init` writes opens clean in the editor: no diagnostic, and every expectation passes.

Its scenarios call the project's Python missions, so the server must be
allowed to run the project's code: the project is trusted first, as a
user answering the editor's question would.
"""
from __future__ import annotations

import subprocess
import sys

import pytest
from pytest_lsp import LanguageClient

from lsp_session import diagnostics, lenses, open_document


@pytest.mark.trusted_workspace
async def test_the_starter_project_has_no_diagnostic_and_passes(client: LanguageClient):
    root = client.workspace_root
    subprocess.run([sys.executable, "-m", "scenario_core.cli", "init", str(root)], check=True, capture_output=True)
    library = open_document(client, "scenarios/shop.missions.yaml", (root / "scenarios/shop.missions.yaml").read_text())
    scenarios = open_document(client, "scenarios/shop.scenario.yaml", (root / "scenarios/shop.scenario.yaml").read_text())
    assert await diagnostics(client, scenarios) == []
    assert await diagnostics(client, library) == []
    titles = [lens.command.title for lens in await lenses(client, scenarios) if lens.command is not None]
    assert titles[0] == "✓ 5/5 passed"
