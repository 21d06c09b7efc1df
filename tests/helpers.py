"""Helpers shared by the tests, so that tests read like the product's specification."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from scenario_core.check import check
from scenario_core.report import CheckReport
from scenario_core.findings import Finding

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(text: str) -> CheckReport:
    """Check a dedented document."""
    return check(textwrap.dedent(text).lstrip("\n"))


def findings(report: CheckReport, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def one(report: CheckReport, code: str) -> Finding:
    """The single finding with ``code`` (fails listing all findings otherwise)."""
    found = findings(report, code)
    assert len(found) == 1, [(f.code, f.message) for f in report.findings]
    return found[0]


def span(finding: Finding) -> tuple[int, int, int, int]:
    """(start line, start column, end line, end column), 0-based, code points."""
    r = finding.range
    return (r.start.line, r.start.column, r.end.line, r.end.column)


def missing_tool(reason: str) -> None:
    """A test's tool is not installed: a failure in CI (``CI`` set), a skip with the reason elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)
