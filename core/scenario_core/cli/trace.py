"""``scenario trace PATH``: what every step of each mission call did, as text or JSON.

Each file is checked with every call traced (``check(trace=True)``): the
very run ``scenario run`` makes, the same results and hashes. Text: per
scenario, each call with one line per step (its id, kind and operation,
status, and where it is defined), the changes it made indented under it.
JSON (``--format json``, ``"format": "scenario-harness-trace/1"``)::

    {"format", "files": [{"path", "scenarios": [{"name", "calls": [
        {"mission", "index", "line", "success", "error", "steps": [
            {"id", "kind", "operation", "status", "defined_at": {"path", "line"},
             "operation_at", "changes": [{"path", "before", "after"}], "error"}]}]}]}]}

Lines are 1-based; ``before`` is left out where a key was added and
``after`` where one was removed; ``error`` is null unless the step failed.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from scenario_core.checking.outcomes import ScenarioOutcome
from scenario_core.checking.pipeline import check_bytes
from scenario_core.checking.report import CheckReport
from scenario_core.checking.traces import trace_text
from scenario_core.project.discovery import discover
from scenario_core.python.missions import PythonProjects

from .output import EXIT_INVALID, EXIT_PASSED

__all__ = ["FORMAT", "add_parser", "run"]

#: The ``"format"`` of ``scenario trace --format json``.
FORMAT = "scenario-harness-trace/1"


def add_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    trace = commands.add_parser(
        "trace",
        help="show what every step of each mission call did",
        description="Run scenario files with every mission call traced and show, step by step, what each did: "
        "its status, where it is defined, and the changes it made to the state.",
    )
    trace.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, or directories to search for *.scenario.y(a)ml")
    trace.add_argument("--scenario", metavar="NAME", help="only the scenario of this name")
    trace.add_argument("--mission", metavar="NAME", help="only the calls of this mission")
    trace.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    trace.add_argument("--states", action="store_true", help="also show the state before and after each step")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Print the traces ``args`` ask for; 2 when a path does not exist or nothing matched."""
    files, missing = discover(args.paths)
    for absent in missing:
        stderr.write(f"scenario: error: no such file or directory: {absent}\n")
    projects = PythonProjects()
    shown_files: list[dict[str, Any]] = []
    matched = False
    try:
        for path in files:
            shown = path.as_posix()
            resolved = path.resolve()
            report = check_bytes(path.read_bytes(), python=projects.for_file(resolved), path=resolved, trace="states" if args.states else True)
            scenarios = [o for o in report.scenarios if not o.shadowed and (args.scenario is None or o.name == args.scenario)]
            calls = {o.name: _calls(o, args.mission) for o in scenarios}
            matched = matched or any(calls.values())
            if args.format == "json":
                shown_files.append(_file_json(shown, resolved, report, scenarios, calls, args.states))
            else:
                stdout.write(_file_text(shown, resolved, report, scenarios, calls, args.states))
    finally:
        projects.close()
    if args.format == "json":
        stdout.write(json.dumps({"format": FORMAT, "files": shown_files}, indent=2, ensure_ascii=False) + "\n")
    if missing or not files:
        return EXIT_INVALID
    if not matched:
        wanted = " ".join(f"--{k} {v}" for k, v in (("scenario", args.scenario), ("mission", args.mission)) if v)
        stderr.write(f"scenario: error: no mission call matches {wanted or 'in these files'}\n")
        return EXIT_INVALID
    return EXIT_PASSED


def _calls(outcome: ScenarioOutcome, mission: str | None) -> list[int]:
    return [i for i, call in enumerate(outcome.definition.calls) if mission is None or call.name == mission]


def _file_text(
    shown: str, path: Path, report: CheckReport, scenarios: list[ScenarioOutcome], calls: dict[str, list[int]], states: bool
) -> str:
    lines: list[str] = []
    for outcome in scenarios:
        if not calls[outcome.name]:
            continue
        lines.append(f"{shown}:{outcome.definition.name_range.start.line + 1}: scenario {outcome.name}")
        for index in calls[outcome.name]:
            lines.extend("  " + line for line in trace_text(outcome.traces[index], shown, path, base=Path.cwd(), states=states))
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")


def _file_json(
    shown: str, path: Path, report: CheckReport, scenarios: list[ScenarioOutcome], calls: dict[str, list[int]], states: bool
) -> dict[str, Any]:
    return {
        "path": shown,
        "scenarios": [
            {"name": o.name, "calls": [o.traces[i].to_dict(report.lines, path, states=states) for i in calls[o.name]]}
            for o in scenarios
            if calls[o.name]
        ],
    }
