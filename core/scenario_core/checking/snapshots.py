"""Snapshots: a scenario's whole result, pinned in ``__snapshots__/`` and compared on every check.

A suite (``snapshot: true`` at the top of the file) or a scenario
(``snapshot: true`` or ``false``, which overrides the suite) asks for its
mission results to be pinned. They are stored in one file per scenario file,
``__snapshots__/<file name>.json`` beside it: JSON with sorted keys, indented
by two spaces, non-ASCII written as ``\\u`` escapes, one scenario per key of
``"scenarios"`` -- a file that diffs well and is the same bytes on every
machine and for every ``PYTHONHASHSEED``.

:func:`compare_snapshots` is the stage of the check pipeline after the
scenarios ran: it reads the stored file through the check's
:class:`~scenario_core.project.files.Files` and reports ``snapshot_changed``,
``snapshot_missing``, ``snapshot_invalid`` and ``snapshot_orphaned``. It never
writes. :meth:`SnapshotReport.accepted` says what accepting would store, and
:func:`write_snapshot_file` stores it; the CLI and the language server call
them, never a check.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection, Iterable, Literal, Mapping, MutableMapping, Sequence

from scenario_core.orchestration.frozen import FrozenDict
from scenario_core.orchestration.harness import ScenarioResult
from scenario_core.orchestration.hashing import canonical_json, hash_text
from scenario_core.orchestration.jsondiff import Change, differences
from scenario_core.project.changes import FileChange, apply_changes
from scenario_core.project.files import Files
from scenario_core.source.findings import Finding

from . import _wording as wording
from ._wording import describe_change
from .document import ScenarioDocument
from .outcomes import ScenarioOutcome

__all__ = [
    "DIRECTORY",
    "FORMAT",
    "SnapshotReport",
    "SnapshotState",
    "SnapshotUpdate",
    "StoredSnapshot",
    "compare_snapshots",
    "describe_change",
    "parse_snapshot",
    "remove_empty_folder",
    "scenario_file_of",
    "snapshot_change",
    "snapshot_path",
    "snapshot_text",
    "write_snapshot_file",
]

#: The ``"format"`` of a snapshot file; another value is not read.
FORMAT = "scenario-harness-snapshot/1"
#: The folder, beside the scenario file, that holds its snapshot file.
DIRECTORY = "__snapshots__"
#: The most characters of a snapshot file that are read (as for a scenario file).
MAX_SNAPSHOT_TEXT = 64 * 1024 * 1024
# How many parsed snapshot files a memo keeps (a long-lived caller checks many files).
_REMEMBERED_FILES = 32

#: ``unchanged``, ``changed``, ``missing`` (nothing stored yet), or ``not_run``
#: (a call could not run, so there is nothing whole to compare or to store).
SnapshotState = Literal["unchanged", "changed", "missing", "not_run"]


def snapshot_path(scenario_file: Path) -> Path:
    """Where the snapshots of ``scenario_file`` are stored: ``__snapshots__/<file name>.json`` beside it."""
    return scenario_file.parent / DIRECTORY / f"{scenario_file.name}.json"


def scenario_file_of(snapshot_file: Path) -> Path | None:
    """The scenario file whose snapshots ``snapshot_file`` stores; None when it is no snapshot file's path."""
    if snapshot_file.parent.name != DIRECTORY or snapshot_file.suffix != ".json":
        return None
    return snapshot_file.parent.parent / snapshot_file.name[: -len(".json")]


def snapshot_text(entries: Mapping[str, Any]) -> str:
    """The text of a snapshot file holding ``entries`` (scenario name → its mission results)."""
    document = {"format": FORMAT, "scenarios": FrozenDict.thaw(entries)}
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True, allow_nan=False) + "\n"


@dataclass(frozen=True)
class StoredSnapshot:
    """What a snapshot file holds: each scenario's mission results, and the hash of their canonical JSON.

    ``hashes`` are what a scenario's ``scenario_hash`` would be for the stored
    results, so comparing one costs no encoding. ``problem`` says why the file
    could not be read; ``entries`` are empty then.
    """

    entries: Mapping[str, Any]
    hashes: Mapping[str, str]
    problem: str | None = None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_snapshot(text: str) -> StoredSnapshot:
    """Read a snapshot file's text; never raises (a problem is described in ``problem``)."""
    if len(text) > MAX_SNAPSHOT_TEXT:
        return StoredSnapshot({}, {}, f"it has {len(text):,} characters, more than {MAX_SNAPSHOT_TEXT:,}")
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        return StoredSnapshot({}, {}, "it nests too deeply")
    except ValueError as error:  # JSONDecodeError says where
        return StoredSnapshot({}, {}, f"it is not valid JSON ({error})")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return StoredSnapshot({}, {}, f'it is not a snapshot file (its "format" is not "{FORMAT}")')
    scenarios = document.get("scenarios")
    if not isinstance(scenarios, dict):
        return StoredSnapshot({}, {}, 'its "scenarios" is not an object')
    try:
        hashes = {name: hash_text(canonical_json(entry)) for name, entry in scenarios.items()}
    except (ValueError, RecursionError) as error:  # an integer too long to write again, say
        return StoredSnapshot({}, {}, f"a value cannot be compared ({error})")
    return StoredSnapshot(scenarios, hashes)


