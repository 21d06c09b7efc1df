"""Coverage: the YAML steps that ran (from the step trace) and the Python lines (coverage.py in the worker).

The YAML part of every report is checked line by line against the traces
of ``check(trace=True)`` (each step's status and ``defined_at``), with
missions and steps found in the files by PyYAML's own composer, not ours.
The Python part is checked against coverage.py run directly, in a process
of its own, on the same calls.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import EXAMPLES, ROOT, lcov_records
from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.coverage import StepCoverage, merge_lcov, render_report
from scenario_core.coverage.python import PythonLines
from scenario_core.coverage.measure import measure_files
from scenario_core.python.missions import PythonProjects

YAML_EXAMPLES = ["passing.scenario.yaml", "own_missions.scenario.yaml", "library_missions.scenario.yaml", "failing.scenario.yaml"]


# -- independent readers ---------------------------------------------------------------------------


def written_missions(path: Path) -> dict[str, tuple[int, list[int]]]:
    """Each mission the YAML file defines: its name's line and its steps' item lines (1-based), by PyYAML's composer."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    found: dict[str, tuple[int, list[int]]] = {}
    for key, value in root.value:
        if key.value != "missions":
            continue
        for name, body in value.value:
            steps = next((v for k, v in body.value if k.value == "steps"), None)
            found[name.value] = (name.start_mark.line + 1, [item.start_mark.line + 1 for item in (steps.value if steps else [])])
    return found


def expected_counts(report: CheckReport, here: Path) -> Counter[tuple[str, int]]:
    """Times each YAML step line ran, from the traces' JSON: every step whose status is not not_reached, where it is defined."""
    counts: Counter[tuple[str, int]] = Counter()
    for outcome in report.scenarios:
        for trace in outcome.traces.values():
            for step in trace.to_dict(report.lines, here)["steps"]:
                where = step["defined_at"]
                if step["status"] != "not_reached" and where is not None and where["path"].endswith((".yaml", ".yml")):
                    counts[(str(Path(where["path"]).resolve()), where["line"])] += 1
    return counts


def traced(path: Path) -> CheckReport:
    return check(path.read_text(), path=path, python=PythonProjects().for_file(path), trace=True)


def yaml_coverage(path: Path) -> tuple[CheckReport, StepCoverage]:
    """The file's report with every call traced, and the coverage of its YAML steps."""
    report = traced(path)
    steps = StepCoverage()
    steps.add_report(report, path)
    return report, steps


def lcov_of(steps: StepCoverage, root: Path = ROOT) -> dict[str, dict[str, Any]]:
    """The LCOV of ``steps`` (paths relative to ``root``), as :func:`helpers.lcov_records` reads it."""
    return lcov_records(render_report("lcov", steps, None, root))


# -- the YAML part: the examples, line by line ---------------------------------------------------------


@pytest.mark.parametrize("name", YAML_EXAMPLES)
def test_the_lcov_of_an_example_counts_each_step_line_as_its_traces_ran_it(name: str):
    path = EXAMPLES / name
    report, steps = yaml_coverage(path)
    records = lcov_of(steps)
    counts = expected_counts(report, path)
    files = {str((ROOT / sf).resolve()) for sf in records}
    assert files == {str(path.resolve()) for path in _defining_files(report, path)}
    for sf, record in records.items():
        file = (ROOT / sf).resolve()
        missions = written_missions(file)
        assert record["FN"] == {name: line for name, (line, _) in missions.items()}
        assert set(record["DA"]) == {line for _, lines in missions.values() for line in lines}
        for line, count in record["DA"].items():
            assert count == counts[(str(file), line)], (sf, line)
        assert record["totals"] == {
            "LF": len(record["DA"]), "LH": sum(1 for c in record["DA"].values() if c),
            "FNF": len(missions), "FNH": sum(1 for c in record["FNDA"].values() if c),
        }


def _defining_files(report: CheckReport, path: Path) -> list[Path]:
    """The file and the libraries it read that define YAML missions."""
    found = [path] if report.document.missions else []
    if report.imports is not None:
        found += [p for p, library in report.imports.libraries.items() if library.document.missions]
    return found


