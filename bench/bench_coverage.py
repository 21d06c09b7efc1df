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
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from environment import describe, report, summary  # noqa: E402
from generate import generate  # noqa: E402

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

# Runs a command with its output in a file; prints its wall time and the CPU time of it and its children.
_MEASURE = """\
import json, resource, subprocess, sys, time
out = open(sys.argv[1], "w")
start = time.perf_counter()
status = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT).returncode
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "status": status}))
"""


def python_twin(text: str) -> str:
    """A generated suite calling the project's Python mission where it called the built-in daily_loop."""
    return text.replace("- daily_loop", "- python_loop").replace("mission: daily_loop", "mission: python_loop")


def write_project(folder: Path, files: int, scenarios: int) -> None:
    """The project (pyproject.toml, its missions module) and ``files`` suites in ``folder`` (kept between runs when unchanged)."""
    package = folder / "benchmissions"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "missions.py").write_text(MISSIONS)
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "benchmissions"\nversion = "0"\n\n[tool.scenario]\nmissions = ["benchmissions.missions"]\n'
    )
    suites = folder / "suites"
    suites.mkdir(exist_ok=True)
    for stale in suites.glob("*.scenario.yaml"):
        if int(stale.name[1:4]) >= files:
            stale.unlink()
    for index in range(files):
        text = python_twin(generate(scenarios, first=index * scenarios))
        path = suites / f"f{index:03d}.scenario.yaml"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def measured(name: str, command: list[str], cwd: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    out = SCRATCH / f"{name}.out"
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(out), *command], capture_output=True, text=True, env=env, cwd=cwd, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    if result["status"] not in (0, 1):  # the generated files fail on purpose: 1 is expected
        raise SystemExit(f"{name} exited with {result['status']}; see {out}")
    return result


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
            samples.setdefault(name, []).append(measured(name, command, project))
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
