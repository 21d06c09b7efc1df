"""`scenario run` with a project's Python missions: the same findings as the editor, and --check-determinism."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from test_cli import SCENARIO, scenario
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


def test_an_installed_package_contributes_missions_through_the_entry_point_group(tmp_path: Path):
    # A distribution on the interpreter's path (here through PYTHONPATH) with an
    # entry point in scenario_harness.missions: every project can call its missions.
    site = tmp_path / "site"
    (site / "payments").mkdir(parents=True)
    (site / "payments" / "__init__.py").write_text("")
    (site / "payments" / "scenario_missions.py").write_text(
        "from scenario_harness import StepSpec, WorkflowDefinition, mission\n\n\n"
        "@mission\ndef refund_card(ctx, *, cents: int) -> WorkflowDefinition:\n"
        '    return WorkflowDefinition(id="refund_card", steps=[StepSpec("r", "runtime", {"operation": "set", "key": "refunded", "value": cents})])\n'
    )
    info = site / "payments-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: payments\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[scenario_harness.missions]\npayments = payments.scenario_missions\n")
    project = tmp_path / "project"
    project.mkdir()
    path = project / "refunds.scenario.yaml"
    path.write_text(
        "suite: refunds\nscenarios:\n  - name: a\n    missions:\n      - {name: refund_card, params: {cents: 250}}\n"
        "expectations:\n  - {id: e, scenario: a, mission: refund_card, path: final_state.refunded, op: eq, expected: 250}\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(site)}
    out = subprocess.run([*SCENARIO, "run", str(path)], capture_output=True, text=True, cwd=project, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[-1] == "1 file, 0 invalid: 1 passed, 0 failed"
    without = scenario("run", str(path), cwd=project)
    assert without.stdout.splitlines()[0] == f"{path}:5:16: error unknown_mission: unknown mission 'refund_card'; known missions: daily_loop, echo"
