"""What the server tests share: a client that records what the server sends, and small steps."""
from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, TypeVar, Union

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.protocol import default_converter
import pytest
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from helpers import WAIT_S
from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.project.trust import TrustStore

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

T = TypeVar("T")


def client_converter() -> Any:
    """pygls's converter, telling a CodeAction that carries a command from a bare Command as editors do.

    lsprotocol 2025.0.0 reads every code action with a ``command`` member as a
    Command; VS Code, Neovim and eglot look at whether ``command`` is a string.
    """
    converter = default_converter()

    def code_action(value: Any, _: type) -> types.Command | types.CodeAction:
        kind = types.Command if isinstance(value.get("command"), str) else types.CodeAction
        return converter.structure(value, kind)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], code_action)
    return converter


def recording_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics and lens refresh in order.

    It answers ``window/showMessageRequest`` (the server's trust question) as
    ``client.answer`` says: the title of the action to choose, or None to close
    the question unanswered; ``client.questions`` keeps every question asked.
    """
    client = LanguageClient(converter_factory=client_converter)
    client.published = []
    client.questions = []
    client.answer = None
    client.code_lens_refreshes = 0
    client.inlay_hint_refreshes = 0
    client.diagnostic_refreshes = 0

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    def code_lens_refresh(client: LanguageClient, params: None) -> None:
        client.code_lens_refreshes += 1

    def inlay_hint_refresh(client: LanguageClient, params: None) -> None:
        client.inlay_hint_refreshes += 1

    def register_capability(client: LanguageClient, params: types.RegistrationParams) -> None:
        return None

    def diagnostic_refresh(client: LanguageClient, params: None) -> None:
        client.diagnostic_refreshes += 1

    def show_message_request(client: LanguageClient, params: types.ShowMessageRequestParams) -> types.MessageActionItem | None:
        client.questions.append(params)
        return next((a for a in params.actions or () if a.title == client.answer), None)

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.WORKSPACE_CODE_LENS_REFRESH] = code_lens_refresh
    features[types.WORKSPACE_INLAY_HINT_REFRESH] = inlay_hint_refresh
    features[types.CLIENT_REGISTER_CAPABILITY] = register_capability
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = diagnostic_refresh
    features[types.WINDOW_SHOW_MESSAGE_REQUEST] = show_message_request
    register_lsp_features(client, features)
    return client


# A short debounce keeps the tests quick; @pytest.mark.settings(...) adds to it.
DEFAULT_SETTINGS = {"debounceMs": 30}


def _marked(request: pytest.FixtureRequest, name: str):
    return request.node.get_closest_marker(name)


async def start_session(lsp_client: LanguageClient, client_name: str, root: Path, request: pytest.FixtureRequest) -> None:
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


#: The server over real stdio, with the client that records what the server sends.
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "scenario_lsp"], client_factory=recording_client)


def pulls(client: LanguageClient) -> bool:
    """The client pulls diagnostics: it announces textDocument.diagnostic and workspace/diagnostic/refresh."""
    workspace = client.capabilities.workspace
    refreshes = workspace is not None and workspace.diagnostics is not None and bool(workspace.diagnostics.refresh_support)
    return client.capabilities.text_document.diagnostic is not None and refreshes


def encoding(client: LanguageClient) -> str:
    kind = client.initialize_result.capabilities.position_encoding
    return getattr(kind, "value", kind) or "utf-16"


async def wait_until(condition: Callable[[], Any], timeout: float = WAIT_S) -> Any:
    """The first true value of ``condition()``, polled while the client takes what the server sends.

    ``timeout`` is when to give up (see helpers.WAIT_S), not how long the server may take.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for the server")
        await asyncio.sleep(0.01)


def trust(root: Path) -> None:
    """Record the project at ``root`` in the user's trust store (the tests' own: see tests/conftest.py), as `scenario trust` does."""
    TrustStore().trust(root)


async def fetch_until(fetch: Callable[[], Awaitable[T]], done: Callable[[T], Any], what: str, timeout: float = WAIT_S) -> T:
    """What ``await fetch()`` gives once ``done`` holds for it, asked again and again (a pull, a request).

    ``timeout`` is when to give up (see helpers.WAIT_S); the failure names ``what`` and the last answer.
    """
    deadline = time.monotonic() + timeout
    while not done(found := await fetch()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; the last answer: {found!r}")
        await asyncio.sleep(0.02)
    return found


def uri_of(client: LanguageClient, name: str) -> str:
    return (client.workspace_root / name).as_uri()


def open_document(client: LanguageClient, name: str, text: str, version: int = 1) -> str:
    uri = uri_of(client, name)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)
        )
    )
    return uri


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """A didChange that replaces the whole text (as a full-sync client sends it)."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics(client: LanguageClient, uri: str, version: int = 1) -> list[types.Diagnostic]:
    """The diagnostics of ``version``: pulled when the client pulls, else the push for it."""
    if pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return list(report.items)
    pushed = await wait_until(lambda: [p for p in client.published if p.uri == uri and p.version == version])
    return list(pushed[-1].diagnostics)


async def lenses(client: LanguageClient, uri: str) -> list[types.CodeLens]:
    return await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def execute(client: LanguageClient, command: str, *arguments: Any) -> Any:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command, arguments=list(arguments))
    )


def position(text: str, needle: str, offset: int = 0, enc: str = "utf-16", after: str = "") -> types.Position:
    """The LSP position of the first ``needle`` in ``text`` after ``after`` (plus ``offset`` code points)."""
    index = text.index(needle, text.index(after) + len(after)) + offset
    line = text.count("\n", 0, index)
    column = text[text.rfind("\n", 0, index) + 1 : index]
    return types.Position(line=line, character=units(column, enc))


def units(prefix: str, enc: str) -> int:
    if enc == "utf-8":
        return len(prefix.encode("utf-8"))
    if enc == "utf-16":
        return len(prefix.encode("utf-16-le")) // 2
    return len(prefix)


def expected_diagnostics(text: str, enc: str) -> list[tuple]:
    """What check() finds, as (code, severity, message, range, data), converted independently."""
    report: CheckReport = check(text)
    lines = text.split("\n")

    def at(pos) -> tuple[int, int]:
        line = lines[pos.line] if pos.line < len(lines) else ""
        return (pos.line, units(line[: pos.column], enc))

    severities = {"error": 1, "warning": 2, "info": 3}
    return [
        (f.code, severities[f.severity.value], f.message, (*at(f.range.start), *at(f.range.end)), FrozenDict.thaw(f.data))
        for f in report.findings
    ]


def summarised(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    return [
        (
            d.code,
            d.severity.value,
            d.message,
            (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character),
            d.data,
        )
        for d in diagnostics
    ]


def as_json(value: Any) -> Any:
    """``value`` as the JSON that travels on the wire (the client reads arrays back as tuples)."""
    return json.loads(json.dumps(get_converter().unstructure(value)))


def span(rng: types.Range) -> tuple[int, int, int, int]:
    return (rng.start.line, rng.start.character, rng.end.line, rng.end.character)
