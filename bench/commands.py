"""Whole commands timed as a user runs them: wall time, and the CPU time and peak memory of the command and its children.

A small Python process runs the command with its output in a file (never a
terminal or a pipe), so that the figures are the command's and not ours.
``PYTHONUNBUFFERED`` is removed from its environment: writes are buffered as
a user's would be.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Sequence

__all__ = ["measured"]

# Runs a command with its output in a file; prints its wall time, and the CPU time and peak memory of it and its children.
_MEASURE = """\
import json, resource, subprocess, sys, time
out = open(sys.argv[1], "w")
start = time.perf_counter()
status = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT).returncode
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss, "status": status}))
"""


def measured(name: str, command: list[str], *, out_dir: Path, cwd: Path, pythonpath: Sequence[Path] = ()) -> dict[str, Any]:
    """``command`` run in ``cwd``, its output in ``out_dir/NAME.out``: ``seconds``, ``cpu_s``, ``peak_kb`` and ``status``.

    The benchmarks' generated files fail on purpose, so a status of 1 is
    expected; any other but 0 stops the benchmark, naming the output file.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join([*map(str, pythonpath), env.get("PYTHONPATH", "")])
    out = out_dir / f"{name}.out"
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(out), *command], capture_output=True, text=True, env=env, cwd=cwd, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    if result["status"] not in (0, 1):
        raise SystemExit(f"{name} exited with {result['status']}; see {out}")
    return result
