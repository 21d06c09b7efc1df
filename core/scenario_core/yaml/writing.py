"""JSON values as YAML text, as a quick fix or an accept writes them into a file.

:func:`flow_yaml` gives text that :func:`scenario_core.yaml.parse.parse_yaml`
reads back as the very same JSON value: mappings and lists in flow style
(``{a: 1, b: [x, y]}``), text plain when it cannot be read as anything else
and double-quoted otherwise, and no line breaks. :func:`block_yaml` writes a
mapping or list in block style instead, one entry a line, for a value the
user wrote in block style.
"""
from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["block_yaml", "flow_yaml"]

# Text that stays text when written plainly inside a flow collection: a
# letter or underscore first, then nothing YAML gives a meaning to.
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*\Z")
# Plain words YAML 1.1 or 1.2 reads as null or a boolean (the core warns on the 1.1 ones).
_RESERVED = frozenset(("null", "true", "false", "yes", "no", "on", "off", "y", "n"))
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}


def flow_yaml(value: Any) -> str:
    """``value`` (None, bool, int, finite float, str, dict, list/tuple) as flow YAML.

    Raises ``ValueError`` for anything else (NaN, infinity, other types).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no JSON value")
        return repr(value)
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {flow_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow_yaml(v) for v in value) + "]"
    raise ValueError(f"{type(value).__name__} has no JSON value")


def block_yaml(value: dict[str, Any] | list[Any], column: int) -> str:
    """A non-empty mapping or list as block YAML, one entry a line, each entry's value in flow style.

    The first line is meant to start at ``column`` (in characters); the
    others are indented by ``column`` spaces so that they line up with it.
    Raises ``ValueError`` for an empty value (write it with :func:`flow_yaml`)
    and for what :func:`flow_yaml` refuses.
    """
    if not value:
        raise ValueError("an empty mapping or list has no block form")
    if isinstance(value, dict):
        entries = [f"{_key(k)}: {flow_yaml(v)}" for k, v in value.items()]
    else:
        entries = [f"- {flow_yaml(v)}" for v in value]
    return ("\n" + " " * column).join(entries)


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise ValueError(f"mapping key {key!r} is not text")
    return _text(key)


def _text(text: str) -> str:
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return '"' + "".join(_escape(ch) for ch in text) + '"'


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    # C0/C1 controls, DEL, line/paragraph separators, BOM and surrogates are
    # escaped so the text stays on one line and passes YAML's character set.
    if code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    if code in (0xFFFE, 0xFFFF):
        return f"\\u{code:04x}"
    return ch
