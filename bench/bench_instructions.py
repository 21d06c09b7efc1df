"""``check()`` in instructions, not seconds: the same ratios as bench_check.py, repeatable on a busy machine.

Each figure is the number of instructions the CPU executes, counted by
valgrind's callgrind, which does not depend on what else the machine is
doing (the same count run after run for the same code and inputs). A
measurement runs a small probe (``bench/_instructions_probe.py``) twice
under callgrind: once doing only its set-up (imports, generating the
suite, warming a cache) and once doing the set-up and then the thing
measured; the difference is the thing's cost. Reported, per size, as
ratios to the parse floor (libyaml composing the same text), as
bench_check.py reports seconds:

* cold: ``check(text, cache=ScenarioCache())``;
* edit: a one-line edit checked with the cache of the unedited text;
* traced: ``check(text, trace=True)``, every call's steps recorded.

    python bench/bench_instructions.py                 # 2,000 scenarios
    python bench/bench_instructions.py --sizes 100,2000
    python bench/bench_instructions.py --json

Needs valgrind (Debian's ``valgrind``); each size takes a few minutes.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from environment import describe, parse_sizes, report, summary  # noqa: E402

PROBE = BENCH_DIR / "_instructions_probe.py"
MODES = ("floor", "cold", "edit", "traced")
_TOTAL = re.compile(r"^summary:\s+(\d+)", re.MULTILINE)


def instructions(mode: str, size: int) -> int:
    """Instructions of one run of the probe in ``mode`` (``setup`` does only the set-up)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, str(PROBE), mode, str(size)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONMALLOC": "malloc"},
        )
        found = _TOTAL.search(out.read_text())
        if found is None:
            raise RuntimeError(f"callgrind wrote no summary for {mode} at {size}")
        return int(found.group(1))


def measure(size: int, modes: tuple[str, ...] = MODES[1:]) -> dict[str, Any]:
    setup = instructions("setup", size)
    costs = {mode: instructions(mode, size) - setup for mode in ("floor", *modes)}
    return {"scenarios": size, "instructions": costs, "ratios": {mode: costs[mode] / costs["floor"] for mode in modes}}


def print_table(results: list[dict[str, Any]], environment: dict[str, Any]) -> None:
    print(f"check() in instructions (callgrind), as ratios to the parse floor ({summary(environment)})")
    shown = [m for m in MODES if m != "floor" and any(m in r["ratios"] for r in results)]
    print(f"{'scenarios':>10} {'floor':>15}" + "".join(f" {m:>8}" for m in shown))
    for result in results:
        ratios = result["ratios"]
        print(f"{result['scenarios']:>10,} {result['instructions']['floor']:>15,}" + "".join(f" {ratios[m]:>7.3f}x" for m in shown))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000", help="comma-separated scenario counts (default 2000)")
    parser.add_argument("--modes", default=",".join(m for m in MODES if m != "floor"), help="what to measure besides the floor (default: cold,edit,traced)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    args = parser.parse_args(argv)
    modes = tuple(m for m in args.modes.split(",") if m)
    results = [measure(size, modes) for size in parse_sizes(args.sizes)]
    report(results, describe(), args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
