"""``scenario init [DIR]``: a starter project that passes ``scenario run``, ``pytest`` and the editor's checks.

The files are those of :mod:`.starter`, and the snapshot file of its
snapshotted scenario, computed here by checking the scenario file as a
first ``scenario run`` would (the snapshotted scenario calls only YAML
missions, so no Python code runs to make it). Nothing is ever written over
an existing file: when one of the starter's files exists, ``init`` says
which, writes nothing and exits with 2. The files are written together or
not at all (:mod:`scenario_core.project.changes`).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from scenario_core.checking.pipeline import check
from scenario_core.checking.snapshots import snapshot_path, snapshot_text
from scenario_core.project.changes import ChangeRefused, FileChange, apply_changes

from .output import EXIT_INVALID, EXIT_PASSED
from .starter import SCENARIO_FILE, starter_files

__all__ = ["add_init_command", "init", "starter_project"]


def add_init_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "init",
        help="write a starter project: pyproject.toml, Python missions, a mission library, scenarios and a snapshot",
        description="Write a starter project into DIR (default: the current folder): pyproject.toml with "
        "[tool.scenario], a Python mission and operation with typed params, a mission library, and a scenario "
        "file with an expectation of every op and a snapshot. It passes `scenario run` and `pytest` as written. "
        "Existing files are never overwritten: if one is there, nothing is written.",
    )
    command.add_argument("folder", nargs="?", default=".", metavar="DIR", help="where to write it (made if missing; default: .)")


class _Memory:
    """The starter's files as a check reads them, before any is written."""

    def __init__(self, files: dict[Path, str]) -> None:
        self.files = files

    def read_text(self, path: Path) -> str | None:
        return self.files.get(path)


def starter_project(folder: Path) -> dict[Path, str]:
    """Every file of the starter project in ``folder``, the snapshot file included, by path."""
    folder = folder.resolve()
    files = {folder / relative: text for relative, text in starter_files(folder.name).items()}
    scenario_file = folder / SCENARIO_FILE
    report = check(files[scenario_file], path=scenario_file, files=_Memory(files))
    snapshots = report.snapshots
    assert snapshots is not None, "the starter's scenario file snapshots a scenario"
    entries = {name: snapshots.actual_entry(name) for name, state in snapshots.states.items() if state != "not_run"}
    files[snapshot_path(scenario_file)] = snapshot_text(entries)
    return files


def init(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """``scenario init DIR``: write the starter project; the exit status."""
    given = Path(args.folder)
    if given.exists() and not given.is_dir():
        stderr.write(f"scenario: error: {given} is a file, not a folder; nothing was written\n")
        return EXIT_INVALID
    files = starter_project(given)
    shown = {path: os.path.relpath(path) for path in files}
    existing = [shown[path] for path in files if path.exists() or path.is_symlink()]
    if existing:
        more = f" (and {len(existing) - 1} more of the starter's files)" if len(existing) > 1 else ""
        stderr.write(f"scenario: error: {existing[0]} exists{more}; scenario init writes nothing over a file, so nothing was written\n")
        return EXIT_INVALID
    try:
        apply_changes([FileChange(path, text.encode("utf-8")) for path, text in files.items()])
    except ChangeRefused as refused:
        stderr.write(f"scenario: error: cannot write {os.path.relpath(refused.path)}: {refused.reason}; nothing was written\n")
        return EXIT_INVALID
    for path in files:
        stdout.write(f"wrote {shown[path]}\n")
    place = "" if given.resolve() == Path.cwd().resolve() else f"cd {shown_folder(given)} && "
    stdout.write(
        f"\nnext: {place}scenario run    (then `pytest`, or open {SCENARIO_FILE} in an editor with the language server)\n"
    )
    return EXIT_PASSED


def shown_folder(folder: Path) -> str:
    """``folder`` as the user would ``cd`` into it from here."""
    return os.path.relpath(folder.resolve())
