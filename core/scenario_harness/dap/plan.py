"""What a debug session walks: a scenario file's scenarios, calls, steps and expectations, with their lines.

Read in two stages. :func:`layout` reads the file as a check does, before
the project's Python is known (it runs while the mission worker starts):
enough to say on which lines a breakpoint can stop. :func:`plan` adds the
project's Python missions and operations, as the worker described them:
where each call runs (as :func:`scenario_core.checking.resolve` says, with
the YAML missions that use the project's operations marked as running in
the worker, as a check marks them), and the worker item a check sends for it.

Lines here are 1-based, as DAP clients count by default; the core's
positions are 0-based.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from scenario_core.checking import CheckReport, LocalMission, WorkerBatch, check, resolve, runs_in_worker
from scenario_core.checking.document import CallDef, ExpectationDef, MissionDef, ScenarioDef
from scenario_core.orchestration.engine import OPERATIONS
from scenario_core.python.missions import Catalog
from scenario_core.python.wire import Item, Location
from scenario_core.source.positions import SourceRange

__all__ = ["CallPlan", "ExpectationPlan", "Layout", "Plan", "ScenarioPlan", "Source", "layout", "plan"]


@dataclass(frozen=True)
class Source:
    """A line of a file (1-based)."""

    path: Path
    line: int

    @classmethod
    def at(cls, path: Path, where: SourceRange) -> "Source":
        return cls(path, where.start.line + 1)


@dataclass(frozen=True)
class CallPlan:
    """One mission call of a scenario, and how the debugger runs it."""

    scenario: int
    index: int
    definition: CallDef
    where: str  # file | python | builtin | python_off | unknown (see scenario_core.checking.resolve)
    in_worker: bool
    at: Source  # the call's item
    steps: tuple[Source, ...]  # a YAML mission's steps, where each is written (this file or a mission library)
    item: Item | None  # what the worker runs for it (None: it runs in the adapter, or not at all)
    function: Location | None  # a Python mission's first line of body: where stepping in stops

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass(frozen=True)
class ExpectationPlan:
    number: int  # its place among the file's expectations
    definition: ExpectationDef
    at: Source


@dataclass(frozen=True)
class ScenarioPlan:
    index: int
    definition: ScenarioDef
    at: Source  # the scenario's name
    calls: tuple[CallPlan, ...]
    expectations: tuple[ExpectationPlan, ...]  # evaluated after its calls: those of the last scenario of a name

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass(frozen=True)
class Layout:
    """The file as a check reads it without the project's Python: its structure and the lines of its places."""

    program: Path
    report: CheckReport
    places: Mapping[Path, frozenset[int]]  # by file: the lines where a stop can happen

    @property
    def suite(self) -> str:
        return self.report.document.suite_name or ""


@dataclass(frozen=True)
class Plan:
    """Every scenario of the file in order, each call knowing where it runs."""

    layout: Layout
    catalog: Catalog | None
    missions: Mapping[str, LocalMission]
    scenarios: tuple[ScenarioPlan, ...]  # those the session runs: every one, or those of one name
    loose: tuple[ExpectationPlan, ...]  # expectations of a scenario the file does not have: evaluated at the end
    whole: bool  # every scenario of the file runs

    def scenario(self, index: int) -> ScenarioPlan:
        """The scenario at ``index`` in the file."""
        return next(s for s in self.scenarios if s.index == index)

    @property
    def count(self) -> int:
        """How many scenarios the file has (run or not)."""
        return len(self.layout.report.document.scenarios)

    def kept(self) -> list[ScenarioPlan]:
        """The scenarios that run whose results the suite keeps: the last of each name, in file order."""
        last = {scenario.name: index for index, scenario in enumerate(self.layout.report.document.scenarios)}
        return [s for s in self.scenarios if last[s.name] == s.index]


def layout(program: Path, text: str) -> Layout:
    """Read ``text`` (the file at ``program``) as a check does, with no Python: the plan's first stage."""
    report = check(text, python=None, path=program)
    places: dict[Path, set[int]] = {program: set()}
    document = report.document
    for scenario in document.scenarios:
        places[program].update(Source.at(program, call.range).line for call in scenario.calls)
    places[program].update(Source.at(program, expectation.range).line for expectation in document.expectations)
    for mission in report.missions.values():
        path = mission.definition.path or program
        places.setdefault(path, set()).update(Source.at(path, step.range).line for step in mission.definition.steps)
    return Layout(program, report, {path: frozenset(lines) for path, lines in places.items()})


def plan(layout: Layout, catalog: Catalog | None, bodies: Mapping[str, Mapping[str, Location]], only: str | None = None) -> Plan:
    """The run of every scenario of ``layout`` (or only those named ``only``), with the project's Python as ``catalog`` describes it.

    ``bodies`` are the first body lines of the project's missions and
    operations (``{"missions": {name: Location}, ...}``), where stepping in stops.
    """
    missions = {name: _marked(mission, catalog) for name, mission in layout.report.missions.items()}
    batch = WorkerBatch(None, catalog, layout.suite)
    document = layout.report.document
    program = layout.program
    last_of_name = {scenario.name: index for index, scenario in enumerate(document.scenarios)}
    scenarios = []
    for s_index, scenario in enumerate(document.scenarios):
        if only is not None and scenario.name != only:
            continue
        calls = []
        for c_index, call in enumerate(scenario.calls):
            where = resolve(call.name, missions, catalog)
            in_worker = catalog is not None and catalog.enabled and runs_in_worker(call.name, missions, catalog)
            item = batch.items[batch.add_call(scenario, c_index, missions)] if in_worker else None
            local = missions.get(call.name)
            steps = _step_sources(local.definition, program) if local is not None else ()
            function = bodies.get("missions", {}).get(call.name) if where == "python" else None
            calls.append(CallPlan(s_index, c_index, call, where, in_worker, Source.at(program, call.range), steps, item, function))
        expectations: tuple[ExpectationPlan, ...] = ()
        if last_of_name[scenario.name] == s_index:
            expectations = tuple(
                ExpectationPlan(number, e, Source.at(program, e.range)) for number, e in enumerate(document.expectations) if e.scenario == scenario.name
            )
        scenarios.append(ScenarioPlan(s_index, scenario, Source.at(program, scenario.name_range), tuple(calls), expectations))
    loose = tuple(
        ExpectationPlan(number, e, Source.at(program, e.range))
        for number, e in enumerate(document.expectations)
        if e.scenario not in last_of_name and only is None
    )
    return Plan(layout, catalog, missions, tuple(scenarios), loose, only is None)


def _marked(mission: LocalMission, catalog: Catalog | None) -> LocalMission:
    """``mission`` marked as running in the worker when a step uses one of the project's operations (as a check marks it)."""
    if catalog is None:
        return mission
    for step in mission.definition.steps:
        name = step.payload.get("operation")
        if step.kind == "runtime" and isinstance(name, str) and name in catalog.operations and name not in OPERATIONS:
            return replace(mission, remote=True)
    return mission


def _step_sources(definition: MissionDef, program: Path) -> tuple[Source, ...]:
    path = definition.path or program
    return tuple(Source.at(path, step.range) for step in definition.steps)
