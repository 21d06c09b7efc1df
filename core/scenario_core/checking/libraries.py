"""Mission libraries: ``*.missions.yaml`` files of missions that scenario files import.

A scenario file says ``imports: [lib/shipping.missions.yaml]``: paths
relative to the file, inside its project (the folder of the nearest
``pyproject.toml``, else the file's own folder). A library has ``missions:``,
an optional ``description:`` and may import other libraries, whose missions
whoever imports it may call too.

A call resolves to the file's own mission first, then to the imported
libraries' in the order of the imports (each library's own missions before
those it imports; when two imports define a name, the first wins, with an
``import_conflict`` warning), then to Python missions, then to built-in ones.

Libraries are read only through the check's :class:`~scenario_core.project.files.Files`
(so an unsaved library in the editor counts), parsed once per text
(:class:`LibraryCache`), and prepared exactly as a file's own missions
(:mod:`scenario_core.checking._missions`), so a scenario's cache key, and its hash,
depend on the missions it calls wherever they are defined. What is wrong
with a library stays in the library (:func:`check_library` reports it
there); an importer gets one finding at the import entry.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from scenario_core.orchestration.registry import closest_name
from scenario_core.project.config import project_root
from scenario_core.project.discovery import LIBRARY_SUFFIXES, is_library_file, walk
from scenario_core.project.files import Files
from scenario_core.python.missions import Catalog, PythonMissions
from scenario_core.source.findings import Finding, Related, Severity, sort_findings
from scenario_core.source.positions import DOCUMENT_START, LineIndex
from scenario_core.yaml.parse import parse_yaml

from . import _wording as wording
from ._calls import LocalMission, WorkerBatch
from ._missions import check_missions, report_validations
from .cache import LibraryCache, ScenarioCache
from .document import ImportDef, read_library
from .imports import Imports, Library, ResolvedImport
from .report import CheckReport

__all__ = ["check_library", "import_missions"]


def import_missions(
    importer: Path | None,
    entries: tuple[ImportDef, ...],
    files: Files,
    cache: ScenarioCache | None,
    catalog: Catalog | None,
    findings: list[Finding],
) -> Imports:
    """The missions ``entries`` (the imports of the file at ``importer``) give; their problems go to ``findings``."""
    if not entries:
        return Imports()
    if importer is None:
        findings.extend(wording.import_path(e, "save this file first: imports are relative to it") for e in entries)
        return Imports(tuple(ResolvedImport(e, None) for e in entries))
    loader = _Loader(importer, files, cache.libraries if cache is not None else LibraryCache(), catalog)
    resolved: list[ResolvedImport] = []
    missions: dict[str, LocalMission] = {}
    provider: dict[str, ImportDef] = {}  # which import gave each mission
    first_import: dict[Path, ImportDef] = {}
    for entry in entries:
        target = loader.target(importer, entry, findings)
        resolved.append(ResolvedImport(entry, target))
        if target is None:
            continue
        if target in first_import:
            findings.append(wording.imported_twice(entry, first_import[target]))
            continue
        first_import[target] = entry
        if loader.load(target) is None:
            findings.append(loader.not_found(importer, entry))
            continue
        reach = loader.reach(target, (importer,))
        if reach.cycle is not None:
            findings.append(wording.import_cycle(entry, [loader.shown(p) for p in reach.cycle], reach.closing))
        if reach.errors:
            findings.append(wording.library_errors(entry, [(loader.shown(p), str(p), f) for p, f in reach.errors]))
        clashes: dict[int, tuple[ImportDef, list[str]]] = {}  # by id of the earlier import that wins
        for name, mission in reach.missions.items():
            if name not in missions:
                missions[name] = mission
                provider[name] = entry
            elif missions[name].definition.path != mission.definition.path:
                clashes.setdefault(id(provider[name]), (provider[name], []))[1].append(name)
        for first, names in clashes.values():
            findings.append(wording.import_conflict(entry, names, first))
    libraries = {path: loaded.library for path, loaded in sorted(loader.loaded.items()) if loaded is not None}
    return Imports(tuple(resolved), missions, libraries, frozenset(loader.texts))


def check_library(
    text: str, cache: ScenarioCache | None, python: PythonMissions | None, path: Path | None, files: Files
) -> CheckReport:
    """Check a mission library on its own: its structure, its missions' rules and operations, its imports.

    A library has no scenarios, so its report has findings and no results.
    """
    lines = LineIndex(text)
    parsed = cache.start(text, lines) if cache is not None else parse_yaml(text, lines)
    findings = list(parsed.findings)
    document = read_library(parsed.root, lines, findings)
    if parsed.root is None:
        return CheckReport(document, sort_findings(findings))
    catalog = python.catalog() if python is not None else None
    if catalog is not None:
        findings.extend(wording.source_problem(p, DOCUMENT_START) for p in catalog.problems)
    batch = WorkerBatch(python, catalog, "")
    check_missions(document.missions, findings, catalog, batch)  # its problems go to findings; its worker checks to batch
    imports = import_missions(path, document.imports, files, cache, catalog, findings)
    batch.run()
    report_validations(batch, findings)
    return CheckReport(document, sort_findings(findings), catalog=catalog, imports=imports)


# -- loading ------------------------------------------------------------------------


@dataclass
class _Loaded:
    """A library of one check: its missions, ready to run, and what is wrong with it on its own."""

    library: Library
    missions: dict[str, LocalMission]
    errors: list[Finding]  # its own errors: structure, mission rules, its imports' paths (not the errors of what it imports)
    targets: list[tuple[ImportDef, Path]]  # the libraries it imports, found ones only


@dataclass
class _Reach:
    """Everything one import reaches: the missions (first definition first), every error, the first cycle."""

    missions: dict[str, LocalMission] = field(default_factory=dict)
    errors: list[tuple[Path, Finding]] = field(default_factory=list)
    cycle: tuple[Path, ...] | None = None
    closing: Related | None = None  # the import that closes the cycle


class _Loader:
    """The libraries one check reads, each read and prepared once."""

    def __init__(self, importer: Path, files: Files, cache: LibraryCache, catalog: Catalog | None) -> None:
        self.files = files
        self.cache = cache
        self.catalog = catalog
        self.root = project_root(importer)
        self.base = Path(os.path.normpath(importer.parent))
        self.texts: dict[Path, str | None] = {}  # every library file looked for, and its text
        self.loaded: dict[Path, _Loaded | None] = {}
        self._candidates: list[Path] | None = None

    def text(self, path: Path) -> str | None:
        """The text of ``path`` (read once per check), None when there is no such file."""
        if path not in self.texts:
            self.texts[path] = self.files.read_text(path)
        return self.texts[path]

    def target(self, importer: Path, entry: ImportDef, findings: list[Finding]) -> Path | None:
        """The library file ``entry`` names; None, with a finding, when its path is not allowed."""
        written = entry.path
        reason = None
        if not written.strip():
            reason = "the path is empty"
        elif written.startswith(("/", "\\")) or PurePosixPath(written).is_absolute() or (len(written) > 1 and written[1] == ":"):
            reason = "the path must be relative to this file"
        elif "\\" in written:
            reason = "write folders with '/', as in lib/shipping.missions.yaml"
        elif not is_library_file(written):
            reason = "only mission libraries (*.missions.yaml or *.missions.yml) can be imported"
        if reason is None:
            target = Path(os.path.normpath(importer.parent / written))
            if not _inside(target, self.root):
                reason = f"it is outside the project ({self.root}); imports stay inside the folder of pyproject.toml (or of this file)"
            else:
                return target
        findings.append(wording.import_path(entry, reason))
        return None

    def load(self, path: Path) -> _Loaded | None:
        """The library at ``path``, None when there is no such file (each path is read once per check)."""
        if path in self.loaded:
            return self.loaded[path]
        text = self.text(path)
        loaded = None
        if text is not None:
            library = self.cache.read(path, text)
            missions, found = self.cache.prepared(library, self.catalog)
            own = list(found)
            targets: list[tuple[ImportDef, Path]] = []
            for entry in library.document.imports:
                target = self.target(path, entry, own)
                if target is None:
                    continue
                if self.text(target) is None:
                    own.append(self.not_found(path, entry))
                    continue
                targets.append((entry, target))
            errors = [f for f in sort_findings(own) if f.severity is Severity.ERROR]
            loaded = _Loaded(library, missions, errors, targets)
        self.loaded[path] = loaded
        return loaded

    def reach(self, start: Path, stack: tuple[Path, ...]) -> _Reach:
        """What importing ``start`` reaches, from the files on ``stack`` (the importer first)."""
        reach = _Reach()
        if start in stack:  # a library that imports itself
            reach.cycle = (*stack[stack.index(start):], start)
            return reach
        self._visit(start, stack, set(), reach)
        return reach

    def _visit(self, path: Path, stack: tuple[Path, ...], visited: set[Path], reach: _Reach) -> None:
        visited.add(path)
        loaded = self.load(path)
        if loaded is None:
            return  # reported by the library that imports it
        for name, mission in loaded.missions.items():
            reach.missions.setdefault(name, mission)
        reach.errors.extend((path, f) for f in loaded.errors)
        on_stack = (*stack, path)
        for entry, target in loaded.targets:
            if target in on_stack:
                if reach.cycle is None:
                    reach.cycle = (*on_stack[on_stack.index(target):], target)
                    reach.closing = Related(entry.range, f"'{entry.path}' is imported here, closing the cycle", str(path))
            elif target not in visited:
                self._visit(target, on_stack, visited, reach)

    def not_found(self, importer: Path, entry: ImportDef) -> Finding:
        if self._candidates is None:
            self._candidates = list(walk(self.root, LIBRARY_SUFFIXES)) if self.root.is_dir() else []
        folder = Path(os.path.normpath(importer.parent)).resolve()
        written = [Path(os.path.relpath(p, folder)).as_posix() for p in self._candidates if p.resolve() != importer.resolve()]
        # Compared without the suffix every candidate shares, which would make any two names look alike.
        by_stem = {_stem(w): w for w in written}
        suggestion = closest_name(_stem(entry.path), by_stem)
        return wording.import_not_found(entry, by_stem[suggestion] if suggestion else None, bool(written))

    def shown(self, path: Path) -> str:
        """``path`` as a message names it: relative to the importing file's folder."""
        return Path(os.path.relpath(path, self.base)).as_posix()


def _stem(path: str) -> str:
    for suffix in LIBRARY_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def _inside(path: Path, root: Path) -> bool:
    """True when ``path`` (even through symbolic links) is inside the folder ``root``."""
    return path.resolve().is_relative_to(root)
