"""Trust: the store of trusted projects, and what a check does with a project nobody trusted.

An untrusted project's code is never imported: its missions are read from the
source, and each call of one (each step using one of its operations) says so
with an ``untrusted_project`` info finding that tells how to trust it.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import def_line, findings, one, project, span, located

from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.project.config import ProjectConfig
from scenario_core.project.trust import STORE_NAME, TrustStore, TrustStoreError, default_store_path
from scenario_core.python.missions import PythonProjects

# Importing the module writes a file beside it: the proof that the project's code ran.
MISSIONS = '''
from pathlib import Path

from scenario_harness import StepSpec, WorkflowDefinition, mission, operation

Path(__file__).with_name("IMPORTED").write_text("the project's code ran")


@operation
def reserve_stock(state: dict, *, sku: str) -> None:
    state[sku] = "reserved"


@mission
def place_order(ctx, *, sku: str = "apple") -> WorkflowDefinition:
    return WorkflowDefinition(id="place_order", steps=[StepSpec("reserve", "runtime", {"operation": "reserve_stock", "sku": sku})])
'''

SUITE = """
suite: shop
missions:
  restock:
    steps:
      - {id: reserve, kind: runtime, payload: {operation: reserve_stock, sku: pear}}
scenarios:
  - name: s
    missions: [place_order, restock, daily_loop]
expectations:
  - {id: ordered, scenario: s, mission: place_order, path: success, op: eq, expected: true}
"""

PLAIN = """
suite: plain
scenarios:
  - name: s
    missions: [daily_loop]
"""


def imported(root: Path) -> bool:
    return (root / "shop" / "IMPORTED").exists()


def run(projects: PythonProjects, path: Path, text: str) -> CheckReport:
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return check(path.read_text(), python=projects.for_file(path), path=path)


class Asked:
    """A ``trusted`` callable answering ``answer``, remembering the projects it was asked about."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.roots: list[Path] = []

    def __call__(self, config: ProjectConfig) -> bool:
        self.roots.append(config.root)
        return self.answer


# -- the store ---------------------------------------------------------------------------------------


def test_the_store_is_in_the_user_data_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_store_path() == tmp_path / "data" / "scenario-harness" / STORE_NAME


def test_a_missing_store_trusts_nothing_and_has_no_problem(tmp_path):
    store = TrustStore(tmp_path / "none" / STORE_NAME)
    assert store.read().roots == ()
    assert store.read().problem is None
    assert not store.is_trusted(tmp_path)


def test_trusting_records_the_resolved_root_once_and_revoking_removes_it(tmp_path):
    store = TrustStore(tmp_path / "store" / STORE_NAME)
    (tmp_path / "shop").mkdir()
    assert store.trust(tmp_path / "shop" / ".." / "shop") is True
    assert store.trust(tmp_path / "shop") is False
    assert store.read().roots == (str((tmp_path / "shop").resolve()),)
    assert store.is_trusted(tmp_path / "shop")
    assert not store.is_trusted(tmp_path)
    assert json.loads(store.path.read_text()) == {"version": 1, "trusted": [str((tmp_path / "shop").resolve())]}
    assert store.revoke(tmp_path / "shop") is True
    assert store.revoke(tmp_path / "shop") is False
    assert store.read().roots == ()


def test_a_symlink_to_a_trusted_project_is_the_same_project(tmp_path):
    store = TrustStore(tmp_path / STORE_NAME)
    (tmp_path / "shop").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "shop")
    store.trust(tmp_path / "shop")
    assert store.is_trusted(tmp_path / "link")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not JSON"),
        (b'{"trusted": "/home/me/shop"}', 'expected {"trusted": [absolute paths]}'),
        (b'{"trusted": ["relative/path"]}', 'expected {"trusted": [absolute paths]}'),
        (b"[]", 'expected {"trusted": [absolute paths]}'),
        (b"\xff\xfe", "not UTF-8 text"),
    ],
)
def test_a_store_that_cannot_be_read_trusts_nothing_and_says_why(tmp_path, content, reason):
    store = TrustStore(tmp_path / STORE_NAME)
    store.path.write_bytes(content)
    read = store.read()
    assert read.roots == ()
    assert read.problem is not None
    assert read.problem.startswith(f"the trust store {store.path} cannot be read ({reason}")
    assert read.problem.endswith("); no project counts as trusted until it is written again")
    assert not store.is_trusted(tmp_path)


