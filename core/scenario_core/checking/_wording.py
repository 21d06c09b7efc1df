"""What the check pipeline says: each finding it reports, worded once.

The pipeline (:mod:`scenario_core.checking.pipeline`) decides *that* something is wrong;
the functions here say *what* a person reads and where: the message, the
range of the node it is about, the data a quick fix needs and the related
places that explain it.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from scenario_core.orchestration.engine import MAX_HUMAN_STEPS, MAX_STEPS, STEP_KINDS, OrchestrationResult
from scenario_core.orchestration.expectations import ExpectationResult, resolve_path
from scenario_core.orchestration.jsondiff import Change
from scenario_core.orchestration.registry import closest_name
from scenario_core.python.missions import Catalog, PythonCallable, PythonCallError, SourceProblem
from scenario_core.source.findings import Finding, Related, show_value
from scenario_core.source.positions import SourceRange
from scenario_core.yaml.parse import YNode

from .document import CallDef, ExpectationDef, ImportDef, MissionDef, ScenarioDef, StepDef
from .outcomes import ScenarioOutcome

__all__ = [
    "call_violation",
    "describe_change",
    "duplicate_call",
    "duplicate_expectation",
    "duplicate_scenario",
    "expectation_failed",
    "invalid_operation",
    "params_to_file_mission",
    "rule_violation",
    "snapshot_changed",
    "snapshot_invalid",
    "snapshot_missing",
    "snapshot_orphaned",
    "step_failed",
    "unknown_mission",
]


# -- missions -------------------------------------------------------------------


def rule_violation(mission: MissionDef) -> Finding | None:
    """The ``envelope`` or ``anti_failure`` rule a file's mission breaks, at its definition."""
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


def invalid_operation(step_id: str, message: str, at: SourceRange) -> Finding:
    """A runtime step's operation or argument is wrong (``at`` the argument when there is one)."""
    return Finding("invalid_operation", f"step '{step_id}': {message}", at, data={"step": step_id})


# -- calls ------------------------------------------------------------------------


def unknown_mission(call: CallDef, known: Iterable[str]) -> Finding:
    known = sorted(set(known))
    suggestion = closest_name(call.name, known)
    hint = f"; did you mean '{suggestion}'?" if suggestion else f"; known missions: {', '.join(known)}"
    return Finding(
        "unknown_mission",
        f"unknown mission '{call.name}'{hint}",
        call.name_range,
        data={"mission": call.name, "suggestion": suggestion},
    )


def params_to_file_mission(call: CallDef, definition: MissionDef | None = None) -> Finding:
    where = f"in {definition.path.name}" if definition is not None and definition.path is not None else "in this file"
    return Finding(
        "invalid_value",
        f"mission '{call.name}' is defined {where} and takes no params",
        call.range,
        data={"mission": call.name},
    )


def duplicate_call(scenario: ScenarioDef, call: CallDef, first: CallDef) -> Finding:
    return Finding(
        "duplicate_call",
        f"scenario '{scenario.name}' calls '{call.name}' again; only this call's result is kept "
        f"(the call at line {first.name_range.start.line + 1} is overwritten)",
        call.name_range,
        data={"mission": call.name},
    )


def call_violation(call: CallDef, code: str, reason: str, definition: MissionDef | None) -> Finding:
    """A call of a mission that breaks a rule (``code``): it cannot run; ``reason`` says why."""
    related = (
        (Related(definition.key_range, f"mission '{call.name}' is defined here", _path(definition)),)
        if definition is not None
        else ()
    )
    return Finding(code, f"cannot run: {reason}", call.name_range, data={"mission": call.name}, related=related)


def step_failed(call: CallDef, result: OrchestrationResult, definition: MissionDef | None) -> Finding:
    """A call whose mission halted on a failing runtime step, pointing at the step."""
    related: tuple[Related, ...] = ()
    if definition is not None:
        for step in definition.steps:
            if step.id == result.failed_step_id:
                related = (Related(step.range, f"step '{step.id}' of mission '{call.name}'", _path(definition)),)
    return Finding(
        "step_failed",
        f"mission '{call.name}' failed: {result.error_message}",
        call.name_range,
        data={"mission": call.name, "step": result.failed_step_id, "error": result.error_message},
        related=related,
    )


