"""flow_yaml: the text a quick fix writes reads back as the very same value, on one line."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_core.yaml.parse import parse_yaml
from scenario_core.yaml.writing import flow_yaml


def read_back(text: str):
    parsed = parse_yaml(f"expected: {text}\n")
    assert parsed.findings == []
    return parsed.root.get("expected").to_json()


@pytest.mark.parametrize(
    "value, text",
    [
        (True, "true"),
        (None, "null"),
        (42, "42"),
        (2.5, "2.5"),
        ("ping", "ping"),
        ("two words", "two words"),
        ("yes", '"yes"'),
        ("12", '"12"'),
        ("a: b", '"a: b"'),
        ("", '""'),
        ("line\nbreak", '"line\\nbreak"'),
        ({"history": ["created", "shipped"], "count": 1}, "{history: [created, shipped], count: 1}"),
        ({"n": 1}, '{"n": 1}'),
        ([], "[]"),
        ({}, "{}"),
    ],
)
def test_values_are_written_as_flow_yaml(value, text):
    assert flow_yaml(value) == text
    assert read_back(text) == value


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=12,
)


def same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_any_json_value_round_trips_through_parse_yaml_on_one_line(value):
    text = flow_yaml(value)
    assert "\n" not in text
    assert same(read_back(text), value)


@pytest.mark.parametrize("value", [math.nan, math.inf, object()])
def test_a_value_without_json_form_is_refused(value):
    with pytest.raises(ValueError):
        flow_yaml(value)
