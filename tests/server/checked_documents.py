"""Checked documents for in-process feature tests: the core's ``check()``, as a handler would hand it on.

The feature modules take a :class:`CheckedDocument` and return LSP types, so
their tests need no server and no transport: check a text, call the feature.
Protocol behaviour (what travels over stdio, when, and to which client) is
tested with pytest-lsp in ``tests/server/test_*.py``.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

from lsp_session import EXAMPLES, position
from lsprotocol import types

from scenario_core.checking.pipeline import check
from scenario_core.source.positions import Encoding
from scenario_lsp.documents.checks import CheckedDocument
from scenario_lsp.protocol.convert import PositionConverter
from scenario_lsp.documents.workspace_names import WorkspaceNames, uri_of

URI = "file:///workspace/suite.scenario.yaml"
ENCODINGS: tuple[Encoding, ...] = ("utf-8", "utf-16", "utf-32")

PASSING = (EXAMPLES / "passing.scenario.yaml").read_text()
OWN_MISSIONS = (EXAMPLES / "own_missions.scenario.yaml").read_text()
FAILING = (EXAMPLES / "failing.scenario.yaml").read_text()

# Names, paths and values after 😀 on their line: 1 code point, 2 UTF-16 units, 4 UTF-8 bytes.
WIDE = """suite: wide
scenarios:
  - {name: "😀", initial_state: {"😀": {count: 1}}, missions: [daily_lop, echo]}
  - {name: plain, missions: [echo]}
expectations:
  - {scenario: "😀", mission: echo, path: success, op: eq, expected: false, id: echo_fails}
"""


def checked(text: str, encoding: Encoding = "utf-16", uri: str = URI, version: int | None = 1) -> CheckedDocument:
    """``text`` checked by the core, with positions in ``encoding``, as the server holds it for ``uri``."""
    report = check(text)
    return CheckedDocument(uri, version, report, PositionConverter(report.lines, encoding))


def checked_file(path: Path, encoding: Encoding = "utf-16", text: str | None = None) -> CheckedDocument:
    """The scenario file at ``path`` (or ``text`` as its content) checked with the files around it, as the server holds it."""
    text = path.read_text(encoding="utf-8") if text is None else text
    report = check(text, path=path)
    return CheckedDocument(path.as_uri(), 1, report, PositionConverter(report.lines, encoding))
class Project:
    """Files on disk under a folder with a pyproject.toml, checked with their paths (so imports are read)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "pyproject.toml").write_text('[project]\nname = "p"\nversion = "0"\n')

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        return path

    def text(self, name: str) -> str:
        return (self.root / name).read_text()

    def uri(self, name: str) -> str:
        return uri_of(self.root / name)

    def checked(self, name: str, encoding: Encoding = "utf-16", version: int | None = 1) -> CheckedDocument:
        """The file ``name`` checked by the core, as the server holds it."""
        path = self.root / name
        report = check(path.read_text(), path=path)
        return CheckedDocument(uri_of(path), version, report, PositionConverter(report.lines, encoding))

    def names(self, *files: str, encoding: Encoding = "utf-16") -> WorkspaceNames:
        """The workspace of ``files`` (every file written when none are named), as references and rename see it."""
        names = files or tuple(sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.y*ml")))
        documents = {self.uri(n): self.checked(n, encoding) for n in names}
        return WorkspaceNames(documents)


def span_of(text: str, needle: str, encoding: Encoding = "utf-16", after: str = "") -> tuple[int, int, int, int]:
    """(line, start, line, end) of ``needle`` on its line, in ``encoding`` units."""
    start = position(text, needle, 0, encoding, after)
    end = position(text, needle, len(needle), encoding, after)
    return (start.line, start.character, end.line, end.character)


def point(position: types.Position) -> types.Range:
    """The empty range at ``position`` (a cursor, as code actions are asked for)."""
    return types.Range(start=position, end=position)