def _path(definition: MissionDef) -> str | None:
    """The file a related place in ``definition`` is in: its library's, None for the file being checked."""
    return str(definition.path) if definition.path is not None else None


# -- scenarios and expectations -------------------------------------------------------


def duplicate_scenario(ignored: ScenarioDef, winner: ScenarioDef) -> Finding:
    return Finding(
        "duplicate_scenario",
        f"scenario '{ignored.name}' is defined again at line {winner.name_range.start.line + 1}; "
        "the last definition wins and this one is ignored",
        ignored.name_range,
        data={"scenario": ignored.name},
        related=(Related(winner.name_range, "the definition that wins"),),
    )


def duplicate_expectation(exp: ExpectationDef, first: ExpectationDef) -> Finding:
    return Finding(
        "duplicate_id",
        f"expectation id '{exp.id}' is already used at line {first.id_range.start.line + 1}",
        exp.id_range,
        data={"id": exp.id},
        related=(Related(first.id_range, "first use"),),
    )


def expectation_failed(
    exp: ExpectationDef, result: ExpectationResult, code: str, kept: Mapping[str, ScenarioOutcome]
) -> Finding:
    """The finding of an expectation that did not hold (``code``), at the node it is about.

    ``kept`` are the scenarios the suite keeps, by name (for "did you mean").
    """
    data: dict[str, Any] = {"expectation": exp.id, "op": exp.op, "expected": exp.expected}
    at = exp.expected_range or exp.op_range
    if code in ("eq_mismatch", "ne_mismatch", "gt_mismatch", "lt_mismatch"):
        data["actual"] = result.actual
        relation = {"eq": "", "ne": "not ", "gt": "more than ", "lt": "less than "}[exp.op]
        message = f"expected {relation}{show_value(exp.expected)}, got {show_value(result.actual)}"
    elif code == "type_error":
        data["actual"] = result.actual
        relation = "more than" if exp.op == "gt" else "less than"
        message = f"{result.details['message']}: expected {relation} {show_value(exp.expected)}, got {show_value(result.actual)}"
    elif code == "path_missing":
        segments = exp.path.split(".")
        missing = int(result.details["missing_segment"])
        available = list(result.details["available"])
        at = _segment_range(exp, missing)
        reached = ".".join(segments[:missing]) or "the mission result"
        shown = ", ".join(available[:12]) + (", ..." if len(available) > 12 else "")
        message = f"path '{exp.path}' not found: '{segments[missing]}' is not in {reached}, which " + (
            f"has {shown}" if available else _what_is_there(kept, exp, ".".join(segments[:missing]))
        )
        data.update(path=exp.path, missing=segments[missing], available=available)
    elif code == "scenario_missing":
        suggestion = closest_name(exp.scenario, sorted(kept))
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
        outcome = kept[exp.scenario]
        failed = [outcome.definition.calls[i].name for i in outcome.failed_calls]
        if exp.mission in failed:
            message = f"mission '{exp.mission}' could not run in scenario '{exp.scenario}', so this expectation was not evaluated"
        else:
            written = closest_name(exp.mission, failed)
            message = (
                f"scenario '{exp.scenario}' calls '{written}', which could not run, not '{exp.mission}'; "
                "this expectation was not evaluated"
            )
            data["call"] = written
        at = exp.mission_range
    return Finding(code, message, at, data=data)


def _what_is_there(kept: Mapping[str, ScenarioOutcome], exp: ExpectationDef, reached: str) -> str:
    """What a path reached where nothing can follow: ``is an empty list``, ``is 5, not a mapping or list``.

    Only the message says it; the expectation's result (which its hash covers) keeps what it always had.
    """
    outcome = kept.get(exp.scenario)
    mission = outcome.result.mission_results.get(exp.mission) if outcome is not None else None
    value = resolve_path(mission.as_json, reached).value if mission is not None else None
    if isinstance(value, (list, tuple)) and not value:
        return "is an empty list"
    if isinstance(value, dict) and not value:
        return "is an empty mapping"
    return f"is {show_value(value)}, not a mapping or list"


