"""Fixtures of the debugger's tests: the shop project (tests/dap/shop) copied where it may write, and a client."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import DapClient  # noqa: E402

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
