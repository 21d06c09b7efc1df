"""Code lenses: titles exactly as in docs/server-contract.md, on the lines they belong to."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from scenario_core.check import check

from lsp_session import EXAMPLES, execute, lenses, open_document, wait_until

# Lenses only read: one server per client serves the whole module.
pytestmark = pytest.mark.asyncio(loop_scope="module")

PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()


def shown(found: list[types.CodeLens]) -> list[tuple]:
    return [(lens.range.start.line, lens.command.title, lens.command.command, list(lens.command.arguments)) for lens in found]


async def test_a_passing_suite_shows_its_verdict_hashes_and_run_lenses(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "passing.scenario.yaml", PASSING)
    report = check(PASSING)
    run_hash = report.test_run_hash
    baseline, busy = (s.scenario_hash for s in report.scenarios)
    expectation_lens = lambda line, scenario: (line, "✓ passed", "scenario.runScenario", [{"uri": uri, "scenario": scenario}])  # noqa: E731
    assert shown(await lenses(client, uri)) == [
        (1, "✓ 5/5 passed", "scenario.runSuite", [{"uri": uri}]),
        (1, f"test_run {run_hash[:12]}", "scenario.copyHash", [{"hash": run_hash, "label": "test_run_hash"}]),
        (3, "▶ Run scenario", "scenario.runScenario", [{"uri": uri, "scenario": "baseline"}]),
        (3, f"scenario_hash {baseline[:12]}", "scenario.copyHash", [{"hash": baseline, "label": "scenario_hash"}]),
        (9, "▶ Run scenario", "scenario.runScenario", [{"uri": uri, "scenario": "busy_day"}]),
        (9, f"scenario_hash {busy[:12]}", "scenario.copyHash", [{"hash": busy, "label": "scenario_hash"}]),
        expectation_lens(14, "baseline"),
        expectation_lens(20, "baseline"),
        expectation_lens(26, "baseline"),
        expectation_lens(32, "baseline"),
        expectation_lens(38, "busy_day"),
    ]


async def test_a_failed_expectation_lens_shows_the_finding_message(shared_client: LanguageClient):
    client = shared_client
    text = PASSING.replace("expected: ping", "expected: pong")
    uri = open_document(client, "failing.scenario.yaml", text)
    titles = [lens.command.title for lens in await lenses(client, uri)]
    assert titles[0] == "✗ 4/5 passed"
    assert titles[8] == '✗ expected "pong", got "ping"'


async def test_an_expectation_on_a_missing_scenario_runs_the_suite(shared_client: LanguageClient):
    client = shared_client
    text = PASSING.replace("scenario: busy_day", "scenario: busy_dy")
    uri = open_document(client, "ghost.scenario.yaml", text)
    [ghost] = [lens for lens in await lenses(client, uri) if lens.range.start.line == 38]
    assert ghost.command.title.startswith("✗ expectation 'busy_counter_grows' names scenario 'busy_dy'")
    assert (ghost.command.command, list(ghost.command.arguments)) == ("scenario.runSuite", [{"uri": uri}])


async def test_lenses_follow_their_lines_after_an_edit_inserts_lines(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "moving.scenario.yaml", PASSING)
    before = [lens.range.start.line for lens in await lenses(client, uri)]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                    text="# one\n# two\n",
                )
            ],
        )
    )
    after = [lens.range.start.line for lens in await lenses(client, uri)]
    assert after == [line + 2 for line in before]


async def test_hovering_the_suite_line_shows_the_full_test_run_hash(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "hash.scenario.yaml", PASSING)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=2))
    )
    assert hover.contents.value == f"test_run_hash `{check(PASSING).test_run_hash}`"


async def test_hovering_a_scenario_name_line_shows_its_full_scenario_hash(shared_client: LanguageClient):
    client = shared_client
    uri = open_document(client, "scenario-hash.scenario.yaml", PASSING)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=9, character=3))
    )
    assert hover.contents.value == f"scenario_hash `{check(PASSING).scenarios[1].scenario_hash}`"


async def test_copy_hash_returns_the_hash_and_shows_it(shared_client: LanguageClient):
    client = shared_client
    full = "ab" * 32
    shown_before = len(client.messages)
    assert await execute(client, "scenario.copyHash", {"hash": full, "label": "scenario_hash"}) == full
    await wait_until(lambda: len(client.messages) > shown_before)
    assert client.messages[-1].message == f"scenario_hash {full}"