def _segment_range(exp: ExpectationDef, index: int) -> SourceRange:
    """The range of path segment ``index`` when the path is written plainly."""
    if not exp.path_plain:
        return exp.path_range
    segments = exp.path.split(".")
    start = exp.path_range.start.column + sum(len(s) + 1 for s in segments[:index])
    line = exp.path_range.start.line
    return SourceRange.of(line, start, line, start + len(segments[index]))


# -- snapshots --------------------------------------------------------------------------

#: How many changed paths a snapshot_changed message lists before "and N more".
SHOWN_CHANGES = 5


def describe_change(change: Change, limit: int = 30) -> str:
    """One change as a line of a diff: ``final_state.total: 120 → 108``, ``+final_state.coupon``, ``-executed_steps.2``."""
    if change.kind == "added":
        return f"+{change.path}"
    if change.kind == "removed":
        return f"-{change.path}"
    return f"{change.path}: {show_value(change.old, limit)} → {show_value(change.new, limit)}"


def snapshot_changed(scenario: ScenarioDef, changes: Sequence[Change], snapshot: str) -> Finding:
    """A snapshotted scenario whose results differ from the stored ones, at its name: the changes, shortest first."""
    shown = ", ".join(describe_change(c) for c in changes[:SHOWN_CHANGES]) or "its results are written differently"
    if len(changes) > SHOWN_CHANGES:
        shown += f" and {len(changes) - SHOWN_CHANGES} more"
    return Finding(
        "snapshot_changed",
        f"scenario '{scenario.name}' differs from its snapshot: {shown}",
        scenario.name_range,
        data={
            "scenario": scenario.name,
            "snapshot": snapshot,
            "changes": [{"path": c.path, "kind": c.kind} for c in changes[:SHOWN_CHANGES]],
            "total": len(changes),
        },
    )


def snapshot_missing(scenario: ScenarioDef, snapshot: str) -> Finding:
    return Finding(
        "snapshot_missing",
        f"scenario '{scenario.name}' has no snapshot in {snapshot} yet; accept it to pin its current results",
        scenario.name_range,
        data={"scenario": scenario.name, "snapshot": snapshot},
    )


def snapshot_invalid(snapshot: str, problem: str, at: SourceRange) -> Finding:
    """A snapshot file that cannot be read, at the suite's name."""
    return Finding(
        "snapshot_invalid",
        f"the snapshot file {snapshot} cannot be read: {problem}; accepting all actual values rewrites it",
        at,
        data={"snapshot": snapshot, "problem": problem},
    )


def snapshot_orphaned(name: str, snapshot: str, at: SourceRange) -> Finding:
    """A stored entry that no snapshotted scenario uses, at the suite's name."""
    return Finding(
        "snapshot_orphaned",
        f"{snapshot} has an entry for scenario '{name}', which this file does not snapshot; "
        "accepting all actual values removes it",
        at,
        data={"scenario": name, "snapshot": snapshot},
    )


# -- Python missions ------------------------------------------------------------------


def source_problem(problem: SourceProblem, at: SourceRange) -> Finding:
    """A module of the project that failed to load, at the ``suite:`` line, pointing at the Python line that failed.

    A syntax error points at its own file, line and column, whichever module it is in.
    """
    what = f"cannot load the project's Python missions from {problem.module}" if problem.module else "the project's Python missions"
    where = f" at {_short(problem.file)}:{problem.line}" if problem.file and problem.line and problem.module else ""
    related: tuple[Related, ...] = ()
    if problem.file and problem.line:
        column = max((problem.column or 1) - 1, 0)
        place = SourceRange.point(problem.line - 1, column)
        related = (Related(place, problem.message, problem.file),)
    return Finding(
        "missions_import",
        f"{what}: {problem.message}{where}",
        at,
        data={"module": problem.module, "traceback": problem.traceback},
        related=related,
    )


def shadows_builtin(call: CallDef, python: PythonCallable) -> Finding:
    return Finding(
        "shadowed_mission",
        f"'{call.name}' is the project's Python mission ({_place(python)}), not the built-in mission of that name",
        call.name_range,
        data={"mission": call.name},
        related=(Related.at_line(python.file, python.line, f"Python mission '{python.name}'"),),
    )


