"""Scenario files as pytest tests: the tree, node ids, selection, failures, collection errors, JUnit, xdist."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import STOCK_MISSIONS, project

# pytest-asyncio, installed for our own tests, warns in every run that does not configure it.
QUIET = ("-p", "no:asyncio")

CHECKOUT = """\
suite: checkout
scenarios:
  - name: baseline
    initial_state: {counter: 0, message: ping}
    missions:
      - daily_loop
      - name: echo
        params: {payload_key: message}
  - name: warm_up
    missions: [daily_loop]
expectations:
  - id: loop_ok
    scenario: baseline
    mission: daily_loop
    path: success
    op: eq
    expected: true
  - id: counter_wrong
    scenario: baseline
    mission: daily_loop
    path: final_state.counter
    op: eq
    expected: 5
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(*QUIET, *args)


def section(result: pytest.RunResult, title: str) -> list[str]:
    """The lines of the report section whose ``____ title ____`` header names ``title``, up to the next header."""
    lines = result.outlines
    start = next(i for i, line in enumerate(lines) if line.startswith("_") and f" {title} " in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(("_", "=")))
    return lines[start + 1 : end]


@pytest.fixture
def checkout(pytester: pytest.Pytester) -> Path:
    return pytester.makefile(".scenario.yaml", checkout=CHECKOUT)


def test_the_tree_is_the_suite_its_scenarios_and_their_expectations(pytester: pytest.Pytester, checkout: Path):
    result = run(pytester, "--collect-only")
    tree = [line.strip() for line in result.outlines if line.strip().startswith("<") and not line.strip().startswith("<Dir")]
    assert tree == [
        "<ScenarioFile checkout.scenario.yaml>",
        "<Scenario baseline>",
        "<Expectation loop_ok>",
        "<Expectation counter_wrong>",
        "<ScenarioCalls warm_up>",
    ]


def test_node_ids_name_the_file_the_scenario_and_the_expectation(pytester: pytest.Pytester, checkout: Path):
    result = run(pytester, "--collect-only", "-q")
    assert result.outlines[:3] == [
        "checkout.scenario.yaml::baseline::loop_ok",
        "checkout.scenario.yaml::baseline::counter_wrong",
        "checkout.scenario.yaml::warm_up",
    ]


def test_a_node_id_runs_just_that_expectation(pytester: pytest.Pytester, checkout: Path):
    result = run(pytester, "-v", "checkout.scenario.yaml::baseline::loop_ok")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["checkout.scenario.yaml::baseline::loop_ok PASSED*"])


def test_a_scenario_s_node_id_runs_its_expectations(pytester: pytest.Pytester, checkout: Path):
    run(pytester, "checkout.scenario.yaml::baseline").assert_outcomes(passed=1, failed=1)


def test_k_selects_by_scenario_and_expectation_names(pytester: pytest.Pytester, checkout: Path):
    run(pytester, "-k", "baseline and not counter").assert_outcomes(passed=1, deselected=2)
    run(pytester, "-k", "warm_up").assert_outcomes(passed=1, deselected=2)


def test_a_failed_expectation_reads_location_yaml_and_values(pytester: pytest.Pytester, checkout: Path):
    result = run(pytester)
    result.assert_outcomes(passed=2, failed=1)
    assert section(result, "baseline::counter_wrong") == [
        "checkout.scenario.yaml:23:15: error eq_mismatch: expected 5, got 1",
        "21 |     path: final_state.counter",
        "22 |     op: eq",
        "23 |     expected: 5",
        "   |               ^",
        "",
        "scenario: baseline",
        "mission:  daily_loop",
        "path:     final_state.counter",
        "op:       eq",
        "expected: 5",
        "actual:   1",
        "",
        "what each step of the call did:",
        "  daily_loop (call 1, checkout.scenario.yaml:6): passed",
        "    1. plan    runtime noop             ok",
        "    2. work    runtime increment        ok             <- last wrote the value",
        "         counter: 0 → 1",
        "    3. review  human                    approved",
    ]
    # The summary line quotes the report's first line (cut to the terminal's width).
    result.stdout.fnmatch_lines(["FAILED checkout.scenario.yaml::baseline::counter_wrong - checkout.scenario.ya*"])


