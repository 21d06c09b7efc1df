"""Python missions and operations: registered in the project's code, run in a worker, never in this process.

Each test writes a small project (a pyproject.toml naming a module, and the
module) and checks a scenario file against it, as the CLI and the editor do.
"""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from helpers import def_line, findings, located, one, project, span

from scenario_core.checking.cache import ScenarioCache
from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.python.missions import PythonProjects

MISSIONS = '''
from scenario_harness import StepFailed, StepSpec, WorkflowDefinition, mission, operation


@operation
def reserve_stock(state: dict, *, sku: str, qty: int = 1) -> None:
    """Takes qty of sku out of state["stock"]."""
    left = state.setdefault("stock", {}).get(sku, 0)
    if left < qty:
        raise StepFailed(f"only {left} of {sku} left")
    state["stock"][sku] = left - qty


@operation("note")
def add_note(state: dict, *, text: str) -> None:
    state.setdefault("notes", []).append(text)


@mission
def place_order(ctx, *, sku: str, qty: int = 1) -> WorkflowDefinition:
    """Reserve stock, then a person approves."""
    return WorkflowDefinition(id="place_order", steps=[
        StepSpec("reserve", "runtime", {"operation": "reserve_stock", "sku": sku, "qty": qty}),
        StepSpec("approve", "human", {}),
    ])


@mission("lucky_draw")
def draw(ctx) -> WorkflowDefinition:
    numbers = [ctx.random().randint(1, 1000) for _ in range(3)]
    ids = [str(ctx.uuid4()) for _ in range(2)]
    return WorkflowDefinition(id="lucky_draw", steps=[
        StepSpec("record", "runtime", {"operation": "set", "key": "draw", "value": {"numbers": numbers, "ids": ids, "now": ctx.now().isoformat()}}),
    ])


@mission
def echo(ctx, *, payload_key: str = "message") -> WorkflowDefinition:
    return WorkflowDefinition(id="echo", steps=[
        StepSpec("echo", "runtime", {"operation": "set", "key": "echo", "value": "python " + str(ctx.initial_state.get(payload_key))}),
    ])
'''


@pytest.fixture(scope="module")
def projects():
    """One set of projects (one warm worker per project) for the whole module."""
    projects = PythonProjects()
    yield projects
    projects.close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    return project(tmp_path_factory.mktemp("shop"), MISSIONS)


def run(projects: PythonProjects, path: Path, text: str, cache: ScenarioCache | None = None) -> CheckReport:
    text = textwrap.dedent(text).lstrip("\n")
    path.write_text(text)
    return check(text, cache=cache, python=projects.for_file(path), path=path)


def result(report: CheckReport, scenario: str, mission: str) -> dict:
    found = report.mission_result(scenario, mission)
    assert found is not None, [(f.code, f.message) for f in report.findings]
    return found.to_dict()


# -- registration and resolution ----------------------------------------------------------


def test_the_catalog_lists_registered_missions_and_operations_with_their_signatures(projects, shop):
    catalog = projects.for_file(shop).catalog()
    assert sorted(catalog.missions) == ["echo", "lucky_draw", "place_order"]
    assert sorted(catalog.operations) == ["note", "reserve_stock"]
    place_order = catalog.missions["place_order"]
    assert (place_order.qualname, place_order.module, place_order.doc) == ("place_order", "shop.missions", "Reserve stock, then a person approves.")
    assert place_order.file == str(shop.parent / "shop" / "missions.py")
    assert place_order.line == def_line("place_order", MISSIONS)
    assert [p.describe() for p in place_order.params] == ["sku: str", "qty: int = 1"]
    assert catalog.missions["lucky_draw"].qualname == "draw"
    assert catalog.operations["note"].qualname == "add_note"


