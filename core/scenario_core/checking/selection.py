"""Running some of a file's scenarios (``scenario run FILE::SCENARIO``, ``-k``): what leaving one out means.

A **deselected** scenario is left out of the check as if the file did not
have it, with the expectations that name it:

* its mission calls do not run (no Python code of it runs), so nothing that
  running finds is looked for in it: unknown missions, rule violations at
  its calls, a Python mission's errors, failed steps;
* its expectations are not evaluated, counted or reported;
* its snapshot is neither compared, nor written, nor accepted; its stored
  entry stays as it is and is not an orphan;
* what *reading* the file finds is still reported for the whole file: YAML
  syntax and values, structure, unknown keys, the rules of the file's own
  missions. An input error anywhere makes the file invalid, whatever is
  selected, as a Python file that does not compile is an error in pytest
  whatever ``-k`` says.

Each selected scenario's ``scenario_hash`` is the one a run of the whole
file gives (a scenario's results depend on nothing but its own definition,
its missions and the suite's name). The file's ``suite_hash``,
``expectations_hash`` and ``test_run_hash`` are hashes of the whole suite,
so a check with a scenario left out has none (see
:attr:`~scenario_core.checking.report.CheckReport.deselected`).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from .document import ScenarioDocument

__all__ = ["SelectScenario", "select_scenarios"]

#: Whether a scenario runs, given the suite's name (None when the file has none) and the scenario's name.
SelectScenario = Callable[[str | None, str], bool]


def select_scenarios(document: ScenarioDocument, select: SelectScenario) -> tuple[ScenarioDocument, tuple[str, ...]]:
    """``document`` with only the scenarios ``select`` chooses and the expectations that name them.

    Also the names of the scenarios left out, one per definition, in the file's order.
    """
    suite = document.suite_name
    kept = tuple(s for s in document.scenarios if select(suite, s.name))
    if len(kept) == len(document.scenarios):
        return document, ()
    names = {s.name for s in kept}
    left_out = tuple(s.name for s in document.scenarios if s.name not in names)
    expectations = tuple(e for e in document.expectations if e.scenario in names)
    return replace(document, scenarios=kept, expectations=expectations), left_out
