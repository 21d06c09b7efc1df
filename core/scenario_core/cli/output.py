"""The outputs of ``scenario run`` (text, JSON, JUnit), written one file at a time.

Each format has two halves. :func:`file_part` turns one file's report into
its piece of the output and a small summary; it runs wherever the file was
checked, in this process or a worker, and the report is dropped after it.
A writer (:func:`writer`) puts the pieces together in the files' order and
keeps only their summaries, so memory does not grow with the number of
files. The pieces wait in a temporary file until the last one is in: JSON
and JUnit start with totals over every file, and the text output starts
with what the run wrote to files (which the CLI prints as it happens). The
bytes are the same as if every report were kept and the whole output built
at the end.

What could not be run at all -- a path that does not exist, a file that
cannot be read, a ``FILE::SCENARIO`` naming no scenario, a selection that
selects nothing, an accept that could not be written -- is a
:class:`RunError`: an error in every format (a line on standard error and
in the text summary, an entry of the JSON's ``errors``, a JUnit testcase
with an ``<error>``), and exit status 2.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Protocol, Sequence, TextIO

from scenario_core import __version__
from scenario_core.checking.report import CheckReport, Verdict
from scenario_core.checking.snapshots import describe_change
from scenario_core.source.findings import Finding, Severity

__all__ = [
    "EXIT_FAILED",
    "EXIT_INVALID",
    "EXIT_PASSED",
    "FilePart",
    "Format",
    "RunError",
    "RunErrorCode",
    "Writer",
    "exit_status",
    "file_part",
    "writer",
]

EXIT_PASSED, EXIT_FAILED, EXIT_INVALID = 0, 1, 2

Format = Literal["text", "json", "junit"]

#: What a :class:`RunError` is about.
RunErrorCode = Literal["missing_path", "unreadable", "unknown_scenario", "nothing_selected", "not_written"]
# Each one's JUnit testcase: what held, had there been no error.
_JUNIT_CASES: dict[RunErrorCode, str] = {
    "missing_path": "path exists",
    "unreadable": "file can be read",
    "unknown_scenario": "scenario exists",
    "nothing_selected": "selection selects a scenario",
    "not_written": "accepted values are written",
}


@dataclass(frozen=True)
class RunError:
    """Something the run could not do: check a path, find a scenario, write what it accepted.

    ``path`` is the path it is about, as given (None for the selection as a
    whole); ``message`` says it whole, path included.
    """

    code: RunErrorCode
    path: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "path": self.path, "message": self.message}


@dataclass(frozen=True)
class FilePart:
    """One file's piece of the output (``text``) and the summary the totals need.

    ``snapshots`` are the file's snapshot failures as its summary line says
    them (``1 snapshot changed``); ``junit`` its testsuite's tests, failures
    and errors (JUnit output only).
    """

    path: str
    verdict: Verdict
    passed: int
    expectations: int
    test_run_hash: str | None
    snapshots: tuple[str, ...]
    snapshot_failures: int
    text: str
    junit: tuple[int, int, int] = (0, 0, 0)
    failed_scenario: str | None = None  # the first scenario with a value that did not hold (its trace says who wrote it)
    deselected: int = 0

    def summary(self) -> FilePart:
        """This part without its piece of the output: what a writer keeps."""
        return replace(self, text="")


def exit_status(parts: Sequence[FilePart], errors: Sequence[object]) -> int:
    """2 when there are ``errors`` (a path missing, say) or a file is invalid, else 1 when an expectation or snapshot failed, else 0."""
    if errors or any(p.verdict == "invalid" for p in parts):
        return EXIT_INVALID
    if any(p.verdict == "failed" for p in parts):
        return EXIT_FAILED
    return EXIT_PASSED


#: Failed expectations that compared a value some step wrote: the trace of their call says which.
_COMPARED = frozenset(("eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch", "type_error"))


def file_part(
    output: Format, path: str, report: CheckReport, colour: bool = False, verbose: bool = False, here: Path | None = None
) -> FilePart:
    """``report`` of the file at ``path`` as its piece of ``output``.

    ``verbose`` text shows, under each finding, its related places and a
    Python traceback when it has one. The JSON of a traced report has each
    scenario's ``trace`` (``here`` is the file, as the traces name it).
    """
    junit = (0, 0, 0)
    if output == "json":
        text = _json_part(path, report, here)
    elif output == "junit":
        text, junit = _junit_part(path, report)
    else:
        text = _text_part(path, report, colour, verbose)
    snapshots = tuple(report.snapshots.summary()) if report.snapshots is not None else ()
    failed = next((e.definition.scenario for e in report.expectations if e.code in _COMPARED), None)
    return FilePart(
        path,
        report.verdict,
        report.passed_count,
        len(report.expectations),
        report.test_run_hash,
        snapshots,
        report.snapshot_failures,
        text,
        junit,
        failed,
        len(report.deselected),
    )


class Writer(Protocol):
    def add(self, part: FilePart) -> None:
        """Write (or keep for later) the next file's piece."""

    def error(self, error: RunError) -> None:
        """Write (or keep for later) something the run could not do, in its place among the files."""

    def deselect(self, count: int) -> None:
        """Count ``count`` scenarios left out by the selection in a file that has no piece of the output."""

    def finish(self) -> int:
        """Write the rest; return the exit status."""