def test_a_python_mission_runs_its_workflow_with_python_operations(projects, shop):
    report = run(projects, shop, """
        suite: shop
        scenarios:
          - name: order
            initial_state: {stock: {A1: 5}}
            missions:
              - name: place_order
                params: {sku: A1, qty: 2}
        expectations:
          - {id: left, scenario: order, mission: place_order, path: final_state.stock.A1, op: eq, expected: 3}
        """)
    assert report.verdict == "passed", [(f.code, f.message) for f in report.findings]
    placed = result(report, "order", "place_order")
    assert placed["success"] is True
    assert [s["id"] for s in placed["executed_steps"]] == ["reserve", "approve"]


def test_step_failed_fails_the_step_like_the_fail_operation(projects, shop):
    report = run(projects, shop, """
        suite: shop
        scenarios:
          - name: short
            initial_state: {stock: {A1: 1}}
            missions:
              - name: place_order
                params: {sku: A1, qty: 2}
        """)
    placed = result(report, "short", "place_order")
    assert (placed["success"], placed["failed_step_id"]) == (False, "reserve")
    assert placed["error_message"] == "step 'reserve' failed: only 1 of A1 left"
    assert one(report, "step_failed").message == "mission 'place_order' failed: step 'reserve' failed: only 1 of A1 left"


def test_a_file_mission_may_use_python_operations(projects, shop):
    report = run(projects, shop, """
        suite: shop
        missions:
          restock_and_note:
            steps:
              - {id: take, kind: runtime, payload: {operation: reserve_stock, sku: B2}}
              - {id: note, kind: runtime, payload: {operation: note, text: taken}}
        scenarios:
          - name: s
            initial_state: {stock: {B2: 1}}
            missions: [restock_and_note]
        """)
    assert report.findings == ()
    assert result(report, "s", "restock_and_note")["final_state"] == {"stock": {"B2": 0}, "notes": ["taken"]}


def test_names_resolve_to_the_file_then_python_then_built_ins_and_a_shadowed_built_in_is_warned(projects, shop):
    report = run(projects, shop, """
        suite: shop
        missions:
          place_order:
            steps: [{id: mine, kind: human}]
        scenarios:
          - name: s
            initial_state: {message: hi}
            missions: [place_order, echo, daily_loop]
        """)
    assert [s["id"] for s in result(report, "s", "place_order")["executed_steps"]] == ["mine"]  # the file's own
    assert result(report, "s", "echo")["final_state"]["echo"] == "python hi"  # the project's, not the built-in
    assert result(report, "s", "daily_loop")["id"] == "daily_loop"  # built-in
    warning = one(report, "shadowed_mission")
    assert warning.message == f"'echo' is the project's Python mission (missions.py:{def_line('echo', MISSIONS)}), not the built-in mission of that name"
    assert span(warning) == located(report, "echo")
    assert warning.related[0].path == str(shop.parent / "shop" / "missions.py")


def test_an_unknown_name_suggests_python_missions_too(projects, shop):
    report = run(projects, shop, """
        suite: shop
        scenarios:
          - name: s
            missions: [place_ordr]
        """)
    assert one(report, "unknown_mission").message == "unknown mission 'place_ordr'; did you mean 'place_order'?"


# -- params: validated before anything runs, at the exact node ------------------------------------


def test_a_param_of_the_wrong_type_is_invalid_params_at_its_value(projects, shop):
    report = run(projects, shop, """
        suite: shop
        scenarios:
          - name: s
            missions:
              - name: place_order
                params: {sku: A1, qty: two}
        """)
    finding = one(report, "invalid_params")
    assert finding.message == 'qty: expected an integer, got "two"'
    assert span(finding) == located(report, "two")
    assert report.mission_result("s", "place_order") is None


def test_an_unknown_param_suggests_the_close_one_and_its_missing_twin_is_not_repeated(projects, shop):
    report = run(projects, shop, """
        suite: shop
        scenarios:
          - name: s
            missions:
              - name: place_order
                params: {skus: A1}
        """)
    finding = one(report, "invalid_params")
    assert finding.message == "unknown param 'skus'; did you mean 'sku'?"
    assert span(finding) == located(report, "skus")
    assert finding.data["suggestion"] == "sku"


