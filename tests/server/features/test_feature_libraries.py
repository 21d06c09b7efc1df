"""Mission libraries in the editor, in process: definition, hover, references, symbols, completion, quick fixes across files."""
from __future__ import annotations

import pytest
from checked_documents import ENCODINGS, Project, point
from lsp_session import position, span
from lsprotocol import types

from scenario_core.source.positions import Encoding, LineIndex
from scenario_lsp.features.actions import code_actions
from scenario_lsp.features.completion import completions
from scenario_lsp.protocol.convert import PositionConverter
from scenario_lsp.features.diagnostics import diagnostics_of
from scenario_lsp.features.hover import hover
from scenario_lsp.features.navigation import definition, references
from scenario_lsp.features.symbols import document_symbols, workspace_symbols
from scenario_lsp.documents.workspace_names import WorkspaceNames

LIBRARY = """
description: Shipping missions
missions:
  ship_order:
    description: Mark the order shipped
    steps:
      - {id: mark, kind: runtime, payload: {operation: set, key: shipped, value: true}}
  pack_order:
    steps:
      - {id: pack, kind: runtime, payload: {operation: set, key: packed, value: true}}
"""

CHECKOUT = """
suite: checkout
imports: [lib/shipping.missions.yaml]
scenarios:
  - name: first_order
    missions: [ship_order, pack_order]
expectations:
  - id: shipped
    scenario: first_order
    mission: ship_order
    path: final_state.shipped
    op: eq
    expected: true
"""

# Imports the library too, but has a ship_order of its own: its calls are not the library's.
OWN = """
suite: own
imports: [lib/shipping.missions.yaml]
missions:
  ship_order:
    steps: [{id: mine, kind: runtime}]
scenarios:
  - {name: a, missions: [ship_order, pack_order]}
"""

# Does not import the library: its ship_order is unknown.
UNRELATED = """
suite: unrelated
scenarios:
  - {name: a, missions: [ship_order]}
"""


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(tmp_path)
    project.write("lib/shipping.missions.yaml", LIBRARY)
    project.write("checkout.scenario.yaml", CHECKOUT)
    project.write("returns.scenario.yaml", CHECKOUT.replace("suite: checkout", "suite: returns"))
    project.write("own.scenario.yaml", OWN)
    project.write("unrelated.scenario.yaml", UNRELATED)
    return project


def hover_text(project: Project, name: str, needle: str, offset: int = 1, after: str = "") -> str | None:
    found = hover(project.checked(name), position(project.text(name), needle, offset, after=after), markdown=True)
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


def locations(found: list[types.Location], project: Project) -> list[tuple[str, tuple[int, int, int, int]]]:
    prefix = project.uri("") + "/"
    return [(location.uri.removeprefix(prefix), span(location.range)) for location in found]


# -- definition ----------------------------------------------------------------------------------


def test_a_call_of_a_library_mission_goes_to_its_definition_in_the_library(project: Project):
    text = project.text("checkout.scenario.yaml")
    found = definition(project.checked("checkout.scenario.yaml"), position(text, "ship_order", 2))
    assert found == types.Location(
        uri=project.uri("lib/shipping.missions.yaml"),
        range=types.Range(start=types.Position(line=2, character=2), end=types.Position(line=2, character=12)),
    )


def test_an_expectations_mission_from_a_library_goes_to_the_library(project: Project):
    text = project.text("checkout.scenario.yaml")
    found = definition(project.checked("checkout.scenario.yaml"), position(text, "mission: ship_order", 10))
    assert found is not None and (found.uri, span(found.range)) == (project.uri("lib/shipping.missions.yaml"), (2, 2, 2, 12))


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_library_missions_place_is_in_the_negotiated_encoding_of_the_library(tmp_path, encoding: Encoding):
    project = Project(tmp_path)
    project.write("wide.missions.yaml", 'missions: {"😀": {steps: []}, ship: {steps: []}}\n')
    project.write("a.scenario.yaml", "suite: a\nimports: [wide.missions.yaml]\nscenarios:\n  - {name: s, missions: [ship]}\n")
    found = definition(project.checked("a.scenario.yaml", encoding), position(project.text("a.scenario.yaml"), "ship", 1))
    column = {"utf-8": 32, "utf-16": 30, "utf-32": 29}[encoding]
    assert found is not None and span(found.range) == (0, column, 0, column + 4)


