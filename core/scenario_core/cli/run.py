"""``scenario run``: check scenario files and print the verdict, as the editor shows it.

Exit status: 0 when every expectation passed, 1 when one (or a snapshot)
failed, 2 when a file is invalid (YAML, structure, references, engine rules)
or the run could not do something: a path that does not exist, a file that
cannot be read, a scenario that is not there, an accept it could not write.
"""
from __future__ import annotations

import argparse
import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TextIO

from scenario_core.project.config import find_project
from scenario_core.project.discovery import discover

from .batch import CheckSettings, available_cores, check_files
from .configs import configuration_parts
from .coverage import CoverageConfigError, CoverageRun, add_run_options
from .output import EXIT_INVALID, RunError, Writer, writer
from .selection import KeywordError, Selection
from .shard import Shard
from .writes import Writes, ci_mode

__all__ = ["add_run_command", "default_paths", "run"]

DESCRIPTION = """\
Run scenario files (*.scenario.yaml) and report the verdict.

Each scenario runs its mission calls from its initial state in the
deterministic core; expectations are checked against the results. Findings
are printed as file:line:col: severity code: message (1-based line and
column), followed by a summary.

Without PATH, the project is run: the paths listed in [tool.scenario] paths
of the nearest pyproject.toml, else that file's folder, else the current
folder. FILE::SCENARIO runs one scenario of a file (several may be given);
-k EXPR runs the scenarios whose names match a pytest keyword expression.

Snapshots: a scenario or suite with `snapshot: true` is compared with
__snapshots__/<file name>.json beside the file. A run writes the snapshots of
scenarios that have none yet; in CI (CI is set, or --ci) nothing is written
and a missing or changed snapshot fails. --accept also stores every changed
snapshot and sets every failed `eq` expectation's `expected` to the actual
value, keeping the rest of the file as written. A file's writes are made
together or not at all.

exit status: 0 all expectations passed, 1 an expectation or a snapshot failed,
2 invalid input (YAML, structure, references, engine rules), a missing path or
scenario, or a write that could not be made.
"""

EXAMPLES = """\
examples:
  scenario run                                 the project: [tool.scenario] paths, or the folder of pyproject.toml
  scenario run examples/                       every scenario file under examples/
  scenario run shop.scenario.yaml::cart        one scenario of a file
  scenario run -k "cart and not slow"          the scenarios whose suite, file or own name match
  scenario run a.scenario.yaml --format json   findings, results and hashes as JSON
  scenario run tests/ --format junit > junit.xml
  scenario run --accept checkout.scenario.yaml accept every actual value and snapshot of the file
  scenario run tests/ --jobs auto              one process per core, the same output
  scenario run tests/ --shard 2/4              the second of four slices (one CI machine of four)
  scenario run --verbose                       also each finding's related places and Python traceback
  scenario run tests/ --coverage               also write scenario-coverage.lcov (YAML steps, Python lines)
  scenario coverage combine shard-*.lcov       merge the shards' coverage into scenario-coverage.lcov
"""