def test_trusting_over_an_unreadable_store_writes_a_good_one(tmp_path):
    store = TrustStore(tmp_path / STORE_NAME)
    store.path.write_text("{not json")
    assert store.trust(tmp_path) is True
    assert store.read() == type(store.read())((str(tmp_path.resolve()),), None)


def test_a_store_that_cannot_be_written_raises_a_clear_error_and_leaves_no_temporary_file(tmp_path):
    (tmp_path / "data").write_text("a file where the store's folder should be")
    store = TrustStore(tmp_path / "data" / STORE_NAME)
    with pytest.raises(TrustStoreError, match=f"^cannot write the trust store {store.path}: File exists$"):
        store.trust(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_writing_replaces_the_store_without_leaving_temporary_files(tmp_path):
    store = TrustStore(tmp_path / "store" / STORE_NAME)
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        store.trust(tmp_path / name)
    store.revoke(tmp_path / "b")
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == [f".{STORE_NAME}.lock", STORE_NAME]
    assert store.read().roots == tuple(str((tmp_path / n).resolve()) for n in ("a", "c"))


TRUST_MANY = """
import sys
from pathlib import Path
from scenario_core.project.trust import TrustStore

store, first = TrustStore(Path(sys.argv[1])), int(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
for n in range(first, first + 20):
    store.trust(Path(sys.argv[3]) / f"project-{n}")
"""


def test_editors_trusting_at_the_same_moment_each_get_their_projects_recorded(tmp_path):
    """Each change reads, adds and writes under the store's lock: without it, a writer drops what another just added."""
    store = TrustStore(tmp_path / "store" / STORE_NAME)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", TRUST_MANY, str(store.path), str(first), str(tmp_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        for first in range(0, 120, 20)
    ]
    for writer in writers:  # all started, then all let go at once
        assert writer.stdout.readline() == "ready\n"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    assert [writer.wait(timeout=60) for writer in writers] == [0] * len(writers)
    assert store.read().roots == tuple(sorted(str(tmp_path.resolve() / f"project-{n}") for n in range(120)))


def test_a_store_locked_by_another_process_too_long_is_a_clear_error(tmp_path, monkeypatch):
    import scenario_core.project.trust as trust

    store = TrustStore(tmp_path / STORE_NAME)
    lock = tmp_path / f".{STORE_NAME}.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import filelock, sys; l = filelock.FileLock({str(lock)!r}); l.acquire(); print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        monkeypatch.setattr(trust, "LOCK_TIMEOUT_S", 0.2)
        with pytest.raises(TrustStoreError, match=f"^cannot write the trust store {store.path}: another process held its lock {lock} for 0.2 s$"):
            store.trust(tmp_path)
    finally:
        holder.communicate("", timeout=30)
    assert store.trust(tmp_path) is True


# -- an untrusted project in a check -------------------------------------------------------------------


def test_nothing_of_an_untrusted_project_is_imported_and_each_call_says_how_to_trust_it(tmp_path):
    asked = Asked(False)
    projects = PythonProjects(trusted=asked)
    path = project(tmp_path, MISSIONS)
    try:
        report = run(projects, path, SUITE)
        assert projects.for_file(path).workers_started == 0
    finally:
        projects.close()
    assert not imported(tmp_path)
    assert asked.roots and set(asked.roots) == {tmp_path.resolve()}
    how = f"To run the project's code, trust it: answer Trust when the editor asks, or run `scenario trust {tmp_path.resolve()}`"
    call = [f for f in findings(report, "untrusted_project") if f.data.get("mission") == "place_order"]
    assert [f.message for f in call] == [
        f"'place_order' is a Python mission of this project (missions.py:{def_line('place_order', MISSIONS)}), "
        f"and the project is not trusted: the call does not run. {how}"
    ]
    assert call[0].severity.value == "info"
    assert span(call[0]) == located(report, "place_order")
    step = [f for f in findings(report, "untrusted_project") if f.data.get("operation") == "reserve_stock"]
    assert [f.message for f in step] == [
        "step 'reserve' uses the Python operation 'reserve_stock' of this project, and the project is not trusted: "
        f"the mission does not run. {how}"
    ]
    own = [f for f in findings(report, "untrusted_project") if f.data.get("mission") == "restock"]
    assert [f.message for f in own] == [
        f"'restock' uses Python operations of this project, and the project is not trusted: the call does not run. {how}"
    ]
    assert span(own[0]) == located(report, "restock", 1)
    assert "unknown_mission" not in [f.code for f in report.findings]
    assert "python_missions_off" not in [f.code for f in report.findings]
    assert one(report, "not_run").data["expectation"] == "ordered"


