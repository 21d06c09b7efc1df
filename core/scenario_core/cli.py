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
from typing import Literal, Sequence, TextIO

from . import __version__
from .accept import apply_edits, expected_edits, refusal_of_file
from .cache import ScenarioCache
from .check import check_bytes
from .determinism import compare_runs
from .discovery import discover
from .findings import CODES, Severity
from .python_missions import PythonProjects
from .report import CheckReport
from .snapshots import describe_change, write_snapshot_file

__all__ = [
    "EXIT_FAILED",
    "EXIT_INVALID",
    "EXIT_PASSED",
    "FileReport",
    "Writes",
    "ci_mode",
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

Snapshots: a scenario or suite with `snapshot: true` is compared with
__snapshots__/<file name>.json beside the file. A run writes the snapshots of
scenarios that have none yet; in CI (CI is set, or --ci) nothing is written
and a missing or changed snapshot fails. --accept also stores every changed
snapshot and sets every failed `eq` expectation's `expected` to the actual
value, keeping the rest of the file as written.

exit status: 0 all expectations passed, 1 an expectation or a snapshot failed,
2 invalid input (YAML, structure, references, engine rules) or a missing path.
"""

_EXAMPLES = """\
examples:
  scenario run examples/                       every scenario file under examples/
  scenario run a.scenario.yaml --format json   findings, results and hashes as JSON
  scenario run tests/ --format junit > junit.xml
  scenario run --accept checkout.scenario.yaml accept every actual value and snapshot of the file
"""


#: What a run writes: ``check`` nothing (CI); ``new`` the snapshots of
#: scenarios that have none yet; ``accept`` also every actual value: failed
#: ``eq`` expectations' ``expected``, changed snapshots, orphaned entries.
Writes = Literal["check", "new", "accept"]


@dataclass(frozen=True)
class FileReport:
    """A file's report after the run; ``written`` says what the run wrote (``file:line: what``), one line each."""

    path: str
    report: CheckReport
    written: tuple[str, ...] = ()


def ci_mode(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """True when ``CI`` is set to anything but empty, ``0`` or ``false`` (as CI services set it)."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false")


def run_files(files: Sequence[Path], *, check_determinism: bool = False, writes: Writes = "check") -> list[FileReport]:
    """Check each file; Python missions run in one worker per project, stopped at the end.

    With ``check_determinism`` each file is checked twice, in fresh workers
    with different hash seeds, and scenarios whose results differ are
    reported (see :mod:`scenario_core.determinism`); nothing is written.
    ``writes`` says what else is written (see :data:`Writes`); a file that
    wrote something is checked again, so its report is what is on disk now.
    A file with input errors is never written to.
    """
    if check_determinism:
        return _run_twice(files)
    cache = ScenarioCache()
    projects = PythonProjects()
    try:
        reports = []
        for f in files:
            data = f.read_bytes()
            report = check_bytes(data, cache=cache, python=projects.for_file(f), path=f)
            written = _write(f, data, report, writes) if writes != "check" else []
            if written:
                report = check_bytes(f.read_bytes(), cache=cache, python=projects.for_file(f), path=f)
            reports.append(FileReport(str(f), report, tuple(written)))
        return reports
    finally:
        projects.close()


def _write(path: Path, data: bytes, report: CheckReport, writes: Writes) -> list[str]:
    """Write what ``writes`` asks for into ``path`` and its snapshot file; what was written, a line each."""
    snapshots = report.snapshots
    refusal = refusal_of_file(report)
    if refusal is not None:
        wanted = report.failed_count or report.snapshot_failures or (snapshots is not None and snapshots.orphans)
        return [f"{path}: not accepted: {refusal}"] if writes == "accept" and wanted else []
    lines: list[str] = []
    if writes == "accept":
        edits, refused = expected_edits(report)
        for refusal_of_one in refused:
            lines.append(f"{path}:{refusal_of_one.range.start.line + 1}: not accepted: expectation '{refusal_of_one.expectation}': {refusal_of_one.reason}")
        if edits:
            bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
            path.write_bytes(bom + apply_edits(report.lines.text, edits).encode("utf-8"))
            lines += [f"{path}:{e.range.start.line + 1}: {e.describe()}" for e in edits]
    if snapshots is None:
        return lines
    if writes == "accept":
        update = snapshots.accepted()
    else:
        missing = [name for name, state in snapshots.states.items() if state == "missing"]
        if not missing or snapshots.unreadable:  # an unreadable file is rewritten only when asked to
            return lines
        update = snapshots.accepted(missing)
    if not update.changes_anything:
        return lines
    write_snapshot_file(update)
    scenario_lines = {o.name: o.definition.name_range.start.line + 1 for o in report.scenarios if not o.shadowed}
    suite_line = report.document.suite_range.start.line + 1
    if update.rewritten:
        lines.append(f"{path}:{suite_line}: {snapshots.relative_path} could not be read; written again")
    for name in update.accepted:
        count = len(snapshots.changes(name))
        lines.append(f"{path}:{scenario_lines[name]}: snapshot of '{name}' accepted ({count} change{'s' if count != 1 else ''})")
    for name in update.added:
        lines.append(f"{path}:{scenario_lines[name]}: new snapshot of '{name}' written")
    for name in update.removed:
        lines.append(f"{path}:{suite_line}: snapshot entry '{name}' removed")
    return lines


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
    if any(r.report.verdict == "failed" for r in reports):
        return EXIT_FAILED
    return EXIT_PASSED


def _snapshot_summary(report: CheckReport) -> str:
    """``, 1 snapshot changed, 2 snapshots missing``: the snapshot failures of a file, for its summary line."""
    return "".join(f", {part}" for part in report.snapshots.summary()) if report.snapshots is not None else ""


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
        out.append(f"{fr.path}: {r.verdict}: {r.passed_count}/{total} expectations passed{_snapshot_summary(r)}{hash_part}")
    passed = sum(r.report.passed_count for r in reports)
    total = sum(len(r.report.expectations) for r in reports)
    invalid = sum(1 for r in reports if r.report.invalid)
    files = f"{len(reports)} file{'s' if len(reports) != 1 else ''}"
    snapshots = sum(r.report.snapshot_failures for r in reports)
    snapshot_part = f", {snapshots} snapshot{'s' if snapshots != 1 else ''} failed" if snapshots else ""
    out.append(f"{files}, {invalid} invalid: {passed} passed, {total - passed} failed{snapshot_part}")
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
        snapshot_tests, snapshot_failures = _snapshot_cases(suite, fr)
        tests = len(r.expectations) + (1 if input_errors else 0) + snapshot_tests
        failures = r.failed_count + snapshot_failures
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


def _snapshot_cases(suite: ET.Element, fr: FileReport) -> tuple[int, int]:
    """A ``snapshot`` testcase per snapshotted scenario that ran whole; (tests, failures) added."""
    r = fr.report
    if r.snapshots is None:
        return 0, 0
    tests = failures = 0
    invalid = next((f for f in r.findings if f.code == "snapshot_invalid"), None)
    for outcome in r.scenarios:
        state = r.snapshot_state(outcome)
        if state is None or state == "not_run":
            continue
        tests += 1
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{r.document.suite_name}.{outcome.name}",
            name="snapshot",
            file=fr.path,
            line=str(outcome.definition.name_range.start.line + 1),
        )
        if state == "unchanged":
            continue
        failures += 1
        finding = invalid or next(
            (f for f in r.findings if f.code in ("snapshot_changed", "snapshot_missing") and f.data.get("scenario") == outcome.name),
            None,
        )
        message = finding.message if finding is not None else f"snapshot {state}"
        failure = ET.SubElement(case, "failure", message=message, type=finding.code if finding is not None else state)
        failure.text = "\n".join(describe_change(c, 80) for c in r.snapshots.changes(outcome.name)) or message
    return tests, failures


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
        "--accept",
        action="store_true",
        help="accept every actual value: set each failed eq expectation's expected to what it got, "
        "store each changed or missing snapshot, remove orphaned snapshot entries; prints each change",
    )
    run.add_argument(
        "--ci",
        action="store_true",
        help="CI mode (also when the CI environment variable is set): write nothing; a missing snapshot fails",
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
    ci = args.ci or ci_mode()
    if args.accept and (ci or args.check_determinism):
        why = "--check-determinism" if args.check_determinism else ("--ci" if args.ci else "CI mode (CI is set)")
        stderr.write(f"scenario: error: --accept writes files, and {why} never does; drop one of them\n")
        return EXIT_INVALID
    writes: Writes = "accept" if args.accept else "check" if ci else "new"
    files, missing = discover(args.paths)
    for path in missing:
        stderr.write(f"scenario: error: no such file or directory: {path}\n")
    if not files and not missing:
        stderr.write(f"scenario: error: no *.scenario.yaml or *.scenario.yml files under {' '.join(args.paths)}\n")
        return EXIT_INVALID
    reports = run_files(files, check_determinism=args.check_determinism, writes=writes)
    written = "".join(f"{line}\n" for fr in reports for line in fr.written)
    # What was written comes first; in JSON and JUnit it goes to stderr, so that stdout stays one document.
    (stdout if args.format == "text" else stderr).write(written)
    if args.format == "json":
        stdout.write(format_json(reports, missing))
    elif args.format == "junit":
        stdout.write(format_junit(reports))
    else:
        stdout.write(format_text(reports, _use_colour(args.color, stdout)))
    return exit_status(reports, missing)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
