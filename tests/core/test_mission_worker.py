"""What user code does in the worker (raise, hang, exit, print, eat memory, read the clock) is a finding at the call.

The process that checks the file is never touched: every scenario still gets
its verdict, and the next call runs in a fresh worker.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import WAIT_S, def_line, eventually, located, one, project, span

from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.python.missions import PythonProjects

BEHAVIOUR = '''
import datetime
import logging
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from decimal import Decimal

from scenario_harness import StepSpec, WorkflowDefinition, mission, unguarded


def done(value=None) -> WorkflowDefinition:
    return WorkflowDefinition(id="done", steps=[StepSpec("s", "runtime", {"operation": "set", "key": "v", "value": value})])


def lookup(table, key):
    return table[key]


@mission
def raises(ctx) -> WorkflowDefinition:
    return done(lookup({}, "sku"))


@mission
def hangs(ctx) -> WorkflowDefinition:
    while True: pass


@mission
def backtracks(ctx) -> WorkflowDefinition:
    import re
    return done(bool(re.match(r"(a+)+$", "a" * 64 + "b")))


@mission
def exits(ctx) -> WorkflowDefinition:
    os._exit(3)


@mission
def segfaults(ctx) -> WorkflowDefinition:
    import ctypes
    ctypes.string_at(0)


@mission
def calls_sys_exit(ctx) -> WorkflowDefinition:
    sys.exit(4)


@mission
def eats_memory(ctx) -> WorkflowDefinition:
    hoard = []
    while True:
        hoard.append(bytearray(50_000_000))


@mission
def prints(ctx) -> WorkflowDefinition:
    print("hello from the mission")
    print("to stderr", file=sys.stderr)
    return done(1)


@mission
def fine(ctx) -> WorkflowDefinition:
    return done("fine")


@mission
def wrong_return(ctx):
    return {"not": "a workflow"}


@mission
def not_json(ctx) -> WorkflowDefinition:
    return WorkflowDefinition(id="d", steps=[StepSpec("s", "runtime", {"operation": "set", "key": "total", "value": Decimal("1.5")})])


@mission
def swallows(ctx) -> WorkflowDefinition:
    try:
        time.time()
    except Exception:
        pass
    return done()


@mission
def logs(ctx) -> WorkflowDefinition:
    logging.getLogger("shop").warning("a log record carries a timestamp")
    return done()


@mission
def allowed(ctx) -> WorkflowDefinition:
    with unguarded("a fixed file, read for the test"):
        stamp = time.time()
    return done(stamp > 0)


@mission
def own_seed(ctx) -> WorkflowDefinition:
    return done(random.Random(42).randint(1, 10**9))
'''

GUARDED = {
    "time.time()": "time.time()",
    "datetime.datetime.now()": "datetime.datetime.now()",
    "datetime.date.today()": "datetime.date.today()",
    "time.monotonic()": "time.monotonic()",
    "random.random()": "random.random() (the module-level generator)",
    "random.choice([1, 2])": "random.choice() (the module-level generator)",
    "random.Random().random()": "random.Random() without a seed",
    "os.urandom(4)": "os.urandom()",
    "uuid.uuid4()": "uuid.uuid4()",
    "socket.create_connection(('localhost', 9))": "looking up a host name (the network)",
    "socket.socket().connect(('127.0.0.1', 9))": "connecting a socket (the network)",
    "subprocess.run(['true'])": "starting a subprocess",
    "open('out.txt', 'w')": "writing the file out.txt",
}
GUARD_MODULE = BEHAVIOUR + "".join(
    f"\n\n@mission('guarded_{i}')\ndef guarded_{i}(ctx) -> WorkflowDefinition:\n    {call}\n    return done()\n"
    for i, call in enumerate(GUARDED)
)


@pytest.fixture(scope="module")
def projects():
    projects = PythonProjects()
    yield projects
    projects.close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    # A timeout no mission reaches, however busy the machine (eats_memory must reach its
    # memory limit first); the missions that hang run in impatient_shop.
    return project(tmp_path_factory.mktemp("behaviour"), GUARD_MODULE, timeout=WAIT_S, memory_mb=400)


@pytest.fixture(scope="module")
def impatient_shop(tmp_path_factory) -> Path:
    """The same missions with a timeout of 2 s, for the one that hangs."""
    return project(tmp_path_factory.mktemp("impatient"), GUARD_MODULE, timeout=2, memory_mb=400)


def run(projects: PythonProjects, path: Path, calls: list[str], expect: str | None = None) -> CheckReport:
    text = "suite: shop\nscenarios:\n" + "".join(f"  - name: {c}\n    missions: [{c}]\n" for c in calls)
    if expect:
        text += f"expectations:\n  - {{id: e, scenario: {expect}, mission: {expect}, path: success, op: eq, expected: true}}\n"
    path.write_text(text)
    return check(text, python=projects.for_file(path))


def missions_file(path: Path) -> str:
    return str(path.parent / "shop" / "missions.py")


def test_a_mission_that_raises_is_mission_error_at_the_call_pointing_at_the_users_line(projects, shop):
    report = run(projects, shop, ["raises", "fine"], expect="raises")
    finding = one(report, "mission_error")
    line = def_line("lookup", GUARD_MODULE) + 1
    assert finding.message == f"mission 'raises' raised KeyError: 'sku' at missions.py:{line}"
    assert span(finding) == located(report, "raises", 1)
    [related] = finding.related
    assert (related.path, related.range.start.line + 1) == (missions_file(shop), line)
    assert finding.data["traceback"].startswith("Traceback (most recent call last):")
    assert "in lookup" in finding.data["traceback"] and "_worker.py" not in finding.data["traceback"]
    assert one(report, "not_run").data["expectation"] == "e"
    assert report.mission_result("fine", "fine").final_state["v"] == "fine"


def test_a_mission_that_runs_too_long_is_mission_timeout_at_the_line_it_was_stopped_at(projects, impatient_shop):
    report = run(projects, impatient_shop, ["fine", "hangs"])
    finding = one(report, "mission_timeout")
    line = def_line("hangs", GUARD_MODULE) + 1
    assert finding.message == f"mission 'hangs' ran longer than 2 s (the project's timeout) and was stopped at missions.py:{line} (in hangs)"
    [related] = finding.related
    assert (related.path, related.range.start.line + 1, related.message) == (missions_file(impatient_shop), line, "the call was here when it was stopped")
    assert finding.data["traceback"] == (
        "Where the call was when it was stopped (most recent call last):\n"
        f'  File "{missions_file(impatient_shop)}", line {line}, in hangs\n'
        "    while True: pass\n"
    )
    assert report.mission_result("fine", "fine") is not None


def test_a_files_hanging_calls_cost_one_timeout_and_the_calls_after_it_are_not_run_naming_it(projects, impatient_shop):
    run(projects, impatient_shop, ["fine"])  # a worker is up, whichever test ran before this one
    started = time.monotonic()
    report = run(projects, impatient_shop, ["fine", "hangs", "backtracks", "prints"], expect="prints")
    assert time.monotonic() - started < 2 * 2  # one timeout (2 s), not two
    assert [f.code for f in report.findings] == ["mission_timeout", "not_run", "not_run", "not_run"]
    hangs, backtracks, prints, expectation = report.findings
    assert span(hangs) == located(report, "hangs", 1)
    for finding, mission in ((backtracks, "backtracks"), (prints, "prints")):
        assert finding.severity.value == "info"
        assert span(finding) == located(report, mission, 1)
        assert finding.message == (
            f"mission '{mission}' was not run: mission 'hangs' in scenario 'hangs' ran longer than 2 s first, "
            "and a check waits for one timeout at most; this runs on the next check"
        )
        [cause] = finding.related
        assert (cause.path, cause.range, cause.message) == (None, hangs.range, "this call ran past the timeout")
    assert expectation.message == "mission 'prints' could not run in scenario 'prints', so this expectation was not evaluated"
    assert report.mission_result("fine", "fine") is not None


def test_code_that_never_lets_go_of_the_interpreter_is_stopped_at_its_line_too(projects, impatient_shop):
    """A regular expression that backtracks for ever runs in C without releasing the GIL; faulthandler's timer needs none."""
    report = run(projects, impatient_shop, ["backtracks"])
    line = def_line("backtracks", GUARD_MODULE) + 2
    finding = one(report, "mission_timeout")
    assert finding.message == f"mission 'backtracks' ran longer than 2 s (the project's timeout) and was stopped at missions.py:{line} (in backtracks)"
    assert finding.related[0].range.start.line + 1 == line


