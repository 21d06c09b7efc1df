"""While a mission hangs: how fast the language server answers for the other open files.

Three files of one project are open in the real server over stdio:

* ``a.scenario.yaml`` calls the project's Python mission ``stall``, which
  loops until the project's timeout stops it (``--timeout``, 4 s by default);
* ``b.scenario.yaml`` calls only built-in missions;
* ``c.scenario.yaml`` calls the project's quick Python mission ``quick`` (its
  results are in the cache once it was checked) and built-in ones.

Measured, in the others while ``a`` hangs, against the very same requests
while no mission runs (``a`` calling ``quick`` instead): hover on an
expectation's path in ``b`` and ``c``, and an edit of ``b`` and of ``c``
(an expectation's ``expected``) until its diagnostics arrive. A round whose
samples outlast the hang is reported: its requests waited for the hang.
Target: the median and the worst of each within 2x of the idle figure.

    python bench/bench_hang.py            # 3 rounds of 10 hovers and 5 edits per file
    python bench/bench_hang.py --json > bench/out/hang.json
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
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from bench_lsp import LspClient  # noqa: E402
from environment import describe, ms, report, summary  # noqa: E402

WORK_DIR = BENCH_DIR / "out" / "hang"
TARGET_RATIO = 2.0

MISSIONS = '''"""A quick mission and one that loops until the project's timeout stops it."""
from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def quick(ctx) -> WorkflowDefinition:
    return WorkflowDefinition(id="quick", steps=[StepSpec("mark", "runtime", {"operation": "set", "key": "quick", "value": True})])


@mission
def stall(ctx) -> WorkflowDefinition:
    while True:
        pass
