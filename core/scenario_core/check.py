"""``check``: a scenario file's text in, its verdict out.

This is the editor-agnostic API the CLI and the language server share. A
:class:`CheckReport` holds every finding (code, severity, message, source
range, quick-fix data) and the results: each scenario's ``scenario_hash`` and
mission results, the suite and test-run hashes, and the verdict on each
expectation. Nothing here raises on bad input.

Re-checking an edited document is cheap with a :class:`ScenarioCache`: a
scenario's results depend only on its initial state, its calls and the
definitions of the missions it calls, so they are reused whenever the
canonical JSON of those is unchanged.
"""
from __future__ import annotations

import gc
import json
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Iterable, Mapping

from .document import CallDef, ExpectationDef, MissionDef, ScenarioDef, ScenarioDocument, read_document
from .engine import (
    MAX_HUMAN_STEPS,
    MAX_STEPS,
    STEP_KINDS,
    AntiFailureViolation,
    EnvelopeViolation,
    OrchestrationResult,
    operation_problems,
)
from .expectations import ExpectationResult, MissionExpectation, evaluate_expectation, expectations_result
from .findings import Category, Finding, Related, Severity
from .harness import MissionCall, ScenarioDefinition, ScenarioResult, run_mission_calls, scenario_result
from .hashing import canonical_json
from .memo import IdentityMemo
from .registry import MISSION_REGISTRY, Mission, closest_name, workflow_mission
from .source import LineIndex, SourceRange
from .suite import ScenarioSuiteResult, suite_result
from .test_run import TestRunResult, test_run_result
from .yamlsource import ParsedYaml, parse_yaml, reparse_edit


