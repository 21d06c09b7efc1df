"""What a file's imports give: the mission libraries read, and their missions by name.

These are the types a check's report keeps of its imports (:class:`Imports`)
and a library as read (:class:`Library`); :mod:`.libraries` resolves and
reads the imports, and :class:`~scenario_core.checking.cache.LibraryCache`
keeps libraries between checks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from scenario_core.source.findings import Finding
from scenario_core.source.positions import LineIndex
from scenario_core.yaml.parse import parse_yaml

from ._calls import LocalMission
from .document import ImportDef, ScenarioDocument, read_library

__all__ = ["Imports", "Library", "ResolvedImport", "read_library_text"]


@dataclass(frozen=True)
class Library:
    """A library file as read: its document, whose missions say they come from ``path``, and its parse and structure findings."""

    path: Path
    document: ScenarioDocument
    findings: tuple[Finding, ...]


def read_library_text(path: Path, text: str) -> Library:
    """Parse and read the library ``text`` found at ``path``."""
    lines = LineIndex(text)
    parsed = parse_yaml(text, lines)
    findings = list(parsed.findings)
    document = read_library(parsed.root, lines, findings, path)
    return Library(path, document, tuple(findings))


@dataclass(frozen=True)
class ResolvedImport:
    """An import as written, and the library file it names (None when its path is not allowed)."""

    definition: ImportDef
    path: Path | None


@dataclass(frozen=True)
class Imports:
    """What a file's imports give: their missions, and every library they reach.

    ``missions`` are by name, first import first; each one's ``definition.path``
    says which library defines it. ``files`` are every library path the check
    looked for, found or not: a change to any of them can change the check.
    """

    entries: tuple[ResolvedImport, ...] = ()
    missions: Mapping[str, LocalMission] = field(default_factory=dict)
    libraries: Mapping[Path, Library] = field(default_factory=dict)
    files: frozenset[Path] = frozenset()

    def library(self, path: Path | str) -> Library | None:
        """The library read from ``path``, if the check reached it."""
        return self.libraries.get(Path(path))