def writer(output: Format, stream: TextIO) -> Writer:
    """The writer of ``output`` to ``stream``."""
    if output == "json":
        return _JsonWriter(stream)
    if output == "junit":
        return _JunitWriter(stream)
    return _TextWriter(stream)


class _Summaries:
    """The small per-file summaries a writer keeps until the end, the run's errors, and the scenarios left out."""

    def __init__(self) -> None:
        self.parts: list[FilePart] = []
        self.errors: list[RunError] = []
        self.deselected = 0

    def add(self, part: FilePart) -> None:
        self.parts.append(part.summary())
        self.deselected += part.deselected

    def error(self, error: RunError) -> None:
        self.errors.append(error)

    def deselect(self, count: int) -> None:
        self.deselected += count

    def status(self) -> int:
        return exit_status(self.parts, self.errors)


# -- text -------------------------------------------------------------------

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def _text_part(path: str, report: CheckReport, colour: bool, verbose: bool) -> str:
    """One line per finding, ``file:line:col: severity code: message``; verbose, its related places and traceback under it."""
    out = []
    for f in report.findings:
        severity = f.severity.value
        location = f"{path}:{f.range.start.line + 1}:{f.range.start.column + 1}"
        if colour:
            severity = f"{_COLOURS[f.severity]}{severity}{_RESET}"
            location = f"{_BOLD}{location}{_RESET}"
        out.append(f"{location}: {severity} {f.code}: {f.message}\n")
        if verbose:
            out.extend(_details(path, f))
    return "".join(out)


def _details(path: str, finding: Finding) -> list[str]:
    """A finding's related places, ``file:line:col: note message`` (as compilers print notes), then its traceback, indented."""
    lines = [
        f"{_shown_path(r.path) if r.path is not None else path}:{r.range.start.line + 1}:{r.range.start.column + 1}: note: {r.message}\n"
        for r in finding.related
    ]
    traceback = finding.data.get("traceback")
    if traceback:
        lines.extend(f"    {line}\n" for line in str(traceback).rstrip("\n").split("\n"))
    return lines


def _shown_path(path: str) -> str:
    """Another file's path as the user would type it: relative to the current folder when it is inside it."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


class _Spooled(_Summaries):
    """A writer whose pieces wait in a temporary file for a header that needs the totals."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self.pieces = 0

    def add(self, part: FilePart) -> None:
        self.spool.write(self.separator(self.pieces) + part.text)
        self.pieces += 1
        super().add(part)

    def error(self, error: RunError) -> None:
        piece = self.error_piece(error)
        if piece:
            self.spool.write(self.separator(self.pieces) + piece)
            self.pieces += 1
        super().error(error)

    def separator(self, index: int) -> str:
        raise NotImplementedError

    def error_piece(self, error: RunError) -> str:
        """An error's piece of the output among the files' ("": it is only counted at the end)."""
        raise NotImplementedError

    def copy_spool(self) -> None:
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()


