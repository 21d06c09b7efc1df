"""The documentation's complete examples run as written, and the README's finding reference is whole.

A fenced block whose info string names a file (```` ```python shop/missions.py ````)
is that file of the example; a ```` ```console ```` block holds a command
(``$ scenario run …``) and its output. The test writes the files into a
fresh folder, runs the command there, and compares the output line by line.
The README lists every finding code of the core, in order, at its anchor.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

DOCUMENTS = [ROOT / "docs" / "python-missions.md", ROOT / "README.md"]
_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def example(markdown: str, heading: str) -> tuple[dict[str, str], list[str], list[str]]:
    """The files, the command and its output of the example under ``heading``."""
    start = markdown.index(heading)
    end = markdown.find("\n## ", start + len(heading))
    section = markdown[start:] if end == -1 else markdown[start:end]
    files: dict[str, str] = {}
    command: list[str] = []
    output: list[str] = []
    for block in _FENCE.finditer(section):
        words = block["info"].split()
        if len(words) == 2:
            files[words[1]] = block["body"]
        elif words == ["console"]:
            first, *rest = block["body"].splitlines()
            command, output = shlex.split(first.removeprefix("$ ")), rest
    return files, command, output


@pytest.mark.parametrize(
    "document, heading",
    [(DOCUMENTS[0], "## A complete example"), (DOCUMENTS[1], "## Python missions")],
    ids=["docs/python-missions.md", "README.md"],
)
def test_the_complete_example_runs_and_prints_what_the_document_shows(tmp_path: Path, document: Path, heading: str):
    files, command, output = example(document.read_text(encoding="utf-8"), heading)
    assert {"pyproject.toml", "shop/missions.py"} <= files.keys(), sorted(files)
    assert command[:2] == ["scenario", "run"], command
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "shop" / "__init__.py").touch()
    env = {**os.environ, "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-m", "scenario_core.cli", *command[1:]], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert run.stdout.splitlines() == output, run.stderr
    assert run.returncode == 0


# -- the README's finding reference ---------------------------------------------------------------

_CODE_ENTRY = re.compile(r'^<a id="code-(?P<anchor>\w+)"></a>\*\*`(?P<code>\w+)`\*\*(?: \((?P<severity>\w+)\))? — ', re.MULTILINE)


def test_the_readme_documents_every_finding_code_in_the_order_of_codes_with_its_anchor_and_severity():
    from scenario_core.source.findings import CODES, Category

    entries = list(_CODE_ENTRY.finditer((ROOT / "README.md").read_text(encoding="utf-8")))
    assert [e["anchor"] for e in entries] == [e["code"] for e in entries]  # the diagnostics' links land on them
    assert [e["code"] for e in entries] == list(CODES)
    for entry in entries:
        code = CODES[entry["code"]]
        shown = entry["severity"] if code.category is not Category.RESULT else code.severity.value  # results are all errors
        assert shown == code.severity.value, entry["code"]
