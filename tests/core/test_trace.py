"""The step trace: what each step of a call did, checked against snapshots a test harness takes around each operation.

The reference is independent of the trace's recorder: every operation the
engine (or the mission worker, run here in process) applies is wrapped to
copy the state before and after it, and the two copies are compared by a
walk written in this file. The trace of every call must list exactly those
changes, step by step, and never change a result hash.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLES, ROOT, project

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.checking.traces import Tracer, last_writer
from scenario_core.orchestration import registry
from scenario_core.orchestration.engine import OperationSpec
from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.python.missions import PythonProjects

# -- the reference: snapshots around every operation ----------------------------------------------


def reference_changes(before: Any, after: Any, path: str = "") -> list[dict[str, Any]]:
    """Where ``after`` differs from ``before`` as ``{"path", "before"?, "after"?}``, leaves compared by their JSON text."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after)):
            where = f"{path}.{key}" if path else key
            if key not in after:
                found.append({"path": where, "before": before[key]})
            elif key not in before:
                found.append({"path": where, "after": after[key]})
            else:
                found += reference_changes(before[key], after[key], where)
        return found
    if isinstance(before, list) and isinstance(after, list):
        found = []
        for index in range(max(len(before), len(after))):
            where = f"{path}.{index}" if path else str(index)
            if index >= len(after):
                found.append({"path": where, "before": before[index]})
            elif index >= len(before):
                found.append({"path": where, "after": after[index]})
            else:
                found += reference_changes(before[index], after[index], where)
        return found
    if json.dumps(before) != json.dumps(after):
        return [{"path": path, "before": before, "after": after}]
    return []