def test_an_import_goes_to_the_library_file(project: Project):
    text = project.text("checkout.scenario.yaml")
    found = definition(project.checked("checkout.scenario.yaml"), position(text, "lib/shipping", 3))
    assert found == types.Location(uri=project.uri("lib/shipping.missions.yaml"), range=point(types.Position(line=0, character=0)))


def test_an_import_of_a_missing_library_goes_nowhere(project: Project):
    project.write("broken.scenario.yaml", "suite: b\nimports: [lib/gone.missions.yaml]\nscenarios: []\n")
    assert definition(project.checked("broken.scenario.yaml"), types.Position(line=1, character=14)) is None


# -- hover ---------------------------------------------------------------------------------------


def test_hovering_a_call_of_a_library_mission_shows_its_steps_and_its_library(project: Project):
    assert hover_text(project, "checkout.scenario.yaml", "ship_order") == (
        "mission `ship_order`: Mark the order shipped\n"
        '1. `mark` (runtime) `{"key":"shipped","operation":"set","value":true}`\n\n'
        "from `shipping.missions.yaml`"
    )


def test_hovering_an_import_shows_the_librarys_description_and_missions(project: Project):
    assert hover_text(project, "checkout.scenario.yaml", "lib/shipping") == (
        "mission library `lib/shipping.missions.yaml`: Shipping missions\n- `ship_order`: Mark the order shipped\n- `pack_order`"
    )


def test_hovering_an_import_of_a_missing_library_says_so(project: Project):
    project.write("broken.scenario.yaml", "suite: b\nimports: [lib/gone.missions.yaml]\nscenarios: []\n")
    assert hover_text(project, "broken.scenario.yaml", "lib/gone") == "`lib/gone.missions.yaml`: no such mission library"


def test_hovering_an_expectations_scenario_shows_its_calls_verdict_and_hash(project: Project):
    report = project.checked("checkout.scenario.yaml").report
    found = hover(project.checked("checkout.scenario.yaml"), position(CHECKOUT.lstrip("\n"), "first_order", 3, after="id: shipped"), True)
    assert found is not None and span(found.range) == (7, 14, 7, 25)
    assert found.contents == types.MarkupContent(
        kind=types.MarkupKind.Markdown,
        value=(
            "scenario `first_order` (line 4)\n"
            "calls: `ship_order`, `pack_order`\n"
            "verdict: ✓ 1/1 expectations passed\n"
            f"scenario_hash `{report.scenarios[0].scenario_hash}`"
        ),
    )


def test_hovering_an_expectations_scenario_that_failed_shows_the_failures(project: Project):
    project.write("failing.scenario.yaml", CHECKOUT.replace("expected: true", "expected: false"))
    text = hover_text(project, "failing.scenario.yaml", "first_order", after="id: shipped")
    assert text is not None and "verdict: ✗ 0/1 expectations passed" in text.splitlines()


def test_hovering_an_expectations_scenario_the_file_lacks_says_so(project: Project):
    project.write("missing.scenario.yaml", CHECKOUT.replace("scenario: first_order", "scenario: last_order"))
    assert hover_text(project, "missing.scenario.yaml", "last_order") == "scenario `last_order` is not in this file"


# -- references ----------------------------------------------------------------------------------


