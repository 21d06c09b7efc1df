"""What ``scenario run --coverage`` costs over ``scenario run``, on many files with Python missions.

FILES generated files of SCENARIOS scenarios each (default 200 × 100,
20,000 scenarios; bench/generate.py) in a project whose Python mission
``python_loop`` builds daily_loop's workflow with the project's Python
operation ``bump`` in place of ``increment``: every file calls Python
missions and operations (in the mission worker) and its own YAML mission
``ship_order`` (in this process). Measured in fresh processes, interleaved
round by round so that load changes hit every command alike:

* ``scenario run --jobs 1 DIR`` and ``scenario run --jobs 1 --coverage DIR``
  (the LCOV report of the YAML steps and of the Python lines coverage.py
  measured in the worker), and the same with ``--jobs 2``;
* ``--coverage --coverage-format json`` with ``--jobs 1``: the report with
  the scenarios that ran each line, measured with a coverage.py context per
  scenario (LCOV and Cobertura have no place for contexts, and go without);
* the ratio of each to ``scenario run``, round by round (target: ``--coverage``
  at most 1.5× ``scenario run``).

Files and reports go to a folder under the system's temporary folder
(``scenario-harness-bench-coverage``).

    python bench/bench_coverage.py                        # 200 files x 100 scenarios, 3 rounds
    python bench/bench_coverage.py --files 20 --runs 1    # a quick look
    python bench/bench_coverage.py --json > bench/out/coverage.json

This is a script, not a timed test: figures depend on the machine, ratios
much less so.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from environment import describe, report, summary  # noqa: E402
from commands import measured  # noqa: E402
from generate import python_twin, write_missions_project, write_suites  # noqa: E402

SCRATCH = Path(tempfile.gettempdir()) / "scenario-harness-bench-coverage"
TARGET = 1.5

MISSIONS = '''"""daily_loop's workflow built in Python, with a Python operation in place of increment."""
from scenario_harness import StepSpec, WorkflowDefinition, mission, operation


@operation
def bump(state: dict, *, key: str, by: int = 1) -> None:
    """Adds ``by`` to ``state[key]`` (0 when absent)."""
    current = state.get(key, 0)
    if not isinstance(current, int):
        raise TypeError(f"{key} is not a number")
    state[key] = current + by


@mission
def python_loop(ctx, **params) -> WorkflowDefinition:
    return WorkflowDefinition(id="daily_loop", name="daily_loop", steps=[
        StepSpec("plan", "runtime", {"operation": "noop", "params": params}),
        StepSpec("work", "runtime", {"operation": "bump", "key": "counter", "by": 1}),
        StepSpec("review", "human", {"description": "Review the day"}),
    ])
'''

def write_project(folder: Path, files: int, scenarios: int) -> None:
    """The project (pyproject.toml, its missions module) and ``files`` suites in ``folder`` (kept between runs when unchanged)."""
    write_missions_project(folder, MISSIONS)
    write_suites(folder / "suites", files, scenarios, python_twin)


def commands(project: Path) -> dict[str, list[str]]:
    scenario = [sys.executable, "-m", "scenario_core.cli", "run", "--ci"]
    report = str(SCRATCH / "scenario-coverage.lcov")
    return {
        "run_jobs1": [*scenario, "--jobs", "1", "suites"],
        "coverage_jobs1": [*scenario, "--jobs", "1", "--coverage", "--coverage-output", report, "suites"],
        "run_jobs2": [*scenario, "--jobs", "2", "suites"],
        "coverage_jobs2": [*scenario, "--jobs", "2", "--coverage", "--coverage-output", report, "suites"],
        "coverage_json_jobs1": [
            *scenario, "--jobs", "1", "--coverage", "--coverage-format", "json", "--coverage-output", str(SCRATCH / "scenario-coverage.json"), "suites",
        ],
    }


#: Each command with coverage and the plain run it is compared with.
_PAIRS = (("coverage_jobs1", "run_jobs1"), ("coverage_jobs2", "run_jobs2"), ("coverage_json_jobs1", "run_jobs1"))


def measure(files: int, scenarios: int, runs: int) -> dict[str, Any]:
    project = SCRATCH / "project"
    write_project(project, files, scenarios)
    samples: dict[str, list[dict[str, Any]]] = {}
    for _ in range(runs):
        for name, command in commands(project).items():
            samples.setdefault(name, []).append(measured(name, command, out_dir=SCRATCH, cwd=project))
    seconds = {name: [s["seconds"] for s in values] for name, values in samples.items()}
    cpu = {name: [s["cpu_s"] for s in values] for name, values in samples.items()}
    ratios = {
        "coverage_jobs1": [a / b for a, b in zip(seconds["coverage_jobs1"], seconds["run_jobs1"])],
        "coverage_jobs2": [a / b for a, b in zip(seconds["coverage_jobs2"], seconds["run_jobs2"])],
        "coverage_json_jobs1": [a / b for a, b in zip(seconds["coverage_json_jobs1"], seconds["run_jobs1"])],
    }
    cpu_ratios = {name: statistics.median(cpu[name]) / statistics.median(cpu[base]) for name, base in _PAIRS}
    lcov = (SCRATCH / "scenario-coverage.lcov").read_text(encoding="utf-8")
    return {
        "files": files,
        "scenarios_per_file": scenarios,
        "runs": runs,
        "seconds": {name: statistics.median(values) for name, values in seconds.items()},
        "samples_s": seconds,
        "cpu_s": {name: statistics.median(values) for name, values in cpu.items()},
        "ratios": {name: statistics.median(values) for name, values in ratios.items()},
        "cpu_ratios": cpu_ratios,
        "ratio_samples": ratios,
        "report_records": lcov.count("end_of_record"),
    }


def print_table(results: list[dict[str, Any]], environment: dict[str, Any]) -> None:
    print(summary(environment))
    for r in results:
        s, c, q = r["seconds"], r["cpu_s"], r["ratios"]
        print(f"\n{r['files']} files x {r['scenarios_per_file']} scenarios with Python missions, median of {r['runs']} rounds\n")
        print("| command | wall (median) | CPU, all processes (median) |")
        print("|---|---:|---:|")
        for name, shown in (
            ("run_jobs1", "scenario run --jobs 1"),
            ("coverage_jobs1", "scenario run --jobs 1 --coverage"),
            ("run_jobs2", "scenario run --jobs 2"),
            ("coverage_jobs2", "scenario run --jobs 2 --coverage"),
            ("coverage_json_jobs1", "scenario run --jobs 1 --coverage --coverage-format json"),
        ):
            print(f"| {shown} | {s[name]:.2f} s | {c[name]:.2f} s |")
        cq = r["cpu_ratios"]
        print("\n| measure | wall: median of the rounds' ratios | CPU: ratio of the medians | target |")
        print("|---|---:|---:|---|")
        for name, shown in (
            ("coverage_jobs1", "--coverage / scenario run, --jobs 1"),
            ("coverage_jobs2", "--coverage / scenario run, --jobs 2"),
            ("coverage_json_jobs1", "--coverage --coverage-format json / scenario run, --jobs 1"),
        ):
            print(f"| {shown} | {q[name]:.2f}x | {cq[name]:.2f}x | <= {TARGET}x |")
        print(f"\n(the report has {r['report_records']} LCOV records)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--scenarios", type=int, default=100, help="scenarios per file")
    parser.add_argument("--runs", type=int, default=3, help="rounds of every command")
    parser.add_argument("--json", action="store_true", help="print every sample as JSON")
    args = parser.parse_args(argv)
    environment = describe()
    report([measure(args.files, args.scenarios, args.runs)], environment, args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
