"""What ``scenario run`` writes: new snapshots, and with ``--accept`` every actual value.

A run writes the snapshots of scenarios that have none yet; in CI (``CI``
set, or ``--ci``) it writes nothing; ``--accept`` also sets every failed
``eq`` expectation's ``expected`` to its actual value and stores every
changed snapshot, keeping the rest of the file as written. A file with input
errors is never written to.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from scenario_core.checking.accept import apply_edits, expected_edits, refusal_of_file
from scenario_core.checking.report import CheckReport
from scenario_core.checking.snapshots import write_snapshot_file

__all__ = ["Writes", "ci_mode", "write_file"]

#: What a run writes: ``check`` nothing (CI); ``new`` the snapshots of
#: scenarios that have none yet; ``accept`` also every actual value: failed
#: ``eq`` expectations' ``expected``, changed snapshots, orphaned entries.
Writes = Literal["check", "new", "accept"]


def ci_mode(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """True when ``CI`` is set to anything but empty, ``0`` or ``false`` (as CI services set it)."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false")


def write_file(path: Path, data: bytes, report: CheckReport, writes: Writes) -> list[str]:
    """Write what ``writes`` asks for into ``path`` and its snapshot file; what was written, a line each."""
    snapshots = report.snapshots
    refusal = refusal_of_file(report)
    if refusal is not None:
        wanted = report.failed_count or report.snapshot_failures or (snapshots is not None and snapshots.orphans)
        return [f"{path}: not accepted: {refusal}"] if writes == "accept" and wanted else []
    lines: list[str] = []
    if writes == "accept":
        edits, refused = expected_edits(report)
        for refusal_of_one in refused:
            lines.append(f"{path}:{refusal_of_one.range.start.line + 1}: not accepted: expectation '{refusal_of_one.expectation}': {refusal_of_one.reason}")
        if edits:
            bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
            path.write_bytes(bom + apply_edits(report.lines.text, edits).encode("utf-8"))
            lines += [f"{path}:{e.range.start.line + 1}: {e.describe()}" for e in edits]
    if snapshots is None:
        return lines
    if writes == "accept":
        update = snapshots.accepted()
    else:
        missing = [name for name, state in snapshots.states.items() if state == "missing"]
        if not missing or snapshots.unreadable:  # an unreadable file is rewritten only when asked to
            return lines
        update = snapshots.accepted(missing)
    if not update.changes_anything:
        return lines
    write_snapshot_file(update)
    scenario_lines = {o.name: o.definition.name_range.start.line + 1 for o in report.scenarios if not o.shadowed}
    suite_line = report.document.suite_range.start.line + 1
    if update.rewritten:
        lines.append(f"{path}:{suite_line}: {snapshots.relative_path} could not be read; written again")
    for name in update.accepted:
        count = len(snapshots.changes(name))
        lines.append(f"{path}:{scenario_lines[name]}: snapshot of '{name}' accepted ({count} change{'s' if count != 1 else ''})")
    for name in update.added:
        lines.append(f"{path}:{scenario_lines[name]}: new snapshot of '{name}' written")
    for name in update.removed:
        lines.append(f"{path}:{suite_line}: snapshot entry '{name}' removed")
    return lines
