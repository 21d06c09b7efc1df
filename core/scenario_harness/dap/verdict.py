"""The verdict of a debug run, as ``scenario run`` prints it.

The run's hashes are computed from the results the debug run gave, by the
core's own functions (:func:`hashes`). The findings are the check's: the
file is checked once more with :class:`RecordedMissions` in place of the
project's worker, which answers every call with the outcome the debug run
recorded for it (built-in and YAML missions run again in this process: they
are deterministic and cheap), so the verdict is worded exactly as the CLI
words it, and printed by the CLI's own writer (:func:`verdict_text`).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from scenario_core.checking import CheckReport, check
from scenario_core.cli.output import file_part, writer
from scenario_core.orchestration.hashing import canonical_json
from scenario_core.project.config import ProjectConfig
from scenario_core.python.missions import Catalog, PythonCallError, PythonMissions
from scenario_core.python.wire import Item, Outcome

__all__ = ["RecordedMissions", "Summary", "item_key", "verdict_text"]

ItemOutcome = "Outcome | PythonCallError"


def item_key(item: Item) -> str:
    """What identifies a worker item whatever its id: everything a check puts in it (the trace flags aside)."""
    return canonical_json({key: value for key, value in item.items() if key not in ("id", "trace", "states")})


class RecordedMissions(PythonMissions):
    """A project's Python missions answered from a debug run: its catalog, and each call's recorded outcome.

    An item the run did not record (the check's validation of a Python
    operation's arguments) goes to ``run_more``: the debug worker.
    """

    def __init__(
        self,
        config: ProjectConfig,
        catalog: Catalog,
        recorded: Mapping[str, "Outcome | PythonCallError"],
        run_more: Callable[[Sequence[Item]], dict[int, "Outcome | PythonCallError"]],
    ) -> None:
        super().__init__(config)
        self._recorded_catalog = catalog
        self._recorded = recorded
        self._run_more = run_more
        self.missing: list[Item] = []  # calls the run did not record: a difference to report

    def catalog(self) -> Catalog:
        return self._recorded_catalog

    def changed(self) -> bool:
        return False

    def run(self, items: Sequence[Item]) -> dict[int, "Outcome | PythonCallError"]:
        answered: dict[int, Outcome | PythonCallError] = {}
        more: list[Item] = []
        for item in items:
            outcome = self._recorded.get(item_key(item))
            if outcome is not None:
                answered[item["id"]] = outcome
            else:
                more.append(item)
                if item.get("kind") != "validate":
                    self.missing.append(item)
        if more:
            answered.update(self._run_more(more))
        return answered

    def close(self) -> None:
        """Nothing to stop: the debug worker is the session's."""


@dataclass(frozen=True)
class Summary:
    """What the end of a debug session prints: the verdict as ``scenario run`` prints it, and the hashes."""

    text: str
    exit_status: int
    scenario_hashes: Mapping[str, str]
    test_run_hash: str | None
    same_as_check: bool  # the check of the recorded outcomes gave the run's hashes

    def to_dict(self) -> dict[str, Any]:
        return {
            "exit_status": self.exit_status,
            "scenario_hashes": dict(self.scenario_hashes),
            "test_run_hash": self.test_run_hash,
            "same_as_check": self.same_as_check,
        }


def verdict_text(program: Path, report: CheckReport) -> tuple[str, int]:
    """``report`` as ``scenario run`` prints it (text, no colour), and its exit status."""
    out = io.StringIO()
    text_writer = writer("text", out)
    text_writer.add(file_part("text", str(program), report))
    status = text_writer.finish()
    return out.getvalue(), status


def final_report(program: Path, text: str, python: PythonMissions | None) -> CheckReport:
    """The check of ``text`` whose Python calls ``python`` answers (a :class:`RecordedMissions`)."""
    return check(text, python=python, path=program)
