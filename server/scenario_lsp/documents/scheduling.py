"""When each document is checked, and when its verdict is published.

An open document is checked from the editor's text after an edit settles
(debounced by :class:`~scenario_lsp.documents.checks.DocumentChecks`), when
it is saved, and when something its check read changes: a mission library it
imports (unsaved text included), its snapshot file, the project's Python
code. Files that are not open are checked from disk by the workspace index,
in the background. What publishing means (pushed diagnostics or a pull
refresh, lenses and hints refreshed) is the server's: it is the
:class:`Publisher` this module calls.
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Callable, Iterable, Protocol

from scenario_core.project.config import project_root

from .checks import CheckedDocument, DocumentChecks, path_of
from .configs import ConfigCheck, ProjectConfigs
from .index import WorkspaceIndex, is_checked_file, is_library_file, scenario_file_of

__all__ = ["POLL_PYTHON_S", "Publisher", "Scheduling"]

logger = logging.getLogger(__name__)

#: How often the server looks for changed Python sources when the client does not watch files.
POLL_PYTHON_S = 0.5


class Publisher(Protocol):
    """What the server does with a check (see :class:`~scenario_lsp.server.ScenarioLanguageServer`)."""

    def publish(self, checked: CheckedDocument) -> None:
        """Show ``checked``'s diagnostics, unless the editor moved on to a newer version."""

    def refresh(self) -> None:
        """Ask the client to fetch lenses, inlay hints and pulled diagnostics again."""

    def publish_config(self, checked: ConfigCheck) -> None:
        """Show the findings of a project's ``pyproject.toml`` (its ``[tool.scenario]``)."""


