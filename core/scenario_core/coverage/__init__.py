"""Coverage of a run: which steps of YAML missions ran, and which lines of the project's Python code.

:class:`StepCoverage` (:mod:`.steps`) adds up traced checks: every step of
every YAML mission (in a scenario file or a library) with the times it ran
and the scenarios that ran it. :mod:`.python` measures the project's Python
lines in its mission workers with coverage.py (:func:`worker_environment`)
and reads them back (:class:`PythonLines`). :func:`render_report` writes both
parts as one LCOV (:mod:`.lcov`), Cobertura (:mod:`.cobertura`) or JSON
(:mod:`.jsonreport`) report; :func:`merge_lcov` merges LCOV files (the
reports of a CI matrix's shards).

Inside this package ``import coverage`` is coverage.py: imports are absolute.
"""
from .lcov import LcovFormatError, merge_lcov
from .python import CoverageConfigError, Measurement, PythonLines, inherited_environment, worker_environment
from .report import DEFAULT_OUTPUTS, FORMATS, ReportFormat, render_report
from .steps import MissionLines, StepCoverage, StepLine, scenario_label

__all__ = [
    "DEFAULT_OUTPUTS",
    "FORMATS",
    "CoverageConfigError",
    "LcovFormatError",
    "Measurement",
    "MissionLines",
    "PythonLines",
    "ReportFormat",
    "StepCoverage",
    "StepLine",
    "inherited_environment",
    "merge_lcov",
    "render_report",
    "scenario_label",
    "worker_environment",
]
