"""What the check pipeline says: each finding it reports, worded once.

The pipeline (:mod:`scenario_core.check`) decides *that* something is wrong;
the functions here say *what* a person reads and where: the message, the
range of the node it is about, the data a quick fix needs and the related
places that explain it.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from .document import CallDef, ExpectationDef, MissionDef, ScenarioDef
from .engine import MAX_HUMAN_STEPS, MAX_STEPS, STEP_KINDS, OrchestrationResult
from .expectations import ExpectationResult
from .findings import Finding, Related
from .registry import closest_name
from .report import ScenarioOutcome
from .source import SourceRange

__all__ = [
    "call_violation",
    "duplicate_call",
    "duplicate_expectation",
    "duplicate_scenario",
    "expectation_failed",
    "invalid_operation",
    "params_to_file_mission",
    "rule_violation",
    "show_value",
    "step_failed",
    "unknown_mission",
]


def show_value(value: Any) -> str:
    """A value as a message shows it: JSON, characters as written, at most 80 of them."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return text if len(text) <= 80 else text[:77] + "..."


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


def params_to_file_mission(call: CallDef) -> Finding:
    return Finding(
        "invalid_value",
        f"mission '{call.name}' is defined in this file and takes no params",
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
        (Related(definition.key_range, f"mission '{call.name}' is defined here"),) if definition is not None else ()
    )
    return Finding(code, f"cannot run: {reason}", call.name_range, data={"mission": call.name}, related=related)


def step_failed(call: CallDef, result: OrchestrationResult, definition: MissionDef | None) -> Finding:
    """A call whose mission halted on a failing runtime step, pointing at the step."""
    related: tuple[Related, ...] = ()
    if definition is not None:
        for step in definition.steps:
            if step.id == result.failed_step_id:
                related = (Related(step.range, f"step '{step.id}' of mission '{call.name}'"),)
    return Finding(
        "step_failed",
        f"mission '{call.name}' failed: {result.error_message}",
        call.name_range,
        data={"mission": call.name, "step": result.failed_step_id, "error": result.error_message},
        related=related,
    )


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
        message = (
            f"path '{exp.path}' not found: '{segments[missing]}' is not in {reached}"
            + (f", which has {shown}" if available else ", which is not a mapping or list")
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