def test_a_missing_required_param_is_reported_at_the_params_key_with_its_type(projects, shop):
    report = run(projects, shop, """
        suite: shop
        scenarios:
          - name: s
            missions:
              - name: place_order
                params: {qty: 1}
              - place_order
        """)
    at_params, at_name = findings(report, "invalid_params")
    assert at_params.message == at_name.message == "mission 'place_order' needs param 'sku' (sku: str)"
    assert span(at_params) == located(report, "params")
    assert span(at_name) == located(report, "place_order", 1)


NESTED = '''
from dataclasses import dataclass

from scenario_harness import StepSpec, WorkflowDefinition, mission


@dataclass
class Line:
    sku: str
    qty: int = 1


@mission
def order_lines(ctx, *, cart: list[Line]) -> WorkflowDefinition:
    return WorkflowDefinition(id="order_lines", steps=[StepSpec("s", "runtime", {"operation": "set", "key": "n", "value": len(cart)})])
'''


def test_a_field_missing_inside_a_param_is_reported_at_that_value_not_as_a_missing_param(tmp_path):
    projects = PythonProjects()
    try:
        report = run(projects, project(tmp_path, NESTED), """
            suite: shop
            scenarios:
              - name: s
                missions:
                  - name: order_lines
                    params: {cart: [{sku: A1}, {qty: 2}]}
            """)
    finally:
        projects.close()
    finding = one(report, "invalid_params")
    assert finding.message == "cart.1: 'sku' is missing"
    assert span(finding) == located(report, "{qty: 2}")


def test_a_python_operation_argument_of_the_wrong_type_is_invalid_params_at_the_argument(projects, shop):
    report = run(projects, shop, """
        suite: shop
        missions:
          take:
            steps:
              - {id: t, kind: runtime, payload: {operation: reserve_stock, sku: A1, qty: "2"}}
        scenarios:
          - name: s
            initial_state: {stock: {A1: 5}}
            missions: [take]
        """)
    finding = one(report, "invalid_params")
    assert finding.message == 'qty: expected an integer, got "2"'
    assert span(finding) == located(report, '"2"')
    assert one(report, "step_failed").message == (
        "mission 'take' failed: step 't' failed: invalid arguments for operation 'reserve_stock': "
        'qty: expected an integer, got "2"'
    )


# -- determinism: ctx gives the same clock, numbers and UUIDs everywhere --------------------------


DRAW = """
    suite: shop
    scenarios:
      - name: s
        clock: 2024-05-01T10:00:00Z
        missions: [lucky_draw]
      - name: t
        missions: [lucky_draw]
    """


def test_ctx_now_is_the_scenarios_clock_else_the_documented_constant(projects, shop):
    report = run(projects, shop, DRAW)
    assert result(report, "s", "lucky_draw")["final_state"]["draw"]["now"] == "2024-05-01T10:00:00+00:00"
    assert result(report, "t", "lucky_draw")["final_state"]["draw"]["now"] == "2000-01-01T00:00:00+00:00"


def test_ctx_random_and_uuid4_are_seeded_from_suite_scenario_and_call(projects, shop, tmp_path):
    first = run(projects, shop, DRAW)
    s, t = result(first, "s", "lucky_draw")["final_state"]["draw"], result(first, "t", "lucky_draw")["final_state"]["draw"]
    assert s["numbers"] != t["numbers"] and s["ids"] != t["ids"]  # another scenario, another stream
    # Another project, another worker process and hash seed: the very same values and hashes.
    other = PythonProjects(hash_seed=12345)
    try:
        again = run(other, project(tmp_path, MISSIONS), DRAW)
    finally:
        other.close()
    assert [o.scenario_hash for o in again.scenarios] == [o.scenario_hash for o in first.scenarios]
    assert result(again, "s", "lucky_draw")["final_state"]["draw"] == s


