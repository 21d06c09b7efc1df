"""The YAML missions of a check, made ready to run: rule violations, operation problems, canonical form.

A scenario file's own missions and those of the mission libraries it imports
are prepared alike; the findings about a library's missions belong to the
library (its own check shows them), so an importer collects them apart.
"""
from __future__ import annotations

from scenario_core.orchestration.engine import OPERATIONS, OperationSpec, operation_problems
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.orchestration.registry import workflow_mission
from scenario_core.python.missions import Catalog, PythonCallError
from scenario_core.source.findings import Finding

from . import _wording as wording
from ._calls import LocalMission, WorkerBatch, lost_error, unchecked_error
from .document import MissionDef

__all__ = ["check_missions", "report_validations"]


def check_missions(
    definitions: tuple[MissionDef, ...], findings: list[Finding], catalog: Catalog | None, batch: WorkerBatch
) -> dict[str, LocalMission]:
    """``definitions`` as they run, by name; what is wrong with them goes to ``findings``.

    The arguments of steps that use the project's Python operations are queued
    on ``batch`` for the worker to validate (see :func:`report_validations`).
    """
    operations = dict(OPERATIONS)
    if catalog is not None:
        operations.update({name: _PYTHON_OPERATION for name in (*catalog.lost_operations, *catalog.operations)})
    missions: dict[str, LocalMission] = {}
    for mission in definitions:
        violation = wording.rule_violation(mission)
        if violation is not None:
            findings.append(violation)
        remote = False
        lost = None
        for step in mission.steps:
            if step.kind != "runtime":
                continue
            for key, message in operation_problems(step.payload, operations):
                findings.append(wording.invalid_operation(step.id, message, step.argument_range(key)))
            name = step.payload.get("operation")
            gone = catalog.lost_operations.get(name) if catalog is not None and isinstance(name, str) and name not in catalog.operations else None
            if gone is not None and isinstance(name, str) and name not in OPERATIONS:
                error = lost_error("operation", name, *gone)
                findings.append(wording.lost_operation(step, error))
                lost = lost or error
            elif catalog is not None and isinstance(name, str) and name in catalog.operations and name not in OPERATIONS:
                remote = True
                unchecked = unchecked_error(catalog.operations[name])
                if unchecked is not None and catalog.enabled:
                    findings.append(wording.unchecked_operation(step, catalog.operations[name], unchecked.message))
                    lost = lost or PythonCallError("not_run", f"operation '{name}' cannot be called: {unchecked.message}")
                    continue
                if not catalog.enabled:
                    findings.append(wording.python_off_operation(step, name, catalog))
                elif violation is None:
                    arguments = {k: v for k, v in step.payload.items() if k != "operation"}
                    batch.validations.append((step, name, batch.add_validation(name, arguments, step.argument_range("operation"))))
        workflow = mission.workflow
        canonical = canonical_json({"mission": mission.name, "steps": [s.to_dict() for s in workflow.steps]})
        missions[mission.name] = LocalMission(mission, workflow_mission(workflow), canonical, violation, remote, lost)
    return missions


# Python operations are known to the check by name only: their arguments are the worker's to validate.
_PYTHON_OPERATION = OperationSpec("python", lambda state, payload: None, (), (), "a Python operation of the project")


def report_validations(batch: WorkerBatch, findings: list[Finding]) -> None:
    """The worker's verdicts on the Python operations' arguments queued by :func:`check_missions`, as findings."""
    for step, operation, item in batch.validations:
        outcome = batch.outcomes.get(item)
        if outcome is None:
            continue
        if isinstance(outcome, PythonCallError):
            findings.append(wording.validation_failed(step, operation, outcome, batch.cause_of(outcome)))
        elif "invalid_params" in outcome:
            findings.extend(wording.invalid_arguments(step, operation, outcome["invalid_params"], batch.catalog))
