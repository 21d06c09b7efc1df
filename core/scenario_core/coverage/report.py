"""One coverage report of a run in LCOV, Cobertura or JSON: the YAML part and the Python part together."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .cobertura import cobertura_document
from .jsonreport import json_document
from .lcov import yaml_lcov
from .steps import StepCoverage

if TYPE_CHECKING:  # reading the Python part imports coverage.py; a report without one never does
    from .python import PythonLines

__all__ = ["DEFAULT_OUTPUTS", "FORMATS", "ReportFormat", "render_report"]

ReportFormat = Literal["lcov", "cobertura", "json"]
FORMATS: tuple[ReportFormat, ...] = ("lcov", "cobertura", "json")
#: Where ``scenario run --coverage`` writes each format unless told.
DEFAULT_OUTPUTS: dict[ReportFormat, str] = {
    "lcov": "scenario-coverage.lcov",
    "cobertura": "scenario-coverage.xml",
    "json": "scenario-coverage.json",
}


def render_report(kind: ReportFormat, steps: StepCoverage, python: PythonLines | None, base: Path) -> str:
    """The report's text: file names relative to ``base`` (the folder the report is made for) when inside it.

    The Python part comes first in LCOV and Cobertura, as coverage.py writes it.
    """
    if kind == "lcov":
        return (python.lcov(base) if python is not None else "") + yaml_lcov(steps, base)
    if kind == "cobertura":
        return cobertura_document(steps, python.cobertura() if python is not None else [], base)
    document = json_document(steps, python.json(base) if python is not None else None, base)
    return json.dumps(document, indent=1, sort_keys=False) + "\n"
