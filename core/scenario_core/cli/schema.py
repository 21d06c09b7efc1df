"""``scenario schema [scenario|missions]``: the JSON Schema of scenario files or of mission libraries, on stdout.

For yaml-language-server and the editors that use it: ``scenario schema
scenario > .vscode/scenario.schema.json`` gives the schema of the installed
version wherever the package is installed: the files the package ships
(:mod:`scenario_core.schemas`), generated from :mod:`scenario_core.checking.format`,
the one definition of every key.
"""
from __future__ import annotations

import argparse
from typing import TextIO

from scenario_core.schemas import SCHEMA_NAMES, schema_text

__all__ = ["add_schema_command", "schema"]


def add_schema_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "schema",
        help="print the JSON Schema of scenario files (or of mission libraries), for yaml-language-server",
        description="Print the JSON Schema (draft 2020-12) of scenario files, or with 'missions' of mission "
        "libraries (*.missions.yaml), for yaml-language-server and the editors that use it.",
        epilog="example: scenario schema scenario > .vscode/scenario.schema.json",
    )
    command.add_argument("name", nargs="?", choices=SCHEMA_NAMES, default="scenario", help="which schema (default: scenario)")


def schema(args: argparse.Namespace, stdout: TextIO) -> int:
    """``scenario schema NAME``: the schema on ``stdout``; exit status 0."""
    stdout.write(schema_text(args.name))
    return 0
