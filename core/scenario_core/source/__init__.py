"""What a finding is about: positions in a text, findings at them, and a finding shown with its text.

:mod:`.positions` counts lines and columns (code points, with UTF-8 and
UTF-16 conversions for editors); :mod:`.findings` is every finding code and
the :class:`Finding` the CLI, the language server and pytest all show;
:mod:`.excerpt` prints a finding with the lines around it. It imports only
:mod:`scenario_core.orchestration`.
"""
from .excerpt import finding_line, finding_text
from .findings import CODES, Category, Finding, Related, Severity, sort_findings
from .positions import DOCUMENT_START, Encoding, LineIndex, Position, SourceRange

__all__ = [
    "CODES",
    "Category",
    "DOCUMENT_START",
    "Encoding",
    "Finding",
    "LineIndex",
    "Position",
    "Related",
    "Severity",
    "SourceRange",
    "finding_line",
    "finding_text",
    "sort_findings",
]
