"""What the debugger's tests share beside their fixtures: lines of files, launch arguments, what scenario run says.

(A module of its own, not ``conftest``: another folder's ``conftest`` may be the one imported by that name.)
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from scenario_core.cli import main as scenario_cli


def line_of(path: Path, text: str, after: int = 0) -> int:
    """The 1-based number of the first line of ``path`` after line ``after`` that contains ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number > after and text in line:
            return number
    raise LookupError(f"{text!r} is not in {path}")


def launch(program: Path, **more: Any) -> dict[str, Any]:
    """The launch arguments VS Code sends for our launch configuration."""
    return {"type": "scenario", "request": "launch", "name": "Debug scenario file", "program": str(program), **more}


def scenario_run(program: Path) -> dict[str, Any]:
    """What ``scenario run --format json`` says of ``program``: its file entry."""
    out = io.StringIO()
    scenario_cli(["run", "--format", "json", str(program)], stdout=out, stderr=io.StringIO())
    return dict(json.loads(out.getvalue())["files"][0])


def scenario_run_text(program: Path) -> str:
    out = io.StringIO()
    scenario_cli(["run", str(program)], stdout=out, stderr=io.StringIO())
    return out.getvalue()