class Scheduling:
    """The checks of open documents and indexed files, started when what they read changes.

    ``held_text(uri)`` gives the editor's ``(version, text)`` of an open document, else None;
    ``open_uris()`` the URIs of the open documents.
    """

    def __init__(
        self,
        checks: DocumentChecks,
        index: WorkspaceIndex,
        publisher: Publisher,
        held_text: Callable[[str], tuple[int | None, str] | None],
        open_uris: Callable[[], Iterable[str]],
    ) -> None:
        self.checks = checks
        self.index = index
        self.publisher = publisher
        self.held_text = held_text
        self.open_uris = open_uris
        self.configs = ProjectConfigs()

    async def check_and_publish(self, uri: str, rerun_transient: bool = False) -> None:
        """Check the version the editor holds; publish its diagnostics unless a newer version came.

        ``rerun_transient``: a call that timed out or whose worker died last time runs again (a save, a run).
        """
        checked = await self.checks.current(uri, rerun_transient=rerun_transient)
        if checked is not None:
            self.publisher.publish(checked)
        self.project_met(uri)

    def project_met(self, uri: str) -> None:
        """A file of a project was checked: the first time, its ``pyproject.toml``'s findings are published."""
        path = path_of(uri)
        checked = self.configs.met(path, self.checks.encoding) if path is not None else None
        if checked is not None:
            self.publisher.publish_config(checked)

    def configs_changed(self, pyproject: Path | None = None) -> None:
        """``pyproject`` (every known one when None) may have changed on disk: publish what its findings are now."""
        for checked in self.configs.changed(self.checks.encoding, pyproject):
            self.publisher.publish_config(checked)

    async def checked(self, uri: str) -> CheckedDocument | None:
        """The current check of an open document, else a check of the file on disk."""
        return await self.checks.current(uri) or await self.index.refresh(uri)

    async def fresh(self, uri: str) -> CheckedDocument | None:
        """A check of what ``uri`` holds now: the editor's text of an open document, else the file on disk.

        A call that timed out or whose worker died in an earlier check runs again: a run never answers it from a cache.
        """
        if self.held_text(uri) is not None:
            return await self.checks.current(uri, rerun_transient=True)
        return await self.index.refresh(uri, rerun_transient=True)

    async def recheck(
        self, uris: list[str], cancelled: Callable[[], bool], progress: Callable[[str, int], None]
    ) -> list[CheckedDocument] | None:
        """Checks of ``uris`` one after the other (for a run); None when ``cancelled()`` turned true meanwhile."""
        reports: list[CheckedDocument] = []
        for done, uri in enumerate(uris):
            if cancelled():
                return None
            progress(f"{done}/{len(uris)} files", done * 100 // max(len(uris), 1))
            checked = await self.fresh(uri)
            if checked is not None:
                reports.append(checked)
        return None if cancelled() else reports

    async def edited(self, uri: str, saved: bool = False) -> None:
        """After an edit has settled (or a save): check the document again; for a mission library, its importers too.

        A save runs again the calls that timed out or whose worker died: typing may reuse them, a save does not.
        """
        if not is_library_file(uri):
            await self.check_and_publish(uri, rerun_transient=saved)
            return
        own = asyncio.ensure_future(self.check_and_publish(uri, rerun_transient=saved))
        self.library_changed(uri, on_disk=saved)
        await own

    def library_changed(self, uri: str, on_disk: bool = False) -> None:
        """The mission library ``uri`` changed: check again the open files that import it (its unsaved text counts).

        The files on disk that import it are checked again, in the background,
        only when the change is on disk: typing in a library never re-checks
        the whole workspace.
        """
        path = path_of(uri)
        if path is None:
            return
        for importer in self.checks.importers(path):
            if importer != uri and self.held_text(importer) is not None:
                self.checks.invalidate(importer)
                asyncio.ensure_future(self.republish(importer))
        if on_disk:
            self.index.refresh_later(u for u in self.index.importers(path) if self.held_text(u) is None)

    def snapshots_changed(self, snapshot_uris: list[str]) -> None:
        """Snapshot files changed on disk: check their scenario files again."""
        for snapshot_uri in snapshot_uris:
            uri = scenario_file_of(snapshot_uri)
            if uri is None:
                continue
            if self.held_text(uri) is not None:
                self.checks.invalidate(uri)
                asyncio.ensure_future(self.republish(uri))
            elif uri in self.index.files:
                asyncio.ensure_future(self.index.refresh(uri))

    def recheck_open_documents(self) -> None:
        """Check every open file again (its Python missions changed), and what is indexed on disk."""
        self.checks.invalidate()
        for uri in list(self.open_uris()):
            if is_checked_file(uri):
                asyncio.ensure_future(self.republish(uri))
        for uri in list(self.index.files):
            if self.held_text(uri) is None:
                asyncio.ensure_future(self.index.refresh(uri))

    def recheck_project(self, root: Path) -> None:
        """The project at ``root`` may run its code now: check its open files and its files on disk again."""

        def in_project(uri: str) -> bool:
            path = path_of(uri)
            return path is not None and project_root(path) == root

        for uri in list(self.open_uris()):
            if is_checked_file(uri) and in_project(uri):
                self.checks.invalidate(uri)
                asyncio.ensure_future(self.republish(uri))
        for uri in list(self.index.files):
            if self.held_text(uri) is None and in_project(uri):
                asyncio.ensure_future(self.index.refresh(uri))

    async def republish(self, uri: str) -> None:
        """Check ``uri`` again and publish it, with lenses and hints refreshed; nobody awaits the outcome."""
        try:
            await self.check_and_publish(uri)
        except asyncio.CancelledError:  # a newer version superseded it
            pass
        except Exception:
            logger.exception("re-checking %s failed", uri)
            return
        self.publisher.refresh()

    async def watch_python(self, running: Callable[[], bool], interval_s: float = POLL_PYTHON_S) -> None:
        """For clients that do not watch files for us: look for changed Python sources every ``interval_s``."""
        while running():
            await asyncio.sleep(interval_s)
            try:
                if await self.checks.python_changed():
                    logger.info("Python missions changed on disk; re-checking open scenario files")
                    self.recheck_open_documents()
                self.configs_changed()
            except Exception:
                logger.exception("looking for changed Python missions failed")
