"""What a chatty mission costs: a Python mission that prints a lot on every call.

A project's mission prints ``--megabytes`` of text per call (one line of
100 characters after another); a scenario file calls it ``--calls`` times.
Per run this measures:

* check: ``check()`` in this process with a warm worker (what the language
  server does on each save), and the bytes that reached this process's
  standard error meanwhile (the server's log, which an editor such as
  Neovim appends to its ``lsp.log``);
* CLI: ``scenario run`` of the file in a new process, its time and the
  bytes of its standard error.

    python bench/bench_printed.py                       # 10 MB per call, 3 calls, 3 runs
    python bench/bench_printed.py --megabytes 1 --calls 10
"""
from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scenario_core.checking.pipeline import check
from scenario_core.python.missions import PythonProjects

MISSIONS = '''
from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def chatty(ctx, *, megabytes: float = 10) -> WorkflowDefinition:
    line = "x" * 99
    for _ in range(int(megabytes * 10_000)):
        print(line)
    return WorkflowDefinition(id="chatty", steps=[StepSpec("s", "runtime", {"operation": "set", "key": "done", "value": True})])
'''


class _Counting(io.TextIOBase):
    """A standard error that only counts what is written to it."""

    def __init__(self) -> None:
        self.characters = 0

    def write(self, text: str) -> int:
        self.characters += len(text)
        return len(text)

    def flush(self) -> None:
        pass


def _project(root: Path, megabytes: float, calls: int) -> Path:
    (root / "shop").mkdir()
    (root / "shop" / "__init__.py").write_text("")
    (root / "shop" / "missions.py").write_text(MISSIONS)
    (root / "pyproject.toml").write_text('[project]\nname = "shop"\nversion = "0"\n\n[tool.scenario]\nmissions = ["shop.missions"]\ntimeout = 60\n')
    scenarios = "".join(f"  - name: s{i}\n    missions:\n      - name: chatty\n        params: {{megabytes: {megabytes}}}\n" for i in range(calls))
    path = root / "chatty.scenario.yaml"
    path.write_text("suite: chatty\nscenarios:\n" + scenarios)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = _project(Path(folder), args.megabytes, args.calls)
        text = path.read_text()
        projects = PythonProjects()
        python = projects.for_file(path)
        assert python is not None
        python.catalog()  # the worker is warm, as in an editor after the first check
        checks: list[float] = []
        logged: list[int] = []
        real = sys.stderr
        for _ in range(args.runs):
            counting = _Counting()
            sys.stderr = counting
            try:
                started = time.perf_counter()
                report = check(text, python=python)
                checks.append(time.perf_counter() - started)
                time.sleep(0.5)  # what the worker printed is forwarded by a thread: let it finish
            finally:
                sys.stderr = real
            logged.append(counting.characters)
            assert report.test_run is not None, [f.message for f in report.findings]
        projects.close()
        cli: list[float] = []
        cli_err: list[int] = []
        for _ in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "scenario_core.cli", "run", str(path)], capture_output=True, cwd=folder)
            cli.append(time.perf_counter() - started)
            cli_err.append(len(done.stderr))
    print(f"{args.megabytes:g} MB printed per call, {args.calls} calls, {args.runs} runs (median)")
    print(f"check (warm worker): {statistics.median(checks):.2f} s, {statistics.median(logged):,} characters to stderr")
    print(f"scenario run:        {statistics.median(cli):.2f} s, {statistics.median(cli_err):,} bytes to stderr")


if __name__ == "__main__":
    main()
