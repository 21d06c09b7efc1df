"""The projects' ``pyproject.toml`` files: their ``[tool.scenario]`` findings, published for that file.

A scenario file's project is its nearest ``pyproject.toml``
(:func:`scenario_core.project.config.find_project`). What is wrong with its
``[tool.scenario]`` table is not a finding of each scenario file, but of the
``pyproject.toml`` itself, at the key: the server reads each project's file
when it first checks a file of that project, and again when it changes (a
client's watched-file event, or the server's own look every second), and
publishes its findings whenever they differ from the ones it published last
(an empty list clears them once the table is fixed).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pygls.uris import from_fs_path

from scenario_core.project.config import project_root, read_config
from scenario_core.source.findings import Finding
from scenario_core.source.positions import Encoding, LineIndex

from ..protocol.convert import PositionConverter

__all__ = ["ConfigCheck", "ProjectConfigs"]


@dataclass(frozen=True)
class ConfigCheck:
    """The findings of one ``pyproject.toml``, with the positions of the text they were found in."""

    uri: str
    findings: tuple[Finding, ...]
    converter: PositionConverter


class ProjectConfigs:
    """The ``pyproject.toml`` of every project met, and the findings last published for each."""

    def __init__(self) -> None:
        self._stamps: dict[Path, tuple[int, int] | None] = {}
        self._published: dict[Path, tuple[Finding, ...]] = {}

    def met(self, scenario_file: Path, encoding: Encoding) -> ConfigCheck | None:
        """A check of the project of ``scenario_file`` the first time it is met; None once it is known."""
        pyproject = project_root(scenario_file) / "pyproject.toml"
        if pyproject in self._stamps or not pyproject.is_file():
            return None
        return self._read(pyproject, encoding)

    def changed(self, encoding: Encoding, pyproject: Path | None = None) -> list[ConfigCheck]:
        """Checks of the known files that changed on disk (of ``pyproject`` alone when given) and now say something else."""
        found = []
        for path in [pyproject] if pyproject is not None else list(self._stamps):
            if path not in self._stamps or _stamp(path) == self._stamps[path]:
                continue
            checked = self._read(path, encoding)
            if checked is not None:
                found.append(checked)
        return found

    def _read(self, pyproject: Path, encoding: Encoding) -> ConfigCheck | None:
        self._stamps[pyproject] = _stamp(pyproject)
        try:
            text = pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        findings = read_config(pyproject, text).findings if self._stamps[pyproject] is not None else ()
        if findings == self._published.get(pyproject, ()):
            self._published[pyproject] = findings
            return None
        self._published[pyproject] = findings
        return ConfigCheck(from_fs_path(str(pyproject)) or pyproject.as_uri(), findings, PositionConverter(LineIndex(text), encoding))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)