class _TextWriter(_Spooled):
    """Every file's findings, then a line per file, then the totals."""

    def separator(self, index: int) -> str:
        return ""

    def error_piece(self, error: RunError) -> str:
        return ""  # the CLI prints it on standard error as it happens; the summary counts it

    def finish(self) -> int:
        status = self.status()
        self.copy_spool()
        for p in self.parts:
            snapshots = "".join(f", {part}" for part in p.snapshots)
            hash_part = f" test_run {p.test_run_hash[:12]}" if p.test_run_hash else ""
            left_out = f" ({_count(p.deselected, 'scenario')} deselected)" if p.deselected else ""
            self.stream.write(
                f"{p.path}: {p.verdict}: {p.passed}/{p.expectations} expectations passed{snapshots}{hash_part}{left_out}\n"
            )
        passed = sum(p.passed for p in self.parts)
        total = sum(p.expectations for p in self.parts)
        invalid = sum(1 for p in self.parts if p.verdict == "invalid")
        failed_snapshots = sum(p.snapshot_failures for p in self.parts)
        summary = f"{_count(len(self.parts), 'file')}, {invalid} invalid: {passed} passed, {total - passed} failed"
        if failed_snapshots:
            summary += f", {_count(failed_snapshots, 'snapshot')} failed"
        if self.deselected:
            summary += f", {_count(self.deselected, 'scenario')} deselected"
        if self.errors:
            summary += f", {_count(len(self.errors), 'error')}"
        self.stream.write(summary + "\n")
        failed = next((p for p in self.parts if p.failed_scenario is not None), None)
        if failed is not None:
            self.stream.write(f"what each step did: scenario trace {_shell_word(failed.path)} --scenario {_shell_word(failed.failed_scenario or '')}\n")
        return status


def _count(count: int, thing: str) -> str:
    return f"{count} {thing}{'s' if count != 1 else ''}"


def _shell_word(text: str) -> str:
    """``text`` as one word a shell reads back as it is."""
    return shlex.quote(text)


# -- json -------------------------------------------------------------------

_INDENT = "  "
#: The files' list in the document is written in place of this (a string JSON escapes, so no path can be it).
_FILES_PLACEHOLDER = "\x00files\x00"


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def _json_part(path: str, report: CheckReport, here: Path | None) -> str:
    """The file's object, indented as an item of the document's ``files`` list."""
    shown = {"path": path, **report.to_dict()}
    if report.traced:
        for scenario, outcome in zip(shown["scenarios"], report.scenarios):
            scenario["trace"] = [outcome.traces[i].to_dict(report.lines, here) for i in sorted(outcome.traces)]
    return "\n".join(_INDENT * 2 + line for line in _dumps(shown).split("\n"))


class _JsonWriter(_Spooled):
    """Version 1 of the JSON output; documented in the README ("JSON output")."""

    def separator(self, index: int) -> str:
        return ",\n" if index else ""

    def error_piece(self, error: RunError) -> str:
        return ""  # in the document's "errors", which comes before its "files"

    def finish(self) -> int:
        status = self.status()
        document = {
            "format": "scenario-harness/1",
            "version": __version__,
            "exit_status": status,
            "missing_paths": [e.path for e in self.errors if e.code == "missing_path"],
            "errors": [e.to_dict() for e in self.errors],
            "deselected": self.deselected,
            "files": [_FILES_PLACEHOLDER] if self.parts else [],
        }
        head, _, tail = _dumps(document).partition(_INDENT * 2 + json.dumps(_FILES_PLACEHOLDER))
        self.stream.write(head)
        if self.parts:
            self.copy_spool()
        self.stream.write(tail + "\n")
        return status


# -- junit ------------------------------------------------------------------