def test_a_file_without_python_calls_imports_nothing_of_an_untrusted_project(tmp_path):
    projects = PythonProjects(trusted=Asked(False))
    path = project(tmp_path, MISSIONS)
    try:
        report = run(projects, path, PLAIN)
    finally:
        projects.close()
    assert not imported(tmp_path)
    assert report.findings == ()
    assert report.test_run is not None


def test_a_mission_library_imports_nothing_of_an_untrusted_project(tmp_path):
    projects = PythonProjects(trusted=Asked(False))
    project(tmp_path, MISSIONS)
    library = tmp_path / "stock.missions.yaml"
    try:
        report = run(projects, library, """
            missions:
              restock:
                steps:
                  - {id: reserve, kind: runtime, payload: {operation: reserve_stock, sku: pear}}
            """)
    finally:
        projects.close()
    assert not imported(tmp_path)
    assert [f.data["operation"] for f in findings(report, "untrusted_project")] == ["reserve_stock"]


def test_once_trusted_the_next_check_runs_the_project_and_its_verdicts_replace_the_findings(tmp_path):
    asked = Asked(False)
    projects = PythonProjects(trusted=asked)
    path = project(tmp_path, MISSIONS)
    try:
        before = run(projects, path, SUITE)
        asked.answer = True
        after = run(projects, path, SUITE)
        assert projects.for_file(path).workers_started == 1
    finally:
        projects.close()
    assert findings(before, "untrusted_project")
    assert imported(tmp_path)
    assert findings(after, "untrusted_project") == []
    assert [e.code for e in after.expectations] == [None]


def test_a_revoked_project_stops_its_worker_and_runs_nothing_more(tmp_path):
    asked = Asked(True)
    projects = PythonProjects(trusted=asked)
    path = project(tmp_path, MISSIONS)
    try:
        trusted = run(projects, path, SUITE)
        worker = projects.for_file(path)
        asked.answer = False
        untrusted = run(projects, path, SUITE)
        assert worker._worker is None  # the trusted project's worker process was stopped
    finally:
        projects.close()
    assert [e.code for e in trusted.expectations] == [None]
    assert sorted(str(f.data.get("mission") or f.data.get("operation")) for f in findings(untrusted, "untrusted_project")) == [
        "place_order", "reserve_stock", "restock"
    ]


def test_with_python_missions_off_trust_is_never_asked(tmp_path):
    asked = Asked(False)
    projects = PythonProjects(enabled=False, trusted=asked)
    path = project(tmp_path, MISSIONS)
    try:
        report = run(projects, path, SUITE)
    finally:
        projects.close()
    assert asked.roots == []
    assert findings(report, "untrusted_project") == []
    assert len(findings(report, "python_missions_off")) == 3  # two calls and the step


def test_a_project_without_python_missions_is_never_asked_about(tmp_path):
    asked = Asked(False)
    projects = PythonProjects(trusted=asked)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "plain"\n')
    try:
        run(projects, tmp_path / "a.scenario.yaml", PLAIN)
    finally:
        projects.close()
    assert asked.roots == []


def test_the_cli_and_pytest_trust_every_project_by_default(tmp_path):
    projects = PythonProjects()
    path = project(tmp_path, MISSIONS)
    try:
        report = run(projects, path, SUITE)
    finally:
        projects.close()
    assert imported(tmp_path)
    assert [e.code for e in report.expectations] == [None]
