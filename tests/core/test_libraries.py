"""Mission libraries (``*.missions.yaml``) imported by scenario files: resolution, findings, hashes.

Each test writes a small project (a ``pyproject.toml`` marks its root) and
checks a file of it with its path, as the CLI and the editor do.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from helpers import findings, located, one, span
from helpers import project as python_project

from scenario_core.checking.cache import ScenarioCache
from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.project.files import DISK, Files
from scenario_core.python.missions import PythonProjects
from scenario_core.source.findings import Related
from scenario_core.source.positions import SourceRange

SHIPPING = """
description: Shipping missions
missions:
  ship_order:
    description: Mark the order shipped
    steps:
      - {id: mark, kind: runtime, payload: {operation: set, key: shipped, value: true}}
  count_order:
    steps:
      - {id: count, kind: runtime, payload: {operation: increment, key: orders}}
"""

# ship_order again, setting another key: which one ran shows in the result.
OTHER_SHIPPING = """
missions:
  ship_order:
    steps:
      - {id: mark, kind: runtime, payload: {operation: set, key: shipped_by, value: other}}
  wrap_order:
    steps:
      - {id: wrap, kind: runtime, payload: {operation: set, key: wrapped, value: true}}
"""


class Project:
    """A folder with a pyproject.toml, its files written as dedented text."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n')

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        return path

    def check(self, name: str, text: str | None = None, *, cache: ScenarioCache | None = None, files: Files = DISK) -> CheckReport:
        """Check the file ``name`` (after writing ``text`` to it, when given)."""
        path = self.write(name, text) if text is not None else self.root / name
        return check(path.read_text(), path=path, cache=cache, files=files)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def final_state(report: CheckReport, scenario: str, mission: str) -> dict:
    result = report.mission_result(scenario, mission)
    assert result is not None, [(f.code, f.message) for f in report.findings]
    return dict(result.final_state)


# -- resolution ---------------------------------------------------------------------------------


def test_a_call_runs_the_mission_of_an_imported_library(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/shipping.missions.yaml]
        scenarios:
          - {name: a, missions: [ship_order]}
    """)
    assert report.findings == ()
    assert final_state(report, "a", "ship_order") == {"shipped": True}


def test_the_files_own_mission_wins_over_an_imported_one(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/shipping.missions.yaml]
        missions:
          ship_order:
            steps: [{id: mine, kind: runtime, payload: {operation: set, key: mine, value: 1}}]
        scenarios:
          - {name: a, missions: [ship_order]}
    """)
    assert report.findings == ()
    assert final_state(report, "a", "ship_order") == {"mine": 1}


def test_an_imported_mission_wins_over_the_built_in_one_of_its_name(project: Project):
    project.write("lib/echo.missions.yaml", """
        missions:
          echo:
            steps: [{id: e, kind: runtime, payload: {operation: set, key: echo, value: from the library}}]
    """)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/echo.missions.yaml]
        scenarios:
          - {name: a, initial_state: {message: ping}, missions: [echo]}
    """)
    assert final_state(report, "a", "echo") == {"message": "ping", "echo": "from the library"}


PYTHON_SHIP_ORDER = '''
from scenario_harness import StepSpec, WorkflowDefinition, mission


@mission
def ship_order(ctx) -> WorkflowDefinition:
    return WorkflowDefinition(id="ship_order", steps=[StepSpec("py", "runtime", {"operation": "set", "key": "by", "value": "python"})])


@mission
def pack_order(ctx) -> WorkflowDefinition:
    return WorkflowDefinition(id="pack_order", steps=[StepSpec("py", "runtime", {"operation": "set", "key": "packed", "value": "python"})])
'''


def test_an_imported_mission_wins_over_a_python_mission_of_its_name_with_a_warning_at_the_call(tmp_path: Path):
    path = python_project(tmp_path, PYTHON_SHIP_ORDER)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "shipping.missions.yaml").write_text(textwrap.dedent(SHIPPING))
    text = "suite: s\nimports: [lib/shipping.missions.yaml]\nscenarios:\n  - {name: a, missions: [ship_order, pack_order]}\n"
    path.write_text(text)
    projects = PythonProjects()
    try:
        report = check(text, path=path, python=projects.for_file(path))
    finally:
        projects.close()
    assert [(f.code, f.data["mission"]) for f in report.findings] == [("shadowed_mission", "ship_order")]
    assert final_state(report, "a", "ship_order") == {"shipped": True}
    assert final_state(report, "a", "pack_order") == {"packed": "python"}


def test_when_two_imports_define_a_mission_the_first_wins_with_a_warning_at_the_second(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    project.write("lib/other.missions.yaml", OTHER_SHIPPING)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports:
          - lib/shipping.missions.yaml
          - lib/other.missions.yaml
        scenarios:
          - {name: a, missions: [ship_order, wrap_order]}
    """)
    conflict = one(report, "import_conflict")
    assert conflict.message == (
        "'lib/other.missions.yaml' defines mission 'ship_order', which 'lib/shipping.missions.yaml' "
        "(imported before it) also defines; calls use the definition from 'lib/shipping.missions.yaml'"
    )
    assert span(conflict) == located(report, "lib/other.missions.yaml")
    assert conflict.related == (Related(SourceRange.of(2, 4, 2, 30), "'lib/shipping.missions.yaml' is imported first"),)
    assert final_state(report, "a", "ship_order") == {"shipped": True}
    assert final_state(report, "a", "wrap_order") == {"wrapped": True}
    assert report.verdict == "passed"  # a warning never changes the verdict


