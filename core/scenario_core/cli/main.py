"""``scenario``: the command line. Each command is a module; this one parses and dispatches, and keeps tracebacks away.

No Python traceback reaches a user from any command: a closed pipe ends
the command quietly with its own exit status (see :mod:`.streams`), Ctrl-C
ends it with status 130, and any other exception is a bug of ours, said in
one line (``scenario: error: internal error ...``) with exit status 2; the
traceback is printed only with ``SCENARIO_DEBUG=1``.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from typing import Sequence, TextIO

from scenario_core import __version__
from scenario_core.source.findings import CODES

from . import trace, trust
from .coverage import add_combine_command, combine
from .init import add_init_command, init
from .output import EXIT_FAILED, EXIT_INVALID, EXIT_PASSED
from .run import add_run_command, run
from .schema import add_schema_command, schema
from .streams import DEBUG_VARIABLE, CoreLogFormatter, closed_pipe_safe, debugging
from .writes import Writes, ci_mode

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_INVALID", "EXIT_PASSED", "Writes", "ci_mode", "main"]

#: The exit status after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130


# -- entry point --------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scenario",
        description="Scenario Harness: deterministic scenario tests, on the command line.",
        epilog=f"Set {DEBUG_VARIABLE}=1 to see the traceback of an internal error.",
    )
    parser.add_argument("--version", action="version", version=f"scenario-harness {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_run_command(commands)
    trace.add_parser(commands)
    trust.add_parser(commands)
    add_init_command(commands)
    add_schema_command(commands)
    add_combine_command(commands)
    commands.add_parser("codes", help="list every finding code with its meaning")
    return parser


class _ToStderr(logging.StreamHandler[TextIO]):
    """Where the CLI sends the core's log (an internal error, say)."""


def _log_to(stream: TextIO) -> None:
    core = logging.getLogger("scenario_core")
    core.handlers = [h for h in core.handlers if not isinstance(h, _ToStderr)]
    handler = _ToStderr(stream)
    handler.setFormatter(CoreLogFormatter())
    core.addHandler(handler)
    core.propagate = False


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command of ``argv`` (the process's arguments when None); its exit status. Never raises."""
    out = closed_pipe_safe(stdout or sys.stdout)
    err = closed_pipe_safe(stderr or sys.stderr)
    try:
        # argparse writes help, usage and its errors to sys.stdout and sys.stderr: the same safe streams.
        with redirect_stdout(out), redirect_stderr(err):
            return _command(argv, out, err)
    except SystemExit as exit:  # argparse: --help, --version, a usage error
        return exit.code if isinstance(exit.code, int) else EXIT_INVALID
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while the process ends prints nothing either
        err.write("scenario: interrupted\n")
        return EXIT_INTERRUPTED
    except OSError as error:  # most likely the machine's: a full disk, a folder that went away
        if debugging():
            traceback.print_exc(file=err)
        where = f": {error.filename}" if error.filename else ""
        err.write(f"scenario: error: {error.strerror or error}{where}\n")
        return EXIT_INVALID
    except Exception as error:
        if debugging():
            traceback.print_exc(file=err)
        hint = "" if debugging() else f"; set {DEBUG_VARIABLE}=1 to see the traceback"
        err.write(
            f"scenario: error: internal error ({type(error).__name__}: {error}); "
            f"this is a bug in Scenario Harness, please report it{hint}\n"
        )
        return EXIT_INVALID
    finally:
        out.flush()
        err.flush()


def _command(argv: Sequence[str] | None, stdout: TextIO, stderr: TextIO) -> int:
    _log_to(stderr)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "codes":
        for code in CODES.values():
            stdout.write(f"{code.name:18} {code.severity.value:8} {code.summary}\n")
        return EXIT_PASSED
    if args.command == "trace":
        return trace.run(args, stdout, stderr)
    if args.command == "trust":
        return trust.run(args, stdout, stderr)
    if args.command == "run":
        return run(args, stdout, stderr)
    if args.command == "schema":
        return schema(args, stdout)
    if args.command == "coverage":
        return combine(args, stdout, stderr)
    if args.command == "init":
        return init(args, stdout, stderr)
    parser.print_help(stdout)
    return EXIT_INVALID
