"""The secret that proves to the adapter that pydevd connecting to its listener is its own worker's.

The adapter makes one per session and gives it to the debug worker in the
environment (argv is readable by every local user); debugpy shows it to
the adapter, which closes any connection that does not.
"""
from __future__ import annotations

import secrets

__all__ = ["TOKEN_VARIABLE", "new_token"]

TOKEN_VARIABLE = "SCENARIO_DAP_TOKEN"


def new_token() -> str:
    return secrets.token_hex(16)
