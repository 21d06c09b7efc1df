"""Re-checking an edit with a cache gives exactly what a fresh check gives."""
from __future__ import annotations

import json

from helpers import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_core.checking.cache import ResultCache, ScenarioCache
from scenario_core.checking.pipeline import check

TEXTS = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.scenario.yaml"))]


def report_json(report) -> str:
    return json.dumps(report.to_dict(), sort_keys=True)


def assert_same_as_fresh(before: str, after: str) -> ScenarioCache:
    cache = ScenarioCache()
    check(before, cache=cache)
    assert report_json(check(after, cache=cache)) == report_json(check(after))
    return cache


def test_an_edit_inside_one_scenario_reparses_only_that_scenario():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    cache = assert_same_as_fresh(text, text.replace("counter: 41", "counter: 4100"))
    assert cache.reparsed == 1


def test_an_edit_inside_one_expectation_reparses_only_that_expectation():
    text = (EXAMPLES / "failing.scenario.yaml").read_text(encoding="utf-8")
    cache = assert_same_as_fresh(text, text.replace("expected: 10", "expected: 1000"))
    assert cache.reparsed == 1


def test_an_edit_that_adds_a_line_parses_the_whole_file():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    cache = assert_same_as_fresh(text, text.replace("counter: 41}", "counter: 41}\n    # note"))
    assert cache.reparsed == 0


def test_an_edit_that_adds_an_anchor_parses_the_whole_file():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    cache = assert_same_as_fresh(text, text.replace("initial_state: {counter: 41}", "initial_state: &s {counter: 41}"))
    assert cache.reparsed == 0


def test_an_edit_that_breaks_the_yaml_then_fixes_it():
    text = (EXAMPLES / "own_missions.scenario.yaml").read_text(encoding="utf-8")
    broken = text.replace("expected: 1\n", "expected: [1\n")
    cache = assert_same_as_fresh(text, broken)
    assert report_json(check(text, cache=cache)) == report_json(check(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_one_line_edit_rechecks_exactly_like_a_fresh_check(data):
    text = data.draw(st.sampled_from(TEXTS))
    lines = text.split("\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    i = data.draw(st.integers(0, len(line)))
    j = data.draw(st.integers(i, len(line)))
    insert = data.draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=6))
    lines[index] = line[:i] + insert + line[j:]
    assert_same_as_fresh(text, "\n".join(lines))


def test_checking_another_file_in_between_keeps_the_reuse():
    text = (EXAMPLES / "passing.scenario.yaml").read_text(encoding="utf-8")
    other = (EXAMPLES / "own_missions.scenario.yaml").read_text(encoding="utf-8")
    results = ResultCache()
    cache = ScenarioCache(results)
    check(text, cache=cache)
    check(other, cache=ScenarioCache(results))
    edited = check(text.replace("counter: 41", "counter: 42"), cache=cache)
    assert cache.reparsed == 1
    assert edited.cache_hits == 1
    assert report_json(edited) == report_json(check(text.replace("counter: 41", "counter: 42")))


def test_a_node_read_as_a_scenario_and_as_an_expectation_rechecks_exactly_like_a_fresh_check():
    # One mapping, through aliases, both a scenario and an expectation: each reading is remembered apart.
    text = (
        "suite: s\n"
        "x: &s {name: a, missions: [echo], id: e, scenario: a, mission: echo, path: success, op: eq, expected: true}\n"
        "scenarios: [*s]\n"
        "expectations: [*s]\n"
    )
    cache = assert_same_as_fresh(text, text)
    assert report_json(check(text, cache=cache)) == report_json(check(text))
