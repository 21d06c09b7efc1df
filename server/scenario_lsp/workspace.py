"""The scenario files and mission libraries under the workspace folders, checked from disk.

Indexed in the background on start (with progress), kept current through
``workspace/didChangeWatchedFiles``, and used by "Run workspace", workspace
symbols, references and rename. Documents open in the editor are checked
from the editor's text instead (see :mod:`checks`).
"""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Iterable

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from scenario_core.discovery import LIBRARY_SUFFIXES, SUFFIXES, is_library_file, is_scenario_file, walk
from scenario_core.snapshots import scenario_file_of as snapshot_owner

from .checks import CheckedDocument, DocumentChecks

__all__ = [
    "SNAPSHOT_GLOB",
    "WATCH_GLOBS",
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
#: The snapshot files of scenario files (see :mod:`scenario_core.snapshots`).
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


class WorkspaceIndex:
    """The latest check of each scenario file and mission library on disk, by URI."""

    def __init__(self, checks: DocumentChecks) -> None:
        self._checks = checks
        self.files: dict[str, CheckedDocument] = {}
        self.pending: set[str] = set()  # files to check again in the background (a library they import changed)
        self._draining: asyncio.Task[None] | None = None

    async def refresh(self, uri: str) -> CheckedDocument | None:
        """Re-read and re-check a file; a file that cannot be read is forgotten."""
        path = to_fs_path(uri)
        try:
            data = Path(path).read_bytes() if path else None
        except OSError as err:
            logger.info("cannot read %s: %s", uri, err)
            data = None
        if data is None:
            self.files.pop(uri, None)
            return None
        report = await self._checks.run_bytes(uri, data)
        checked = CheckedDocument(uri, None, report, self._checks.converter(report))
        _ = checked.names  # built now, in the background, so that references never wait for it
        self.files[uri] = checked
        return checked

    def forget(self, uri: str) -> None:
        self.files.pop(uri, None)

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