def _junit_part(path: str, report: CheckReport) -> tuple[str, tuple[int, int, int]]:
    """One ``<testsuite>``: a testcase per expectation and per snapshot, input errors as one ``<error>``.

    Also its tests, failures and errors, for the totals.
    """
    input_errors = report.input_errors
    suite = ET.Element("testsuite", name=report.document.suite_name or path, file=path)
    if input_errors:
        case = ET.SubElement(suite, "testcase", classname=path, name="file is valid", file=path)
        first = input_errors[0]
        error = ET.SubElement(case, "error", message=first.message, type=first.code)
        error.text = "\n".join(
            f"{path}:{f.range.start.line + 1}:{f.range.start.column + 1}: {f.code}: {f.message}" for f in input_errors
        )
    for e in report.expectations:
        d = e.definition
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{report.document.suite_name}.{d.scenario}",
            name=d.id,
            file=path,
            line=str(d.range.start.line + 1),
        )
        if not e.passed:
            message = e.finding.message if e.finding is not None else (e.code or "failed")
            failure = ET.SubElement(case, "failure", message=message, type=e.code or "failed")
            failure.text = (
                f"op: {d.op}\nexpected: {json.dumps(d.expected)}\n"
                f"actual: {json.dumps(e.result.to_dict()['actual'])}\npath: {d.path}"
            )
    snapshot_tests, snapshot_failures = _snapshot_cases(suite, path, report)
    counts = (
        len(report.expectations) + (1 if input_errors else 0) + snapshot_tests,
        report.failed_count + snapshot_failures,
        1 if input_errors else 0,
    )
    suite.set("tests", str(counts[0]))
    suite.set("failures", str(counts[1]))
    suite.set("errors", str(counts[2]))
    suite.set("skipped", "0")
    ET.indent(suite, level=1)
    return ET.tostring(suite, encoding="unicode"), counts


def _snapshot_cases(suite: ET.Element, path: str, r: CheckReport) -> tuple[int, int]:
    """A ``snapshot`` testcase per snapshotted scenario that ran whole; (tests, failures) added."""
    if r.snapshots is None:
        return 0, 0
    tests = failures = 0
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
            file=path,
            line=str(outcome.definition.name_range.start.line + 1),
        )
        if state == "unchanged":
            continue
        failures += 1
        finding = r.snapshot_finding(outcome)
        message = finding.message if finding is not None else f"snapshot {state}"
        failure = ET.SubElement(case, "failure", message=message, type=finding.code if finding is not None else state)
        failure.text = "\n".join(describe_change(c, 80) for c in r.snapshots.changes(outcome.name)) or message
    return tests, failures


class _JunitWriter(_Spooled):
    """One testsuite per file, one testcase per expectation; input errors as <error>."""

    def separator(self, index: int) -> str:
        return "\n" + _INDENT

    def error_piece(self, error: RunError) -> str:
        return _junit_error(error)

    def finish(self) -> int:
        status = self.status()
        tests, failures, errors = (sum(p.junit[i] for p in self.parts) for i in range(3))
        tests, errors = tests + len(self.errors), errors + len(self.errors)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        head = f'<testsuites name="scenario" tests="{tests}" failures="{failures}" errors="{errors}"'
        if self.pieces:
            self.stream.write(head + ">")
            self.copy_spool()
            self.stream.write("\n</testsuites>\n")
        else:
            self.stream.write(head + " />\n")
        return status


def _junit_error(error: RunError) -> str:
    """A ``<testsuite>`` of one testcase whose ``<error>`` is ``error``: what CI tools show as a broken test."""
    name = error.path if error.path is not None else "selection"
    suite = ET.Element("testsuite", name=name, tests="1", failures="0", errors="1", skipped="0")
    if error.path is not None:
        suite.set("file", error.path)
    case = ET.SubElement(suite, "testcase", classname=name, name=_JUNIT_CASES[error.code])
    if error.path is not None:
        case.set("file", error.path)
    failure = ET.SubElement(case, "error", message=error.message, type=error.code)
    failure.text = error.message
    ET.indent(suite, level=1)
    return ET.tostring(suite, encoding="unicode")
