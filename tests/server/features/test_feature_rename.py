"""Rename, in process: missions across files, scenarios with their expectations, expectation ids; refused when unsafe."""
from __future__ import annotations

import pytest
from checked_documents import Project
from lsp_session import position, span
from lsprotocol import types

from scenario_core.checking.pipeline import check
from scenario_lsp.features.rename import RenameRefused, prepare_rename, rename

LIBRARY = """
missions:
  ship_order:
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
  - name: "second order"
    missions:
      - 'ship_order'
expectations:
  - id: shipped
    scenario: first_order
    mission: ship_order
    path: final_state.shipped
    op: eq
    expected: true
  - id: shipped_again
    scenario: "second order"
    mission: "ship_order"
    path: success
    op: eq
    expected: true
"""

# Imports the library but has a ship_order of its own, and calls echo.
OWN = """
suite: own
imports: [lib/shipping.missions.yaml]
missions:
  ship_order:
    steps: [{id: mine, kind: runtime}]
scenarios:
  - {name: a, missions: [ship_order, pack_order, echo]}
"""

UNRELATED = """
suite: unrelated
missions:
  pack:
    steps: [{id: p, kind: runtime}]
scenarios:
  - {name: a, missions: [pack, ship_order]}
"""


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(tmp_path)
    project.write("lib/shipping.missions.yaml", LIBRARY)
    project.write("checkout.scenario.yaml", CHECKOUT)
    project.write("own.scenario.yaml", OWN)
    project.write("unrelated.scenario.yaml", UNRELATED)
    return project


