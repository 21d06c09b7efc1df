"""What a long-lived caller keeps beyond its open documents: caches within a byte budget.

The shared caches (:class:`~scenario_core.checking.cache.ResultCache`,
:class:`~scenario_core.checking.libraries.LibraryCache`) keep the most recently used
entries within a budget each, counted by an estimate of each entry's bytes
(see docs/benchmarks.md, "Memory").
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["DEFAULT_BUDGET_BYTES", "BudgetedCache"]

#: The default budget of each shared cache.
DEFAULT_BUDGET_BYTES = 8 * 1024 * 1024

K = TypeVar("K")
V = TypeVar("V")


class BudgetedCache(Generic[K, V]):
    """Entries by key, each with an estimate of its bytes, least recently used out first.

    Once the estimates add up to more than ``budget_bytes`` (0 keeps
    nothing), or there are more than ``max_entries``, the oldest go, except
    the latest :attr:`keep_at_least`; lowering the budget evicts at once.
    """

    #: How many of the latest entries stay, however large.
    keep_at_least = 0

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES, max_entries: int | None = None) -> None:
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._budget_bytes = budget_bytes
        self.max_entries = max_entries
        self.bytes = 0  # the estimated bytes of the entries

    @property
    def budget_bytes(self) -> int:
        return self._budget_bytes

    @budget_bytes.setter
    def budget_bytes(self, budget_bytes: int) -> None:
        self._budget_bytes = budget_bytes
        self._evict()

    def _peek(self, key: K) -> V | None:
        """The entry of ``key``, which stays where it is in the order."""
        entry = self._entries.get(key)
        return entry[0] if entry is not None else None

    def _use(self, key: K) -> V | None:
        """The entry of ``key``, now the most recently used."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def _store(self, key: K, value: V, size: int) -> None:
        """Keep ``value`` (of about ``size`` bytes) as the most recently used, in place of any entry of ``key``."""
        self._drop(key)
        self._entries[key] = (value, size)
        self.bytes += size
        self._evict()

    def _drop(self, key: K) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= entry[1]

    def _evict(self) -> None:
        entries = self._entries
        limit = self.max_entries if self.max_entries is not None else len(entries)
        while len(entries) > self.keep_at_least and (self.bytes > self._budget_bytes or len(entries) > limit):
            _, (_, size) = entries.popitem(last=False)
            self.bytes -= size

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0

    def __contains__(self, key: K) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)
