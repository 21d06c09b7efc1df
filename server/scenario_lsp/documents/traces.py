"""The step traces of a checked document's calls, made when an editor asks and kept with the check.

A check keeps no traces (:mod:`scenario_core.checking.traces`): runs are
deterministic, so the trace of a call is made by running that one call again,
exactly as the check ran it. Here are the calls an editor names (a
scenario's, a mission's in it, one call; the call under the cursor; the
calls that ran a step) and :class:`KeptTraces`, the traces made for each
document's latest check, kept until the next check replaces it, so that a
hover that comes again is answered at once. :meth:`DocumentChecks.traces
<scenario_lsp.documents.checks.DocumentChecks.traces>` makes them: at once
for the calls that run in this process, in the core's turn for those that
run in the project's worker.

A call whose check ran past the project's timeout, or whose worker died, is
not run again for its trace: it would wait as long again and stop the worker
again. Its trace is its error and no steps.
"""
from __future__ import annotations

import asyncio
import weakref
from typing import Iterable, Mapping, Sequence

from scenario_core.checking.document import MissionDef, ScenarioDef, StepDef
from scenario_core.checking.report import CheckReport
from scenario_core.checking.traces import CallTrace, Tracer, call_trace
from scenario_core.python.missions import PythonCallError, PythonMissions
from scenario_core.source.positions import Position

__all__ = [
    "NOT_RUN_AGAIN",
    "Table",
    "Call",
    "CallKey",
    "KeptTraces",
    "call_at",
    "calls_of",
    "calls_of_step",
    "in_worker",
    "key_of",
    "make_traces",
    "ready",
    "scenario_named",
    "step_at",
]

#: A call of a scenario: the scenario as written and the call's 0-based index in it.
Call = tuple[ScenarioDef, int]
#: How the core's :class:`Tracer` keys a call: ``(id(scenario), index)``, unique within one check.
CallKey = tuple[int, int]
#: The codes of a Python call's error that running it again would only repeat, slowly.
NOT_RUN_AGAIN = frozenset(("mission_timeout", "mission_crashed"))
#: The traces kept for one check, by call: each is made, or being made (None: making it failed).
Table = dict[CallKey, "asyncio.Future[CallTrace | None]"]
#: The most traces kept for one document's check; past it the oldest are dropped.
MAX_KEPT = 512


def key_of(call: Call) -> CallKey:
    return (id(call[0]), call[1])


# -- which calls -----------------------------------------------------------------------------


def scenario_named(report: CheckReport, name: str) -> ScenarioDef | None:
    """The scenario ``name`` as it runs: the last of that name (an earlier one is shadowed)."""
    found = [s.definition for s in report.scenarios if s.name == name]
    if not found:
        found = [s for s in report.document.scenarios if s.name == name]
    return found[-1] if found else None


def calls_of(report: CheckReport, scenario: str, mission: str | None = None, call: int | None = None) -> list[Call] | None:
    """The calls of ``scenario`` (None when the file has no such scenario): all, those of ``mission``, or call ``call``.

    With both ``mission`` and ``call``, call ``call`` only if it calls ``mission``
    (so that a target made before an edit names nothing rather than another call).
    """
    definition = scenario_named(report, scenario)
    if definition is None:
        return None
    indexes = range(len(definition.calls)) if call is None else [call] if 0 <= call < len(definition.calls) else []
    return [(definition, i) for i in indexes if mission is None or definition.calls[i].name == mission]


def call_at(report: CheckReport, at: Position) -> Call | None:
    """The call whose mission name is at ``at``, if any."""
    for outcome in report.scenarios:
        for index, call in enumerate(outcome.definition.calls):
            if call.name_range.contains(at):
                return outcome.definition, index
    return None


