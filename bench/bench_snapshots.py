"""What snapshots cost ``check()``, as multiples of the YAML parse floor.

For each suite size (``bench/generate.py``, with ``snapshot: true`` added),
in a temporary folder with the suite's snapshot file stored, this measures,
interleaved round by round so that machine noise hits all of them alike:

* floor: ``yaml.compose(text, Loader=yaml.CSafeLoader)``;
* cold, plain: ``check()`` of the same suite without ``snapshot: true``
  (nothing is read or compared), with a fresh cache;
* cold, snapshots: ``check()`` with a fresh cache: the snapshot file is read
  and parsed, and every scenario compared;
* edit, plain / edit, snapshots: ``check()`` of a one-line edit with a warm
  cache (the snapshot file's parse is remembered; each scenario's result is
  compared again), as the language server checks while you type;
* accept: ``SnapshotReport.accepted()`` (the text of the whole snapshot file)
  and ``write_snapshot_file``, as ``scenario run --accept`` does.

and prints medians, and the medians of each run's ratio to the floor of that
run. The snapshot file's size is printed too.

    python bench/bench_snapshots.py                 # 100, 2,000, 20,000
    python bench/bench_snapshots.py --sizes 100,2000 --runs 5
    python bench/bench_snapshots.py --json

A script, not a timed test: figures depend on the machine, ratios much less so.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from environment import describe, ms, parse_sizes, report, summary  # noqa: E402
from generate import generate, one_line_edit  # noqa: E402

from scenario_core.checking.cache import ScenarioCache  # noqa: E402
from scenario_core.checking.pipeline import check  # noqa: E402
from scenario_core.checking.snapshots import snapshot_path, write_snapshot_file  # noqa: E402

DEFAULT_SIZES = (100, 2_000, 20_000)
KEYS = ("floor_s", "cold_plain_s", "cold_snapshots_s", "edit_plain_s", "edit_snapshots_s", "accept_s")


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``action`` takes, and what it returned (garbage of the previous measurement collected first)."""
    gc.collect()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def snapshotted(text: str) -> str:
    return text.replace("\nscenarios:", "\nsnapshot: true\nscenarios:", 1)


def measure_size(scenarios: int, runs: int, folder: Path) -> dict[str, Any]:
    plain = generate(scenarios)
    text = snapshotted(plain)
    edited_plain = one_line_edit(plain)
    edited = snapshotted(edited_plain)
    path = folder / f"bench{scenarios}.scenario.yaml"
    write_snapshot_file(check(text, path=path).snapshots.accepted())
    samples: dict[str, list[float]] = {key: [] for key in KEYS}
    for _ in range(runs):
        samples["floor_s"].append(timed(lambda: yaml.compose(text, Loader=yaml.CSafeLoader))[0])
        samples["cold_plain_s"].append(timed(lambda: check(plain, cache=ScenarioCache(), path=path.with_name("plain.scenario.yaml")))[0])
        seconds, stored = timed(lambda: check(text, cache=ScenarioCache(), path=path))
        samples["cold_snapshots_s"].append(seconds)
        assert stored.snapshots is not None and set(stored.snapshots.states.values()) == {"unchanged"}
        samples["accept_s"].append(timed(lambda: write_snapshot_file(stored.snapshots.accepted([*stored.snapshots.states][:1])))[0])
        del stored
        for key, before, after, where in (
            ("edit_plain_s", plain, edited_plain, path.with_name("plain.scenario.yaml")),
            ("edit_snapshots_s", text, edited, path),
        ):
            warm = ScenarioCache()
            previous = check(before, cache=warm, path=where)  # kept alive, as the server keeps its last report
            samples[key].append(timed(lambda: check(after, cache=warm, path=where))[0])
            del previous, warm
    floor = samples["floor_s"]
    result: dict[str, Any] = {
        "scenarios": scenarios,
        "bytes": len(text.encode()),
        "snapshot_bytes": snapshot_path(path).stat().st_size,
        "runs": runs,
        **{key: statistics.median(values) for key, values in samples.items()},
        "samples": samples,
    }
    for key in KEYS[1:]:
        result[key[: -len("_s")] + "_ratio"] = statistics.median(v / f for v, f in zip(samples[key], floor))
    return result


def print_table(results: list[dict[str, Any]], environment: dict[str, Any]) -> None:
    print(f"check() with and without snapshots vs the libyaml compose floor (medians); {summary(environment)}")
    header = (
        f"{'scenarios':>9} {'snapshot':>11} {'floor':>9} {'cold':>9} {'cold+snap':>9} {'ratio':>11} "
        f"{'edit':>9} {'edit+snap':>9} {'ratio':>11} {'accept':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['scenarios']:>9,} {r['snapshot_bytes']:>11,} {ms(r['floor_s'])} {ms(r['cold_plain_s'])} "
            f"{ms(r['cold_snapshots_s'])} {r['cold_plain_ratio']:>4.2f}→{r['cold_snapshots_ratio']:>4.2f}x "
            f"{ms(r['edit_plain_s'])} {ms(r['edit_snapshots_s'])} {r['edit_plain_ratio']:>4.2f}→{r['edit_snapshots_ratio']:>4.2f}x "
            f"{ms(r['accept_s'])}"
        )
    print("snapshot = bytes of the snapshot file; cold = check() with a fresh cache, without and with snapshot: true;")
    print("edit = check() of a one-line edit with a warm cache; accept = accepted() + write_snapshot_file;")
    print("ratios: medians of per-run ratios to that run's floor (yaml.compose, CSafeLoader)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated scenario counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per size; medians are reported (default 5)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    args = parser.parse_args(argv)
    environment = describe()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-snapshots-") as folder:
        for size in parse_sizes(args.sizes):
            print(f"measuring {size:,} scenarios ...", file=sys.stderr)
            results.append(measure_size(size, args.runs, Path(folder)))
    report(results, environment, args.json, print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