def test_vv_adds_the_state_before_and_after_each_step(pytester: pytest.Pytester, checkout: Path):
    result = run(pytester, "-vv")
    report = section(result, "baseline::counter_wrong")
    work = report.index("    2. work    runtime increment        ok             <- last wrote the value")
    assert report[work + 1 : work + 4] == [
        "         counter: 0 → 1",
        '         state before: {"counter": 0, "message": "ping"}',
        '         state after:  {"counter": 1, "message": "ping"}',
    ]


def test_a_python_missions_failure_shows_the_step_that_wrote_the_value_in_its_code(pytester: pytest.Pytester):
    scenario_file = project(
        pytester.path,
        """
        from scenario_harness import StepSpec, WorkflowDefinition, mission, operation


        @operation
        def charge(state: dict, *, cents: int) -> None:
            state["charged"] = state.get("charged", 0) + cents


        @mission
        def pay(ctx, *, cents: int) -> WorkflowDefinition:
            return WorkflowDefinition(id="pay", steps=[
                StepSpec("charge", "runtime", {"operation": "charge", "cents": cents}),
            ])
        """,
    )
    scenario_file.write_text(
        "suite: shop\nscenarios:\n  - name: buy\n    missions:\n      - {name: pay, params: {cents: 250}}\n"
        "expectations:\n  - {id: charged, scenario: buy, mission: pay, path: final_state.charged, op: eq, expected: 300}\n"
    )
    result = run(pytester)
    report = section(result, "buy::charged")
    steps = report[report.index("what each step of the call did:") + 1 :]
    assert steps[:3] == [
        "  pay (call 1, suite.scenario.yaml:5): passed",
        "    1. charge  runtime charge           ok          shop/missions.py:13   <- last wrote the value",
        "         charged: + 250",
    ]


def test_mappings_and_lists_are_compared_by_pytest_itself(pytester: pytest.Pytester):
    pytester.makefile(
        ".scenario.yaml",
        state="""\
        suite: state
        scenarios:
          - name: s
            initial_state: {counter: 1, message: hi}
            missions: [daily_loop]
        expectations:
          - {id: whole_state, scenario: s, mission: daily_loop, path: final_state, op: eq, expected: {counter: 3, message: hi}}
          - {id: steps, scenario: s, mission: daily_loop, path: lineage.executed_step_ids, op: eq, expected: [plan, work]}
        """,
    )
    result = run(pytester)
    whole = section(result, "s::whole_state")
    assert whole[whole.index("actual == expected:") :][:5] == [
        "actual == expected:",
        "  {'counter': 2...essage': 'hi'} == {'counter': 3...essage': 'hi'}",
        "",
        "  Omitting 1 identical items, use -vv to show",
        "  Differing items:",
    ]
    assert "  Left contains one more item: 'review'" in section(result, "s::steps")


def test_a_path_that_is_not_there_is_marked_at_its_first_missing_segment(pytester: pytest.Pytester):
    pytester.makefile(
        ".scenario.yaml",
        paths="suite: p\nscenarios:\n  - {name: s, missions: [daily_loop]}\n"
        "expectations:\n  - {id: count, scenario: s, mission: daily_loop, path: final_state.count, op: exists}\n",
    )
    assert section(run(pytester), "s::count")[:5] == [
        "paths.scenario.yaml:5:69: error path_missing: path 'final_state.count' not found: "
        "'count' is not in final_state, which has counter",
        "3 |   - {name: s, missions: [daily_loop]}",
        "4 | expectations:",
        "5 |   - {id: count, scenario: s, mission: daily_loop, path: final_state.count, op: exists}",
        "  | " + " " * 68 + "^^^^^",
    ]


