"""No Python traceback reaches a user from any command: closed pipes, Ctrl-C, bugs of ours, paths that are not there."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import EXAMPLES, scaled

SCENARIO = [sys.executable, "-m", "scenario_core.cli"]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "SCENARIO_DEBUG")}
    return {**env, "NO_COLOR": "1", **extra}


def scenario(*args: str, cwd: Path = EXAMPLES.parent, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SCENARIO, *args], capture_output=True, text=True, cwd=cwd, env=environment(**env), timeout=scaled(120))


# -- a closed pipe -------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "json", "junit"])
def test_a_reader_that_is_gone_before_anything_is_written_ends_the_run_quietly_with_its_own_status(output):
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write the CLI makes to stdout now fails with EPIPE
    try:
        done = subprocess.run(
            [*SCENARIO, "run", "examples/", "--format", output],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=EXAMPLES.parent,
            env=environment(),
            timeout=scaled(120),
        )
    finally:
        os.close(write_end)
    assert done.returncode == 2  # the examples' own status: two of them fail on purpose
    assert done.stderr == ""


def test_scenario_run_piped_into_head_prints_one_line_and_exits_with_the_runs_status():
    command = f"{' '.join(SCENARIO)} run examples/ --format json | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=EXAMPLES.parent, env=environment(), timeout=scaled(120))
    assert done.stdout == "{\n"
    assert done.returncode == 2
    assert done.stderr == ""


def test_help_piped_into_a_closed_reader_is_quiet_too():
    command = f"{' '.join(SCENARIO)} run --help | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=EXAMPLES.parent, env=environment(), timeout=scaled(120))
    assert done.stdout.startswith("usage: scenario run")
    assert done.returncode == 0
    assert done.stderr == ""


# -- bugs of ours and Ctrl-C --------------------------------------------------------------

BROKEN = """\
import sys
import scenario_core.cli.run as command
def discover(paths):
    raise RuntimeError("the walk broke")
command.discover = discover
from scenario_core.cli import main
sys.exit(main())
"""


def test_an_unexpected_exception_is_one_line_and_exit_status_two():
    done = subprocess.run(
        [sys.executable, "-c", BROKEN, "run", "examples/"], capture_output=True, text=True, cwd=EXAMPLES.parent, env=environment()
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "scenario: error: internal error (RuntimeError: the walk broke); this is a bug in Scenario Harness, "
        "please report it; set SCENARIO_DEBUG=1 to see the traceback\n"
    )


def test_scenario_debug_shows_the_traceback_of_an_unexpected_exception():
    done = subprocess.run(
        [sys.executable, "-c", BROKEN, "run", "examples/"],
        capture_output=True,
        text=True,
        cwd=EXAMPLES.parent,
        env=environment(SCENARIO_DEBUG="1"),
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Traceback (most recent call last):")
    assert done.stderr.endswith(
        "RuntimeError: the walk broke\n"
        "scenario: error: internal error (RuntimeError: the walk broke); this is a bug in Scenario Harness, please report it\n"
    )


SLOW_PROJECT = {
    "pyproject.toml": '[project]\nname = "slow"\nversion = "0"\n\n[tool.scenario]\nmissions = ["slow_missions"]\n',
    "slow_missions.py": """\
import time
from pathlib import Path
from scenario_harness import StepSpec, WorkflowDefinition, mission, unguarded

@mission
def slow(ctx) -> WorkflowDefinition:
    with unguarded("the test waits for this file before it presses Ctrl-C"):
        Path("started").touch()
    time.sleep(60)
    return WorkflowDefinition(id="slow", steps=[StepSpec("s", "runtime", {})])
""",
    "slow.scenario.yaml": "suite: slow\nscenarios:\n  - {name: a, missions: [slow]}\n",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_ends_the_run_with_one_line_and_status_130(tmp_path: Path, jobs: str):
    """Ctrl-C in a terminal signals every process of the group: the CLI's, its pool's and the mission workers'."""
    for name, text in SLOW_PROJECT.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "slow2.scenario.yaml").write_text(SLOW_PROJECT["slow.scenario.yaml"], encoding="utf-8")
    process = subprocess.Popen(
        [*SCENARIO, "run", "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=environment(),
        start_new_session=True,  # a process group of its own, as a terminal gives a command
        # and Ctrl-C at its default, even when these tests were started with it ignored (in the
        # background, under nohup), which a child would inherit and keep.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + scaled(120)
    while not (tmp_path / "started").exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)  # well before the missions' 60 s, or their 10 s timeout
    assert process.returncode == 130
    assert err == "scenario: interrupted\n"
    assert out == ""


# -- a path that does not exist is an error in every format --------------------------------


def test_a_missing_path_is_an_error_line_and_counted_in_the_text_summary():
    done = scenario("run", "does/not/exist", "examples/passing.scenario.yaml")
    assert done.returncode == 2
    assert done.stderr == "scenario: error: no such file or directory: does/not/exist\n"
    assert done.stdout.splitlines()[-1] == "1 file, 0 invalid: 5 passed, 0 failed, 1 error"


def test_a_missing_path_is_a_junit_error_testcase():
    done = scenario("run", "does/not/exist", "--format", "junit")
    assert done.returncode == 2
    root = ET.fromstring(done.stdout)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("1", "0", "1")
    [suite] = root
    assert (suite.get("name"), suite.get("errors")) == ("does/not/exist", "1")
    [case] = suite
    assert case.get("name") == "path exists"
    [error] = case
    assert (error.tag, error.get("type"), error.get("message")) == ("error", "missing_path", "no such file or directory: does/not/exist")


def test_a_missing_path_is_a_json_error_entry():
    done = scenario("run", "does/not/exist", "--format", "json")
    assert done.returncode == 2
    document = json.loads(done.stdout)
    assert document["exit_status"] == 2
    assert document["errors"] == [
        {"code": "missing_path", "path": "does/not/exist", "message": "no such file or directory: does/not/exist"}
    ]
    assert document["missing_paths"] == ["does/not/exist"]


def test_a_file_that_cannot_be_read_is_an_error_and_the_other_files_still_run(tmp_path: Path):
    (tmp_path / "good.scenario.yaml").write_text((EXAMPLES / "passing.scenario.yaml").read_text())
    (tmp_path / "gone.scenario.yaml").symlink_to(tmp_path / "nowhere.yaml")  # a dangling link
    done = scenario("run", str(tmp_path), "--format", "junit")
    assert done.returncode == 2
    assert done.stderr == f"scenario: error: cannot read {tmp_path}/gone.scenario.yaml: No such file or directory\n"
    root = ET.fromstring(done.stdout)
    assert [(s.get("name"), s.get("errors")) for s in root] == [(f"{tmp_path}/gone.scenario.yaml", "1"), ("daily_routine", "0")]
    assert root[0][0].get("name") == "file can be read"