@pytest.mark.parametrize(
    "mission, line, reason",
    [
        ("exits", 1, "the worker process exited with status 3"),
        ("segfaults", 2, "the worker process was killed by SIGSEGV (Fatal Python error: Segmentation fault)"),
        (
            "eats_memory",
            3,
            "the worker process ran out of memory (its limit is 400 MB: memory_limit_mb in [tool.scenario] of pyproject.toml; "
            "raise it, or set 0 for no limit)",
        ),
    ],
)
def test_a_worker_that_dies_is_mission_crashed_at_the_call_pointing_at_the_line_it_died_in(projects, shop, mission, line, reason):
    missions = projects.for_file(shop)
    run(projects, shop, ["fine"])  # a worker is up, whichever test ran before this one
    started = missions.workers_started
    report = run(projects, shop, [mission, "fine"])
    finding = one(report, "mission_crashed")
    at = def_line(mission, GUARD_MODULE) + line
    assert finding.message == f"mission '{mission}' did not finish: {reason} at missions.py:{at} (in {mission}); the calls after it run in a new worker"
    [related] = finding.related
    assert (related.path, related.range.start.line + 1, related.message) == (missions_file(shop), at, "the call was here when its worker ended")
    assert finding.data["traceback"].startswith("Where the call was when the worker ended (most recent call last):\n")
    assert f'File "{missions_file(shop)}", line {at}, in {mission}\n' in finding.data["traceback"]
    assert "_worker.py" not in finding.data["traceback"] and "_guard.py" not in finding.data["traceback"]
    assert report.mission_result("fine", "fine") is not None
    assert missions.workers_started == started + 1