'''

CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "workspace": {"configuration": True},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False, "didSave": True},
        "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
    },
    "window": {"showMessage": {"messageActionItem": {"additionalPropertiesSupport": False}}},
}


def suite(name: str, mission: str, scenarios: int) -> str:
    """A scenario file whose scenarios call ``mission`` and the built-in ``daily_loop``, each with one expectation."""
    lines = [f"suite: {name}", "scenarios:"]
    for i in range(scenarios):
        lines += [f"  - name: s{i}", f"    initial_state: {{counter: {i}}}", f"    missions: [{mission}, daily_loop]"]
    lines.append("expectations:")
    for i in range(scenarios):
        lines += [f"  - id: e{i}", f"    scenario: s{i}", "    mission: daily_loop", "    path: final_state.counter", "    op: eq", f"    expected: {i + 1}"]
    return "\n".join(lines) + "\n"


def write_project(timeout_s: float) -> Path:
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    package = WORK_DIR / "benchhang"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "missions.py").write_text(MISSIONS)
    (WORK_DIR / "pyproject.toml").write_text(
        f'[project]\nname = "benchhang"\nversion = "0"\n\n[tool.scenario]\nmissions = ["benchhang.missions"]\ntimeout = {timeout_s}\n'
    )
    return WORK_DIR


class Client(LspClient):
    """The benchmark client, answering a trust prompt with Trust: the project is the benchmark's own."""

    def _answer(self, request: dict[str, Any]) -> Any:
        if request["method"] == "window/showMessageRequest":
            actions = request["params"].get("actions") or []
            return next((a for a in actions if a.get("title") == "Trust"), None)
        return super()._answer(request)


class Session:
    """One server with the three files open."""

    def __init__(self, client: Client, folder: Path, scenarios: int) -> None:
        self.client = client
        self.folder = folder
        self.scenarios = scenarios
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    def uri(self, name: str) -> str:
        return (self.folder / name).as_uri()

    async def open(self, name: str, text: str, wait: bool = True) -> None:
        uri = self.uri(name)
        self.versions[uri], self.texts[uri] = 1, text
        since = len(self.client.diagnostics)
        await self.client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        if wait:
            await self.client.diagnostics_for(uri, 1, since)

    async def change(self, name: str, text: str) -> tuple[int, int]:
        """Send ``text`` as the new version; (the version, the index of diagnostics to look from)."""
        uri = self.uri(name)
        self.versions[uri] += 1
        self.texts[uri] = text
        since = len(self.client.diagnostics)
        await self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": self.versions[uri]}, "contentChanges": [{"text": text}]},
        )
        return self.versions[uri], since

    async def edit_until_diagnostics(self, name: str, round_: int) -> float:
        """Change the last expectation's ``expected`` (its scenario's results are cached) until the new version's diagnostics arrive."""
        uri = self.uri(name)
        last = self.scenarios - 1
        text = self.texts[uri].rsplit(f"    expected: ", 1)[0] + f"    expected: {last + 1 + round_ % 2}\n"
        start = time.perf_counter()
        version, since = await self.change(name, text)
        pushed = await self.client.diagnostics_for(uri, version, since)
        return pushed.arrived - start

    async def hover(self, name: str) -> float:
        """Hover on the first expectation's path."""
        uri = self.uri(name)
        line = self.texts[uri].splitlines().index("    path: final_state.counter")
        start = time.perf_counter()
        await self.client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 14}})
        return time.perf_counter() - start


async def start(folder: Path) -> Client:
    log = WORK_DIR / "server-stderr.log"
    client = await Client.start([sys.executable, "-m", "scenario_lsp"], folder, log, {"scenario": {"debounceMs": 0}})
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
    return client


async def samples(session: Session, hovers: int, edits: int) -> dict[str, list[float]]:
    """Hovers and edits in ``b`` and ``c``, interleaved."""
    taken: dict[str, list[float]] = {"hover b": [], "hover c": [], "edit b": [], "edit c": []}
    for i in range(max(hovers, edits)):
        for name in ("b", "c"):
            if i < hovers:
                taken[f"hover {name}"].append(await session.hover(f"{name}.scenario.yaml"))
            if i < edits:
                taken[f"edit {name}"].append(await session.edit_until_diagnostics(f"{name}.scenario.yaml", i))
    return taken


async def measure(scenarios: int, rounds: int, hovers: int, edits: int, timeout_s: float) -> dict[str, Any]:
    folder = write_project(timeout_s)
    client = await start(folder)
    session = Session(client, folder, scenarios)
    idle: dict[str, list[float]] = {}
    hung: dict[str, list[float]] = {}
    rounds_overran = 0  # rounds whose samples were not all taken within the hang: they waited for it
    try:
        await session.open("b.scenario.yaml", suite("b", "echo", scenarios))
        await session.open("c.scenario.yaml", suite("c", "quick", scenarios))
        await session.open("a.scenario.yaml", suite("a", "quick", scenarios))
        a_uri = session.uri("a.scenario.yaml")
        for round_ in range(rounds):
            for key, values in (await samples(session, hovers, edits)).items():
                idle.setdefault(key, []).extend(values)
            # a now calls stall: its check waits on the worker until the timeout stops the mission.
            stalled = suite("a", "stall", scenarios).replace("initial_state: {counter: 0}", f"initial_state: {{counter: 0, round: {round_}}}")
            version, since = await session.change("a.scenario.yaml", stalled)
            hang_starts = time.perf_counter()
            await asyncio.sleep(0.2)  # the worker has the mission by now
            for key, values in (await samples(session, hovers, edits)).items():
                hung.setdefault(key, []).extend(values)
            overran = time.perf_counter() - hang_starts > timeout_s
            pushed = await client.diagnostics_for(a_uri, version, since)
            codes = {d.get("code") for d in pushed.params["diagnostics"]}
            if "mission_timeout" not in codes:
                raise RuntimeError(f"a's mission did not time out: {sorted(map(str, codes))}")
            rounds_overran += overran
            await session.change("a.scenario.yaml", suite("a", "quick", scenarios))
    finally:
        await client.close()
    rows = []
    for key in idle:
        row = {"what": key, "idle_median": statistics.median(idle[key]), "idle_worst": max(idle[key]),
               "hang_median": statistics.median(hung[key]), "hang_worst": max(hung[key]), "samples": len(hung[key])}
        row["median_ratio"] = row["hang_median"] / row["idle_median"]
        row["worst_ratio"] = row["hang_worst"] / row["idle_worst"]
        rows.append(row)
    return {"scenarios": scenarios, "timeout_s": timeout_s, "rows": rows, "rounds": rounds, "rounds_overran": rounds_overran}


def print_table(results: list[dict[str, Any]], environment: dict[str, Any]) -> None:
    print(f"While a mission hangs: the other open files' answers ({summary(environment)})")
    for result in results:
        print(f"\n{result['scenarios']} scenarios a file, the project's timeout {result['timeout_s']:g} s")
        if result["rounds_overran"]:
            print(f"{result['rounds_overran']} of {result['rounds']} rounds lasted longer than the hang: their requests waited for it")
        print(f"{'request':<10} {'idle median':>12} {'hang median':>12} {'ratio':>6}   {'idle worst':>11} {'hang worst':>11} {'ratio':>6}  target ≤ {TARGET_RATIO:g}x")
        for row in result["rows"]:
            ok = "✓" if row["median_ratio"] <= TARGET_RATIO and row["worst_ratio"] <= TARGET_RATIO else "✗"
            print(
                f"{row['what']:<10} {ms(row['idle_median']):>12} {ms(row['hang_median']):>12} {row['median_ratio']:>5.2f}x"
                f"   {ms(row['idle_worst']):>11} {ms(row['hang_worst']):>11} {row['worst_ratio']:>5.2f}x  {ok} ({row['samples']} samples)"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=int, default=50, help="scenarios in each file (default 50)")
    parser.add_argument("--rounds", type=int, default=3, help="hangs to measure during (default 3)")
    parser.add_argument("--hovers", type=int, default=10, help="hovers per file and round (default 10)")
    parser.add_argument("--edits", type=int, default=5, help="edits per file and round (default 5)")
    parser.add_argument("--timeout", type=float, default=4.0, help="the project's timeout, in seconds (default 4)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.scenarios, args.rounds, args.hovers, args.edits, args.timeout))
    report([result], describe(), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