def test_an_invalid_file_is_a_collection_error_showing_each_finding(pytester: pytest.Pytester, checkout: Path):
    pytester.makefile(
        ".scenario.yaml",
        broken="""\
        suite: broken
        scenarios:
          - name: typo
            missions: [daily_lop]
        expectations:
          - {id: e, scenario: nowhere, mission: daily_loop, path: success, op: eq, expected: true}
        """,
    )
    result = run(pytester)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    assert section(result, "ERROR collecting broken.scenario.yaml") == [
        "invalid scenario file: 2 errors",
        "",
        "broken.scenario.yaml:4:16: error unknown_mission: unknown mission 'daily_lop'; did you mean 'daily_loop'?",
        "2 | scenarios:",
        "3 |   - name: typo",
        "4 |     missions: [daily_lop]",
        "  |                ^^^^^^^^^",
        "5 | expectations:",
        "",
        "broken.scenario.yaml:6:23: error scenario_missing: expectation 'e' names scenario 'nowhere', "
        "which this file does not have",
        "4 |     missions: [daily_lop]",
        "5 | expectations:",
        "6 |   - {id: e, scenario: nowhere, mission: daily_loop, path: success, op: eq, expected: true}",
        "  |                       ^^^^^^^",
    ]
    result.stdout.fnmatch_lines(["ERROR broken.scenario.yaml*", "*1 error during collection*"])


def test_a_yaml_syntax_error_is_a_collection_error_too(pytester: pytest.Pytester):
    pytester.makefile(".scenario.yaml", syntax="suite: s\nscenarios: [\n")
    result = run(pytester, "--continue-on-collection-errors")
    assert section(result, "ERROR collecting syntax.scenario.yaml")[:3] == [
        "invalid scenario file: 1 error",
        "",
        "syntax.scenario.yaml:2:13: error yaml_syntax: did not find expected node content (while parsing a flow node)",
    ]


def test_other_files_still_run_beside_an_invalid_one(pytester: pytest.Pytester, checkout: Path):
    pytester.makefile(".scenario.yaml", syntax="suite: s\nscenarios: [\n")
    run(pytester, "--continue-on-collection-errors").assert_outcomes(passed=2, failed=1, errors=1)


def test_repeated_scenario_names_are_numbered_and_expectations_go_to_the_last(pytester: pytest.Pytester):
    pytester.makefile(
        ".scenario.yaml",
        twice="""\
        suite: twice
        scenarios:
          - {name: same, missions: [daily_loop]}
          - {name: same, missions: [echo]}
        expectations:
          - {id: echoed, scenario: same, mission: echo, path: success, op: eq, expected: true}
        """,
    )
    assert run(pytester, "--collect-only", "-q").outlines[:2] == [
        "twice.scenario.yaml::same",
        "twice.scenario.yaml::same (2)::echoed",
    ]


def test_the_file_patterns_are_an_ini_option(pytester: pytest.Pytester):
    pytester.makeini("[pytest]\nscenario_files = checks_*.yaml\n")
    pytester.makefile(".yaml", checks_login=CHECKOUT)
    pytester.makefile(".scenario.yaml", ignored=CHECKOUT)
    result = run(pytester, "--collect-only", "-q")
    assert result.outlines[0] == "checks_login.yaml::baseline::loop_ok"
    assert not any("ignored" in line for line in result.outlines)


def test_mission_libraries_are_never_collected_as_suites(pytester: pytest.Pytester):
    pytester.makeini("[pytest]\nscenario_files = *.yaml\n")
    pytester.makefile(".yaml", checks=CHECKOUT)
    pytester.makefile(".missions.yaml", shipping="missions: {}\n")
    result = run(pytester, "--collect-only", "-q")
    assert result.ret == pytest.ExitCode.OK
    assert not any("shipping" in line for line in result.outlines)


def test_items_run_beside_plugins_written_for_test_functions(pytester: pytest.Pytester, checkout: Path):
    # Such plugins (pytest-lsp 1.0, say) read item.funcargs; pytest's own doctest items have it too.
    pytester.makeconftest(
        """
        import pytest

        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_call(item):
            assert item.funcargs == {}
            return (yield)
        """
    )
    run(pytester).assert_outcomes(passed=2, failed=1)


def test_p_no_scenario_turns_the_plugin_off(pytester: pytest.Pytester, checkout: Path):
    result = run(pytester, "-p", "no:scenario")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


# -- JUnit -----------------------------------------------------------------


def junit_cases(path: Path) -> dict[str, dict[str, str]]:
    return {case.get("name", ""): dict(case.attrib) for case in ET.parse(path).iter("testcase")}


