"""What a hover with a step trace costs: the real server over stdio, hovering as an editor does.

Two files of one project are open: ``yaml.scenario.yaml``, whose scenarios
each call a mission of the file (four steps), and ``python.scenario.yaml``,
whose scenarios each call the project's Python mission ``place_order`` (a
human step and a Python operation; its trace is made in the worker). In each
file, measured from the request to its answer:

* **hover, no trace**: on an expectation's path (what every hover cost before);
* **hover on a call, first**: on a call not hovered before, so its trace is
  made (the call run again) before the hover answers;
* **hover on a call, again**: the same calls again (their traces are kept);
* **hover on a step** (YAML only): on a step of the file's mission, whose
  first three calls' traces it shows (kept from the hovers before);
* **scenario/trace, states**: the trace of one call with the state before and
  after each step (made for each request);
* **hover on a call, first, while a big file is checked** (YAML only): a
  file of 2,000 generated scenarios is opened (a fresh check of about half a
  second holds the core) and a call not hovered before is hovered at once.

A first hover that took longer than the server's wait (0.25 s) answered
without its trace; the table counts them.

    python bench/bench_hover_trace.py                 # 30 calls a file
    python bench/bench_hover_trace.py --calls 50 --json > bench/out/hover_trace.json
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Awaitable, Callable

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from bench_lsp import LspClient  # noqa: E402
from environment import describe, ms, report, summary  # noqa: E402
from generate import generate  # noqa: E402

WORK_DIR = BENCH_DIR / "out" / "hover_trace"
NOT_READY = "trace: still being made"
#: Scenarios of the file whose check holds the core while a hover asks for a trace.
BUSY_SCENARIOS = 2000

MISSIONS = '''"""A Python mission of two steps, the second a Python operation."""
from scenario_harness import StepSpec, WorkflowDefinition, mission, operation


@operation
def reserve(state: dict, *, sku: str) -> None:
    state["stock"][sku] -= 1


@mission
def place_order(ctx, *, sku: str = "A1") -> WorkflowDefinition:
    return WorkflowDefinition(id="place_order", steps=[
        StepSpec("approve", "human", {}),
        StepSpec("reserve", "runtime", {"operation": "reserve", "sku": sku}),
    ])
'''

YAML_MISSION = """missions:
  ship_order:
    steps:
      - {id: review, kind: human}
      - {id: mark, kind: runtime, payload: {operation: set, key: shipped, value: true}}
      - {id: count, kind: runtime, payload: {operation: increment, key: shipments}}
      - {id: log, kind: runtime, payload: {operation: append, key: history, value: shipped}}
"""

CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "workspace": {"configuration": True},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False, "didSave": True},
        "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
    },
}


def suite(name: str, mission: str, calls: int) -> str:
    """``calls`` scenarios, each calling ``mission`` once, and one expectation on the first."""
    lines = [f"suite: {name}"] + (YAML_MISSION.splitlines() if mission == "ship_order" else []) + ["scenarios:"]
    for i in range(calls):
        lines += [f"  - name: s{i}", f"    initial_state: {{shipments: {i}, history: [], stock: {{A1: {i + 5}}}}}", f"    missions: [{mission}]"]
    lines += ["expectations:", "  - id: e0", "    scenario: s0", f"    mission: {mission}", "    path: success", "    op: eq", "    expected: true"]
    return "\n".join(lines) + "\n"


def write_project() -> Path:
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    package = WORK_DIR / "benchtrace"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "missions.py").write_text(MISSIONS)
    (WORK_DIR / "pyproject.toml").write_text('[project]\nname = "benchtrace"\nversion = "0"\n\n[tool.scenario]\nmissions = ["benchtrace.missions"]\n')
    return WORK_DIR


class Client(LspClient):
    """The benchmark client, answering a trust prompt with Trust: the project is the benchmark's own."""

    def _answer(self, request: dict[str, Any]) -> Any:
        if request["method"] == "window/showMessageRequest":
            actions = request["params"].get("actions") or []
            return next((a for a in actions if a.get("title") == "Trust"), None)
        return super()._answer(request)


