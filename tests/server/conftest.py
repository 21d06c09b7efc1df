"""pytest-lsp fixtures: the server over real stdio, driven as Neovim and as VS Code would."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp_session import recording_client  # noqa: E402

CLIENTS = ["neovim", "visual-studio-code"]


# A short debounce keeps the tests quick; @pytest.mark.settings(...) adds to it.
DEFAULT_SETTINGS = {"debounceMs": 30}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "settings(**options): initializationOptions for the server")
    config.addinivalue_line("markers", "workspace(files): files written into the workspace folder before start")
    config.addinivalue_line("markers", "position_encodings(kinds): the position encodings the client offers")


def _marked(request: pytest.FixtureRequest, name: str):
    marker = request.node.get_closest_marker(name)
    return request.node.get_closest_marker(name)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "scenario_lsp"], client_factory=recording_client),
    params=CLIENTS,
)
async def client(
    request: pytest.FixtureRequest,
    lsp_client: LanguageClient,
    tmp_path: Path,
):
    settings_marker = _marked(request, "settings")
    settings = {**DEFAULT_SETTINGS, **(settings_marker.kwargs if settings_marker else {})}
    workspace_marker = _marked(request, "workspace")
    for name, content in (workspace_marker.args[0] if workspace_marker else {}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    capabilities = client_capabilities(request.param)
    encodings_marker = _marked(request, "position_encodings")
    if encodings_marker is not None:
        capabilities.general.position_encodings = encodings_marker.args[0]
    lsp_client.workspace_root = tmp_path
    lsp_client.initialize_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=tmp_path.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="workspace")],
            initialization_options=settings,
        )
    )
    yield
    await lsp_client.shutdown_session()
