"""A mission that hides another of the same name warns at each call, unless it is the file's own.

The order is the file's own missions, its imported libraries, the project's
Python missions, then the built-in ones. A file's own mission is right there
in the file; a library's or a Python mission that hides a later one is not,
so each call of it says what it hides (``shadowed_mission``).
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from helpers import def_line, findings, located, one, project, span

from scenario_core.checking.pipeline import check
from scenario_core.python.missions import PythonProjects

MISSIONS = '''
from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def place_order(ctx) -> WorkflowDefinition:
    return WorkflowDefinition(id="place_order", steps=[StepSpec("python", "human", {})])
'''

LIBRARY = """\
missions:
  place_order:
    steps: [{id: library, kind: human}]
  echo:
    steps: [{id: library_echo, kind: human}]
"""


@pytest.fixture(scope="module")
def projects():
    projects = PythonProjects()
    yield projects
    projects.close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    path = project(tmp_path_factory.mktemp("shop"), MISSIONS)
    (path.parent / "orders.missions.yaml").write_text(LIBRARY)
    return path


def checked(projects: PythonProjects, path: Path, text: str):
    text = textwrap.dedent(text).lstrip("\n")
    path.write_text(text)
    return check(text, python=projects.for_file(path), path=path)


def steps(report, mission: str) -> list[str]:
    return [s["id"] for s in report.mission_result("s", mission).to_dict()["executed_steps"]]


def test_a_library_mission_that_hides_a_python_mission_warns_at_each_call(projects, shop: Path):
    report = checked(projects, shop, """
        suite: shop
        imports: [orders.missions.yaml]
        scenarios:
          - name: s
            missions: [place_order]
          - name: t
            missions: [place_order]
        """)
    assert steps(report, "place_order") == ["library"]  # the library's, not the project's Python mission
    first, second = findings(report, "shadowed_mission")
    python_line = def_line("place_order", MISSIONS)
    assert first.message == (
        f"'place_order' is the mission of orders.missions.yaml (line 2), not the project's Python mission of that name "
        f"(missions.py:{python_line})"
    )
    assert span(first) == located(report, "place_order")
    assert span(second) == located(report, "place_order", 1)
    assert [(r.path, r.range.start.line, r.message) for r in first.related] == [
        (str(shop.parent / "orders.missions.yaml"), 1, "mission 'place_order' of orders.missions.yaml"),
        (str(shop.parent / "shop" / "missions.py"), python_line - 1, "Python mission 'place_order'"),
    ]


def test_a_library_mission_that_hides_a_built_in_one_warns(projects, shop: Path):
    report = checked(projects, shop, """
        suite: shop
        imports: [orders.missions.yaml]
        scenarios:
          - name: s
            missions: [echo]
        """)
    assert steps(report, "echo") == ["library_echo"]
    assert one(report, "shadowed_mission").message == (
        "'echo' is the mission of orders.missions.yaml (line 4), not the built-in mission of that name"
    )


def test_the_files_own_mission_hides_silently(projects, shop: Path):
    report = checked(projects, shop, """
        suite: shop
        imports: [orders.missions.yaml]
        missions:
          place_order:
            steps: [{id: own, kind: human}]
        scenarios:
          - name: s
            missions: [place_order]
        """)
    assert steps(report, "place_order") == ["own"]
    assert findings(report, "shadowed_mission") == []
