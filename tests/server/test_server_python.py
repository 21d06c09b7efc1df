"""Python missions over stdio: findings at the call while the server keeps answering, and live .py edits.

The project's code runs in a worker process the server starts; nothing it
does (raise, hang, exit) stops the server from answering other requests.
"""
from __future__ import annotations

import asyncio
import time

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from helpers import def_line
from lsp_session import diagnostics, fetch_until, open_document, position, pulls, wait_until

MISSIONS = '''
import os

from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def place_order(ctx, *, sku: str = "A1", qty: int = 1) -> WorkflowDefinition:
    """Reserve stock, then a person approves."""
    return WorkflowDefinition(id="place_order", steps=[StepSpec("approve", "human", {})])


@mission
def raises(ctx) -> WorkflowDefinition:
    raise RuntimeError("the payment service is down")


@mission
def hangs(ctx) -> WorkflowDefinition:
    while True: pass


@mission
def exits(ctx) -> WorkflowDefinition:
    os._exit(5)
'''

PROJECT = {
    "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\n\n[tool.scenario]\nmissions = ["shop.missions"]\ntimeout = 3\n',
    "shop/__init__.py": "",
    "shop/missions.py": MISSIONS,
}


def suite(*calls: str) -> str:
    return "suite: shop\nscenarios:\n" + "".join(f"  - name: s{i}\n    missions: [{c}]\n" for i, c in enumerate(calls))


def codes(found: list[types.Diagnostic]) -> list[str]:
    return [d.code for d in found]


@pytest.mark.workspace(PROJECT)
@pytest.mark.trusted_workspace
async def test_each_failure_is_a_diagnostic_at_its_call_and_the_server_answers_meanwhile(client: LanguageClient):
    healthy = open_document(client, "healthy.scenario.yaml", suite("place_order"))
    assert await diagnostics(client, healthy) == []
    # The hang comes last: a check waits for one timeout at most, and the calls after it would not run.
    broken_text = suite("raises", "exits", "place_order", "hangs")
    broken = open_document(client, "broken.scenario.yaml", broken_text)
    await asyncio.sleep(0.2)  # the worker is busy with the calls, `hangs` for 3 s
    started = time.monotonic()
    answer = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=healthy), position=position(suite("place_order"), "place_order", 1))
    )
    assert answer is not None and time.monotonic() - started < 1.5
    found = await diagnostics(client, broken)
    assert codes(found) == ["mission_error", "mission_crashed", "mission_timeout"]
    error, crashed, timeout = found
    assert timeout.message == (
        f"mission 'hangs' ran longer than 3 s (the project's timeout) and was stopped at missions.py:{def_line('hangs', MISSIONS) + 1} (in hangs)"
    )
    assert error.message == f"mission 'raises' raised RuntimeError: the payment service is down at missions.py:{def_line('raises', MISSIONS) + 1}"
    assert crashed.message == (
        f"mission 'exits' did not finish: the worker process exited with status 5 at missions.py:{def_line('exits', MISSIONS) + 1} (in exits); "
        "the calls after it run in a new worker"
    )
    assert (error.range.start.line, error.range.start.character) == (3, 15)


@pytest.mark.workspace(PROJECT)
@pytest.mark.trusted_workspace
async def test_a_file_without_python_calls_gets_its_verdict_while_another_files_mission_hangs(client: LanguageClient):
    broken = open_document(client, "broken.scenario.yaml", suite("hangs"))
    await asyncio.sleep(0.2)  # the worker is busy with `hangs` for 3 s
    plain = open_document(client, "plain.scenario.yaml", suite("daily_loop"))
    assert await diagnostics(client, plain) == []
    assert broken not in client.diagnostics, "the hanging file's verdict came first: the plain file waited for it"
    assert codes(await diagnostics(client, broken)) == ["mission_timeout"]


@pytest.mark.workspace(PROJECT)
@pytest.mark.trusted_workspace
async def test_requests_about_a_file_answer_from_its_last_check_while_it_is_checked_again(client: LanguageClient):
    text = suite("place_order", "daily_loop")
    healthy = open_document(client, "healthy.scenario.yaml", text)
    assert await diagnostics(client, healthy) == []
    open_document(client, "broken.scenario.yaml", suite("hangs", "place_order"))
    await asyncio.sleep(0.2)  # the worker is busy with `hangs` for 3 s
    # Python code changed: every open file is checked again, healthy.scenario.yaml too, behind the hang.
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=(client.workspace_root / "shop" / "missions.py").as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    started = time.monotonic()
    where = types.TextDocumentIdentifier(uri=healthy)
    answer = await client.text_document_hover_async(types.HoverParams(text_document=where, position=position(text, "daily_loop")))
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=where))
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=where))
    assert time.monotonic() - started < 1.5
    assert answer is not None and "plan" in str(answer.contents)
    assert [lens.command.title for lens in lenses if lens.command][:1] == ["✓ 0/0 passed"]
    assert [s.name for s in symbols] == ["shop"]


@pytest.mark.workspace(PROJECT)
@pytest.mark.trusted_workspace
async def test_saving_the_python_file_changes_the_verdict_of_an_open_scenario_file(client: LanguageClient):
    text = suite("raises")
    uri = open_document(client, "live.scenario.yaml", text)
    assert codes(await diagnostics(client, uri)) == ["mission_error"]
    module = client.workspace_root / "shop" / "missions.py"
    module.write_text(MISSIONS.replace('raise RuntimeError("the payment service is down")', 'return place_order(ctx, sku="A1")'))
    if client.capabilities.workspace.did_change_watched_files.dynamic_registration:
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=module.as_uri(), type=types.FileChangeType.Changed)])
        )
    # Without a watching client the server looks itself, once a second.
    if pulls(client):
        await fetch_until(lambda: diagnostics(client, uri), lambda found: not found, "the verdict to change")
    else:
        await wait_until(lambda: [p for p in client.published if p.uri == uri and p.version == 1 and not p.diagnostics])


@pytest.mark.workspace(PROJECT)
@pytest.mark.trusted_workspace
async def test_definition_hover_and_completion_reach_into_python(client: LanguageClient):
    text = suite("place_order")
    uri = open_document(client, "nav.scenario.yaml", text)
    await diagnostics(client, uri)
    at = position(text, "place_order", 1)
    document = types.TextDocumentIdentifier(uri=uri)
    location = await client.text_document_definition_async(types.DefinitionParams(text_document=document, position=at))
    assert location.uri == (client.workspace_root / "shop" / "missions.py").as_uri()
    assert location.range.start.line == def_line("place_order", MISSIONS) - 1
    shown = await client.text_document_hover_async(types.HoverParams(text_document=document, position=at))
    assert "Reserve stock, then a person approves." in shown.contents.value
    typing = text + "  - name: more\n    missions:\n      - pl"
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=typing)],
        )
    )
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=document, position=position(typing, "      - pl", len("      - pl")))
    )
    assert "place_order" in [item.label for item in completion.items]