def test_a_library_gives_its_own_missions_before_those_it_imports(project: Project):
    project.write("lib/other.missions.yaml", OTHER_SHIPPING)
    project.write("lib/shipping.missions.yaml", "imports: [other.missions.yaml]\n" + textwrap.dedent(SHIPPING).lstrip("\n"))
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/shipping.missions.yaml]
        scenarios:
          - {name: a, missions: [ship_order, wrap_order]}
    """)
    assert report.findings == ()
    assert final_state(report, "a", "ship_order") == {"shipped": True}
    assert final_state(report, "a", "wrap_order") == {"wrapped": True}


def test_an_unknown_mission_suggests_the_imported_ones(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/shipping.missions.yaml]
        scenarios:
          - {name: a, missions: [ship_ordr]}
    """)
    assert one(report, "unknown_mission").message == "unknown mission 'ship_ordr'; did you mean 'ship_order'?"


def test_params_to_an_imported_mission_name_its_library(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/shipping.missions.yaml]
        scenarios:
          - {name: a, missions: [{name: ship_order, params: {fast: true}}]}
    """)
    assert one(report, "invalid_value").message == "mission 'ship_order' is defined in shipping.missions.yaml and takes no params"


def test_a_call_of_an_imported_mission_that_breaks_a_rule_points_at_its_definition_in_the_library(project: Project):
    library = project.write("lib/robots.missions.yaml", """
        missions:
          build:
            steps: [{id: weld, kind: robot}]
    """)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/robots.missions.yaml]
        scenarios:
          - {name: a, missions: [build]}
    """)
    envelope = one(report, "envelope")
    assert envelope.message == "cannot run: step 'weld' of mission 'build' has kind 'robot'; only human and runtime steps run inside the envelope"
    assert span(envelope) == located(report, "build")
    assert envelope.related == (Related(SourceRange.of(1, 2, 1, 7), "mission 'build' is defined here", str(library)),)


def test_a_failing_step_of_an_imported_mission_points_at_the_step_in_the_library(project: Project):
    library = project.write("lib/stock.missions.yaml", """
        missions:
          reject:
            steps:
              - {id: check, kind: runtime, payload: {operation: fail, reason: out of stock}}
    """)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/stock.missions.yaml]
        scenarios:
          - {name: a, missions: [reject]}
    """)
    assert one(report, "step_failed").related == (
        Related(SourceRange.of(3, 8, 3, 84), "step 'check' of mission 'reject'", str(library)),
    )


# -- findings at the import ---------------------------------------------------------------------


def test_a_missing_library_is_reported_at_its_import_with_the_closest_library(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports:
          - lib/shiping.missions.yaml
        scenarios:
          - {name: a, missions: [ship_order]}
    """)
    missing = one(report, "import_not_found")
    assert missing.message == "mission library 'lib/shiping.missions.yaml' not found; did you mean 'lib/shipping.missions.yaml'?"
    assert span(missing) == (2, 4, 2, 29)
    assert missing.data["suggestion"] == "lib/shipping.missions.yaml"


def test_a_missing_library_in_a_project_without_libraries_says_so(project: Project):
    report = project.check("suite.scenario.yaml", "suite: s\nimports: [shipping.missions.yaml]\nscenarios: []\n")
    assert one(report, "import_not_found").message == (
        "mission library 'shipping.missions.yaml' not found; this project has no mission libraries (*.missions.yaml)"
    )


