"""Step traces over stdio: the Trace lens on each call, ``scenario/trace``, and hovers on calls and steps.

A hover only decorates: it waits a moment for a trace the project's worker
makes, answers without it when it is slow, and shows it from then on.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pytest_lsp import LanguageClient

from helpers import def_line
from lsp_session import EXAMPLES, diagnostics, lenses, open_document, position, uri_of

OWN_MISSIONS = (EXAMPLES / "own_missions.scenario.yaml").read_text()


def as_json(value: Any) -> Any:
    """A result as the server wrote it (pygls hands the client named tuples for JSON objects)."""
    if hasattr(value, "_asdict"):
        return {key: as_json(item) for key, item in value._asdict().items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


async def trace_request(client: LanguageClient, **params: Any) -> Any:
    return as_json(await client.protocol.send_request_async("scenario/trace", params))


async def hover_text(client: LanguageClient, uri: str, at: types.Position) -> str | None:
    found = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at))
    return found.contents.value if found is not None else None


# -- YAML and built-in missions --------------------------------------------------------------------


@pytest.mark.workspace({"own.scenario.yaml": OWN_MISSIONS})
async def test_the_trace_request_answers_each_call_of_the_scenario_as_the_contract_says(client: LanguageClient):
    uri = open_document(client, "own.scenario.yaml", OWN_MISSIONS)
    await diagnostics(client, uri)
    here = str(client.workspace_root / "own.scenario.yaml")
    assert await trace_request(client, uri=uri, scenario="first_order") == {
        "uri": uri,
        "path": here,
        "scenario": "first_order",
        "calls": [
            {
                "mission": "ship_order",
                "index": 0,
                "line": 29,
                "success": True,
                "error": None,
                "steps": [
                    {"id": "review", "kind": "human", "operation": None, "status": "approved", "defined_at": {"path": here, "line": 7},
                     "operation_at": None, "changes": [], "error": None},
                    {"id": "mark", "kind": "runtime", "operation": "set", "status": "ok", "defined_at": {"path": here, "line": 10},
                     "operation_at": None, "changes": [{"path": "shipped", "after": True}], "error": None},
                    {"id": "count", "kind": "runtime", "operation": "increment", "status": "ok", "defined_at": {"path": here, "line": 13},
                     "operation_at": None, "changes": [{"path": "shipments", "before": 0, "after": 1}], "error": None},
                    {"id": "log", "kind": "runtime", "operation": "append", "status": "ok", "defined_at": {"path": here, "line": 16},
                     "operation_at": None, "changes": [{"path": "history.1", "after": "shipped"}], "error": None},
                ],
            }
        ],
    }


@pytest.mark.workspace({"own.scenario.yaml": OWN_MISSIONS})
async def test_with_states_the_trace_request_gives_the_state_before_and_after_each_step(client: LanguageClient):
    uri = open_document(client, "own.scenario.yaml", OWN_MISSIONS)
    answer = await trace_request(client, uri=uri, scenario="first_order", mission="ship_order", call=0, states=True)
    [call] = answer["calls"]
    assert [(s["id"], s["state_before"], s["state_after"]) for s in call["steps"]][1:3] == [
        ("mark", {"shipments": 0, "history": ["created"]}, {"shipments": 0, "history": ["created"], "shipped": True}),
        ("count", {"shipments": 0, "history": ["created"], "shipped": True}, {"shipments": 1, "history": ["created"], "shipped": True}),
    ]


@pytest.mark.workspace({"own.scenario.yaml": OWN_MISSIONS})
async def test_the_trace_request_reads_a_file_that_is_not_open_from_disk(client: LanguageClient):
    answer = await trace_request(client, uri=uri_of(client, "own.scenario.yaml"), scenario="out_of_stock")
    assert [(c["mission"], c["success"], [s["status"] for s in c["steps"]]) for c in answer["calls"]] == [("reject_order", False, ["failed"])]


async def test_the_trace_request_answers_null_for_a_scenario_the_file_does_not_have_and_refuses_bad_params(client: LanguageClient):
    uri = open_document(client, "own.scenario.yaml", OWN_MISSIONS)
    assert await trace_request(client, uri=uri, scenario="no_such_scenario") is None
    assert await trace_request(client, uri=uri_of(client, "nowhere.scenario.yaml"), scenario="first_order") is None
    with pytest.raises(JsonRpcInvalidParams, match="'call' must be int"):
        await trace_request(client, uri=uri, scenario="first_order", call="first")


async def test_each_call_has_a_trace_lens_whose_target_the_trace_request_answers(client: LanguageClient):
    uri = open_document(client, "own.scenario.yaml", OWN_MISSIONS)
    await diagnostics(client, uri)
    found = [lens for lens in await lenses(client, uri) if lens.command.command == "scenario.showTrace"]
    assert [(lens.range.start.line, lens.command.title) for lens in found] == [(28, "Trace"), (31, "Trace")]
    target = as_json(found[1].command.arguments[0])
    assert target == {"uri": uri, "scenario": "out_of_stock", "mission": "reject_order", "call": 0}
    assert [c["mission"] for c in (await trace_request(client, **target))["calls"]] == ["reject_order"]


async def test_hover_on_a_call_shows_its_trace(client: LanguageClient):
    uri = open_document(client, "own.scenario.yaml", OWN_MISSIONS)
    await diagnostics(client, uri)
    text = await hover_text(client, uri, position(OWN_MISSIONS, "ship_order", 2, after="scenarios:"))
    assert text.split("\n\n")[-2:] == [
        "trace of this call: ✓ succeeded",
        "| step | status | changes |\n|---|---|---|\n| `review` | approved | — |\n| `mark` | ok | `shipped: + true` |\n"
        "| `count` | ok | `shipments: 0 → 1` |\n| `log` | ok | `history.1: + \"shipped\"` |",
    ]


async def test_hover_on_a_step_shows_what_it_did_in_the_calls_of_the_file(client: LanguageClient):
    uri = open_document(client, "own.scenario.yaml", OWN_MISSIONS)
    await diagnostics(client, uri)
    assert await hover_text(client, uri, position(OWN_MISSIONS, "id: mark", 4)) == (
        "step `mark` (runtime, `set`) of mission `ship_order`, in the calls of this file:\n"
        "- `first_order` call 1 (line 29): ok — `shipped: + true`"
    )


# -- Python missions -----------------------------------------------------------------------------------

MISSIONS = '''
import time

from scenario_harness import StepSpec, WorkflowDefinition, mission, operation


@operation
def reserve(state: dict, *, sku: str) -> None:
    state.setdefault("stock", {})[sku] = state.get("stock", {}).get(sku, 5) - 1


@mission
def place_order(ctx, *, sku: str = "A1") -> WorkflowDefinition:
    return WorkflowDefinition(id="place_order", steps=[
        StepSpec("approve", "human", {}),
        StepSpec("reserve", "runtime", {"operation": "reserve", "sku": sku}),
    ])


@mission
def slow_order(ctx) -> WorkflowDefinition:
    time.sleep(1.5)
    return place_order(ctx)


@mission
def hangs(ctx) -> WorkflowDefinition:
    while True:
        pass
'''

PROJECT = {
    "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\n\n[tool.scenario]\nmissions = ["shop.missions"]\ntimeout = 3\n',
    "shop/__init__.py": "",
    "shop/missions.py": MISSIONS,
}


def suite(*calls: str) -> str:
    return "suite: shop\nscenarios:\n" + "".join(f"  - name: s{i}\n    initial_state: {{stock: {{A1: 5}}}}\n    missions: [{c}]\n" for i, c in enumerate(calls))


@pytest.mark.trusted_workspace
@pytest.mark.workspace(PROJECT)
async def test_the_trace_of_a_python_call_places_each_step_where_the_mission_built_it_and_its_operation_at_its_def(client: LanguageClient):
    uri = open_document(client, "shop.scenario.yaml", suite("place_order"))
    await diagnostics(client, uri)
    missions = str(client.workspace_root / "shop" / "missions.py")
    built = next(i for i, line in enumerate(MISSIONS.splitlines()) if 'StepSpec("reserve"' in line)
    [call] = (await trace_request(client, uri=uri, scenario="s0"))["calls"]
    assert call["steps"] == [
        {"id": "approve", "kind": "human", "operation": None, "status": "approved", "defined_at": {"path": missions, "line": built},
         "operation_at": None, "changes": [], "error": None},
        {"id": "reserve", "kind": "runtime", "operation": "reserve", "status": "ok", "defined_at": {"path": missions, "line": built + 1},
         "operation_at": {"path": missions, "line": def_line("reserve", MISSIONS)}, "changes": [{"path": "stock.A1", "before": 5, "after": 4}],
         "error": None},
    ]


@pytest.mark.trusted_workspace
@pytest.mark.workspace(PROJECT)
async def test_a_hover_does_not_wait_for_a_slow_python_trace_and_shows_it_once_made(client: LanguageClient):
    text = suite("slow_order")
    uri = open_document(client, "slow.scenario.yaml", text)
    await diagnostics(client, uri)  # the check ran slow_order once (1.5 s)
    at = position(text, "slow_order", 1)
    started = time.monotonic()
    first = await hover_text(client, uri, at)
    assert time.monotonic() - started < 1.0, "the hover waited for the trace"
    assert first.endswith("trace: still being made (hover again in a moment)")
    deadline = time.monotonic() + 10
    while (await hover_text(client, uri, at)).endswith("hover again in a moment)"):  # the trace is made meanwhile, and kept
        assert time.monotonic() < deadline, "the trace was never made"
        await asyncio.sleep(0.3)
    started = time.monotonic()
    second = await hover_text(client, uri, at)
    assert time.monotonic() - started < 0.5, "the trace was made again"
    assert second.endswith("| `approve` | approved | — |\n| `reserve` | ok | `stock.A1: 5 → 4` |")


@pytest.mark.trusted_workspace
@pytest.mark.workspace(PROJECT)
async def test_a_call_that_ran_past_the_timeout_is_not_run_again_for_its_trace(client: LanguageClient):
    uri = open_document(client, "hang.scenario.yaml", suite("hangs"))
    assert [d.code for d in await diagnostics(client, uri)] == ["mission_timeout"]
    started = time.monotonic()
    [call] = (await trace_request(client, uri=uri, scenario="s0"))["calls"]
    assert time.monotonic() - started < 1.0
    assert (call["success"], call["steps"]) == (None, [])
    assert call["error"].startswith("ran longer than 3 s (the project's timeout)")  # the check's own error, as it gave it
