"""The same file gives byte-identical hashes: across runs, processes and hash seeds."""
from __future__ import annotations

import json
import subprocess
import sys

from helpers import EXAMPLES

from scenario_core.checking.cache import ScenarioCache
from scenario_core.checking.pipeline import check
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.python.missions import PythonProjects

# Golden hashes of examples/passing.scenario.yaml. They change only when the
# engine's semantics or the result format change, and then on purpose.
GOLDEN = {
    "test_run_hash": "fb77b14721c86603ccaa9afb74b0971a4dbb14fa2ef9c711101ae5dd5db9956d",
    "suite_hash": "709f96db81a6f3f6b08fa8b0c5be65b32dc769661e59188d4c777c73563672d8",
    "scenario_hashes": {
        "baseline": "9123aa3b25fdd5d98f77d6c82694b3efb92f6bd3ec28c2915cc0501752c7f87c",
        "busy_day": "ebe2101fa3e5bc1c47e65edd1c49b1e20a6fbefc37b930cfc1342af95f4cfe47",
    },
}

# Golden hashes of examples/checkout/passing.scenario.yaml, whose missions are
# the checkout project's own Python code, run in a mission worker. They change
# only when that code, the engine or the result format change, and then on purpose.
CHECKOUT_GOLDEN = {
    "test_run_hash": "620fdc04e99b34894b5b496c0ad9254265aec69b95e12a4b435d241d044446c0",
    "suite_hash": "95048ce45fe2afbba0885a3df0673a79a56ac836bba2a98a14d70963850f26c0",
    "scenario_hashes": {
        "welcome_discount": "c0a5e7941338bad90736481f3f4972712d7fafa6133831c3c8adaacc2528a9fb",
        "below_the_minimum": "0f43d026eceddcc0c2ec678aa031c62fa59d0a0119cf37e75c488fd5bf423218",
        "too_few_grinders": "3b27c8f575a234c1dc699821fe17bc93a60b5e03451ef23fae28bce7ea12e60a",
        "return_one_bag": "71225f611a85521c1061085d9e72aee4ff4bf2fad660c3eab04daaab1de1bcca",
        "return_everything": "b5ef58904c372a300093552f6f7fa0b01f235a62d844d5fbca7e99a088b836df",
    },
}
CHECKOUT = EXAMPLES / "checkout" / "passing.scenario.yaml"

_PRINT_HASHES = """
import json, sys
from scenario_core.checking.pipeline import check
report = check(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps({"test_run": report.test_run_hash, "suite": report.suite_hash,
                  "scenarios": {s.name: s.scenario_hash for s in report.scenarios}}, sort_keys=True))
"""


# The same, with the file's project's Python missions run by a worker whose hash seed is argv[2].
_PRINT_PYTHON_HASHES = """
import json, sys
from pathlib import Path
from scenario_core.checking.pipeline import check
from scenario_core.python.missions import PythonProjects
path = Path(sys.argv[1])
projects = PythonProjects(hash_seed=int(sys.argv[2]))
report = check(path.read_text(encoding="utf-8"), python=projects.for_file(path), path=path)
projects.close()
print(json.dumps({"test_run": report.test_run_hash, "suite": report.suite_hash,
                  "scenarios": {s.name: s.scenario_hash for s in report.scenarios}}, sort_keys=True))
"""


