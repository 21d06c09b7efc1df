"""Checking documents off the event loop, one at a time, newest version wins.

Every check runs :func:`scenario_core.checking.pipeline.check` on a pool of
threads, one check at a time (:class:`~scenario_lsp.documents.turns.CoreTurns`),
so the caches are never used by two threads at once; the event loop only
schedules checks and reads their reports. A check that waits on a project's
mission worker lets the others run meanwhile, and open documents go before
files on disk. Each open document has a
:class:`ScenarioCache` (what a re-check after an edit reuses), over one
:class:`ResultCache` and one :class:`LibraryCache` for the whole server
(results and mission libraries, each within a byte budget). Closing a
document drops everything kept for it, so what the server holds is bounded
by what is open plus the budgets.

The projects' Python missions (:class:`PythonProjects`) are used from those
threads too: their worker processes run user code, and nothing that code
does reaches this process beyond the findings it causes; while it runs, or
hangs until its timeout, every request that does not need its result is
answered from the checks at hand (:meth:`DocumentChecks.known`).
"""
from __future__ import annotations

import asyncio
import logging
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from contextlib import nullcontext
from functools import cached_property, partial
from pathlib import Path
from typing import Awaitable, Callable, Mapping, Sequence, TypeVar

from pygls.uris import from_fs_path, to_fs_path

from scenario_core.checking.cache import LibraryCache, ResultCache, ScenarioCache
from scenario_core.checking.pipeline import check, check_bytes
from scenario_core.checking.report import CheckReport
from scenario_core.checking.traces import CallTrace
from scenario_core.project.config import ProjectConfig
from scenario_core.project.files import DISK, Files
from scenario_core.python.missions import PythonProjects
from scenario_core.source.positions import Encoding

from ..protocol.convert import PositionConverter
from .heap import release_free_memory
from .names import LibraryNames, NameKind, NameUse, WrittenName, opening, uses_by_name
from .traces import Call, CallKey, KeptTraces, Table, in_worker, key_of, make_traces, ready
from .turns import CoreTurns

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Threads that checks run on (one holds the core at a time; the others wait, or wait on a mission worker).
CHECK_THREADS = 8
#: After checking a text this long (about 3,500 generated scenarios), free memory goes back to the system.
RELEASE_AFTER_CHARS = 1_000_000


@dataclass(frozen=True)
class CheckedDocument:
    """The report of one version of one document (``version`` is None for files on disk)."""

    uri: str
    version: int | None
    report: CheckReport
    converter: PositionConverter

    @cached_property
    def path(self) -> Path | None:
        """The file checked (None for a document that is not a file)."""
        return path_of(self.uri)

    @cached_property
    def names(self) -> Mapping[tuple[NameKind, str], tuple[NameUse, ...]]:
        """Every name the file writes, by kind and name (built once, on first use)."""
        return uses_by_name(self.report)

    @property
    def imported_files(self) -> frozenset[Path]:
        """Every mission library the check read or looked for: a change to one may change this check."""
        imports = self.report.imports
        return imports.files if imports is not None else frozenset()

    def converter_for(self, path: str | Path) -> PositionConverter | None:
        """Positions of another file the check read (an imported library), in this document's encoding."""
        imports = self.report.imports
        library = imports.library(path) if imports is not None else None
        return PositionConverter(library.document.lines, self.converter.encoding) if library is not None else None

    # -- what references and rename read (see workspace_names.NamedFile) ----------------------
    def written(self, kind: NameKind, name: str) -> list[WrittenName]:
        """Every place the file writes ``name`` as a ``kind``, in document order."""
        lines, to_range = self.report.lines, self.converter.to_lsp_range
        return [WrittenName(to_range(use.range), use.is_definition, opening(lines, use)) for use in self.names.get((kind, name), ())]

    def defines_mission(self, name: str) -> bool:
        return self.report.document.mission(name) is not None

    def import_targets(self) -> list[str]:
        """The URIs of the libraries the file's imports name, in order."""
        imports = self.report.imports
        return [uri_of(e.path) for e in imports.entries if e.path is not None] if imports is not None else []

    def library_read(self, uri: str) -> LibraryNames | None:
        """The library at ``uri`` as this check read it, if it did."""
        imports = self.report.imports
        path = path_of(uri)
        library = imports.library(path) if imports is not None and path is not None else None
        return LibraryNames.of(library.document) if library is not None else None

    def has_python_mission(self, name: str) -> bool:
        catalog = self.report.catalog
        return catalog is not None and name in catalog.missions


