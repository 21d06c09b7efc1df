"""The editor's view of Python missions: hover, definition, completion, related places in .py files.

Checked in process with a real worker (the project's code runs there, never
here); the feature functions are called as a handler would call them.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import def_line, project
from lsp_session import position
from lsprotocol import types

from scenario_core.checking.pipeline import check
from scenario_core.python.missions import PythonProjects
from scenario_core.source.positions import LineIndex
from scenario_lsp.documents.checks import CheckedDocument
from scenario_lsp.features.completion import completions
from scenario_lsp.protocol.convert import PositionConverter
from scenario_lsp.features.diagnostics import diagnostics_of
from scenario_lsp.features.hover import hover
from scenario_lsp.features.navigation import definition

MISSIONS = '''
from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def place_order(ctx, *, sku: str, qty: int = 1) -> WorkflowDefinition:
    """Reserve stock, then a person approves."""
    print(f"ordering {qty} of {sku}")
    return WorkflowDefinition(id="place_order", steps=[StepSpec("approve", "human", {})])


@mission
def refund(ctx, *, order: str) -> WorkflowDefinition:
    raise LookupError(f"no order {order}")
'''

TEXT = """\
suite: shop
scenarios:
  - name: buy
    missions:
      - name: place_order
        params: {sku: A1}
      - name: refund
        params: {order: o-1}
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    root = tmp_path_factory.mktemp("shop")
    path = project(root, MISSIONS)
    projects = PythonProjects()
    yield path, projects
    projects.close()


def checked_in(shop, text: str = TEXT) -> CheckedDocument:
    path, projects = shop
    report = check(text, python=projects.for_file(path), path=path)
    return CheckedDocument(path.as_uri(), 1, report, PositionConverter(report.lines, "utf-16"))


def missions_py(shop) -> Path:
    return shop[0].parent / "shop" / "missions.py"


def test_hover_on_a_python_mission_shows_signature_docstring_place_and_what_it_printed(shop):
    found = hover(checked_in(shop), position(TEXT, "place_order", 2), markdown=True)
    text = found.contents.value
    assert text.startswith("Python mission `place_order`\n\n```python\ndef place_order(ctx, *, sku: str, qty: int = 1) -> WorkflowDefinition\n```")
    assert "Reserve stock, then a person approves." in text
    assert "params: `sku: str`, `qty: int = 1`" in text
    assert f"defined in `shop.missions` ({missions_py(shop)}:{def_line('place_order', MISSIONS)})" in text
    assert text.endswith("printed:\n```\nordering 1 of A1\n```")


def test_hover_on_a_call_that_raised_shows_the_traceback(shop):
    found = hover(checked_in(shop), position(TEXT, "refund", 1), markdown=True)
    assert "Traceback (most recent call last):" in found.contents.value
    assert "LookupError: no order o-1" in found.contents.value


def test_definition_of_a_python_mission_is_its_def_line(shop):
    location = definition(checked_in(shop), position(TEXT, "place_order", 2))
    assert location.uri == missions_py(shop).as_uri()
    assert location.range.start == types.Position(line=def_line("place_order", MISSIONS) - 1, character=0)


def test_a_mission_error_points_at_the_python_file(shop):
    [diagnostic] = [d for d in diagnostics_of(checked_in(shop)) if d.code == "mission_error"]
    [related] = diagnostic.related_information
    assert related.location.uri == missions_py(shop).as_uri()
    assert related.location.range.start.line == def_line("refund", MISSIONS)  # the raise, on the line after def


def complete(shop, text: str, after: str) -> list[types.CompletionItem]:
    known = checked_in(shop).report  # the last run, as the server keeps it
    at = position(text, after, len(after))
    return completions(LineIndex(text), known, PositionConverter(LineIndex(text), "utf-16"), at)


def test_completion_of_a_call_offers_python_missions_with_their_params(shop):
    text = TEXT + "  - name: more\n    missions:\n      - pl"
    items = {i.label: i for i in complete(shop, text, "      - pl")}
    assert items["place_order"].detail == "Python mission place_order(sku: str, qty: int = 1)"
    assert items["place_order"].documentation == "Reserve stock, then a person approves."
    assert {"refund", "daily_loop", "echo"} <= set(items)


def test_completion_inside_flow_params_offers_the_params_not_yet_given(shop):
    text = TEXT.replace("params: {sku: A1}", "params: {sku: A1, }")
    items = complete(shop, text, "params: {sku: A1, ")
    assert [(i.label, i.detail, i.insert_text) for i in items] == [("qty", "qty: int = 1 (optional)", "qty: ")]


def test_completion_inside_block_params_offers_the_params_not_yet_given(shop):
    text = TEXT.replace("        params: {sku: A1}\n", "        params:\n          qty: 2\n          \n")
    items = complete(shop, text, "qty: 2\n          ")
    assert [(i.label, i.detail) for i in items] == [("sku", "sku: str")]
