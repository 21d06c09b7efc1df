"""Findings: what the core has to say about a document, at a source range.

Every finding has a stable ``code`` (documented in the README's finding
reference, one section per code), a severity, a message a person reads, the
range of the YAML node it is about, and ``data`` with what a quick fix needs.
The CLI and the language server print and transport findings; they never
invent their own.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable, Mapping

from scenario_core.orchestration.frozen import FrozenDict, freeze

from .positions import SourceRange

__all__ = ["CODES", "Category", "Code", "Finding", "Related", "Severity", "show_value", "sort_findings"]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Category(str, Enum):
    """Why a finding matters for the verdict (and the CLI's exit status)."""

    INPUT = "input"  # the file is invalid: syntax, structure, references, rules
    RESULT = "result"  # an expectation did not hold
    NOTE = "note"  # advice; never changes the verdict


@dataclass(frozen=True)
class Code:
    name: str
    category: Category
    severity: Severity
    summary: str


def _codes(*codes: Code) -> Mapping[str, Code]:
    return FrozenDict({c.name: c for c in codes})


_I, _R, _N = Category.INPUT, Category.RESULT, Category.NOTE
_E, _W, _F = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every finding code the core emits, in the README's order (its "Findings" section; a test compares):
#: what makes a file invalid, what the project's Python code adds to that, failed expectations, notes.
CODES: Mapping[str, Code] = _codes(
    Code("internal_error", _I, _E, "the check itself failed (a bug in Scenario Harness); the traceback is in the log"),
    Code("encoding", _I, _E, "the file is not valid UTF-8 text"),
    Code("too_large", _I, _E, "the file or its alias expansion is larger than the core accepts"),
    Code("yaml_syntax", _I, _E, "the text is not well-formed YAML"),
    Code("yaml_value", _I, _E, "a YAML value with no JSON equivalent (.nan, .inf, !!binary, unknown tags)"),
    Code("duplicate_key", _I, _E, "a mapping names the same key twice"),
    Code("complex_key", _I, _E, "a mapping key that is a mapping or a sequence"),
    Code("non_string_key", _I, _W, "a key that YAML reads as a number, boolean or null; it is used as text"),
    Code("missing_key", _I, _E, "a required key is absent"),
    Code("wrong_type", _I, _E, "a value has the wrong type"),
    Code("unknown_key", _I, _E, "a key the format does not define"),
    Code("unknown_op", _I, _E, "an expectation op other than eq, ne, gt, lt, exists"),
    Code("invalid_value", _I, _E, "a value of the right type that is not allowed (an empty name, a negative amount)"),
    Code("invalid_operation", _I, _E, "a runtime step whose operation or its arguments are invalid"),
    Code("unknown_mission", _I, _E, "a mission call names no file-local, imported, Python or built-in mission"),
    Code("import_path", _I, _E, "an import's path is not allowed: absolute, outside the project, or not a mission library"),
    Code("import_not_found", _I, _E, "an imported mission library does not exist"),
    Code("import_cycle", _I, _E, "mission libraries that import each other in a circle"),
    Code("library_errors", _I, _E, "an imported mission library has errors (shown in the library itself)"),
    Code("scenario_missing", _I, _E, "an expectation names a scenario the file does not have"),
    Code("mission_missing", _I, _E, "an expectation names a mission its scenario does not call"),
    Code("duplicate_id", _I, _E, "two expectations share an id, or two steps of a mission share an id"),
    Code("anti_failure", _I, _E, "a mission has more than 5 steps or more than 2 human steps"),
    Code("envelope", _I, _E, "a step kind other than human or runtime"),
    Code("missions_import", _I, _E, "the project's Python missions could not be loaded (a module failed to import)"),
    Code("invalid_params", _I, _E, "a Python mission's params, or a Python operation's arguments, do not fit its signature"),
    Code("unsupported_hint", _I, _E, "a Python mission or operation has a param whose type hint cannot be checked against a YAML value"),
    Code("mission_error", _I, _E, "a Python mission or operation raised an exception"),
    Code("invalid_result", _I, _E, "a Python mission returned something other than a workflow or a result of JSON values"),
    Code("mission_timeout", _I, _E, "a Python mission ran longer than the project's timeout"),
    Code("mission_crashed", _I, _E, "the worker process running a Python mission died"),
    Code("nondeterministic", _I, _E, "mission code read a clock or unseeded randomness, or used the network, a subprocess or file writes"),
    Code("invalid_config", _I, _E, "pyproject.toml's [tool.scenario] has an unknown key or a value of the wrong type, or the file is not TOML"),
    Code("unknown_table", _N, _W, "a pyproject.toml table that looks like [tool.scenario] but is not, so nothing reads it"),
    Code("eq_mismatch", _R, _E, "an eq expectation did not hold"),
    Code("ne_mismatch", _R, _E, "an ne expectation did not hold"),
    Code("gt_mismatch", _R, _E, "a gt expectation did not hold"),
    Code("lt_mismatch", _R, _E, "an lt expectation did not hold"),
    Code("type_error", _R, _E, "gt or lt compared values of different kinds"),
    Code("path_missing", _R, _E, "an expectation's path does not exist in the mission result"),
    Code("snapshot_changed", _R, _E, "a snapshotted scenario's mission results differ from its stored snapshot"),
    Code("snapshot_missing", _R, _E, "a snapshotted scenario has no stored snapshot yet"),
    Code("snapshot_invalid", _R, _E, "the stored snapshot file cannot be read (not JSON, or not a snapshot file)"),
    Code("snapshot_orphaned", _N, _W, "the stored snapshot has an entry that no snapshotted scenario uses"),
    Code("ambiguous_bool", _N, _W, "yes/no/on/off are text here, not booleans"),
    Code("duplicate_scenario", _N, _W, "two scenarios share a name; the last one wins"),
    Code("import_conflict", _N, _W, "two imports define the same mission, or one file is imported twice; the first wins"),
    Code("duplicate_call", _N, _W, "a scenario calls the same mission twice; the last result wins"),
    Code("step_failed", _N, _F, "a runtime step failed and halted its mission"),
    Code("not_run", _N, _F, "a call or an expectation that did not run because of an error reported on its own (its cause)"),
    Code("python_missions_off", _N, _F, "a call of a Python mission while Python missions are turned off"),
    Code("untrusted_project", _N, _F, "a call of a Python mission of a project the user has not trusted; nothing of it runs"),
    Code("shadowed_mission", _N, _W, "a Python or library mission has the name of a built-in one, or a library mission that of a Python one, which it hides"),
)


@dataclass(frozen=True)
class Related:
    """Another place that explains a finding (a mission definition, say).

    ``path`` names another file (a Python mission's source, a mission library)
    when the place is not in the file being checked.
    """

    range: SourceRange
    message: str
    path: str | None = None

    @classmethod
    def at_line(cls, path: str, line: int, message: str) -> "Related":
        """The start of 1-based ``line`` of the file at ``path``."""
        return cls(SourceRange.point(max(line - 1, 0), 0), message, path)

    def to_dict(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"range": self.range.to_dict(), "message": self.message}
        if self.path is not None:
            shown["path"] = self.path
        return shown


@dataclass(frozen=True)
class Finding:
    """One thing the core found, at the range of the node it is about.

    ``data`` is read-only and JSON-serialisable; it carries what a quick fix
    needs (``actual`` for a failed expectation, ``suggestion`` for an unknown
    mission).
    """

    code: str
    message: str
    range: SourceRange
    data: Mapping[str, Any] = field(default_factory=FrozenDict)
    related: tuple[Related, ...] = ()

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"no finding code {self.code!r}")
        object.__setattr__(self, "data", freeze(dict(self.data)))

    @property
    def severity(self) -> Severity:
        """Every finding of a code has the code's severity (see :data:`CODES`)."""
        return CODES[self.code].severity

    @property
    def category(self) -> Category:
        return CODES[self.code].category

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "category": self.category.value,
            "message": self.message,
            "range": self.range.to_dict(),
            "data": FrozenDict.thaw(self.data),
            "related": [r.to_dict() for r in self.related],
        }


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """``findings`` in the order a report lists them: by range, then code, then message."""
    return tuple(sorted(findings, key=lambda f: (f.range.start, f.range.end, f.code, f.message)))


def show_value(value: Any, limit: int = 80) -> str:
    """A value as a message shows it: JSON, characters as written, at most ``limit`` of them."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return text if len(text) <= limit else text[: limit - 3] + "..."
