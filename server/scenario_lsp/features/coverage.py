"""``scenario.runCoverage``: a run's coverage as the CoverageReport of docs/server-contract.md.

The run itself is the core's (:func:`scenario_core.coverage.measure.measure_files`:
traced checks, mission workers measured by coverage.py); this module
shapes what it found for an editor: per file, each line that can run with
the times it ran (YAML steps) or whether it ran (Python statements), the
scenarios that ran it, and each YAML mission with its calls. Lines are
zero-based, as LSP counts them.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from pygls.uris import from_fs_path

from scenario_core.checking.report import CheckReport
from scenario_core.coverage import MissionLines, StepCoverage, scenario_label
from scenario_core.coverage.measure import measure_files
from scenario_core.project.config import ProjectConfig
from scenario_core.project.files import Files

from ..protocol.contract import CoverageReport, CoveredFile, CoveredLine, CoveredScenario

if TYPE_CHECKING:  # reading the Python part imports coverage.py: only when a coverage run asks
    from scenario_core.coverage.python import PythonFile, PythonLines

__all__ = ["coverage_report", "run_with_coverage"]


def _uri(path: str | Path) -> str:
    return from_fs_path(str(path)) or Path(path).as_uri()


class _Scenarios:
    """The scenarios of a run, each with its index in the report, found by their coverage label."""

    def __init__(self, reports: Sequence[tuple[Path, CheckReport]]) -> None:
        self.listed: list[CoveredScenario] = []
        self.index: dict[str, int] = {}
        for path, report in reports:
            for outcome in report.scenarios:
                label = scenario_label(report.document.suite_name, outcome.name)
                if label not in self.index:  # a repeated name: the suite keeps the last, the label is one
                    self.index[label] = len(self.listed)
                    self.listed.append(CoveredScenario(uri=_uri(path), scenario=outcome.name, label=label))

    def of(self, labels: set[str] | list[str]) -> list[int]:
        return sorted(self.index[label] for label in labels if label in self.index)


def _yaml_file(path: str, missions: Sequence[MissionLines], scenarios: _Scenarios) -> CoveredFile:
    lines = [
        CoveredLine(line=step.line - 1, count=step.count, scenarios=scenarios.of(step.scenarios))
        for mission in missions
        for step in mission.lines
    ]
    return CoveredFile(
        uri=_uri(path),
        kind="yaml",
        lines=sorted(lines, key=lambda line: line["line"]),
        missions=[{"name": m.name, "line": m.line - 1, "count": m.calls} for m in missions],
    )


def _python_file(file: PythonFile, scenarios: _Scenarios) -> CoveredFile:
    lines = [
        CoveredLine(line=line - 1, count=0 if line in file.missing else 1, scenarios=scenarios.of(file.contexts.get(line, [])))
        for line in file.statements
    ]
    return CoveredFile(uri=_uri(file.path), kind="python", lines=lines, missions=[])


def coverage_report(
    steps: StepCoverage, python: PythonLines | None, reports: Sequence[tuple[Path, CheckReport]], workspace: bool
) -> CoverageReport:
    """The CoverageReport of a run: its YAML part ``steps``, its Python part ``python``, the traced ``reports`` of its files."""
    scenarios = _Scenarios(reports)
    files = [_yaml_file(path, missions, scenarios) for path in steps.paths() if (missions := steps.missions(path))]
    if python is not None:
        files += [_python_file(file, scenarios) for file in python.files()]
    return CoverageReport(files=files, scenarios=scenarios.listed, workspace=workspace)


def run_with_coverage(
    paths: Sequence[Path],
    python: Sequence[str],
    enabled: bool,
    files: Files,
    libraries: Sequence[Path],
    workspace: bool,
    trusted: Callable[[ProjectConfig], bool],
) -> tuple[StepCoverage, CoverageReport]:
    """Run ``paths`` (as ``files`` hold them) with coverage: the YAML part, and the CoverageReport of both parts.

    ``libraries`` are in the report even when no file imports them;
    ``python`` and ``enabled`` are the server's settings for Python missions;
    ``trusted`` says whether a project's code may run (the server's trust: an
    untrusted project's calls are ``untrusted_project``, and nothing of it runs).
    Blocks while the files run: call it off the event loop.
    """
    from scenario_core.coverage.python import PythonLines

    with tempfile.TemporaryDirectory(prefix="scenario-coverage-", ignore_cleanup_errors=True) as data:
        folder = Path(data)
        steps, reports = measure_files(paths, folder, python=python, enabled=enabled, files=files, libraries=libraries, trusted=trusted)
        python_lines = PythonLines(folder)
        return steps, coverage_report(steps, python_lines if python_lines.projects else None, reports, workspace)
