"""``scenario/trace``: what each step of some calls of a scenario did, as the JSON of docs/server-contract.md.

The calls are run again when asked (:meth:`DocumentChecks.traces
<scenario_lsp.documents.checks.DocumentChecks.traces>`); this module reads
the request's params and turns the traces into the answer, each call as the
core's ``CallTrace.to_dict`` gives it, so that the editor, the CLI and
pytest describe a call in the very same words.
"""
from __future__ import annotations

from typing import Any, Mapping, cast

from pygls.exceptions import JsonRpcInvalidParams

from scenario_core.checking.traces import CallTrace

from ..documents.checks import CheckedDocument
from ..documents.traces import Call, CallKey, key_of
from ..protocol.contract import CallTraceReport, ScenarioTraceReport, TraceTarget

__all__ = ["trace_report", "trace_target"]

_FIELDS: Mapping[str, tuple[type, ...]] = {"uri": (str,), "scenario": (str,), "mission": (str,), "call": (int,), "states": (bool,)}


def trace_target(params: Any) -> TraceTarget:
    """The request's params (pygls hands a custom request's params over as a named tuple, or a mapping).

    Raises ``JsonRpcInvalidParams`` with what is wrong when they are not a TraceTarget.
    """
    given = params._asdict() if hasattr(params, "_asdict") else params
    if not isinstance(given, Mapping):
        raise JsonRpcInvalidParams("scenario/trace takes {uri, scenario, mission?, call?, states?}")
    for name in ("uri", "scenario"):
        if name not in given:
            raise JsonRpcInvalidParams(f"scenario/trace needs '{name}'")
    for name, value in given.items():
        kinds = _FIELDS.get(name)
        if kinds is None:
            raise JsonRpcInvalidParams(f"scenario/trace takes no '{name}'")
        # bool is an int in Python; a call index is not a bool.
        if value is not None and (not isinstance(value, kinds) or (kinds == (int,) and isinstance(value, bool))):
            raise JsonRpcInvalidParams(f"scenario/trace: '{name}' must be {kinds[0].__name__}")
    return TraceTarget(**{k: v for k, v in given.items() if v is not None})


def trace_report(checked: CheckedDocument, scenario: str, calls: list[Call], traces: Mapping[CallKey, CallTrace], states: bool) -> ScenarioTraceReport:
    """The answer to ``scenario/trace``: each of ``calls`` (of ``scenario``) whose trace was made, in order."""
    here = checked.path
    shown = [traces[key_of(call)].to_dict(checked.report.lines, here, states=states) for call in calls if key_of(call) in traces]
    return {
        "uri": checked.uri,
        "path": str(here) if here is not None else None,
        "scenario": scenario,
        "calls": cast(list[CallTraceReport], shown),
    }
