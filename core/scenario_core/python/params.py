"""A Python mission's param (or a Python operation's argument) that does not fit its signature, in our words.

The mission worker validates params with pydantic and sends its errors;
:func:`invalid_value` says what is wrong with one value the way every
finding says it, ``qty: expected an integer, got "two"``, for the worker
(a step's error) and for the check (a finding at the value) alike.
"""
from __future__ import annotations

from typing import Any, Mapping

from scenario_core.source.findings import show_value

__all__ = ["invalid_value"]

_EXPECTED = {
    "int_type": "an integer", "int_parsing": "an integer", "int_from_float": "an integer",
    "float_type": "a number", "float_parsing": "a number", "finite_number": "a finite number",
    "string_type": "text", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "tuple_type": "a list", "set_type": "a list", "frozen_set_type": "a list",
    "dict_type": "a mapping", "model_type": "a mapping", "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping", "none_required": "null",
}


def invalid_value(error: Mapping[str, Any], noun: str = "param") -> str:
    """A pydantic error about a value as a message says it: ``qty: expected an integer, got "two"``."""
    expected = _EXPECTED.get(error["type"])
    message = str(error["msg"])
    if expected is not None:
        reason = f"expected {expected}, got {show_value(error.get('input'))}"
    elif message.startswith("Input should be "):
        reason = f"expected {message[len('Input should be '):]}, got {show_value(error.get('input'))}"
    else:
        reason = message[:1].lower() + message[1:]
    return f"{'.'.join(str(part) for part in error['loc']) or noun}: {reason}"
