"""Fixtures of the debugger's tests: the shop project (tests/dap/shop) copied where it may write, and a client."""
from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import DapClient  # noqa: E402

from scenario_core.cli import main as scenario_cli  # noqa: E402

SHOP = Path(__file__).resolve().parent / "shop"
# The shop's scenario files fail on purpose; they are what the debugger runs, not tests of the pytest plugin.
collect_ignore_glob = ["shop/*"]


@pytest.fixture(scope="session")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shop project (its __pycache__ goes there, not into the repository)."""
    copy = tmp_path_factory.mktemp("dap") / "shop"
    shutil.copytree(SHOP, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture
def dap() -> Iterator[DapClient]:
    client = DapClient()
    try:
        yield client
    finally:
        client.close()


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