def ordered(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(changes, key=lambda c: (c["path"].count("."), c["path"]))


class Snapshots:
    """Every operation applied, in order: (operation, state before, state after) as plain JSON copies."""

    def __init__(self) -> None:
        self.applied: list[tuple[str, Any, Any]] = []

    def wrap(self, name: str, spec: OperationSpec) -> OperationSpec:
        def apply(state: dict[str, Any], payload: Any) -> None:
            before = json.loads(json.dumps(FrozenDict.thaw(state)))
            try:
                spec.apply(state, payload)
            finally:
                self.applied.append((name, before, json.loads(json.dumps(FrozenDict.thaw(state)))))

        return OperationSpec(spec.name, apply, spec.required, spec.optional, spec.summary)


@pytest.fixture
def snapshots(monkeypatch: pytest.MonkeyPatch) -> Snapshots:
    """Snapshots around every operation the engine applies in this process."""
    taken = Snapshots()
    orchestrator = registry._ORCHESTRATOR
    monkeypatch.setattr(orchestrator, "operations", {n: taken.wrap(n, s) for n, s in orchestrator.operations.items()})
    return taken


def assert_trace_matches(report: CheckReport, taken: Snapshots) -> int:
    """Each runtime step that ran has the reference's changes; human and unreached steps have none. Returns the steps compared."""
    applied = iter(taken.applied)
    compared = 0
    for outcome in report.scenarios:
        for index in range(len(outcome.definition.calls)):
            trace = outcome.traces[index]
            for step in trace.steps:
                changes = [c for c in trace.to_dict(report.lines, None)["steps"] if c["id"] == step.id][0]["changes"]
                if step.record.kind == "runtime" and step.status in ("ok", "failed"):
                    operation, before, after = next(applied)
                    assert operation == (step.record.operation or "noop")
                    assert changes == ordered(reference_changes(before, after)), (outcome.name, trace.mission, step.id)
                    compared += 1
                else:
                    assert changes == [], (outcome.name, trace.mission, step.id)
    assert next(applied, None) is None, "an operation ran that no trace step accounts for"
    return compared


# -- every example and generated suites -------------------------------------------------------------


@pytest.mark.parametrize("name", ["passing.scenario.yaml", "own_missions.scenario.yaml", "library_missions.scenario.yaml", "failing.scenario.yaml"])
def test_the_trace_of_every_call_of_an_example_is_the_reference_snapshots(name: str, snapshots: Snapshots):
    path = EXAMPLES / name
    report = check(path.read_text(), path=path, trace=True)
    assert report.traced and assert_trace_matches(report, snapshots) > 0


@pytest.mark.parametrize("scenarios", [30, 300])
def test_the_trace_of_a_generated_suite_is_the_reference_snapshots(scenarios: int, snapshots: Snapshots):
    report = check(generate(scenarios), trace=True)
    assert assert_trace_matches(report, snapshots) > scenarios


# The worker's own logic, run in a process of its own with every operation wrapped: the snapshots it takes.
_WORKER_SNAPSHOTS = """
import json, os, sys
from pathlib import Path
from scenario_core.orchestration.engine import OperationSpec
from scenario_core.orchestration.frozen import FrozenDict
from scenario_harness._worker import Worker

applied = []
table = Worker._operation_table

def wrapped(self):
    def wrap(name, spec):
        def apply(state, payload):
            before = json.loads(json.dumps(FrozenDict.thaw(state)))
            try:
                spec.apply(state, payload)
            finally:
                applied.append([name, before, json.loads(json.dumps(FrozenDict.thaw(state)))])
        return OperationSpec(spec.name, apply, spec.required, spec.optional, spec.summary)
    return {n: wrap(n, s) for n, s in table(self).items()}

Worker._operation_table = wrapped
root = Path(sys.argv[1])
sys.path.insert(0, str(root))
worker = Worker(root, open(os.devnull, "wb"))
worker.describe(["checkout.missions"], entry_points=False)
for item in json.load(sys.stdin):
    assert "result" in worker._outcome(item)
print(json.dumps(applied))
"""


def test_a_python_missions_trace_is_the_reference_snapshots_the_worker_takes():
    """The checkout example's Python operations, traced by the project's worker, against snapshots around each operation."""
    path = EXAMPLES / "checkout" / "passing.scenario.yaml"
    traced = check(path.read_text(), path=path, python=PythonProjects().for_file(path), trace=True)
    items = [item for outcome in traced.scenarios for item in _items(traced, outcome)]
    done = subprocess.run(
        [sys.executable, "-c", _WORKER_SNAPSHOTS, str(path.parent)], input=json.dumps(items), capture_output=True, text=True, check=True
    )
    applied = iter(json.loads(done.stdout))
    compared = 0
    for outcome in traced.scenarios:
        for index, trace in sorted(outcome.traces.items()):
            for step in trace.to_dict(traced.lines, path)["steps"]:
                if step["kind"] == "runtime" and step["status"] in ("ok", "failed"):
                    operation, before, after = next(applied)
                    assert step["operation"] == operation
                    assert step["changes"] == ordered(reference_changes(before, after)), (outcome.name, step["id"])
                    compared += 1
    assert compared > 5 and next(applied, None) is None


def _items(report: CheckReport, outcome: Any) -> list[dict[str, Any]]:
    """The worker items of the calls of ``outcome`` that run in the worker, as the check builds them."""
    from scenario_core.checking._calls import WorkerBatch, runs_in_worker

    batch = WorkerBatch(None, report.catalog, report.document.suite_name or "")
    calls = outcome.definition.calls
    return [batch.items[batch.add_call(outcome.definition, i, report.missions)] for i in range(len(calls)) if runs_in_worker(calls[i].name, report.missions, report.catalog)]


# -- a trace changes no result ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["passing.scenario.yaml", "own_missions.scenario.yaml", "failing.scenario.yaml", "checkout/passing.scenario.yaml"])
def test_a_traced_check_gives_the_very_results_and_hashes_of_an_untraced_one(name: str):
    path = EXAMPLES / name
    python = PythonProjects().for_file(path)
    plain = check(path.read_text(), path=path, python=python)
    traced = check(path.read_text(), path=path, python=python, trace=True)
    assert traced.test_run_hash == plain.test_run_hash
    assert [s.scenario_hash for s in traced.scenarios] == [s.scenario_hash for s in plain.scenarios]
    assert traced.findings == plain.findings


def test_a_trace_is_the_same_bytes_in_processes_with_other_hash_seeds(tmp_path: Path):
    script = textwrap.dedent(
        """
        import json, sys
        from pathlib import Path
        from scenario_core.checking.pipeline import check
        from scenario_core.python.missions import PythonProjects
        path = Path(sys.argv[1])
        report = check(path.read_text(), path=path, python=PythonProjects().for_file(path), trace=True)
        print(json.dumps([[t.to_dict(report.lines, path) for _, t in sorted(o.traces.items())] for o in report.scenarios], sort_keys=True))
        """
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        for name in ("own_missions.scenario.yaml", "checkout/passing.scenario.yaml"):
            done = subprocess.run(
                [sys.executable, "-c", script, str(EXAMPLES / name)],
                env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True,
            )
            outputs.add((name, done.stdout))
    assert len(outputs) == 2 and all(out.strip() for _, out in outputs)


# -- what a trace says ----------------------------------------------------------------------------------


def test_each_step_has_its_status_and_where_it_is_defined():
    path = EXAMPLES / "own_missions.scenario.yaml"
    report = check(path.read_text(), path=path, trace=True)
    rejected = next(o for o in report.scenarios if o.name == "out_of_stock").traces[0].to_dict(report.lines, path)
    [check_step] = rejected["steps"]
    assert (check_step["id"], check_step["status"], check_step["error"]) == ("check", "failed", "step 'check' failed: out of stock")
    assert check_step["defined_at"] == {"path": str(path), "line": _line_of(path, "- id: check") }
    shipped = next(o for o in report.scenarios if o.name == "first_order").traces[0].to_dict(report.lines, path)
    assert [(s["id"], s["status"]) for s in shipped["steps"]][:2] == [("review", "approved"), ("mark", "ok")]
    assert shipped["steps"][1]["changes"] == [{"path": "shipped", "after": True}]


def test_a_step_of_a_library_mission_is_defined_in_the_library():
    path = EXAMPLES / "library_missions.scenario.yaml"
    report = check(path.read_text(), path=path, trace=True)
    library = EXAMPLES / "lib" / "orders.missions.yaml"
    places = {s["defined_at"]["path"] for o in report.scenarios for t in o.traces.values() for s in t.to_dict(report.lines, path)["steps"]}
    assert str(library) in places


def test_a_python_missions_steps_are_defined_where_its_code_builds_them():
    path = EXAMPLES / "checkout" / "failing.scenario.yaml"
    report = check(path.read_text(), path=path, python=PythonProjects().for_file(path), trace=True)
    trace = next(o for o in report.scenarios if o.name == "return_one_bag").traces[0].to_dict(report.lines, path)
    refund = next(s for s in trace["steps"] if s["id"] == "refund")
    missions = EXAMPLES / "checkout" / "checkout" / "missions.py"
    assert refund["defined_at"] == {"path": str(missions), "line": _line_of(missions, 'StepSpec("refund"')}
    assert refund["operation_at"] == {"path": str(missions), "line": _line_of(missions, "def refund(")}
    assert refund["changes"] == [
        {"path": "refunds_cents", "after": [1620]},
        {"path": "order.refunded_cents", "before": 0, "after": 1620},
        {"path": "order.status", "before": "placed", "after": "partly_refunded"},
        {"path": "stock.BEANS-1KG", "before": 3, "after": 4},
        {"path": "order.returned.BEANS-1KG", "after": 1},
    ]


def test_steps_after_a_failed_one_are_not_reached():
    text = textwrap.dedent(
        """\
        suite: s
        missions:
          halts:
            steps:
              - {id: first, kind: runtime, payload: {operation: set, key: a, value: 1}}
              - {id: stop, kind: runtime, payload: {operation: fail, reason: no}}
              - {id: never, kind: runtime, payload: {operation: set, key: b, value: 2}}
        scenarios:
          - name: one
            missions: [halts]
        """
    )
    trace = check(text, trace=True).scenarios[0].traces[0]
    assert [(s.id, s.status) for s in trace.steps] == [("first", "ok"), ("stop", "failed"), ("never", "not_reached")]
    assert trace.success is False


# -- the last writer of a failing value ---------------------------------------------------------------


def test_a_failed_expectation_names_the_python_step_that_last_wrote_its_value():
    path = EXAMPLES / "checkout" / "failing.scenario.yaml"
    report = check(path.read_text(), path=path, python=PythonProjects().for_file(path))
    finding = next(f for f in report.findings if f.code == "eq_mismatch")
    assert finding.message == "expected [1800], got [1620]"
    [why] = finding.related
    missions = EXAMPLES / "checkout" / "checkout" / "missions.py"
    assert why.message == "final_state.refunds_cents was last written by step 'refund' of mission 'return_items'"
    assert (why.path, why.range.start.line + 1) == (str(missions), _line_of(missions, 'StepSpec("refund"'))


def test_a_value_written_whole_at_a_shorter_path_names_that_step_and_path(tmp_path: Path):
    text = textwrap.dedent(
        """\
        suite: s
        missions:
          refund:
            steps:
              - {id: reset, kind: runtime, payload: {operation: set, key: refunds, value: [0]}}
              - {id: review, kind: human}
        scenarios:
          - name: one
            initial_state: {refunds: 5}
            missions: [refund]
        expectations:
          - {id: e, scenario: one, mission: refund, path: final_state.refunds.0, op: eq, expected: 5}
        """
    )
    report = check(text)
    [why] = report.findings[0].related
    assert why.message == "final_state.refunds.0 was last written by step 'reset' of mission 'refund' (as refunds, written whole)"
    assert (why.path, why.range.start.line) == (None, 4)


def test_a_value_no_step_wrote_comes_from_the_initial_state():
    text = textwrap.dedent(
        """\
        suite: s
        scenarios:
          - name: one
            initial_state: {counter: 0, message: hi}
            missions: [daily_loop]
        expectations:
          - {id: e, scenario: one, mission: daily_loop, path: final_state.message, op: eq, expected: bye}
        """
    )
    [finding] = check(text).findings
    [why] = finding.related
    assert why.message == "final_state.message was written by no step of mission 'daily_loop': it comes from scenario 'one''s initial_state"
    assert (why.range.start.line, why.range.start.column) == (3, 4)


def test_a_built_in_missions_step_is_shown_at_the_call():
    text = "suite: s\nscenarios:\n  - name: one\n    missions: [daily_loop]\nexpectations:\n  - {id: e, scenario: one, mission: daily_loop, path: final_state.counter, op: eq, expected: 5}\n"
    [finding] = check(text).findings
    [why] = finding.related
    assert why.message == "final_state.counter was last written by step 'work' of mission 'daily_loop'"
    assert (why.range.start.line, why.range.start.column) == (3, 15)


def test_last_writer_of_the_failure_fields_is_the_failed_step():
    path = EXAMPLES / "own_missions.scenario.yaml"
    report = check(path.read_text(), path=path)
    outcome = next(o for o in report.scenarios if o.name == "out_of_stock")
    trace = Tracer(report.document, report.missions, report.catalog, None).traces([(outcome.definition, 0)])[(id(outcome.definition), 0)]
    writer = last_writer(trace, "error_message")
    assert writer is not None and writer.step is not None and writer.step.id == "check"
    assert last_writer(trace, "lineage.workflow_id") is None


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)