def test_sys_exit_in_a_mission_is_a_mission_error_not_a_crash(projects, shop):
    report = run(projects, shop, ["calls_sys_exit"])
    assert one(report, "mission_error").message.startswith("mission 'calls_sys_exit' raised SystemExit: 4")


def test_what_a_mission_prints_is_kept_for_the_call_and_never_reaches_stdout(projects, shop, capfd):
    report = run(projects, shop, ["prints"])
    [outcome] = report.scenarios
    assert outcome.printed == {0: "hello from the mission\nto stderr\n"}
    # The log is forwarded by a thread of this process, which may still be writing when the
    # call's outcome has arrived: read what is written until the line is there.
    out, err = "", ""

    def written() -> bool:
        nonlocal out, err
        captured = capfd.readouterr()
        out, err = out + captured.out, err + captured.err
        return "hello from the mission" in err

    eventually(written, "the mission's line on standard error")
    assert "hello from the mission" not in out
    assert "hello from the mission" in err  # the log


def test_a_mission_that_returns_something_else_is_invalid_result_not_an_exception_it_never_raised(projects, shop):
    report = run(projects, shop, ["wrong_return"])
    finding = one(report, "invalid_result")
    assert finding.message == "mission 'wrong_return' returned dict, not a WorkflowDefinition or an OrchestrationResult"
    assert (finding.related[0].path, finding.related[0].range.start.line + 1) == (missions_file(shop), def_line("wrong_return", GUARD_MODULE))


def test_a_result_that_is_not_json_is_invalid_result_naming_the_value_and_its_path(projects, shop):
    report = run(projects, shop, ["not_json"])
    assert one(report, "invalid_result").message == (
        "mission 'not_json' gave a result that is not JSON: final_state.total holds Decimal('1.5'), which has no JSON value; "
        "keep JSON values in the state (text, numbers, true and false, null, lists, mappings with text keys)"
    )
    assert "mission_error" not in [f.code for f in report.findings]


@pytest.mark.parametrize("index, call", list(enumerate(GUARDED)))
def test_a_guarded_call_is_nondeterministic_at_the_call_naming_what_and_where(projects, shop, index, call):
    report = run(projects, shop, [f"guarded_{index}"])
    finding = one(report, "nondeterministic")
    line = def_line(f"guarded_{index}", GUARD_MODULE) + 1
    assert finding.message == (
        f"mission 'guarded_{index}' called {GUARDED[call]} at missions.py:{line}; a scenario's result must be the same "
        "on every run: use ctx.now(), ctx.random() or ctx.uuid4(), or see 'unguarded' in the docs"
    )
    assert (finding.related[0].path, finding.related[0].range.start.line + 1) == (missions_file(shop), line)
    assert not (shop.parent / "out.txt").exists()


def test_a_refused_call_is_reported_even_when_the_mission_catches_it(projects, shop):
    report = run(projects, shop, ["swallows"])
    assert one(report, "nondeterministic").message.startswith("mission 'swallows' called time.time()")


@pytest.mark.parametrize("mission", ["logs", "allowed", "own_seed"])
def test_logging_unguarded_blocks_and_seeded_generators_are_allowed(projects, shop, mission):
    report = run(projects, shop, [mission])
    assert report.findings == ()