class ScenarioCache:
    """Scenario results by the canonical JSON of what they depend on (LRU).

    A scenario's result depends only on its name, initial state, calls and
    the definitions of the file's missions it calls; the key holds exactly
    those, so a hit is always the result a fresh run would give.
    """

    def __init__(self, max_entries: int = 100_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[ScenarioResult, list[tuple[int, Exception]]]] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self.reparsed = 0  # checks that re-parsed one list item instead of the file
        # Recent texts and their trees, for re-parsing just what an edit touched.
        self._snapshots: deque[tuple[str, ParsedYaml]] = deque(maxlen=4)
        self.items = IdentityMemo()  # list items read, run and evaluated

    def parse(self, text: str, lines: LineIndex) -> ParsedYaml:
        """The tree of ``text``: re-parsed from a recent text when an edit allows it."""
        for old_text, old in reversed(self._snapshots):
            parsed = reparse_edit(old, old_text, text, lines)
            if parsed is not None:
                self.reparsed += 1
                break
        else:
            parsed = parse_yaml(text, lines)
        self._snapshots.append((text, parsed))
        return parsed

    def get(self, key: str):
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(key)
        return entry

    def put(self, key: str, entry) -> None:
        self._entries[key] = entry
        if len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class ScenarioOutcome:
    """One scenario as written, and what running it gave.

    ``shadowed`` is true when a later scenario has the same name (the suite
    keeps the last one). ``failed_calls`` are the indexes of calls that could
    not run (unknown mission, rule violation).
    """

    definition: ScenarioDef
    result: ScenarioResult
    shadowed: bool = False
    failed_calls: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def scenario_hash(self) -> str:
        return self.result.metadata["scenario_hash"]


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation as written and its verdict (``code`` names a failure)."""

    definition: ExpectationDef
    result: ExpectationResult
    code: str | None

    @property
    def passed(self) -> bool:
        return self.result.passed


@dataclass(frozen=True)
class CheckReport:
    """Everything ``check`` found, and the results when the file could run."""

    document: ScenarioDocument
    findings: tuple[Finding, ...]
    scenarios: tuple[ScenarioOutcome, ...] = ()
    expectations: tuple[ExpectationOutcome, ...] = ()
    test_run: TestRunResult | None = None
    cache_hits: int = field(default=0, compare=False)  # scenarios whose results were reused

    @property
    def lines(self) -> LineIndex:
        return self.document.lines

    @property
    def passed_count(self) -> int:
        return sum(1 for e in self.expectations if e.passed)

    @property
    def failed_count(self) -> int:
        return len(self.expectations) - self.passed_count

    @property
    def invalid(self) -> bool:
        """True when the file has an input error (syntax, structure, reference, rule)."""
        return any(f.category is Category.INPUT and f.severity is Severity.ERROR for f in self.findings)

    @property
    def verdict(self) -> str:
        """``"invalid"``, ``"failed"`` or ``"passed"``."""
        if self.invalid:
            return "invalid"
        if self.failed_count:
            return "failed"
        return "passed"

    @property
    def suite_hash(self) -> str | None:
        return self.test_run.suite_result.metadata["suite_hash"] if self.test_run else None

    @property
    def test_run_hash(self) -> str | None:
        return self.test_run.metadata["test_run_hash"] if self.test_run else None

    @property
    def expectations_hash(self) -> str | None:
        return self.test_run.expectations_result.metadata["expectations_hash"] if self.test_run else None

    def mission_result(self, scenario: str, mission: str) -> OrchestrationResult | None:
        """The result the suite keeps for ``mission`` in ``scenario``."""
        if self.test_run is None:
            return None
        res = self.test_run.suite_result.scenario_results.get(scenario)
        return res.mission_results.get(mission) if res else None

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON (the CLI's ``--format json`` per file)."""
        return {
            "suite": self.document.suite_name,
            "verdict": self.verdict,
            "passed": self.passed_count,
            "failed": self.failed_count,
            "suite_hash": self.suite_hash,
            "test_run_hash": self.test_run_hash,
            "expectations_hash": self.expectations_hash,
            "scenarios": [
                {
                    "name": s.name,
                    "scenario_hash": s.scenario_hash,
                    "shadowed": s.shadowed,
                    "range": s.definition.range.to_dict(),
                    "missions": {n: r.to_dict() for n, r in s.result.mission_results.items()},
                }
                for s in self.scenarios
            ],
            "expectations": [
                {
                    "id": e.definition.id,
                    "scenario": e.definition.scenario,
                    "mission": e.definition.mission,
                    "path": e.definition.path,
                    "op": e.definition.op,
                    "passed": e.passed,
                    "code": e.code,
                    "expected": e.definition.expected,
                    "actual": e.result.to_dict()["actual"],
                    "range": e.definition.range.to_dict(),
                }
                for e in self.expectations
            ],
            "findings": [f.to_dict() for f in self.findings],
        }


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
    long as the check took.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(text, cache)
    finally:
        if cache is not None:
            gc.freeze()
        if collecting:
            gc.enable()


def _check(text: str, cache: ScenarioCache | None) -> CheckReport:
    lines = LineIndex(text)
    parsed = cache.parse(text, lines) if cache is not None else parse_yaml(text, lines)
    findings = list(parsed.findings)
    memo = cache.items if cache is not None else None
    if memo is not None:
        memo.start()
    document = read_document(parsed.root, lines, findings, memo)
    if parsed.root is None:
        return CheckReport(document, _sorted(findings))
    missions = _check_missions(document.missions, findings)
    misses_before = cache.misses if cache is not None else 0
    # A scenario's run depends on its definition and on the file's missions.
    signature = tuple((name, m.canonical, m.violation) for name, m in missions.items())
    outcomes = [
        _reuse(memo, s, findings, partial(_run_scenario, s, missions, findings, cache), signature)
        for s in document.scenarios
    ]
    outcomes = _mark_shadowed(outcomes, findings)
    kept = {o.name: o for o in outcomes if not o.shadowed}
    suite = suite_result(document.suite_name or "", {name: o.result for name, o in kept.items()})
    verdicts = _evaluate(document, kept, suite, findings, memo)
    run = test_run_result(suite, expectations_result({v.definition.id: v.result for v in verdicts}))
    # Every scenario that was not run again reused an earlier result.
    hits = len(document.scenarios) - (cache.misses - misses_before) if cache is not None else 0
    return CheckReport(document, _sorted(findings), tuple(outcomes), tuple(verdicts), run, hits)


