"""The default byte budget of what a long-lived caller keeps beyond its open documents.

The shared caches (:class:`~scenario_core.cache.ResultCache`,
:class:`~scenario_core.libraries.LibraryCache`) keep the most recently used
entries within a budget each, counted by an estimate of each entry's bytes
(see docs/benchmarks.md, "Memory").
"""
from __future__ import annotations

__all__ = ["DEFAULT_BUDGET_BYTES"]

#: The default budget of each shared cache.
DEFAULT_BUDGET_BYTES = 8 * 1024 * 1024
