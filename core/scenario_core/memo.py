"""Reuse of work across checks of one edited document, keyed by object identity.

When an edit re-parses one list item (``yamlsource.reparse_edit``), every
other item keeps its node object, so what was derived from it — its
definition, its run, its verdict, and the findings produced on the way — can
be reused as long as the same object (and the same ``signature`` of anything
else it depended on) comes back.
"""
from __future__ import annotations

from typing import Any, Callable

from .findings import Finding


class IdentityMemo:
    """Values derived from objects, reused while the same object comes back.

    Call :meth:`start` before each check: entries not asked for during a
    check are dropped after the next one, so the memo never outgrows a document.
    """

    def __init__(self) -> None:
        self._previous: dict[int, tuple[Any, Any, Any, list[Finding]]] = {}
        self._current: dict[int, tuple[Any, Any, Any, list[Finding]]] = {}

    def start(self) -> None:
        self._previous, self._current = self._current, {}

    def derive(self, key: Any, findings: list[Finding], derive: Callable[[], Any], signature: Any = None) -> Any:
        """``derive()``, or its value from last time for this very ``key`` and ``signature``.

        Findings that ``derive`` appended to ``findings`` are appended again on reuse.
        """
        entry = self._previous.get(id(key))
        if entry is None or entry[0] is not key or entry[1] != signature:
            mark = len(findings)
            value = derive()
            entry = (key, signature, value, findings[mark:])
        else:
            findings.extend(entry[3])
        self._current[id(key)] = entry
        return entry[2]
