"""`scenario run --coverage`: one report of the YAML steps and Python lines a run ran, with --jobs and --shard, and `scenario coverage combine`."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import coverage
import pytest

from helpers import EXAMPLES, lcov_records
from scenario_core.cli import main


@pytest.fixture
def examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/ (with the checkout project) as the current folder, and a library no file imports."""
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("__pycache__", "__snapshots__"))
    (tmp_path / "examples" / "lib" / "unused.missions.yaml").write_text(
        "missions:\n  archive:\n    steps:\n      - {id: store, kind: runtime, payload: {operation: noop}}\n"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["run", "--color", "never", "--ci", *args], out, err)
    return status, out.getvalue(), err.getvalue()


def test_coverage_writes_scenario_coverage_lcov_and_leaves_the_verdict_as_it_was(examples: Path):
    plain = run("examples")
    measured = run("examples", "--coverage")
    assert measured[:2] == plain[:2]
    assert measured[2].endswith("; wrote scenario-coverage.lcov\n")
    records = lcov_records((examples / "scenario-coverage.lcov").read_text())
    assert {"examples/own_missions.scenario.yaml", "examples/lib/orders.missions.yaml", "examples/checkout/checkout/missions.py"} <= set(records)


def test_a_library_under_the_run_s_folders_that_no_file_imports_is_at_0(examples: Path):
    run("examples", "--coverage")
    record = lcov_records((examples / "scenario-coverage.lcov").read_text())["examples/lib/unused.missions.yaml"]
    assert (record["FNDA"], record["DA"]) == ({"archive": 0}, {4: 0})


@pytest.mark.parametrize(("kind", "default"), [("lcov", "scenario-coverage.lcov"), ("cobertura", "scenario-coverage.xml"), ("json", "scenario-coverage.json")])
def test_each_format_has_its_default_file_and_the_same_lines(examples: Path, kind: str, default: str):
    run("examples", "--coverage", "--coverage-format", kind)
    text = (examples / default).read_text()
    run("examples", "--coverage", "--coverage-output", "reference.lcov")
    lcov = lcov_records((examples / "reference.lcov").read_text())
    if kind == "lcov":
        assert lcov_records(text) == lcov
    elif kind == "cobertura":
        root = ET.fromstring(text)
        sources = [s.text for s in root.iter("source")]
        shown = {}
        for element in root.iter("class"):
            filename = element.get("filename")
            full = next(Path(s) / filename for s in sources if (Path(s) / filename).exists())
            shown[os.path.relpath(full, examples)] = {int(l.get("number")): int(l.get("hits")) for l in element.find("lines").iter("line")}
        assert shown == {sf: record["DA"] for sf, record in lcov.items()}
        assert int(root.get("lines-valid")) == sum(len(r["DA"]) for r in lcov.values())
    else:
        document = json.loads(text)
        yaml_lines = {f: {s["line"]: s["count"] for m in e["missions"] for s in m["steps"]} for f, e in document["yaml"]["files"].items()}
        python_lines = {f: {line: 1 for line in e["executed_lines"]} | {line: 0 for line in e["missing_lines"]} for f, e in document["python"]["files"].items()}
        assert yaml_lines | python_lines == {sf: record["DA"] for sf, record in lcov.items()}
        contexts = document["python"]["files"]["examples/checkout/checkout/missions.py"]["contexts"]
        assert "checkout/return_one_bag" in {c for line in contexts.values() for c in line}


def test_jobs_give_the_same_report_as_one_process(examples: Path):
    run("examples", "--coverage", "--coverage-format", "json", "--coverage-output", "serial.json")
    run("examples", "--coverage", "--coverage-format", "json", "--coverage-output", "pool.json", "--jobs", "2")
    serial, pool = (json.loads((examples / name).read_text()) for name in ("serial.json", "pool.json"))
    for document in (serial, pool):
        for totals in document["python"]["totals"]:
            totals.pop("project")
        for entry in document["python"]["files"].values():
            entry.pop("summary", None)
    assert serial["yaml"] == pool["yaml"] and serial["python"]["files"] == pool["python"]["files"]


def test_shards_merged_with_coverage_combine_count_what_one_run_counts(examples: Path):
    run("examples", "--coverage", "--coverage-output", "whole.lcov")
    for shard in (1, 2, 3):
        run("examples", "--shard", f"{shard}/3", "--coverage", "--coverage-output", f"shard{shard}.lcov")
    out, err = io.StringIO(), io.StringIO()
    status = main(["coverage", "combine", "shard1.lcov", "shard2.lcov", "shard3.lcov", "--coverage-output", "merged.lcov"], out, err)
    assert (status, out.getvalue()) == (0, "merged 3 reports into merged.lcov\n")
    whole, merged = (lcov_records((examples / name).read_text()) for name in ("whole.lcov", "merged.lcov"))
    assert set(merged) == set(whole)
    for sf, record in whole.items():
        if sf.endswith(".yaml"):
            assert merged[sf] == record, sf
        else:  # coverage.py counts a line once per run: merged, a line counts once per shard that ran it
            assert {line: bool(count) for line, count in merged[sf]["DA"].items()} == {line: bool(count) for line, count in record["DA"].items()}


def test_coverage_data_keeps_the_python_part_for_coverage_py_s_own_tools(examples: Path):
    run("examples/checkout", "--coverage", "--coverage-data", "python.coverage", "--coverage-output", "report.lcov")
    data = coverage.CoverageData(basename=str(examples / "python.coverage"))
    data.read()
    records = lcov_records((examples / "report.lcov").read_text())
    for file in data.measured_files():
        shown = os.path.relpath(file, examples)
        assert {line for line, count in records[shown]["DA"].items() if count} <= set(data.lines(file) or ())
    reported = subprocess.run(
        [sys.executable, "-m", "coverage", "report", "--data-file", "python.coverage"], capture_output=True, text=True, cwd=examples, check=True
    )
    assert "examples/checkout/checkout/missions.py" in reported.stdout


def test_the_projects_coverage_configuration_that_coverage_py_refuses_is_a_clear_error(examples: Path):
    pyproject = examples / "examples" / "checkout" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + textwrap.dedent(
        """
        [tool.coverage.run]
        branch = "sometimes"
        """
    ))
    status, _, err = run("examples/checkout", "--coverage")
    assert status == 2
    assert err.splitlines()[-1].startswith(f"scenario: error: {examples / 'examples' / 'checkout'}: coverage.py cannot read the project's configuration:")
    assert "Traceback" not in err


def test_coverage_and_check_determinism_do_not_go_together(examples: Path):
    status, _, err = run("examples", "--coverage", "--check-determinism")
    assert (status, err) == (2, "scenario: error: --coverage measures one run, and --check-determinism makes two; drop one of them\n")


def test_combine_says_which_line_of_which_report_is_not_lcov(examples: Path):
    (examples / "bad.lcov").write_text("SF:a.py\nDA:one,1\nend_of_record\n")
    out, err = io.StringIO(), io.StringIO()
    assert main(["coverage", "combine", "bad.lcov"], out, err) == 2
    assert err.getvalue() == "scenario: error: bad.lcov:2: not LCOV (invalid literal for int() with base 10: 'one'): DA:one,1\n"
