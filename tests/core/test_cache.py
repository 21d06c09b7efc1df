"""What a long-lived caller keeps between checks is bounded, and holds no reference cycles."""
from __future__ import annotations

import gc
from collections import Counter

from scenario_core.cache import CachedRun, ResultCache, ScenarioCache, estimated_bytes
from scenario_core.check import check
from scenario_core.harness import MissionCall, ScenarioDefinition, run_mission_calls, scenario_result

from helpers import EXAMPLES

FAILING = (EXAMPLES / "failing.scenario.yaml").read_text(encoding="utf-8")


def cyclic_garbage() -> Counter[str]:
    """The types of the unreachable objects in reference cycles, frozen ones included (then freed)."""
    gc.unfreeze()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()  # saved for inspection above, they are freed now


def test_a_check_with_calls_that_cannot_run_leaves_no_reference_cycles():
    # failing.scenario.yaml has calls that break the engine's rules: their
    # errors are kept, and an error's traceback would tie them in a cycle
    # that, frozen for the collector, would never be freed.
    cyclic_garbage()
    cache = ScenarioCache()
    check(FAILING, cache=cache)
    check(FAILING.replace("suite: ", "suite: renamed_"), cache=cache)
    del cache
    assert cyclic_garbage() == Counter()


def cached_run(name: str) -> CachedRun:
    results, errors = run_mission_calls(ScenarioDefinition(name, {"counter": 1}, [MissionCall("daily_loop")]))
    return CachedRun(scenario_result(name, results), tuple(errors))


def test_the_result_cache_keeps_the_most_recently_used_results_within_its_budget():
    runs = {name: cached_run(name) for name in ("a", "b", "c", "d")}
    size = estimated_bytes("a", runs["a"])
    results = ResultCache(budget_bytes=3 * size)
    for name in ("a", "b", "c"):
        results.put(name, runs[name])
    assert results.get("a") is runs["a"]  # now the most recently used
    results.put("d", runs["d"])
    assert (list(results._entries), results.bytes) == (["c", "a", "d"], 3 * size)


def test_lowering_the_budget_evicts_at_once():
    results = ResultCache()
    results.put("a", cached_run("a"))
    results.budget_bytes = 0
    assert (len(results), results.bytes) == (0, 0)


def test_a_document_keeps_the_results_its_latest_check_used_whatever_the_budget():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    cache = ScenarioCache(ResultCache(budget_bytes=0))
    first = check(text, cache=cache)
    # A new line: the whole file is parsed again, so nothing is reused by node identity.
    again = check(text.replace("suite: ", "\nsuite: "), cache=cache)
    assert (first.cache_hits, again.cache_hits, len(cache.results)) == (0, len(again.scenarios), 0)


def test_a_document_keeps_what_one_tree_derived_not_what_every_edit_did():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    cache = ScenarioCache()
    for lines in range(1, 4):  # each edit adds a line: a whole new tree
        check("\n" * lines + text, cache=cache)
    fresh = ScenarioCache()
    check(text, cache=fresh)
    assert len(cache.items) == len(fresh.items) > 0


def test_while_the_yaml_is_broken_the_last_tree_edits_can_start_from_is_kept():
    text = (EXAMPLES / "own_missions.scenario.yaml").read_text(encoding="utf-8")
    cache = ScenarioCache()
    check(text, cache=cache)
    check(text.replace("expected: 1\n", "expected: [1\n"), cache=cache)
    assert cache.parsed is not None and cache.parsed[0] == text
    check(text.replace("expected: 1\n", "expected: 2\n"), cache=cache)
    assert cache.reparsed == 1


def test_a_closed_document_leaves_its_results_for_reuse_when_they_all_fit_the_budget():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    results = ResultCache()
    cache = ScenarioCache(results)
    report = check(text, cache=cache)
    cache.release()
    assert (cache.parsed, len(cache.items), len(results)) == (None, 0, len(report.scenarios))
    reopened = check(text, cache=ScenarioCache(results))
    assert reopened.cache_hits == len(reopened.scenarios)


def test_a_closed_document_larger_than_the_budget_leaves_none_of_its_results():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    results = ResultCache()
    cache = ScenarioCache(results)
    report = check(text, cache=cache)
    results.budget_bytes = results.bytes - 1  # its results no longer all fit: the oldest goes
    assert len(results) == len(report.scenarios) - 1 > 0
    cache.release()
    assert len(results) == 0