def test_a_clock_that_is_not_iso_8601_is_invalid_value_at_the_clock(projects, shop):
    report = run(projects, shop, """
        suite: shop
        scenarios:
          - name: s
            clock: next tuesday
            missions: [lucky_draw]
        """)
    finding = one(report, "invalid_value")
    assert finding.message == "'clock' of scenario 's' must be an ISO 8601 date and time, such as 2024-01-31T09:00:00Z; not 'next tuesday'"
    assert span(finding) == located(report, "next tuesday")


# -- the cache: reused results, never from old code ----------------------------------------------


def test_a_recheck_reuses_python_results_without_asking_the_worker(projects, shop, monkeypatch):
    cache = ScenarioCache()
    text = DRAW
    run(projects, shop, text, cache)
    missions = projects.for_file(shop)
    calls = []
    real_run = type(missions).run
    monkeypatch.setattr(type(missions), "run", lambda self, items: calls.append(len(items)) or real_run(self, items))
    again = run(projects, shop, text, cache)
    assert calls == [] and again.cache_hits == 2


def test_one_check_is_one_round_trip_to_the_worker(projects, shop, monkeypatch):
    missions = projects.for_file(shop)
    batches = []
    real_run = type(missions).run
    monkeypatch.setattr(type(missions), "run", lambda self, items: batches.append(len(items)) or real_run(self, items))
    text = "suite: many\nscenarios:\n" + "".join(
        f"  - name: s{i}\n    initial_state: {{stock: {{A1: {i}}}}}\n    missions:\n      - {{name: place_order, params: {{sku: A1}}}}\n"
        for i in range(30)
    )
    report = run(projects, shop, text)
    assert batches == [30]
    assert len(report.scenarios) == 30


def test_changing_the_python_code_reruns_with_the_new_code(tmp_path):
    projects = PythonProjects()
    path = project(tmp_path, MISSIONS)
    cache = ScenarioCache()
    text = "suite: shop\nscenarios:\n  - name: s\n    initial_state: {message: hi}\n    missions: [echo]\n"
    try:
        before = run(projects, path, text, cache)
        assert result(before, "s", "echo")["final_state"]["echo"] == "python hi"
        module = tmp_path / "shop" / "missions.py"
        module.write_text(module.read_text().replace('"python " + str(', '"edited " + str('))
        after = run(projects, path, text, cache)
    finally:
        projects.close()
    assert result(after, "s", "echo")["final_state"]["echo"] == "edited hi"
    assert after.cache_hits == 0


# -- loading problems ----------------------------------------------------------------------------------


def test_a_module_that_fails_to_import_is_missions_import_at_the_suite_and_the_rest_still_checks(tmp_path):
    projects = PythonProjects()
    path = project(tmp_path, "from scenario_harness import mission\n\n\nraise_here = 1 / 0\n")
    try:
        report = run(projects, path, """
            suite: shop
            scenarios:
              - name: s
                missions: [daily_loop, nope]
            """)
    finally:
        projects.close()
    finding = one(report, "missions_import")
    assert finding.message == "cannot load the project's Python missions from shop.missions: ZeroDivisionError: division by zero at missions.py:4"
    assert span(finding) == located(report, "shop")
    [related] = finding.related
    assert (related.path, related.range.start.line) == (str(tmp_path / "shop" / "missions.py"), 3)
    assert "Traceback" in finding.data["traceback"]
    assert report.mission_result("s", "daily_loop") is not None
    assert one(report, "unknown_mission").message.startswith("unknown mission 'nope'")


DOMAIN = "PRICES = {'MUG': 12}\n\n\ndef price(sku):\n    return PRICES[sku]\n"
IMPORTS_DOMAIN = """
from scenario_harness import StepSpec, WorkflowDefinition, mission

from shop.domain import price


@mission
def quote(ctx, *, sku: str = "MUG") -> WorkflowDefinition:
    return WorkflowDefinition(id="quote", steps=[StepSpec("s", "runtime", {"operation": "set", "key": "price", "value": price(sku)})])
"""
QUOTE = "suite: shop\nscenarios:\n  - name: s\n    missions: [quote]\n"


