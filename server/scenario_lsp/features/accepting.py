"""Accepting snapshots: ``scenario.acceptSnapshots`` stores a file's snapshots, from the text the editor holds.

The snapshot file is generated data (as a lock file is), so the server
writes it itself; the ``expected`` values of the scenario file travel as a
code action's edit instead (see :mod:`.actions`), which the editor applies
with undo. A file with input errors is never accepted.
"""
from __future__ import annotations

from pygls.uris import from_fs_path

from scenario_core.checking.accept import refusal_of_file
from scenario_core.checking.snapshots import write_snapshot_file
from scenario_core.project.changes import ChangeRefused

from ..documents.checks import CheckedDocument
from ..protocol.contract import AcceptedSnapshots

__all__ = ["accept_message", "accept_snapshots"]


def accept_snapshots(checked: CheckedDocument | None, uri: str, scenarios: list[str] | None) -> AcceptedSnapshots:
    """Write the snapshots of ``scenarios`` (None: the whole file) as ``checked`` has them; what was written.

    Blocking (it writes a file): call it off the event loop.
    """
    answer: AcceptedSnapshots = {"uri": uri, "snapshot": None, "accepted": [], "added": [], "removed": [], "refused": None}
    if checked is None:
        answer["refused"] = "the file cannot be read"
        return answer
    report = checked.report
    refusal = refusal_of_file(report)
    if refusal is not None:
        answer["refused"] = refusal
        return answer
    if report.snapshots is None:
        answer["refused"] = "the file snapshots nothing (no snapshot: true) and has no snapshot file"
        return answer
    update = report.snapshots.accepted(scenarios)
    answer["snapshot"] = from_fs_path(str(update.path))
    if update.changes_anything:
        try:
            write_snapshot_file(update)  # all or nothing: a refused write leaves no file and no new folder behind
        except ChangeRefused as refused:
            answer["refused"] = f"cannot write {report.snapshots.relative_path}: {refused.reason}; nothing was written"
            return answer
    answer["accepted"], answer["added"], answer["removed"] = list(update.accepted), list(update.added), list(update.removed)
    return answer


def accept_message(answer: AcceptedSnapshots) -> str:
    """The one line a client shows after an accept: ``Snapshots: accepted 'cart'; removed 'old'``."""
    if answer["refused"] is not None:
        return f"Snapshots not accepted: {answer['refused']}"
    named = (("accepted", answer["accepted"]), ("stored", answer["added"]), ("removed", answer["removed"]))
    parts = [f"{verb} {', '.join(repr(name) for name in names)}" for verb, names in named if names]
    return "Snapshots: " + "; ".join(parts) if parts else "Snapshots: nothing to accept, they are as stored"
