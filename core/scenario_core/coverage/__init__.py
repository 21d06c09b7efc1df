"""Coverage of a run: which steps of YAML missions ran, and which lines of the project's Python code.

:class:`StepCoverage` (:mod:`.steps`) adds up traced checks: every step of
every YAML mission (in a scenario file or a library) with the times it ran
and the scenarios that ran it. :mod:`.workers` gives the mission workers
what they need to be measured by coverage.py (:class:`Measurement`);
:class:`~.python.PythonLines` reads what they measured (import it from
:mod:`.python`: that imports coverage.py, which takes a good part of a
second, so nothing else here does). :func:`render_report` writes both
parts as one LCOV (:mod:`.lcov`), Cobertura (:mod:`.cobertura`) or JSON
(:mod:`.jsonreport`) report; :func:`merge_lcov` merges LCOV files (the
reports of a CI matrix's shards). :mod:`.measure` measures files in one
process.

Inside this package ``import coverage`` is coverage.py: imports are absolute.
"""
from .lcov import LcovFormatError, merge_lcov
from .workers import CoverageConfigError, Measurement, inherited_environment, worker_environment
from .report import DEFAULT_OUTPUTS, FORMATS, ReportFormat, render_report
from .steps import MissionLines, StepCoverage, StepLine, scenario_label

__all__ = [
    "DEFAULT_OUTPUTS",
    "FORMATS",
    "CoverageConfigError",
    "LcovFormatError",
    "Measurement",
    "MissionLines",
    "ReportFormat",
    "StepCoverage",
    "StepLine",
    "inherited_environment",
    "merge_lcov",
    "render_report",
    "scenario_label",
    "worker_environment",
]
