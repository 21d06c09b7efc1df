"""`scenario run` with a project's Python missions: the same findings as the editor, and --check-determinism."""
from __future__ import annotations

import json
from pathlib import Path

from test_cli import scenario
from helpers import def_line, project

SET_ORDER = '''
from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def tags(ctx) -> WorkflowDefinition:
    names = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}
    return WorkflowDefinition(id="tags", steps=[StepSpec("t", "runtime", {"operation": "set", "key": "tags", "value": list(names)})])


@mission
def sorted_tags(ctx) -> WorkflowDefinition:
    names = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}
    return WorkflowDefinition(id="tags", steps=[StepSpec("t", "runtime", {"operation": "set", "key": "tags", "value": sorted(names)})])


@mission
def boom(ctx) -> WorkflowDefinition:
    raise ValueError("no such customer")
'''

SUITE = """\
suite: tags
scenarios:
  - name: unordered
    missions: [tags]
  - name: ordered
    missions: [sorted_tags]
"""


def test_a_python_mission_that_raises_is_reported_like_in_the_editor_and_exits_two(tmp_path: Path):
    path = project(tmp_path, SET_ORDER)
    path.write_text("suite: s\nscenarios:\n  - name: a\n    missions: [boom]\n")
    out = scenario("run", str(path), cwd=tmp_path)
    assert out.returncode == 2
    assert out.stdout.splitlines()[0] == (
        f"{path}:4:16: error mission_error: mission 'boom' raised ValueError: no such customer at missions.py:{def_line('boom', SET_ORDER) + 1}"
    )
    result = json.loads(scenario("run", "--format", "json", str(path), cwd=tmp_path).stdout)
    [finding] = result["files"][0]["findings"]
    assert finding["code"] == "mission_error"
    assert finding["related"][0]["path"] == str(tmp_path / "shop" / "missions.py")


def test_check_determinism_catches_what_depends_on_the_hash_seed(tmp_path: Path):
    path = project(tmp_path, SET_ORDER)
    path.write_text(SUITE)
    plain = scenario("run", str(path), cwd=tmp_path)
    assert plain.returncode == 0  # one worker, one seed: the guard cannot see set order
    checked = scenario("run", "--check-determinism", str(path), cwd=tmp_path)
    assert checked.returncode == 2
    [line] = [l for l in checked.stdout.splitlines() if "nondeterministic" in l]
    assert line.startswith(
        f"{path}:3:11: error nondeterministic: scenario 'unordered' gave different results in two runs "
        "(PYTHONHASHSEED=1 and 2): tags.final_state.tags."
    )
    assert "'ordered'" not in checked.stdout
