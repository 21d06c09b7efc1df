"""The scenario files under the workspace folders, checked from disk.

Indexed in the background on start (with progress), kept current through
``workspace/didChangeWatchedFiles``, and used by "Run workspace", workspace
symbols and the test report of a file that is not open. Of each check the
index keeps only that report and the symbols, not the check itself: a file
on disk costs a small fraction of what an open one does. Documents open in
the editor are checked from the editor's text instead (see :mod:`checks`).
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from scenario_core.discovery import is_scenario_file, walk

from .checks import CheckedDocument, DocumentChecks
from .contract import SuiteReport
from .navigation import Symbol, symbols
from .runs import suite_report

__all__ = ["WATCH_GLOB", "IndexedFile", "WorkspaceIndex", "is_scenario_file", "scenario_files"]

logger = logging.getLogger(__name__)

WATCH_GLOB = "**/*.scenario.{yaml,yml}"


def scenario_files(folders: Iterable[str]) -> list[str]:
    """URIs of the scenario files under the given folder URIs, sorted (as the core's discovery walks)."""
    found: set[str] = set()
    for folder in folders:
        root = to_fs_path(folder)
        if root is None or not os.path.isdir(root):
            continue
        for path in walk(Path(root)):
            uri = from_fs_path(str(path))
            if uri is not None:
                found.add(uri)
    return sorted(found)


@dataclass(frozen=True)
class IndexedFile:
    """What the index keeps of the latest check of a file on disk."""

    suite: SuiteReport
    symbols: tuple[Symbol, ...]


class WorkspaceIndex:
    """What the latest check of each scenario file on disk found, by URI."""

    def __init__(self, checks: DocumentChecks) -> None:
        self._checks = checks
        self.files: dict[str, IndexedFile] = {}

    async def refresh(self, uri: str) -> CheckedDocument | None:
        """Re-read and re-check a file, and return the check; a file that cannot be read is forgotten."""
        path = to_fs_path(uri)
        try:
            data = Path(path).read_bytes() if path else None
        except OSError as err:
            logger.info("cannot read %s: %s", uri, err)
            data = None
        if data is None:
            self.files.pop(uri, None)
            return None
        report = await self._checks.run_bytes(data)
        checked = CheckedDocument(uri, None, report, self._checks.converter(report))
        self.files[uri] = IndexedFile(suite_report(checked), tuple(symbols(checked)))
        return checked

    def forget(self, uri: str) -> None:
        self.files.pop(uri, None)

    async def apply(self, changes: Iterable[types.FileEvent]) -> None:
        for change in changes:
            if not is_scenario_file(change.uri):
                continue
            if change.type == types.FileChangeType.Deleted:
                self.forget(change.uri)
            else:
                await self.refresh(change.uri)
