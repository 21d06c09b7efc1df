"""The YAML part of coverage: how many times each step of each YAML mission ran, and in which scenarios.

A traced check (``check(..., trace=True)``) knows what every step of every
call did and where the step is defined (the ``- id:`` item of a mission in
the scenario file or in a mission library). :class:`StepCoverage` adds
those up over the files of a run: every mission the run's files define or
read (and every library named to it, see :meth:`StepCoverage.add_library`),
each step with the number of times it ran (``ok``, ``approved`` and
``failed`` ran; ``not_reached`` did not), each mission with the number of
calls that ran it, and per line the scenarios that ran it. A mission no
scenario calls is there with its steps at 0.

Built-in and Python missions are not YAML: their steps are not counted here
(a Python mission's lines are the Python part's, measured by coverage.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from scenario_core.checking.document import MissionDef
from scenario_core.checking.imports import read_library_text
from scenario_core.checking.report import CheckReport
from scenario_core.python.wire import coverage_context

__all__ = ["MissionLines", "StepCoverage", "StepLine", "scenario_label"]

#: The statuses of a step that ran.
_RAN = frozenset(("ok", "approved", "failed"))


def scenario_label(suite: str | None, scenario: str) -> str:
    """How a scenario is named in per-scenario coverage: ``suite/scenario``, as the worker names its coverage contexts."""
    return coverage_context(suite or "", scenario)


@dataclass
class StepLine:
    """One step of a YAML mission: its ``- id:`` line (1-based), how many times it ran, and in which scenarios."""

    line: int
    id: str
    count: int = 0
    scenarios: set[str] = field(default_factory=set)


@dataclass
class MissionLines:
    """A YAML mission: its name's line (1-based), the calls that ran it, and its steps by line."""

    name: str
    line: int
    calls: int = 0
    steps: dict[int, StepLine] = field(default_factory=dict)

    @property
    def lines(self) -> Iterable[StepLine]:
        return (self.steps[line] for line in sorted(self.steps))


class StepCoverage:
    """The YAML part of a run's coverage, by file (absolute paths) and mission (by its name's line).

    Counts only grow: adding a report, a library or another
    :class:`StepCoverage` (a shard's, a pool process's) sums counts and
    joins scenarios, so the order things are added in does not matter.
    """

    def __init__(self) -> None:
        self.files: dict[str, dict[int, MissionLines]] = {}

    # -- what is defined --------------------------------------------------------------------
    def define(self, path: Path, missions: Iterable[MissionDef]) -> None:
        """Every mission of ``missions`` (defined in the file at ``path``) and its steps, at 0 if not there yet."""
        missions = list(missions)
        if not missions:  # a file without YAML missions has nothing to cover
            return
        known = self.files.setdefault(_key(path), {})
        for mission in missions:
            line = mission.key_range.start.line + 1
            entry = known.setdefault(line, MissionLines(mission.name, line))
            for step in mission.steps:
                step_line = step.range.start.line + 1
                entry.steps.setdefault(step_line, StepLine(step_line, step.id))

    def add_library(self, path: Path, text: str | None = None) -> None:
        """The missions of the library at ``path`` (``text``, else read from disk), at 0 if not there yet.

        An unreadable library adds nothing.
        """
        if text is None:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return
        self.define(path, read_library_text(path, text).document.missions)

    # -- what ran ----------------------------------------------------------------------------
    def add_report(self, report: CheckReport, path: Path) -> None:
        """What the traced check ``report`` of the file at ``path`` ran (see the module doc).

        A check that was not traced adds only the missions it defines.
        """
        self.define(path, report.document.missions)
        if report.imports is not None:
            for library_path, library in report.imports.libraries.items():
                self.define(library_path, library.document.missions)
        suite = report.document.suite_name
        for outcome in report.scenarios:
            label = scenario_label(suite, outcome.name)
            for trace in outcome.traces.values():
                local = report.missions.get(trace.mission)
                if local is None:  # a Python or built-in mission
                    continue
                home = self.files.setdefault(_key(local.definition.path or path), {})
                line = local.definition.key_range.start.line + 1
                mission = home.setdefault(line, MissionLines(local.definition.name, line))
                if trace.error is None or trace.steps:
                    mission.calls += 1
                for step in trace.steps:
                    where = step.defined_at
                    if step.status not in _RAN or where is None:
                        continue
                    step_line = where.range.start.line + 1
                    counted = mission.steps.setdefault(step_line, StepLine(step_line, step.id))
                    counted.count += 1
                    counted.scenarios.add(label)

    def update(self, other: "StepCoverage") -> None:
        """Add ``other``'s counts and scenarios to these."""
        for path, missions in other.files.items():
            known = self.files.setdefault(path, {})
            for line, mission in missions.items():
                mine = known.setdefault(line, MissionLines(mission.name, line))
                mine.calls += mission.calls
                for step_line, step in mission.steps.items():
                    counted = mine.steps.setdefault(step_line, StepLine(step_line, step.id))
                    counted.count += step.count
                    counted.scenarios |= step.scenarios

    # -- reading it -------------------------------------------------------------------------
    def missions(self, path: str) -> list[MissionLines]:
        """The missions of the file ``path`` in the order they are written."""
        known = self.files.get(path, {})
        return [known[line] for line in sorted(known)]

    def paths(self) -> list[str]:
        return sorted(self.files)

    def to_dict(self) -> dict[str, Any]:
        """``{path: {"missions": [{"name", "line", "calls", "steps": [{"id", "line", "count", "scenarios"}]}]}}``, sorted."""
        return {
            path: {
                "missions": [
                    {
                        "name": mission.name,
                        "line": mission.line,
                        "calls": mission.calls,
                        "steps": [
                            {"id": step.id, "line": step.line, "count": step.count, "scenarios": sorted(step.scenarios)}
                            for step in mission.lines
                        ],
                    }
                    for mission in self.missions(path)
                ]
            }
            for path in self.paths()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "StepCoverage":
        """The inverse of :meth:`to_dict` (paths as given)."""
        made = cls()
        for path, entry in data.items():
            known = made.files.setdefault(path, {})
            for mission in entry["missions"]:
                lines = MissionLines(mission["name"], mission["line"], mission["calls"])
                for step in mission["steps"]:
                    lines.steps[step["line"]] = StepLine(step["line"], step["id"], step["count"], set(step["scenarios"]))
                known[lines.line] = lines
        return made


def _key(path: Path) -> str:
    return str(path.resolve())
