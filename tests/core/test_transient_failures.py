"""A call that timed out or whose worker died is run again by "Run scenario" and a save; typing may reuse it.

What made it fail may be gone (here, a file that made the mission wait): a
deterministic result stays cached, a transient one does not stick.
"""
from __future__ import annotations

import textwrap

import pytest
from helpers import project

from scenario_core.checking.cache import ScenarioCache
from scenario_core.checking.pipeline import check
from scenario_core.python.missions import PythonProjects

WAITS = '''
import os
from pathlib import Path

from scenario_harness import StepSpec, WorkflowDefinition, mission


def done(value) -> WorkflowDefinition:
    return WorkflowDefinition(id="done", steps=[StepSpec("s", "runtime", {"operation": "set", "key": "v", "value": value})])


@mission
def waits(ctx) -> WorkflowDefinition:
    while Path(__file__).with_name("hold").exists(): pass
    return done("free")


@mission
def dies(ctx) -> WorkflowDefinition:
    if Path(__file__).with_name("hold").exists():
        os._exit(9)
    return done("alive")


@mission
def steady(ctx) -> WorkflowDefinition:
    return done("steady")
'''

TEXT = textwrap.dedent("""
    suite: s
    scenarios:
      - name: calm
        missions: [steady]
      - name: flaky
        missions: [{mission}]
    """).lstrip("\n")


@pytest.fixture
def held(tmp_path):
    path = project(tmp_path, WAITS, timeout=1)
    hold = tmp_path / "shop" / "hold"
    hold.write_text("")
    projects = PythonProjects()
    missions = projects.for_file(path)
    batches: list[list[str]] = []
    real_run = type(missions).run

    def counted(items):
        batches.append([item["context"]["scenario"] for item in items])
        return real_run(missions, items)

    missions.run = counted  # type: ignore[method-assign]
    yield path, hold, projects, batches
    projects.close()


def codes(report) -> list[str]:
    return [f.code for f in report.findings]


@pytest.mark.parametrize("mission, code", [("waits", "mission_timeout"), ("dies", "mission_crashed")])
def test_typing_reuses_a_transient_failure_and_a_save_or_a_run_runs_it_again(held, mission, code):
    path, hold, projects, batches = held
    cache = ScenarioCache()
    text = TEXT.format(mission=mission)
    assert codes(check(text, cache=cache, python=projects.for_file(path), path=path)) == [code]
    hold.unlink()  # what made it fail is gone
    typed = check(text, cache=cache, python=projects.for_file(path), path=path)
    assert codes(typed) == [code] and typed.cache_hits == 2
    saved = check(text, cache=cache, python=projects.for_file(path), path=path, rerun_transient=True)
    assert codes(saved) == []
    assert saved.mission_result("flaky", mission).final_state["v"] in ("free", "alive")
    assert batches == [["calm", "flaky"], ["flaky"]]  # the steady scenario's result was reused


def test_a_transient_failure_in_the_shared_results_is_run_again_for_another_documents_run(held):
    path, hold, projects, batches = held
    shared = ScenarioCache()
    text = TEXT.format(mission="waits")
    check(text, cache=shared, python=projects.for_file(path), path=path)
    hold.unlink()
    other = ScenarioCache(shared.results, shared.libraries)  # a file on disk, checked with a fresh cache over the shared results
    assert codes(check(text, cache=other, python=projects.for_file(path), path=path, rerun_transient=True)) == []


def test_a_scenario_run_again_goes_last_in_its_batch(held):
    path, hold, projects, batches = held
    cache = ScenarioCache()
    text = TEXT.format(mission="waits")
    check(text, cache=cache, python=projects.for_file(path), path=path)
    edited = text + "  - name: third\n    missions: [steady]\n"
    report = check(edited, cache=cache, python=projects.for_file(path), path=path, rerun_transient=True)
    assert batches[-1] == ["third", "flaky"]  # it still hangs: every other call ran before its timeout
    assert codes(report) == ["mission_timeout"]
    assert report.mission_result("third", "steady") is not None


def test_a_call_that_did_not_run_because_of_a_timeout_is_never_reused(held):
    path, hold, projects, batches = held
    cache = ScenarioCache()
    text = "suite: s\nscenarios:\n  - name: first\n    missions: [waits]\n  - name: second\n    missions: [steady]\n"
    assert codes(check(text, cache=cache, python=projects.for_file(path), path=path)) == ["mission_timeout", "not_run"]
    typed = check(text, cache=cache, python=projects.for_file(path), path=path)
    assert codes(typed) == ["mission_timeout"]  # typing reuses the timeout, and runs what it kept from running
    assert batches == [["first", "second"], ["second"]]
