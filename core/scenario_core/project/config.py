"""The project a scenario file belongs to: the nearest ``pyproject.toml`` and its ``[tool.scenario]``.

::

    [tool.scenario]
    missions = ["checkout.missions"]   # modules that register Python missions and operations
    timeout = 10                       # seconds a mission call may take (default 10)
    memory_limit_mb = 2048             # the worker's address-space limit (default 2048; 0: none)
    paths = ["scenarios"]              # what `scenario run` runs with no PATH (default: the project's folder)

The modules are imported (by a worker process, never here) with the
project's folder on ``sys.path``. A file with no ``pyproject.toml`` above it
belongs to its own folder, with no modules.

What is wrong with the table is a finding in ``pyproject.toml`` itself, at
the key or value it is about (``invalid_config``); a table under ``[tool]``
that looks like ours but is not (``[tool.scenarios]``) is an
``unknown_table`` warning at its name. The values are tomllib's; where they
are written comes from :mod:`._toml_places`.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from scenario_core.orchestration.registry import closest_name
from scenario_core.source.findings import Finding, show_value
from scenario_core.source.positions import DOCUMENT_START, SourceRange

from ._toml_places import Place, places

__all__ = [
    "DEFAULT_MEMORY_LIMIT_MB",
    "DEFAULT_TIMEOUT_S",
    "KEYS",
    "ProjectConfig",
    "find_project",
    "project_configs",
    "project_root",
    "read_config",
]

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MEMORY_LIMIT_MB = 2048
#: The keys of ``[tool.scenario]``, in the order the docs list them.
KEYS = ("missions", "timeout", "memory_limit_mb", "paths")
#: Names of tables under ``[tool]`` that are ours in all but spelling.
_LOOKALIKES = ("scenarios", "scenario_harness", "scenario-harness", "scenarioharness", "scenario_lsp", "scenario-lsp")


@dataclass(frozen=True)
class ProjectConfig:
    """What ``[tool.scenario]`` says; ``findings`` are what is wrong with it, in ``pyproject``'s text.

    ``paths`` are absolute (relative ones are read from the project's folder).
    """

    root: Path
    pyproject: Path | None = None
    missions: tuple[str, ...] = ()
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB
    paths: tuple[Path, ...] = ()
    findings: tuple[Finding, ...] = field(default=(), compare=False)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity.value == "error")


def find_project(scenario_file: Path) -> ProjectConfig:
    """The configuration of the project ``scenario_file`` belongs to (the nearest pyproject.toml above it)."""
    root = project_root(scenario_file)
    pyproject = root / "pyproject.toml"
    return read_config(pyproject) if pyproject.is_file() else ProjectConfig(root=root)


def project_root(scenario_file: Path) -> Path:
    """The folder of the project ``scenario_file`` belongs to, without reading its configuration.

    The folder of the nearest ``pyproject.toml`` above the file, else the file's own folder
    (the ``root`` :func:`find_project` gives).
    """
    folder = scenario_file.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return folder


def project_configs(files: Iterable[Path]) -> list[ProjectConfig]:
    """The configuration of each project ``files`` belong to, once each, in the order of the files."""
    seen: dict[Path, ProjectConfig] = {}
    for file in files:
        root = project_root(file)
        if root not in seen:
            seen[root] = find_project(file)
    return list(seen.values())


def read_config(pyproject: Path, text: str | None = None) -> ProjectConfig:
    """``[tool.scenario]`` of ``pyproject`` (of ``text``, its unsaved text, when given), and what is wrong with it."""
    root = pyproject.parent
    if text is None:
        try:
            text = pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            return ProjectConfig(root, pyproject, findings=(_invalid(f"{pyproject.name} cannot be read: {error}", DOCUMENT_START),))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return ProjectConfig(root, pyproject, findings=(_syntax_error(pyproject.name, error),))
    return _Reader(root, pyproject, document, places(text)).config()


class _Reader:
    """Reads ``[tool.scenario]`` of one document, noting each problem at the key or value it is about."""

    def __init__(self, root: Path, pyproject: Path, document: dict[str, Any], where: dict[tuple[str, ...], Place]) -> None:
        self.root = root
        self.pyproject = pyproject
        self.document = document
        self.where = where
        self.findings: list[Finding] = []

    def config(self) -> ProjectConfig:
        tool = self.document.get("tool", {})
        if not isinstance(tool, dict):
            return self._done()
        for name in tool:
            if name != "scenario" and _looks_like_ours(name):
                self.findings.append(
                    Finding(
                        "unknown_table",
                        f"[tool.{name}] is not read by Scenario Harness; did you mean [tool.scenario]?",
                        self._key(("tool", name)),
                        data={"table": f"tool.{name}", "suggestion": "tool.scenario"},
                    )
                )
        table = tool.get("scenario")
        if table is None:
            return self._done()
        if not isinstance(table, dict):
            self._wrong(("tool", "scenario"), f"[tool.scenario] must be a table, not {show_value(table)}", at_key=True)
            return self._done()
        for key in table:
            if key not in KEYS:
                suggestion = closest_name(key, KEYS)
                hint = f"; did you mean '{suggestion}'?" if suggestion else f"; the keys are {', '.join(KEYS)}"
                self.findings.append(
                    Finding(
                        "invalid_config",
                        f"[tool.scenario] has no key '{key}'{hint}",
                        self._key(("tool", "scenario", key)),
                        data={"key": key, "suggestion": suggestion},
                    )
                )
        missions = self._texts(table, "missions", 'a list of module names, such as ["checkout.missions"]')
        timeout = self._number(table, "timeout", DEFAULT_TIMEOUT_S, lambda v: v > 0, "a number of seconds above 0")
        memory = self._number(
            table, "memory_limit_mb", DEFAULT_MEMORY_LIMIT_MB, lambda v: v >= 0 and float(v).is_integer(), "a whole number of megabytes (0: no limit)"
        )
        paths = self._paths(table)
        return self._done(tuple(missions), float(timeout), int(memory), paths)

    def _done(self, missions: tuple[str, ...] = (), timeout: float = DEFAULT_TIMEOUT_S, memory: int = DEFAULT_MEMORY_LIMIT_MB, paths: tuple[Path, ...] = ()) -> ProjectConfig:
        findings = tuple(sorted(self.findings, key=lambda f: (f.range.start, f.range.end, f.code, f.message)))
        return ProjectConfig(self.root, self.pyproject, missions, timeout, memory, paths, findings)

    # -- values --------------------------------------------------------------------------------
    def _texts(self, table: dict[str, Any], key: str, what: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self._wrong(("tool", "scenario", key), f"[tool.scenario] {key} must be {what}, not {show_value(value)}")
            return []
        good = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                good.append(item)
            else:
                self._wrong(("tool", "scenario", key), f"[tool.scenario] {key} must be {what}; item {index + 1} is {show_value(item)}", item=index)
        return good

    def _number(self, table: dict[str, Any], key: str, default: float, valid: Callable[[float], bool], what: str) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not valid(value):
            self._wrong(("tool", "scenario", key), f"[tool.scenario] {key} must be {what}, not {show_value(value)}")
            return default
        return value

    def _paths(self, table: dict[str, Any]) -> tuple[Path, ...]:
        self._texts(table, "paths", 'a list of files and folders to run, such as ["scenarios"]')
        value = table.get("paths", [])
        found = []
        for index, item in enumerate(value if isinstance(value, list) else []):
            if not (isinstance(item, str) and item.strip()):
                continue  # said by _texts
            path = self.root / item  # an absolute item stays itself
            if path.exists():
                found.append(path.resolve())
            else:
                self._wrong(("tool", "scenario", "paths"), f"[tool.scenario] paths: '{item}' does not exist in {self.root}", item=index)
        return tuple(found)

    # -- where ---------------------------------------------------------------------------------
    def _wrong(self, path: tuple[str, ...], message: str, *, item: int | None = None, at_key: bool = False) -> None:
        place = self.where.get(path)
        if place is None:
            at = self._key(path)
        elif item is not None and item < len(place.items):
            at = place.items[item]
        elif place.value is not None and not at_key:
            at = place.value
        else:
            at = place.key
        self.findings.append(Finding("invalid_config", message, at, data={"key": path[-1]}))

    def _key(self, path: tuple[str, ...]) -> SourceRange:
        """Where ``path`` is written; else the nearest table above it that is; else the start of the file."""
        for depth in range(len(path), 0, -1):
            place = self.where.get(path[:depth])
            if place is not None:
                return place.key
        return DOCUMENT_START


def _looks_like_ours(name: str) -> bool:
    normal = name.lower().replace("-", "_")
    return normal in {n.replace("-", "_") for n in _LOOKALIKES} or normal == "scenario" or closest_name(normal, ("scenario",)) is not None


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _syntax_error(name: str, error: tomllib.TOMLDecodeError) -> Finding:
    """tomllib's message at the place it names ("Invalid value (at line 3, column 11)")."""
    message = str(error)
    at = _AT.search(message)
    if at is None:
        return _invalid(f"{name} is not valid TOML: {message}", DOCUMENT_START)
    line, column = int(at.group(1)) - 1, int(at.group(2)) - 1
    text = message[: at.start()]
    return _invalid(f"{name} is not valid TOML: {text[:1].lower() + text[1:]}", SourceRange.of(line, column, line, column + 1))


def _invalid(message: str, at: SourceRange) -> Finding:
    return Finding("invalid_config", message, at)