def test_references_of_a_library_mission_are_in_every_file_that_imports_it(project: Project):
    text = project.text("checkout.scenario.yaml")
    found = references(project.checked("checkout.scenario.yaml"), position(text, "ship_order", 2), True, project.names())
    assert locations(found, project) == [
        ("checkout.scenario.yaml", (4, 15, 4, 25)),
        ("checkout.scenario.yaml", (8, 13, 8, 23)),
        ("lib/shipping.missions.yaml", (2, 2, 2, 12)),
        ("returns.scenario.yaml", (4, 15, 4, 25)),
        ("returns.scenario.yaml", (8, 13, 8, 23)),
    ]


def test_references_from_a_librarys_definition_leave_it_out_without_the_declaration(project: Project):
    text = project.text("lib/shipping.missions.yaml")
    found = references(project.checked("lib/shipping.missions.yaml"), position(text, "ship_order", 2), False, project.names())
    assert [uri for uri, _ in locations(found, project)] == [
        "checkout.scenario.yaml", "checkout.scenario.yaml", "returns.scenario.yaml", "returns.scenario.yaml",
    ]


def test_references_of_a_files_own_mission_stay_in_the_file(project: Project):
    text = project.text("own.scenario.yaml")
    found = references(project.checked("own.scenario.yaml"), position(text, "ship_order", 2, after="missions: ["), True, project.names())
    assert locations(found, project) == [("own.scenario.yaml", (3, 2, 3, 12)), ("own.scenario.yaml", (6, 25, 6, 35))]


def test_references_of_a_mission_a_library_imports_reach_through_the_library(project: Project):
    project.write("lib/base.missions.yaml", "missions:\n  reset: {steps: []}\n")
    project.write("lib/shipping.missions.yaml", "imports: [base.missions.yaml]\n" + LIBRARY.lstrip("\n"))
    project.write("reset.scenario.yaml", "suite: r\nimports: [lib/shipping.missions.yaml]\nscenarios:\n  - {name: a, missions: [reset]}\n")
    found = references(project.checked("reset.scenario.yaml"), types.Position(line=3, character=25), True, project.names())
    assert locations(found, project) == [("lib/base.missions.yaml", (1, 2, 1, 7)), ("reset.scenario.yaml", (3, 25, 3, 30))]


def test_references_follow_the_unsaved_text_of_a_library(project: Project):
    # The index holds the files on disk; the library as the editor holds it defines wrap_order.
    project.write("wrap.scenario.yaml", "suite: w\nimports: [lib/shipping.missions.yaml]\nscenarios:\n  - {name: a, missions: [wrap_order]}\n")
    documents = dict(project.names().documents)
    project.write("lib/shipping.missions.yaml", LIBRARY + "  wrap_order: {steps: []}\n")
    library = project.checked("lib/shipping.missions.yaml")
    documents[library.uri] = library
    names = WorkspaceNames(documents)
    text = project.text("lib/shipping.missions.yaml")
    found = references(library, position(text, "wrap_order", 1), True, names)
    assert [uri for uri, _ in locations(found, project)] == ["lib/shipping.missions.yaml", "wrap.scenario.yaml"]


# -- symbols -------------------------------------------------------------------------------------


def test_workspace_symbols_name_a_library_missions_file_as_their_container(project: Project):
    found = workspace_symbols(project.checked("lib/shipping.missions.yaml"), "order")
    assert [(s.name, s.kind, s.container_name) for s in found] == [
        ("ship_order", types.SymbolKind.Function, "shipping.missions.yaml"),
        ("pack_order", types.SymbolKind.Function, "shipping.missions.yaml"),
    ]


def test_a_librarys_document_symbols_are_its_missions(project: Project):
    found = document_symbols(project.checked("lib/shipping.missions.yaml"))
    assert [(s.name, s.kind, span(s.selection_range)) for s in found] == [
        ("ship_order", types.SymbolKind.Function, (2, 2, 2, 12)),
        ("pack_order", types.SymbolKind.Function, (6, 2, 6, 12)),
    ]


