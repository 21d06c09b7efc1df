"""The JSON coverage report: the YAML part with the scenarios that ran each step, and coverage.py's JSON of the Python part.

::

    {"meta": {"format": "scenario-coverage", "version": 1, "scenario_harness": "...", "coverage_py": "..."},
     "yaml": {"files": {"<path>": {"missions": [{"name", "line", "calls",
                                                 "steps": [{"id", "line", "count", "scenarios": ["suite/scenario", ...]}]}],
                                   "summary": {"missions", "missions_called", "steps", "steps_run"}}},
              "totals": {"missions", "missions_called", "steps", "steps_run", "percent_steps_run"}},
     "python": {"files": {"<path>": coverage.py's entry, with "contexts": {"<line>": ["suite/scenario", ...]}},
                "totals": [{"project": "<path>", ...coverage.py's totals}]}}

Lines are 1-based; paths relative to the folder the report is made for.
"""
from __future__ import annotations

from pathlib import Path
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from scenario_core import __version__

from .paths import shown_path
from .steps import MissionLines, StepCoverage

__all__ = ["FORMAT", "json_document"]

FORMAT = "scenario-coverage"


def _summary(missions: list[MissionLines]) -> dict[str, int]:
    steps = [step for mission in missions for step in mission.lines]
    return {
        "missions": len(missions),
        "missions_called": sum(1 for m in missions if m.calls),
        "steps": len(steps),
        "steps_run": sum(1 for step in steps if step.count),
    }


def json_document(steps: StepCoverage, python: dict[str, Any] | None, base: Path) -> dict[str, Any]:
    """The report as JSON values (see the module doc); ``python`` is :meth:`PythonLines.json`'s, or None without a Python part."""
    files: dict[str, Any] = {}
    totals = {"missions": 0, "missions_called": 0, "steps": 0, "steps_run": 0}
    shown = steps.to_dict()
    for path in steps.paths():
        missions = steps.missions(path)
        if not missions:
            continue
        summary = _summary(missions)
        files[shown_path(path, base)] = {**shown[path], "summary": summary}
        for key, value in summary.items():
            totals[key] += value
    percent = 100.0 * totals["steps_run"] / totals["steps"] if totals["steps"] else 100.0
    return {
        "meta": {"format": FORMAT, "version": 1, "scenario_harness": __version__, "coverage_py": _coverage_py_version()},
        "yaml": {"files": dict(sorted(files.items())), "totals": {**totals, "percent_steps_run": round(percent, 2)}},
        "python": python if python is not None else {"files": {}, "totals": []},
    }


def _coverage_py_version() -> str | None:
    """coverage.py's version, read without importing it."""
    try:
        return version("coverage")
    except PackageNotFoundError:
        return None