def broken(text: str, line: int) -> str:
    """``text`` with a syntax error written into ``line`` (1-based), at the column :func:`error_column` gives."""
    lines = text.splitlines()
    lines[line - 1] = "def broken(:"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("module", ["missions.py", "domain.py"])
def test_a_syntax_error_points_at_its_own_file_line_and_column_whichever_module_it_is_in(tmp_path, module):
    path = project(tmp_path, IMPORTS_DOMAIN)
    (tmp_path / "shop" / "domain.py").write_text(DOMAIN)
    faulty = tmp_path / "shop" / module
    faulty.write_text(broken(faulty.read_text(), 3))
    projects = PythonProjects()
    try:
        report = run(projects, path, QUOTE)
    finally:
        projects.close()
    finding = one(report, "missions_import")
    assert finding.message == f"cannot load the project's Python missions from shop.missions: SyntaxError: invalid syntax at {module}:3"
    [related] = finding.related
    assert (related.path, related.range.start.line, related.range.start.column, related.message) == (
        str(faulty), 2, 11, "SyntaxError: invalid syntax"
    )
    assert f'File "{faulty}", line 3\n' in finding.data["traceback"]
    assert "<frozen" not in finding.data["traceback"]


@pytest.mark.parametrize("module", ["missions.py", "domain.py"])
def test_fixing_a_module_that_failed_to_import_is_noticed_and_the_finding_goes(tmp_path, module):
    path = project(tmp_path, IMPORTS_DOMAIN)
    (tmp_path / "shop" / "domain.py").write_text(DOMAIN)
    faulty = tmp_path / "shop" / module
    fixed = faulty.read_text()
    faulty.write_text(broken(fixed, 3))
    projects = PythonProjects()
    cache = ScenarioCache()
    try:
        assert [f.code for f in run(projects, path, QUOTE, cache).findings] == ["missions_import", "not_run"]
        missions = projects.for_file(path)
        assert not missions.changed()
        faulty.write_text(fixed)
        assert missions.changed()
        report = run(projects, path, QUOTE, cache)
    finally:
        projects.close()
    assert report.findings == ()
    assert result(report, "s", "quote")["final_state"] == {"price": 12}


def test_creating_a_module_that_was_not_found_is_noticed(tmp_path):
    path = project(tmp_path, IMPORTS_DOMAIN)
    projects = PythonProjects()
    try:
        report = run(projects, path, QUOTE)
        assert one(report, "missions_import").message == (
            "cannot load the project's Python missions from shop.missions: ModuleNotFoundError: No module named 'shop.domain' at missions.py:4"
        )
        missions = projects.for_file(path)
        assert not missions.changed()
        (tmp_path / "shop" / "domain.py").write_text(DOMAIN)
        assert missions.changed()
        assert run(projects, path, QUOTE).findings == ()
    finally:
        projects.close()


RESERVING = IMPORTS_DOMAIN + """

@operation
def reserve(state: dict, *, sku: str) -> None:
    state[sku] = "reserved"
""".replace("import StepSpec, WorkflowDefinition, mission", "import StepSpec, WorkflowDefinition, mission, operation")