def library_shadows(call: CallDef, library_mission: MissionDef, python: PythonCallable | None) -> Finding:
    """A call of a library's mission that has the name of a Python mission (or else a built-in one), which it hides."""
    assert library_mission.path is not None, "a library's mission knows its library"
    line = library_mission.key_range.start.line + 1
    hidden = f"the project's Python mission of that name ({_place(python)})" if python is not None else "the built-in mission of that name"
    related = [Related(library_mission.key_range, f"mission '{call.name}' of {library_mission.path.name}", str(library_mission.path))]
    if python is not None:
        related.append(Related.at_line(python.file, python.line, f"Python mission '{python.name}'"))
    return Finding(
        "shadowed_mission",
        f"'{call.name}' is the mission of {library_mission.path.name} (line {line}), not {hidden}",
        call.name_range,
        data={"mission": call.name},
        related=tuple(related),
    )


def lost_operation(step: StepDef, error: PythonCallError) -> Finding:
    """A step that uses a Python operation a failed import would have registered: its mission does not run."""
    related = (Related.at_line(error.file, error.line, "the import failed here"),) if error.file and error.line else ()
    return Finding(
        "not_run",
        f"step '{step.id}' does not run: {error.message}",
        step.argument_range("operation"),
        data={"operation": step.payload.get("operation")},
        related=related,
    )


def unchecked_calls(scenarios: Sequence[ScenarioDef], missions: Mapping[str, Any], catalog: Catalog) -> list[Finding]:
    """Calls of Python missions that are never called (a param's hint cannot be checked): one error per mission, at its first call.

    The other calls of that mission are ``not_run`` naming it. (A file's own
    mission of the same name hides the Python one: ``missions`` are the
    file's.)
    """
    found: list[Finding] = []
    first: dict[str, CallDef] = {}
    for scenario in scenarios:
        for call in scenario.calls:
            python = catalog.missions.get(call.name) if call.name not in missions and catalog.enabled else None
            reason = python.cannot_be_called() if python is not None else None
            if python is None or reason is None:
                continue
            here = Related.at_line(python.file, python.line, f"{_place(python)}: {reason}")
            if call.name not in first:
                first[call.name] = call
                found.append(
                    Finding(
                        "unsupported_hint",
                        f"mission '{call.name}' cannot be called: {reason}",
                        call.name_range,
                        data={"mission": call.name, "params": [h.param for h in python.unsupported]},
                        related=(here,),
                    )
                )
            else:
                line = first[call.name].name_range.start.line + 1
                found.append(
                    Finding(
                        "not_run",
                        f"mission '{call.name}' was not run: it cannot be called (see line {line})",
                        call.name_range,
                        data={"mission": call.name},
                        related=(Related(first[call.name].name_range, "why"), here),
                    )
                )
    return found


def unchecked_operation(step: StepDef, operation: PythonCallable, reason: str) -> Finding:
    """A step that uses a Python operation that is never called (a param's hint cannot be checked), at the operation."""
    return Finding(
        "unsupported_hint",
        f"step '{step.id}': operation '{operation.name}' cannot be called: {reason}",
        step.argument_range("operation"),
        data={"operation": operation.name, "params": [h.param for h in operation.unsupported]},
        related=(Related.at_line(operation.file, operation.line, f"{_place(operation)}: {reason}"),),
    )


def python_off_operation(step: StepDef, operation: str, catalog: Catalog) -> Finding:
    """A step using a Python operation while the project's code does not run (off, or not trusted)."""
    if catalog.reason == "untrusted":
        return Finding(
            "untrusted_project",
            f"step '{step.id}' uses the Python operation '{operation}' of this project, and the project is not trusted: "
            f"the mission does not run. {_how_to_trust(catalog)}",
            step.argument_range("operation"),
            data={"operation": operation, "root": catalog.root},
        )
    return Finding(
        "python_missions_off",
        f"step '{step.id}' uses the Python operation '{operation}', and Python missions are turned off "
        "(setting scenario.pythonMissions); the mission does not run",
        step.argument_range("operation"),
        data={"operation": operation},
    )


