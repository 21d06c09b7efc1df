"""Server settings: ``initializationOptions`` and ``workspace/configuration`` section ``scenario``."""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Mapping

from scenario_core.cache import DEFAULT_BUDGET_BYTES

logger = logging.getLogger(__name__)

SECTION = "scenario"
_MB = 1024 * 1024


@dataclass(frozen=True)
class ServerSettings:
    """The settings of docs/server-contract.md, with their defaults."""

    debounce_ms: int = 150
    run_on_change: bool = True
    hash_length: int = 12
    cache_budget_mb: int = DEFAULT_BUDGET_BYTES // _MB  # results kept beyond those open documents use

    @property
    def cache_budget_bytes(self) -> int:
        return self.cache_budget_mb * _MB

    def updated(self, options: Any) -> "ServerSettings":
        """These settings with the valid entries of ``options`` applied.

        ``options`` is the client's JSON: either the keys themselves or an
        object with a ``scenario`` member holding them. Entries of the wrong
        type are logged and ignored, so a typo never stops the server.
        """
        if not isinstance(options, Mapping):
            return self
        if isinstance(options.get(SECTION), Mapping):
            options = options[SECTION]
        changes: dict[str, Any] = {}
        for key, field_name, valid in _KEYS:
            if key not in options:
                continue
            value = options[key]
            if valid(value):
                changes[field_name] = value
            else:
                logger.warning("ignoring setting %s=%r: wrong type or out of range", key, value)
        return replace(self, **changes)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_hash_length(value: Any) -> bool:
    return _is_count(value) and 1 <= value <= 64


_KEYS = (
    ("debounceMs", "debounce_ms", _is_count),
    ("runOnChange", "run_on_change", lambda v: isinstance(v, bool)),
    ("hashLength", "hash_length", _is_hash_length),
    ("cacheBudgetMb", "cache_budget_mb", _is_count),
)
