"""``check``: a scenario file's text in, its verdict out.

This is the editor-agnostic API the CLI and the language server share: text
(or a file's bytes) in, a :class:`~scenario_core.report.CheckReport` out,
with every finding at its source range and the results with their hashes.
Nothing here raises on bad input.

The pipeline: parse (:mod:`yamlsource`), read the structure
(:mod:`document`), check the file's missions, run each scenario, mark
shadowed ones, evaluate the expectations, aggregate the hashes. What each
finding says is worded in :mod:`wording`. With a
:class:`~scenario_core.cache.ScenarioCache`, a re-check reuses whatever
an edit did not touch.
"""
from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from . import _wording as wording
from .cache import CachedRun, ScenarioCache
from .document import CallDef, ExpectationDef, MissionDef, ScenarioDef, ScenarioDocument, read_document
from .engine import AntiFailureViolation, EnvelopeViolation, operation_problems
from .expectations import MissionExpectation, evaluate_expectation, expectations_result
from .findings import Finding
from .harness import MissionCall, ScenarioDefinition, run_mission_calls, scenario_result
from .hashing import canonical_json, hash_text
from ._memo import IdentityMemo
from .registry import MISSION_REGISTRY, Mission, workflow_mission
from .report import CheckReport, ExpectationOutcome, ScenarioOutcome
from .source import DOCUMENT_START, LineIndex, SourceRange
from .suite import ScenarioSuiteResult, suite_result
from .test_run import test_run_result
from ._yamledit import trim_read_items
from .yamlsource import parse_yaml

__all__ = ["check", "check_bytes", "decode_source", "internal_error"]

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


def check_bytes(data: bytes, *, cache: ScenarioCache | None = None) -> CheckReport:
    """:func:`check` for a file's raw bytes (decoding problems become findings)."""
    text, problem = decode_source(data)
    if problem is not None:
        return CheckReport(read_document(None, LineIndex(text), [problem]), (problem,))
    return check(text, cache=cache)


def check(text: str, *, cache: ScenarioCache | None = None) -> CheckReport:
    """Check a scenario file: parse, validate, run, evaluate. Never raises on input.

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
        report = _check(text, cache)
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


def _check(text: str, cache: ScenarioCache | None) -> CheckReport:
    lines = LineIndex(text)
    parsed = cache.start(text, lines) if cache is not None else parse_yaml(text, lines)
    findings = list(parsed.findings)
    memo = cache.items if cache is not None else None
    document = read_document(parsed.root, lines, findings, memo)
    # What was read of each scenario and expectation is in the document now
    # (and in the memo): its other nodes go before running makes results.
    trim_read_items(parsed)
    if parsed.root is None:
        return CheckReport(document, _sorted(findings))
    missions = _check_missions(document.missions, findings)
    misses_before = cache.misses if cache is not None else 0
    # A scenario's run depends on its definition and on the file's missions.
    signature = tuple((name, m.canonical, m.violation) for name, m in missions.items())
    runs: list[_Run] = [
        _reuse(memo, "run", s, findings, partial(_run_scenario, s, missions, findings, cache), signature)
        for s in document.scenarios
    ]
    if cache is not None:
        for ran in runs:
            if ran.key is not None:
                cache.keep(ran.key, ran.cached)
    outcomes = _mark_shadowed([ran.outcome for ran in runs], findings)
    kept = {o.name: o for o in outcomes if not o.shadowed}
    suite = suite_result(document.suite_name or "", {name: o.result for name, o in kept.items()})
    verdicts = _evaluate(document, kept, suite, findings, memo)
    run = test_run_result(suite, expectations_result({v.definition.id: v.result for v in verdicts}))
    # Every scenario that was not run again reused an earlier result.
    hits = len(document.scenarios) - (cache.misses - misses_before) if cache is not None else 0
    return CheckReport(document, _sorted(findings), tuple(outcomes), tuple(verdicts), run, hits)


def _reuse(
    memo: IdentityMemo | None, kind: str, key: Any, findings: list[Finding], derive: Callable[[], Any], signature: Any
) -> Any:
    return derive() if memo is None else memo.derive(kind, key, findings, derive, signature)


def _sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.range.start, f.range.end, f.code, f.message)))


# -- missions -----------------------------------------------------------------


@dataclass(frozen=True)
class _LocalMission:
    definition: MissionDef
    run: Mission
    canonical: str  # what a scenario result depends on
    violation: Finding | None  # anti_failure or envelope, reported at the definition


def _check_missions(definitions: tuple[MissionDef, ...], findings: list[Finding]) -> dict[str, _LocalMission]:
    missions: dict[str, _LocalMission] = {}
    for mission in definitions:
        violation = wording.rule_violation(mission)
        if violation is not None:
            findings.append(violation)
        for step in mission.steps:
            if step.kind == "runtime":
                for key, message in operation_problems(step.payload):
                    findings.append(wording.invalid_operation(step.id, message, step.argument_range(key)))
        workflow = mission.workflow
        canonical = canonical_json({"mission": mission.name, "steps": [s.to_dict() for s in workflow.steps]})
        missions[mission.name] = _LocalMission(mission, workflow_mission(workflow), canonical, violation)
    return missions


# -- scenarios ----------------------------------------------------------------


class _Run(NamedTuple):
    """A scenario's outcome, and (with a cache) the cached run it came from and its key."""

    outcome: ScenarioOutcome
    key: str | None
    cached: CachedRun


