"""``scenario run --coverage`` and ``scenario coverage combine``: a run's coverage report, and the reports of shards merged.

A run with ``--coverage`` checks every file traced, in mission workers
measured by coverage.py (see :mod:`scenario_core.coverage`); each file's
YAML part comes back with its piece of the output (:class:`CoverageRun.add`),
the Python part is in coverage.py's data files, and :meth:`CoverageRun.finish`
writes the one report once every worker has ended. The libraries under the
directories the run names are in the report even when no file imports them
(their missions at 0), so that every shard of a CI matrix has them.

``scenario coverage combine`` merges LCOV reports (ours or any tool's), the
counts of each file summed, as ``lcov -a`` does: the reports of a CI
matrix's shards become one.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

from scenario_core.coverage import (
    DEFAULT_OUTPUTS,
    FORMATS,
    CoverageConfigError,
    LcovFormatError,
    Measurement,
    ReportFormat,
    StepCoverage,
    merge_lcov,
    render_report,
)
from scenario_core.project.discovery import LIBRARY_SUFFIXES, walk

from .output import EXIT_INVALID, EXIT_PASSED

if TYPE_CHECKING:
    from scenario_core.coverage.python import PythonLines

__all__ = ["CoverageConfigError", "CoverageRun", "add_combine_command", "add_run_options", "combine"]

_RUN_HELP = """\
--coverage: which steps of YAML missions and which lines of the project's
Python code the scenarios ran, in one report (LCOV by default). Python lines
are measured by coverage.py in the mission workers, with the project's own
coverage configuration ([tool.coverage] in its pyproject.toml, .coveragerc, ...).
"""


def add_run_options(run: argparse.ArgumentParser) -> None:
    """The coverage options of ``scenario run``."""
    group = run.add_argument_group("coverage", _RUN_HELP)
    group.add_argument("--coverage", action="store_true", help="write a coverage report of the run")
    group.add_argument("--coverage-format", choices=FORMATS, default="lcov", help="the report's format (default: lcov)")
    group.add_argument(
        "--coverage-output",
        metavar="PATH",
        help="where the report goes (default: " + ", ".join(DEFAULT_OUTPUTS.values()) + " by format)",
    )
    group.add_argument(
        "--coverage-data",
        metavar="PATH",
        help="also keep the Python part as a coverage.py data file at PATH (for `coverage combine`, `coverage html`)",
    )


def add_combine_command(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """``scenario coverage combine``."""
    coverage = commands.add_parser("coverage", help="work with coverage reports (scenario coverage combine)")
    actions = coverage.add_subparsers(dest="coverage_command", metavar="ACTION")
    combine_parser = actions.add_parser(
        "combine",
        help="merge LCOV reports (the shards of a CI matrix) into one, summing each file's counts",
        description="Merge LCOV reports into one, summing each file's counts, as `lcov -a` does: "
        "for the reports of `scenario run --shard K/N --coverage` (YAML steps and Python lines alike).",
    )
    combine_parser.add_argument("reports", nargs="+", metavar="REPORT", help="LCOV files")
    combine_parser.add_argument(
        "--coverage-output", metavar="PATH", default=DEFAULT_OUTPUTS["lcov"], help=f"the merged report (default: {DEFAULT_OUTPUTS['lcov']})"
    )


def combine(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``scenario coverage combine``: 0 when the merged report was written, 2 when a report cannot be read."""
    if getattr(args, "coverage_command", None) != "combine":
        stderr.write("scenario: error: scenario coverage needs an action: combine\n")
        return EXIT_INVALID
    texts: list[tuple[str, str]] = []
    for name in args.reports:
        try:
            texts.append((name, Path(name).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            stderr.write(f"scenario: error: cannot read {name}: {getattr(error, 'strerror', None) or error}\n")
            return EXIT_INVALID
    try:
        merged = merge_lcov(texts)
    except LcovFormatError as error:
        stderr.write(f"scenario: error: {error}\n")
        return EXIT_INVALID
    Path(args.coverage_output).write_text(merged, encoding="utf-8")
    stdout.write(f"merged {len(texts)} report{'s' if len(texts) != 1 else ''} into {args.coverage_output}\n")
    return EXIT_PASSED


class CoverageRun:
    """What ``scenario run --coverage`` gathers while the files are checked, and the report it writes at the end."""

    def __init__(self, kind: ReportFormat, output: Path, data: Path | None, libraries: Sequence[Path] = ()) -> None:
        self.kind = kind
        self.output = output
        self.data = data
        self.folder = Path(tempfile.mkdtemp(prefix="scenario-coverage-"))  # where the workers write coverage.py's data
        # A context per scenario only where it can be seen: the JSON report, and coverage.py's own data.
        self.measurement = Measurement(self.folder, contexts=kind == "json" or data is not None)
        self.steps = StepCoverage()
        for library in libraries:
            self.steps.add_library(library)

    @classmethod
    def of(cls, args: argparse.Namespace, paths: Sequence[str]) -> "CoverageRun | None":
        """The coverage the command line asks for, None without ``--coverage``; ``paths`` are the files and folders run."""
        if not args.coverage:
            return None
        kind: ReportFormat = args.coverage_format
        output = Path(args.coverage_output or DEFAULT_OUTPUTS[kind])
        libraries = [library for raw in paths if Path(raw).is_dir() for library in walk(Path(raw), LIBRARY_SUFFIXES)]
        return cls(kind, output, Path(args.coverage_data) if args.coverage_data else None, libraries)

    def add(self, steps: StepCoverage | None) -> None:
        """A checked file's YAML part."""
        if steps is not None:
            self.steps.update(steps)

    def finish(self, stderr: TextIO, base: Path | None = None) -> bool:
        """Write the report (and the Python data, if asked); False, with the reason on ``stderr``, when it cannot be written.

        Names in the report are relative to ``base`` (the current folder) when inside it.
        """
        from scenario_core.coverage.python import PythonLines  # coverage.py, imported only when a report is written

        try:
            python = PythonLines(self.folder)
            text = render_report(self.kind, self.steps, python if python.projects else None, base or Path.cwd())
            if self.data is not None:
                python.save_data(self.data)
            self.output.write_text(text, encoding="utf-8")
            summary = self._summary(python)
        except CoverageConfigError as error:
            stderr.write(f"scenario: error: {error}\n")
            return False
        except OSError as error:
            stderr.write(f"scenario: error: cannot write the coverage report {self.output}: {error.strerror or error}\n")
            return False
        finally:
            self.close()
        stderr.write(f"scenario: coverage: {summary}; wrote {self.output}\n")
        return True

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _summary(self, python: PythonLines) -> str:
        steps = [step for path in self.steps.paths() for mission in self.steps.missions(path) for step in mission.lines]
        text = f"{sum(1 for s in steps if s.count)} of {len(steps)} YAML steps ran"
        totals = python.json(Path.cwd())["totals"] if python.projects else []
        if totals:
            ran, statements = sum(t["covered_lines"] for t in totals), sum(t["num_statements"] for t in totals)
            text += f", {ran} of {statements} Python statements"
        return text
