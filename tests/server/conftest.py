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


@pytest.fixture
def initialization_options() -> dict:
    """Settings sent at initialize; a short debounce keeps the tests quick."""
    return {"debounceMs": 30}


@pytest.fixture
def workspace_files() -> dict[str, str | bytes]:
    """Files written into the workspace folder before the server starts."""
    return {}


@pytest.fixture
def capabilities(request: pytest.FixtureRequest) -> types.ClientCapabilities:
    return client_capabilities(request.param)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "scenario_lsp"], client_factory=recording_client),
    params=CLIENTS,
)
async def client(
    request: pytest.FixtureRequest,
    lsp_client: LanguageClient,
    tmp_path: Path,
    initialization_options: dict,
    workspace_files: dict,
):
    for name, content in workspace_files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    capabilities = client_capabilities(request.param)
    lsp_client.workspace_root = tmp_path
    lsp_client.initialize_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=tmp_path.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="workspace")],
            initialization_options=initialization_options,
        )
    )
    yield
    await lsp_client.shutdown_session()
