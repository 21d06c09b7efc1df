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
"""
from __future__ import annotations

import json
import shlex
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol, Sequence, TextIO

from scenario_core import __version__
from scenario_core.checking.report import CheckReport, Verdict
from scenario_core.checking.snapshots import describe_change
from scenario_core.source.findings import Severity

__all__ = [
    "EXIT_FAILED",
    "EXIT_INVALID",
    "EXIT_PASSED",
    "FilePart",
    "Format",
    "Writer",
    "exit_status",
    "file_part",
    "writer",
]

EXIT_PASSED, EXIT_FAILED, EXIT_INVALID = 0, 1, 2

Format = Literal["text", "json", "junit"]


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

    def summary(self) -> FilePart:
        """This part without its piece of the output: what a writer keeps."""
        return replace(self, text="")


def exit_status(parts: Sequence[FilePart], missing: Sequence[str]) -> int:
    """2 when a path is missing or a file invalid, else 1 when an expectation or snapshot failed, else 0."""
    if missing or any(p.verdict == "invalid" for p in parts):
        return EXIT_INVALID
    if any(p.verdict == "failed" for p in parts):
        return EXIT_FAILED
    return EXIT_PASSED


#: Failed expectations that compared a value some step wrote: the trace of their call says which.
_COMPARED = frozenset(("eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch", "type_error"))


def file_part(output: Format, path: str, report: CheckReport, colour: bool = False) -> FilePart:
    """``report`` of the file at ``path`` as its piece of ``output``."""
    junit = (0, 0, 0)
    if output == "json":
        text = _json_part(path, report)
    elif output == "junit":
        text, junit = _junit_part(path, report)
    else:
        text = _text_part(path, report, colour)
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
    )


class Writer(Protocol):
    def add(self, part: FilePart) -> None:
        """Write (or keep for later) the next file's piece."""

    def finish(self, missing: Sequence[str]) -> int:
        """Write the rest; return the exit status."""


def writer(output: Format, stream: TextIO) -> Writer:
    """The writer of ``output`` to ``stream``."""
    if output == "json":
        return _JsonWriter(stream)
    if output == "junit":
        return _JunitWriter(stream)
    return _TextWriter(stream)


class _Summaries:
    """The small per-file summaries a writer keeps until the end."""

    def __init__(self) -> None:
        self.parts: list[FilePart] = []

    def add(self, part: FilePart) -> None:
        self.parts.append(part.summary())


# -- text -------------------------------------------------------------------

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def _text_part(path: str, report: CheckReport, colour: bool) -> str:
    """One line per finding, ``file:line:col: severity code: message``."""
    out = []
    for f in report.findings:
        severity = f.severity.value
        location = f"{path}:{f.range.start.line + 1}:{f.range.start.column + 1}"
        if colour:
            severity = f"{_COLOURS[f.severity]}{severity}{_RESET}"
            location = f"{_BOLD}{location}{_RESET}"
        out.append(f"{location}: {severity} {f.code}: {f.message}\n")
    return "".join(out)


class _Spooled(_Summaries):
    """A writer whose pieces wait in a temporary file for a header that needs the totals."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")

    def add(self, part: FilePart) -> None:
        self.spool.write(self.separator(len(self.parts)) + part.text)
        super().add(part)

    def separator(self, index: int) -> str:
        raise NotImplementedError

    def copy_spool(self) -> None:
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()


class _TextWriter(_Spooled):
    """Every file's findings, then a line per file, then the totals."""

    def separator(self, index: int) -> str:
        return ""

    def finish(self, missing: Sequence[str]) -> int:
        self.copy_spool()
        for p in self.parts:
            snapshots = "".join(f", {part}" for part in p.snapshots)
            hash_part = f" test_run {p.test_run_hash[:12]}" if p.test_run_hash else ""
            self.stream.write(
                f"{p.path}: {p.verdict}: {p.passed}/{p.expectations} expectations passed{snapshots}{hash_part}\n"
            )
        passed = sum(p.passed for p in self.parts)
        total = sum(p.expectations for p in self.parts)
        invalid = sum(1 for p in self.parts if p.verdict == "invalid")
        files = f"{len(self.parts)} file{'s' if len(self.parts) != 1 else ''}"
        failed_snapshots = sum(p.snapshot_failures for p in self.parts)
        snapshot_part = f", {failed_snapshots} snapshot{'s' if failed_snapshots != 1 else ''} failed" if failed_snapshots else ""
        self.stream.write(f"{files}, {invalid} invalid: {passed} passed, {total - passed} failed{snapshot_part}\n")
        failed = next((p for p in self.parts if p.failed_scenario is not None), None)
        if failed is not None:
            self.stream.write(f"what each step did: scenario trace {_shell_word(failed.path)} --scenario {_shell_word(failed.failed_scenario or '')}\n")
        return exit_status(self.parts, missing)


def _shell_word(text: str) -> str:
    """``text`` as one word a shell reads back as it is."""
    return shlex.quote(text)


# -- json -------------------------------------------------------------------

_INDENT = "  "
#: The files' list in the document is written in place of this (a string JSON escapes, so no path can be it).
_FILES_PLACEHOLDER = "\x00files\x00"


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def _json_part(path: str, report: CheckReport) -> str:
    """The file's object, indented as an item of the document's ``files`` list."""
    return "\n".join(_INDENT * 2 + line for line in _dumps({"path": path, **report.to_dict()}).split("\n"))


class _JsonWriter(_Spooled):
    """Version 1 of the JSON output; documented in the README ("JSON output")."""

    def separator(self, index: int) -> str:
        return ",\n" if index else ""

    def finish(self, missing: Sequence[str]) -> int:
        status = exit_status(self.parts, missing)
        document = {
            "format": "scenario-harness/1",
            "version": __version__,
            "exit_status": status,
            "missing_paths": list(missing),
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

    def finish(self, missing: Sequence[str]) -> int:
        tests, failures, errors = (sum(p.junit[i] for p in self.parts) for i in range(3))
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        head = f'<testsuites name="scenario" tests="{tests}" failures="{failures}" errors="{errors}"'
        if self.parts:
            self.stream.write(head + ">")
            self.copy_spool()
            self.stream.write("\n</testsuites>\n")
        else:
            self.stream.write(head + " />\n")
        return exit_status(self.parts, missing)
