"""``scenario schema [scenario|missions]``: the JSON Schema of scenario files or of mission libraries, on stdout.

For yaml-language-server and the editors that use it: ``scenario schema
scenario > .vscode/scenario.schema.json`` gives the schema of the installed
version wherever the package is installed. The text is the committed
``schema/*.schema.json`` byte for byte: both are generated from
:mod:`scenario_core.checking.format`, the one definition of every key.
"""
from __future__ import annotations

import argparse
import json
from typing import Any, Callable, TextIO

from scenario_core.checking.format import json_schema, library_json_schema

__all__ = ["SCHEMAS", "add_schema_command", "schema", "schema_text"]

#: The schemas there are: ``scenario`` for ``*.scenario.yaml``, ``missions`` for ``*.missions.yaml``.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {"scenario": json_schema, "missions": library_json_schema}


def schema_text(name: str) -> str:
    """The exact text of the schema ``name`` (a key of :data:`SCHEMAS`): indented JSON, ending in a newline."""
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"


def add_schema_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "schema",
        help="print the JSON Schema of scenario files (or of mission libraries), for yaml-language-server",
        description="Print the JSON Schema (draft 2020-12) of scenario files, or with 'missions' of mission "
        "libraries (*.missions.yaml), for yaml-language-server and the editors that use it.",
        epilog="example: scenario schema scenario > .vscode/scenario.schema.json",
    )
    command.add_argument("name", nargs="?", choices=tuple(SCHEMAS), default="scenario", help="which schema (default: scenario)")


def schema(args: argparse.Namespace, stdout: TextIO) -> int:
    """``scenario schema NAME``: the schema on ``stdout``; exit status 0."""
    stdout.write(schema_text(args.name))
    return 0