def _how_to_trust(catalog: Catalog) -> str:
    return f"To run the project's code, trust it: answer Trust when the editor asks, or run `scenario trust {catalog.root}`"


def python_call_failed(call: CallDef, error: PythonCallError, catalog: Catalog | None, cause: SourceRange | None = None) -> list[Finding]:
    """The findings of a call that ran in the worker and gave no result; ``cause``: the call that kept it from running."""
    python = catalog.missions.get(call.name) if catalog is not None else None
    data = {"mission": call.name, "output": error.output, "traceback": error.traceback}
    if error.code == "invalid_params":
        params = call.node.pair("params") if call.node.kind == "map" else None
        head = params[0].range if params is not None else call.name_range
        return _invalid_values(error.errors, params[1] if params else None, head, f"mission '{call.name}'", "param", python)
    if error.code == "python_missions_off":
        where = f" ({_place(python)})" if python is not None and python.file else ""
        message = (
            f"'{call.name}' is a Python mission of this project{where}, and Python missions are turned off "
            "(setting scenario.pythonMissions); the call does not run"
        )
        return [Finding("python_missions_off", message, call.name_range, data={"mission": call.name})]
    if error.code == "untrusted_project" and catalog is not None:
        # A Python mission, or a mission of the file whose steps use the project's Python operations.
        what = f"is a Python mission of this project ({_place(python)})" if python is not None else "uses Python operations of this project"
        message = f"'{call.name}' {what}, and the project is not trusted: the call does not run. {_how_to_trust(catalog)}"
        return [Finding("untrusted_project", message, call.name_range, data={"mission": call.name, "root": catalog.root})]
    related: tuple[Related, ...] = ()
    if error.code == "mission_error":
        message = f"mission '{call.name}' raised {error.message}"
        if error.file and error.line:
            related = (Related.at_line(error.file, error.line, f"raised here ({_short(error.file)}:{error.line})"),)
            message += f" at {_short(error.file)}:{error.line}"
    elif error.code == "invalid_result":
        message = f"mission '{call.name}' {error.message}"
    elif error.code == "unsupported_hint":
        message = f"mission '{call.name}' cannot be called: {error.message}"
    elif error.code == "nondeterministic":
        message = (
            f"mission '{call.name}' called {error.message} at {_short(error.file or '?')}:{error.line}; a scenario's result "
            "must be the same on every run: use ctx.now(), ctx.random() or ctx.uuid4(), or see 'unguarded' in the docs"
        )
        if error.file and error.line:
            related = (Related.at_line(error.file, error.line, f"{error.message} is called here"),)
    elif error.code == "mission_timeout":
        message = f"mission '{call.name}' {error.message}{_stopped_at(error)}"
        related = _stopped_here(error, "the call was here when it was stopped")
    elif error.code == "not_run":
        if cause is not None:
            related = (Related(cause, "this call ran past the timeout"),)
        elif error.file and error.line:
            related = (Related.at_line(error.file, error.line, "the import failed here"),)
        return [Finding("not_run", f"mission '{call.name}' was not run: {error.message}", call.name_range, data=data, related=related)]
    else:  # mission_crashed
        message = f"mission '{call.name}' did not finish: {error.message}{_stopped_at(error)}; the calls after it run in a new worker"
        related = _stopped_here(error, "the call was here when its worker ended")
    if python is not None and python.file and not related:
        related = (Related.at_line(python.file, python.line, f"Python mission '{python.name}'"),)
    return [Finding(error.code, message, call.name_range, data=data, related=related)]


def _stopped_at(error: PythonCallError) -> str:
    """`` at missions.py:48 (in hangs)``: where the project's code was when its worker ended, if known."""
    if not (error.file and error.line):
        return ""
    return f" at {_short(error.file)}:{error.line}" + (f" (in {error.function})" if error.function else "")


def _stopped_here(error: PythonCallError, message: str) -> tuple[Related, ...]:
    return (Related.at_line(error.file, error.line, message),) if error.file and error.line else ()