def test_junit_records_carry_the_file_and_1_based_line_of_the_expectation(pytester: pytest.Pytester, checkout: Path):
    run(pytester, f"--junitxml={pytester.path / 'junit.xml'}", "-o", "junit_family=xunit1")
    cases = junit_cases(pytester.path / "junit.xml")
    assert cases["counter_wrong"] == {
        "classname": "checkout.scenario.yaml.baseline",
        "name": "counter_wrong",
        "file": "checkout.scenario.yaml",
        "line": "18",
        "time": cases["counter_wrong"]["time"],
    }
    assert (cases["loop_ok"]["line"], cases["warm_up"]["line"]) == ("12", "9")


def test_junit_of_pytest_s_default_family_keeps_to_its_schema(pytester: pytest.Pytester, checkout: Path):
    # xunit2 has no file or line attributes; pytest leaves them out for Python tests too.
    run(pytester, f"--junitxml={pytester.path / 'junit.xml'}")
    assert set(junit_cases(pytester.path / "junit.xml")["counter_wrong"]) == {"classname", "name", "time"}


# -- xdist -----------------------------------------------------------------


def test_xdist_gives_exactly_the_serial_results(pytester: pytest.Pytester):
    for index in range(6):
        body = CHECKOUT.replace("checkout", f"checkout_{index}").replace("expected: 5", f"expected: {index % 2}")
        pytester.makefile(".scenario.yaml", **{f"suite_{index}": body})
    pytester.makeini("[pytest]\njunit_family = xunit1\n")  # so that file and line are compared too
    serial = pytester.runpytest_subprocess(*QUIET, "-p", "no:xdist", f"--junitxml={pytester.path / 'serial.xml'}")
    parallel = pytester.runpytest_subprocess(*QUIET, "-n", "2", f"--junitxml={pytester.path / 'parallel.xml'}")
    assert serial.parseoutcomes() == parallel.parseoutcomes() == {"passed": 15, "failed": 3}

    def verdicts(path: Path) -> dict[tuple[str, str], tuple[str, str, str | None]]:
        found = {}
        for case in ET.parse(path).iter("testcase"):
            failure = case.find("failure")
            text = failure.text if failure is not None else None
            found[(case.get("classname", ""), case.get("name", ""))] = (case.get("file", ""), case.get("line", ""), text)
        return found

    assert verdicts(pytester.path / "parallel.xml") == verdicts(pytester.path / "serial.xml")


# -- calls that could not run ------------------------------------------------

RAISES = '''
from scenario_harness import WorkflowDefinition, mission


@mission
def boom(ctx) -> WorkflowDefinition:
    raise ValueError("no such customer")
'''


def test_a_call_that_could_not_run_fails_its_scenario_not_the_file(pytester: pytest.Pytester):
    suite = project(pytester.path, RAISES)
    suite.write_text(
        textwrap.dedent(
            """\
            suite: s
            scenarios:
              - name: alone
                missions: [boom]
              - name: watched
                missions: [daily_loop, boom]
              - name: unwatched
                missions: [daily_loop, boom]
            expectations:
              - {id: boom_ok, scenario: watched, mission: boom, path: success, op: eq, expected: true}
              - {id: loop_ok, scenario: unwatched, mission: daily_loop, path: success, op: eq, expected: true}
            """
        )
    )
    result = run(pytester, "-rf")
    result.assert_outcomes(passed=1, failed=3)
    result.stdout.fnmatch_lines(
        [
            "FAILED suite.scenario.yaml::alone - *",
            "FAILED suite.scenario.yaml::watched::boom_ok - *",
            "FAILED suite.scenario.yaml::unwatched::mission calls - *",
        ]
    )
    assert section(result, "alone") == [
        "suite.scenario.yaml:4:16: error mission_error: mission 'boom' raised ValueError: no such customer at missions.py:7",
        "2 | scenarios:",
        "3 |   - name: alone",
        "4 |     missions: [boom]",
        "  |                ^^^^",
        "5 |   - name: watched",
        "",
        "Traceback (most recent call last):",
        f'  File "{pytester.path / "shop" / "missions.py"}", line 7, in boom',
        '    raise ValueError("no such customer")',
        "ValueError: no such customer",
    ]
    watched = section(result, "watched::boom_ok")
    assert watched[0] == (
        "suite.scenario.yaml:10:47: info not_run: mission 'boom' could not run in scenario 'watched', "
        "so this expectation was not evaluated"
    )
    assert "suite.scenario.yaml:6:28: error mission_error: mission 'boom' raised ValueError: no such customer at missions.py:7" in watched


