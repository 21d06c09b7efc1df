"""examples/checkout/: a small shop's own code under test, as `scenario run` (and `make demo`) shows it.

The project's pyproject.toml names ``checkout.missions``; its scenario files
call the missions that module registers, which run the domain code in
``checkout/domain.py``. The failing file shows, on purpose, what Python
missions add to the findings: each is asserted here exactly as a user reads it.
"""
from __future__ import annotations

import json

from test_cli import scenario
from helpers import EXAMPLES

CHECKOUT = EXAMPLES / "checkout"
DOMAIN = CHECKOUT / "checkout" / "domain.py"


def line_of(path, text: str) -> int:
    """The 1-based line of ``path`` that holds ``text`` (once)."""
    [number] = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return number


def test_the_passing_example_runs_the_projects_missions_and_every_expectation_holds():
    out = scenario("run", "examples/checkout/passing.scenario.yaml")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines() == [
        "examples/checkout/passing.scenario.yaml:22:15: info step_failed: mission 'place_order' failed: "
        "step 'reserve' failed: only 1 of GRINDER left, 2 wanted",
        "examples/checkout/passing.scenario.yaml: passed: 13/13 expectations passed test_run 620fdc04e99b",
        "1 file, 0 invalid: 13 passed, 0 failed",
    ]


def test_the_failing_example_shows_each_python_mission_finding_at_its_line():
    out = scenario("run", "examples/checkout/failing.scenario.yaml")
    assert out.returncode == 2
    raised_at = line_of(DOMAIN, "raise UnknownDiscount(")
    clock_at = line_of(DOMAIN, "datetime.now(timezone.utc)")
    file = "examples/checkout/failing.scenario.yaml"
    assert out.stdout.splitlines() == [
        f'{file}:10:34: error invalid_params: cart.0.qty: expected an integer, got "two"',
        f"{file}:11:11: error invalid_params: unknown param 'discont'; did you mean 'discount'?",
        f"{file}:15:15: error mission_error: mission 'place_order' raised UnknownDiscount: "
        f"no discount code 'SPRING25' (the codes are FIVEOFF, WELCOME10) at domain.py:{raised_at}",
        f"{file}:22:15: error nondeterministic: mission 'buy_again' called datetime.datetime.now() at domain.py:{clock_at}; "
        "a scenario's result must be the same on every run: use ctx.now(), ctx.random() or ctx.uuid4(), or see 'unguarded' in the docs",
        f"{file}:35:14: info not_run: mission 'place_order' could not run in scenario 'spring_sale', so this expectation was not evaluated",
        f"{file}:44:15: error eq_mismatch: expected [1800], got [1620]",
        f"{file}: invalid: 0/2 expectations passed test_run d855d9203852",
        "1 file, 1 invalid: 0 passed, 2 failed",
        f"what each step did: scenario trace {file} --scenario return_one_bag",
    ]


def test_the_mission_error_points_at_the_domain_code_that_raised_with_its_traceback():
    out = scenario("run", "--format", "json", "examples/checkout/failing.scenario.yaml")
    [error] = [f for f in json.loads(out.stdout)["files"][0]["findings"] if f["code"] == "mission_error"]
    raised_at = line_of(DOMAIN, "raise UnknownDiscount(")
    assert error["related"] == [
        {
            "path": str(DOMAIN),
            "range": {"start": {"line": raised_at - 1, "column": 0}, "end": {"line": raised_at - 1, "column": 0}},
            "message": f"raised here (domain.py:{raised_at})",
        }
    ]
    traceback = error["data"]["traceback"]
    assert traceback.startswith("Traceback (most recent call last):\n")
    assert f'missions.py", line {line_of(CHECKOUT / "checkout" / "missions.py", "    quote(cart, discount)")}, in _placing' in traceback
    assert traceback.endswith("UnknownDiscount: no discount code 'SPRING25' (the codes are FIVEOFF, WELCOME10)\n")


def test_the_nondeterministic_call_points_at_the_clock_read_in_the_domain():
    out = scenario("run", "--format", "json", "examples/checkout/failing.scenario.yaml")
    [finding] = [f for f in json.loads(out.stdout)["files"][0]["findings"] if f["code"] == "nondeterministic"]
    clock_at = line_of(DOMAIN, "datetime.now(timezone.utc)")
    assert [(r["path"], r["range"]["start"]["line"] + 1, r["message"]) for r in finding["related"]] == [
        (str(DOMAIN), clock_at, "datetime.datetime.now() is called here"),
    ]


def test_the_passing_example_gives_the_same_results_under_two_hash_seeds():
    out = scenario("run", "--check-determinism", "examples/checkout/passing.scenario.yaml")
    assert out.returncode == 0, out.stdout
    assert "nondeterministic" not in out.stdout


def test_scenario_run_examples_finds_the_checkout_project_and_reads_its_pyproject():
    # What `make demo` runs: the checkout files are found under examples/, and
    # their missions come from examples/checkout/pyproject.toml, not unknown_mission.
    out = scenario("run", "--format", "json", "examples/")
    assert out.returncode == 2
    files = {f["path"]: f for f in json.loads(out.stdout)["files"]}
    assert {"examples/checkout/passing.scenario.yaml", "examples/checkout/failing.scenario.yaml"} <= files.keys()
    passing = files["examples/checkout/passing.scenario.yaml"]
    assert (passing["verdict"], passing["passed"], passing["failed"]) == ("passed", 13, 0)
    codes = {f["code"] for f in files["examples/checkout/failing.scenario.yaml"]["findings"]}
    assert codes == {"invalid_params", "mission_error", "nondeterministic", "not_run", "eq_mismatch"}


def test_the_examples_readme_shows_what_scenario_run_prints():
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```console\n", 1)[1].split("```", 1)[0].splitlines()
    assert block[0] == "$ scenario run examples/checkout/"
    assert scenario("run", "examples/checkout/").stdout.splitlines() == block[1:]
