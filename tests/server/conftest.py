"""pytest-lsp fixtures: the server over real stdio, driven as Neovim and as VS Code would."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp_session import recording_client, trust  # noqa: E402

CLIENTS = ["neovim", "visual-studio-code"]


# A short debounce keeps the tests quick; @pytest.mark.settings(...) adds to it.
DEFAULT_SETTINGS = {"debounceMs": 30}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "settings(**options): initializationOptions for the server")
    config.addinivalue_line("markers", "workspace(files): files written into the workspace folder before start")
    config.addinivalue_line("markers", "trusted_workspace: the workspace folder is a trusted project before start (scenario trust)")
    config.addinivalue_line("markers", "position_encodings(kinds): the position encodings the client offers")
    config.addinivalue_line("markers", "pulls_diagnostics: the client announces textDocument/diagnostic and workspace/diagnostic/refresh (pull)")
    config.addinivalue_line("markers", "hover_formats(kinds): the markup kinds the client reads in hovers")
    config.addinivalue_line("markers", "without_code_lenses: the client does not announce textDocument.codeLens (as eglot and Helix)")


def _marked(request: pytest.FixtureRequest, name: str):
    return request.node.get_closest_marker(name)


async def _start(lsp_client: LanguageClient, client_name: str, root: Path, request: pytest.FixtureRequest) -> None:
    """Write the marked workspace files, then initialize the server as ``client_name`` would."""
    settings_marker = _marked(request, "settings")
    settings = {**DEFAULT_SETTINGS, **(settings_marker.kwargs if settings_marker else {})}
    workspace_marker = _marked(request, "workspace")
    for name, content in (workspace_marker.args[0] if workspace_marker else {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    if _marked(request, "trusted_workspace") is not None:
        trust(root)
    capabilities = client_capabilities(client_name)
    encodings_marker = _marked(request, "position_encodings")
    if encodings_marker is not None:
        capabilities.general.position_encodings = encodings_marker.args[0]
    hover_marker = _marked(request, "hover_formats")
    if hover_marker is not None:
        capabilities.text_document.hover = types.HoverClientCapabilities(content_format=hover_marker.args[0])
    if _marked(request, "without_code_lenses") is not None:
        capabilities.text_document.code_lens = None
        if capabilities.workspace is not None:
            capabilities.workspace.code_lens = None
    if _marked(request, "pulls_diagnostics") is not None:
        capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(related_document_support=True)
        capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    lsp_client.workspace_root = root
    lsp_client.initialize_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")],
            initialization_options=settings,
        )
    )


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "scenario_lsp"], client_factory=recording_client)


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path: Path):
    """A server of its own for one test."""
    await _start(lsp_client, request.param, tmp_path, request)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, params=CLIENTS, scope="module")
async def shared_client(request: pytest.FixtureRequest, lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    """One server for a whole module whose tests only read (each opens documents of its own).

    Sharing a server is also a test: every document of the module goes through the same process.
    """
    await _start(lsp_client, request.param, tmp_path_factory.mktemp("workspace"), request)
    yield
    await lsp_client.shutdown_session()
