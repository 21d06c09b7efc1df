"""Reuse of work across checks of one edited document, keyed by object identity.

When an edit re-parses one list item (``yamlsource.reparse_edit``), every
other item keeps its node object, so what was derived from it (its
definition, its run, its verdict, and the findings produced on the way) can
be reused as long as the same object, and the same ``signature`` of anything
else it depended on, comes back. Entries keep their key objects alive, so an
``id`` is never reused while it is remembered.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Callable

from .findings import Finding

__all__ = ["IdentityMemo"]


class IdentityMemo:
    """Values derived from objects, reused while the same object comes back.

    Call :meth:`start` before each check. Entries live for the next
    :data:`GENERATIONS` checks, so checking other documents in between (a
    workspace scan, say) does not forget the one being edited.
    """

    GENERATIONS = 4

    def __init__(self) -> None:
        self._generations: deque[dict[int, tuple[Any, Any, Any, list[Finding]]]] = deque(
            [{}], maxlen=self.GENERATIONS
        )

    def start(self) -> None:
        self._generations.append({})

    def holds(self, key: Any, signature: Any = None) -> bool:
        """True when :meth:`derive` would reuse a value for ``key`` and ``signature``."""
        for generation in reversed(self._generations):
            entry = generation.get(id(key))
            if entry is not None:
                return entry[0] is key and entry[1] == signature
        return False

    def derive(self, key: Any, findings: list[Finding], derive: Callable[[], Any], signature: Any = None) -> Any:
        """``derive()``, or its value from an earlier check for this very ``key`` and ``signature``.

        Findings that ``derive`` appended to ``findings`` are appended again on reuse.
        """
        entry = None
        for generation in reversed(self._generations):
            entry = generation.get(id(key))
            if entry is not None:
                break
        if entry is None or entry[0] is not key or entry[1] != signature:
            mark = len(findings)
            value = derive()
            entry = (key, signature, value, findings[mark:])
        else:
            findings.extend(entry[3])
        self._generations[-1][id(key)] = entry
        return entry[2]
