"""Checking documents off the event loop, one worker thread, newest version wins.

Every check runs :func:`scenario_core.check.check` on a single worker thread,
so the caches are never shared between threads; the event loop only
schedules checks and reads their reports. Each open document has a
:class:`ScenarioCache` (what a re-check after an edit reuses), over one
:class:`ResultCache` for the whole server (results within a byte budget).
Closing a document drops everything kept for it, so what the server holds
is bounded by what is open plus the budget.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Awaitable, Callable

from scenario_core.cache import ResultCache, ScenarioCache
from scenario_core.check import check, check_bytes
from scenario_core.report import CheckReport
from scenario_core.source import Encoding

from .convert import PositionConverter
from .heap import release_free_memory

logger = logging.getLogger(__name__)

#: After checking a text this long (about 3,500 generated scenarios), free memory goes back to the system.
RELEASE_AFTER_CHARS = 1_000_000


@dataclass(frozen=True)
class CheckedDocument:
    """The report of one version of one document (``version`` is None for files on disk)."""

    uri: str
    version: int | None
    report: CheckReport
    converter: PositionConverter


class DocumentChecks:
    """The latest check of each open document, and the machinery to make new ones.

    ``text_of(uri)`` gives the editor's current ``(version, text)`` of an open
    document, or None when it is not open.
    """

    def __init__(self, text_of: Callable[[str], tuple[int | None, str] | None]) -> None:
        self._text_of = text_of
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scenario-check")
        self.results = ResultCache()  # shared by every document; its budget is the cacheBudgetMb setting
        self._caches: dict[str, ScenarioCache] = {}  # per open document
        self._in_flight: dict[str, tuple[int | None, str, asyncio.Future[CheckReport]]] = {}
        self._changed_at: dict[str, float] = {}
        self._debounced: dict[str, asyncio.Task[None]] = {}
        self.latest: dict[str, CheckedDocument] = {}
        self.last_run: dict[str, CheckReport] = {}  # the latest report with results, per URI
        self.encoding: Encoding = "utf-16"

    async def run_text(self, text: str, cache: ScenarioCache | None = None) -> CheckReport:
        """Check ``text`` on the worker thread with an open document's ``cache``, else as :meth:`run_bytes` does."""
        loop = asyncio.get_running_loop()
        if cache is None:
            return await loop.run_in_executor(self._worker, _check_once, partial(check, text), len(text), self.results)
        return await loop.run_in_executor(self._worker, _check_text, text, cache)

    async def run_bytes(self, data: bytes) -> CheckReport:
        """Check a file's bytes on the worker thread (bad UTF-8 is a finding).

        Nothing of the check is kept but its results in the shared cache, if they all fit its budget.
        """
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, _check_once, partial(check_bytes, data), len(data), self.results)

    def is_current(self, uri: str, version: int | None) -> bool:
        """True when the editor still holds ``version`` of ``uri``."""
        held = self._text_of(uri)
        return held is not None and held[0] == version

    async def current(self, uri: str) -> CheckedDocument | None:
        """The check of the version the editor holds now (checked if needed); None if not open.

        Concurrent callers asking for the same version share one check. Asking
        for a newer version supersedes the check of an older one: if it has
        not started it never runs, and its callers get ``CancelledError``.
        """
        held = self._text_of(uri)
        if held is None:
            return None
        version, text = held
        latest = self.latest.get(uri)
        if latest is not None and latest.version == version and latest.report.lines.text == text:
            return latest
        in_flight = self._in_flight.get(uri)
        if in_flight is not None and in_flight[:2] != (version, text):
            in_flight[2].cancel()
            in_flight = None
        if in_flight is None:
            future = asyncio.ensure_future(self.run_text(text, self._cache_of(uri)))
            in_flight = (version, text, future)
            self._in_flight[uri] = in_flight
            future.add_done_callback(partial(self._check_ended, uri))
        report = await asyncio.shield(in_flight[2])
        checked = CheckedDocument(uri, version, report, self.converter(report))
        if self.is_current(uri, version):
            self.latest[uri] = checked
            if report.test_run is not None:
                self.last_run[uri] = report
        return checked

    def _cache_of(self, uri: str) -> ScenarioCache:
        cache = self._caches.get(uri)
        if cache is None:
            cache = self._caches[uri] = ScenarioCache(self.results)
        return cache

    def _check_ended(self, uri: str, future: asyncio.Future[CheckReport]) -> None:
        in_flight = self._in_flight.get(uri)
        if in_flight is not None and in_flight[2] is future:
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
        self.last_run.pop(uri, None)
        cache = self._caches.pop(uri, None)
        if cache is not None:
            self._worker.submit(_release, cache)

    def shutdown(self) -> None:
        for task in self._debounced.values():
            task.cancel()
        self._worker.shutdown(wait=False, cancel_futures=True)


def _release(cache: ScenarioCache) -> None:
    cache.release()
    release_free_memory()


def _check_text(text: str, cache: ScenarioCache) -> CheckReport:
    report = check(text, cache=cache)
    if len(text) >= RELEASE_AFTER_CHARS:
        # What the check freed (the tree's parts it no longer needs, the
        # previous report once replaced) goes back to the system, not only
        # to the next check.
        release_free_memory()
    return report


def _check_once(check_with: Callable[..., CheckReport], length: int, results: ResultCache) -> CheckReport:
    """A check whose cache is released at once, as a closed document's is."""
    cache = ScenarioCache(results)
    report = check_with(cache=cache)
    cache.release()
    if length >= RELEASE_AFTER_CHARS:
        release_free_memory()
    return report
