"""Helpers shared by the tests, so that tests read like the product's specification."""
from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path
from typing import Any, Callable, TypeVar

import pytest

from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.source.findings import Finding

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

T = TypeVar("T")


# -- waiting ----------------------------------------------------------------------------------


def _time_scale() -> float:
    """SCENARIO_TEST_TIME_SCALE: how many times longer than by default the tests wait for anything."""
    given = os.environ.get("SCENARIO_TEST_TIME_SCALE", "1")
    try:
        scale = float(given)
    except ValueError:
        scale = 0.0
    if not scale > 0:
        raise ValueError(f"SCENARIO_TEST_TIME_SCALE must be a positive number, not {given!r}")
    return scale


#: The one factor every deadline of the tests is multiplied by (the editor drivers read the same
#: variable). At 1 the deadlines are generous enough for a 2-core machine busy with other work
#: (`make test-loaded`); a slower machine raises it. Tests wait on events; a deadline only says
#: when to give up waiting.
TIME_SCALE = _time_scale()


def scaled(seconds: float) -> float:
    """``seconds`` times SCENARIO_TEST_TIME_SCALE: a deadline, never a pause."""
    return seconds * TIME_SCALE


#: How long a test waits for something that is coming (a diagnostic published, a file written, a
#: notification shown) before it fails: ample on a loaded machine, and only a failing test waits it out.
WAIT_S = scaled(60.0)


def eventually(condition: Callable[[], T], what: str, timeout_s: float = WAIT_S) -> T:
    """The first true value ``condition()`` gives, polled until ``timeout_s``; then the test fails naming ``what``."""
    deadline = time.monotonic() + timeout_s
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")
        time.sleep(0.02)
    return value


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


# -- projects with Python missions ------------------------------------------------------------


def def_line(function: str, module: str) -> int:
    """The 1-based line of ``def function`` in the module's text."""
    return next(i for i, line in enumerate(textwrap.dedent(module).splitlines(), 1) if line.startswith(f"def {function}("))


def project(root: Path, module: str, *, timeout: float = 10, memory_mb: int = 0, name: str = "shop") -> Path:
    """A project under ``root``: pyproject.toml naming ``<name>.missions``, and that module."""
    (root / name).mkdir(parents=True, exist_ok=True)
    (root / name / "__init__.py").write_text("")
    (root / name / "missions.py").write_text(textwrap.dedent(module))
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "{name}"\nversion = "0"\n\n[tool.scenario]\nmissions = ["{name}.missions"]\n'
        f"timeout = {timeout}\nmemory_limit_mb = {memory_mb}\n"
    )
    return root / "suite.scenario.yaml"


def located(report: CheckReport, needle: str, nth: int = 0) -> tuple[int, int, int, int]:
    """The span of the ``nth`` occurrence of ``needle`` in the checked text."""
    text = report.lines.text
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return (line, column, line, column + len(needle))


# -- coverage reports ---------------------------------------------------------------------------------

#: A project's missions module whose operation has a branch only a big order (qty > 10) takes: what
#: the coverage tests of the plugin and the server measure.
STOCK_MISSIONS = '''
from scenario_harness import StepSpec, WorkflowDefinition, mission, operation


@operation
def restock(state: dict, *, qty: int) -> None:
    if qty > 10:
        state["big_order"] = True
    state["stock"] = state.get("stock", 0) + qty


@mission
def top_up(ctx, *, qty: int = 1) -> WorkflowDefinition:
    return WorkflowDefinition(id="top_up", steps=[StepSpec("restock", "runtime", {"operation": "restock", "qty": qty})])
'''


def lcov_records(text: str) -> dict[str, dict[str, Any]]:
    """LCOV as ``{SF: {"DA": {line: count}, "FN": {name: line}, "FNDA": {name: count}, "totals": {...}}}``."""
    records: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key == "SF":
            current = records.setdefault(value, {"DA": {}, "FN": {}, "FNDA": {}, "totals": {}})
        elif key == "DA":
            at, count = value.split(",")[:2]
            current["DA"][int(at)] = int(count)
        elif key == "FN":
            parts = value.split(",")
            current["FN"][parts[-1]] = int(parts[0])
        elif key == "FNDA":
            count, name = value.split(",", 1)
            current["FNDA"][name] = int(count)
        elif key in ("LF", "LH", "FNF", "FNH"):
            current["totals"][key] = int(value)
    return records
