"""The scenario files under the workspace folders, checked from disk.

Indexed in the background on start (with progress), kept current through
``workspace/didChangeWatchedFiles``, and used by "Run workspace" and
workspace symbols. Documents open in the editor are checked from the editor's
text instead (see :mod:`checks`).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from scenario_core.discovery import is_scenario_file, walk
from scenario_core.snapshots import scenario_file_of as snapshot_owner

from .checks import CheckedDocument, DocumentChecks

__all__ = ["SNAPSHOT_GLOB", "WATCH_GLOB", "WorkspaceIndex", "is_scenario_file", "scenario_file_of", "scenario_files"]

logger = logging.getLogger(__name__)

WATCH_GLOB = "**/*.scenario.{yaml,yml}"
#: The snapshot files of scenario files (see :mod:`scenario_core.snapshots`).
SNAPSHOT_GLOB = "**/__snapshots__/*.scenario.{yaml,yml}.json"


def scenario_file_of(snapshot_uri: str) -> str | None:
    """The URI of the scenario file whose snapshots the file at ``snapshot_uri`` stores; None when it stores none."""
    path = to_fs_path(snapshot_uri) if snapshot_uri.startswith("file:") else None
    scenario = snapshot_owner(Path(path)) if path else None
    return from_fs_path(str(scenario)) if scenario is not None and is_scenario_file(scenario.name) else None


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


class WorkspaceIndex:
    """The latest check of each scenario file on disk, by URI."""

    def __init__(self, checks: DocumentChecks) -> None:
        self._checks = checks
        self.files: dict[str, CheckedDocument] = {}

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
        self.files[uri] = checked
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
