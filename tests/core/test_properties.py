"""Property tests: no document makes check() raise, and hashes never vary."""
from __future__ import annotations

from helpers import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_core.checking.pipeline import check
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.source.findings import CODES

SEEDS = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.scenario.yaml"))]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["yes", "no", ".nan", "2024-01-01", "!!binary x", "*a", "&a", "<<", "daily_loop", "echo", "eq"]),
)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=12)


def to_flow(value) -> str:
    """A YAML flow rendering that may or may not be valid YAML (both are fine)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {to_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_flow(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


documents = st.builds(
    lambda suite, state, calls, path, op, expected: (
        f"suite: {suite}\nscenarios:\n  - name: a\n    initial_state: {to_flow(state)}\n"
        f"    missions: {to_flow(calls)}\nexpectations:\n  - id: e\n    scenario: a\n"
        f"    mission: {calls[0] if calls else 'echo'}\n    path: {path}\n    op: {op}\n    expected: {to_flow(expected)}\n"
    ),
    st.text(max_size=6),
    st.dictionaries(st.text(max_size=4), json_values, max_size=3),
    st.lists(st.sampled_from(["daily_loop", "echo", "nope", "{name: echo, params: {payload_key: x}}"]), max_size=3),
    st.text(max_size=12),
    st.sampled_from(["eq", "ne", "gt", "lt", "exists", "bad"]),
    json_values,
)


def mutate(text: str, data) -> str:
    """Delete, duplicate or replace a slice of a real example."""
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, min(len(text), i + 40)))
    choice = data.draw(st.sampled_from(["delete", "duplicate", "insert"]))
    if choice == "delete":
        return text[:i] + text[j:]
    if choice == "duplicate":
        return text[:j] + text[i:j] + text[j:]
    return text[:i] + data.draw(st.text(max_size=10)) + text[i:]


def assert_sound(text: str) -> None:
    first = check(text)
    second = check(text)
    assert all(f.code in CODES for f in first.findings)
    assert first.test_run_hash == second.test_run_hash
    assert [s.scenario_hash for s in first.scenarios] == [s.scenario_hash for s in second.scenarios]
    for outcome in first.scenarios:  # hashes are built from parts; they must equal encoding the whole
        for result in outcome.result.mission_results.values():
            assert result.canonical == canonical_json(result.to_dict())
    lines = first.lines.line_count
    assert all(0 <= f.range.start.line <= lines and f.range.start <= f.range.end for f in first.findings)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_documents_never_raise_and_hash_stably(text):
    assert_sound(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_examples_never_raise_and_hash_stably(data):
    seed = data.draw(st.sampled_from(SEEDS))
    assert_sound(mutate(seed, data))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    assert_sound(text)
