"""``scenario``: run scenario files and print the verdict, as the editor shows it.

Exit status: 0 when every expectation passed, 1 when one failed, 2 when a
file is invalid (YAML, structure, references, engine rules) or a path does
not exist.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence, TextIO

from . import __version__
from .cache import ScenarioCache
from .check import check_bytes
from .determinism import compare_runs
from .discovery import discover
from .findings import CODES, Severity
from .python_missions import PythonProjects
from .report import CheckReport

__all__ = [
    "EXIT_FAILED",
    "EXIT_INVALID",
    "EXIT_PASSED",
    "FileReport",
    "exit_status",
    "format_json",
    "format_junit",
    "format_text",
    "main",
    "run_files",
]

EXIT_PASSED, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
#: The PYTHONHASHSEED of the two runs of --check-determinism.
DETERMINISM_SEEDS = (1, 2)

_DESCRIPTION = """\
Run scenario files (*.scenario.yaml) and report the verdict.

Each scenario runs its mission calls from its initial state in the
deterministic core; expectations are checked against the results. Findings
are printed as file:line:col: severity code: message (1-based line and
column), followed by a summary.

exit status: 0 all expectations passed, 1 an expectation failed,
2 invalid input (YAML, structure, references, engine rules) or a missing path.
"""

_EXAMPLES = """\
examples:
  scenario run examples/                       every scenario file under examples/
  scenario run a.scenario.yaml --format json   findings, results and hashes as JSON
  scenario run tests/ --format junit > junit.xml
