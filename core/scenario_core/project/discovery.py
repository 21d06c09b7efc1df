"""Finding scenario files and mission libraries: the one walk the CLI, the language server and pytest share.

A directory is searched for ``*.scenario.yaml`` and ``*.scenario.yml``
(:data:`PATTERNS`; the pytest plugin lets a project name others) or, asked
for them, mission libraries ``*.missions.yaml`` and ``*.missions.yml``,
in a stable (sorted) order, skipping what is never a project's own scenario
file: version-control and tool folders (``.git``, ``.venv``, ``node_modules``
and the like, :data:`SKIPPED_DIRS`) and whatever the repository's
``.gitignore`` files exclude (read with ``pathspec``, git's own rules:
deeper files win, the last matching pattern wins). A file named explicitly
is always taken.
"""
from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

import pathspec

__all__ = [
    "LIBRARY_SUFFIXES",
    "PATTERNS",
    "SKIPPED_DIRS",
    "SUFFIXES",
    "Discovery",
    "discover",
    "is_library_file",
    "is_scenario_file",
    "walk",
]

SUFFIXES = (".scenario.yaml", ".scenario.yml")
#: The names of scenario files, as shell patterns over a file's name.
PATTERNS = tuple(f"*{suffix}" for suffix in SUFFIXES)
#: Mission libraries: files of missions that scenario files import.
LIBRARY_SUFFIXES = (".missions.yaml", ".missions.yml")
#: Folders never searched, whatever .gitignore says.
SKIPPED_DIRS = frozenset(
    (
        ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".eggs",
    )
)


def is_scenario_file(path: str | os.PathLike[str], patterns: Sequence[str] = PATTERNS) -> bool:
    """True for a path (or URI) whose file name matches one of ``patterns``.

    By default: named ``*.scenario.yaml`` or ``*.scenario.yml``. Patterns
    are shell patterns (``*``, ``?``, ``[seq]``), matched case-sensitively
    against the name alone, never against the folders above it.
    """
    name = os.path.basename(os.fspath(path))
    return any(fnmatchcase(name, pattern) for pattern in patterns)


def is_library_file(path: str | os.PathLike[str]) -> bool:
    """True for a path (or URI) named ``*.missions.yaml`` or ``*.missions.yml``."""
    return os.fspath(path).endswith(LIBRARY_SUFFIXES)


class Discovery(NamedTuple):
    """The scenario files named by some paths, and the paths that do not exist."""

    files: tuple[Path, ...]
    missing: tuple[str, ...] = ()


def discover(paths: Iterable[str | os.PathLike[str]]) -> Discovery:
    """The scenario files under ``paths`` (files as given, directories searched), in order, once each."""
    files: dict[Path, None] = {}
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.update(dict.fromkeys(walk(path)))
        elif path.is_file():
            files[path] = None
        else:
            missing.append(os.fspath(raw))
    return Discovery(tuple(files), tuple(missing))


def walk(root: Path, suffixes: tuple[str, ...] = SUFFIXES) -> Iterator[Path]:
    """The files under the directory ``root`` named with one of ``suffixes`` (scenario files unless told), sorted.

    Ignored folders and files are skipped.
    """
    top = root.resolve()
    ignores = _Ignores(_enclosing_ignores(top))
    for directory, subdirs, names in os.walk(root):
        here = Path(directory)
        absolute = top / here.relative_to(root)  # .gitignore patterns are matched on absolute paths
        ignores.enter(absolute)
        subdirs[:] = sorted(d for d in subdirs if d not in SKIPPED_DIRS and not ignores.ignored(absolute / d, True))
        for name in sorted(names):
            if name.endswith(suffixes) and not ignores.ignored(absolute / name, False):
                yield here / name


class _Ignores:
    """The .gitignore files that apply to a directory being walked."""

    def __init__(self, inherited: list[tuple[Path, pathspec.GitIgnoreSpec]]) -> None:
        self._specs = inherited  # (folder of the .gitignore, its patterns), outermost first

    def enter(self, directory: Path) -> None:
        # os.walk goes top-down: every folder whose .gitignore applies is an ancestor of this one.
        self._specs = [(base, spec) for base, spec in self._specs if directory.is_relative_to(base)]
        spec = _read(directory / ".gitignore")
        if spec is not None:
            self._specs.append((directory, spec))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in reversed(self._specs):  # the deepest .gitignore decides first
            relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            include = spec.check_file(relative).include
            if include is not None:
                return include
        return False


def _enclosing_ignores(top: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
    """The .gitignore files of the folders above ``top`` (absolute) up to its repository's top, outermost first."""
    if (top / ".git").exists():
        return []
    found: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    for folder in top.parents:
        spec = _read(folder / ".gitignore")
        if spec is not None:
            found.append((folder, spec))
        if (folder / ".git").exists():
            return found[::-1]
    return []  # not inside a repository: no .gitignore above root applies


def _read(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)
