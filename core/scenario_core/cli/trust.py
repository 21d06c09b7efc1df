"""``scenario trust``: which projects' Python missions the editor may run (the user's trust store).

The language server imports and runs a project's Python code only once the
user trusted the project: by answering its prompt, or with this command. The
store is :mod:`scenario_core.project.trust`'s. ``scenario run`` and the pytest
plugin do not read it: they run the project's code as pytest runs
``conftest.py``, because the user ran them.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from scenario_core.project.config import project_root
from scenario_core.project.trust import TrustStore, TrustStoreError

from .output import EXIT_INVALID, EXIT_PASSED

__all__ = ["add_parser", "run"]

_DESCRIPTION = """\
Trust a project: the language server then runs its Python missions (the
modules its pyproject.toml names in [tool.scenario] missions) without asking.
Until a project is trusted, the editor imports nothing of it, and each call of
one of its Python missions says how to trust it.

PATH is a file or folder of the project; the project is the folder of the
nearest pyproject.toml at or above it (else the folder itself). Without PATH:
the project of the current directory.

The trust store is a file in your user data directory; --list shows where.
`scenario run` and pytest do not read it: they run the project's code as
pytest runs conftest.py, since you ran them.

exit status: 0 done, 2 a path that does not exist or a store that cannot be written.
"""

_EXAMPLES = """\
examples:
  scenario trust                      trust the project of the current directory
  scenario trust ~/src/shop           trust the project at ~/src/shop
  scenario trust --list               every trusted project, one per line
  scenario trust --revoke ~/src/shop  the editor asks again before it runs the project's code
"""


def add_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``trust`` to the ``scenario`` parser's subcommands (``commands``, from ``add_subparsers``)."""
    trust = commands.add_parser(
        "trust",
        help="trust a project, so the editor runs its Python missions; --list, --revoke",
        description=_DESCRIPTION,
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    trust.add_argument("path", nargs="?", metavar="PATH", help="a file or folder of the project (default: the current directory)")
    what = trust.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="print every trusted project's folder, and where the store is")
    what.add_argument("--revoke", action="store_true", help="stop trusting the project at PATH")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO, store: TrustStore | None = None) -> int:
    """Run ``scenario trust`` with parsed ``args``; the exit status. Never raises on the user's input."""
    store = store or TrustStore()
    if args.list:
        if args.path is not None:
            stderr.write("scenario: error: --list takes no PATH\n")
            return EXIT_INVALID
        return _list(store, stdout, stderr)
    given = Path(args.path) if args.path is not None else Path.cwd()
    if not args.revoke and not given.exists():
        stderr.write(f"scenario: error: no such file or directory: {args.path}\n")
        return EXIT_INVALID
    # A folder stands for itself: the project is the nearest pyproject.toml at or above it.
    root = project_root(given / "_") if given.is_dir() else project_root(given) if given.exists() else given.resolve()
    _warn_unreadable(store, stderr)
    try:
        if args.revoke:
            changed = store.revoke(root)
            stdout.write(f"no longer trusted: {root}\n" if changed else f"{root} was not trusted; nothing changed\n")
        else:
            changed = store.trust(root)
            stdout.write(
                f"trusted {root}: the editor runs its Python missions from now on\n" if changed else f"{root} is already trusted\n"
            )
    except TrustStoreError as error:
        stderr.write(f"scenario: error: {error}\n")
        return EXIT_INVALID
    return EXIT_PASSED


def _list(store: TrustStore, stdout: TextIO, stderr: TextIO) -> int:
    _warn_unreadable(store, stderr)
    roots = store.read().roots
    stdout.write("".join(f"{root}\n" for root in roots))
    stderr.write(f"{len(roots)} trusted project{'' if len(roots) == 1 else 's'} (the store is {store.path})\n")
    return EXIT_PASSED


def _warn_unreadable(store: TrustStore, stderr: TextIO) -> None:
    problem = store.read().problem
    if problem is not None:
        stderr.write(f"scenario: warning: {problem}\n")