# -- snapshots -----------------------------------------------------------------

SNAPSHOTTED = """\
suite: shop
snapshot: true
scenarios:
  - name: baseline
    initial_state: {counter: 0}
    missions: [daily_loop]
  - name: quiet
    snapshot: false
    missions: [daily_loop]
expectations:
  - {id: loop_ok, scenario: baseline, mission: daily_loop, path: success, op: eq, expected: true}
"""


def store_snapshots(path: Path) -> None:
    """What a developer does: `scenario run` writes the snapshots that are missing (outside CI)."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    subprocess.run([sys.executable, "-m", "scenario_core.cli", "run", str(path)], env=env, check=True, capture_output=True)


def test_a_snapshotted_scenario_has_a_snapshot_item_that_passes_while_results_match(pytester: pytest.Pytester):
    path = pytester.makefile(".scenario.yaml", shop=SNAPSHOTTED)
    store_snapshots(path)
    result = run(pytester, "-v")
    result.assert_outcomes(passed=3)
    assert [line.split(" ")[0] for line in result.outlines if " PASSED" in line] == [
        "shop.scenario.yaml::baseline::loop_ok",
        "shop.scenario.yaml::baseline::snapshot",
        "shop.scenario.yaml::quiet",
    ]


def test_a_changed_snapshot_fails_its_item_with_every_change(pytester: pytest.Pytester):
    path = pytester.makefile(".scenario.yaml", shop=SNAPSHOTTED)
    store_snapshots(path)
    path.write_text(SNAPSHOTTED.replace("counter: 0", "counter: 5"))
    result = run(pytester)
    result.assert_outcomes(passed=2, failed=1)
    assert section(result, "baseline::snapshot") == [
        "shop.scenario.yaml:4:11: error snapshot_changed: scenario 'baseline' differs from its snapshot: "
        "daily_loop.final_state.counter: 1 → 6",
        "2 | snapshot: true",
        "3 | scenarios:",
        "4 |   - name: baseline",
        "  |           ^^^^^^^^",
        "5 |     initial_state: {counter: 5}",
        "",
        "daily_loop.final_state.counter: 1 → 6",
        "",
        "pytest writes no snapshots: Accept snapshot in the editor, or `scenario run --accept shop.scenario.yaml` "
        "(which accepts every actual value of the file), stores this run's results",
    ]


def test_a_missing_snapshot_fails_and_pytest_does_not_write_it(pytester: pytest.Pytester):
    pytester.makefile(".scenario.yaml", shop=SNAPSHOTTED)
    result = run(pytester)
    result.assert_outcomes(passed=2, failed=1)
    assert section(result, "baseline::snapshot")[-1] == (
        "pytest writes no snapshots: `scenario run shop.scenario.yaml` stores the missing ones"
    )
    assert not (pytester.path / "__snapshots__").exists()


def test_a_file_outside_the_rootdir_is_named_by_its_path_from_where_pytest_runs(pytester: pytest.Pytester):
    (pytester.path / "a").mkdir()
    (pytester.path / "a" / "broken.scenario.yaml").write_text("suite: s\nscenarios:\n  - name: one\n    missions: [daily_lop]\n")
    (pytester.path / "b").mkdir()
    (pytester.path / "b" / "pyproject.toml").write_text('[project]\nname = "b"\n')
    (pytester.path / "b" / "fine.scenario.yaml").write_text("suite: t\nscenarios:\n  - name: two\n    missions: [daily_loop]\n")
    result = run(pytester, "a/broken.scenario.yaml", "b/fine.scenario.yaml")
    result.stdout.fnmatch_lines(["a/broken.scenario.yaml:4:16: error unknown_mission: unknown mission 'daily_lop'; did you mean 'daily_loop'?"])


# -- coverage: pytest --cov counts the lines scenarios run in the worker; --scenario-coverage writes the YAML steps --------

MEASURED_SUITE = """\
suite: stock
imports: [lib/packing.missions.yaml]
scenarios:
  - name: a_few
    missions: [{name: top_up, params: {qty: 2}}, pack]
  - name: many
    missions: [{name: top_up, params: {qty: 20}}]
