"""What a long-lived caller keeps between checks, so that a re-check is cheap.

A scenario's results depend only on its name, initial state, calls and the
definitions of the missions it calls. :class:`ScenarioCache` keeps them by the
canonical JSON of exactly those, so a hit is always the result a fresh run
would give; it also keeps the trees of recent texts (an edit re-parses one list
item), the items derived from unchanged nodes (:class:`IdentityMemo`) and the
mission libraries read (:class:`~scenario_core.libraries.LibraryCache`).
"""
from __future__ import annotations

from collections import OrderedDict, deque
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ._memo import IdentityMemo
from ._yamledit import reparse_edit
from .harness import ScenarioResult
from .libraries import LibraryCache
from .source import LineIndex
from .yamlsource import ParsedYaml, parse_yaml

if TYPE_CHECKING:  # the snapshot stage of a check fills it
    from .snapshots import StoredSnapshot

__all__ = ["CachedRun", "ScenarioCache"]


class CachedRun(NamedTuple):
    """What running a scenario gave: its result, the calls that could not run, what calls printed."""

    result: ScenarioResult
    errors: list[tuple[int, Exception]]  # (call index, why it gave no result)
    printed: dict[int, str] = {}  # by call index: what a Python mission printed


class ScenarioCache:
    """Scenario results by the canonical JSON of what they depend on (LRU)."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, CachedRun] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self.reparsed = 0  # checks that re-parsed one list item instead of the file
        # Recent texts and their trees, for re-parsing just what an edit touched.
        self._snapshots: deque[tuple[str, ParsedYaml]] = deque(maxlen=4)
        self.items = IdentityMemo()  # list items read, run and evaluated
        # Parsed snapshot files by path, with the text each was parsed from.
        self.snapshot_files: dict[Path, tuple[str, StoredSnapshot]] = {}
        self.libraries = LibraryCache()  # mission libraries imported, by text

    def parse(self, text: str, lines: LineIndex) -> ParsedYaml:
        """The tree of ``text``: re-parsed from a recent text when an edit allows it."""
        for old_text, old in reversed(self._snapshots):
            parsed = reparse_edit(old, old_text, text, lines)
            if parsed is not None:
                self.reparsed += 1
                break
        else:
            parsed = parse_yaml(text, lines)
        self._snapshots.append((text, parsed))
        return parsed

    def clear(self) -> None:
        """Forget everything (after a check that failed half-way)."""
        self._entries.clear()
        self._snapshots.clear()
        self.items = IdentityMemo()
        self.snapshot_files.clear()
        self.libraries = LibraryCache()

    def peek(self, key: str) -> bool:
        """True when :meth:`get` would find ``key`` now (counts nothing, moves nothing)."""
        return key in self._entries

    def get(self, key: str) -> CachedRun | None:
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: CachedRun) -> None:
        self._entries[key] = entry
        if len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
