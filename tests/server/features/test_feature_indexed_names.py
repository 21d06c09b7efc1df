"""References and rename across files on disk read what the workspace index keeps, and find what full checks find."""
from __future__ import annotations

import pytest
from lsprotocol import types

from scenario_lsp.documents.checks import DocumentChecks
from scenario_lsp.features.navigation import references
from scenario_lsp.features.rename import RenameRefused, rename
from scenario_lsp.documents.index import WorkspaceIndex
from scenario_lsp.documents.workspace_names import WorkspaceNames

from checked_documents import Project
from lsp_session import position

LIBRARY = """
missions:
  ship_order:
    steps:
      - {id: mark, kind: runtime, payload: {operation: set, key: shipped, value: true}}
  pack_order:
    steps: [{id: pack, kind: runtime}]
"""

# Quoted names, and a name after 😀 (two UTF-16 units, one code point) on its line.
CHECKOUT = """
suite: checkout
imports: [lib/shipping.missions.yaml]
scenarios:
  - {name: "😀", missions: [ship_order, pack_order]}
  - name: second
    missions:
      - 'ship_order'
expectations:
  - {id: shipped, scenario: "😀", mission: "ship_order", path: success, op: eq, expected: true}
"""

OWN = """
suite: own
imports: [lib/shipping.missions.yaml]
missions:
  ship_order:
    steps: [{id: mine, kind: runtime}]
scenarios:
  - {name: a, missions: [ship_order, pack_order, echo]}
"""

RETURNS = """
suite: returns
imports: [lib/shipping.missions.yaml]
scenarios:
  - {name: back, missions: [ship_order, echo]}
"""


@pytest.fixture
def project(tmp_path) -> Project:
    project = Project(tmp_path)
    project.write("lib/shipping.missions.yaml", LIBRARY)
    project.write("checkout.scenario.yaml", CHECKOUT)
    project.write("own.scenario.yaml", OWN)
    project.write("returns.scenario.yaml", RETURNS)
    return project


async def indexed_names(project: Project, open_file: str) -> WorkspaceNames:
    """The workspace as the server sees it with ``open_file`` open: every other file as the index keeps it."""
    index = WorkspaceIndex(DocumentChecks(lambda uri: None))
    for path in sorted(project.root.rglob("*.y*ml")):
        await index.refresh(path.as_uri())
    documents: dict = dict(index.files)
    documents[project.uri(open_file)] = project.checked(open_file)
    return WorkspaceNames(documents)


CURSORS = [
    ("checkout.scenario.yaml", "ship_order", 1),  # a library's mission, called in every importer
    ("returns.scenario.yaml", "echo", 1),  # a built-in one
    ("lib/shipping.missions.yaml", "pack_order", 1),  # from the library's definition
    ("own.scenario.yaml", "ship_order", 1),  # the file's own mission: it stays in the file
]


@pytest.mark.parametrize(("name", "needle", "offset"), CURSORS)
async def test_references_read_from_the_index_are_those_of_full_checks(project: Project, name, needle, offset):
    cursor = position(project.text(name), needle, offset)
    expected = references(project.checked(name), cursor, True, project.names())
    assert len(expected) > 1
    assert references(project.checked(name), cursor, True, await indexed_names(project, name)) == expected


async def test_a_rename_read_from_the_index_writes_each_name_in_its_own_quotes(project: Project):
    cursor = position(project.text("returns.scenario.yaml"), "ship_order", 1)
    names = await indexed_names(project, "returns.scenario.yaml")
    expected = rename(project.names(), project.checked("returns.scenario.yaml"), cursor, "dispatch_order", versioned=False)
    found = rename(names, project.checked("returns.scenario.yaml"), cursor, "dispatch_order", versioned=False)
    assert found == expected
    assert found.changes is not None
    assert {uri.rsplit("/", 1)[-1]: [e.new_text for e in edits] for uri, edits in found.changes.items()} == {
        "checkout.scenario.yaml": ["dispatch_order", "'dispatch_order'", '"dispatch_order"'],
        "shipping.missions.yaml": ["dispatch_order"],
        "returns.scenario.yaml": ["dispatch_order"],
    }


async def test_a_versioned_rename_names_no_version_for_a_file_on_disk(project: Project):
    cursor = position(project.text("returns.scenario.yaml"), "ship_order", 1)
    found = rename(await indexed_names(project, "returns.scenario.yaml"), project.checked("returns.scenario.yaml"), cursor, "dispatch_order", versioned=True)
    assert found.document_changes is not None
    versions = {c.text_document.uri.rsplit("/", 1)[-1]: c.text_document.version for c in found.document_changes if isinstance(c, types.TextDocumentEdit)}
    assert versions == {"checkout.scenario.yaml": None, "shipping.missions.yaml": None, "returns.scenario.yaml": 1}


async def test_a_clash_in_a_file_on_disk_is_refused_from_the_index(project: Project):
    cursor = position(project.text("returns.scenario.yaml"), "ship_order", 1)
    with pytest.raises(RenameRefused) as refused:
        rename(await indexed_names(project, "returns.scenario.yaml"), project.checked("returns.scenario.yaml"), cursor, "pack_order", versioned=False)
    assert str(refused.value) == (
        "'pack_order' is already a mission in shipping.missions.yaml (its own mission); "
        "renaming 'ship_order' to it would change which mission runs there"
    )