def invalid_arguments(step: StepDef, operation: str, errors: Sequence[Mapping[str, Any]], catalog: Catalog | None) -> list[Finding]:
    """invalid_params at a YAML step's arguments for a Python operation."""
    python = catalog.operations.get(operation) if catalog is not None else None
    head = step.argument_range("operation")
    return _invalid_values(errors, step.payload_node, head, f"step '{step.id}' (operation '{operation}')", "argument", python)


def validation_failed(step: StepDef, operation: str, error: PythonCallError, cause: SourceRange | None = None) -> Finding:
    """Checking a step's arguments for a Python operation gave no answer (the worker died or hung, or it did not run)."""
    if error.code == "not_run":
        return Finding(
            "not_run",
            f"step '{step.id}': the arguments of operation '{operation}' were not checked: {error.message}",
            step.argument_range("operation"),
            data={"operation": operation},
            related=(Related(cause, "this call ran past the timeout"),) if cause is not None else (),
        )
    return Finding(
        error.code if error.code in ("mission_timeout", "mission_crashed") else "mission_error",
        f"step '{step.id}': checking the arguments of operation '{operation}' failed: {error.message}",
        step.argument_range("operation"),
        data={"operation": operation},
    )


def _invalid_values(
    problems: Sequence[Mapping[str, Any]],
    container: YNode | None,
    head: SourceRange,
    owner: str,
    noun: str,
    python: PythonCallable | None,
) -> list[Finding]:
    """One invalid_params finding per problem the worker found (in our words), at the node it is about."""
    known = [p.name for p in python.params] if python is not None else []
    # A missing key that an unknown key beside it looks like (a misspelling) is said once, by the unknown one.
    suggested = {
        (tuple(str(part) for part in p["path"][:-1]), closest_name(str(p["path"][-1]), known if len(p["path"]) == 1 else p["known"]))
        for p in problems
        if p["kind"] == "unknown"
    }
    found: list[Finding] = []
    for problem in problems:
        path = [str(part) for part in problem["path"]]
        name = path[0] if path else ""
        data: dict[str, Any] = {"param": name, "kind": problem["kind"], "path": path}
        if problem["kind"] == "unknown":
            key_node = _key_at(container, path)
            options = known if len(path) == 1 else list(problem["known"])
            suggestion = closest_name(path[-1], options)
            if suggestion:
                hint = f"; did you mean '{suggestion}'?"
            elif len(path) == 1:
                hint = f"; {owner} takes {', '.join(known)}" if known else f"; {owner} takes none"
            else:
                hint = f"; it takes {', '.join(options)}" if options else ""
            what = f"unknown {noun} '{name}'" if len(path) == 1 else f"{'.'.join(path[:-1])}: unknown key '{path[-1]}'"
            found.append(Finding("invalid_params", what + hint, key_node.range if key_node else head, data={**data, "suggestion": suggestion}))
        elif problem["kind"] == "missing" and (tuple(path[:-1]), path[-1]) in suggested:
            continue
        elif problem["kind"] == "missing" and len(path) > 1:
            # A field of a value inside a param (a dataclass in a list, say): at that value.
            _, value_node = _node_at(container, path[:-1])
            where = ".".join(path[:-1])
            found.append(Finding("invalid_params", f"{where}: '{path[-1]}' is missing", value_node.range if value_node else head, data=data))
        elif problem["kind"] == "missing":
            param = python.param(name) if python is not None else None
            shown = f" ({param.describe()})" if param is not None else ""
            found.append(Finding("invalid_params", f"{owner} needs {noun} '{name}'{shown}", head, data=data))
        else:
            _, value_node = _node_at(container, path)
            found.append(Finding("invalid_params", f"{'.'.join(path) or noun}: {problem['message']}", value_node.range if value_node else head, data=data))
    return found


def _key_at(container: YNode | None, path: Sequence[str]) -> YNode | None:
    """The key node of the last part of ``path`` (a key of the mapping the rest of ``path`` leads to)."""
    if len(path) == 1:
        return _node_at(container, path)[0]
    _, parent = _node_at(container, path[:-1])
    if parent is None or parent.kind != "map":
        return None
    pair = parent.pair(path[-1])
    return pair[0] if pair is not None else None


