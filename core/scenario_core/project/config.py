"""The project a scenario file belongs to: the nearest ``pyproject.toml`` and its ``[tool.scenario]``.

::

    [tool.scenario]
    missions = ["checkout.missions"]   # modules that register Python missions and operations
    timeout = 10                       # seconds a mission call may take (default 10)
    memory_limit_mb = 2048             # the worker's address-space limit (default 2048; 0: none)

The modules are imported (by a worker process, never here) with the
project's folder on ``sys.path``. A file with no ``pyproject.toml`` above it
belongs to its own folder, with no modules.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_MEMORY_LIMIT_MB", "DEFAULT_TIMEOUT_S", "ProjectConfig", "find_project", "project_root"]

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MEMORY_LIMIT_MB = 2048
_KEYS = ("missions", "timeout", "memory_limit_mb")


@dataclass(frozen=True)
class ProjectConfig:
    """What ``[tool.scenario]`` says; ``problems`` are what is wrong with it, worded for a finding."""

    root: Path
    pyproject: Path | None = None
    missions: tuple[str, ...] = ()
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB
    problems: tuple[str, ...] = field(default=(), compare=False)


def find_project(scenario_file: Path) -> ProjectConfig:
    """The configuration of the project ``scenario_file`` belongs to (the nearest pyproject.toml above it)."""
    root = project_root(scenario_file)
    pyproject = root / "pyproject.toml"
    return _read(pyproject) if pyproject.is_file() else ProjectConfig(root=root)


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


def _read(pyproject: Path) -> ProjectConfig:
    root = pyproject.parent
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return ProjectConfig(root, pyproject, problems=(f"{pyproject.name} cannot be read: {error}",))
    table = document.get("tool", {}).get("scenario", {})
    if not isinstance(table, dict):
        return ProjectConfig(root, pyproject, problems=("[tool.scenario] must be a table",))
    problems: list[str] = []
    for key in table:
        if key not in _KEYS:
            problems.append(f"[tool.scenario] has an unknown key '{key}'; the keys are {', '.join(_KEYS)}")
    missions = table.get("missions", [])
    if not (isinstance(missions, list) and all(isinstance(m, str) and m for m in missions)):
        problems.append("[tool.scenario] missions must be a list of module names, such as [\"checkout.missions\"]")
        missions = []
    timeout = _number(table, "timeout", DEFAULT_TIMEOUT_S, problems, lambda v: v > 0, "a number of seconds above 0")
    memory = _number(table, "memory_limit_mb", DEFAULT_MEMORY_LIMIT_MB, problems, lambda v: v >= 0 and float(v).is_integer(), "a whole number of megabytes (0: no limit)")
    return ProjectConfig(root, pyproject, tuple(missions), float(timeout), int(memory), tuple(problems))


def _number(table: dict[str, Any], key: str, default: float, problems: list[str], valid: Any, what: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not valid(value):
        problems.append(f"[tool.scenario] {key} must be {what}, not {value!r}")
        return default
    return value