def hashes_in_subprocess(path, seed: str, script: str = _PRINT_HASHES, *args: str) -> dict:
    env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", script, str(path), *args], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def test_passing_example_has_its_golden_hashes():
    report = check((EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8"))
    assert report.test_run_hash == GOLDEN["test_run_hash"]
    assert report.suite_hash == GOLDEN["suite_hash"]
    assert {s.name: s.scenario_hash for s in report.scenarios} == GOLDEN["scenario_hashes"]


def test_hashes_are_identical_across_processes_and_hash_seeds():
    path = EXAMPLES / "passing.scenario.yaml"
    runs = [hashes_in_subprocess(path, seed) for seed in ("0", "1", "4242", "random")]
    assert all(r == runs[0] for r in runs)
    assert runs[0] == {
        "test_run": GOLDEN["test_run_hash"],
        "suite": GOLDEN["suite_hash"],
        "scenarios": GOLDEN["scenario_hashes"],
    }


def test_the_checkout_example_has_its_golden_hashes_from_the_projects_python_missions():
    projects = PythonProjects()
    try:
        report = check(CHECKOUT.read_text(encoding="utf-8"), python=projects.for_file(CHECKOUT), path=CHECKOUT)
    finally:
        projects.close()
    assert report.verdict == "passed", [(f.code, f.message) for f in report.findings]
    assert report.test_run_hash == CHECKOUT_GOLDEN["test_run_hash"]
    assert report.suite_hash == CHECKOUT_GOLDEN["suite_hash"]
    assert {s.name: s.scenario_hash for s in report.scenarios} == CHECKOUT_GOLDEN["scenario_hashes"]


def test_python_mission_hashes_are_identical_across_processes_and_hash_seeds():
    # The seed is both this process's and the mission worker's PYTHONHASHSEED.
    runs = [hashes_in_subprocess(CHECKOUT, seed, _PRINT_PYTHON_HASHES, seed) for seed in ("0", "1", "4242")]
    assert runs == [
        {"test_run": CHECKOUT_GOLDEN["test_run_hash"], "suite": CHECKOUT_GOLDEN["suite_hash"], "scenarios": CHECKOUT_GOLDEN["scenario_hashes"]}
    ] * 3


def test_a_cached_check_gives_the_same_report_hashes_as_a_fresh_one():
    text = (EXAMPLES / "own_missions.scenario.yaml").read_text(encoding="utf-8")
    cache = ScenarioCache()
    first = check(text, cache=cache)
    again = check(text, cache=cache)
    fresh = check(text)
    assert again.cache_hits == len(fresh.scenarios)
    assert first.test_run_hash == again.test_run_hash == fresh.test_run_hash
    assert [s.scenario_hash for s in again.scenarios] == [s.scenario_hash for s in fresh.scenarios]


def test_an_edit_reruns_only_the_scenario_it_touches():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    cache = ScenarioCache()
    check(text, cache=cache)
    edited = check(text.replace("counter: 41", "counter: 40"), cache=cache)
    assert edited.cache_hits == 1  # baseline reused; busy_day ran again
    assert edited.mission_result("busy_day", "daily_loop").final_state["counter"] == 41


def test_editing_a_mission_definition_reruns_the_scenarios_that_call_it():
    text = (EXAMPLES / "own_missions.scenario.yaml").read_text(encoding="utf-8")
    cache = ScenarioCache()
    check(text, cache=cache)
    edited = check(text.replace("value: shipped", "value: sent"), cache=cache)
    assert edited.cache_hits == 1  # out_of_stock does not call ship_order
    assert edited.mission_result("first_order", "ship_order").final_state["history"] == ("created", "sent")


def test_report_json_is_identical_across_runs():
    text = (EXAMPLES / "failing.scenario.yaml").read_text(encoding="utf-8")
    assert json.dumps(check(text).to_dict(), sort_keys=True) == json.dumps(check(text).to_dict(), sort_keys=True)


def test_frozen_dict_is_a_dict_that_cannot_change():
    frozen = FrozenDict({"a": 1})
    assert isinstance(frozen, dict) and json.dumps(frozen) == '{"a": 1}'
    for mutate in (lambda: frozen.__setitem__("a", 2), frozen.clear, lambda: frozen.update(b=1), lambda: frozen.pop("a")):
        try:
            mutate()
        except TypeError:
            continue
        raise AssertionError("mutation did not raise")
    assert frozen == {"a": 1}


def test_check_pauses_the_collector_and_gives_it_back():
    import gc

    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    assert gc.isenabled()
    check(text)
    check(text, cache=ScenarioCache())
    assert gc.isenabled()
    gc.disable()
    try:
        check(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_canonical_texts_built_from_parts_equal_encoding_the_whole():
    from scenario_core.orchestration.hashing import canonical_json

    report = check((EXAMPLES / "own_missions.scenario.yaml").read_text(encoding="utf-8"))
    run = report.test_run
    for outcome in report.scenarios:
        assert outcome.result.canonical == canonical_json(outcome.result.to_dict())
    assert run.suite_result.scenario_results_canonical == canonical_json(
        {name: res.to_dict() for name, res in run.suite_result.scenario_results.items()}
    )
    assert run.expectations_result.verdicts_canonical == canonical_json(
        {eid: {k: v for k, v in r.to_dict().items() if k != "id"} for eid, r in run.expectations_result.expectation_results.items()}
    )
