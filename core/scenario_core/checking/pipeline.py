"""``check``: a scenario file's text in, its verdict out.

This is the editor-agnostic API the CLI and the language server share: text
(or a file's bytes) in, a :class:`~scenario_core.checking.report.CheckReport` out,
with every finding at its source range and the results with their hashes.
Nothing here raises on bad input.

The pipeline: parse (:mod:`scenario_core.yaml`), read the structure
(:mod:`.document`), read the mission libraries it imports
(:mod:`.libraries`; a library itself is checked there), check the file's
missions, run each scenario, mark
shadowed ones, evaluate the expectations, aggregate the hashes. What each
finding says is worded in :mod:`._wording`. With a
:class:`~scenario_core.checking.cache.ScenarioCache`, a re-check reuses whatever
an edit did not touch.
"""
from __future__ import annotations

import gc
import logging
from contextlib import nullcontext
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

from scenario_core.orchestration.engine import AntiFailureViolation, EnvelopeViolation, ExecutionContext, OrchestrationResult, observing
from scenario_core.orchestration.expectations import ExpectationResult, MissionExpectation, evaluate_expectation, expectations_result
from scenario_core.orchestration.harness import MissionCall, ScenarioDefinition, run_mission_calls, scenario_result
from scenario_core.orchestration.hashing import canonical_json, hash_text
from scenario_core.orchestration.registry import MISSION_REGISTRY, Mission, closest_name
from scenario_core.orchestration.suite import ScenarioSuiteResult, suite_result
from scenario_core.orchestration.test_run import test_run_result
from scenario_core.orchestration.trace import StepRecorder
from scenario_core.project.discovery import is_library_file
from scenario_core.project.files import DISK, Files
from scenario_core.python.missions import Catalog, PythonCallError, PythonMissions
from scenario_core.source.findings import Finding, sort_findings
from scenario_core.source.positions import DOCUMENT_START, LineIndex, SourceRange
from scenario_core.yaml.incremental import trim_read_items
from scenario_core.yaml.parse import parse_yaml

from . import _wording as wording
from ._calls import LocalMission, Replay, Tracing, WorkerBatch, lost_error, resolve, runs_in_worker, unchecked_error
from ._memo import IdentityMemo
from ._missions import check_missions, report_validations
from .cache import CachedRun, ScenarioCache
from .document import (
    CallDef,
    ExpectationDef,
    ScenarioDef,
    ScenarioDocument,
    read_document,
    read_while_parsing,
)
from .libraries import check_library, import_missions
from .outcomes import ExpectationOutcome, ScenarioOutcome
from .report import CheckReport
from .selection import SelectScenario, select_scenarios
from .snapshots import compare_snapshots
from .traces import CallTrace, Tracer, built_lines, call_trace, why_related, workflow_of

__all__ = ["Tracing", "check", "check_bytes", "decode_source", "internal_error"]

logger = logging.getLogger(__name__)


def decode_source(data: bytes) -> tuple[str, Finding | None]:
    """Decode a file's bytes as UTF-8 (a BOM is allowed).

    Invalid UTF-8 gives the text decoded with replacement characters and an
    ``encoding`` finding at the first bad byte.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        good = data[: err.start].decode("utf-8-sig", errors="replace")
        position = LineIndex(good).position_of_offset(len(good))
        rng = SourceRange.of(position.line, position.column, position.line, position.column + 1)
        message = f"the file is not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); save it as UTF-8"
        return data.decode("utf-8-sig", errors="replace"), Finding("encoding", message, rng, data={"offset": err.start})


def check_bytes(
    data: bytes,
    *,
    cache: ScenarioCache | None = None,
    python: PythonMissions | None = None,
    path: Path | None = None,
    files: Files = DISK,
    trace: Tracing = False,
    select: SelectScenario | None = None,
    rerun_transient: bool = False,
) -> CheckReport:
    """:func:`check` for a file's raw bytes (decoding problems become findings)."""
    text, problem = decode_source(data)
    if problem is not None:
        return CheckReport(read_document(None, LineIndex(text), [problem]), (problem,))
    return check(text, cache=cache, python=python, path=path, files=files, trace=trace, select=select, rerun_transient=rerun_transient)


