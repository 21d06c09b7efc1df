"""`scenario trust`: the user's trust store from the command line, with one-line messages and exit 0 or 2."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]


@pytest.fixture
def data_home(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A project: a pyproject.toml naming a missions module, and a folder of scenario files under it."""
    root = tmp_path / "shop"
    (root / "tests").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "shop"\n\n[tool.scenario]\nmissions = ["shop.missions"]\n')
    (root / "tests" / "a.scenario.yaml").write_text("suite: a\nscenarios: []\n")
    return root


def scenario(data_home: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run([*SCENARIO, "trust", *args], capture_output=True, text=True, cwd=cwd, env=env)


def store(data_home: Path) -> Path:
    return data_home / "scenario-harness" / "trusted-projects.json"


def test_trust_without_a_path_trusts_the_project_of_the_current_directory(data_home, shop):
    out = scenario(data_home, cwd=shop / "tests")
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout == f"trusted {shop.resolve()}: the editor runs its Python missions from now on\n"
    assert json.loads(store(data_home).read_text())["trusted"] == [str(shop.resolve())]


def test_trust_of_a_file_trusts_its_project_once(data_home, shop, tmp_path):
    first = scenario(data_home, str(shop / "tests" / "a.scenario.yaml"), cwd=tmp_path)
    again = scenario(data_home, str(shop), cwd=tmp_path)
    assert first.returncode == again.returncode == 0
    assert again.stdout == f"{shop.resolve()} is already trusted\n"


def test_list_prints_one_root_a_line_and_says_where_the_store_is(data_home, shop, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    scenario(data_home, str(shop), cwd=tmp_path)
    scenario(data_home, str(other), cwd=tmp_path)
    out = scenario(data_home, "--list", cwd=tmp_path)
    assert out.returncode == 0
    assert out.stdout.splitlines() == sorted([str(shop.resolve()), str(other.resolve())])
    assert out.stderr == f"2 trusted projects (the store is {store(data_home)})\n"


def test_list_of_an_empty_store(data_home, tmp_path):
    out = scenario(data_home, "--list", cwd=tmp_path)
    assert (out.returncode, out.stdout) == (0, "")
    assert out.stderr == f"0 trusted projects (the store is {store(data_home)})\n"


def test_revoke_removes_the_project_and_says_when_there_was_nothing_to_revoke(data_home, shop, tmp_path):
    scenario(data_home, str(shop), cwd=tmp_path)
    out = scenario(data_home, "--revoke", str(shop / "tests"), cwd=tmp_path)
    assert (out.returncode, out.stdout) == (0, f"no longer trusted: {shop.resolve()}\n")
    again = scenario(data_home, "--revoke", str(shop), cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, f"{shop.resolve()} was not trusted; nothing changed\n")
    assert json.loads(store(data_home).read_text())["trusted"] == []


def test_revoke_works_for_a_project_that_no_longer_exists(data_home, shop, tmp_path):
    scenario(data_home, str(shop), cwd=tmp_path)
    (shop / "tests" / "a.scenario.yaml").unlink()
    (shop / "tests").rmdir()
    (shop / "pyproject.toml").unlink()
    shop.rmdir()
    out = scenario(data_home, "--revoke", str(shop), cwd=tmp_path)
    assert (out.returncode, out.stdout) == (0, f"no longer trusted: {shop.resolve()}\n")


def test_a_path_that_does_not_exist_exits_two_with_one_line(data_home, tmp_path):
    out = scenario(data_home, "nowhere", cwd=tmp_path)
    assert (out.returncode, out.stdout, out.stderr) == (2, "", "scenario: error: no such file or directory: nowhere\n")
    assert not store(data_home).exists()


def test_list_with_a_path_exits_two(data_home, tmp_path):
    out = scenario(data_home, "--list", ".", cwd=tmp_path)
    assert (out.returncode, out.stderr) == (2, "scenario: error: --list takes no PATH\n")


def test_an_unreadable_store_is_a_warning_and_trusting_writes_a_good_one(data_home, shop, tmp_path):
    store(data_home).parent.mkdir(parents=True)
    store(data_home).write_text("{not json")
    out = scenario(data_home, str(shop), cwd=tmp_path)
    assert out.returncode == 0
    assert out.stderr.startswith(f"scenario: warning: the trust store {store(data_home)} cannot be read (not JSON: ")
    assert len(out.stderr.splitlines()) == 1
    assert json.loads(store(data_home).read_text())["trusted"] == [str(shop.resolve())]


def test_a_store_that_cannot_be_written_exits_two_without_a_traceback(tmp_path, shop):
    data_home = tmp_path / "data"
    data_home.mkdir()
    (data_home / "scenario-harness").write_text("a file where the store's folder should be")
    out = scenario(data_home, str(shop), cwd=tmp_path)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.splitlines() == [
        f"scenario: warning: the trust store {store(data_home)} cannot be read (Not a directory); "
        "no project counts as trusted until it is written again",
        f"scenario: error: cannot write the trust store {store(data_home)}: File exists",
    ]