# -- diagnostics, completion, quick fixes -------------------------------------------------------------


def test_a_calls_related_place_in_a_library_is_the_librarys_uri_and_range(project: Project):
    project.write("lib/robots.missions.yaml", 'missions: {"😀": {steps: []}, build: {steps: [{id: weld, kind: robot}]}}\n')
    project.write("robots.scenario.yaml", "suite: r\nimports: [lib/robots.missions.yaml]\nscenarios:\n  - {name: a, missions: [build]}\n")
    envelope = next(d for d in diagnostics_of(project.checked("robots.scenario.yaml")) if d.code == "envelope")
    assert envelope.related_information == [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=project.uri("lib/robots.missions.yaml"),
                range=types.Range(start=types.Position(line=0, character=30), end=types.Position(line=0, character=35)),
            ),
            message="mission 'build' is defined here",
        )
    ]


def test_completion_offers_the_imported_missions_after_the_files_own(project: Project):
    known = project.checked("own.scenario.yaml").report
    lines = LineIndex("suite: own\nimports: [lib/shipping.missions.yaml]\nscenarios:\n  - name: a\n    missions:\n      - \n")
    items = completions(lines, known, PositionConverter(lines, "utf-16"), types.Position(line=5, character=8))
    assert [(i.label, i.detail) for i in items][:3] == [
        ("ship_order", "mission in this file"),
        ("pack_order", "from shipping.missions.yaml"),
        ("daily_loop", "plan (records params), work (increments state.counter), review (human step)"),
    ]


def test_completion_in_a_library_offers_a_librarys_keys(project: Project):
    lines = LineIndex("missions: {}\n\n")
    items = completions(lines, None, PositionConverter(lines, "utf-16"), types.Position(line=1, character=0), library=True)
    assert [i.label for i in items] == ["description", "imports"]


@pytest.mark.parametrize("text, cursor", [("imports:\n  - \n", (1, 4)), ("imports: [\n", (0, 10))])
def test_completion_in_imports_offers_the_workspaces_libraries(text: str, cursor: tuple[int, int]):
    lines = LineIndex(text)
    libraries = ["lib/billing.missions.yaml", "lib/shipping.missions.yaml"]
    items = completions(lines, None, PositionConverter(lines, "utf-16"), types.Position(*cursor), libraries=libraries)
    assert [(i.label, i.kind) for i in items] == [(path, types.CompletionItemKind.File) for path in libraries]


def test_hovering_an_expectations_id_shows_its_verdict_and_what_it_checks(project: Project):
    assert hover_text(project, "checkout.scenario.yaml", "shipped", after="- id: ") == (
        "expectation `shipped`: ✓ passed\n`first_order` → `ship_order` `final_state.shipped` eq `true`"
    )
    project.write("failing.scenario.yaml", CHECKOUT.replace("expected: true", "expected: false"))
    assert hover_text(project, "failing.scenario.yaml", "shipped", after="- id: ") == (
        "expectation `shipped`: ✗ expected false, got true\n`first_order` → `ship_order` `final_state.shipped` eq `false`"
    )


def test_a_missing_import_has_a_quick_fix_to_the_closest_library(project: Project):
    project.write("typo.scenario.yaml", "suite: t\nimports: [lib/shiping.missions.yaml]\nscenarios: []\n")
    checked = project.checked("typo.scenario.yaml")
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=checked.uri),
        range=point(types.Position(line=1, character=12)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix]),
    )
    [fix] = code_actions(checked, params)
    assert isinstance(fix, types.CodeAction) and fix.title == "Change to `lib/shipping.missions.yaml`"
    assert fix.edit == types.WorkspaceEdit(
        changes={
            checked.uri: [
                types.TextEdit(
                    range=types.Range(start=types.Position(line=1, character=10), end=types.Position(line=1, character=35)),
                    new_text="lib/shipping.missions.yaml",
                )
            ]
        }
    )