def _run_scenario(
    scenario: ScenarioDef,
    missions: dict[str, _LocalMission],
    findings: list[Finding],
    cache: ScenarioCache | None,
) -> _Run:
    calls: list[CallDef] = []
    seen_calls: dict[str, CallDef] = {}
    for call in scenario.calls:
        if call.name not in missions and call.name not in MISSION_REGISTRY:
            findings.append(wording.unknown_mission(call, [*missions, *MISSION_REGISTRY]))
        elif call.params and call.name in missions:
            findings.append(wording.params_to_file_mission(call))
        if call.name in seen_calls:
            findings.append(wording.duplicate_call(scenario, call, seen_calls[call.name]))
        seen_calls[call.name] = call
        calls.append(call)

    definition = ScenarioDefinition(
        scenario.name, scenario.initial_state, tuple(MissionCall(c.name, c.params) for c in calls)
    )
    entry = None
    key = None
    if cache is not None:
        key = hash_text(
            canonical_json(
                {
                    "name": scenario.name,
                    "initial_state": scenario.initial_state,
                    "calls": [[c.name, c.params, missions[c.name].canonical if c.name in missions else None] for c in calls],
                }
            )
        )
        entry = cache.get(key)
    if entry is None:
        results, call_errors = run_mission_calls(definition, missions={name: m.run for name, m in missions.items()})
        entry = (scenario_result(scenario.name, results), tuple(call_errors))
        if cache is not None and key is not None:
            cache.put(key, entry)
    result, errors = entry
    failed_calls = []
    for index, error in errors:
        failed_calls.append(index)
        if isinstance(error, (AntiFailureViolation, EnvelopeViolation)):
            call = calls[index]
            local = missions.get(call.name)
            code = "anti_failure" if isinstance(error, AntiFailureViolation) else "envelope"
            # Only a file's own missions can break the rules; say what the definition says.
            violation = local.violation if local is not None else None
            reason = violation.message if violation is not None else str(error)
            findings.append(wording.call_violation(call, code, reason, local.definition if local is not None else None))
        # UnknownMissionError was reported above, at the call.
    kept_results = result.mission_results
    for call in calls:
        mission_result = kept_results.get(call.name)
        if mission_result is not None and not mission_result.success and seen_calls.get(call.name) is call:
            local = missions.get(call.name)
            findings.append(wording.step_failed(call, mission_result, local.definition if local is not None else None))
    return _Run(ScenarioOutcome(scenario, result, False, tuple(failed_calls)), key, entry)


def _mark_shadowed(outcomes: list[ScenarioOutcome], findings: list[Finding]) -> list[ScenarioOutcome]:
    last: dict[str, int] = {o.name: i for i, o in enumerate(outcomes)}
    marked = []
    for i, outcome in enumerate(outcomes):
        if last[outcome.name] != i:
            findings.append(wording.duplicate_scenario(outcome.definition, outcomes[last[outcome.name]].definition))
            outcome = ScenarioOutcome(outcome.definition, outcome.result, True, outcome.failed_calls)
        marked.append(outcome)
    return marked


# -- expectations -------------------------------------------------------------


def _evaluate(
    document: ScenarioDocument,
    kept: Mapping[str, ScenarioOutcome],
    suite: ScenarioSuiteResult,
    findings: list[Finding],
    memo: IdentityMemo | None,
) -> list[ExpectationOutcome]:
    verdicts: list[ExpectationOutcome] = []
    first_ids: dict[str, ExpectationDef] = {}
    for exp in document.expectations:
        if exp.id in first_ids:
            findings.append(wording.duplicate_expectation(exp, first_ids[exp.id]))
            continue
        first_ids[exp.id] = exp
        outcome = kept.get(exp.scenario)
        # The verdict depends on the scenario's outcome (the very object), or,
        # for a scenario that does not exist, on the names that do.
        signature = id(outcome) if outcome is not None else tuple(kept)
        verdicts.append(_reuse(memo, "verdict", exp, findings, partial(_verdict, exp, kept, suite, findings), signature))
    return verdicts


def _verdict(
    exp: ExpectationDef, kept: Mapping[str, ScenarioOutcome], suite: ScenarioSuiteResult, findings: list[Finding]
) -> ExpectationOutcome:
    result = evaluate_expectation(suite, MissionExpectation(exp.id, exp.scenario, exp.mission, exp.path, exp.op, exp.expected))
    code = None if result.passed else result.details.get("reason")
    if code == "mission_missing":
        outcome = kept.get(exp.scenario)
        if outcome is not None and any(outcome.definition.calls[i].name == exp.mission for i in outcome.failed_calls):
            code = "not_run"
    if code is None:
        return ExpectationOutcome(exp, result, None)
    finding = wording.expectation_failed(exp, result, code, kept)
    findings.append(finding)
    return ExpectationOutcome(exp, result, code, finding)
