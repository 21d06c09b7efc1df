"""What ``scenario run`` writes: new snapshots, and with ``--accept`` every actual value.

A run writes the snapshots of scenarios that have none yet; in CI (``CI``
set, or ``--ci``) it writes nothing; ``--accept`` also sets every failed
``eq`` expectation's ``expected`` to its actual value and stores every
changed snapshot, keeping the rest of the file as written. A file with input
errors is never written to.

A file's writes -- its new ``expected`` values and its snapshot file -- are
made together or not at all (:mod:`scenario_core.project.changes`); each
scenario file is one such set, written by the process that checked it, so
that memory stays flat however many files a run accepts. When a set cannot
be written, one line says which file and why: an ``--accept`` then fails
the run (exit status 2); a plain run's new snapshots stay missing, and the
run reports them as missing.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scenario_core.checking.accept import apply_edits, expected_edits, refusal_of_file
from scenario_core.checking.report import CheckReport
from scenario_core.checking.snapshots import SnapshotUpdate, remove_empty_folder, snapshot_change
from scenario_core.project.changes import ChangeRefused, FileChange, apply_changes

__all__ = ["Writes", "Written", "ci_mode", "write_file"]

#: What a run writes: ``check`` nothing (CI); ``new`` the snapshots of
#: scenarios that have none yet; ``accept`` also every actual value: failed
#: ``eq`` expectations' ``expected``, changed snapshots, orphaned entries.
Writes = Literal["check", "new", "accept"]


def ci_mode(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """True when ``CI`` is set to anything but empty, ``0`` or ``false`` (as CI services set it)."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false")


@dataclass(frozen=True)
class Written:
    """What a run wrote into a scenario file and its snapshot file.

    ``lines`` say what changed (or was left alone), a line each; ``refused``
    is the one line saying that nothing could be written and why (None when
    everything asked for was written); ``changed`` is true when a file changed.
    """

    lines: tuple[str, ...] = ()
    refused: str | None = None
    changed: bool = False


def write_file(path: Path, data: bytes, report: CheckReport, writes: Writes) -> Written:
    """Write what ``writes`` asks for into ``path`` and its snapshot file: both, or neither.

    Everything is prepared first (see :func:`scenario_core.project.changes.apply_changes`);
    when one of the two files cannot be written, neither changes. In a run of
    some of the file's scenarios (``report.deselected``) only theirs are
    written: their expected values and snapshots; orphaned snapshot entries
    stay until a run of the whole file.
    """
    snapshots = report.snapshots
    refusal = refusal_of_file(report)
    if refusal is not None:
        wanted = report.failed_count or report.snapshot_failures or (snapshots is not None and snapshots.orphans)
        return Written((f"{path}: not accepted: {refusal}",) if writes == "accept" and wanted else ())
    lines: list[str] = []
    changes: list[FileChange] = []
    done: list[str] = []
    if writes == "accept":
        edits, refused = expected_edits(report)
        for one in refused:
            lines.append(f"{path}:{one.range.start.line + 1}: not accepted: expectation '{one.expectation}': {one.reason}")
        if edits:
            bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
            changes.append(FileChange(path, bom + apply_edits(report.lines.text, edits).encode("utf-8")))
            done += [f"{path}:{e.range.start.line + 1}: {e.describe()}" for e in edits]
    update = _snapshot_update(report, writes)
    if update is not None:
        changes.append(snapshot_change(update))
        done += _snapshot_lines(path, report, update)
    if not changes:
        return Written(tuple(lines))
    try:
        apply_changes(changes)
    except ChangeRefused as refused:
        return Written(tuple(lines), _refusal(path, refused, writes), changed=bool(refused.changed))
    if update is not None and update.text is None:
        remove_empty_folder(update.path)
    return Written(tuple(lines + done), changed=True)


def _snapshot_update(report: CheckReport, writes: Writes) -> SnapshotUpdate | None:
    """What the snapshot file becomes, or None when it stays as it is."""
    snapshots = report.snapshots
    if snapshots is None:
        return None
    if writes == "accept":
        # A run of some scenarios accepts theirs only; a whole run also removes orphaned entries.
        update = snapshots.accepted(list(snapshots.states) if report.deselected else None)
    else:
        missing = [name for name, state in snapshots.states.items() if state == "missing"]
        if not missing or snapshots.unreadable:  # an unreadable file is rewritten only when asked to
            return None
        update = snapshots.accepted(missing)
    return update if update.changes_anything else None


def _snapshot_lines(path: Path, report: CheckReport, update: SnapshotUpdate) -> list[str]:
    snapshots = report.snapshots
    assert snapshots is not None, "an update comes from the file's snapshots"
    scenario_lines = {o.name: o.definition.name_range.start.line + 1 for o in report.scenarios if not o.shadowed}
    suite_line = report.document.suite_range.start.line + 1
    lines = []
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


def _refusal(path: Path, refused: ChangeRefused, writes: Writes) -> str:
    """The one line that says a file's writes could not be made, naming the file that could not be written and why."""
    why = f"cannot write {refused.path}: {refused.reason}"
    if refused.changed:  # only when the folder changed under us between preparing and renaming
        return f"{path}: only partly written: {', '.join(map(str, refused.changed))} changed, then {why}"
    if writes == "accept":
        return f"{path}: not accepted: {why}; nothing was written"
    return f"{path}: new snapshots not written: {why}; they stay missing"