"""


@dataclass(frozen=True)
class FileReport:
    path: str
    report: CheckReport


def run_files(files: Sequence[Path], *, check_determinism: bool = False) -> list[FileReport]:
    """Check each file; Python missions run in one worker per project, stopped at the end.

    With ``check_determinism`` each file is checked twice, in fresh workers
    with different hash seeds, and scenarios whose results differ are
    reported (see :mod:`scenario_core.determinism`).
    """
    if check_determinism:
        return _run_twice(files)
    cache = ScenarioCache()
    projects = PythonProjects()
    try:
        return [FileReport(str(f), check_bytes(f.read_bytes(), cache=cache, python=projects.for_file(f), path=f)) for f in files]
    finally:
        projects.close()


def _run_twice(files: Sequence[Path]) -> list[FileReport]:
    first, second = (PythonProjects(hash_seed=seed) for seed in DETERMINISM_SEEDS)
    try:
        reports = []
        for f in files:
            data = f.read_bytes()
            once = check_bytes(data, python=first.for_file(f), path=f)
            twice = check_bytes(data, python=second.for_file(f), path=f)
            reports.append(FileReport(str(f), compare_runs(once, twice, DETERMINISM_SEEDS)))
        return reports
    finally:
        first.close()
        second.close()


def exit_status(reports: Sequence[FileReport], missing: Sequence[str]) -> int:
    if missing or any(r.report.invalid for r in reports):
        return EXIT_INVALID
    if any(r.report.failed_count for r in reports):
        return EXIT_FAILED
    return EXIT_PASSED


# -- text -------------------------------------------------------------------

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def format_text(reports: Sequence[FileReport], colour: bool) -> str:
    out: list[str] = []
    for fr in reports:
        for f in fr.report.findings:
            severity = f.severity.value
            if colour:
                severity = f"{_COLOURS[f.severity]}{severity}{_RESET}"
            location = f"{fr.path}:{f.range.start.line + 1}:{f.range.start.column + 1}"
            if colour:
                location = f"{_BOLD}{location}{_RESET}"
            out.append(f"{location}: {severity} {f.code}: {f.message}")
    for fr in reports:
        r = fr.report
        total = len(r.expectations)
        hash_part = f" test_run {r.test_run_hash[:12]}" if r.test_run_hash else ""
        out.append(f"{fr.path}: {r.verdict}: {r.passed_count}/{total} expectations passed{hash_part}")
    passed = sum(r.report.passed_count for r in reports)
    total = sum(len(r.report.expectations) for r in reports)
    invalid = sum(1 for r in reports if r.report.invalid)
    files = f"{len(reports)} file{'s' if len(reports) != 1 else ''}"
    out.append(f"{files}, {invalid} invalid: {passed} passed, {total - passed} failed")
    return "\n".join(out) + "\n"


# -- json -------------------------------------------------------------------


def format_json(reports: Sequence[FileReport], missing: Sequence[str]) -> str:
    """Version 1 of the JSON output; documented in the README ("JSON output")."""
    document = {
        "format": "scenario-harness/1",
        "version": __version__,
        "exit_status": exit_status(reports, missing),
        "missing_paths": list(missing),
        "files": [{"path": fr.path, **fr.report.to_dict()} for fr in reports],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- junit ------------------------------------------------------------------


def format_junit(reports: Sequence[FileReport]) -> str:
    """One testsuite per file, one testcase per expectation; input errors as <error>."""
    root = ET.Element("testsuites", name="scenario")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for fr in reports:
        r = fr.report
        input_errors = r.input_errors
        suite = ET.SubElement(root, "testsuite", name=r.document.suite_name or fr.path, file=fr.path)
        if input_errors:
            case = ET.SubElement(suite, "testcase", classname=fr.path, name="file is valid", file=fr.path)
            first = input_errors[0]
            error = ET.SubElement(case, "error", message=first.message, type=first.code)
            error.text = "\n".join(
                f"{fr.path}:{f.range.start.line + 1}:{f.range.start.column + 1}: {f.code}: {f.message}"
                for f in input_errors
            )
        for e in r.expectations:
            d = e.definition
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{r.document.suite_name}.{d.scenario}",
                name=d.id,
                file=fr.path,
                line=str(d.range.start.line + 1),
            )
            if not e.passed:
                message = e.finding.message if e.finding is not None else (e.code or "failed")
                failure = ET.SubElement(case, "failure", message=message, type=e.code or "failed")
                failure.text = (
                    f"op: {d.op}\nexpected: {json.dumps(d.expected)}\n"
                    f"actual: {json.dumps(e.result.to_dict()['actual'])}\npath: {d.path}"
                )
        tests = len(r.expectations) + (1 if input_errors else 0)
        failures = r.failed_count
        errors = 1 if input_errors else 0
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", "0")
        totals["tests"] += tests
        totals["failures"] += failures
        totals["errors"] += errors
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# -- entry point --------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scenario",
        description=_DESCRIPTION,
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"scenario-harness {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run",
        help="run scenario files and report the verdict",
        description=_DESCRIPTION,
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, or directories to search for *.scenario.y(a)ml")
    run.add_argument("--format", choices=("text", "json", "junit"), default="text", help="output format (default: text)")
    run.add_argument(
        "--check-determinism",
        action="store_true",
        help="run each file twice, in fresh mission workers with different PYTHONHASHSEED, "
        "and report every scenario whose results differ",
    )
    run.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour the text output (default: auto, on a terminal)"
    )
    commands.add_parser("codes", help="list every finding code with its meaning")
    return parser


class _ToStderr(logging.StreamHandler[TextIO]):
    """Where the CLI sends the core's log (an internal error's traceback, say)."""


def _log_to(stream: TextIO) -> None:
    core = logging.getLogger("scenario_core")
    core.handlers = [h for h in core.handlers if not isinstance(h, _ToStderr)]
    handler = _ToStderr(stream)
    handler.setFormatter(logging.Formatter("scenario: %(levelname)s: %(message)s"))
    core.addHandler(handler)
    core.propagate = False


def _use_colour(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    _log_to(stderr)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "codes":
        for code in CODES.values():
            stdout.write(f"{code.name:18} {code.severity.value:8} {code.summary}\n")
        return EXIT_PASSED
    if args.command != "run":
        parser.print_help(stdout)
        return EXIT_INVALID
    files, missing = discover(args.paths)
    for path in missing:
        stderr.write(f"scenario: error: no such file or directory: {path}\n")
    if not files and not missing:
        stderr.write(f"scenario: error: no *.scenario.yaml or *.scenario.yml files under {' '.join(args.paths)}\n")
        return EXIT_INVALID
    reports = run_files(files, check_determinism=args.check_determinism)
    if args.format == "json":
        stdout.write(format_json(reports, missing))
    elif args.format == "junit":
        stdout.write(format_junit(reports))
    else:
        stdout.write(format_text(reports, _use_colour(args.color, stdout)))
    return exit_status(reports, missing)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
