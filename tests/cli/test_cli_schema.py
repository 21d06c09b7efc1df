"""`scenario schema [scenario|missions]`: the committed JSON Schemas, from the installed package."""
from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT, WAIT_S

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]


@pytest.mark.parametrize(("argument", "committed"), [((), "scenario"), (("scenario",), "scenario"), (("missions",), "missions")])
def test_the_printed_schema_is_the_committed_file_byte_for_byte(argument: tuple[str, ...], committed: str):
    done = subprocess.run([*SCENARIO, "schema", *argument], capture_output=True, cwd=ROOT, timeout=WAIT_S)
    assert done.returncode == 0
    assert done.stdout == (ROOT / "core" / "scenario_core" / "schemas" / f"{committed}.schema.json").read_bytes()


def test_an_unknown_schema_is_a_usage_error():
    done = subprocess.run([*SCENARIO, "schema", "suite"], capture_output=True, text=True, cwd=ROOT, timeout=WAIT_S)
    assert done.returncode == 2
    # How argparse lists the choices after this differs between Python versions.
    assert done.stderr.splitlines()[-1].startswith("scenario schema: error: argument name: invalid choice: 'suite' (choose from ")
