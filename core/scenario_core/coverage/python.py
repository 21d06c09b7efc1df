"""The Python part of coverage: the project's lines that ran in its mission workers, as coverage.py measured them.

(How the workers are measured: :mod:`.workers`.) :class:`PythonLines` combines each project's data files
(``coverage combine``, with the project's ``[paths]``) and has coverage.py
write the LCOV, Cobertura and JSON of them, in the project's folder and with
its configuration (``omit``, ``exclude_lines`` and the rest apply as in
``coverage report``). Only the file names are ours: relative to the folder the
report is made for, as the YAML part's are.
"""
from __future__ import annotations

import contextlib
import json
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import coverage
from coverage.exceptions import CoverageException, NoDataError

from .workers import DATA_NAME, PROJECT_MARKER, CoverageConfigError
from .paths import shown_path

__all__ = ["MeasuredProject", "PythonFile", "PythonLines"]

@dataclass(frozen=True)
class PythonFile:
    """A measured Python file as coverage.py analyses it: its statements (1-based lines), those that did not run, and the contexts of each line that did."""

    path: str
    statements: tuple[int, ...]
    missing: frozenset[int]
    contexts: dict[int, list[str]]


@dataclass(frozen=True)
class MeasuredProject:
    """A project whose workers were measured: its folder, and the folder of its data files."""

    root: Path
    data: Path

    @contextlib.contextmanager
    def reporting(self) -> Iterator[coverage.Coverage]:
        """A coverage.py object over the project's combined data, in the project's folder with its configuration."""
        with contextlib.chdir(self.root):
            try:
                reporter = coverage.Coverage(data_file=str(self.data / DATA_NAME), config_file=True)
                reporter.set_option("run:parallel", False)
                reporter.load()
            except CoverageException as error:
                raise CoverageConfigError(f"{self.root}: coverage.py cannot read the project's configuration: {error}") from None
            yield reporter


class PythonLines:
    """The Python part of a run's coverage: every measured project under ``data_dir``, its workers' data combined."""

    def __init__(self, data_dir: Path) -> None:
        self.projects: list[MeasuredProject] = []
        for folder in sorted(p for p in data_dir.iterdir() if (p / PROJECT_MARKER).is_file()) if data_dir.is_dir() else ():
            project = MeasuredProject(Path(folder.joinpath(PROJECT_MARKER).read_text(encoding="utf-8")), folder)
            with contextlib.chdir(project.root):
                combining = coverage.Coverage(data_file=str(folder / DATA_NAME), config_file=True)
                with contextlib.suppress(NoDataError):
                    combining.combine([str(folder)], keep=False)
                combining.save()
            self.projects.append(project)

    def data(self) -> coverage.CoverageData:
        """Every project's lines (and arcs), by absolute file name and context, in one in-memory CoverageData."""
        merged = coverage.CoverageData(no_disk=True)
        for project in self.projects:
            with project.reporting() as reporter:
                merged.update(reporter.get_data())
        return merged

    def files(self) -> list[PythonFile]:
        """Every measured file of every project, as coverage.py's reports see it (the project's exclusions applied)."""
        found: list[PythonFile] = []
        for project in self.projects:
            with project.reporting() as reporter:
                data = reporter.get_data()
                for name in sorted(data.measured_files()):
                    try:
                        _, statements, _, missing, _ = reporter.analysis2(name)
                    except CoverageException:  # gone, or not Python any more
                        continue
                    contexts = {line: sorted(c for c in found_in if c) for line, found_in in data.contexts_by_lineno(name).items()}
                    found.append(PythonFile(name, tuple(statements), frozenset(missing), contexts))
        return found

    def save_data(self, path: Path) -> None:
        """Every project's data as one coverage.py data file at ``path``, for ``coverage combine`` and ``coverage report``."""
        saved = coverage.CoverageData(basename=str(path))
        saved.erase()
        for project in self.projects:
            with project.reporting() as reporter:
                saved.update(reporter.get_data())
        saved.write()

    def lcov(self, base: Path) -> str:
        """coverage.py's LCOV of every project, its ``SF:`` names relative to ``base``."""
        out: list[str] = []
        for project in self.projects:
            text = self._written(project, "lcov")
            for line in text.splitlines(keepends=True):
                if line.startswith("SF:"):
                    line = "SF:" + shown_path(project.root / line[3:].rstrip("\n"), base) + "\n"
                out.append(line)
        return "".join(out)

    def cobertura(self) -> list[ET.Element]:
        """coverage.py's Cobertura XML of every project (each with its own ``<sources>``)."""
        return [ET.fromstring(self._written(project, "xml")) for project in self.projects if self._has_data(project)]

    def json(self, base: Path) -> dict[str, Any]:
        """coverage.py's JSON of every project, with contexts: ``{"files": {name: ...}, "totals": [...]}``, names relative to ``base``."""
        files: dict[str, Any] = {}
        totals: list[dict[str, Any]] = []
        for project in self.projects:
            if not self._has_data(project):
                continue
            written = json.loads(self._written(project, "json"))
            for name, entry in written["files"].items():
                files[shown_path(project.root / name, base)] = _ordered_contexts(entry)
            totals.append({"project": shown_path(project.root, base), **written["totals"]})
        return {"files": dict(sorted(files.items())), "totals": totals}

    def _has_data(self, project: MeasuredProject) -> bool:
        with project.reporting() as reporter:
            return bool(reporter.get_data().measured_files())

    def _written(self, project: MeasuredProject, kind: str) -> str:
        """One of coverage.py's reports of ``project`` as text ("" when it has no data)."""
        with tempfile.TemporaryDirectory(prefix="scenario-coverage-") as folder:
            out = str(Path(folder) / f"report.{kind}")
            with project.reporting() as reporter:
                if not reporter.get_data().measured_files():
                    return ""
                try:
                    if kind == "lcov":
                        reporter.lcov_report(outfile=out)
                    elif kind == "xml":
                        reporter.xml_report(outfile=out)
                    else:
                        reporter.json_report(outfile=out, show_contexts=True, pretty_print=False)
                except NoDataError:
                    return ""
            return Path(out).read_text(encoding="utf-8")


def _ordered_contexts(value: Any) -> Any:
    """coverage.py's JSON with every ``contexts`` table in line order, each line's contexts sorted.

    coverage.py lists them in the order its data file numbered them, which
    depends on which worker saved first: sorted, the same run gives the same bytes.
    """
    if isinstance(value, dict):
        return {
            key: (
                {line: sorted(found) for line, found in sorted(item.items(), key=lambda pair: int(pair[0]))}
                if key == "contexts" and isinstance(item, dict)
                else _ordered_contexts(item)
            )
            for key, item in value.items()
        }
    return value
