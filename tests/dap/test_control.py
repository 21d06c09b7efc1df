"""scenario-dap's session control: launch errors, pause, terminate, disconnect, the project's timeout, breakpoints changed while stopped."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from client import DapClient
from dap_helpers import launch, line_of, scenario_run


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":  # a zombie: ended, not yet reaped
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def test_a_launch_without_a_program_or_with_one_that_does_not_exist_is_refused_with_what_to_fix(dap: DapClient, tmp_path: Path):
    dap.ok("initialize", {"adapterID": "scenario"})
    missing = dap.request("launch", {"type": "scenario", "request": "launch"})
    assert not missing["success"]
    assert missing["message"] == 'the launch configuration needs "program": the path of a .scenario.yaml file'
    nowhere = dap.request("launch", launch(tmp_path / "nowhere.scenario.yaml"))
    assert not nowhere["success"] and nowhere["message"] == f"no such file: {tmp_path / 'nowhere.scenario.yaml'}"


def test_the_capabilities_say_what_the_adapter_does(dap: DapClient, shop: Path):
    capabilities = dap.start(launch(shop / "debug.scenario.yaml"))
    assert capabilities["supportsStepBack"] is True
    assert capabilities["supportsConditionalBreakpoints"] and capabilities["supportsHitConditionalBreakpoints"] and capabilities["supportsLogPoints"]
    assert capabilities["supportsSetVariable"] is False
    assert [(f["filter"], f["default"]) for f in capabilities["exceptionBreakpointFilters"]] == [
        ("failed_step", False), ("mission_error", True), ("failed_expectation", False),
    ]
    assert dap.ok("threads") == {"threads": [{"id": 1, "name": "scenario run"}]}


def test_breakpoints_set_while_stopped_count_from_the_next_place_on(dap: DapClient, shop: Path):
    program = shop / "debug.scenario.yaml"
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: restock")}]})
    dap.stopped()
    dap.ok("setBreakpoints", {"source": {"path": str(program)}, "breakpoints": [{"line": line_of(program, "- daily_loop")}]})
    dap.resume("continue")
    assert dap.top()[2] == "daily_loop (call 1)"


def test_pause_stops_at_the_next_yaml_place_of_a_running_call(dap: DapClient, shop: Path):
    program = shop / "slow.scenario.yaml"
    dap.start(launch(program))
    dap.ok("pause", {"threadId": 1})
    assert dap.stopped()["reason"] == "pause"
    assert Path(dap.frames()[0]["source"]["path"]).name == "slow.scenario.yaml"


def test_pause_stops_inside_python_code_that_runs_long_when_python_is_traced(dap: DapClient, shop: Path, tmp_path: Path):
    shop = _patient(shop, tmp_path)
    program, missions = shop / "slow.scenario.yaml", shop / "shop" / "missions.py"
    # A Python breakpoint that is never hit: the project's code runs under pydevd, which can pause it.
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: churn_a_while")}], shop / "shop" / "__init__.py": [{"line": 1}]})
    dap.stopped()
    dap.ok("continue", {"threadId": 1})
    time.sleep(0.2)
    dap.ok("pause", {"threadId": 1})
    assert dap.stopped()["reason"] == "pause"
    name, line, function = dap.top()
    assert (name, function) == ("missions.py", "churn")
    assert line_of(missions, "def churn") < line < line_of(missions, "def spin")


def _patient(shop: Path, tmp_path: Path) -> Path:
    """The shop with a churn that lasts seconds, and a timeout far above it."""
    copy = tmp_path / "patient"
    shutil.copytree(shop, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "pyproject.toml").write_text((copy / "pyproject.toml").read_text().replace("timeout = 3", "timeout = 600"))
    (copy / "slow.scenario.yaml").write_text((copy / "slow.scenario.yaml").read_text().replace("rounds: 3000000", "rounds: 300000000"))
    return copy


def test_a_call_that_runs_past_the_projects_timeout_gives_scenario_runs_mission_timeout(dap: DapClient, shop: Path):
    program = shop / "slow.scenario.yaml"
    dap.start(launch(program), filters=["mission_error"])
    stop = dap.stopped(timeout=120)
    assert stop["description"] == "spinning (call 1) gave no result: mission_timeout: ran longer than 3 s (the project's timeout); its worker was stopped"
    output = dap.finish(timeout=120)
    assert output["data"]["test_run_hash"] == scenario_run(program)["test_run_hash"]


def test_no_timeout_runs_while_the_run_is_stopped_in_python(dap: DapClient, shop: Path):
    program, missions = shop / "failures.scenario.yaml", shop / "shop" / "missions.py"
    dap.start(launch(program), {missions: [{"line": line_of(missions, "# stock written")}]}, filters=[])
    dap.stopped()
    time.sleep(4)  # the project's timeout is 3 s
    dap.ok("setBreakpoints", {"source": {"path": str(missions)}, "breakpoints": []})
    output = dap.finish()
    assert "mission_timeout" not in output["output"]
    assert output["data"]["test_run_hash"] == scenario_run(program)["test_run_hash"]


def test_no_timeout_runs_while_the_run_is_stopped_at_a_step_of_a_call_in_the_worker(dap: DapClient, shop: Path):
    program = shop / "debug.scenario.yaml"
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: count")}]})
    dap.stopped()
    time.sleep(4)
    dap.ok("setBreakpoints", {"source": {"path": str(program)}, "breakpoints": []})
    assert "mission_timeout" not in dap.finish()["output"]


def test_terminate_ends_the_run_and_its_worker(dap: DapClient, shop: Path):
    program, missions = shop / "debug.scenario.yaml", shop / "shop" / "missions.py"
    dap.start(launch(program), {missions: [{"line": line_of(missions, "# stock written")}]})
    dap.stopped()
    worker = dap.ok("scenarioTimings")["worker_pid"]
    dap.ok("terminate")
    dap.event("terminated")
    assert _gone(worker)


def test_disconnect_ends_the_adapter(dap: DapClient, shop: Path):
    program = shop / "debug.scenario.yaml"
    dap.start(launch(program), {program: [{"line": line_of(program, "- id: sell")}]})
    dap.stopped()
    worker = dap.ok("scenarioTimings")["worker_pid"]
    dap.ok("disconnect", {})
    assert dap.process.wait(timeout=30) == 0
    assert _gone(worker)


def test_the_worker_ends_when_the_adapter_is_killed_while_stopped_in_python(dap: DapClient, shop: Path):
    program, missions = shop / "debug.scenario.yaml", shop / "shop" / "missions.py"
    dap.start(launch(program), {missions: [{"line": line_of(missions, "# stock written")}]})
    dap.stopped()
    worker = dap.ok("scenarioTimings")["worker_pid"]
    dap.process.kill()
    assert _gone(worker)


# -- projects without Python, interpreters without debugpy ------------------------------------------


def test_python_breakpoints_in_a_project_without_python_missions_say_no_python_code_runs(dap: DapClient, tmp_path: Path):
    program = tmp_path / "plain.scenario.yaml"
    program.write_text("suite: plain\nscenarios:\n  - name: one\n    missions: [daily_loop]\n")
    (tmp_path / "helper.py").write_text("x = 1\n")
    dap.start(launch(program), {program: [{"line": 4}], tmp_path / "helper.py": [{"line": 1}]})
    [python] = dap.breakpoints[tmp_path / "helper.py"]
    assert python["verified"] is False
    assert python["message"].startswith("no Python code runs for plain.scenario.yaml: its project")
    assert dap.stopped()["reason"] == "breakpoint"
    assert dap.top()[2] == "daily_loop (call 1)"


def _python_without_debugpy(root: Path) -> Path:
    """A virtual environment with every package this one has but debugpy (linked, not installed again)."""
    import site
    import venv

    venv.EnvBuilder(with_pip=False, symlinks=True).create(root / "venv")
    packages = root / "packages"
    packages.mkdir()
    for folder in site.getsitepackages():
        for entry in Path(folder).iterdir():
            if not entry.name.startswith("debugpy") and not (packages / entry.name).exists():
                (packages / entry.name).symlink_to(entry)
    [target] = (root / "venv" / "lib").glob("python*/site-packages")
    (target / "without_debugpy.pth").write_text(f"{packages}\n")
    for pth in packages.glob("*.pth"):  # the editable install of scenario-harness, say
        (target / pth.name).write_text(pth.read_text())
    return root / "venv" / "bin" / "python"


def test_without_debugpy_in_the_projects_interpreter_yaml_breakpoints_stop_and_python_ones_say_why_not(dap: DapClient, shop: Path, tmp_path: Path):
    python = _python_without_debugpy(tmp_path)
    program, missions = shop / "debug.scenario.yaml", shop / "shop" / "missions.py"
    dap.start(launch(program, python=str(python)), {program: [{"line": line_of(program, "- id: sell")}], missions: [{"line": line_of(missions, "# stock written")}]})
    unverified = dap.event("breakpoint", where=lambda m: "debugpy" in m["body"]["breakpoint"].get("message", ""))
    assert unverified["body"]["breakpoint"]["verified"] is False
    assert unverified["body"]["breakpoint"]["message"] == (
        f"debugpy is not installed in {python}; install it there (pip install debugpy) to stop in Python code"
    )
    dap.stopped()
    assert dap.top()[2] == "step sell (reserve)"
    assert dap.resume("stepIn")["reason"] == "step"  # no Python to step into: the next place
    assert dap.top()[2] == "step count (increment)"
    dap.ok("setBreakpoints", {"source": {"path": str(program)}, "breakpoints": []})
    assert dap.finish()["data"]["test_run_hash"] == scenario_run(program)["test_run_hash"]