@dataclass(frozen=True)
class SnapshotUpdate:
    """What accepting stores: the new text of the snapshot file (None: remove the file) and what changed."""

    path: Path
    text: str | None
    accepted: tuple[str, ...] = ()  # scenarios whose changed results are stored
    added: tuple[str, ...] = ()  # scenarios stored for the first time
    removed: tuple[str, ...] = ()  # entries of scenarios that are not snapshotted (any more)
    rewritten: bool = False  # the file could not be read and is replaced whole

    @property
    def changes_anything(self) -> bool:
        return bool(self.accepted or self.added or self.removed or self.rewritten)


@dataclass(frozen=True)
class SnapshotReport:
    """How a file's snapshotted scenarios compare with the stored snapshot file.

    ``stored`` is None when there is no snapshot file. ``states`` has every
    snapshotted scenario the suite keeps; ``results`` the results of those
    that ran whole; ``orphans`` are stored entries no snapshotted scenario uses.
    """

    path: Path
    stored: StoredSnapshot | None
    states: Mapping[str, SnapshotState]
    results: Mapping[str, ScenarioResult] = field(repr=False)
    orphans: tuple[str, ...] = ()

    @property
    def relative_path(self) -> str:
        """The snapshot file as seen from the scenario file: ``__snapshots__/<file name>.json``."""
        return f"{DIRECTORY}/{self.path.name}"

    @property
    def unreadable(self) -> bool:
        return self.stored is not None and self.stored.problem is not None

    @property
    def acceptable(self) -> bool:
        """True when accepting everything would change the snapshot file (cheap: nothing is written out)."""
        return self.unreadable or bool(self.orphans) or any(s in ("changed", "missing") for s in self.states.values())

    def summary(self) -> list[str]:
        """What fails, as a summary line says it: ``["1 snapshot changed", "2 snapshots missing"]``, or ``[]``."""
        if self.unreadable:
            return ["snapshot file unreadable"]
        states = list(self.states.values())
        return [
            f"{count} snapshot{'s' if count != 1 else ''} {state}"
            for state in ("changed", "missing")
            if (count := states.count(state))
        ]

    def state(self, scenario: str) -> SnapshotState | None:
        """The scenario's state; None when it is not snapshotted."""
        return self.states.get(scenario)

    def stored_entry(self, scenario: str) -> Any:
        """The stored mission results of ``scenario`` (None when nothing is stored)."""
        return self.stored.entries.get(scenario) if self.stored is not None else None

    def actual_entry(self, scenario: str) -> dict[str, Any] | None:
        """The mission results of ``scenario`` as a snapshot stores them (None when it did not run whole)."""
        result = self.results.get(scenario)
        return None if result is None else {name: r.to_dict() for name, r in result.mission_results.items()}

    def changes(self, scenario: str) -> list[Change]:
        """Every difference between the stored and the actual results of ``scenario``, shortest path first."""
        if self.states.get(scenario) != "changed":
            return []
        return differences(self.stored_entry(scenario), self.actual_entry(scenario), strict=True)

    def accepted(self, scenarios: Iterable[str] | None = None) -> SnapshotUpdate:
        """What the snapshot file holds after accepting ``scenarios`` (None: everything).

        Accepting a snapshotted scenario stores its actual results; accepting
        the name of an orphaned entry removes it. Accepting everything also
        removes every orphan. A scenario that did not run whole is never
        stored (its stored entry stays). An unreadable file is rewritten.
        """
        if self.unreadable:
            scenarios = None  # rewritten whole: what the file held is lost
        entries = dict(self.stored.entries) if self.stored is not None else {}
        names = list(self.states) + list(self.orphans) if scenarios is None else list(dict.fromkeys(scenarios))
        accepted: list[str] = []
        added: list[str] = []
        removed: list[str] = []
        for name in names:
            state = self.states.get(name)
            if state in ("changed", "missing"):
                entries[name] = self.actual_entry(name)
                (accepted if state == "changed" else added).append(name)
            elif state is None and name in entries:
                del entries[name]
                removed.append(name)
        text = snapshot_text(entries) if entries else None
        return SnapshotUpdate(self.path, text, tuple(accepted), tuple(added), tuple(removed), self.unreadable)