def add_run_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``scenario run`` and its options."""
    run = commands.add_parser(
        "run",
        help="run scenario files and report the verdict",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="scenario files, directories to search for *.scenario.y(a)ml, or FILE::SCENARIO "
        "(default: the project, see above)",
    )
    run.add_argument("--format", choices=("text", "json", "junit"), default="text", help="output format (default: text)")
    run.add_argument(
        "-k",
        dest="keyword",
        metavar="EXPR",
        help="run only the scenarios whose name, suite name or file name match EXPR, a pytest keyword expression "
        "such as 'cart and not slow' (needs pytest)",
    )
    run.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="text output: under each finding, its related places (file:line:col: note: ...) and a Python traceback",
    )
    run.add_argument(
        "--trace",
        action="store_true",
        help="JSON output: every scenario also has the trace of each of its mission calls (what each step did)",
    )
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


def _use_colour(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ


def default_paths(folder: Path) -> list[str]:
    """What ``scenario run`` without PATH runs from ``folder``, each as the user would type it from ``folder``.

    The paths of ``[tool.scenario] paths`` in the nearest ``pyproject.toml``
    (those that exist), else that file's folder, else ``folder``. What is
    wrong with the table is the run's to report, at its place in
    ``pyproject.toml`` (:func:`~scenario_core.cli.configs.configuration_parts`).
    """
    project = find_project(folder / "pyproject.toml")
    return [_shown(t, folder) for t in (project.paths or (project.root,))]


def _shown(path: Path, folder: Path) -> str:
    return os.path.relpath(path, folder.resolve())


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``scenario run`` with the parsed ``args``; the exit status."""
    ci = args.ci or ci_mode()
    if args.accept and (ci or args.check_determinism):
        why = "--check-determinism" if args.check_determinism else ("--ci" if args.ci else "CI mode (CI is set)")
        stderr.write(f"scenario: error: --accept writes files, and {why} never does; drop one of them\n")
        return EXIT_INVALID
    if args.coverage and args.check_determinism:
        stderr.write("scenario: error: --coverage measures one run, and --check-determinism makes two; drop one of them\n")
        return EXIT_INVALID
    writes: Writes = "accept" if args.accept else "check" if ci else "new"
    if args.trace and args.format != "json":
        stderr.write("scenario: error: --trace adds each call's trace to the JSON output: use it with --format json\n")
        return EXIT_INVALID
    arguments = list(args.paths)
    if not arguments:
        project = find_project(Path.cwd() / "pyproject.toml")
        if project.errors:  # the table that says what to run is wrong: that is the one error to show
            out = writer(args.format, stdout)
            for part in configuration_parts([Path.cwd() / "pyproject.toml"], args.format, _use_colour(args.color, stdout)):
                out.add(part)
            return out.finish()
        arguments = default_paths(Path.cwd())
    try:
        selection = Selection.parse(arguments, args.keyword)
    except KeywordError as error:
        stderr.write(f"scenario: error: {error}\n")
        return EXIT_INVALID
    folders = [path for path in selection.names if path.is_dir()]
    if folders:
        stderr.write(f"scenario: error: {folders[0]} is a folder; FILE::SCENARIO names a scenario of one file\n")
        return EXIT_INVALID
    files, missing = discover(selection.paths)
    if not files and not missing:
        stderr.write(f"scenario: error: no *.scenario.yaml or *.scenario.yml files under {' '.join(selection.paths)}\n")
        return EXIT_INVALID
    if args.shard is not None:
        files = args.shard.select(files)
    out = writer(args.format, stdout)
    for part in configuration_parts(files, args.format, _use_colour(args.color, stdout)):
        out.add(part)  # each project's [tool.scenario] findings, once, at their place in pyproject.toml
    for path in missing:
        _report_error(RunError("missing_path", path, f"no such file or directory: {path}"), out, stderr)
    # What was written comes first; in JSON and JUnit it goes to stderr, so that stdout stays one document.
    written_to = stdout if args.format == "text" else stderr
    selected, listed, errors = 0, 0, len(missing)
    measured = CoverageRun.of(args, selection.paths)
    try:
        settings = CheckSettings(
            args.format,
            _use_colour(args.color, stdout),
            check_determinism=args.check_determinism,
            writes=writes,
            verbose=args.verbose,
            selection=selection if selection.active else None,
            trace=args.trace,
            coverage=measured.measurement if measured is not None else None,
        )
        for checked in check_files(files, settings, jobs=args.jobs):
            stderr.write(checked.log)
            written_to.write("".join(f"{line}\n" for line in checked.written))
            for run_error in checked.errors:
                _report_error(run_error, out, stderr)
            if checked.part is not None:
                out.add(checked.part)
                listed += 1
            else:
                out.deselect(checked.deselected)
            selected += checked.selected
            errors += len(checked.errors)
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
    # A selection that runs nothing is a mistake to say (as pytest's exit status 5 says it), unless something
    # else already explains it, or a shard simply holds none of the selected scenarios.
    if selection.active and files and not (selected or listed or errors) and args.shard is None:
        message = f"{selection.described()} selects none of the scenarios of {len(files)} file{'s' if len(files) != 1 else ''}"
        _report_error(RunError("nothing_selected", None, message), out, stderr)
    status = out.finish()
    if measured is not None and not measured.finish(stderr):
        return EXIT_INVALID
    return status


def _report_error(error: RunError, out: Writer, stderr: TextIO) -> None:
    stderr.write(f"scenario: error: {error.message}\n")
    out.error(error)