async def timed(call: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    start = time.perf_counter()
    answer = await call()
    return time.perf_counter() - start, answer


async def measure(calls: int) -> dict[str, Any]:
    folder = write_project()
    client = await Client.start([sys.executable, "-m", "scenario_lsp"], folder, WORK_DIR / "server-stderr.log", {"scenario": {"debounceMs": 0}})
    rows: list[dict[str, Any]] = []
    try:
        await client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": folder.as_uri(),
                "workspaceFolders": [{"uri": folder.as_uri(), "name": "bench"}],
                "capabilities": CAPABILITIES,
                "initializationOptions": {"debounceMs": 0, "trustAllProjects": True},
            },
        )
        await client.notify("initialized", {})
        for name, mission in (("yaml", "ship_order"), ("python", "place_order")):
            text = suite(name, mission, calls)
            uri = (folder / f"{name}.scenario.yaml").as_uri()
            since = len(client.diagnostics)
            await client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
            await client.diagnostics_for(uri, 1, since)
            lines = text.splitlines()

            def hover(line: int, character: int) -> Callable[[], Awaitable[Any]]:
                return lambda: client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})

            call_lines = [i for i, line in enumerate(lines) if line == f"    missions: [{mission}]"]
            path_line = lines.index("    path: success")
            samples: dict[str, list[float]] = {}
            not_ready = 0
            for _ in range(calls):
                samples.setdefault("hover, no trace", []).append((await timed(hover(path_line, 12)))[0])
            for line in call_lines:
                took, answer = await timed(hover(line, 16))
                samples.setdefault("hover on a call, first", []).append(took)
                not_ready += NOT_READY in str(answer)
            await asyncio.sleep(0.5)  # any trace that came after its hover's wait is kept by now
            for line in call_lines:
                took, answer = await timed(hover(line, 16))
                samples.setdefault("hover on a call, again", []).append(took)
                if NOT_READY in str(answer):
                    raise RuntimeError("a trace was not kept")
            if mission == "ship_order":
                step_line = lines.index("      - {id: count, kind: runtime, payload: {operation: increment, key: shipments}}")
                for _ in range(calls):
                    samples.setdefault("hover on a step", []).append((await timed(hover(step_line, 12)))[0])
            for i in range(calls):
                params = {"uri": uri, "scenario": f"s{i}", "call": 0, "states": True}
                took, answer = await timed(lambda: client.request("scenario/trace", params))
                samples.setdefault("scenario/trace, states", []).append(took)
                if not answer or not answer["calls"][0]["steps"] or answer["calls"][0]["error"]:
                    raise RuntimeError(f"no trace: {answer}")
            if mission == "ship_order":
                # Calls not hovered yet, each hovered while a big file (a new one each time) is checked.
                busy_lines = [i for i, line in enumerate(text.splitlines()) if line == f"    missions: [{mission}]"]
                busy_text = suite(name, mission, calls).replace("initial_state: {shipments: ", "initial_state: {shipments: 1000")
                busy_uri = (folder / f"{name}-busy.scenario.yaml").as_uri()
                since = len(client.diagnostics)
                await client.notify("textDocument/didOpen", {"textDocument": {"uri": busy_uri, "languageId": "yaml", "version": 1, "text": busy_text}})
                await client.diagnostics_for(busy_uri, 1, since)
                late = 0
                for round_, line in enumerate(busy_lines[: min(10, calls)]):
                    big = (folder / f"big{round_}.scenario.yaml").as_uri()
                    await client.notify("textDocument/didOpen", {"textDocument": {"uri": big, "languageId": "yaml", "version": 1, "text": generate(BUSY_SCENARIOS, round_ * BUSY_SCENARIOS)}})
                    took, answer = await timed(lambda: client.request("textDocument/hover", {"textDocument": {"uri": busy_uri}, "position": {"line": line, "character": 16}}))
                    samples.setdefault("hover on a call, first, big check", []).append(took)
                    late += NOT_READY in str(answer)
                    await client.notify("textDocument/didClose", {"textDocument": {"uri": big}})
                    await asyncio.sleep(1.0)
                busy_late = late
            for what, values in samples.items():
                row = {"file": name, "what": what, "median": statistics.median(values), "worst": max(values), "samples": len(values)}
                if what == "hover on a call, first":
                    row["answered_without_trace"] = not_ready
                if what == "hover on a call, first, big check":
                    row["answered_without_trace"] = busy_late
                rows.append(row)
    finally:
        await client.close()
    return {"calls": calls, "rows": rows}


def print_table(results: list[dict[str, Any]], environment: dict[str, Any]) -> None:
    print(f"Hover with a step trace, over stdio ({summary(environment)})")
    for result in results:
        print(f"\n{result['calls']} calls a file")
        print(f"{'file':<7} {'request':<34} {'median':>10} {'worst':>10}  samples")
        for row in result["rows"]:
            late = f", {row['answered_without_trace']} answered without the trace" if "answered_without_trace" in row else ""
            print(f"{row['file']:<7} {row['what']:<34} {ms(row['median']):>10} {ms(row['worst']):>10}  {row['samples']}{late}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=30, help="calls (scenarios) in each file, each hovered (default 30)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.calls))
    report([result], describe(), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
