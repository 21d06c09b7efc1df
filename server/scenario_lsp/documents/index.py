"""The scenario files and mission libraries under the workspace folders, checked from disk.

Indexed in the background on start (with progress), kept current through
``workspace/didChangeWatchedFiles``, and used by "Run workspace", workspace
symbols, references and rename, and the test report of a file that is not
open. Of each check the index keeps only what those need (:class:`IndexedFile`),
not the check itself: a file on disk costs a small fraction of what an open
one does. Documents open in the editor are checked from the editor's text
instead (see :mod:`.checks`).
"""
from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Container, Iterable, Mapping

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from scenario_core.checking.snapshots import scenario_file_of as snapshot_owner
from scenario_core.project.discovery import LIBRARY_SUFFIXES, SUFFIXES, is_library_file, is_scenario_file, walk

from ..protocol.contract import SuiteReport
from .checks import CheckedDocument, DocumentChecks, uri_of
from .names import LibraryNames, NameKind, WrittenMissions, WrittenName
from .reports import suite_report
from .symbols import FileSymbols

__all__ = [
    "SNAPSHOT_GLOB",
    "WATCH_GLOBS",
    "IndexedFile",
    "WorkspaceIndex",
    "is_checked_file",
    "is_library_file",
    "is_scenario_file",
    "scenario_file_of",
    "workspace_files",
]

logger = logging.getLogger(__name__)

#: The files the index keeps: scenario files and mission libraries.
WATCH_GLOBS = ("**/*.scenario.{yaml,yml}", "**/*.missions.{yaml,yml}")
#: The snapshot files of scenario files (see :mod:`scenario_core.checking.snapshots`).
SNAPSHOT_GLOB = "**/__snapshots__/*.scenario.{yaml,yml}.json"


def scenario_file_of(snapshot_uri: str) -> str | None:
    """The URI of the scenario file whose snapshots the file at ``snapshot_uri`` stores; None when it stores none."""
    path = to_fs_path(snapshot_uri) if snapshot_uri.startswith("file:") else None
    scenario = snapshot_owner(Path(path)) if path else None
    return from_fs_path(str(scenario)) if scenario is not None and is_scenario_file(scenario.name) else None


def is_checked_file(uri: str) -> bool:
    """True for a scenario file or a mission library: the files the server checks."""
    return is_scenario_file(uri) or is_library_file(uri)


def workspace_files(folders: Iterable[str]) -> list[str]:
    """URIs of the scenario files and mission libraries under the given folder URIs, sorted (as the core's discovery walks)."""
    found: set[str] = set()
    for folder in folders:
        root = to_fs_path(folder)
        if root is None or not os.path.isdir(root):
            continue
        for path in walk(Path(root), SUFFIXES + LIBRARY_SUFFIXES):
            uri = from_fs_path(str(path))
            if uri is not None:
                found.add(uri)
    return sorted(found)


@dataclass(frozen=True, eq=False)
class IndexedFile:
    """What the index keeps of the latest check of a file on disk.

    Its test report, its workspace symbols, and what references and rename
    read of it (a :class:`~scenario_lsp.documents.workspace_names.NamedFile`): where
    it writes mission names, the missions it defines, its imports, and the
    names of its project's Python missions.
    """

    uri: str
    path: Path | None
    suite: SuiteReport
    symbols: FileSymbols
    imported_files: frozenset[Path]  # every library its check read or looked for
    missions_written: WrittenMissions
    own_missions: frozenset[str]
    imports: tuple[str, ...]  # the URIs of the libraries its imports name, in order
    python_missions: Container[str]
    libraries: Mapping[str, LibraryNames]  # the libraries the index's checks read, by URI (shared by every file)

    version: None = None

    def written(self, kind: NameKind, name: str) -> list[WrittenName]:
        """Where the file writes the mission ``name`` (scenario names and expectation ids are not kept: see NamedFile)."""
        return self.missions_written.get(name) if kind == "mission" else []

    def defines_mission(self, name: str) -> bool:
        return name in self.own_missions

    def import_targets(self) -> list[str]:
        return list(self.imports)

    def library_read(self, uri: str) -> LibraryNames | None:
        return self.libraries.get(uri)

    def has_python_mission(self, name: str) -> bool:
        return name in self.python_missions


class WorkspaceIndex:
    """What the latest check of each scenario file and mission library on disk found, by URI."""

    def __init__(self, checks: DocumentChecks) -> None:
        self._checks = checks
        self.files: dict[str, IndexedFile] = {}
        self.libraries: dict[str, LibraryNames] = {}  # as the latest check that read each one read it
        self.pending: set[str] = set()  # files to check again in the background (a library they import changed)
        self._draining: asyncio.Task[None] | None = None

    async def refresh(self, uri: str, rerun_transient: bool = False) -> CheckedDocument | None:
        """Re-read and re-check a file; a file that cannot be read is forgotten.

        ``rerun_transient`` (a run): calls that timed out or whose worker died run again.
        """
        path = to_fs_path(uri)
        try:
            data = Path(path).read_bytes() if path else None
        except OSError as err:
            logger.info("cannot read %s: %s", uri, err)
            data = None
        if data is None:
            self.files.pop(uri, None)
            return None
        report = await self._checks.run_bytes(uri, data, rerun_transient)
        checked = CheckedDocument(uri, None, report, self._checks.converter(report))
        self.files[uri] = self._indexed(checked)  # built now, in the background, so that references never wait for it
        return checked

    def _indexed(self, checked: CheckedDocument) -> IndexedFile:
        report = checked.report
        imports = report.imports
        if imports is not None:
            self.libraries.update((uri_of(path), LibraryNames.of(library.document)) for path, library in imports.libraries.items())
        return IndexedFile(
            checked.uri,
            checked.path,
            suite_report(checked),
            FileSymbols(checked),
            checked.imported_files,
            WrittenMissions(report, checked.converter.character),
            frozenset(m.name for m in report.document.missions),
            tuple(checked.import_targets()),
            report.catalog.missions if report.catalog is not None else frozenset(),
            self.libraries,
        )

    def forget(self, uri: str) -> None:
        self.files.pop(uri, None)
        self.libraries.pop(uri, None)

    def refresh_later(self, uris: Iterable[str]) -> None:
        """Check ``uris`` again in the background, one at a time, so the editor's own checks wait for at most one."""
        self.pending.update(uris)
        if self.pending and (self._draining is None or self._draining.done()):
            self._draining = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        while self.pending:
            uri = min(self.pending)
            self.pending.discard(uri)
            try:
                await self.refresh(uri)
            except Exception:
                logger.exception("re-checking %s in the background failed", uri)

    def importers(self, path: Path) -> list[str]:
        """The indexed files whose check read (or looked for) the library ``path``."""
        return sorted(uri for uri, checked in self.files.items() if path in checked.imported_files)

    async def apply(self, changes: Iterable[types.FileEvent]) -> None:
        for change in changes:
            if not is_checked_file(change.uri):
                continue
            if change.type == types.FileChangeType.Deleted:
                self.forget(change.uri)
            else:
                await self.refresh(change.uri)
