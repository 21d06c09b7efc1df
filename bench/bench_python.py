"""How much Python missions cost: a file calling a project's Python mission against the same file calling a built-in.

The generated suite (``bench/generate.py``) calls the built-in ``daily_loop``;
its Python twin calls ``python_loop``, a project's Python mission that builds
the very same three-step workflow. Per size and run, interleaved like
``bench_check.py``:

* floor: libyaml composing the text (the parse floor);
* built-in cold: ``check()`` of the built-in suite with a fresh cache;
* Python cold: ``check()`` of the Python twin with a fresh cache and a warm
  worker (its start is measured apart): every Python call goes to the
  worker in one batch;
* Python edit: the one-line edit of the Python twin with a warm cache (the
  cache answers every scenario but the edited one, which goes to the worker);
* worker start: a new worker process, from spawning the interpreter to its
  answer describing the project (importing its modules, pydantic included);
* over the language server (``--lsp``): open to diagnostics for both files,
  with a fresh server each run (the Python open includes the worker start).

Targets: Python cold ≤ 1.5x built-in cold at 2,000 scenarios; Python edit ≤
0.25x the floor at 2,000.

    python bench/bench_python.py                    # 100 and 2,000 scenarios, 5 runs
    python bench/bench_python.py --sizes 2000 --lsp # also over the language server
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from environment import describe, ms, parse_sizes, report, summary  # noqa: E402
from generate import generate, one_line_edit, python_twin, write_missions_project  # noqa: E402

from scenario_core.checking.cache import ScenarioCache  # noqa: E402
from scenario_core.checking.pipeline import check  # noqa: E402
from scenario_core.project.config import find_project  # noqa: E402
from scenario_core.python.missions import PythonMissions  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "python"
DEFAULT_SIZES = (100, 2_000)
COLD_TARGET = 1.5
EDIT_TARGET = 0.25
TARGET_SIZE = 2_000

MISSIONS = '''"""A trivial Python mission: daily_loop's workflow, built in Python."""
from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def python_loop(ctx, **params) -> WorkflowDefinition:
    return WorkflowDefinition(id="daily_loop", name="daily_loop", steps=[
        StepSpec("plan", "runtime", {"operation": "noop", "params": params}),
        StepSpec("work", "runtime", {"operation": "increment", "key": "counter", "by": 1}),
        StepSpec("review", "human", {"description": "Review the day"}),
    ])
