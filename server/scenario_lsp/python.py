"""What the editor shows of a project's Python missions: hover text, where they are defined, their params.

All of it comes from the check's catalog (what the worker described) and the
outcomes of the calls; the server never imports the project's code.
"""
from __future__ import annotations

from lsprotocol import types
from pygls.uris import from_fs_path

from scenario_core.checking.report import CheckReport
from scenario_core.python.missions import PythonCallable, PythonCallError
from scenario_core.source.positions import Position, SourceRange

__all__ = ["call_details", "callable_hover", "definition_location"]

#: The most characters of a traceback or of printed output a hover shows.
MAX_SHOWN = 4000


def callable_hover(python: PythonCallable) -> str:
    """Markdown: the signature, the docstring and where it is defined."""
    kind = "Python mission" if python.kind == "mission" else "Python operation"
    lines = [f"{kind} `{python.name}`"]
    if python.signature:
        lines.append(f"```python\ndef {python.qualname}{python.signature}\n```")
    if python.doc:
        lines += [python.doc]
    if python.params:
        lines += ["params: " + ", ".join(f"`{p.describe()}`" for p in python.params)]
    lines += [f"defined in `{python.module}` ({python.file}:{python.line})"]
    return "\n\n".join(lines)


def definition_location(python: PythonCallable) -> types.Location | None:
    """The ``def`` line of a registered function."""
    uri = from_fs_path(python.file)
    if uri is None or python.line <= 0:
        return None
    start = types.Position(line=python.line - 1, character=0)
    return types.Location(uri=uri, range=types.Range(start=start, end=start))


def call_details(report: CheckReport, at: Position) -> tuple[SourceRange, str] | None:
    """For the call at ``at``: what its Python mission printed, and the traceback of an exception it raised."""
    for outcome in report.scenarios:
        for index, call in enumerate(outcome.definition.calls):
            if not call.name_range.contains(at):
                continue
            parts: list[str] = []
            error = outcome.errors.get(index)
            if isinstance(error, PythonCallError):
                if error.traceback:
                    parts.append("```\n" + _tail(error.traceback) + "\n```")
                if error.output:
                    parts.append("printed:\n```\n" + _tail(error.output) + "\n```")
            printed = outcome.printed.get(index)
            if printed:
                parts.append("printed:\n```\n" + _tail(printed) + "\n```")
            return (call.name_range, "\n\n".join(parts)) if parts else None
    return None


def _tail(text: str) -> str:
    text = text.rstrip("\n")
    return text if len(text) <= MAX_SHOWN else "…" + text[-MAX_SHOWN:]