def _reuse(memo: IdentityMemo | None, key: Any, findings: list[Finding], derive: Callable[[], Any], signature: Any) -> Any:
    return derive() if memo is None else memo.derive(key, findings, derive, signature)


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
        violation = _rule_violation(mission)
        if violation is not None:
            findings.append(violation)
        for step in mission.steps:
            if step.kind == "runtime":
                for key, message in operation_problems(step.payload):
                    node = step.payload_node.get(key) if key and step.payload_node is not None else None
                    rng = node.range if node is not None else (
                        step.payload_node.range if step.payload_node is not None else step.range
                    )
                    findings.append(Finding("invalid_operation", f"step '{step.id}': {message}", rng, data={"step": step.id}))
        workflow = mission.workflow
        canonical = canonical_json({"mission": mission.name, "steps": [s.to_dict() for s in workflow.steps]})
        missions[mission.name] = _LocalMission(mission, workflow_mission(workflow), canonical, violation)
    return missions


def _rule_violation(mission: MissionDef) -> Finding | None:
    for step in mission.steps:
        if step.kind not in STEP_KINDS:
            return Finding(
                "envelope",
                f"step '{step.id}' of mission '{mission.name}' has kind '{step.kind}'; "
                "only human and runtime steps run inside the envelope",
                step.kind_range,
                data={"mission": mission.name, "step": step.id, "kind": step.kind},
                related=(Related(mission.key_range, f"mission '{mission.name}'"),),
            )
    humans = [s for s in mission.steps if s.kind == "human"]
    if len(mission.steps) > MAX_STEPS:
        return Finding(
            "anti_failure",
            f"mission '{mission.name}' has {len(mission.steps)} steps; at most {MAX_STEPS} are allowed",
            mission.key_range,
            data={"mission": mission.name, "steps": len(mission.steps)},
            related=(Related(mission.steps[MAX_STEPS].range, f"step {MAX_STEPS + 1} is one too many"),),
        )
    if len(humans) > MAX_HUMAN_STEPS:
        return Finding(
            "anti_failure",
            f"mission '{mission.name}' has {len(humans)} human steps; at most {MAX_HUMAN_STEPS} are allowed",
            mission.key_range,
            data={"mission": mission.name, "human_steps": len(humans)},
            related=(Related(humans[MAX_HUMAN_STEPS].range, "one human step too many"),),
        )
    return None


# -- scenarios ----------------------------------------------------------------


