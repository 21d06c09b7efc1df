"""The projects' ``[tool.scenario]`` findings in a run's output: once per ``pyproject.toml``, before the files.

A project's configuration is not a scenario file's: what is wrong with it is
reported at its key in ``pyproject.toml`` (``pyproject.toml:3:1: error
invalid_config: ...``), once for every project the run's files belong to,
and an error makes the run invalid (exit status 2), as an invalid file does.
In JSON it is an entry of ``files`` with the ``pyproject.toml``'s path; in
JUnit a testsuite of its own.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from scenario_core.checking.document import read_document
from scenario_core.checking.report import CheckReport
from scenario_core.project.config import project_configs
from scenario_core.source.positions import LineIndex

from .output import FilePart, Format, file_part

__all__ = ["configuration_parts"]


def configuration_parts(files: Sequence[Path], output: Format, colour: bool) -> list[FilePart]:
    """The output of each project's ``pyproject.toml`` that has findings, once each, in the order of the files."""
    parts = []
    for config in project_configs(files):
        if not config.findings or config.pyproject is None:
            continue
        try:
            text = config.pyproject.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        findings = list(config.findings)
        report = CheckReport(read_document(None, LineIndex(text), findings), config.findings)
        parts.append(file_part(output, _shown(config.pyproject), report, colour))
    return parts


def _shown(path: Path) -> str:
    """The path as the run shows files: relative to the current folder when it is under it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