'''


def write_project() -> Path:
    """The benchmark's project (pyproject.toml and its missions module); the folder scenario files go in."""
    return write_missions_project(OUT, MISSIONS)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def worker_start(config: Any) -> float:
    missions = PythonMissions(config)
    try:
        seconds, _ = timed(missions.catalog)
    finally:
        missions.close()
    return seconds


def measure_size(scenarios: int, runs: int, folder: Path) -> dict[str, Any]:
    builtin = generate(scenarios)
    python = python_twin(builtin)
    edited = one_line_edit(python)
    path = folder / f"suite-{scenarios}.scenario.yaml"
    path.write_text(python)
    config = find_project(path)
    worker = PythonMissions(config)
    worker.catalog()  # warm: its start is measured apart
    samples: dict[str, list[float]] = {k: [] for k in ("floor_s", "builtin_cold_s", "python_cold_s", "python_edit_s", "worker_start_s")}
    try:
        for _ in range(runs):
            samples["floor_s"].append(timed(lambda: yaml.compose(builtin, Loader=yaml.CSafeLoader))[0])
            seconds, report_ = timed(lambda: check(builtin, cache=ScenarioCache()))
            samples["builtin_cold_s"].append(seconds)
            del report_
            seconds, cold = timed(lambda: check(python, cache=ScenarioCache(), python=worker, path=path))
            assert not cold.invalid, [f.message for f in cold.findings if f.category.value == "input"][:3]
            samples["python_cold_s"].append(seconds)
            del cold
            warm = ScenarioCache()
            previous = check(python, cache=warm, python=worker, path=path)
            seconds, report_ = timed(lambda: check(edited, cache=warm, python=worker, path=path))
            samples["python_edit_s"].append(seconds)
            del report_, previous, warm
            samples["worker_start_s"].append(worker_start(config))
    finally:
        worker.close()
    floor = samples["floor_s"]
    result: dict[str, Any] = {
        "scenarios": scenarios,
        "bytes": len(python.encode()),
        "runs": runs,
        **{key: statistics.median(values) for key, values in samples.items()},
        "samples": samples,
    }
    result["python_to_builtin"] = statistics.median(p / b for p, b in zip(samples["python_cold_s"], samples["builtin_cold_s"]))
    result["edit_ratio"] = statistics.median(e / f for e, f in zip(samples["python_edit_s"], floor))
    return result


def measure_lsp(scenarios: int, runs: int, folder: Path) -> dict[str, Any]:
    """Open to diagnostics over stdio, a fresh server each run: the built-in suite, then its Python twin."""
    from bench_lsp import Document, compose_floor_s, our_server, run_once

    builtin = generate(scenarios)
    documents = {
        "builtin": Document(scenarios, folder / f"lsp-builtin-{scenarios}.scenario.yaml", builtin, one_line_edit(builtin), False),
        "python": Document(
            scenarios, folder / f"lsp-python-{scenarios}.scenario.yaml", python_twin(builtin), one_line_edit(python_twin(builtin)), False
        ),
    }
    samples: dict[str, list[float]] = {k: [] for k in ("floor_s", "builtin_open_s", "python_open_s", "python_edit_s")}
    for _ in range(runs):
        samples["floor_s"].append(compose_floor_s(builtin))
        for name, document in documents.items():
            timings = asyncio.run(run_once(our_server(0), document, 0.0))
            samples[f"{name}_open_s"].append(timings["open_s"])
            if name == "python":
                samples["python_edit_s"].append(timings["edit_s"])
    result = {key: statistics.median(values) for key, values in samples.items()}
    result["open_python_to_builtin"] = statistics.median(p / b for p, b in zip(samples["python_open_s"], samples["builtin_open_s"]))
    result["edit_ratio"] = statistics.median(e / f for e, f in zip(samples["python_edit_s"], samples["floor_s"]))
    result["samples"] = samples
    return result


def print_table(results: list[dict[str, Any]], environment: dict[str, Any]) -> None:
    print(f"Python missions vs built-in missions (medians); {summary(environment)}")
    header = (
        f"{'scenarios':>9} {'floor':>9} {'builtin':>9} {'python':>9} {'py/built':>8} {'py edit':>9} "
        f"{'edit/fl':>8} {'worker':>9}  targets"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        targets = ""
        if r["scenarios"] == TARGET_SIZE:
            cold_ok = "met" if r["python_to_builtin"] <= COLD_TARGET else "MISSED"
            edit_ok = "met" if r["edit_ratio"] <= EDIT_TARGET else "MISSED"
            targets = f"python <= {COLD_TARGET}x builtin: {cold_ok}; edit <= {EDIT_TARGET}x floor: {edit_ok}"
        print(
            f"{r['scenarios']:>9,} {ms(r['floor_s'])} {ms(r['builtin_cold_s'])} {ms(r['python_cold_s'])} "
            f"{r['python_to_builtin']:>7.2f}x {ms(r['python_edit_s'])} {r['edit_ratio']:>7.2f}x {ms(r['worker_start_s'])}  {targets}"
        )
        lsp = r.get("lsp")
        if lsp:
            print(
                f"{'':>9} over stdio: open builtin {ms(lsp['builtin_open_s'])}, open python {ms(lsp['python_open_s'])} "
                f"(worker start included) = {lsp['open_python_to_builtin']:.2f}x; python edit {ms(lsp['python_edit_s'])} "
                f"= {lsp['edit_ratio']:.2f}x floor"
            )
    print("builtin/python = check() with a fresh cache (python: warm worker); py edit = one-line edit, warm cache;")
    print("worker = a new worker's start: interpreter, imports, describing the project; ratios: medians of per-run ratios")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated scenario counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per size; medians are reported (default 5)")
    parser.add_argument("--lsp", action="store_true", help="also measure open over the language server")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    args = parser.parse_args(argv)
    folder = write_project()
    environment = describe()
    results = []
    for size in parse_sizes(args.sizes):
        print(f"measuring {size:,} scenarios ...", file=sys.stderr)
        result = measure_size(size, args.runs, folder)
        if args.lsp:
            result["lsp"] = measure_lsp(size, args.runs, folder)
        results.append(result)
    report(results, environment, args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
