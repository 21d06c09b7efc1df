"""YAML scalars to JSON values: the YAML 1.2 core schema, and what has no JSON value.

The README's "Values" table is this module: plain scalars resolve as the
YAML 1.2 core schema says (``yes``/``no``/``on``/``off`` stay text, with an
``ambiguous_bool`` warning), tagged scalars as their tag says, and whatever
JSON cannot hold is a finding instead of a value: ``.nan`` and ``.inf``,
numbers too large for a double (``1e400``), integers too long to write
(more than :data:`MAX_INT_DIGITS` digits), ``!!binary`` and unknown tags.
Nothing here knows the parser; :mod:`.parse` hands scalars over.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from scenario_core.orchestration.hashing import MAX_INT_DIGITS, number_fits
from scenario_core.source.findings import Finding
from scenario_core.source.positions import SourceRange

__all__ = ["MAYBE_TYPED", "YAML_TAG", "resolve_plain", "resolve_tagged", "show_tag"]

YAML_TAG = "tag:yaml.org,2002:"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_YAML11_BOOLS = frozenset(
    w for base in ("yes", "no", "on", "off", "y", "n") for w in (base, base.capitalize(), base.upper())
)
_SPECIAL_FLOATS = frozenset(
    w for base in (".inf", "+.inf", "-.inf", ".nan") for w in (base, base.replace("inf", "Inf").replace("nan", "NaN"), base.upper())
)
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
#: Plain scalars starting with one of these may be something other than text.
MAYBE_TYPED = frozenset("0123456789+-.~nNtTfFyYoO")

#: Where a scalar is, asked only when there is something to report.
Where = Callable[[], SourceRange]


def resolve_plain(text: str, is_key: bool, findings: list[Finding], where: Where) -> Any:
    """The JSON value of a plain (unquoted, untagged) scalar; problems go to ``findings``."""
    if not text:
        return None
    if text[0] not in MAYBE_TYPED:
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return _decimal(text, findings, where)
    if _OCT.match(text):
        return _bounded(int(text[2:], 8), text, findings, where)
    if _HEX.match(text):
        return _bounded(int(text[2:], 16), text, findings, where)
    if _FLOAT.match(text):
        return _finite(text, findings, where)
    if text in _SPECIAL_FLOATS:
        findings.append(
            Finding("yaml_value", f"{text} has no JSON equivalent; scenario values must be finite numbers", where())
        )
        return None
    if text in _YAML11_BOOLS and not is_key:
        findings.append(
            Finding(
                "ambiguous_bool",
                f"'{text}' is the text \"{text}\" here, not a boolean; write true or false, or quote it",
                where(),
                data={"text": text},
            )
        )
    return text


def resolve_tagged(text: str, tag: str, findings: list[Finding], where: Where) -> Any:
    """The JSON value of a scalar with an explicit tag (``!!str``, ``!!int``, ...)."""
    short = tag[len(YAML_TAG):] if tag.startswith(YAML_TAG) else None
    if short in ("str", "timestamp"):
        return text
    if short == "null":
        return None
    if short == "bool":
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    elif short == "int":
        cleaned = text.replace("_", "")
        if _INT.match(cleaned):
            return _decimal(cleaned, findings, where)
        for pattern, base in ((_OCT, 8), (_HEX, 16)):
            if pattern.match(cleaned):
                return _bounded(int(cleaned[2:], base), text, findings, where)
    elif short == "float":
        if _FLOAT.match(text) or _INT.match(text):
            return _finite(text, findings, where)
    elif short == "binary":
        findings.append(Finding("yaml_value", "!!binary data has no JSON equivalent; use a plain base64 string", where()))
        return None
    else:
        findings.append(Finding("yaml_value", f"unsupported tag {show_tag(tag)}", where(), data={"tag": tag}))
        return None
    findings.append(Finding("yaml_value", f"'{text}' is not a valid {show_tag(tag)} value", where(), data={"tag": tag}))
    return None


def show_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG):] if tag.startswith(YAML_TAG) else tag


def _decimal(text: str, findings: list[Finding], where: Where) -> int | None:
    if len(text.lstrip("+-")) > MAX_INT_DIGITS:
        _too_long(text, findings, where)
        return None
    return int(text)


def _bounded(value: int, text: str, findings: list[Finding], where: Where) -> int | None:
    if not number_fits(value):
        _too_long(text, findings, where)
        return None
    return value


def _too_long(text: str, findings: list[Finding], where: Where) -> None:
    findings.append(
        Finding("yaml_value", f"a number of more than {MAX_INT_DIGITS:,} digits has no JSON value here; write it as text", where())
    )


def _finite(text: str, findings: list[Finding], where: Where) -> float | None:
    value = float(text)
    if not number_fits(value):
        findings.append(
            Finding(
                "yaml_value",
                f"{_abbreviated(text)} is too large for a number (at most about 1.8e308); "
                "scenario values must be finite numbers",
                where(),
            )
        )
        return None
    return value


def _abbreviated(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