class DocumentChecks:
    """The latest check of each open document, and the machinery to make new ones.

    ``text_of(uri)`` gives the editor's current ``(version, text)`` of an open
    document, or None when it is not open; ``trusted(config)`` whether a
    project's Python code may run (see :mod:`.trust`).
    """

    def __init__(
        self,
        text_of: Callable[[str], tuple[int | None, str] | None],
        trusted: Callable[[ProjectConfig], bool] = lambda config: True,
    ) -> None:
        self._text_of = text_of
        self._trusted = trusted
        self._pool = ThreadPoolExecutor(max_workers=CHECK_THREADS, thread_name_prefix="scenario-check")
        self.turns = CoreTurns()
        self._document_locks: dict[str, threading.Lock] = {}  # one check of an open document at a time: they share its cache
        # Shared by every document, each within the cacheBudgetMb setting.
        self.results = ResultCache()
        self.libraries = LibraryCache()
        self._caches: dict[str, ScenarioCache] = {}  # per open document
        self._in_flight: dict[str, tuple[int | None, str, tuple[int, int], asyncio.Future[CheckReport]]] = {}
        self._generation = 0  # bumped when Python code changes: a check begun before is not reused
        self._stale: dict[str, int] = {}  # bumped per URI when a file its check read changes
        self.projects = PythonProjects(waiting=self.turns.waiting, trusted=trusted)
        self.files = EditorFiles(text_of)
        self._changed_at: dict[str, float] = {}
        self._debounced: dict[str, asyncio.Task[None]] = {}
        self.latest: dict[str, CheckedDocument] = {}  # the latest check kept, even once something it read changed
        self._fresh: set[str] = set()  # URIs whose latest check nothing has made stale since
        self.last_run: dict[str, CheckReport] = {}  # the latest report with results, per URI
        self.imported: dict[str, frozenset[Path]] = {}  # the library files each open document's latest check read
        self.encoding: Encoding = "utf-16"
        self.kept_traces = KeptTraces()  # the step traces made for each document's latest check

    def set_budget(self, budget_bytes: int) -> None:
        """The budget of each shared cache (the cacheBudgetMb setting)."""
        self.results.budget_bytes = budget_bytes
        self.libraries.budget_bytes = budget_bytes

    async def run_text(self, uri: str, text: str, rerun_transient: bool = False) -> CheckReport:
        """Check ``text`` (the editor's text of ``uri``) on the worker thread.

        The check of an open document keeps, in the document's own cache,
        what its next check reuses; any other keeps nothing but what the
        shared caches take. ``rerun_transient``: see :func:`~scenario_core.checking.pipeline.check`.
        """
        is_open = self._text_of(uri) is not None
        cache = self._cache_of(uri) if is_open else self._fresh_cache()
        lock = self._document_lock(uri) if is_open else None
        return await self._in_turn(is_open, lock, _check_text, text, cache, not is_open, self.projects, uri, self.files, rerun_transient)

    async def run_bytes(self, uri: str, data: bytes, rerun_transient: bool = False) -> CheckReport:
        """Check a file's bytes on the worker thread (bad UTF-8 is a finding).

        Nothing of the check is kept but its results and the libraries it
        read in the shared caches, as their budgets allow.
        """
        return await self._in_turn(False, None, _check_bytes, data, self._fresh_cache(), self.projects, uri, self.files, rerun_transient)

    def _fresh_cache(self) -> ScenarioCache:
        return ScenarioCache(self.results, self.libraries)

    def _cache_of(self, uri: str) -> ScenarioCache:
        cache = self._caches.get(uri)
        if cache is None:
            cache = self._caches[uri] = self._fresh_cache()
        return cache

    def _document_lock(self, uri: str) -> threading.Lock:
        lock = self._document_locks.get(uri)
        if lock is None:
            lock = self._document_locks[uri] = threading.Lock()
        return lock

    async def _in_turn(self, urgent: bool, lock: threading.Lock | None, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` on a check thread, in the core's turn (and holding ``lock``, a document's, if given)."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, self._turn_of, urgent, lock, function, args)

    def _turn_of(self, urgent: bool, lock: threading.Lock | None, function: Callable[..., T], args: tuple[object, ...]) -> T:
        with lock if lock is not None else nullcontext(), self.turns.turn(urgent):
            return function(*args)

    # -- step traces ------------------------------------------------------------------------
    async def traces(
        self, checked: CheckedDocument, calls: Sequence[Call], states: bool = False, wait_s: float | None = None
    ) -> dict[CallKey, CallTrace]:
        """The step traces of ``calls`` of ``checked`` (see :mod:`.traces`), each call run again on a check thread.

        Calls that run in this process are traced at once, outside the core's
        turn: they read only the check's frozen definitions and run the engine
        on fresh state, touching no cache, so a long check of another file
        does not hold them up. Calls that run in the project's worker are
        traced in the core's turn (finding the project's worker is the turn's
        business; the turn is given back while the worker runs them).

        Traces without ``states`` are kept with the check, so that asking
        again answers at once; those with the state before and after each
        step are made for each ask (they may be large, and a view asks once).
        With ``wait_s``, only the traces made within ``wait_s`` are returned:
        the others are still made, and kept, for the next ask. A trace whose
        making failed (it is logged) is left out.
        """
        if states:
            batches = [self._make_traces(checked, part, True) for part in _by_where(checked, calls) if part]
            return {key: trace for made in await asyncio.gather(*batches) for key, trace in made.items()}
        table = self.kept_traces.of(checked.uri, checked.report)
        missing = [call for call in calls if key_of(call) not in table]
        if missing:
            KeptTraces.make_room(table, len(missing))
            loop = asyncio.get_running_loop()
            for part in _by_where(checked, missing):
                if not part:
                    continue
                wanted: Table = {key_of(call): loop.create_future() for call in part}
                table.update(wanted)
                asyncio.ensure_future(self._make_traces(checked, part, False)).add_done_callback(partial(_settle, table, wanted))
        keys = [key_of(call) for call in calls]
        pending = {table[key] for key in keys if not table[key].done()}
        if pending:
            await asyncio.wait(pending, timeout=wait_s)
        return ready(table, keys)

    async def _make_traces(self, checked: CheckedDocument, calls: list[Call], keep_states: bool) -> dict[CallKey, CallTrace]:
        """The traces of ``calls``, all of which run here or all in the worker (see :meth:`traces`)."""
        if any(in_worker(checked.report, call) for call in calls):
            return await self._in_turn(True, None, _make_traces, checked.report, checked.path, self.projects, calls, keep_states)
        return await asyncio.get_running_loop().run_in_executor(self._pool, make_traces, checked.report, None, calls, keep_states)

    # -- Python missions --------------------------------------------------------------------
    def configure_python(self, command: tuple[str, ...], enabled: bool) -> bool:
        """Use ``command`` (the server's own interpreter when empty) for Python missions; True when that changed."""
        command = command or (sys.executable,)
        if (command, enabled) == (self.projects.python, self.projects.enabled):
            return False
        previous, self.projects = self.projects, PythonProjects(python=command, enabled=enabled, waiting=self.turns.waiting, trusted=self._trusted)
        self._pool.submit(previous.close)  # off the event loop: stopping a worker may take a moment
        self.invalidate()
        return True

    async def python_changed(self) -> bool:
        """True when the source of some project's Python missions changed since it was described."""
        return await self._in_turn(False, None, _any_changed, self.projects)

    def invalidate(self, uri: str | None = None) -> None:
        """The check of ``uri`` (of every open document when None) is stale: the next :meth:`current` checks again.

        (What the check read changed: Python missions, a mission library it imports, its snapshot file.)
        A check of ``uri`` still running is not kept either, even for the same version. The stale check
        still answers :meth:`known` until a new one replaces it.
        """
        if uri is None:
            self._generation += 1
            self._fresh.clear()
        else:
            self._stale[uri] = self._stale.get(uri, 0) + 1
            self._fresh.discard(uri)

    def importers(self, path: Path) -> list[str]:
        """The open documents whose latest check read (or looked for) the library ``path``."""
        return sorted(uri for uri, files in self.imported.items() if path in files)

    def is_current(self, uri: str, version: int | None) -> bool:
        """True when the editor still holds ``version`` of ``uri``."""
        held = self._text_of(uri)
        return held is not None and held[0] == version

    async def current(self, uri: str, rerun_transient: bool = False) -> CheckedDocument | None:
        """The check of the version the editor holds now (checked if needed); None if not open.

        Concurrent callers asking for the same version share one check. Asking
        for a newer version supersedes the check of an older one: if it has
        not started it never runs, and its callers get ``CancelledError``.
        With ``rerun_transient`` (a save, a run) a check whose calls timed out
        or whose worker died is not the answer: those calls run again.
        """
        held = self._text_of(uri)
        if held is None:
            return None
        version, text = held
        latest = self.latest.get(uri)
        if latest is not None and uri in self._fresh and latest.version == version and latest.report.lines.text == text:
            if not (rerun_transient and latest.report.transient):
                return latest
            # A check of the same text under way is not the answer either: the calls run again.
            self._stale[uri] = self._stale.get(uri, 0) + 1
            self._fresh.discard(uri)
        generation = (self._generation, self._stale.get(uri, 0))
        in_flight = self._in_flight.get(uri)
        if in_flight is not None and in_flight[:3] != (version, text, generation):
            in_flight[3].cancel()
            in_flight = None
        if in_flight is None:
            future = asyncio.ensure_future(self.run_text(uri, text, rerun_transient))
            in_flight = (version, text, generation, future)
            self._in_flight[uri] = in_flight
            future.add_done_callback(partial(self._check_ended, uri))
        report = await asyncio.shield(in_flight[3])
        checked = CheckedDocument(uri, version, report, self.converter(report))
        # A check begun before Python code or a library it imports changed is returned, never kept.
        if self.is_current(uri, version) and generation == (self._generation, self._stale.get(uri, 0)):
            self.latest[uri] = checked
            self._fresh.add(uri)
            self.imported[uri] = checked.imported_files
            if report.test_run is not None:
                self.last_run[uri] = report
        return checked

    async def known(self, uri: str) -> CheckedDocument | None:
        """A check of the text the editor holds now: the latest one, even if something it read changed since; else a new one.

        For requests that read a check to answer where things are and what the
        last run gave (hover, lenses, symbols, definition, ...): they answer at
        once while a newer check, which may be waiting on a mission worker, is
        under way, and the client is asked to refresh when it is published.
        """
        held = self._text_of(uri)
        latest = self.latest.get(uri)
        if held is not None and latest is not None and latest.version == held[0] and latest.report.lines.text == held[1]:
            return latest
        return await self.current(uri)

    def _check_ended(self, uri: str, future: asyncio.Future[CheckReport]) -> None:
        in_flight = self._in_flight.get(uri)
        if in_flight is not None and in_flight[3] is future:
            del self._in_flight[uri]

    def note_change(self, uri: str) -> None:
        """Remember when ``uri`` last changed (see :meth:`quiet`)."""
        self._changed_at[uri] = asyncio.get_running_loop().time()

    async def quiet(self, uri: str, delay_s: float) -> None:
        """Wait until ``uri`` has not changed for ``delay_s`` (the debounce of pulled diagnostics)."""
        loop = asyncio.get_running_loop()
        while (changed := self._changed_at.get(uri)) is not None and (wait := changed + delay_s - loop.time()) > 0:
            await asyncio.sleep(wait)

    def converter(self, report: CheckReport) -> PositionConverter:
        return PositionConverter(report.lines, self.encoding)

    def debounce(self, uri: str, delay_s: float, then: Callable[[str], Awaitable[None]]) -> None:
        """Run ``then(uri)`` after ``delay_s`` unless another change to ``uri`` comes first."""
        self.cancel_pending(uri)

        async def after_quiet() -> None:
            await asyncio.sleep(delay_s)
            self._debounced.pop(uri, None)
            try:
                await then(uri)
            except Exception:  # nobody awaits this task: log here, and the next change tries again
                logger.exception("checking %s failed", uri)

        self._debounced[uri] = asyncio.ensure_future(after_quiet())

    def cancel_pending(self, uri: str) -> None:
        task = self._debounced.pop(uri, None)
        if task is not None:
            task.cancel()

    def forget(self, uri: str) -> None:
        """Drop everything kept for a closed document, and give the memory back.

        The memory goes back to the operating system on the worker thread,
        after any check of the document still under way.
        """
        self.cancel_pending(uri)
        self._changed_at.pop(uri, None)
        self.latest.pop(uri, None)
        self._fresh.discard(uri)
        self.last_run.pop(uri, None)
        self.imported.pop(uri, None)
        self._stale.pop(uri, None)
        self.kept_traces.forget(uri)
        cache = self._caches.pop(uri, None)
        lock = self._document_locks.pop(uri, None)
        if cache is not None:
            self._pool.submit(self._turn_of, False, lock, _release, (cache,))

    def shutdown(self) -> None:
        for task in self._debounced.values():
            task.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.projects.close()


class EditorFiles:
    """The files around a checked document: the editor's text of open ones, else what is on disk."""

    def __init__(self, text_of: Callable[[str], tuple[int | None, str] | None]) -> None:
        self._text_of = text_of

    def read_text(self, path: Path) -> str | None:
        uri = from_fs_path(str(path))
        held = self._text_of(uri) if uri is not None else None
        return held[1] if held is not None else DISK.read_text(path)


def path_of(uri: str) -> Path | None:
    """The file of a ``file:`` URI (None for an unsaved document)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


def uri_of(path: Path | str) -> str:
    """The ``file:`` URI of a path, as the server keys documents by."""
    return from_fs_path(str(path)) or str(path)


def _release(cache: ScenarioCache) -> None:
    cache.release()
    release_free_memory()


def _check_text(
    text: str, cache: ScenarioCache, once: bool, projects: PythonProjects, uri: str, files: Files, rerun_transient: bool = False
) -> CheckReport:
    """A check of an open document's text with its ``cache``; ``once``: a cache released at once, as a closed document's is."""
    path = path_of(uri)
    python = projects.for_file(path) if path is not None else None
    report = check(text, cache=cache, python=python, path=path, files=files, rerun_transient=rerun_transient)
    _after_check(cache, once, len(text))
    return report


def _check_bytes(
    data: bytes, cache: ScenarioCache, projects: PythonProjects, uri: str, files: Files, rerun_transient: bool = False
) -> CheckReport:
    """A check of a file on disk, whose cache is released at once, as a closed document's is."""
    path = path_of(uri)
    python = projects.for_file(path) if path is not None else None
    report = check_bytes(data, cache=cache, python=python, path=path, files=files, rerun_transient=rerun_transient)
    _after_check(cache, True, len(data))
    return report


def _after_check(cache: ScenarioCache, once: bool, length: int) -> None:
    if once:
        cache.release()
    if length >= RELEASE_AFTER_CHARS:
        # What the check freed (the tree's parts it no longer needs, the
        # previous report once replaced) goes back to the system, not only
        # to the next check.
        release_free_memory()


def _make_traces(
    report: CheckReport, path: Path | None, projects: PythonProjects, calls: Sequence[Call], keep_states: bool
) -> dict[CallKey, CallTrace]:
    python = projects.for_file(path) if path is not None else None
    return make_traces(report, python, calls, keep_states)


def _by_where(checked: CheckedDocument, calls: Sequence[Call]) -> tuple[list[Call], list[Call]]:
    """``calls`` that run in this process, and those that run in the project's worker."""
    here = [call for call in calls if not in_worker(checked.report, call)]
    return here, [call for call in calls if in_worker(checked.report, call)]


def _settle(table: Table, wanted: Table, batch: asyncio.Future[dict[CallKey, CallTrace]]) -> None:
    """Hand each call its trace from ``batch``; when the batch failed, forget the calls so that the next ask tries again."""
    made: dict[CallKey, CallTrace] = {}
    if batch.cancelled():
        pass
    elif (error := batch.exception()) is not None:
        logger.error("making step traces failed", exc_info=error)
    else:
        made = batch.result()
    for key, future in wanted.items():
        trace = made.get(key)
        if trace is None and table.get(key) is future:
            del table[key]
        if not future.done():
            future.set_result(trace)


def _any_changed(projects: PythonProjects) -> bool:
    return any(missions.changed() for missions in projects.active())