def _run_scenario(
    scenario: ScenarioDef,
    missions: dict[str, _LocalMission],
    findings: list[Finding],
    cache: ScenarioCache | None,
) -> ScenarioOutcome:
    calls: list[CallDef] = []
    seen_calls: dict[str, CallDef] = {}
    for call in scenario.calls:
        if call.name not in missions and call.name not in MISSION_REGISTRY:
            known = [*missions, *MISSION_REGISTRY]
            suggestion = closest_name(call.name, known)
            hint = f"; did you mean '{suggestion}'?" if suggestion else f"; known missions: {', '.join(sorted(set(known)))}"
            findings.append(
                Finding(
                    "unknown_mission",
                    f"unknown mission '{call.name}'{hint}",
                    call.name_range,
                    data={"mission": call.name, "suggestion": suggestion},
                )
            )
        elif call.params and call.name in missions:
            findings.append(
                Finding(
                    "invalid_value",
                    f"mission '{call.name}' is defined in this file and takes no params",
                    call.range,
                    data={"mission": call.name},
                )
            )
        if call.name in seen_calls:
            first = seen_calls[call.name]
            findings.append(
                Finding(
                    "duplicate_call",
                    f"scenario '{scenario.name}' calls '{call.name}' again; only this call's result is kept "
                    f"(the call at line {first.name_range.start.line + 1} is overwritten)",
                    call.name_range,
                    data={"mission": call.name},
                )
            )
        seen_calls[call.name] = call
        calls.append(call)

    definition = ScenarioDefinition(
        scenario.name, scenario.initial_state, tuple(MissionCall(c.name, c.params) for c in calls)
    )
    entry = None
    key = None
    if cache is not None:
        key = canonical_json(
            {
                "name": scenario.name,
                "initial_state": scenario.initial_state,
                "calls": [[c.name, c.params, missions[c.name].canonical if c.name in missions else None] for c in calls],
            }
        )
        entry = cache.get(key)
    if entry is None:
        results, errors = run_mission_calls(definition, missions={name: m.run for name, m in missions.items()})
        entry = (scenario_result(scenario.name, results), errors)
        if cache is not None and key is not None:
            cache.put(key, entry)
    result, errors = entry
    results = result.mission_results
    failed_calls = []
    for index, error in errors:
        failed_calls.append(index)
        call = calls[index]
        if isinstance(error, (AntiFailureViolation, EnvelopeViolation)):
            local_mission = missions.get(call.name)
            code = "anti_failure" if isinstance(error, AntiFailureViolation) else "envelope"
            # Only a file's own missions can break the rules; say what the definition says.
            violation = local_mission.violation if local_mission is not None else None
            reason = violation.message if violation is not None else str(error)
            related = (
                (Related(local_mission.definition.key_range, f"mission '{call.name}' is defined here"),)
                if local_mission is not None
                else ()
            )
            findings.append(
                Finding(code, f"cannot run: {reason}", call.name_range, data={"mission": call.name}, related=related)
            )
        # UnknownMissionError was reported above, at the call.
    for call in calls:
        mission_result = results.get(call.name)
        if mission_result is not None and not mission_result.success and seen_calls.get(call.name) is call:
            findings.append(_step_failed(call, mission_result, missions.get(call.name)))
    return ScenarioOutcome(scenario, result, False, tuple(failed_calls))


def _step_failed(call: CallDef, result: OrchestrationResult, local: _LocalMission | None) -> Finding:
    related: tuple[Related, ...] = ()
    if local is not None:
        for step in local.definition.steps:
            if step.id == result.failed_step_id:
                related = (Related(step.range, f"step '{step.id}' of mission '{call.name}'"),)
    return Finding(
        "step_failed",
        f"mission '{call.name}' failed: {result.error_message}",
        call.name_range,
        data={"mission": call.name, "step": result.failed_step_id, "error": result.error_message},
        related=related,
    )


def _mark_shadowed(outcomes: list[ScenarioOutcome], findings: list[Finding]) -> list[ScenarioOutcome]:
    last: dict[str, int] = {o.name: i for i, o in enumerate(outcomes)}
    marked = []
    for i, outcome in enumerate(outcomes):
        if last[outcome.name] != i:
            winner = outcomes[last[outcome.name]].definition
            findings.append(
                Finding(
                    "duplicate_scenario",
                    f"scenario '{outcome.name}' is defined again at line {winner.name_range.start.line + 1}; "
                    "the last definition wins and this one is ignored",
                    outcome.definition.name_range,
                    data={"scenario": outcome.name},
                    related=(Related(winner.name_range, "the definition that wins"),),
                )
            )
            outcome = ScenarioOutcome(outcome.definition, outcome.result, True, outcome.failed_calls)
        marked.append(outcome)
    return marked


# -- expectations -------------------------------------------------------------


