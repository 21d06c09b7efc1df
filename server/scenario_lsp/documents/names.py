"""The names written in one checked file: every mission, scenario and expectation name, where, and how.

A :class:`NameUse` keeps the YAML node it was read from, so a rename can
write the new name in the style of the old one (plain, single- or
double-quoted). :func:`uses_by_name` indexes a file's uses by kind and name,
which is what a workspace-wide search looks up (see :mod:`.workspace_names`).
A search answers with :class:`WrittenName` (a use's LSP range and style);
the workspace index keeps a file's mission names only that way
(:class:`WrittenMissions`), without the nodes.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Callable, Iterator, Literal, Mapping, NamedTuple

from lsprotocol import types

from scenario_core.checking.document import ImportDef, MissionDef, ScenarioDocument
from scenario_core.checking.report import CheckReport
from scenario_core.python.missions import PythonCallable
from scenario_core.source.positions import LineIndex, Position, SourceRange
from scenario_core.yaml.parse import YNode

__all__ = [
    "LibraryNames",
    "NameKind",
    "NameUse",
    "WrittenMissions",
    "WrittenName",
    "name_at",
    "name_uses",
    "opening",
    "uses_by_name",
]

NameKind = Literal["mission", "scenario", "expectation"]


@dataclass(frozen=True, slots=True)  # a workspace index holds one per name written: hundreds of thousands
class NameUse:
    """A place a mission, scenario or expectation name is written, and whether it defines it."""

    kind: NameKind
    name: str
    node: YNode = field(repr=False, compare=False)
    is_definition: bool = False

    @property
    def range(self) -> SourceRange:
        return self.node.range


def name_uses(report: CheckReport) -> Iterator[NameUse]:
    """Every name the file writes, in document order within each section."""
    document = report.document
    for mission in document.missions:
        yield NameUse("mission", mission.name, mission.key_node, True)
    for scenario in document.scenarios:
        yield NameUse("scenario", scenario.name, scenario.name_node, True)
        for call in scenario.calls:
            yield NameUse("mission", call.name, call.name_node)
    for exp in document.expectations:
        yield NameUse("expectation", exp.id, exp.id_node, True)
        yield NameUse("scenario", exp.scenario, exp.scenario_node)
        yield NameUse("mission", exp.mission, exp.mission_node)


def name_at(report: CheckReport, position: Position) -> NameUse | None:
    """The name written at ``position``, if any."""
    for use in name_uses(report):
        if use.range.contains(position):
            return use
    return None


def uses_by_name(report: CheckReport) -> Mapping[tuple[NameKind, str], tuple[NameUse, ...]]:
    """The file's name uses by ``(kind, name)``, each list in document order."""
    table: dict[tuple[NameKind, str], list[NameUse]] = {}
    for use in name_uses(report):
        table.setdefault((use.kind, use.name), []).append(use)
    return {key: tuple(uses) for key, uses in table.items()}


def opening(lines: LineIndex, use: NameUse) -> str:
    """The first character of ``use`` as written, if it says how the name is written: a quote, or ``|`` or ``>``; else ''."""
    offset = lines.offset_of(use.node.start)
    first = lines.text[offset] if offset < len(lines.text) else ""
    return first if first in _OPENINGS else ""


_OPENINGS = ("\"", "'", "|", ">")


class WrittenName(NamedTuple):
    """A place a name is written, as an answer gives it: its LSP range (in the client's encoding), and how it is written."""

    range: types.Range
    is_definition: bool
    opening: str  # '"' or "'" for a quoted name, '|' or '>' for a block scalar, '' for a plain one


class WrittenMissions:
    """Where a file writes each mission name, kept as numbers: what the workspace index keeps for references and rename.

    Per name, five numbers a use: its LSP range (line, character, end line,
    end character; ``character`` gives a position's character in the
    client's encoding) and a flag word (whether it defines the mission, and
    its opening character).
    """

    __slots__ = ("_uses",)

    def __init__(self, report: CheckReport, character: Callable[[Position], int]) -> None:
        lines = report.lines
        table: dict[str, array[int]] = {}
        for use in name_uses(report):
            if use.kind != "mission":
                continue
            start, end = use.node.start, use.node.end
            first = opening(lines, use)
            flags = int(use.is_definition) | (_OPENINGS.index(first) + 1 if first else 0) << 1
            table.setdefault(use.name, array("q")).extend((start.line, character(start), end.line, character(end), flags))
        self._uses = table

    def get(self, name: str) -> list[WrittenName]:
        numbers = self._uses.get(name)
        if numbers is None:
            return []
        found = []
        for at in range(0, len(numbers), 5):
            line, character, end_line, end_character, flags = numbers[at : at + 5]
            rng = types.Range(start=types.Position(line, character), end=types.Position(end_line, end_character))
            found.append(WrittenName(rng, bool(flags & 1), _OPENINGS[(flags >> 1) - 1] if flags >> 1 else ""))
        return found


class LibraryNames(NamedTuple):
    """What resolving a mission name needs of a library a check read: the missions it defines, its imports as written."""

    missions: frozenset[str]
    imports: tuple[str, ...]

    @classmethod
    def of(cls, document: ScenarioDocument) -> "LibraryNames":
        return cls(frozenset(m.name for m in document.missions), tuple(e.path for e in document.imports))


# -- what a name or an import refers to ------------------------------------------------


def imported_mission(report: CheckReport, name: str) -> MissionDef | None:
    """The definition of the imported mission ``name``, if an import of the check gives one."""
    imports = report.imports
    local = imports.missions.get(name) if imports is not None else None
    return local.definition if local is not None else None


def import_at(report: CheckReport, at: Position) -> ImportDef | None:
    """The import entry at ``at``, if any."""
    for entry in report.document.imports:
        if entry.range.contains(at):
            return entry
    return None


def imported_path(report: CheckReport, entry: ImportDef) -> str | None:
    """The library file an import names, when the check found it."""
    imports = report.imports
    if imports is None:
        return None
    for resolved in imports.entries:
        if resolved.definition is entry and resolved.path is not None and imports.library(resolved.path) is not None:
            return str(resolved.path)
    return None


def python_mission(report: CheckReport, use: NameUse) -> PythonCallable | None:
    """The project's Python mission a mission name refers to (the file's own and imported missions come first)."""
    if use.kind != "mission" or report.catalog is None:
        return None
    if report.document.mission(use.name) is not None or imported_mission(report, use.name) is not None:
        return None
    return report.catalog.missions.get(use.name)
