"""Dot paths over a stop's values, breakpoint conditions and hit counts."""
from __future__ import annotations

import pytest

from scenario_harness.dap.conditions import Condition, ConditionError, HitCondition, PathNotFound, value_at

ROOTS = {
    "state": {"stock": {"MUG": 1, "BEANS-1KG": 0}, "sales": 2, "cart": [{"sku": "MUG"}], "note": "", "open": True},
    "params": {},
}


def test_a_dot_path_walks_keys_and_list_indexes_from_a_named_value():
    assert value_at(ROOTS, "state.stock.MUG") == 1
    assert value_at(ROOTS, "state.cart.0.sku") == "MUG"
    assert value_at(ROOTS, "params") == {}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("stock.MUG", "'stock' is not a value here; the values are params, state"),
        ("state.stock.TEA", "state.stock has no 'TEA'; it has BEANS-1KG, MUG"),
        ("state.cart.3", "state.cart has no '3'; it has 0"),
        ("state.sales.x", "state.sales has no 'x'"),
    ],
)
def test_a_path_that_leads_nowhere_says_how_far_it_got_and_what_is_there(path, message):
    with pytest.raises(PathNotFound) as raised:
        value_at(ROOTS, path)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("condition", "holds"),
    [
        ("state.stock.MUG < 2", True),
        ("state.stock.MUG<2", True),
        ("state.stock.MUG < 1", False),
        ("state.stock.MUG <= 1", True),
        ("state.stock.MUG >= 1", True),
        ("state.stock.MUG > 1", False),
        ("state.stock.MUG == 1.0", True),  # numbers compare as JSON numbers
        ("state.open == 1", False),  # true is not 1
        ("state.open == true", True),
        ("state.cart.0.sku == MUG", True),  # a bare word is text
        ("state.cart.0.sku == \"MUG\"", True),
        ("state.cart.0.sku != 'MUG'", False),
        ("state.cart.0.sku > 5", False),  # text and a number do not compare
        ("state.cart == [{\"sku\": \"MUG\"}]", True),
        ("state.open", True),
        ("state.note", False),  # empty text
        ("state.stock.BEANS-1KG", False),  # zero
        ("state.stock.TEA < 2", False),  # a path that does not exist never holds
        ("nothing", False),
    ],
)
def test_a_condition_compares_json_values_as_expectations_do_and_never_fails(condition, holds):
    assert Condition.parse(condition).holds(ROOTS) is holds


@pytest.mark.parametrize("text", ["state.stock.MUG < ", "< 2", "state stock MUG"])
def test_a_condition_that_cannot_be_read_says_what_to_write(text):
    with pytest.raises(ConditionError, match="write PATH OP VALUE"):
        Condition.parse(text)


@pytest.mark.parametrize(
    ("text", "stops_on"),
    [
        ("3", [3]),
        ("== 3", [3]),
        (">= 3", [3, 4, 5, 6]),
        ("> 3", [4, 5, 6]),
        ("<= 2", [1, 2]),
        ("< 2", [1]),
        ("% 2", [2, 4, 6]),
    ],
)
def test_a_hit_count_reads_as_pydevd_reads_it_for_python_breakpoints(text, stops_on):
    hit = HitCondition.parse(text)
    assert [hits for hits in range(1, 7) if hit.matches(hits)] == stops_on


@pytest.mark.parametrize("text", ["x", "% 0", ">= two", ""])
def test_a_hit_count_that_cannot_be_read_says_what_to_write(text):
    with pytest.raises(ConditionError, match="write N"):
        HitCondition.parse(text)