def _show(value: Any) -> str:
    """A value as a message shows it: JSON, characters as written, at most 80 of them."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return text if len(text) <= 80 else text[:77] + "..."


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
            first = first_ids[exp.id]
            findings.append(
                Finding(
                    "duplicate_id",
                    f"expectation id '{exp.id}' is already used at line {first.id_range.start.line + 1}",
                    exp.id_range,
                    data={"id": exp.id},
                    related=(Related(first.id_range, "first use"),),
                )
            )
            continue
        first_ids[exp.id] = exp
        outcome = kept.get(exp.scenario)
        # The verdict depends on the scenario's outcome (the very object), or,
        # for a scenario that does not exist, on the names that do.
        signature = id(outcome) if outcome is not None else tuple(kept)
        verdicts.append(_reuse(memo, exp, findings, partial(_verdict, exp, kept, suite, findings), signature))
    return verdicts


def _verdict(
    exp: ExpectationDef, kept: Mapping[str, ScenarioOutcome], suite: ScenarioSuiteResult, findings: list[Finding]
) -> ExpectationOutcome:
    result = evaluate_expectation(
        suite, MissionExpectation(exp.id, exp.scenario, exp.mission, exp.path, exp.op, exp.expected)  # type: ignore[arg-type]
    )
    code = None if result.passed else result.details.get("reason")
    if code == "mission_missing":
        outcome = kept.get(exp.scenario)
        if outcome is not None and any(outcome.definition.calls[i].name == exp.mission for i in outcome.failed_calls):
            code = "not_run"
    if code is not None:
        findings.append(_expectation_finding(exp, result, code, kept))
    return ExpectationOutcome(exp, result, code)


def _expectation_finding(
    exp: ExpectationDef, result: ExpectationResult, code: str, kept: Mapping[str, ScenarioOutcome]
) -> Finding:
    data: dict[str, Any] = {"expectation": exp.id, "op": exp.op, "expected": exp.expected}
    at = exp.expected_range or exp.op_range
    if code in ("eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch"):
        data["actual"] = result.actual
        relation = {"eq": "", "ne": "not ", "gt": "more than ", "lt": "less than "}[exp.op]
        message = f"expected {relation}{_show(exp.expected)}, got {_show(result.actual)}"
    elif code == "type_error":
        data["actual"] = result.actual
        relation = "more than" if exp.op == "gt" else "less than"
        message = f"{result.details['message']}: expected {relation} {_show(exp.expected)}, got {_show(result.actual)}"
    elif code == "path_missing":
        segments = exp.path.split(".")
        missing = int(result.details["missing_segment"])
        available = list(result.details["available"])
        at = _segment_range(exp, missing)
        reached = ".".join(segments[:missing]) or "the mission result"
        shown = ", ".join(available[:12]) + (", ..." if len(available) > 12 else "")
        message = (
            f"path '{exp.path}' not found: '{segments[missing]}' is not in {reached}"
            + (f", which has {shown}" if available else ", which is not a mapping or list")
        )
        data.update(path=exp.path, missing=segments[missing], available=available)
    elif code == "scenario_missing":
        names = sorted(kept)
        suggestion = closest_name(exp.scenario, names)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        message = f"expectation '{exp.id}' names scenario '{exp.scenario}', which this file does not have{hint}"
        at = exp.scenario_range
        data["suggestion"] = suggestion
    elif code == "mission_missing":
        called = sorted({c.name for c in kept[exp.scenario].definition.calls})
        suggestion = closest_name(exp.mission, called)
        hint = f"; did you mean '{suggestion}'?" if suggestion else (f"; it calls {', '.join(called)}" if called else "; it calls no missions")
        message = f"scenario '{exp.scenario}' does not call mission '{exp.mission}'{hint}"
        at = exp.mission_range
        data["suggestion"] = suggestion
    else:  # not_run
        message = f"mission '{exp.mission}' could not run in scenario '{exp.scenario}', so this expectation was not evaluated"
        at = exp.mission_range
    return Finding(code, message, at, data=data)


def _segment_range(exp: ExpectationDef, index: int) -> SourceRange:
    """The range of path segment ``index`` when the path is written plainly."""
    if not exp.path_plain:
        return exp.path_range
    segments = exp.path.split(".")
    start = exp.path_range.start.column + sum(len(s) + 1 for s in segments[:index])
    line = exp.path_range.start.line
    return SourceRange.of(line, start, line, start + len(segments[index]))
