"""What a run writes is written whole or not at all: a read-only folder changes nothing and says why in one line.

Read-only folders do not stop root, and CI runs as root: when the tests run
as root, these runs drop the capabilities that let root write anywhere
(``setpriv --bounding-set=-dac_override,...``), so that the permission bits
count for them as for any user.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from helpers import scaled

from scenario_core.checking.snapshots import snapshot_path

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]
WITHOUT_ROOTS_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]

SUITE = """\
suite: shop
snapshot: true
scenarios:
  - name: cart
    initial_state: {counter: 0}
    missions: [daily_loop]
expectations:
  - {id: loop_ok, scenario: cart, mission: daily_loop, path: success, op: eq, expected: false}
"""
STALE_SNAPSHOT = json.dumps({"format": "scenario-harness-snapshot/1", "scenarios": {"cart": {"daily_loop": {"stale": True}}}})


def unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``scenario ARGS`` run so that file permissions stop it (as root: without root's power to write anywhere)."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    prefix = WITHOUT_ROOTS_OVERRIDE if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *SCENARIO, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=scaled(120))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A folder with ``shop.scenario.yaml`` in it; every folder writable again afterwards, so that it can be removed."""
    folder = tmp_path / "shop"
    folder.mkdir()
    (folder / "shop.scenario.yaml").write_text(SUITE, encoding="utf-8")
    try:
        yield folder
    finally:
        for directory, _, _ in os.walk(folder):
            os.chmod(directory, 0o755)


def every_file(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (temporary files included) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_stale_snapshot(folder: Path) -> Path:
    snapshots = snapshot_path(folder / "shop.scenario.yaml")
    snapshots.parent.mkdir()
    snapshots.write_text(STALE_SNAPSHOT, encoding="utf-8")
    return snapshots


def test_accept_in_a_read_only_folder_writes_nothing_and_names_the_file_and_the_reason(project: Path):
    with_stale_snapshot(project)
    project.chmod(0o555)
    (project / "__snapshots__").chmod(0o555)
    before = every_file(project)
    done = unprivileged("run", "--accept", "shop.scenario.yaml", cwd=project)
    assert done.returncode == 2
    assert done.stderr == (
        "scenario: error: shop.scenario.yaml: not accepted: cannot write shop.scenario.yaml: Permission denied; nothing was written\n"
    )
    assert every_file(project) == before
    assert "Traceback" not in done.stdout


def test_accept_with_only_the_snapshot_folder_read_only_leaves_the_scenario_file_as_it_was(project: Path):
    snapshots = with_stale_snapshot(project)
    snapshots.parent.chmod(0o555)
    before = every_file(project)
    done = unprivileged("run", "--accept", "shop.scenario.yaml", cwd=project)
    assert done.returncode == 2
    assert done.stderr == (
        "scenario: error: shop.scenario.yaml: not accepted: cannot write __snapshots__/shop.scenario.yaml.json: "
        "Permission denied; nothing was written\n"
    )
    assert every_file(project) == before  # the expected value is not half accepted, and no temporary file is left
    assert "expected false → true" not in done.stdout


def test_accept_of_a_read_only_scenario_file_writes_neither_file(project: Path):
    snapshots = with_stale_snapshot(project)
    (project / "shop.scenario.yaml").chmod(0o444)
    before = every_file(project)
    done = unprivileged("run", "--accept", "shop.scenario.yaml", cwd=project)
    assert done.returncode == 2
    assert done.stderr == (
        "scenario: error: shop.scenario.yaml: not accepted: cannot write shop.scenario.yaml: the file is read-only; nothing was written\n"
    )
    assert every_file(project) == before
    assert json.loads(snapshots.read_text())["scenarios"]["cart"] == {"daily_loop": {"stale": True}}


def test_a_plain_run_in_a_read_only_checkout_reports_missing_snapshots_as_missing_and_writes_nothing(project: Path):
    (project / "shop.scenario.yaml").write_text(SUITE.replace("expected: false", "expected: true"))
    project.chmod(0o555)
    done = unprivileged("run", "shop.scenario.yaml", cwd=project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "shop.scenario.yaml: new snapshots not written: cannot write __snapshots__/shop.scenario.yaml.json: "
        "Permission denied; they stay missing",
        "shop.scenario.yaml:4:11: error snapshot_missing: scenario 'cart' has no snapshot in "
        "__snapshots__/shop.scenario.yaml.json yet; accept it to pin its current results",
        "shop.scenario.yaml: failed: 1/1 expectations passed, 1 snapshot missing test_run aad0e5d18665",
        "1 file, 0 invalid: 1 passed, 0 failed, 1 snapshot failed",
    ]
    assert done.stderr == ""
    assert sorted(p.name for p in project.iterdir()) == ["shop.scenario.yaml"]


def test_a_file_where_the_snapshot_folder_should_be_stops_the_accept_before_anything_changes(tmp_path: Path):
    """Root too: a file named __snapshots__ cannot become a folder."""
    path = tmp_path / "shop.scenario.yaml"
    path.write_text(SUITE, encoding="utf-8")
    (tmp_path / "__snapshots__").write_text("not a folder")
    before = every_file(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run([*SCENARIO, "run", "--accept", "shop.scenario.yaml"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert done.stderr == (
        "scenario: error: shop.scenario.yaml: not accepted: cannot write __snapshots__/shop.scenario.yaml.json: "
        "File exists; nothing was written\n"
    )
    assert every_file(tmp_path) == before


def test_json_output_lists_a_write_that_could_not_be_made_among_the_errors(project: Path):
    with_stale_snapshot(project).parent.chmod(0o555)
    done = unprivileged("run", "--accept", "--format", "json", "shop.scenario.yaml", cwd=project)
    document = json.loads(done.stdout)
    assert document["exit_status"] == 2
    assert document["errors"] == [
        {
            "code": "not_written",
            "path": "shop.scenario.yaml",
            "message": "shop.scenario.yaml: not accepted: cannot write __snapshots__/shop.scenario.yaml.json: "
            "Permission denied; nothing was written",
        }
    ]
