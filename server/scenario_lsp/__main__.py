"""``scenario-lsp`` / ``python -m scenario_lsp``: start the server on stdio (or TCP).

Logs go to stderr. stdout carries the protocol alone: anything else that
writes to ``sys.stdout`` is sent to stderr instead.
"""
from __future__ import annotations

import os
import sys

# ``python -m scenario_lsp`` puts the current folder first on sys.path. An
# editor starts the server in the project's folder, so a file of the project
# named like a module the server imports next (``logging.py``, ``yaml.py``)
# would run before anyone trusted the project. The server imports nothing
# from there. (os and sys are loaded before any folder is searched.)
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

import argparse  # noqa: E402
import logging  # noqa: E402

from . import __version__  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scenario-lsp", description="Scenario Harness language server")
    parser.add_argument("--version", action="version", version=f"scenario-lsp {__version__}")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")
    parser.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=args.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    from .server import server

    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
        return 0
    protocol_out = sys.stdout.buffer
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, protocol_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