@pytest.mark.parametrize("name", YAML_EXAMPLES)
def test_a_missions_calls_are_the_calls_of_it_whose_steps_ran(name: str):
    path = EXAMPLES / name
    report, steps = yaml_coverage(path)
    records = lcov_of(steps)
    calls: Counter[str] = Counter()
    for outcome in report.scenarios:
        for trace in outcome.traces.values():
            local = report.missions.get(trace.mission)
            if local is not None and trace.steps:
                calls[f"{local.definition.path or path}:{trace.mission}"] += 1
    shown = {f"{(ROOT / sf).resolve()}:{name}": count for sf, record in records.items() for name, count in record["FNDA"].items()}
    assert {k: v for k, v in shown.items() if v} == {str(Path(k.rsplit(':', 1)[0]).resolve()) + ":" + k.rsplit(":", 1)[1]: v for k, v in calls.items()}


@pytest.mark.parametrize("name", YAML_EXAMPLES)
def test_the_cobertura_report_of_an_example_has_the_lcov_reports_lines_and_totals(name: str):
    path = EXAMPLES / name
    _, steps = yaml_coverage(path)
    records = lcov_of(steps)
    root = ET.fromstring(render_report("cobertura", steps, None, ROOT))
    classes = {c.get("filename"): c for c in root.iter("class")}
    assert set(classes) == set(records)
    for filename, element in classes.items():
        lines = {int(l.get("number")): int(l.get("hits")) for l in element.find("lines").iter("line")}
        assert lines == records[filename]["DA"]
        methods = {m.get("name"): {int(l.get("number")) for l in m.iter("line")} for m in element.iter("method")}
        assert set(methods) == set(records[filename]["FN"])
        assert set().union(*methods.values()) == set(lines)
    valid = sum(len(r["DA"]) for r in records.values())
    covered = sum(1 for r in records.values() for c in r["DA"].values() if c)
    assert (int(root.get("lines-valid")), int(root.get("lines-covered"))) == (valid, covered)
    assert [s.text for s in root.iter("source")] == ([str(ROOT)] if records else [])


@pytest.mark.parametrize("name", YAML_EXAMPLES)
def test_the_json_report_names_the_scenarios_that_ran_each_step(name: str):
    path = EXAMPLES / name
    report, steps = yaml_coverage(path)
    document = json.loads(render_report("json", steps, None, ROOT))
    expected: dict[tuple[str, int], set[str]] = {}
    for outcome in report.scenarios:
        for trace in outcome.traces.values():
            for step in trace.to_dict(report.lines, path)["steps"]:
                where = step["defined_at"]
                if step["status"] != "not_reached" and where is not None and where["path"].endswith(".yaml"):
                    expected.setdefault((str(Path(where["path"]).resolve()), where["line"]), set()).add(f"{report.document.suite_name}/{outcome.name}")
    shown = {
        (str((ROOT / file).resolve()), step["line"]): set(step["scenarios"])
        for file, entry in document["yaml"]["files"].items()
        for mission in entry["missions"]
        for step in mission["steps"]
        if step["scenarios"]
    }
    assert shown == expected
    assert document["meta"]["format"] == "scenario-coverage" and document["python"] == {"files": {}, "totals": []}


