"""Checking a scenario file: text in, every finding at its source range and the hashed results out.

:func:`check` is the pipeline (:mod:`.pipeline`): parse, read the structure
(:mod:`.document`, whose keys :mod:`.format` defines), read the mission
libraries it imports (:mod:`.libraries`), run each scenario, compare
snapshots (:mod:`.snapshots`), evaluate the expectations, and return a
:class:`CheckReport` (:mod:`.report`). :mod:`.cache` is what a re-check
reuses; :mod:`.accept` turns a report into the edits that accept its actual
values. The CLI, the language server and the pytest plugin all read
reports; none of them checks a file another way. The debugger runs a
file's calls one at a time, each as a check runs it: where a call runs
(:func:`resolve`, :func:`runs_in_worker`), the worker item a check sends for
it (:class:`WorkerBatch`) and what an outcome means (:class:`Replay`).
"""
from ._calls import LocalMission, Replay, WorkerBatch, resolve, runs_in_worker
from .cache import ResultCache, ScenarioCache
from .outcomes import ExpectationOutcome, ScenarioOutcome
from .pipeline import check, check_bytes
from .report import CheckReport, Verdict

__all__ = [
    "CheckReport",
    "ExpectationOutcome",
    "LocalMission",
    "Replay",
    "ResultCache",
    "ScenarioCache",
    "ScenarioOutcome",
    "Verdict",
    "WorkerBatch",
    "check",
    "check_bytes",
    "resolve",
    "runs_in_worker",
]