def test_a_failed_import_is_one_error_and_what_it_stopped_is_not_run_naming_it(tmp_path):
    path = project(tmp_path, RESERVING)
    (tmp_path / "shop" / "domain.py").write_text(broken(DOMAIN, 3))
    (tmp_path / "holds.missions.yaml").write_text("missions:\n  hold:\n    steps:\n      - {id: r, kind: runtime, payload: {operation: reserve, sku: MUG}}\n")
    projects = PythonProjects()
    try:
        report = run(projects, path, """
            suite: shop
            imports: [holds.missions.yaml]
            missions:
              mine:
                steps:
                  - {id: take, kind: runtime, payload: {operation: reserve, sku: MUG}}
            scenarios:
              - name: a
                missions: [quote, hold, mine, daily_loop]
            expectations:
              - {id: e1, scenario: a, mission: quote, path: success, op: eq, expected: true}
              - {id: e2, scenario: a, mission: daily_loop, path: success, op: eq, expected: true}
            """)
    finally:
        projects.close()
    domain = str(tmp_path / "shop" / "domain.py")
    errors = [(f.code, f.message) for f in report.findings if f.severity.value == "error"]
    assert errors == [("missions_import", "cannot load the project's Python missions from shop.missions: SyntaxError: invalid syntax at domain.py:3")]
    line = def_line("reserve", RESERVING)
    quote_line = def_line("quote", RESERVING)
    assert [(f.code, f.severity.value, f.message, span(f)) for f in report.findings if f.code != "missions_import"] == [
        (
            "not_run", "info",
            "step 'take' does not run: operation 'reserve' is registered in missions.py:%d, and shop.missions failed to import "
            "(SyntaxError: invalid syntax)" % line,
            located(report, "reserve"),
        ),
        (
            "not_run", "info",
            "mission 'quote' was not run: mission 'quote' is registered in missions.py:%d, and shop.missions failed to import "
            "(SyntaxError: invalid syntax)" % quote_line,
            located(report, "quote"),
        ),
        (
            "not_run", "info",
            "mission 'hold' was not run: operation 'reserve' is registered in missions.py:%d, and shop.missions failed to import "
            "(SyntaxError: invalid syntax)" % line,
            located(report, "hold", 1),
        ),
        (
            "not_run", "info",
            "mission 'mine' was not run: operation 'reserve' is registered in missions.py:%d, and shop.missions failed to import "
            "(SyntaxError: invalid syntax)" % line,
            located(report, "mine", 1),
        ),
        (
            "not_run", "info",
            "mission 'quote' could not run in scenario 'a', so this expectation was not evaluated",
            located(report, "quote", 1),
        ),
    ]
    for finding in report.findings[1:4]:
        assert [(r.path, r.range.start.line + 1, r.message) for r in finding.related] == [(domain, 3, "the import failed here")]
    assert report.mission_result("a", "daily_loop") is not None
    assert [e.passed for e in report.expectations] == [False, True]


def test_a_misspelled_call_is_one_error_and_never_suggested_back(tmp_path):
    path = project(tmp_path, IMPORTS_DOMAIN)
    (tmp_path / "shop" / "domain.py").write_text(DOMAIN)
    projects = PythonProjects()
    try:
        report = run(projects, path, """
            suite: shop
            scenarios:
              - name: a
                missions: [qoute, daily_loop]
            expectations:
              - {id: e1, scenario: a, mission: quote, path: success, op: eq, expected: true}
              - {id: e2, scenario: a, mission: quote, path: final_state.price, op: eq, expected: 12}
            """)
    finally:
        projects.close()
    assert [(f.code, f.severity.value, f.message) for f in report.findings] == [
        ("unknown_mission", "error", "unknown mission 'qoute'; did you mean 'quote'?"),
        ("not_run", "info", "scenario 'a' calls 'qoute', which could not run, not 'quote'; this expectation was not evaluated"),
        ("not_run", "info", "scenario 'a' calls 'qoute', which could not run, not 'quote'; this expectation was not evaluated"),
    ]


def test_a_bad_tool_scenario_table_is_the_pyproject_tomls_finding_not_the_scenario_files(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.scenario]\nmissions = "shop.missions"\ntimeuot = 3\n')
    projects = PythonProjects()
    try:
        report = run(projects, tmp_path / "a.scenario.yaml", "suite: s\nscenarios: []\n")
    finally:
        projects.close()
    assert report.findings == ()
    assert projects.for_file(tmp_path / "a.scenario.yaml") is None  # no modules: no worker