def check(
    text: str,
    *,
    cache: ScenarioCache | None = None,
    python: PythonMissions | None = None,
    path: Path | None = None,
    files: Files = DISK,
    trace: Tracing = False,
    select: SelectScenario | None = None,
    rerun_transient: bool = False,
) -> CheckReport:
    """Check a scenario file: parse, validate, run, evaluate. Never raises on input.

    ``python`` is the file's project's Python missions (see
    :class:`~scenario_core.python.missions.PythonProjects`), None for a
    file whose project has none: then no worker is ever started. ``path`` is
    where the file is (None for text that is not a file yet); the files
    around it are read through ``files`` (see :mod:`scenario_core.project.files`).
    With ``trace`` every call records what each of its steps did (each
    scenario outcome's ``traces``; ``"states"``: with the state before and
    after each step; ``"yaml"``: only the calls of the file's own and
    imported YAML missions, what coverage counts); a traced check runs every
    scenario, so ``cache`` must be None then.
    ``select`` runs only the scenarios it chooses (see :mod:`.selection`
    for what leaving one out means); None runs them all.

    A ``cache`` reuses what an earlier check ran, except a call that did not
    run because another call of its batch took the timeout; with
    ``rerun_transient`` (what "Run scenario" and a save ask for, typing does
    not) it does not reuse a call that timed out or whose worker died either,
    since what made it so may be gone: such scenarios run again, after the
    others.

    The cyclic garbage collector is paused while a check runs: a check makes
    hundreds of thousands of small objects and no reference cycles, so the
    collector would only walk them again and again. With a ``cache`` (a
    long-lived caller such as the language server, which keeps reports and
    trees for the next edit) the objects alive at the end are also moved to
    the collector's permanent generation (``gc.freeze``): reference counting
    still frees them when they are dropped, and no later collection rescans
    them, which would otherwise stall whoever allocates next for about as
    long as the check took. A frozen object that later becomes part of
    an unreachable reference cycle is never freed, so what a check keeps holds
    no cycles (a test checks it), and a check that failed is not frozen: its
    traceback and frames are such cycles.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        if trace and cache is not None:
            raise ValueError("a traced check runs every scenario: it takes no cache")
        report = _check(text, cache, python, path, files, trace, select, rerun_transient)
        if cache is not None:
            cache.finish()
            gc.freeze()
        return report
    except Exception as error:  # every check passes here: a bug of ours never crashes a caller
        logger.exception("internal error while checking a document")
        if cache is not None:
            cache.clear()  # it may hold what the failed check had half built
        return internal_error(text, error)
    finally:
        if collecting:
            gc.enable()


def internal_error(text: str, error: BaseException) -> CheckReport:
    """The report of a check that failed: one ``internal_error`` finding at the top of the file.

    It replaces whatever verdict the file had, so an editor never keeps
    showing a stale one; the traceback goes to the log (the server's log, the
    CLI's standard error).
    """
    finding = Finding(
        "internal_error",
        f"Scenario Harness failed to check this file ({type(error).__name__}: {error}); "
        "this is a bug: please report it with the file and the traceback from the log",
        DOCUMENT_START,
        data={"exception": type(error).__name__, "message": str(error)},
    )
    return CheckReport(ScenarioDocument(LineIndex(text), None), (finding,))


def _check(
    text: str,
    cache: ScenarioCache | None,
    python: PythonMissions | None,
    path: Path | None,
    files: Files,
    trace: Tracing,
    select: SelectScenario | None,
    rerun_transient: bool = False,
) -> CheckReport:
    if path is not None and is_library_file(path):
        return check_library(text, cache, python, path, files)
    lines = LineIndex(text)
    memo = cache.items if cache is not None else None
    # Scenarios and expectations are read as they are parsed, into the memo, and read_document takes them from there.
    early = memo if memo is not None else IdentityMemo()
    on_item = read_while_parsing(early)
    parsed = cache.start(text, lines, on_item) if cache is not None else parse_yaml(text, lines, on_item)
    findings = list(parsed.findings)
    document = read_document(parsed.root, lines, findings, early)
    # What was read of each scenario and expectation is in the document now
    # (and in the memo): its other nodes go before running makes results
    # (those of an item re-parsed after an edit, or that defines an anchor).
    trim_read_items(parsed)
    deselected: tuple[str, ...] = ()
    if select is not None:
        document, deselected = select_scenarios(document, select)
    if parsed.root is None:
        return CheckReport(document, sort_findings(findings))
    catalog = python.catalog() if python is not None else None
    if catalog is not None:
        findings.extend(wording.source_problem(p, document.suite_range) for p in catalog.problems)
    batch = WorkerBatch(python, catalog, document.suite_name or "", trace=trace, keep_states=trace == "states")
    imports = import_missions(path, document.imports, files, cache, catalog, findings)
    # The file's own missions come first: an imported one of the same name is never called.
    missions = {**imports.missions, **check_missions(document.missions, findings, catalog, batch)}
    misses_before = cache.misses if cache is not None else 0
    # A scenario's run depends on its definition, the file's missions and, with Python missions,
    # on the project's code, the suite (ctx.random() is seeded from it) and the scenario's clock.
    signature: Any = tuple((name, m.canonical, m.violation) for name, m in missions.items())
    if catalog is not None:
        signature = (signature, catalog.fingerprint, catalog.enabled, catalog.reason, document.suite_name)
    keys = _plan_worker_calls(document, missions, catalog, batch, cache, memo, signature, rerun_transient)
    batch.run()
    reusable = partial(_reusable, rerun_transient=rerun_transient)
    runs: list[_Run] = [
        _reuse(
            memo, "run", s, findings, partial(_run_scenario, s, missions, catalog, batch, keys, findings, cache, trace, rerun_transient), signature, reusable
        )
        for s in document.scenarios
    ]
    if cache is not None:
        for ran in runs:
            if ran.key is not None:
                cache.keep(ran.key, ran.cached)
    report_validations(batch, findings)
    if catalog is not None:
        findings.extend(wording.unchecked_calls(document.scenarios, missions, catalog))
    outcomes = _mark_shadowed([ran.outcome for ran in runs], findings)
    memo_files = cache.snapshot_files if cache is not None else None
    snapshots = compare_snapshots(document, outcomes, path, files, findings, memo_files, left_out=deselected)
    kept = {o.name: o for o in outcomes if not o.shadowed}
    suite = suite_result(document.suite_name or "", {name: o.result for name, o in kept.items()})
    recorded = {(id(o.definition), index): t for o in outcomes for index, t in o.traces.items()}
    tracer = Tracer(document, missions, catalog, python, recorded)
    verdicts = _evaluate(document, kept, suite, findings, memo, tracer)
    run = test_run_result(suite, expectations_result({v.definition.id: v.result for v in verdicts}))
    # Every scenario that was not run again reused an earlier result.
    hits = len(document.scenarios) - (cache.misses - misses_before) if cache is not None else 0
    return CheckReport(
        document,
        sort_findings(findings),
        tuple(outcomes),
        tuple(verdicts),
        run,
        hits,
        catalog,
        snapshots=snapshots,
        imports=imports,
        missions=missions,
        traced=trace is True or trace == "states",
        deselected=deselected,
    )


def _reuse(
    memo: IdentityMemo | None,
    kind: str,
    key: Any,
    findings: list[Finding],
    derive: Callable[[], Any],
    signature: Any,
    reusable: Callable[[Any], bool] | None = None,
) -> Any:
    return derive() if memo is None else memo.derive(kind, key, findings, derive, signature, reusable)


def _reusable(run: "_Run", rerun_transient: bool) -> bool:
    return run.cached.reusable(rerun_transient)


# -- scenarios ----------------------------------------------------------------


def _key(scenario: ScenarioDef, missions: Mapping[str, LocalMission], catalog: Catalog | None, suite: str | None) -> str:
    """The hash of the canonical JSON of everything ``scenario``'s results depend on (its cache key)."""
    calls = [[c.name, c.params, missions[c.name].canonical if c.name in missions else None] for c in scenario.calls]
    key: dict[str, Any] = {"name": scenario.name, "initial_state": scenario.initial_state, "calls": calls}
    if catalog is not None and any(resolve(c.name, missions, catalog) not in ("builtin", "unknown") for c in scenario.calls):
        key.update(python=catalog.fingerprint, enabled=catalog.enabled, suite=suite, clock=scenario.clock)
        if catalog.reason:  # the calls do not run, and say why: a result kept while off is not one while untrusted
            key.update(not_run=catalog.reason)
    return hash_text(canonical_json(key))


def _plan_worker_calls(
    document: ScenarioDocument,
    missions: Mapping[str, LocalMission],
    catalog: Catalog | None,
    batch: WorkerBatch,
    cache: ScenarioCache | None,
    memo: IdentityMemo | None,
    signature: Any,
    rerun_transient: bool = False,
) -> dict[int, str]:
    """Queue the worker calls of every scenario no memo or cache answers; their cache keys, by id(scenario).

    Scenarios that run again because they timed out (or their worker died)
    last time go last: if one hangs again, the batch's one timeout comes
    after every other call has run.
    """
    keys: dict[int, str] = {}
    if catalog is None or not catalog.enabled:
        return keys
    again: list[ScenarioDef] = []
    reusable = partial(_reusable, rerun_transient=rerun_transient)
    for scenario in document.scenarios:
        if not any(runs_in_worker(c.name, missions, catalog) for c in scenario.calls):
            continue
        if memo is not None and memo.holds("run", scenario, signature, reusable):
            continue
        key = keys[id(scenario)] = _key(scenario, missions, catalog, document.suite_name)
        if cache is not None and cache.peek(key, rerun_transient):
            continue
        if (memo is not None and memo.holds("run", scenario, signature)) or (cache is not None and cache.peek(key)):
            again.append(scenario)  # it ran before, and timed out or its worker died
        else:
            batch.add_scenario(scenario, missions)
    for scenario in again:
        batch.add_scenario(scenario, missions)
    return keys


_NO_ERRORS: Mapping[int, Exception] = MappingProxyType({})  # shared by the outcomes of scenarios whose calls all ran


class _Run(NamedTuple):
    """A scenario's outcome, and (with a cache) the cached run it came from and its key."""

    outcome: ScenarioOutcome
    key: str | None
    cached: CachedRun


def _run_scenario(
    scenario: ScenarioDef,
    missions: dict[str, LocalMission],
    catalog: Catalog | None,
    batch: WorkerBatch,
    keys: Mapping[int, str],
    findings: list[Finding],
    cache: ScenarioCache | None,
    trace: Tracing,
    rerun_transient: bool = False,
) -> _Run:
    seen_calls: dict[str, CallDef] = {}
    for call in scenario.calls:
        where = resolve(call.name, missions, catalog)
        if where == "unknown":
            known = [*missions, *MISSION_REGISTRY, *(catalog.missions if catalog is not None else ())]
            findings.append(wording.unknown_mission(call, known))
        elif call.params and where == "file":
            findings.append(wording.params_to_file_mission(call, missions[call.name].definition))
        elif where == "python" and call.name in MISSION_REGISTRY and catalog is not None:
            findings.append(wording.shadows_builtin(call, catalog.missions[call.name]))
        if call.name in missions and missions[call.name].definition.path is not None:
            # A library's mission hides a Python or built-in one the file's reader may expect; the file's own
            # missions are right there in the file, and hide silently.
            python = catalog.missions.get(call.name) if catalog is not None else None
            if python is not None or call.name in MISSION_REGISTRY:
                findings.append(wording.library_shadows(call, missions[call.name].definition, python))
        if call.name in seen_calls:
            findings.append(wording.duplicate_call(scenario, call, seen_calls[call.name]))
        seen_calls[call.name] = call
    calls = scenario.calls

    key = keys.get(id(scenario))
    entry = None
    if cache is not None:
        key = key or _key(scenario, missions, catalog, batch.suite)
        entry = cache.get(key, rerun_transient)
    if entry is None:
        entry = _run_calls(scenario, missions, catalog, batch, trace)
        if cache is not None and key is not None:
            cache.put(key, entry)
    result, errors, printed, traces = entry
    failed_calls = []
    for index, error in errors:
        failed_calls.append(index)
        call = calls[index]
        local = missions.get(call.name)
        if isinstance(error, (AntiFailureViolation, EnvelopeViolation)):
            code = "anti_failure" if isinstance(error, AntiFailureViolation) else "envelope"
            # A file's own mission says what its definition says; a Python mission's workflow, what the engine says.
            violation = local.violation if local is not None else None
            reason = violation.message if violation is not None else str(error)
            findings.append(wording.call_violation(call, code, reason, local.definition if local is not None else None))
        elif isinstance(error, PythonCallError) and error.code != "unsupported_hint":
            findings.extend(wording.python_call_failed(call, error, catalog, batch.cause_of(error)))
        # UnknownMissionError was reported above, at the call.
    kept_results = result.mission_results
    for call in calls:
        mission_result = kept_results.get(call.name)
        if mission_result is not None and not mission_result.success and seen_calls.get(call.name) is call:
            local = missions.get(call.name)
            findings.append(wording.step_failed(call, mission_result, local.definition if local is not None else None))
    outcome = ScenarioOutcome(scenario, result, False, tuple(failed_calls), dict(errors) if errors else _NO_ERRORS, printed, traces)
    return _Run(outcome, key, entry)


def _run_calls(
    scenario: ScenarioDef, missions: Mapping[str, LocalMission], catalog: Catalog | None, batch: WorkerBatch, trace: Tracing
) -> CachedRun:
    """Run every call of ``scenario``: here, or answered from the worker's batch; with ``trace``, recording each call's steps."""
    runs: dict[str, Mission] = {name: m.run for name, m in missions.items()}
    replay = None
    if catalog is not None:
        for call in scenario.calls:
            where = resolve(call.name, missions, catalog)
            if runs_in_worker(call.name, missions, catalog):
                replay = replay or batch.replay(scenario, missions)
                runs[call.name] = replay.mission(call.name)
            elif where == "python_off":
                runs[call.name] = _not_trusted if catalog.reason == "untrusted" else _python_off
            elif where == "lost":
                runs[call.name] = partial(_not_run, _lost(call.name, missions, catalog))
            elif where == "python" and (unchecked := unchecked_error(catalog.missions[call.name])) is not None:
                runs[call.name] = partial(_not_run, unchecked)  # reported once for the file: see wording.unchecked_calls
    definition = ScenarioDefinition(scenario.name, scenario.initial_state, tuple(MissionCall(c.name, c.params) for c in scenario.calls))
    if trace:
        return _traced_run(scenario, definition, runs, replay, missions, catalog, trace)
    results, errors = run_mission_calls(definition, missions=runs)
    result = scenario_result(scenario.name, results)
    if replay is not None and replay.printed:
        return CachedRun(result, tuple(errors), replay.printed)
    return CachedRun(result, tuple(errors))  # nothing printed: the shared empty default


def _traced_run(
    scenario: ScenarioDef,
    definition: ScenarioDefinition,
    runs: Mapping[str, Mission],
    replay: Replay | None,
    missions: Mapping[str, LocalMission],
    catalog: Catalog | None,
    trace: Tracing,
) -> CachedRun:
    """:func:`_run_calls` recording each call's steps (with ``trace="yaml"``, each YAML mission call's): here with a recorder, in the worker by the worker."""
    traced = [trace != "yaml" or c.name in missions for c in scenario.calls]
    recorders: dict[int, StepRecorder] = {}

    def around(index: int) -> Any:
        return observing(recorders.setdefault(index, StepRecorder(trace == "states"))) if traced[index] else nullcontext()

    results, errors = run_mission_calls(definition, missions=runs, around=around)
    result = scenario_result(scenario.name, results)
    failed = {index: str(error) for index, error in errors}
    traces: dict[int, CallTrace] = {}
    for index, call in enumerate(scenario.calls):
        if not traced[index]:
            continue
        # The scenario keeps the result of a mission's last call; an earlier call of it says how it went by its steps.
        last = max(i for i, c in enumerate(scenario.calls) if c.name == call.name)
        kept = result.mission_results.get(call.name) if index not in failed and index == last else None
        worker = replay.traces.get(index) if replay is not None else None
        if worker is not None:
            workflows = [workflow_of(info) for info in worker]
            built = built_lines(worker)
        else:
            workflows, built = (recorders[index].traces if index in recorders else []), {}
        traces[index] = call_trace(scenario, index, kept, failed.get(index), workflows, missions, catalog, built)
    return CachedRun(result, tuple(errors), replay.printed if replay is not None else {}, traces)


def _python_off(ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
    raise PythonCallError("python_missions_off", "Python missions are off")


def _not_trusted(ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
    raise PythonCallError("untrusted_project", "the project is not trusted")


def _lost(name: str, missions: Mapping[str, LocalMission], catalog: Catalog) -> PythonCallError:
    """Why a call of ``name`` (which resolves to ``lost``) does not run."""
    local = missions.get(name)
    if local is not None and local.lost is not None:
        return local.lost
    found = catalog.lost_mission(name)
    assert found is not None
    return lost_error("mission", name, *found)


def _not_run(error: PythonCallError, ctx: ExecutionContext, params: Mapping[str, Any] | None) -> OrchestrationResult:
    raise error


def _mark_shadowed(outcomes: list[ScenarioOutcome], findings: list[Finding]) -> list[ScenarioOutcome]:
    last: dict[str, int] = {o.name: i for i, o in enumerate(outcomes)}
    marked = []
    for i, outcome in enumerate(outcomes):
        if last[outcome.name] != i:
            findings.append(wording.duplicate_scenario(outcome.definition, outcomes[last[outcome.name]].definition))
            outcome = replace(outcome, shadowed=True)
        marked.append(outcome)
    return marked


# -- expectations -------------------------------------------------------------


def _evaluate(
    document: ScenarioDocument,
    kept: Mapping[str, ScenarioOutcome],
    suite: ScenarioSuiteResult,
    findings: list[Finding],
    memo: IdentityMemo | None,
    tracer: Tracer,
) -> list[ExpectationOutcome]:
    verdicts: list[ExpectationOutcome] = []
    first_ids: dict[str, ExpectationDef] = {}
    fresh: list[tuple[ExpectationDef, Any]] = []
    for exp in document.expectations:
        if exp.id in first_ids:
            continue
        first_ids[exp.id] = exp
        outcome = kept.get(exp.scenario)
        # The verdict depends on the scenario's outcome (the very object), or,
        # for a scenario that does not exist, on the names that do.
        signature = id(outcome) if outcome is not None else tuple(kept)
        if memo is None or not memo.holds("verdict", exp, signature):
            fresh.append((exp, signature))
    # Why a value is what it is: the calls whose failed expectations name the step that wrote it, traced at once.
    traces = tracer.traces(_calls_to_explain([exp for exp, _ in fresh], kept, suite))
    first_ids = {}
    for exp in document.expectations:
        if exp.id in first_ids:
            findings.append(wording.duplicate_expectation(exp, first_ids[exp.id]))
            continue
        first_ids[exp.id] = exp
        outcome = kept.get(exp.scenario)
        signature = id(outcome) if outcome is not None else tuple(kept)
        derive = partial(_verdict, exp, kept, suite, findings, traces, document.lines)
        verdicts.append(_reuse(memo, "verdict", exp, findings, derive, signature))
    return verdicts


#: Failures whose actual value a step wrote: the finding names that step.
_EXPLAINED = frozenset(("eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch", "type_error"))


def _calls_to_explain(
    expectations: list[ExpectationDef], kept: Mapping[str, ScenarioOutcome], suite: ScenarioSuiteResult
) -> list[tuple[ScenarioDef, int]]:
    """The calls whose results ``expectations`` that fail check (the last call of the mission in the scenario)."""
    calls: dict[tuple[int, int], tuple[ScenarioDef, int]] = {}
    for exp in expectations:
        outcome = kept.get(exp.scenario)
        if outcome is None or _expectation(suite, exp).passed:
            continue
        index = _kept_call(outcome, exp.mission)
        if index is not None:
            calls.setdefault((id(outcome.definition), index), (outcome.definition, index))
    return list(calls.values())


def _kept_call(outcome: ScenarioOutcome, mission: str) -> int | None:
    """The index of the call whose result the scenario keeps for ``mission`` (the last one), if it gave one."""
    if mission not in outcome.result.mission_results:
        return None
    return max((i for i, call in enumerate(outcome.definition.calls) if call.name == mission), default=None)


def _expectation(suite: ScenarioSuiteResult, exp: ExpectationDef) -> ExpectationResult:
    return evaluate_expectation(suite, MissionExpectation(exp.id, exp.scenario, exp.mission, exp.path, exp.op, exp.expected))


def _verdict(
    exp: ExpectationDef,
    kept: Mapping[str, ScenarioOutcome],
    suite: ScenarioSuiteResult,
    findings: list[Finding],
    traces: Mapping[tuple[int, int], CallTrace],
    lines: LineIndex,
) -> ExpectationOutcome:
    result = _expectation(suite, exp)
    code = None if result.passed else result.details.get("reason")
    outcome = kept.get(exp.scenario)
    if code == "mission_missing":
        failed = [outcome.definition.calls[i].name for i in outcome.failed_calls] if outcome is not None else []
        # A call that did not run (an unknown name among them: a typo of this very mission) is the cause, reported at the call.
        if exp.mission in failed or closest_name(exp.mission, failed) is not None:
            code = "not_run"
    if code is None:
        return ExpectationOutcome(exp, result, None)
    finding = wording.expectation_failed(exp, result, code, kept)
    index = _kept_call(outcome, exp.mission) if outcome is not None and code in _EXPLAINED else None
    trace = traces.get((id(outcome.definition), index)) if outcome is not None and index is not None else None
    why = why_related(exp, trace, lines) if trace is not None else None
    if why is not None:
        finding = replace(finding, related=(*finding.related, why))
    findings.append(finding)
    return ExpectationOutcome(exp, result, code, finding, trace if why is not None else None)
