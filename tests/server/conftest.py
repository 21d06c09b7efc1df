"""pytest-lsp fixtures: the server over real stdio, driven as Neovim and as VS Code would."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp_session import SERVER, start_session  # noqa: E402

CLIENTS = ["neovim", "visual-studio-code"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "settings(**options): initializationOptions for the server")
    config.addinivalue_line("markers", "workspace(files): files written into the workspace folder before start")
    config.addinivalue_line("markers", "trusted_workspace: the workspace folder is a trusted project before start (scenario trust)")
    config.addinivalue_line("markers", "position_encodings(kinds): the position encodings the client offers")
    config.addinivalue_line("markers", "pulls_diagnostics: the client announces textDocument/diagnostic and workspace/diagnostic/refresh (pull)")
    config.addinivalue_line("markers", "hover_formats(kinds): the markup kinds the client reads in hovers")
    config.addinivalue_line("markers", "without_code_lenses: the client does not announce textDocument.codeLens (as eglot and Helix)")


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path: Path):
    """A server of its own for one test."""
    await start_session(lsp_client, request.param, tmp_path, request)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, params=CLIENTS, scope="module")
async def shared_client(request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    """One server for a whole module whose tests only read (each opens documents of its own).

    Sharing a server is also a test: every document of the module goes through the same process.
    """
    await start_session(lsp_client, request.param, tmp_path_factory.mktemp("workspace"), request)
    yield
    await lsp_client.shutdown_session()