def _node_at(container: YNode | None, loc: Sequence[str]) -> tuple[YNode | None, YNode | None]:
    """The key node of ``loc[0]`` and the value node at the whole ``loc``, as far as the YAML goes."""
    if container is None or container.kind != "map" or not loc:
        return None, None
    pair = container.pair(loc[0])
    if pair is None:
        return None, None
    key, value = pair
    for part in loc[1:]:
        if value.kind == "map":
            child = value.get(part)
        elif value.kind == "seq" and part.isdigit() and int(part) < len(value.value):
            child = value.value[int(part)]
        else:
            child = None
        if child is None:
            break
        value = child
    return key, value


def _place(python: PythonCallable) -> str:
    return f"{_short(python.file)}:{python.line}"


def _short(file: str) -> str:
    """A Python file as a message names it: its name alone."""
    return file.replace("\\", "/").rsplit("/", 1)[-1]


# -- imports of mission libraries --------------------------------------------------------


def import_path(entry: ImportDef, reason: str) -> Finding:
    """An import whose path is not allowed; ``reason`` says why."""
    return Finding("import_path", f"cannot import '{entry.path}': {reason}", entry.range, data={"import": entry.path})


def import_not_found(entry: ImportDef, suggestion: str | None, libraries_exist: bool) -> Finding:
    if suggestion:
        hint = f"; did you mean '{suggestion}'?"
    elif not libraries_exist:
        hint = "; this project has no mission libraries (*.missions.yaml)"
    else:
        hint = ""
    return Finding(
        "import_not_found",
        f"mission library '{entry.path}' not found{hint}",
        entry.range,
        data={"import": entry.path, "suggestion": suggestion},
    )


def import_cycle(entry: ImportDef, chain: Sequence[str], closing: Related | None) -> Finding:
    """An import that leads back to a library on the way to it; ``chain`` names the files, first to last.

    ``closing`` is the import that closes the cycle, when it is in another file.
    """
    return Finding(
        "import_cycle",
        f"importing '{entry.path}' leads to an import cycle: {' → '.join(chain)}; "
        "mission libraries cannot import each other in a circle",
        entry.range,
        data={"import": entry.path, "cycle": list(chain)},
        related=(closing,) if closing is not None else (),
    )


def library_errors(entry: ImportDef, errors: Sequence[tuple[str, str, Finding]]) -> Finding:
    """An imported library with errors: one finding at the import, pointing at them.

    ``errors`` are ``(shown name, path, finding)`` for each error, in the library or the ones it imports.
    """
    shown, _, first = errors[0]
    count = f"{len(errors)} error{'s' if len(errors) > 1 else ''}"
    return Finding(
        "library_errors",
        f"mission library '{entry.path}' has {count} (shown in the library); "
        f"the first, at {shown}:{first.range.start.line + 1}: {first.message}",
        entry.range,
        data={"import": entry.path, "errors": len(errors)},
        related=tuple(Related(f.range, f"{f.code}: {f.message}", path) for _, path, f in errors[:_MAX_RELATED]),
    )


_MAX_RELATED = 5


def imported_twice(entry: ImportDef, first: ImportDef) -> Finding:
    return Finding(
        "import_conflict",
        f"'{entry.path}' is already imported at line {first.range.start.line + 1}; this import adds nothing",
        entry.range,
        data={"import": entry.path},
        related=(Related(first.range, "the first import"),),
    )


def import_conflict(entry: ImportDef, names: Sequence[str], first: ImportDef) -> Finding:
    """An import that defines missions an earlier import already defines (the earlier ones are used)."""
    listed = ", ".join(f"'{name}'" for name in names)
    what = f"mission {listed}" if len(names) == 1 else f"missions {listed}"
    return Finding(
        "import_conflict",
        f"'{entry.path}' defines {what}, which '{first.path}' (imported before it) also defines; "
        f"calls use the definition{'s' if len(names) > 1 else ''} from '{first.path}'",
        entry.range,
        data={"import": entry.path, "missions": list(names)},
        related=(Related(first.range, f"'{first.path}' is imported first"),),
    )