expectations:
  - {id: few, scenario: a_few, mission: top_up, path: final_state.stock, op: eq, expected: 2}
"""

PACKING = """\
missions:
  pack:
    steps:
      - {id: box, kind: runtime, payload: {operation: set, key: boxed, value: true}}
  gift_wrap:
    steps:
      - {id: wrap, kind: runtime, payload: {operation: noop}}
"""


@pytest.fixture
def measured(pytester: pytest.Pytester) -> Path:
    """A project whose Python operation has a branch only one scenario takes, and a library mission no one calls."""
    suite = project(pytester.path, STOCK_MISSIONS)
    suite.write_text(MEASURED_SUITE)
    (pytester.path / "lib").mkdir()
    (pytester.path / "lib" / "packing.missions.yaml").write_text(PACKING)
    with (pytester.path / "pyproject.toml").open("a") as config:
        config.write("\n[tool.coverage.json]\nshow_contexts = true\n")
    return suite


def scenario_run_coverage(folder: Path) -> dict:
    """`scenario run --coverage --coverage-format json` of the folder, run there."""
    subprocess.run(
        [sys.executable, "-m", "scenario_core.cli", "run", ".", "--coverage", "--coverage-format", "json", "--coverage-output", "cli.json"],
        cwd=folder, capture_output=True, check=True,
    )
    import json

    return json.loads((folder / "cli.json").read_text())


@pytest.mark.parametrize("xdist", [(), ("-n", "2")], ids=["serial", "xdist"])
def test_pytest_cov_counts_the_lines_the_scenarios_ran_in_the_worker(pytester: pytest.Pytester, measured: Path, xdist: tuple[str, ...]):
    import json

    result = pytester.runpytest_subprocess(*QUIET, *xdist, "--cov=shop", "--cov-report=json:cov.json", "--cov-context=test")
    result.assert_outcomes(passed=2, failed=0)
    measured_files = json.loads((pytester.path / "cov.json").read_text())["files"]
    missions = measured_files["shop/missions.py"]
    source = (pytester.path / "shop" / "missions.py").read_text().splitlines()
    body = [i for i, line in enumerate(source, 1) if line.strip() in ('state["big_order"] = True', 'state["stock"] = state.get("stock", 0) + qty')]
    assert set(body) <= set(missions["executed_lines"])  # only the worker runs these lines
    reference = scenario_run_coverage(pytester.path)["python"]["files"]["shop/missions.py"]
    assert missions["executed_lines"] == reference["executed_lines"]
    big = body[0]
    assert missions["contexts"][str(big)] == ["stock/many"]


def test_scenario_coverage_writes_the_yaml_steps_as_scenario_run_does(pytester: pytest.Pytester, measured: Path):
    from helpers import lcov_records

    result = pytester.runpytest_subprocess(*QUIET, "--scenario-coverage")
    result.stdout.fnmatch_lines([f"scenario coverage: YAML steps written to {pytester.path / 'scenario-coverage.lcov'}"])
    records = lcov_records((pytester.path / "scenario-coverage.lcov").read_text())
    assert records["lib/packing.missions.yaml"]["FNDA"] == {"pack": 1, "gift_wrap": 0}
    assert records["lib/packing.missions.yaml"]["DA"] == {4: 1, 7: 0}
    cli = scenario_run_coverage(pytester.path)["yaml"]["files"]
    assert {f: {s["line"]: s["count"] for m in e["missions"] for s in m["steps"]} for f, e in cli.items()} == {
        f: r["DA"] for f, r in records.items()
    }


def test_scenario_coverage_under_xdist_counts_each_file_once(pytester: pytest.Pytester, measured: Path):
    from helpers import lcov_records

    serial = pytester.runpytest_subprocess(*QUIET, "--scenario-coverage", "--scenario-coverage-output", "serial.lcov")
    parallel = pytester.runpytest_subprocess(*QUIET, "-n", "2", "--scenario-coverage", "--scenario-coverage-output", "parallel.lcov")
    assert serial.ret == parallel.ret == 0
    assert lcov_records((pytester.path / "parallel.lcov").read_text()) == lcov_records((pytester.path / "serial.lcov").read_text())
