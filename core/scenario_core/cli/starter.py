"""The files of the starter project ``scenario init`` writes: a small shop, tested with scenarios.

Every feature a newcomer meets in the first hour is in it, and all of it
passes: ``pyproject.toml`` with ``[tool.scenario]``, a Python mission and an
operation with typed params (``shop/missions.py``), a mission library
(``scenarios/shop.missions.yaml``), and a scenario file with an expectation
of every op and a snapshotted scenario. The snapshot file itself is not
here: ``scenario init`` computes it from the scenario file, as a first run
would (see :mod:`.init`).
"""
from __future__ import annotations

import re

__all__ = ["LIBRARY", "MISSIONS_MODULE", "SCENARIO_FILE", "project_name", "starter_files"]

#: The scenario file, relative to the project's folder.
SCENARIO_FILE = "scenarios/shop.scenario.yaml"
LIBRARY = "scenarios/shop.missions.yaml"
MISSIONS_MODULE = "shop/missions.py"

_PYPROJECT = """\
[project]
name = "{name}"
version = "0.1.0"
requires-python = ">=3.11"

# Read by scenario-harness: `scenario run`, its pytest plugin and its language server.
[tool.scenario]
missions = ["shop.missions"]   # modules that register Python missions and operations
paths = ["scenarios"]          # what `scenario run` runs when no PATH is given
"""

_PACKAGE = '''\
"""The shop: the project's own code, which the scenarios test."""
'''

_MISSIONS = '''\
"""The shop's Python missions and operations, called by name from scenario files.

`[tool.scenario] missions` in pyproject.toml names this module. Scenario files
call `place_order` like any other mission; a YAML step uses `reserve_stock`
by name. Params are checked against the type hints before anything runs.
"""
from scenario_harness import MissionContext, StepFailed, StepSpec, WorkflowDefinition, mission, operation


@operation
def reserve_stock(state: dict, *, sku: str, qty: int = 1) -> None:
    """Takes qty of sku out of state["stock"]; the step fails when there are not enough."""
    left = state.setdefault("stock", {}).get(sku, 0)
    if left < qty:
        raise StepFailed(f"only {left} of {sku} left, {qty} wanted")
    state["stock"][sku] = left - qty


@mission
def place_order(ctx: MissionContext, *, sku: str, qty: int = 1) -> WorkflowDefinition:
    """Reserve the stock, then a person approves the order."""
    return WorkflowDefinition(
        id="place_order",
        steps=[
            StepSpec("reserve", "runtime", {"operation": "reserve_stock", "sku": sku, "qty": qty}),
            StepSpec("approve", "human", {"placed_at": ctx.now().isoformat()}),
        ],
    )
'''

_LIBRARY = """\
# A mission library: missions written in YAML, for every scenario file that imports it.
description: Order handling shared by the shop's scenario files
missions:
  ship_order:
    description: Pack the order, then mark it shipped
    steps:
      - {id: pack, kind: human, payload: {description: Pack the boxes}}
      - {id: mark, kind: runtime, payload: {operation: set, key: shipped, value: true}}
      - {id: count, kind: runtime, payload: {operation: increment, key: shipments}}
"""

_SCENARIOS = """\
# The shop's scenarios. `scenario run` runs them (and `pytest`, with the plugin);
# an editor with the language server shows the verdict as you type.
suite: shop
imports:
  - shop.missions.yaml              # the mission library beside this file
scenarios:
  - name: two_mugs
    clock: 2024-03-01T09:30:00Z     # what ctx.now() gives the Python missions
    initial_state: {stock: {MUG: 5}}
    missions:
      - name: place_order           # a Python mission: shop/missions.py
        params: {sku: MUG, qty: 2}
  - name: shipped_once
    snapshot: true                  # every result pinned in __snapshots__/shop.scenario.yaml.json
    initial_state: {shipments: 0}
    missions:
      - ship_order                  # a mission of the library
expectations:
  - id: three_left
    scenario: two_mugs
    mission: place_order
    path: final_state.stock.MUG
    op: eq
    expected: 3
  - id: a_person_approves
    scenario: two_mugs
    mission: place_order
    path: executed_steps.1.kind
    op: ne
    expected: runtime
  - id: some_left
    scenario: two_mugs
    mission: place_order
    path: final_state.stock.MUG
    op: gt
    expected: 0
  - id: fewer_than_before
    scenario: two_mugs
    mission: place_order
    path: final_state.stock.MUG
    op: lt
    expected: 5
  - id: marked_shipped
    scenario: shipped_once
    mission: ship_order
    path: final_state.shipped
    op: exists
"""

_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def project_name(folder_name: str) -> str:
    """A distribution name for the project in ``folder_name``: its name made valid, else ``shop``."""
    name = _NAME.sub("-", folder_name).strip("-._")
    return name or "shop"


def starter_files(folder_name: str) -> dict[str, str]:
    """The starter's files by their path relative to the project's folder (``/`` between folders), in order."""
    return {
        "pyproject.toml": _PYPROJECT.format(name=project_name(folder_name)),
        "shop/__init__.py": _PACKAGE,
        MISSIONS_MODULE: _MISSIONS,
        LIBRARY: _LIBRARY,
        SCENARIO_FILE: _SCENARIOS,
    }