def test_a_missing_library_unlike_any_other_gets_no_suggestion(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    report = project.check("suite.scenario.yaml", "suite: s\nimports: [billing.missions.yaml]\nscenarios: []\n")
    assert one(report, "import_not_found").message == "mission library 'billing.missions.yaml' not found"


@pytest.mark.parametrize(
    "written, reason",
    [
        ("/etc/shipping.missions.yaml", "the path must be relative to this file"),
        ("C:/shipping.missions.yaml", "the path must be relative to this file"),
        ("lib\\\\shipping.missions.yaml", "write folders with '/', as in lib/shipping.missions.yaml"),
        ("lib/shipping.yaml", "only mission libraries (*.missions.yaml or *.missions.yml) can be imported"),
        ("other.scenario.yaml", "only mission libraries (*.missions.yaml or *.missions.yml) can be imported"),
        ("", "the path is empty"),
    ],
)
def test_an_import_path_that_is_not_allowed_is_reported_at_the_import(project: Project, written: str, reason: str):
    report = project.check("suite.scenario.yaml", f'suite: s\nimports: ["{written}"]\nscenarios: []\n')
    finding = one(report, "import_path")
    assert finding.message == f"cannot import '{written.replace(chr(92) * 2, chr(92))}': {reason}"
    assert span(finding) == (1, 10, 1, 12 + len(written))


def test_an_import_outside_the_project_is_refused_even_when_the_file_exists(project: Project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "shared.missions.yaml").write_text(textwrap.dedent(SHIPPING))
    written = Path("..") / ".." / outside.relative_to(outside.parents[1]) / "shared.missions.yaml"
    report = project.check("sub/suite.scenario.yaml", f"suite: s\nimports: [{written.as_posix()}]\nscenarios: []\n")
    assert one(report, "import_path").message == (
        f"cannot import '{written.as_posix()}': it is outside the project ({project.root.resolve()}); "
        "imports stay inside the folder of pyproject.toml (or of this file)"
    )


def test_a_symbolic_link_out_of_the_project_is_refused(project: Project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "shared.missions.yaml").write_text(textwrap.dedent(SHIPPING))
    (project.root / "lib").symlink_to(outside, target_is_directory=True)
    report = project.check("suite.scenario.yaml", "suite: s\nimports: [lib/shared.missions.yaml]\nscenarios: []\n")
    assert one(report, "import_path").message.startswith("cannot import 'lib/shared.missions.yaml': it is outside the project")


def test_text_that_is_not_a_saved_file_cannot_import(project: Project):
    report = check("suite: s\nimports: [lib/shipping.missions.yaml]\nscenarios: []\n")
    finding = one(report, "import_path")
    assert finding.message == "cannot import 'lib/shipping.missions.yaml': save this file first: imports are relative to it"
    assert span(finding) == (1, 10, 1, 36)


def test_an_import_that_is_not_text_is_a_wrong_type(project: Project):
    report = project.check("suite.scenario.yaml", "suite: s\nimports: [{path: x.missions.yaml}]\nscenarios: []\n")
    assert one(report, "wrong_type").message == "an import must be a path (text), not a mapping"


def test_a_library_imported_twice_is_a_warning_at_the_second_import(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports:
          - lib/shipping.missions.yaml
          - lib/../lib/shipping.missions.yaml
        scenarios: []
    """)
    twice = one(report, "import_conflict")
    assert twice.message == "'lib/../lib/shipping.missions.yaml' is already imported at line 3; this import adds nothing"
    assert span(twice) == (3, 4, 3, 37)


def test_a_library_with_errors_gives_its_importer_one_finding_that_points_at_them(project: Project):
    library = project.write("lib/shipping.missions.yaml", """
        missions:
          ship_order:
            stpes: []
          pack:
            steps: [{id: box, kind: robot}]
    """)
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/shipping.missions.yaml]
        scenarios:
          - {name: a, missions: [daily_loop]}
    """)
    finding = one(report, "library_errors")
    assert finding.message == (
        "mission library 'lib/shipping.missions.yaml' has 3 errors (shown in the library); the first, at "
        "lib/shipping.missions.yaml:3: mission 'ship_order' needs 'steps'"
    )
    assert span(finding) == (1, 10, 1, 36)
    assert [(r.path, r.range.start.line, r.message) for r in finding.related] == [
        (str(library), 2, "missing_key: mission 'ship_order' needs 'steps'"),
        (str(library), 2, "unknown_key: unknown key 'stpes' in mission 'ship_order'; the keys are description, steps"),
        (str(library), 4, "envelope: step 'box' of mission 'pack' has kind 'robot'; only human and runtime steps run inside the envelope"),
    ]
    # The library's errors themselves are shown in the library, not here.
    assert [f.code for f in report.findings] == ["library_errors"]
    assert report.verdict == "invalid"


def test_errors_of_a_library_a_library_imports_reach_the_importer_with_their_file(project: Project):
    base = project.write("lib/base.missions.yaml", "missions:\n  reset: {steps: [{id: z, kind: runtime, payload: {operation: teleport}}]}\n")
    project.write("lib/shipping.missions.yaml", "imports: [base.missions.yaml]\n" + textwrap.dedent(SHIPPING).lstrip("\n"))
    report = project.check("suite.scenario.yaml", "suite: s\nimports: [lib/shipping.missions.yaml]\nscenarios: []\n")
    finding = one(report, "library_errors")
    assert finding.message.startswith(
        "mission library 'lib/shipping.missions.yaml' has 1 error (shown in the library); the first, at lib/base.missions.yaml:2: step 'z': "
    )
    assert [r.path for r in finding.related] == [str(base)]


def test_an_import_cycle_is_reported_at_the_import_that_leads_into_it(project: Project):
    project.write("lib/a.missions.yaml", "imports: [b.missions.yaml]\nmissions:\n  one: {steps: []}\n")
    second = project.write("lib/b.missions.yaml", "imports: [a.missions.yaml]\nmissions:\n  two: {steps: []}\n")
    report = project.check("suite.scenario.yaml", """
        suite: s
        imports: [lib/a.missions.yaml]
        scenarios:
          - {name: x, missions: [one, two]}
    """)
    cycle = one(report, "import_cycle")
    assert cycle.message == (
        "importing 'lib/a.missions.yaml' leads to an import cycle: lib/a.missions.yaml → lib/b.missions.yaml → "
        "lib/a.missions.yaml; mission libraries cannot import each other in a circle"
    )
    assert span(cycle) == (1, 10, 1, 29)
    assert cycle.related == (Related(SourceRange.of(0, 10, 0, 25), "'a.missions.yaml' is imported here, closing the cycle", str(second)),)
    # Every mission of the circle is still there to call.
    assert report.mission_result("x", "one") is not None and report.mission_result("x", "two") is not None
    # Each library shows the cycle at its own import.
    assert one(project.check("lib/a.missions.yaml"), "import_cycle").message == (
        "importing 'b.missions.yaml' leads to an import cycle: a.missions.yaml → b.missions.yaml → a.missions.yaml; "
        "mission libraries cannot import each other in a circle"
    )
    assert span(one(project.check("lib/b.missions.yaml"), "import_cycle")) == (0, 10, 0, 25)


def test_a_library_that_imports_itself_is_a_cycle(project: Project):
    report = project.check("lib/a.missions.yaml", "imports: [a.missions.yaml]\nmissions:\n  one: {steps: []}\n")
    assert one(report, "import_cycle").message == (
        "importing 'a.missions.yaml' leads to an import cycle: a.missions.yaml → a.missions.yaml; "
        "mission libraries cannot import each other in a circle"
    )


def test_the_editors_unsaved_text_of_a_library_is_what_a_check_imports(project: Project):
    library = project.write("lib/shipping.missions.yaml", SHIPPING)

    class Unsaved:
        def read_text(self, path: Path) -> str | None:
            if path == library:
                return textwrap.dedent(OTHER_SHIPPING)
            return DISK.read_text(path)

    report = project.check(
        "suite.scenario.yaml", "suite: s\nimports: [lib/shipping.missions.yaml]\nscenarios:\n  - {name: a, missions: [ship_order]}\n", files=Unsaved()
    )
    assert final_state(report, "a", "ship_order") == {"shipped_by": "other"}


# -- a library checked on its own ---------------------------------------------------------------


def test_a_library_is_checked_on_its_own_like_a_files_missions(project: Project):
    report = project.check("lib/shipping.missions.yaml", """
        description: Shipping
        suite: not here
        missions:
          too_long:
            steps: [{id: a, kind: human}, {id: b, kind: human}, {id: c, kind: human}]
          bad_operation:
            steps: [{id: x, kind: runtime, payload: {operation: teleport}}]
    """)
    assert [(f.code, f.message) for f in report.findings] == [
        ("unknown_key", "unknown key 'suite' in the library; the keys are description, imports, missions"),
        ("anti_failure", "mission 'too_long' has 3 human steps; at most 2 are allowed"),
        ("invalid_operation", 'step \'x\': unknown operation "teleport"; the operations are noop, fail, set, increment, append'),
    ]
    assert report.verdict == "invalid"
    assert report.scenarios == () and report.test_run is None


def test_a_library_needs_missions(project: Project):
    report = project.check("lib/empty.missions.yaml", "description: nothing yet\n")
    assert (one(report, "missing_key").message, span(one(report, "missing_key"))) == ("the library needs 'missions'", (0, 0, 0, 11))


def test_an_empty_library_file_says_what_a_library_needs(project: Project):
    report = project.check("lib/empty.missions.yaml", "")
    assert one(report, "missing_key").message == "a mission library needs 'missions'"


def test_a_valid_library_has_no_findings_and_passes(project: Project):
    report = project.check("lib/shipping.missions.yaml", SHIPPING)
    assert report.findings == ()
    assert report.verdict == "passed"
    assert [m.name for m in report.document.missions] == ["ship_order", "count_order"]
    assert report.document.description == "Shipping missions"


# -- hashes across files ------------------------------------------------------------------------

SUITE = """
suite: s
imports: [lib/shipping.missions.yaml]
scenarios:
  - {name: ships, missions: [ship_order]}
  - {name: counts, missions: [count_order]}
  - {name: loops, missions: [daily_loop]}
"""


def hashes(report: CheckReport) -> dict[str, str]:
    return {s.name: s.scenario_hash for s in report.scenarios}


def test_a_scenario_has_the_same_hash_whether_its_mission_is_imported_or_its_own(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    imported = project.check("a.scenario.yaml", SUITE)
    own = check(
        "suite: s\nmissions:\n"
        + textwrap.indent(textwrap.dedent(SHIPPING).split("missions:\n", 1)[1], "")
        + "scenarios:\n  - {name: ships, missions: [ship_order]}\n  - {name: counts, missions: [count_order]}\n  - {name: loops, missions: [daily_loop]}\n"
    )
    assert own.findings == ()
    assert hashes(imported) == hashes(own)


def test_a_library_edit_changes_exactly_the_hashes_of_the_scenarios_that_use_the_changed_mission(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    before = hashes(project.check("a.scenario.yaml", SUITE))
    project.write("lib/shipping.missions.yaml", SHIPPING.replace("value: true", "value: yes please"))
    after = hashes(project.check("a.scenario.yaml"))
    assert [name for name in before if before[name] != after[name]] == ["ships"]


def test_a_library_edit_reruns_only_the_scenarios_that_call_the_changed_mission(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    cache = ScenarioCache()
    project.check("a.scenario.yaml", SUITE, cache=cache)
    project.write("lib/shipping.missions.yaml", SHIPPING.replace("key: orders", "key: orders_counted"))
    again = project.check("a.scenario.yaml", cache=cache)
    assert again.cache_hits == 2  # ships and loops; counts ran again
    assert final_state(again, "counts", "count_order") == {"orders_counted": 1}


def test_a_library_is_parsed_once_for_every_file_that_imports_it(project: Project):
    project.write("lib/shipping.missions.yaml", SHIPPING)
    project.write("lib/other.missions.yaml", "imports: [shipping.missions.yaml]\n" + textwrap.dedent(OTHER_SHIPPING).lstrip("\n"))
    cache = ScenarioCache()
    for name in ("a", "b", "c"):
        project.check(f"{name}.scenario.yaml", SUITE.replace("[lib/shipping.missions.yaml]", "[lib/shipping.missions.yaml, lib/other.missions.yaml]"), cache=cache)
    assert cache.libraries.parses == 2


def test_the_report_knows_every_library_it_reached_and_every_path_it_looked_for(project: Project):
    shipping = project.write("lib/shipping.missions.yaml", "imports: [gone.missions.yaml]\n" + textwrap.dedent(SHIPPING).lstrip("\n"))
    report = project.check("a.scenario.yaml", SUITE)
    assert report.imports is not None
    assert list(report.imports.libraries) == [shipping]
    assert report.imports.files == {shipping, project.root / "lib" / "gone.missions.yaml"}
    assert report.imports.missions["ship_order"].definition.path == shipping
    assert [(e.definition.path, e.path) for e in report.imports.entries] == [("lib/shipping.missions.yaml", shipping)]
    assert findings(report, "library_errors")
