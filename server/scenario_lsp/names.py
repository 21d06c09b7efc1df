"""The names written in one checked file: every mission, scenario and expectation name, where, and how.

A :class:`NameUse` keeps the YAML node it was read from, so a rename can
write the new name in the style of the old one (plain, single- or
double-quoted). :func:`uses_by_name` indexes a file's uses by kind and name,
which is what a workspace-wide search looks up (see :mod:`workspace_names`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Literal, Mapping

from scenario_core.report import CheckReport
from scenario_core.source import Position, SourceRange
from scenario_core.yamlsource import YNode

__all__ = ["NameKind", "NameUse", "name_at", "name_uses", "uses_by_name"]

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
