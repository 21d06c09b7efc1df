"""How ``scenario run`` and pytest scale to many files: processes, xdist, pytest's overhead, memory.

On FILES generated files of SCENARIOS scenarios each (default 200 × 100,
20,000 scenarios; bench/generate.py, each file numbered from its own first
scenario, so that no cache can answer one file from another), this
measures, in fresh processes, interleaved round by round so that load
changes hit every command alike:

* ``scenario run --jobs 1`` and ``--jobs 2``: the speed-up of the process
  pool (target: ``--jobs 2`` at least 1.7× faster on 2 cores);
* ``pytest -n 0`` and ``pytest -n 2`` (pytest-xdist) on the same files
  (target: at least 1.6× faster);
* pytest's overhead: ``pytest -n 0`` over ``scenario run --jobs 1``
  (target: at most 1.5×);
* pytest's floor: ``pytest -n 0`` and ``-n 2`` over the same tree of items
  (same files, same node ids) from a plugin whose items do nothing
  (bench/_null_items.py): what pytest and xdist cost by themselves at this
  many items, the most any plugin could gain;
* the CPU time of each command, its processes added up (with other work
  on the machine, wall time says little about parallel runs; CPU time
  still shows what each process did);
* peak memory (maximum resident set) of ``scenario run --jobs 1`` on all
  FILES files and on a tenth of them: it must not grow with the number of
  files (target: under 100 MB).

Files and output go to a folder under the system's temporary folder
(``scenario-harness-bench-scale``; the output never to a terminal or a pipe);
``PYTHONUNBUFFERED`` is removed from the commands' environment, so that
writes are buffered as a user's would be. pytest runs with its own
minimal ini file and without the plugins of our own test environment that a
user of the plugin would not have (pytest-asyncio, hypothesis, pytest-lsp).

    python bench/bench_scale.py                        # 200 files x 100 scenarios, 3 rounds
    python bench/bench_scale.py --files 40 --runs 1    # a quick look
    python bench/bench_scale.py --json > bench/out/scale.json

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
from generate import write_suites  # noqa: E402

BENCH = Path(__file__).resolve().parent
# Outside the repository: its .gitignore excludes bench/out/, and `scenario run DIR` honours .gitignore.
SCRATCH = Path(tempfile.gettempdir()) / "scenario-harness-bench-scale"
#: Plugins of this repository's test environment, not of a user's.
NOT_A_USERS_PLUGINS = ("-p", "no:asyncio", "-p", "no:hypothesispytest", "-p", "no:pytest-lsp", "-p", "no:cacheprovider")
TARGETS = {"jobs_speedup": 1.7, "xdist_speedup": 1.6, "pytest_overhead": 1.5, "peak_mb": 100.0}

def commands(files: Path, some_files: Path) -> dict[str, list[str]]:
    ini = SCRATCH / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    scenario = [sys.executable, "-m", "scenario_core.cli", "run"]
    pytest_ = [sys.executable, "-m", "pytest", "-q", "-c", str(ini), "--rootdir", str(SCRATCH), *NOT_A_USERS_PLUGINS]
    null = [*pytest_, "-p", "no:scenario", "-p", "_null_items"]
    return {
        "scenario_jobs1": [*scenario, "--jobs", "1", str(files)],
        "scenario_jobs2": [*scenario, "--jobs", "2", str(files)],
        "pytest_n0": [*pytest_, "-n", "0", str(files)],
        "pytest_n2": [*pytest_, "-n", "2", str(files)],
        "null_n0": [*null, "-n", "0", str(files)],
        "null_n2": [*null, "-n", "2", str(files)],
        "scenario_jobs1_tenth": [*scenario, "--jobs", "1", str(some_files)],
    }


def measure(files: int, scenarios: int, runs: int) -> dict[str, Any]:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    expectations = write_suites(SCRATCH / "files", files, scenarios)
    write_suites(SCRATCH / "tenth", max(files // 10, 1), scenarios)
    samples: dict[str, list[dict[str, Any]]] = {}
    for _ in range(runs):
        for name, command in commands(SCRATCH / "files", SCRATCH / "tenth").items():
            samples.setdefault(name, []).append(measured(name, command, out_dir=SCRATCH, cwd=SCRATCH, pythonpath=[BENCH]))
    seconds = {name: [s["seconds"] for s in runs_] for name, runs_ in samples.items()}
    cpu = {name: [s["cpu_s"] for s in runs_] for name, runs_ in samples.items()}
    ratios = {
        "jobs_speedup": [a / b for a, b in zip(seconds["scenario_jobs1"], seconds["scenario_jobs2"])],
        "xdist_speedup": [a / b for a, b in zip(seconds["pytest_n0"], seconds["pytest_n2"])],
        "null_xdist_speedup": [a / b for a, b in zip(seconds["null_n0"], seconds["null_n2"])],
        "pytest_overhead": [a / b for a, b in zip(seconds["pytest_n0"], seconds["scenario_jobs1"])],
    }
    return {
        "files": files,
        "scenarios_per_file": scenarios,
        "expectations": expectations,
        "runs": runs,
        "seconds": {name: statistics.median(values) for name, values in seconds.items()},
        "samples_s": seconds,
        "cpu_s": {name: statistics.median(values) for name, values in cpu.items()},
        "cpu_samples_s": cpu,
        "ratios": {name: statistics.median(values) for name, values in ratios.items()},
        "ratio_samples": ratios,
        "peak_mb": {name: max(s["peak_kb"] for s in samples[name]) / 1024 for name in ("scenario_jobs1", "scenario_jobs1_tenth")},
    }


def print_table(results: list[dict[str, Any]], environment: dict[str, Any]) -> None:
    print(summary(environment))
    for r in results:
        s, c, q, peak = r["seconds"], r["cpu_s"], r["ratios"], r["peak_mb"]
        tenth = max(r["files"] // 10, 1)
        print(
            f"\n{r['files']} files x {r['scenarios_per_file']} scenarios ({r['expectations']:,} expectations), "
            f"median of {r['runs']} rounds\n"
        )
        print("| command | wall (median) | CPU, all processes (median) |")
        print("|---|---:|---:|")
        for name in ("scenario_jobs1", "scenario_jobs2", "pytest_n0", "pytest_n2", "null_n0", "null_n2"):
            print(f"| {name} | {s[name]:.2f} s | {c[name]:.2f} s |")
        print("\n| measure | median | target |")
        print("|---|---:|---|")
        print(f"| scenario run --jobs 1 / --jobs 2 | {q['jobs_speedup']:.2f}x | >= {TARGETS['jobs_speedup']}x |")
        print(f"| pytest -n 0 / -n 2 | {q['xdist_speedup']:.2f}x | >= {TARGETS['xdist_speedup']}x |")
        print(f"| pytest -n 0 / -n 2, items that do nothing | {q['null_xdist_speedup']:.2f}x | (context) |")
        print(f"| pytest -n 0 / scenario run --jobs 1 | {q['pytest_overhead']:.2f}x | <= {TARGETS['pytest_overhead']}x |")
        print(f"| peak memory, scenario run --jobs 1, {r['files']} files | {peak['scenario_jobs1']:.0f} MB | < {TARGETS['peak_mb']:.0f} MB |")
        print(f"| peak memory, scenario run --jobs 1, {tenth} files | {peak['scenario_jobs1_tenth']:.0f} MB | the same |")


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
