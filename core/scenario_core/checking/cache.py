"""What a long-lived caller keeps between checks, so that a re-check is cheap.

A scenario's results depend only on its name, initial state, calls and the
definitions of the missions it calls. :class:`ResultCache` keeps them by the
hash of the canonical JSON of exactly those, so a hit is always the result a
fresh run would give; it keeps the most recently used within a byte budget,
for every document a caller checks. :class:`ScenarioCache` is what one
document keeps for its next check: the latest tree an edit can be re-parsed
from (an edit re-parses one list item), what was derived from that tree's
nodes (:class:`IdentityMemo`), the results its latest check used, which
stay at hand whatever the budget, and its parsed snapshot file. The mission
libraries documents import are read once per text for every document that
shares a :class:`LibraryCache` (within a byte budget
too). So a caller that keeps one ScenarioCache per open document, and drops
it when the document closes, holds what is open plus at most the budgets.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, NamedTuple

from scenario_core.orchestration.harness import ScenarioResult
from scenario_core.python.missions import Catalog, PythonCallError
from scenario_core.source.findings import Finding
from scenario_core.source.positions import LineIndex
from scenario_core.yaml.incremental import can_reparse_from, reparse_edit
from scenario_core.yaml.parse import ItemHook, ParsedYaml, parse_yaml

from ._budget import DEFAULT_BUDGET_BYTES, BudgetedCache
from ._calls import LocalMission, WorkerBatch
from ._memo import IdentityMemo
from ._missions import check_missions
from .imports import Library, read_library_text
from .snapshots import StoredSnapshot
from .traces import CallTrace

__all__ = ["DEFAULT_BUDGET_BYTES", "CachedRun", "LibraryCache", "ResultCache", "ScenarioCache", "estimated_bytes"]


class CachedRun(NamedTuple):
    """What running a scenario gave: its result, the calls that could not run, what calls printed.

    A traced run (``check(trace=True)``, never cached) also has what each call's steps did.
    """

    result: ScenarioResult
    errors: tuple[tuple[int, Exception], ...]  # (call index, why it gave no result)
    printed: dict[int, str] = {}  # by call index: what a Python mission printed (the empty default is shared)
    traces: Mapping[int, CallTrace] = {}  # by call index, in a traced run

    @property
    def transient(self) -> bool:
        """A call timed out or its worker died (or did not run because another did): running again may give another result."""
        return any(isinstance(error, PythonCallError) and error.transient for _, error in self.errors)

    @property
    def incomplete(self) -> bool:
        """A call did not run because another call of its batch took the timeout: never reused."""
        return any(isinstance(error, PythonCallError) and error.incomplete for _, error in self.errors)

    def reusable(self, rerun_transient: bool) -> bool:
        """May a check reuse this run? Never when incomplete; not when transient and the check reruns such runs."""
        return not self.incomplete and not (rerun_transient and self.transient)


# What a result takes in memory: 2.5 bytes per byte of its canonical JSON, and
# 400 bytes per entry besides (fitted over generated suites; see
# docs/benchmarks.md, "Memory").
_BYTES_PER_ENTRY = 400


def estimated_bytes(key: str, run: CachedRun) -> int:
    """About how many bytes ``run`` and its ``key`` take in memory."""
    printed = sum(len(text) for text in run.printed.values()) if run.printed else 0
    return len(key) + 5 * len(run.result.canonical) // 2 + printed + _BYTES_PER_ENTRY


class ResultCache(BudgetedCache[str, CachedRun]):
    """Scenario results by the hash of what they depend on, least recently used out first.

    The entries' :func:`estimated_bytes` add up to at most ``budget_bytes``
    (0 keeps nothing); lowering the budget evicts at once.
    """

    def get(self, key: str) -> CachedRun | None:
        return self._use(key)

    def peek(self, key: str) -> CachedRun | None:
        """The entry of ``key`` without counting it as used."""
        return self._peek(key)

    def put(self, key: str, run: CachedRun) -> None:
        """Keep ``run``; a transient run gives way to a new run of the same key (which ran it again)."""
        known = self._use(key)
        if known is None or (known.transient and known is not run):
            self._store(key, run, estimated_bytes(key, run))

    def discard_unless_all_fit(self, runs: dict[str, CachedRun]) -> None:
        """Drop ``runs`` unless together they fit in the budget (a document's, when it closes).

        Of a document larger than the budget, the cache could hold only a
        part: reopening it would still run most of it, and that part, made
        among the closed document's objects, would keep much of their memory
        from the operating system (CPython frees memory by the megabyte,
        only once nothing in it is alive).
        """
        if sum(estimated_bytes(key, run) for key, run in runs.items()) <= self._budget_bytes:
            return
        for key in runs:
            self._drop(key)


class LibraryCache(BudgetedCache[Path, "_CachedLibrary"]):
    """Libraries as read, by path (LRU, within a byte budget): a library is parsed once per text, however many files import it.

    Each path keeps only the text it was last read with: every check reads
    the files around it through the same :class:`~scenario_core.project.files.Files`,
    so an older text (a library being edited) is never asked for again. Its
    missions, made ready to run for a project's Python operations, are kept
    with it. A library takes about :data:`BYTES_PER_CHARACTER` bytes per
    character of its text; the least recently read go first when they add up
    to more than ``budget_bytes`` (the one read last always stays: the check
    under way holds it anyway).
    """

    #: What a library read and prepared takes in memory per character of its text (24 to 26, measured with tracemalloc).
    BYTES_PER_CHARACTER = 25
    keep_at_least = 1

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES, max_entries: int = 256) -> None:
        super().__init__(budget_bytes, max_entries)
        self.parses = 0  # libraries parsed (not found here)

    def read(self, path: Path, text: str) -> Library:
        entry = self._use(path)
        if entry is not None and entry.text == text:
            return entry.library
        library = read_library_text(path, text)
        self.parses += 1
        self._store(path, _CachedLibrary(text, library), len(text) * self.BYTES_PER_CHARACTER)
        return library

    def prepared(self, library: Library, catalog: Catalog | None) -> tuple[dict[str, LocalMission], tuple[Finding, ...]]:
        """``library``'s missions ready to run, and the problems of the library on its own.

        They depend on the library and on the names of the project's Python operations
        (and whether they run, or why not), nothing else.
        """
        operations = (tuple(sorted(catalog.operations)), catalog.enabled, catalog.reason) if catalog is not None else None
        entry = self._peek(library.path)
        held = entry is not None and entry.library is library
        if held and entry is not None and entry.prepared is not None and entry.prepared[0] == operations:
            return entry.prepared[1], entry.prepared[2]
        found = list(library.findings)
        # The library's own check reports these; its Python operations' arguments are validated there too.
        missions = check_missions(library.document.missions, found, catalog, WorkerBatch(None, catalog, ""))
        if held and entry is not None:
            entry.prepared = (operations, missions, tuple(found))  # for the latest operations only: they rarely change
        return missions, tuple(found)

@dataclass
class _CachedLibrary:
    text: str  # the text it was read from (the library's own line index holds it anyway)
    library: Library
    prepared: tuple[Any, dict[str, LocalMission], tuple[Finding, ...]] | None = None  # for the Python operations it was made for


class ScenarioCache:
    """What the checks of one document keep for its next check, and the results and libraries they share.

    ``results`` and ``libraries`` may be shared by the ScenarioCaches of many
    documents (by default each has its own). A check calls :meth:`start`,
    then :meth:`get`, :meth:`put` and :meth:`keep` for each scenario, then
    :meth:`finish`. Checking another document with the same ScenarioCache is
    correct, only slower to re-check afterwards.
    """

    def __init__(self, results: ResultCache | None = None, libraries: LibraryCache | None = None) -> None:
        self.results = results if results is not None else ResultCache()
        self.libraries = libraries if libraries is not None else LibraryCache()  # mission libraries imported, by text
        self.hits = 0
        self.misses = 0
        self.reparsed = 0  # checks that re-parsed one list item instead of the file
        #: The latest text whose tree an edit can be re-parsed from, and that tree.
        self.parsed: tuple[str, ParsedYaml] | None = None
        self.items = IdentityMemo()  # list items of that tree read, run and evaluated
        #: Parsed snapshot files by path, with the text each was parsed from (a document has one).
        self.snapshot_files: dict[Path, tuple[str, StoredSnapshot]] = {}
        self._runs: dict[str, CachedRun] = {}  # the results the check of that tree used
        self._started: tuple[str, ParsedYaml] | None = None
        self._started_runs: dict[str, CachedRun] = {}

    def start(self, text: str, lines: LineIndex, on_item: ItemHook | None = None) -> ParsedYaml:
        """Begin a check of ``text``: its tree, re-parsed from the latest one when an edit allows it.

        A full parse offers its items to ``on_item`` (see :func:`~scenario_core.yaml.parse.compose`),
        which may derive from them into :attr:`items`: the check has started by then.
        """
        self.items.start()
        parsed = None
        if self.parsed is not None:
            parsed = reparse_edit(self.parsed[1], self.parsed[0], text, lines)
            if parsed is not None:
                self.reparsed += 1
        if parsed is None:
            parsed = parse_yaml(text, lines, on_item)
        self._started = (text, parsed) if can_reparse_from(parsed) else None
        self._started_runs = {}
        return parsed

    def peek(self, key: str, rerun_transient: bool = False) -> bool:
        """True when :meth:`get` would find ``key`` now (counts nothing, moves nothing)."""
        run = self._runs.get(key) or self.results.peek(key)
        return run is not None and run.reusable(rerun_transient)

    def get(self, key: str, rerun_transient: bool = False) -> CachedRun | None:
        """The run of a scenario by its key, from the latest check or the shared results.

        A run whose call timed out or whose worker died is not found when
        ``rerun_transient`` (see :attr:`CachedRun.transient`).
        """
        run = self._runs.get(key) or self.results.get(key)
        if run is not None and not run.reusable(rerun_transient):
            run = None
        if run is None:
            self.misses += 1
        else:
            self.hits += 1
        return run

    def put(self, key: str, run: CachedRun) -> None:
        """Share a new run (the shared results keep it as long as their budget allows; never an incomplete one)."""
        if not run.incomplete:
            self.results.put(key, run)

    def keep(self, key: str, run: CachedRun) -> None:
        """Note that the check under way used ``run`` (found, new or reused)."""
        self._started_runs[key] = run

    def finish(self) -> None:
        """End a check that completed: what it made replaces what was kept, if later edits can start from it."""
        if self._started is not None:
            self.parsed = self._started
            self._runs = self._started_runs
            self.items.keep()
        else:
            self.items.discard()
        self._started = None
        self._started_runs = {}

    def release(self) -> None:
        """Forget the document (it closed): what it kept, and its shared results unless they all fit the budget.

        The libraries it read stay in ``libraries`` as their budget allows: other documents may import them.
        """
        runs = self._runs
        self.parsed = None
        self.items = IdentityMemo()
        self._runs = {}
        self.snapshot_files = {}
        self.results.discard_unless_all_fit(runs)

    def clear(self) -> None:
        """Forget everything, shared results and libraries included (after a check that failed half-way)."""
        self.results.clear()
        self.libraries.clear()
        self.parsed = None
        self.items = IdentityMemo()
        self.snapshot_files = {}
        self._runs = {}
        self._started = None
        self._started_runs = {}
