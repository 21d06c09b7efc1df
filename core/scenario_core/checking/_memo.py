"""Reuse of work across checks of one edited document, keyed by object identity.

When an edit re-parses one list item (``_yamledit.reparse_edit``), every
other item keeps its node object, so what was derived from it (its
definition, its run, its verdict, and the findings produced on the way) can
be reused as long as the same object, and the same ``signature`` of anything
else it depended on, comes back. Entries keep their key objects alive, so an
``id`` is never reused while it is remembered.
"""
from __future__ import annotations

from typing import Any, Callable

from scenario_core.source.findings import Finding

__all__ = ["IdentityMemo"]

_Entry = tuple[Any, Any, Any, tuple[Finding, ...]]  # key, signature, value, findings
_NOTHING: dict[int, _Entry] = {}


class IdentityMemo:
    """Values derived from objects in one check, offered again to the next checks.

    Values of different ``kind`` (what was derived: a scenario read from a
    node, an expectation read from it, a run) are remembered apart, so one
    object may give several. A check calls :meth:`start`, then
    :meth:`derive` for each object, then
    :meth:`keep` when its tree is the one later edits are re-parsed from
    (what it derived replaces what was kept), or :meth:`discard`. So the memo
    holds what one tree derived, never more: nothing of a tree that no later
    check can share nodes with.
    """

    def __init__(self) -> None:
        self._kept: dict[str, dict[int, _Entry]] = {}  # by kind, then by the key's id
        self._latest: dict[str, dict[int, _Entry]] = {}

    def start(self) -> None:
        self._latest = {}

    def holds(self, kind: str, key: Any, signature: Any = None, reusable: Callable[[Any], bool] | None = None) -> bool:
        """True when :meth:`derive` would reuse a value of this ``kind`` for ``key`` and ``signature``."""
        entry = self._latest.get(kind, _NOTHING).get(id(key)) or self._kept.get(kind, _NOTHING).get(id(key))
        return entry is not None and entry[0] is key and entry[1] == signature and (reusable is None or reusable(entry[2]))

    def derive(
        self,
        kind: str,
        key: Any,
        findings: list[Finding],
        derive: Callable[[], Any],
        signature: Any = None,
        reusable: Callable[[Any], bool] | None = None,
    ) -> Any:
        """``derive()``, or its value of this ``kind`` from an earlier check for this very ``key`` and ``signature``.

        Findings that ``derive`` appended to ``findings`` are appended again on
        reuse. A value that ``reusable`` refuses is derived again.
        """
        latest = self._latest.get(kind)
        if latest is None:
            latest = self._latest[kind] = {}
        entry = latest.get(id(key)) or self._kept.get(kind, _NOTHING).get(id(key))
        if entry is None or entry[0] is not key or entry[1] != signature or (reusable is not None and not reusable(entry[2])):
            mark = len(findings)
            value = derive()
            entry = (key, signature, value, tuple(findings[mark:]))
        else:
            findings.extend(entry[3])
        latest[id(key)] = entry
        return entry[2]

    def keep(self) -> None:
        """Offer what the latest check derived to the next checks, instead of what was kept."""
        self._kept, self._latest = self._latest, {}

    def discard(self) -> None:
        """Forget what the latest check derived; keep what was kept."""
        self._latest = {}

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._kept.values())
