"""What each name in the workspace refers to, across files: for references and rename.

A mission name in a file refers to the file's own mission, else to the first
imported library that defines it (each library's own missions before those
it imports), else to the project's Python mission, else to the built-in one;
otherwise it names nothing. This is the core's resolution
(:mod:`scenario_core.checking.libraries`), worked out from the checks the server
holds, so a library edited in the editor counts before it is saved. Scenario
names and expectation ids belong to their file.

A search looks each file's names up by kind and name (:class:`NamedFile`:
an open document's check, or what the workspace index keeps of a file on
disk, its mission names built when the file is indexed) and resolves the
name only in the files that write it, so it costs little more than one
dictionary look-up per file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator, Literal, Mapping, Protocol

from lsprotocol import types

from scenario_core.orchestration.registry import MISSION_REGISTRY
from scenario_core.project.discovery import is_library_file

from .checks import CheckedDocument, path_of, uri_of
from .names import LibraryNames, NameKind, NameUse, WrittenName, name_at

__all__ = ["NamedFile", "Origin", "Symbol", "WorkspaceNames", "uri_of"]

#: Where a name is defined: in YAML (a file's or a library's), in the project's Python code, built in, or nowhere.
Origin = Literal["yaml", "python", "builtin", "unknown"]


@dataclass(frozen=True)
class Symbol:
    """What a name refers to. ``home`` is the URI of the file that defines it (of the file that uses it, when unknown)."""

    kind: NameKind
    name: str
    origin: Origin
    home: str | None = None


class NamedFile(Protocol):
    """A checked file as references and rename read it.

    An open document's check (:class:`~scenario_lsp.documents.checks.CheckedDocument`),
    or what the workspace index keeps of a file on disk
    (:class:`~scenario_lsp.documents.index.IndexedFile`), which writes down only
    its mission names: scenario names and expectation ids are looked up in
    their own file alone, and a search starts from an open document.
    """

    @property
    def uri(self) -> str: ...

    @property
    def version(self) -> int | None: ...

    @property
    def path(self) -> Path | None: ...

    def written(self, kind: NameKind, name: str) -> list[WrittenName]:
        """Every place the file writes ``name`` as a ``kind``, in document order."""
        ...

    def defines_mission(self, name: str) -> bool: ...

    def import_targets(self) -> list[str]:
        """The URIs of the libraries the file's imports name, in order."""
        ...

    def library_read(self, uri: str) -> LibraryNames | None:
        """The library at ``uri`` as the file's check read it, if it did."""
        ...

    def has_python_mission(self, name: str) -> bool: ...


class WorkspaceNames:
    """The checked files of the workspace (by URI), and what the names written in them refer to.

    Made for one request: it remembers what it worked out along the way.
    """

    def __init__(self, documents: Mapping[str, NamedFile]) -> None:
        self.documents = documents
        self._reach: dict[str, list[str]] = {}  # per file: the libraries it reaches, in the order names resolve

    def symbol_at(self, checked: CheckedDocument, position: types.Position) -> tuple[Symbol, NameUse] | None:
        """The name written at ``position`` of ``checked``, and what it refers to."""
        use = name_at(checked.report, checked.converter.to_core_position(position))
        if use is None:
            return None
        return self.resolve(checked, use.kind, use.name), use

    def resolve(self, checked: NamedFile, kind: NameKind, name: str) -> Symbol:
        """What ``name`` (a mission, scenario or expectation name) refers to in the file ``checked``."""
        if kind != "mission" or checked.defines_mission(name):
            return Symbol(kind, name, "yaml", checked.uri)
        for library in self.reach(checked):
            if self._defines(library, checked, name):
                return Symbol(kind, name, "yaml", library)
        if checked.has_python_mission(name):
            return Symbol(kind, name, "python")
        if name in MISSION_REGISTRY:
            return Symbol(kind, name, "builtin")
        return Symbol(kind, name, "unknown", checked.uri)

    def uses(self, symbol: Symbol) -> list[tuple[NamedFile, WrittenName]]:
        """Every place ``symbol`` is written, file by file (sorted by URI), in document order within a file."""
        found: list[tuple[NamedFile, WrittenName]] = []
        for checked in self._candidates(symbol):
            uses = checked.written(symbol.kind, symbol.name)
            if uses and self.resolve(checked, symbol.kind, symbol.name) == symbol:
                found.extend((checked, use) for use in uses)
        return found

    def seeing(self, symbol: Symbol) -> Iterator[NamedFile]:
        """The files in which ``symbol`` (a YAML mission) can be called: its own first, then every file that reaches its library."""
        home = self.documents.get(symbol.home or "")
        if home is not None:
            yield home
        for checked in self._candidates(symbol):
            if checked is not home and symbol.home in self.reach(checked):
                yield checked

    def _candidates(self, symbol: Symbol) -> list[NamedFile]:
        """The files a symbol may be written in: its own file, unless a library's mission or a Python or built-in one."""
        file_local = symbol.home is not None and (symbol.kind != "mission" or symbol.origin == "unknown" or not is_library_file(symbol.home))
        if file_local:
            checked = self.documents.get(symbol.home or "")
            return [checked] if checked is not None else []
        return [self.documents[uri] for uri in sorted(self.documents)]

    # -- imports ---------------------------------------------------------------------------
    def reach(self, checked: NamedFile) -> list[str]:
        """The library URIs ``checked`` reaches through its imports, in the order its names resolve."""
        known = self._reach.get(checked.uri)
        if known is not None:
            return known
        order: list[str] = []
        seen = {checked.uri}

        def visit(uri: str, via: NamedFile) -> None:
            seen.add(uri)
            order.append(uri)
            for target in self._imports(uri, via):
                if target not in seen:
                    visit(target, via)

        for target in self._imports(checked.uri, checked):
            if target not in seen:
                visit(target, checked)
        self._reach[checked.uri] = order
        return order

    def _imports(self, uri: str, via: NamedFile) -> list[str]:
        """The libraries the file ``uri`` imports, in order: as its own check found them, else as ``via``'s check read it."""
        checked = self.documents.get(uri)
        if checked is not None:
            return checked.import_targets()
        library = via.library_read(uri)
        path = path_of(uri)
        if library is None or path is None:
            return []
        return [uri_of(target) for written in library.imports if (target := _target(path, written)) is not None]

    def _defines(self, uri: str, via: NamedFile, name: str) -> bool:
        """True when the library ``uri`` defines the mission ``name``: as the editor or the index holds it, else as ``via``'s check read it."""
        checked = self.documents.get(uri)
        if checked is not None:
            return checked.defines_mission(name)
        library = via.library_read(uri)
        return library is not None and name in library.missions


def _target(importer: Path, written: str) -> Path | None:
    """The file an import of a library not checked on its own names (the core decides what is allowed; this only follows)."""
    if not is_library_file(written) or "\\" in written or PurePosixPath(written).is_absolute():
        return None
    return Path(os.path.normpath(importer.parent / written))
