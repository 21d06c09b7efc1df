"""Checking a scenario file: text in, every finding at its source range and the hashed results out.

:func:`check` is the pipeline (:mod:`.pipeline`): parse, read the structure
(:mod:`.document`, whose keys :mod:`.format` defines), read the mission
libraries it imports (:mod:`.libraries`), run each scenario, compare
snapshots (:mod:`.snapshots`), evaluate the expectations, and return a
:class:`CheckReport` (:mod:`.report`). :mod:`.cache` is what a re-check
reuses; :mod:`.accept` turns a report into the edits that accept its actual
values. The CLI, the language server and the pytest plugin all read
reports; none of them checks a file another way.
"""
from .cache import ResultCache, ScenarioCache
from .outcomes import ExpectationOutcome, ScenarioOutcome
from .pipeline import check, check_bytes
from .report import CheckReport, Verdict

__all__ = ["CheckReport", "ExpectationOutcome", "ResultCache", "ScenarioCache", "ScenarioOutcome", "Verdict", "check", "check_bytes"]
