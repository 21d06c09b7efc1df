"""Server settings: ``initializationOptions`` and ``workspace/configuration`` section ``scenario``."""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Mapping, get_args

from scenario_core.checking.cache import DEFAULT_BUDGET_BYTES

from .contract import WORKSPACE_TRUST_SETTING, WorkspaceTrust

logger = logging.getLogger(__name__)

SECTION = "scenario"
_MB = 1024 * 1024


@dataclass(frozen=True)
class ServerSettings:
    """The settings of docs/server-contract.md, with their defaults."""

    debounce_ms: int = 150
    run_on_change: bool = True
    hash_length: int = 12
    #: The command of the interpreter that runs the project's Python missions; empty: the server's own.
    python: tuple[str, ...] = ()
    python_missions: bool = True
    #: Run every project's Python missions without asking: the user trusts every project, on purpose.
    trust_all_projects: bool = False
    #: Whose trust decides (see contract.WorkspaceTrust): the server's question, or the client's workspace trust.
    workspace_trust: WorkspaceTrust = "ask"
    #: Inlay hints with the actual value after a failed expectation's ``expected`` and after each ``path``.
    inlay_hints: bool = True
    #: The budget of each shared cache (results, mission libraries) beyond what open documents use.
    cache_budget_mb: int = DEFAULT_BUDGET_BYTES // _MB
    #: A "Debug scenario" lens beside "Run scenario": for a client that starts scenario-dap with its command.
    debug_lens: bool = False

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
                changes[field_name] = _command(value) if field_name == "python" else value
            else:
                logger.warning("ignoring setting %s=%r: wrong type or out of range", key, value)
        return replace(self, **changes)


def _command(value: str | list[str]) -> tuple[str, ...]:
    """A command given as one string ("/usr/bin/python3") is a command of one word; "" is the server's own."""
    if isinstance(value, list):
        return tuple(value)
    return (value,) if value else ()


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_hash_length(value: Any) -> bool:
    return _is_count(value) and 1 <= value <= 64


def _is_command(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) and v for v in value))


_KEYS = (
    ("debounceMs", "debounce_ms", _is_count),
    ("runOnChange", "run_on_change", lambda v: isinstance(v, bool)),
    ("hashLength", "hash_length", _is_hash_length),
    ("python", "python", _is_command),
    ("pythonMissions", "python_missions", lambda v: isinstance(v, bool)),
    ("trustAllProjects", "trust_all_projects", lambda v: isinstance(v, bool)),
    (WORKSPACE_TRUST_SETTING, "workspace_trust", lambda v: v in get_args(WorkspaceTrust)),
    ("inlayHints", "inlay_hints", lambda v: isinstance(v, bool)),
    ("cacheBudgetMb", "cache_budget_mb", _is_count),
    ("debugLens", "debug_lens", lambda v: isinstance(v, bool)),
)
