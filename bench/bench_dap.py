"""How fast the debugger is: scenario-dap driven over stdio, as an editor drives it, on a file of 100 scenarios.

The file (written to ``bench/out/dap/checkout/``, a copy of ``examples/checkout``)
has 100 scenarios, each calling a five-step YAML mission whose second step is
the project's Python operation ``reserve_stock``, and the Python mission
``place_order``: 200 calls, all in the debug worker. Each run starts a fresh
adapter and measures:

* launch → first stop: a breakpoint on the YAML mission's second step,
  hit in the first scenario; from the ``launch`` request (and from starting
  the adapter, its imports included) to the ``stopped`` event, the worker's
  start included. The same with the breakpoint on the last scenario's
  ``place_order`` call, hit after 99 scenarios ran;
* ``next`` from a step to the next (the call runs in the worker);
* ``stepBack`` from the mission's fifth step to its fourth (the call runs
  again, quietly, to that step);
* a run to the end with no breakpoint, against ``scenario run`` on the same
  file: each from starting its process to its end (the worker's start
  included), with the CPU time of the process and its children.

The machine may be busy with other work: the CPU times (from the kernel, for
the adapter and its worker) are what load does not change; wall times are
what a user waits. Targets: first stop ≤ 1 s, next ≤ 100 ms, stepBack ≤
200 ms, the run to the end ≤ 1.5 × scenario run.

    python bench/bench_dap.py             # 5 runs, a table
    python bench/bench_dap.py --runs 9 --json
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "dap"))

from client import DapClient  # noqa: E402
from environment import REPO, describe, report, summary  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "dap"
ADAPTER = [str(Path(sys.executable).with_name("scenario-dap"))]
SCENARIOS = 100
TARGETS = {"first_stop": 1.0, "next": 0.100, "step_back": 0.200, "run_ratio": 1.5}


def write_project() -> Path:
    """examples/checkout with the benchmark's file; the file's path."""
    project = OUT / "checkout"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(REPO / "examples" / "checkout", project, ignore=shutil.ignore_patterns("__pycache__", "*.scenario.yaml"))
    lines = [
        f"# {SCENARIOS} scenarios for bench/bench_dap.py: a five-step YAML mission with a Python operation, and a Python mission.",
        "suite: checkout_debugger_bench",
        "missions:",
        "  restock_and_sell:",
        "    steps:",
        "      - id: restock",
        "        kind: runtime",
        "        payload: {operation: set, key: stock, value: {MUG: 3, BEANS-1KG: 4}}",
        "      - id: sell",
        "        kind: runtime",
        "        payload: {operation: reserve_stock, lines: [{sku: MUG, qty: 2}]}",
        "      - id: count",
        "        kind: runtime",
        "        payload: {operation: increment, key: sales}",
        "      - id: tag",
        "        kind: runtime",
        "        payload: {operation: set, key: tagged, value: true}",
        "      - id: log",
        "        kind: runtime",
        "        payload: {operation: append, key: history, value: sold}",
        "scenarios:",
    ]
    for number in range(SCENARIOS):
        lines += [
            f"  - name: s{number:03d}",
            f"    initial_state: {{sales: {number}, stock: {{BEANS-1KG: 3}}}}",
            "    missions:",
            "      - restock_and_sell",
            "      - name: place_order",
            f"        params: {{cart: [{{sku: BEANS-1KG, qty: {number % 3 + 1}}}]}}",
        ]
    program = project / "bench.scenario.yaml"
    program.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return program


def line_of(program: Path, text: str, last: bool = False) -> int:
    found = [n for n, line in enumerate(program.read_text().splitlines(), 1) if text in line]
    return found[-1] if last else found[0]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def first_stop(program: Path, line: int) -> tuple[dict[str, float], DapClient]:
    """A session that stops at ``line``: its timings, and the client, still stopped there."""
    spawned = time.perf_counter()
    dap = DapClient(ADAPTER, cwd=program.parent)
    dap.ok("initialize", {"clientID": "bench", "adapterID": "scenario", "linesStartAt1": True, "columnsStartAt1": True, "pathFormat": "path"})
    launched = time.perf_counter()
    dap.ok("launch", {"type": "scenario", "request": "launch", "program": str(program)})
    dap.event("initialized")
    dap.ok("setBreakpoints", {"source": {"path": str(program)}, "breakpoints": [{"line": line}]})
    dap.ok("setExceptionBreakpoints", {"filters": []})
    dap.ok("configurationDone")
    dap.stopped()
    stopped = time.perf_counter()
    timings = dap.ok("scenarioTimings")
    measured = {
        "launch_to_stop": stopped - launched,
        "start_to_stop": stopped - spawned,
        "cpu_adapter": timings["cpu_adapter_ms"] / 1000,
        "cpu_worker": (timings["cpu_worker_ms"] or 0) / 1000,
    }
    return measured, dap


def timed(dap: DapClient, command: str) -> float:
    started = time.perf_counter()
    dap.resume(command)
    return time.perf_counter() - started


def run_to_end(program: Path) -> dict[str, float]:
    cpu = children_cpu()
    spawned = time.perf_counter()
    dap = DapClient(ADAPTER, cwd=program.parent)
    dap.start({"type": "scenario", "request": "launch", "program": str(program)}, filters=[])
    output = dap.end(timeout=600)
    ended = time.perf_counter()
    dap.close()
    return {"wall": ended - spawned, "cpu": children_cpu() - cpu, "test_run_hash": output["data"]["test_run_hash"]}


def scenario_run(program: Path) -> dict[str, Any]:
    cpu = children_cpu()
    started = time.perf_counter()
    completed = subprocess.run([str(Path(sys.executable).with_name("scenario")), "run", "--format", "json", str(program)], capture_output=True, text=True, cwd=program.parent)
    ended = time.perf_counter()
    import json

    return {"wall": ended - started, "cpu": children_cpu() - cpu, "test_run_hash": json.loads(completed.stdout)["files"][0]["test_run_hash"]}


def measure(runs: int) -> dict[str, Any]:
    program = write_project()
    sell = line_of(program, "- id: sell")
    last_call = line_of(program, "- name: place_order", last=True)
    rows: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        rows.setdefault(name, []).append(value)

    load = [os.getloadavg()[0]]
    for _ in range(runs):
        measured, dap = first_stop(program, sell)
        for key, value in measured.items():
            note(f"first_stop.{key}", value)
        for _ in range(3):  # sell -> count -> tag -> log
            note("next", timed(dap, "next"))
        for _ in range(3):  # log -> tag, then forward again
            note("step_back", timed(dap, "stepBack"))
            note("next", timed(dap, "next"))
        dap.close()
        measured, dap = first_stop(program, last_call)
        for key, value in measured.items():
            note(f"last_stop.{key}", value)
        dap.close()
        debugged = run_to_end(program)
        plain = scenario_run(program)
        assert debugged["test_run_hash"] == plain["test_run_hash"], "the debugger's hashes must be scenario run's"
        note("end.debugger_wall", debugged["wall"])
        note("end.debugger_cpu", debugged["cpu"])
        note("end.scenario_run_wall", plain["wall"])
        note("end.scenario_run_cpu", plain["cpu"])
        note("end.ratio_wall", debugged["wall"] / plain["wall"])
        note("end.ratio_cpu", debugged["cpu"] / plain["cpu"])
        load.append(os.getloadavg()[0])
    return {"runs": runs, "medians": {k: statistics.median(v) for k, v in rows.items()}, "samples": rows, "load": load}


def print_table(results: list[dict[str, Any]], environment: dict[str, Any]) -> None:
    result = results[0]
    m = result["medians"]
    print(f"scenario-dap on {SCENARIOS} scenarios (200 calls in the worker), medians of {result['runs']} runs; {summary(environment)}")
    print(f"load average (1 min) during the runs: {', '.join(f'{x:.1f}' for x in result['load'])}")

    def row(what: str, wall: float, target: str = "", cpu: str = "") -> None:
        print(f"  {what:<58} {wall * 1000:>8.1f} ms  {cpu:<34} {target}")

    row("launch -> stop at scenario 1 (worker start included)", m["first_stop.launch_to_stop"], f"target <= {TARGETS['first_stop'] * 1000:.0f} ms",
        f"CPU adapter {m['first_stop.cpu_adapter'] * 1000:.0f} + worker {m['first_stop.cpu_worker'] * 1000:.0f} ms")
    row("  same, from starting the adapter process", m["first_stop.start_to_stop"])
    row("launch -> stop at scenario 100 (99 scenarios run first)", m["last_stop.launch_to_stop"], "",
        f"CPU adapter {m['last_stop.cpu_adapter'] * 1000:.0f} + worker {m['last_stop.cpu_worker'] * 1000:.0f} ms")
    row("next (a step to the next, in the worker)", m["next"], f"target <= {TARGETS['next'] * 1000:.0f} ms")
    row("stepBack (fifth step to fourth: the call runs again)", m["step_back"], f"target <= {TARGETS['step_back'] * 1000:.0f} ms")
    row("run to the end, no breakpoint: scenario-dap", m["end.debugger_wall"], "", f"CPU {m['end.debugger_cpu'] * 1000:.0f} ms")
    row("run to the end: scenario run", m["end.scenario_run_wall"], "", f"CPU {m['end.scenario_run_cpu'] * 1000:.0f} ms")
    print(f"  {'ratio scenario-dap / scenario run':<58} {m['end.ratio_wall']:>8.2f} x     CPU {m['end.ratio_cpu']:.2f} x{'':<22} target <= {TARGETS['run_ratio']} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    report([measure(args.runs)], describe(), args.json, print_table)


if __name__ == "__main__":
    main()
