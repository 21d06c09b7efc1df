"""What a long-lived caller keeps between checks is bounded, and holds no reference cycles."""
from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

from helpers import EXAMPLES

from scenario_core.checking.cache import CachedRun, ResultCache, ScenarioCache, estimated_bytes
from scenario_core.checking.cache import LibraryCache
from scenario_core.checking.pipeline import check
from scenario_core.checking.snapshots import snapshot_path, write_snapshot_file
from scenario_core.orchestration.harness import MissionCall, ScenarioDefinition, run_mission_calls, scenario_result

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


# -- mission libraries, shared by every document ------------------------------------------------

LIBRARY = "missions:\n  ship_order:\n    steps: [{id: mark, kind: runtime}]\n"


def test_a_library_path_keeps_only_the_text_it_was_last_read_with(tmp_path):
    libraries = LibraryCache()
    path = tmp_path / "shipping.missions.yaml"
    for version in range(5):  # a library being edited: each text is read by its importers' checks
        libraries.read(path, LIBRARY + f"# {version}\n")
    assert (len(libraries), libraries.bytes) == (1, len(LIBRARY + "# 4\n") * LibraryCache.BYTES_PER_CHARACTER)
    assert libraries.read(path, LIBRARY + "# 4\n") is libraries.read(path, LIBRARY + "# 4\n")
    assert libraries.parses == 5


def test_libraries_beyond_the_budget_go_least_recently_read_first():
    size = len(LIBRARY) * LibraryCache.BYTES_PER_CHARACTER
    libraries = LibraryCache(budget_bytes=2 * size)
    a, b, c = (Path(f"/p/{name}.missions.yaml") for name in "abc")
    first = libraries.read(a, LIBRARY)
    libraries.read(b, LIBRARY)
    assert libraries.read(a, LIBRARY) is first  # now the most recently read
    libraries.read(c, LIBRARY)
    assert (libraries.parses, libraries.bytes) == (3, 2 * size)
    libraries.read(b, LIBRARY)  # it went: parsed again
    assert libraries.parses == 4


def test_the_library_read_last_stays_whatever_the_budget():
    libraries = LibraryCache(budget_bytes=0)
    path = Path("/p/shipping.missions.yaml")
    library = libraries.read(path, LIBRARY)
    assert libraries.read(path, LIBRARY) is library
    assert len(libraries) == 1


def test_a_librarys_prepared_missions_are_kept_with_it_and_go_with_it():
    libraries = LibraryCache()
    path = Path("/p/shipping.missions.yaml")
    library = libraries.read(path, LIBRARY)
    missions, _ = libraries.prepared(library, None)
    assert libraries.prepared(library, None)[0] is missions
    edited = libraries.read(path, LIBRARY.replace("mark", "stamp"))
    assert libraries.prepared(edited, None)[0] is not missions
    assert libraries.prepared(library, None)[0] is not missions  # the older text is no longer kept


def test_documents_share_the_libraries_they_import(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n')
    (tmp_path / "shipping.missions.yaml").write_text(LIBRARY)
    suite = "suite: s\nimports: [shipping.missions.yaml]\nscenarios:\n  - {name: a, missions: [ship_order]}\n"
    results, libraries = ResultCache(), LibraryCache()
    for name in ("a", "b"):
        path = tmp_path / f"{name}.scenario.yaml"
        check(suite, cache=ScenarioCache(results, libraries), path=path)
    assert libraries.parses == 1


# -- what a closed document leaves ---------------------------------------------------------------

SNAPSHOTTED = "suite: shop\nsnapshot: true\nscenarios:\n  - {name: cart, missions: [daily_loop]}\n"


def test_a_closed_document_forgets_its_parsed_snapshot_file(tmp_path):
    path = tmp_path / "shop.scenario.yaml"
    write_snapshot_file(check(SNAPSHOTTED, path=path).snapshots.accepted())
    cache = ScenarioCache()
    report = check(SNAPSHOTTED, cache=cache, path=path)
    assert [f.code for f in report.findings] == []
    assert list(cache.snapshot_files) == [snapshot_path(path)]
    cache.release()
    assert cache.snapshot_files == {}
