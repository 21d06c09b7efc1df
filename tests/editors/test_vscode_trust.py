"""The VS Code extension in Restricted Mode, then in the same window once the user trusts the folder.

One run of ``tests/editors/vscode_e2e/run-e2e-trust.mjs`` in code-server
(VS Code 1.139 in headless Chromium) with workspace trust on, on a copy of
``examples/checkout/`` whose code leaves a trace when it runs:

- the package ``checkout`` writes ``IMPORTED`` when it is imported;
- the workspace's own ``.vscode/settings.json`` names a server command and a
  mission interpreter, wrappers that write ``WORKSPACE_SERVER`` and
  ``WORKSPACE_PYTHON`` beside them before they run the real ones (the user's
  settings name the real server command).

In Restricted Mode the extension checks the file with the user's server,
every call of a Python mission is an ``untrusted_project`` info finding, and
none of the three files exists. The driver then trusts the folder (Manage
Workspace Trust, Trust): the extension restarts the server with the
workspace's command and the missions run, with no question of the server's
own. Prerequisites as for test_vscode.py.
"""
from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import EXAMPLES
from scenario_core.checking.pipeline import check
from scenario_core.cli import main as scenario_cli
from scenario_core.python.missions import PythonProjects
from test_vscode import TOOLS_DIR, _check_prerequisites, _server_command, _vsix, run_e2e_driver
from test_vscode_python import cli_problems, problems

DRIVER = Path(__file__).resolve().parent / "vscode_e2e" / "run-e2e-trust.mjs"
SCENARIO = "failing.scenario.yaml"
RAN = "raised UnknownDiscount"  # the mission_error of a call that ran

IMPORT_TRACE = """
from pathlib import Path as _Path

_Path(__file__).resolve().parents[1].joinpath("IMPORTED").write_text("the project's code was imported")
"""

SERVER_WRAPPER = f"""\
import runpy
from pathlib import Path

Path(__file__).resolve().parents[1].joinpath("WORKSPACE_SERVER").write_text("the workspace's server command ran")
runpy.run_module("scenario_lsp", run_name="__main__")
"""

PYTHON_WRAPPER = f"""\
#!/bin/sh
echo "the workspace's interpreter ran" > "$(dirname "$0")/../WORKSPACE_PYTHON"
exec {sys.executable} "$@"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """examples/checkout, with traces of its code and of the workspace's settings running."""
    root = tmp_path_factory.mktemp("trust") / "checkout"
    shutil.copytree(EXAMPLES / "checkout", root, ignore=shutil.ignore_patterns("__pycache__"))
    package = root / "checkout" / "__init__.py"
    package.write_text(package.read_text(encoding="utf-8") + IMPORT_TRACE, encoding="utf-8")
    (root / "tools").mkdir()
    (root / "tools" / "serve.py").write_text(SERVER_WRAPPER, encoding="utf-8")
    python = root / "tools" / "python"
    python.write_text(PYTHON_WRAPPER, encoding="utf-8")
    python.chmod(0o755)
    (root / ".vscode").mkdir()
    settings = {
        "scenario.server.command": [sys.executable, str(root / "tools" / "serve.py")],
        "scenario.python": str(python),
    }
    (root / ".vscode" / "settings.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """examples/checkout as it is, for what `scenario run` prints."""
    copy = tmp_path_factory.mktemp("pristine") / "checkout"
    shutil.copytree(EXAMPLES / "checkout", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture(scope="module")
def shown(project) -> dict[str, Any]:
    """What VS Code showed in Restricted Mode and once trusted (one run for the whole module)."""
    _check_prerequisites()
    return run_e2e_driver(
        DRIVER,
        "--vsix", str(_vsix()),
        "--project", str(project),
        "--scenario", SCENARIO,
        "--server-command", json.dumps(_server_command()),
        "--ran", RAN,
        *[arg for marker in markers(project) for arg in ("--marker", marker)],
        "--tools", str(TOOLS_DIR),
    )


def markers(project: Path) -> list[str]:
    """The files that tell what ran: the project's import in the workspace, the wrappers' beside them (where the settings name them)."""
    return ["IMPORTED", str(project / "WORKSPACE_SERVER"), str(project / "WORKSPACE_PYTHON")]


def untrusted_problems(project: Path, workspace: str) -> list[tuple[int, int, str, str, str]]:
    """What the core finds in the file when the project is not trusted, with the project at ``workspace``."""
    path = project / SCENARIO
    projects = PythonProjects(trusted=lambda config: False)
    try:
        report = check(path.read_text(encoding="utf-8"), python=projects.for_file(path), path=path)
    finally:
        projects.close()
    return sorted(
        (f.range.start.line + 1, f.range.start.column + 1, f.severity.value, f.code, f.message.replace(str(project.resolve()), workspace))
        for f in report.findings
    )


def cli_report(project: Path) -> dict[str, Any]:
    out = io.StringIO()
    scenario_cli(["run", "--format", "json", str(project / SCENARIO)], stdout=out)
    return json.loads(out.getvalue())["files"][0]


def test_in_restricted_mode_nothing_of_the_workspace_runs(shown, project):
    assert shown["restricted"]["files"] == {marker: False for marker in markers(project)}


def test_in_restricted_mode_each_python_call_is_an_info_finding_that_says_how_to_trust_the_project(shown, project):
    shown_problems = problems(shown["restricted"]["markers"])
    assert shown_problems == untrusted_problems(project, shown["workspace"])
    untrusted = [p for p in shown_problems if p[3] == "untrusted_project"]
    assert untrusted and all(p[2] == "info" for p in untrusted)
    assert all(f"or run `scenario trust {shown['workspace']}`" in p[4] for p in untrusted)
    assert "mission_error" not in {p[3] for p in shown_problems}


def test_the_server_asks_no_question_of_its_own_in_vs_code(shown):
    for phase in ("restricted", "trusted"):
        assert not [n for n in shown[phase]["notifications"] if "trust the project" in n], phase


def test_once_trusted_the_workspaces_server_command_and_interpreter_run_the_projects_missions(shown, project):
    assert shown["trusted"]["files"] == {marker: True for marker in markers(project)}


def test_once_trusted_the_problems_panel_shows_what_scenario_run_prints(shown, pristine):
    assert problems(shown["trusted"]["markers"]) == cli_problems(cli_report(pristine))
