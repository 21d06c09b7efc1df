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
from typing import TYPE_CHECKING, Any, Mapping

from scenario_core.orchestration.registry import closest_name
from scenario_core.project.config import project_root
from scenario_core.project.discovery import LIBRARY_SUFFIXES, is_library_file, walk
from scenario_core.project.files import Files
from scenario_core.python.missions import Catalog, PythonMissions
from scenario_core.source.findings import Finding, Related, Severity, sort_findings
from scenario_core.source.positions import DOCUMENT_START, LineIndex
from scenario_core.yaml.parse import parse_yaml

from . import _wording as wording
from ._budget import DEFAULT_BUDGET_BYTES, BudgetedCache
from ._calls import LocalMission, WorkerBatch
from ._missions import check_missions, report_validations
from .document import ImportDef, ScenarioDocument, read_library
from .report import CheckReport

if TYPE_CHECKING:
    from .cache import ScenarioCache

__all__ = ["Imports", "Library", "LibraryCache", "ResolvedImport", "check_library", "import_missions", "read_library_text"]


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


class LibraryCache(BudgetedCache[Path, "_CachedLibrary"]):
    """Libraries as read, by path (LRU, within a byte budget): a library is parsed once per text, however many files import it.

    Each path keeps only the text it was last read with: every check reads
    the files around it through the same :class:`~scenario_core.project.files.Files`,
    so an older text (a library being edited) is never asked for again. Its
    missions, made ready to run for a project's Python operations, are kept
    with it. A library takes about :data:`BYTES_PER_CHARACTER` bytes per
    character of its text; the least recently read go first when they add up
    to more than ``budget_bytes`` (the one read last always stays: the check
    under way holds it anyway).
    """

    #: What a library read and prepared takes in memory per character of its text (24 to 26, measured with tracemalloc).
    BYTES_PER_CHARACTER = 25
    keep_at_least = 1

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES, max_entries: int = 256) -> None:
        super().__init__(budget_bytes, max_entries)
        self.parses = 0  # libraries parsed (not found here)

    def read(self, path: Path, text: str) -> Library:
        entry = self._use(path)
        if entry is not None and entry.text == text:
            return entry.library
        library = read_library_text(path, text)
        self.parses += 1
        self._store(path, _CachedLibrary(text, library), len(text) * self.BYTES_PER_CHARACTER)
        return library

    def prepared(self, library: Library, catalog: Catalog | None) -> tuple[dict[str, LocalMission], tuple[Finding, ...]]:
        """``library``'s missions ready to run, and the problems of the library on its own.

        They depend on the library and on the names of the project's Python operations
        (and whether Python missions are on), nothing else.
        """
        operations = (tuple(sorted(catalog.operations)), catalog.enabled) if catalog is not None else None
        entry = self._peek(library.path)
        held = entry is not None and entry.library is library
        if held and entry is not None and entry.prepared is not None and entry.prepared[0] == operations:
            return entry.prepared[1], entry.prepared[2]
        found = list(library.findings)
        # The library's own check reports these; its Python operations' arguments are validated there too.
        missions = check_missions(library.document.missions, found, catalog, WorkerBatch(None, catalog, ""))
        if held and entry is not None:
            entry.prepared = (operations, missions, tuple(found))  # for the latest operations only: they rarely change
        return missions, tuple(found)

@dataclass
class _CachedLibrary:
    text: str  # the text it was read from (the library's own line index holds it anyway)
    library: Library
    prepared: tuple[Any, dict[str, LocalMission], tuple[Finding, ...]] | None = None  # for the Python operations it was made for


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