# -- what no scenario runs --------------------------------------------------------------------------


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A project: a library with a mission no one calls, one no one imports, and a step after a failing one."""
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "shared.missions.yaml").write_text(textwrap.dedent(
        """\
        missions:
          pack:
            steps:
              - {id: box, kind: runtime, payload: {operation: set, key: boxed, value: true}}
          gift_wrap:
            steps:
              - {id: wrap, kind: runtime, payload: {operation: set, key: wrapped, value: true}}
              - {id: ribbon, kind: runtime, payload: {operation: set, key: ribbon, value: true}}
        """
    ))
    (tmp_path / "lib" / "orphan.missions.yaml").write_text(textwrap.dedent(
        """\
        missions:
          forgotten:
            steps:
              - {id: never, kind: runtime, payload: {operation: noop}}
        """
    ))
    (tmp_path / "orders.scenario.yaml").write_text(textwrap.dedent(
        """\
        suite: orders
        imports: [lib/shared.missions.yaml]
        missions:
          ship:
            steps:
              - {id: check, kind: runtime, payload: {operation: increment, key: checks}}
              - {id: stop, kind: runtime, payload: {operation: fail, reason: no stock}}
              - {id: send, kind: runtime, payload: {operation: set, key: sent, value: true}}
        scenarios:
          - name: first
            missions: [pack, ship]
          - name: second
            missions: [pack]
        """
    ))
    return tmp_path


def test_a_mission_no_scenario_calls_is_at_0_with_its_steps(shop: Path, tmp_path_factory):
    steps, _ = measure_files([shop / "orders.scenario.yaml"], tmp_path_factory.mktemp("data"))
    records = lcov_of(steps, shop)
    library = records["lib/shared.missions.yaml"]
    assert library["FNDA"] == {"pack": 2, "gift_wrap": 0}
    assert library["DA"] == {4: 2, 7: 0, 8: 0}
    assert library["totals"] == {"FNF": 2, "FNH": 1, "LF": 3, "LH": 1}


def test_a_step_after_a_failed_one_did_not_run(shop: Path, tmp_path_factory):
    steps, _ = measure_files([shop / "orders.scenario.yaml"], tmp_path_factory.mktemp("data"))
    record = lcov_of(steps, shop)["orders.scenario.yaml"]
    assert record["FNDA"] == {"ship": 1}
    assert record["DA"] == {6: 1, 7: 1, 8: 0}


def test_a_library_no_file_imports_is_there_at_0_when_the_run_names_it(shop: Path, tmp_path_factory):
    steps, _ = measure_files([shop / "orders.scenario.yaml"], tmp_path_factory.mktemp("data"), libraries=[shop / "lib" / "orphan.missions.yaml"])
    record = lcov_of(steps, shop)["lib/orphan.missions.yaml"]
    assert (record["FNDA"], record["DA"]) == ({"forgotten": 0}, {4: 0})


def test_counts_from_two_shards_merged_are_the_counts_of_one_run(shop: Path, tmp_path_factory):
    (shop / "more.scenario.yaml").write_text("suite: more\nimports: [lib/shared.missions.yaml]\nscenarios:\n  - {name: wrapped, missions: [gift_wrap, pack]}\n")
    files = [shop / "orders.scenario.yaml", shop / "more.scenario.yaml"]
    whole, _ = measure_files(files, tmp_path_factory.mktemp("data"))
    shards = [measure_files([file], tmp_path_factory.mktemp("data"))[0] for file in files]
    merged = merge_lcov((f"shard{i}", render_report("lcov", shard, None, shop)) for i, shard in enumerate(shards))
    assert merged == render_report("lcov", whole, None, shop)
    joined = StepCoverage()
    for shard in shards:
        joined.update(StepCoverage.from_dict(shard.to_dict()))
    assert joined.to_dict() == whole.to_dict()


# -- the Python part: against coverage.py run directly -----------------------------------------------------

# The reference: coverage.py started in a process of its own before the project's modules are imported, and the
# same items (as the check sends them to the worker) run by the worker's own logic in that process.
_DIRECT = """
import json, os, sys
from pathlib import Path
import coverage
root = Path(sys.argv[1])
measured = coverage.Coverage(data_file=None, source=[str(root)], config_file=False)
measured.start()
sys.path.insert(0, str(root))
from scenario_harness._worker import Worker
worker = Worker(root, open(os.devnull, "wb"))
worker.describe(json.loads(sys.argv[2]), entry_points=False)
for item in json.load(sys.stdin):
    worker._outcome(item)