def _snapshotted(outcome: "ScenarioOutcome", document: ScenarioDocument) -> bool:
    own = outcome.definition.snapshot
    return document.snapshot if own is None else own


def compare_snapshots(
    document: ScenarioDocument,
    outcomes: Sequence["ScenarioOutcome"],
    path: Path | None,
    files: Files,
    findings: list[Finding],
    memo: MutableMapping[Path, tuple[str, StoredSnapshot]] | None = None,
    left_out: Collection[str] = (),
) -> SnapshotReport | None:
    """Compare the snapshotted scenarios of a checked file with its stored snapshot file.

    ``path`` is the scenario file (None for text that is not a file: nothing
    is compared). The findings go to ``findings``. Returns None when the file
    snapshots nothing and has no snapshot file. ``memo`` keeps parsed
    snapshot files by path with the text they were parsed from, so an
    unchanged file is not parsed again. ``left_out`` names scenarios the
    check did not run (see :mod:`.selection`): their stored entries are
    neither compared nor orphans.
    """
    if path is None:
        return None
    where = snapshot_path(path)
    text = files.read_text(where)
    kept = [o for o in outcomes if not o.shadowed and _snapshotted(o, document)]
    if text is None and not kept:
        return None
    stored = None if text is None else _parse(where, text, memo)
    report = _compare(where, stored, kept, left_out)
    shown = report.relative_path
    if stored is not None and stored.problem is not None:
        findings.append(wording.snapshot_invalid(shown, stored.problem, document.suite_range))
    for outcome in kept:
        state = report.states[outcome.name]
        if state == "changed":
            changes = report.changes(outcome.name)
            findings.append(wording.snapshot_changed(outcome.definition, changes, shown))
        elif state == "missing" and not report.unreadable:
            findings.append(wording.snapshot_missing(outcome.definition, shown))
    for name in report.orphans:
        findings.append(wording.snapshot_orphaned(name, shown, document.suite_range))
    return report


def _parse(where: Path, text: str, memo: MutableMapping[Path, tuple[str, StoredSnapshot]] | None) -> StoredSnapshot:
    if memo is None:
        return parse_snapshot(text)
    known = memo.pop(where, None)
    stored = known[1] if known is not None and known[0] == text else parse_snapshot(text)
    memo[where] = (text, stored)  # the most recently used last
    while len(memo) > _REMEMBERED_FILES:
        del memo[next(iter(memo))]
    return stored


def _compare(
    where: Path, stored: StoredSnapshot | None, kept: Sequence["ScenarioOutcome"], left_out: Collection[str] = ()
) -> SnapshotReport:
    states: dict[str, SnapshotState] = {}
    results: dict[str, ScenarioResult] = {}
    hashes = stored.hashes if stored is not None else {}
    for outcome in kept:
        name = outcome.name
        if outcome.failed_calls:
            states[name] = "not_run"
            continue
        results[name] = outcome.result
        stored_hash = hashes.get(name)
        if stored_hash is None:
            states[name] = "missing"
        elif stored_hash == outcome.result.metadata["scenario_hash"]:  # the hash of its mission results' canonical JSON
            states[name] = "unchanged"
        else:
            states[name] = "changed"
    orphans = tuple(sorted(name for name in hashes if name not in states and name not in left_out))
    return SnapshotReport(where, stored, states, results, orphans)


def snapshot_change(update: SnapshotUpdate) -> FileChange:
    """``update`` as a change of its file (see :mod:`scenario_core.project.changes`): its new bytes, or its removal."""
    return FileChange(update.path, None if update.text is None else update.text.encode("utf-8"))


def write_snapshot_file(update: SnapshotUpdate) -> None:
    """Store ``update``: replace the snapshot file at once (never half written), or remove it.

    A removed file's ``__snapshots__`` folder goes too when nothing else is in it.
    Raises :class:`~scenario_core.project.changes.ChangeRefused` when the file
    cannot be written; nothing changed then (not even a new ``__snapshots__`` folder).
    """
    apply_changes([snapshot_change(update)])
    if update.text is None:
        remove_empty_folder(update.path)


def remove_empty_folder(snapshot_file: Path) -> None:
    """Remove the ``__snapshots__`` folder of ``snapshot_file`` when it is empty (a removed snapshot file's last one)."""
    try:
        snapshot_file.parent.rmdir()
    except OSError:  # not empty, or already gone
        pass
