"""What a benchmark figure was measured on: machine, Python, and code version.

The core and the server change often, and their working tree may hold
uncommitted edits when a benchmark runs; recording the commit and whether
``core/`` or ``server/`` differed from it says which code the figures are for.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe() -> dict[str, Any]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    changed = _git("status", "--porcelain", "--", "core", "server").splitlines()
    return {
        "python": platform.python_version(),
        "cores": cores,
        "cpu": _cpu_model(),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_core_or_server_files": len(changed),
    }


def summary(environment: dict[str, Any]) -> str:
    """One line for the top of a table."""
    dirty = environment["uncommitted_core_or_server_files"]
    code = environment["commit"] + (f" + {dirty} uncommitted core/server files" if dirty else "")
    return f"{environment['cores']} cores ({environment['cpu']}), Python {environment['python']}, code {code}"


def ms(seconds: float) -> str:
    """A time in a table's column: ``"  123.4ms"``."""
    return f"{seconds * 1000:>7.1f}ms"


def parse_sizes(text: str) -> list[int]:
    """``"100,2_000"`` -> ``[100, 2000]``: the ``--sizes`` option of every benchmark."""
    return [int(s.replace("_", "")) for s in text.split(",") if s]


def report(results: list[dict[str, Any]], environment: dict[str, Any], as_json: bool, print_table: Any) -> None:
    """Print ``results`` as JSON (with the environment) or as the benchmark's table."""
    if as_json:
        print(json.dumps({"environment": environment, "results": results}, indent=2))
    else:
        print_table(results, environment)