def test_a_memory_limit_too_low_to_start_says_so_and_how_to_raise_it(tmp_path):
    path = project(tmp_path, IMPORTS_DOMAIN, memory_mb=1)
    (tmp_path / "shop" / "domain.py").write_text(DOMAIN)
    projects = PythonProjects()
    try:
        report = run(projects, path, QUOTE)
    finally:
        projects.close()
    reason = (
        "the worker process ran out of memory (its limit is 1 MB: memory_limit_mb in [tool.scenario] of pyproject.toml; "
        "raise it, or set 0 for no limit)"
    )
    assert [(f.code, f.message) for f in report.findings] == [
        ("missions_import", f"cannot load the project's Python missions from shop.missions: the mission worker ({sys.executable}) did not start: {reason}"),
        (
            "not_run",
            f"mission 'quote' was not run: mission 'quote' is registered in missions.py:{def_line('quote', IMPORTS_DOMAIN)}, and shop.missions "
            f"failed to import (the mission worker ({sys.executable}) did not start: {reason})",
        ),
    ]


def test_a_project_without_python_missions_starts_no_worker(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "plain"\n')
    projects = PythonProjects()
    assert projects.for_file(tmp_path / "a.scenario.yaml") is None


def test_with_python_missions_off_nothing_is_imported_and_a_call_says_so(tmp_path):
    projects = PythonProjects(enabled=False)
    path = project(tmp_path, MISSIONS)
    try:
        report = run(projects, path, """
            suite: shop
            scenarios:
              - name: s
                missions: [place_order, daily_loop]
            expectations:
              - {id: e, scenario: s, mission: place_order, path: success, op: eq, expected: true}
            """)
        assert projects.for_file(path).workers_started == 0
    finally:
        projects.close()
    finding = one(report, "python_missions_off")
    assert finding.severity.value == "info"
    assert finding.message == (
        f"'place_order' is a Python mission of this project (missions.py:{def_line('place_order', MISSIONS)}), and Python missions are turned off "
        "(setting scenario.pythonMissions); the call does not run"
    )
    assert one(report, "not_run").data["expectation"] == "e"
    assert "unknown_mission" not in [f.code for f in report.findings]


# -- installed packages and the interpreter ----------------------------------------------------------

PLUGIN = '''
import sys

from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def from_a_package(ctx) -> WorkflowDefinition:
    return WorkflowDefinition(id="pkg", steps=[StepSpec("s", "runtime", {"operation": "set", "key": "dev_mode", "value": sys.flags.dev_mode})])
'''


@pytest.fixture
def installed_package(tmp_path, monkeypatch):
    """A distribution that contributes missions through the entry-point group, on the path of both processes."""
    site = tmp_path / "site"
    (site / "shop_plugin").mkdir(parents=True)
    (site / "shop_plugin" / "__init__.py").write_text("")
    (site / "shop_plugin" / "missions.py").write_text(textwrap.dedent(PLUGIN))
    info = site / "shop_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shop-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[scenario_harness.missions]\nshop = shop_plugin.missions\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("PYTHONPATH", str(site))
    return site


def test_an_installed_package_contributes_missions_through_its_entry_point(installed_package, tmp_path):
    projects = PythonProjects()
    (tmp_path / "work").mkdir()
    try:
        report = run(projects, tmp_path / "work" / "a.scenario.yaml", "suite: s\nscenarios:\n  - name: s\n    missions: [from_a_package]\n")
    finally:
        projects.close()
    assert report.findings == ()
    assert result(report, "s", "from_a_package")["final_state"] == {"dev_mode": False}


def test_the_worker_runs_with_the_interpreter_command_it_is_given(installed_package, tmp_path):
    import sys

    projects = PythonProjects(python=(sys.executable, "-X", "dev"))
    try:
        (tmp_path / "work").mkdir()
        report = run(projects, tmp_path / "work" / "a.scenario.yaml", "suite: s\nscenarios:\n  - name: s\n    missions: [from_a_package]\n")
    finally:
        projects.close()
    assert result(report, "s", "from_a_package")["final_state"] == {"dev_mode": True}
