"""``scenario``: run scenario files and print the verdict, as the editor shows it.

Exit status: 0 when every expectation passed, 1 when one failed, 2 when a
file is invalid (YAML, structure, references, engine rules) or a path does
not exist.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from typing import Sequence, TextIO

from scenario_core import __version__
from scenario_core.project.discovery import discover
from scenario_core.source.findings import CODES

from .batch import available_cores, check_files
from .coverage import CoverageConfigError, CoverageRun, add_combine_command, add_run_options, combine
from .output import EXIT_FAILED, EXIT_INVALID, EXIT_PASSED, writer
from .shard import Shard
from .writes import Writes, ci_mode

__all__ = ["EXIT_FAILED", "EXIT_INVALID", "EXIT_PASSED", "Writes", "ci_mode", "main"]

_DESCRIPTION = """\
Run scenario files (*.scenario.yaml) and report the verdict.

Each scenario runs its mission calls from its initial state in the
deterministic core; expectations are checked against the results. Findings
are printed as file:line:col: severity code: message (1-based line and
column), followed by a summary.

Snapshots: a scenario or suite with `snapshot: true` is compared with
__snapshots__/<file name>.json beside the file. A run writes the snapshots of
scenarios that have none yet; in CI (CI is set, or --ci) nothing is written
and a missing or changed snapshot fails. --accept also stores every changed
snapshot and sets every failed `eq` expectation's `expected` to the actual
value, keeping the rest of the file as written.

exit status: 0 all expectations passed, 1 an expectation or a snapshot failed,
2 invalid input (YAML, structure, references, engine rules) or a missing path.
"""

_EXAMPLES = """\
examples:
  scenario run examples/                       every scenario file under examples/
  scenario run a.scenario.yaml --format json   findings, results and hashes as JSON
  scenario run tests/ --format junit > junit.xml
  scenario run --accept checkout.scenario.yaml accept every actual value and snapshot of the file
  scenario run tests/ --jobs auto              one process per core, the same output
  scenario run tests/ --shard 2/4              the second of four slices (one CI machine of four)
  scenario run tests/ --coverage               also write scenario-coverage.lcov (YAML steps, Python lines)
  scenario coverage combine shard-*.lcov       merge the shards' coverage into scenario-coverage.lcov
"""


# -- entry point --------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scenario",
        description=_DESCRIPTION,
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"scenario-harness {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run",
        help="run scenario files and report the verdict",
        description=_DESCRIPTION,
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, or directories to search for *.scenario.y(a)ml")
    run.add_argument("--format", choices=("text", "json", "junit"), default="text", help="output format (default: text)")
    run.add_argument(
        "--check-determinism",
        action="store_true",
        help="run each file twice, in fresh mission workers with different PYTHONHASHSEED, "
        "and report every scenario whose results differ",
    )
    run.add_argument(
        "--accept",
        action="store_true",
        help="accept every actual value: set each failed eq expectation's expected to what it got, "
        "store each changed or missing snapshot, remove orphaned snapshot entries; prints each change",
    )
    run.add_argument(
        "--ci",
        action="store_true",
        help="CI mode (also when the CI environment variable is set): write nothing; a missing snapshot fails",
    )
    run.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour the text output (default: auto, on a terminal)"
    )
    run.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="check files in N processes, or 'auto' for one per core; the output is the same (default: 1)",
    )
    run.add_argument(
        "--shard",
        type=_shard,
        metavar="K/N",
        help="run only the K-th of N slices of the files (K from 1 to N): N machines running 1/N to N/N "
        "run every file exactly once",
    )
    add_run_options(run)
    commands.add_parser("codes", help="list every finding code with its meaning")
    add_combine_command(commands)
    return parser


def _jobs(text: str) -> int:
    if text == "auto":
        return available_cores()
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more) or 'auto', not {text!r}")
    return int(text)


def _shard(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class _ToStderr(logging.StreamHandler[TextIO]):
    """Where the CLI sends the core's log (an internal error's traceback, say)."""


def _log_to(stream: TextIO) -> None:
    core = logging.getLogger("scenario_core")
    core.handlers = [h for h in core.handlers if not isinstance(h, _ToStderr)]
    handler = _ToStderr(stream)
    handler.setFormatter(logging.Formatter("scenario: %(levelname)s: %(message)s"))
    core.addHandler(handler)
    core.propagate = False


def _use_colour(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    _log_to(stderr)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "codes":
        for code in CODES.values():
            stdout.write(f"{code.name:18} {code.severity.value:8} {code.summary}\n")
        return EXIT_PASSED
    if args.command == "coverage":
        return combine(args, stdout, stderr)
    if args.command != "run":
        parser.print_help(stdout)
        return EXIT_INVALID
    ci = args.ci or ci_mode()
    if args.accept and (ci or args.check_determinism):
        why = "--check-determinism" if args.check_determinism else ("--ci" if args.ci else "CI mode (CI is set)")
        stderr.write(f"scenario: error: --accept writes files, and {why} never does; drop one of them\n")
        return EXIT_INVALID
    if args.coverage and args.check_determinism:
        stderr.write("scenario: error: --coverage measures one run, and --check-determinism makes two; drop one of them\n")
        return EXIT_INVALID
    writes: Writes = "accept" if args.accept else "check" if ci else "new"
    files, missing = discover(args.paths)
    for path in missing:
        stderr.write(f"scenario: error: no such file or directory: {path}\n")
    if not files and not missing:
        stderr.write(f"scenario: error: no *.scenario.yaml or *.scenario.yml files under {' '.join(args.paths)}\n")
        return EXIT_INVALID
    if args.shard is not None:
        files = args.shard.select(files)
    out = writer(args.format, stdout)
    # What was written comes first; in JSON and JUnit it goes to stderr, so that stdout stays one document.
    written_to = stdout if args.format == "text" else stderr
    measured = CoverageRun.of(args)
    try:
        for checked in check_files(
            files,
            args.format,
            _use_colour(args.color, stdout),
            jobs=args.jobs,
            check_determinism=args.check_determinism,
            writes=writes,
            coverage=measured.measurement if measured is not None else None,
        ):
            stderr.write(checked.log)
            written_to.write("".join(f"{line}\n" for line in checked.written))
            out.add(checked.part)
            if measured is not None:
                measured.add(checked.steps)
    except (BrokenProcessPool, CoverageConfigError) as error:
        if measured is not None:
            measured.close()
        if isinstance(error, CoverageConfigError):
            stderr.write(f"scenario: error: {error}\n")
        else:
            stderr.write("scenario: error: a worker process stopped unexpectedly; run with --jobs 1 to see why\n")
        return EXIT_INVALID
    status = out.finish(missing)
    if measured is not None and not measured.finish(stderr):
        return EXIT_INVALID
    return status

