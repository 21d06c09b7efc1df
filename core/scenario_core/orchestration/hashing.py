"""The one canonical JSON form and hash of a result.

Canonical JSON: keys sorted, separators ``,`` and ``:``, no whitespace,
non-ASCII written as ``\\u`` escapes (exactly the seed's
``json.dumps(obj, sort_keys=True, separators=(",", ":"))``, so a hash of ours
equals the seed's for the same value), no NaN or infinity. The hash is the SHA-256 hex
digest of those UTF-8 bytes. Every hash the product shows is made here
(:func:`stable_hash`, or :func:`hash_text` of text built by
:func:`canonical_json` and :func:`canonical_object`), so the editor, the CLI
and CI agree byte for byte.
"""
from __future__ import annotations

import hashlib
import json
import math
from typing import Any, Iterable

__all__ = [
    "MAX_INT_DIGITS",
    "canonical_json",
    "canonical_object",
    "canonical_object_parts",
    "hash_parts",
    "hash_text",
    "number_fits",
    "stable_hash",
]

#: The most digits an integer may have. Python writes no longer one as text by
#: default (``sys.get_int_max_str_digits``), so canonical JSON cannot hold it.
MAX_INT_DIGITS = 4300
_INT_LIMIT: int = 10**MAX_INT_DIGITS  # the smallest integer with one digit too many

_encoder = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
)


def number_fits(value: int | float) -> bool:
    """True when canonical JSON can hold the number: a finite float, an int of at most MAX_INT_DIGITS digits."""
    if isinstance(value, float):
        return math.isfinite(value)
    return -_INT_LIMIT < value < _INT_LIMIT


def canonical_json(value: Any) -> str:
    """The canonical JSON text of a JSON-serialisable value."""
    return _encoder.encode(value)


def stable_hash(value: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``value``."""
    return hash_text(canonical_json(value))


def canonical_object(members: dict[str, str]) -> str:
    """Canonical JSON of an object whose member values are already canonical.

    ``canonical_object({k: canonical_json(v)})`` equals
    ``canonical_json({k: v})`` byte for byte; results use it to hash a suite
    without serialising every scenario again.
    """
    encode = _encoder.encode
    return "{" + ",".join(f"{encode(k)}:{members[k]}" for k in sorted(members)) + "}"


def canonical_object_parts(members: dict[str, str]) -> tuple[str, ...]:
    """:func:`canonical_object` as texts to concatenate, the member values among them unchanged.

    For an object of large members: its text need never be built whole
    (:func:`hash_parts`), and the parts share the members' strings.
    """
    encode = _encoder.encode
    parts = ["{"]
    for k in sorted(members):
        parts += (f"{encode(k)}:" if len(parts) == 1 else f",{encode(k)}:", members[k])
    parts.append("}")
    return tuple(parts)


def hash_text(canonical: str) -> str:
    """SHA-256 (hex) of text that is already canonical JSON."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_parts(parts: Iterable[str]) -> str:
    """:func:`hash_text` of the concatenation of ``parts``, which is never built."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()