def step_at(report: CheckReport, at: Position) -> tuple[MissionDef, StepDef] | None:
    """The step of one of the file's own missions whose ``- id:`` item holds ``at``, if any."""
    for mission in report.document.missions:
        if not mission.range.contains(at):
            continue
        for step in mission.steps:
            if step.range.contains(at):
                return mission, step
    return None


def calls_of_step(report: CheckReport, mission: MissionDef) -> list[Call]:
    """Every call of the file that runs ``mission`` (one of the file's own), in document order; shadowed scenarios left out."""
    local = report.missions.get(mission.name)
    if local is None or local.definition is not mission:
        return []
    return [
        (outcome.definition, index)
        for outcome in report.scenarios
        if not outcome.shadowed
        for index, call in enumerate(outcome.definition.calls)
        if call.name == mission.name
    ]


def in_worker(report: CheckReport, call: Call) -> bool:
    """True when ``call`` runs in the project's worker: a Python mission, or a mission of YAML with a Python operation (Python missions on)."""
    catalog = report.catalog
    if catalog is None or not catalog.enabled:
        return False
    name = call[0].calls[call[1]].name
    local = report.missions.get(name)
    return local.remote if local is not None else name in catalog.missions


# -- making and keeping them -----------------------------------------------------------------


def make_traces(report: CheckReport, python: PythonMissions | None, calls: Sequence[Call], keep_states: bool) -> dict[CallKey, CallTrace]:
    """The traces of ``calls`` of ``report``'s check (the project's worker in one round trip, for the calls that run there).

    Runs on a check thread, in the core's turn. The traces the check made
    itself (a failed expectation's call) are used as they are, unless states
    are wanted.
    """
    errors = {id(o.definition): o.errors for o in report.scenarios}
    found: dict[CallKey, CallTrace] = {}
    again: list[Call] = []
    for scenario, index in calls:
        error = errors.get(id(scenario), {}).get(index)
        if isinstance(error, PythonCallError) and error.code in NOT_RUN_AGAIN:
            found[(id(scenario), index)] = call_trace(scenario, index, None, error.message, (), report.missions, report.catalog)
        else:
            again.append((scenario, index))
    if again:
        known = {(id(e.trace.scenario), e.trace.index): e.trace for e in report.expectations if e.trace is not None}
        tracer = Tracer(report.document, report.missions, report.catalog, python, known)
        found.update(tracer.traces(again, keep_states=keep_states))
    return {key_of(call): found[key_of(call)] for call in calls}


class KeptTraces:
    """The traces made for each document's latest check, by call; those still being made are futures.

    What is kept for a document is dropped when a trace is asked of another
    check of it (the report is only weakly held) or when it closes.
    """

    def __init__(self) -> None:
        self._by_uri: dict[str, tuple[weakref.ref[CheckReport], Table]] = {}

    def of(self, uri: str, report: CheckReport) -> Table:
        """The traces kept for ``report``, the check of ``uri`` (a new, empty table for another check)."""
        kept = self._by_uri.get(uri)
        if kept is None or kept[0]() is not report:
            kept = self._by_uri[uri] = (weakref.ref(report), {})
        return kept[1]

    def forget(self, uri: str) -> None:
        self._by_uri.pop(uri, None)

    @staticmethod
    def make_room(table: Table, wanted: int) -> None:
        """Drop the oldest finished traces so that ``wanted`` more fit within :data:`MAX_KEPT`."""
        for key in [k for k, f in table.items() if f.done()][: max(0, len(table) + wanted - MAX_KEPT)]:
            del table[key]


def ready(table: Mapping[CallKey, "asyncio.Future[CallTrace | None]"], keys: Iterable[CallKey]) -> dict[CallKey, CallTrace]:
    """The traces among ``keys`` made by now (one whose making failed is left out)."""
    found: dict[CallKey, CallTrace] = {}
    for key in keys:
        future = table.get(key)
        trace = future.result() if future is not None and future.done() and not future.cancelled() else None
        if trace is not None:
            found[key] = trace
    return found