measured.stop()
data = measured.get_data()
print(json.dumps({f: sorted(data.lines(f)) for f in data.measured_files()}))
"""


def _worker_items(report: CheckReport) -> list[dict[str, Any]]:
    from scenario_core.checking._calls import WorkerBatch, runs_in_worker

    batch = WorkerBatch(None, report.catalog, report.document.suite_name or "")
    for outcome in report.scenarios:
        calls = outcome.definition.calls
        for index in range(len(calls)):
            if runs_in_worker(calls[index].name, report.missions, report.catalog):
                batch.add_call(outcome.definition, index, report.missions)
    return batch.items


def test_the_python_lines_are_those_coverage_py_measures_running_the_same_calls_directly(tmp_path: Path):
    checkout = EXAMPLES / "checkout"
    files = [checkout / "passing.scenario.yaml", checkout / "failing.scenario.yaml"]
    _, reports = measure_files(files, tmp_path)
    measured = PythonLines(tmp_path).data()
    items = [item for _, report in reports for item in _worker_items(report)]
    done = subprocess.run(
        [sys.executable, "-c", _DIRECT, str(checkout), json.dumps(["checkout.missions"])],
        input=json.dumps(items), capture_output=True, text=True, check=True,
    )
    direct = json.loads(done.stdout)
    assert set(direct) == set(measured.measured_files())
    for file, lines in direct.items():
        assert sorted(measured.lines(file) or []) == lines, file
    assert len(direct) == 3 and all(direct.values())


def test_each_scenarios_python_lines_are_in_its_context(tmp_path: Path):
    path = EXAMPLES / "checkout" / "passing.scenario.yaml"
    _, [(_, report)] = measure_files([path], tmp_path)
    data = PythonLines(tmp_path).data()
    assert data.measured_contexts() == {""} | {f"checkout/{o.name}" for o in report.scenarios}
    missions = str((EXAMPLES / "checkout" / "checkout" / "missions.py").resolve())
    source = (EXAMPLES / "checkout" / "checkout" / "missions.py").read_text().splitlines()
    refund_body = next(i for i, line in enumerate(source, 1) if line.startswith("def refund(")) + 2
    by_line = data.contexts_by_lineno(missions)
    # Only the scenarios that return items refund.
    assert set(by_line[refund_body]) == {"checkout/return_one_bag", "checkout/return_everything"}


def test_the_projects_coverage_configuration_decides_what_is_measured_and_reported(tmp_path: Path):
    project = tmp_path / "proj"
    (project / "shop").mkdir(parents=True)
    (project / "shop" / "__init__.py").write_text("")
    (project / "shop" / "missions.py").write_text(textwrap.dedent(
        """\
        from scenario_harness import StepSpec, WorkflowDefinition, mission, operation
        from . import helpers

        @operation
        def restock(state, *, qty: int) -> None:
            if qty > 10:  # pragma: no cover
                state["big"] = True
            state["stock"] = helpers.add(state.get("stock", 0), qty)

        @mission
        def top_up(ctx, *, qty: int = 1) -> WorkflowDefinition:
            return WorkflowDefinition(id="top_up", steps=[StepSpec("restock", "runtime", {"operation": "restock", "qty": qty})])
        """
    ))
    (project / "shop" / "helpers.py").write_text("def add(a, b):\n    return a + b\n")
    (project / "pyproject.toml").write_text(textwrap.dedent(
        """\
        [tool.scenario]
        missions = ["shop.missions"]

        [tool.coverage.run]
        omit = ["shop/helpers.py"]
        """
    ))
    (project / "stock.scenario.yaml").write_text("suite: stock\nscenarios:\n  - name: a_few\n    missions: [{name: top_up, params: {qty: 2}}]\n")
    measure_files([project / "stock.scenario.yaml"], tmp_path / "data")
    lines = PythonLines(tmp_path / "data")
    records = lcov_records(lines.lcov(project))
    assert set(records) == {"shop/__init__.py", "shop/missions.py"}  # helpers.py is omitted
    missions = records["shop/missions.py"]["DA"]
    excluded = 7  # state["big"] = True, under the pragma
    assert excluded not in missions and 6 not in missions
    assert missions[8] == 1


def test_inside_the_coverage_package_import_coverage_is_coverage_py():
    import coverage as coverage_py

    from scenario_core.coverage import python as python_part

    assert python_part.coverage is coverage_py and hasattr(python_part.coverage, "Coverage")


def test_the_command_line_does_not_import_coverage_py_until_a_report_is_written():
    """Importing coverage.py takes a good part of a second: a run without --coverage never pays it."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, scenario_core.cli.main, scenario_lsp.server; print('coverage' in sys.modules)"],
        capture_output=True, text=True, check=True, env={k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")},
    )
    assert loaded.stdout.strip() == "False"


@pytest.mark.parametrize("name", ["library_missions.scenario.yaml", "checkout/passing.scenario.yaml", "failing.scenario.yaml"])
def test_a_check_traced_for_coverage_records_the_yaml_missions_calls_as_a_full_trace_does(name: str):
    path = EXAMPLES / name
    python = PythonProjects().for_file(path)
    full = check(path.read_text(), path=path, python=python, trace=True)
    yaml_only = check(path.read_text(), path=path, python=python, trace="yaml")
    for whole, scoped in zip(full.scenarios, yaml_only.scenarios):
        expected = {i: t.to_dict(full.lines, path) for i, t in whole.traces.items() if t.mission in full.missions}
        assert {i: t.to_dict(yaml_only.lines, path) for i, t in scoped.traces.items()} == expected
    assert yaml_only.test_run_hash == full.test_run_hash and yaml_only.findings == full.findings