def renamed(project: Project, name: str, cursor: types.Position, new_name: str) -> dict[str, str]:
    """Each file's text after applying the rename's edit (only the files it changes)."""
    edit = rename(project.names(), project.checked(name), cursor, new_name, versioned=False)
    assert edit.changes is not None
    texts = {}
    prefix = project.uri("") + "/"
    for uri, edits in edit.changes.items():
        relative = uri.removeprefix(prefix)
        texts[relative] = apply(project.text(relative), edits)
    return texts


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """``edits`` applied to ``text`` (positions in UTF-16, as the server negotiated by default)."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        line = lines[start.line]
        lines[start.line] = line[: start.character] + edit.new_text + line[end.character :]
    return "\n".join(lines)


def refusal(project: Project, name: str, cursor: types.Position, new_name: str) -> str:
    with pytest.raises(RenameRefused) as refused:
        rename(project.names(), project.checked(name), cursor, new_name, versioned=False)
    return str(refused.value)


# -- missions -------------------------------------------------------------------------------------


def test_renaming_a_library_mission_renames_its_definition_and_every_use_in_every_importer(project: Project):
    texts = renamed(project, "checkout.scenario.yaml", position(project.text("checkout.scenario.yaml"), "ship_order", 1), "dispatch_order")
    assert sorted(texts) == ["checkout.scenario.yaml", "lib/shipping.missions.yaml"]
    assert texts["lib/shipping.missions.yaml"] == LIBRARY.lstrip("\n").replace("ship_order:", "dispatch_order:")
    # Quoted names stay quoted, in their own quotes.
    assert texts["checkout.scenario.yaml"] == (
        CHECKOUT.lstrip("\n")
        .replace("[ship_order,", "[dispatch_order,")
        .replace("- 'ship_order'", "- 'dispatch_order'")
        .replace("mission: ship_order", "mission: dispatch_order")
        .replace('mission: "ship_order"', 'mission: "dispatch_order"')
    )
    # After the rename, every file checks as before.
    before = {name: check(project.text(name), path=project.root / name) for name in ("checkout.scenario.yaml", "own.scenario.yaml")}
    for name, text in texts.items():
        project.write(name, text)
    for name, report in before.items():
        assert check(project.text(name), path=project.root / name).findings == report.findings


def test_renaming_from_the_definition_in_the_library_gives_the_same_edit(project: Project):
    from_call = renamed(project, "checkout.scenario.yaml", position(project.text("checkout.scenario.yaml"), "ship_order", 1), "dispatch")
    from_definition = renamed(project, "lib/shipping.missions.yaml", position(project.text("lib/shipping.missions.yaml"), "ship_order", 1), "dispatch")
    assert from_call == from_definition


def test_renaming_a_files_own_mission_changes_that_file_only(project: Project):
    texts = renamed(project, "own.scenario.yaml", position(project.text("own.scenario.yaml"), "ship_order", 1), "my_ship")
    assert texts == {"own.scenario.yaml": OWN.lstrip("\n").replace("ship_order", "my_ship")}


def test_a_new_name_that_needs_quotes_gets_them(project: Project):
    texts = renamed(project, "lib/shipping.missions.yaml", position(project.text("lib/shipping.missions.yaml"), "pack_order", 1), "pack: fast")
    assert texts["lib/shipping.missions.yaml"].splitlines()[4] == '  "pack: fast":'
    assert texts["checkout.scenario.yaml"].splitlines()[4] == '    missions: [ship_order, "pack: fast"]'
    assert texts["own.scenario.yaml"].splitlines()[6] == '  - {name: a, missions: [ship_order, "pack: fast", echo]}'


def test_an_edit_names_the_version_of_each_open_document_when_the_client_takes_document_changes(project: Project):
    edit = rename(project.names(), project.checked("checkout.scenario.yaml"), position(project.text("checkout.scenario.yaml"), "pack_order", 1), "pack", versioned=True)
    assert edit.changes is None and edit.document_changes is not None
    assert [(c.text_document.uri.rsplit("/", 1)[-1], c.text_document.version, len(c.edits)) for c in edit.document_changes] == [
        ("checkout.scenario.yaml", 1, 1),
        ("shipping.missions.yaml", 1, 1),
        ("own.scenario.yaml", 1, 1),
    ]


def test_renaming_to_the_same_name_changes_nothing(project: Project):
    assert renamed(project, "own.scenario.yaml", position(project.text("own.scenario.yaml"), "ship_order", 1), "ship_order") == {}


# -- scenarios and expectations -------------------------------------------------------------------


def test_renaming_a_scenario_renames_the_expectations_that_name_it(project: Project):
    texts = renamed(project, "checkout.scenario.yaml", position(project.text("checkout.scenario.yaml"), "second order", 1), "second_order")
    assert texts == {"checkout.scenario.yaml": CHECKOUT.lstrip("\n").replace('"second order"', '"second_order"')}


def test_renaming_an_expectation_id_renames_that_id(project: Project):
    texts = renamed(project, "checkout.scenario.yaml", position(project.text("checkout.scenario.yaml"), "shipped_again", 1), "second_shipped")
    assert texts == {"checkout.scenario.yaml": CHECKOUT.lstrip("\n").replace("id: shipped_again", "id: second_shipped")}


# -- prepare ---------------------------------------------------------------------------------------


def test_prepare_gives_the_names_range_and_text(project: Project):
    text = project.text("checkout.scenario.yaml")
    found = prepare_rename(project.names(), project.checked("checkout.scenario.yaml"), position(text, "- 'ship_order'", 4))
    assert (span(found.range), found.placeholder) == ((7, 8, 7, 20), "ship_order")


@pytest.mark.parametrize(
    "name, needle, message",
    [
        ("own.scenario.yaml", "echo", "'echo' is a built-in mission; it cannot be renamed"),
        ("unrelated.scenario.yaml", "ship_order", "'ship_order' names no mission, so there is nothing to rename; fix the call instead"),
        ("checkout.scenario.yaml", "final_state", "only a mission, scenario or expectation name can be renamed; there is none here"),
    ],
)
def test_prepare_refuses_what_cannot_be_renamed(project: Project, name: str, needle: str, message: str):
    with pytest.raises(RenameRefused) as refused:
        prepare_rename(project.names(), project.checked(name), position(project.text(name), needle, 1))
    assert str(refused.value) == message


# -- refused ---------------------------------------------------------------------------------------


def test_a_new_name_the_library_already_defines_is_refused(project: Project):
    cursor = position(project.text("lib/shipping.missions.yaml"), "ship_order", 1)
    assert refusal(project, "lib/shipping.missions.yaml", cursor, "pack_order") == (
        "'pack_order' is already a mission in shipping.missions.yaml (its own mission); "
        "renaming 'ship_order' to it would change which mission runs there"
    )


def test_a_new_name_an_importer_defines_itself_is_refused(project: Project):
    cursor = position(project.text("lib/shipping.missions.yaml"), "pack_order", 1)
    assert refusal(project, "lib/shipping.missions.yaml", cursor, "ship_order").startswith(
        "'ship_order' is already a mission in shipping.missions.yaml (its own mission)"
    )
    project.write("lib/shipping.missions.yaml", "missions:\n  box_order: {steps: []}\n")
    cursor = position(project.text("lib/shipping.missions.yaml"), "box_order", 1)
    assert refusal(project, "lib/shipping.missions.yaml", cursor, "ship_order") == (
        "'ship_order' is already a mission in own.scenario.yaml (its own mission); "
        "renaming 'box_order' to it would change which mission runs there"
    )


def test_a_new_name_that_is_a_built_in_mission_is_refused(project: Project):
    cursor = position(project.text("lib/shipping.missions.yaml"), "pack_order", 1)
    assert refusal(project, "lib/shipping.missions.yaml", cursor, "daily_loop") == (
        "'daily_loop' is a built-in mission; renaming 'pack_order' to it would hide that one wherever 'pack_order' can be called"
    )


def test_a_new_name_taken_by_another_library_an_importer_uses_is_refused(project: Project):
    project.write("lib/other.missions.yaml", "missions:\n  wrap_order: {steps: []}\n")
    project.write("wrap.scenario.yaml", "suite: w\nimports: [lib/shipping.missions.yaml, lib/other.missions.yaml]\nscenarios: []\n")
    cursor = position(project.text("lib/shipping.missions.yaml"), "pack_order", 1)
    assert refusal(project, "lib/shipping.missions.yaml", cursor, "wrap_order") == (
        "'wrap_order' is already a mission in wrap.scenario.yaml (the mission of other.missions.yaml); "
        "renaming 'pack_order' to it would change which mission runs there"
    )


def test_a_name_taken_in_a_file_that_does_not_see_the_mission_is_free(project: Project):
    # unrelated.scenario.yaml has its own 'pack', but does not import the library.
    texts = renamed(project, "lib/shipping.missions.yaml", position(project.text("lib/shipping.missions.yaml"), "pack_order", 1), "pack")
    assert "unrelated.scenario.yaml" not in texts


def test_a_scenario_name_already_used_is_refused(project: Project):
    cursor = position(project.text("checkout.scenario.yaml"), "first_order", 1)
    assert refusal(project, "checkout.scenario.yaml", cursor, "second order") == "'second order' is already a scenario of this file"


def test_an_expectation_id_already_used_is_refused(project: Project):
    cursor = position(project.text("checkout.scenario.yaml"), "shipped_again", 1)
    assert refusal(project, "checkout.scenario.yaml", cursor, "shipped") == "'shipped' is already the id of another expectation in this file"


@pytest.mark.parametrize(
    "new_name, reason",
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        (" ship", "it starts or ends with a space"),
        ("ship\norder", "it must be one line of text, without control characters"),
    ],
)
def test_a_name_that_is_not_valid_is_refused(project: Project, new_name: str, reason: str):
    cursor = position(project.text("checkout.scenario.yaml"), "first_order", 1)
    assert refusal(project, "checkout.scenario.yaml", cursor, new_name) == f"'{new_name}' is not a valid scenario name: {reason}"
