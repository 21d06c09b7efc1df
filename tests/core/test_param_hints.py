"""Every type hint a param may have works, or is one finding at the call naming the hint and what to write instead.

The values come from YAML as JSON; pydantic checks them in the worker, which
says what does not fit in our words, at a path the check places on the
exact YAML node.
"""
from __future__ import annotations

import textwrap

import pytest
from helpers import def_line, located, one, project, span

from scenario_core.checking.pipeline import check
from scenario_core.checking.report import CheckReport
from scenario_core.python.missions import PythonProjects

HINTS = '''
import dataclasses
import enum
import typing
from typing import Literal, Optional

import typing_extensions

from scenario_harness import StepSpec, WorkflowDefinition, mission, operation


class Slot(typing.TypedDict):
    start: int
    end: int


class Guest(typing_extensions.TypedDict):
    name: str
    nights: typing_extensions.NotRequired[int]


@dataclasses.dataclass
class Line:
    sku: str
    qty: int = 1


class Size(enum.Enum):
    SMALL = "small"
    LARGE = "large"


class Room:
    """A plain class: nothing says how a YAML value becomes one."""

    def __init__(self, number):
        self.number = number


def done(value) -> WorkflowDefinition:
    return WorkflowDefinition(id="done", steps=[StepSpec("s", "runtime", {"operation": "set", "key": "got", "value": value})])


@mission
def typed_dict(ctx, *, slot: Slot) -> WorkflowDefinition:
    return done(slot)


@mission
def extensions_typed_dict(ctx, *, guest: Guest) -> WorkflowDefinition:
    return done(guest)


@mission
def data_class(ctx, *, line: Line) -> WorkflowDefinition:
    return done(dataclasses.asdict(line))


@mission
def an_enum(ctx, *, size: Size) -> WorkflowDefinition:
    return done(size.value)


@mission
def a_literal(ctx, *, mode: Literal["fast", "slow"]) -> WorkflowDefinition:
    return done(mode)


@mission
def optional(ctx, *, note: Optional[str] = None) -> WorkflowDefinition:
    return done(note)


@mission
def a_union(ctx, *, key: int | str) -> WorkflowDefinition:
    return done(key)


@mission
def nested(ctx, *, orders: list[dict[str, list[Line]]]) -> WorkflowDefinition:
    return done([{k: [dataclasses.asdict(line) for line in v] for k, v in order.items()} for order in orders])


@mission
def slots(ctx, *, slots: list[Slot]) -> WorkflowDefinition:
    return done(slots)


@mission
def book(ctx, *, room: Room) -> WorkflowDefinition:
    return done(room.number)


@operation
def hold(state: dict, *, slot: Slot) -> None:
    state["held"] = slot


@operation
def reserve(state: dict, *, room: Room) -> None:
    state["room"] = room.number
'''


@pytest.fixture(scope="module")
def hints(tmp_path_factory):
    path = project(tmp_path_factory.mktemp("hints"), HINTS)
    projects = PythonProjects()
    yield projects, path
    projects.close()


def run(hints, text: str) -> CheckReport:
    projects, path = hints
    text = textwrap.dedent(text).lstrip("\n")
    return check(text, python=projects.for_file(path), path=path)


def call(mission: str, params: str) -> str:
    return f"suite: s\nscenarios:\n  - name: s\n    missions:\n      - name: {mission}\n        params: {params}\n"


@pytest.mark.parametrize(
    "mission, params, got",
    [
        ("typed_dict", "{slot: {start: 9, end: 11}}", {"start": 9, "end": 11}),
        ("extensions_typed_dict", "{guest: {name: Ada}}", {"name": "Ada"}),
        ("extensions_typed_dict", "{guest: {name: Ada, nights: 2}}", {"name": "Ada", "nights": 2}),
        ("data_class", "{line: {sku: MUG}}", {"sku": "MUG", "qty": 1}),
        ("an_enum", "{size: large}", "large"),
        ("a_literal", "{mode: slow}", "slow"),
        ("optional", "{}", None),
        ("optional", "{note: hi}", "hi"),
        ("a_union", "{key: 3}", 3),
        ("a_union", "{key: three}", "three"),
        ("nested", "{orders: [{a: [{sku: MUG, qty: 2}]}]}", [{"a": [{"sku": "MUG", "qty": 2}]}]),
        ("slots", "{slots: [{start: 1, end: 2}]}", [{"start": 1, "end": 2}]),
    ],
)
def test_every_kind_of_hint_takes_its_json_value(hints, mission, params, got):
    report = run(hints, call(mission, params))
    assert report.findings == ()
    assert report.mission_result("s", mission).to_dict()["final_state"]["got"] == got


def test_a_python_operation_with_a_typed_dict_argument_works_from_a_yaml_step(hints):
    report = run(hints, """
        suite: s
        missions:
          mine:
            steps:
              - {id: h, kind: runtime, payload: {operation: hold, slot: {start: 1, end: 2}}}
        scenarios:
          - name: s
            missions: [mine]
        """)
    assert report.findings == ()
    assert report.mission_result("s", "mine").final_state["held"] == {"start": 1, "end": 2}


@pytest.mark.parametrize(
    "mission, params, message, at",
    [
        ("typed_dict", "{slot: {start: 9, end: x}}", 'slot.end: expected an integer, got "x"', "x}"),
        ("typed_dict", "{slot: {start: 9, end: 11, window: 2}}", "slot: unknown key 'window'; it takes start, end", "window"),
        ("typed_dict", "{slot: {strat: 9, end: 11}}", "slot: unknown key 'strat'; did you mean 'start'?", "strat"),
        ("slots", "{slots: [{start: 1, end: 2, windw: 3}]}", "slots.0: unknown key 'windw'; it takes start, end", "windw"),
        ("data_class", "{line: {sku: MUG, qtty: 2}}", "line: unknown key 'qtty'; did you mean 'qty'?", "qtty"),
        ("an_enum", "{size: huge}", "size: expected 'small' or 'large', got \"huge\"", "huge"),
        ("a_literal", "{mode: quick}", "mode: expected 'fast' or 'slow', got \"quick\"", "quick"),
        ("data_class", "{line: {qty: 2}}", "line: 'sku' is missing", "{qty: 2}"),
    ],
)
def test_a_value_that_does_not_fit_is_one_finding_in_our_words_at_its_node(hints, mission, params, message, at):
    report = run(hints, call(mission, params))
    finding = one(report, "invalid_params")
    assert finding.message == message
    needle = at.rstrip("}") if at.endswith("}") and not at.startswith("{") else at
    assert span(finding) == located(report, needle, report.lines.text.count(needle) - 1)


def test_a_hint_that_cannot_be_checked_is_one_error_at_the_first_call_and_the_other_missions_keep_working(hints):
    projects, path = hints
    report = run(hints, """
        suite: s
        scenarios:
          - name: a
            missions:
              - name: book
                params: {room: 12}
              - name: an_enum
                params: {size: small}
          - name: b
            missions:
              - name: book
                params: {room: 14}
        expectations:
          - {id: e, scenario: b, mission: book, path: success, op: eq, expected: true}
        """)
    missions_py = str(path.parent / "shop" / "missions.py")
    line = def_line("book", HINTS)
    reason = (
        "param 'room' is typed shop.missions.Room, a plain class: a YAML value cannot be checked against it; "
        "make Room a dataclass, a TypedDict or a pydantic model (or type the param dict)"
    )
    assert [(f.code, f.severity.value, f.message, span(f)) for f in report.findings] == [
        ("unsupported_hint", "error", f"mission 'book' cannot be called: {reason}", located(report, "book")),
        ("not_run", "info", "mission 'book' was not run: it cannot be called (see line 5)", located(report, "book", 1)),
        ("not_run", "info", "mission 'book' could not run in scenario 'b', so this expectation was not evaluated", located(report, "book", 2)),
    ]
    error = report.findings[0]
    assert [(r.path, r.range.start.line + 1, r.message) for r in error.related] == [(missions_py, line, f"missions.py:{line}: {reason}")]
    assert report.mission_result("a", "an_enum").final_state["got"] == "small"
    assert sorted(projects.for_file(path).catalog().missions) == [
        "a_literal", "a_union", "an_enum", "book", "data_class", "extensions_typed_dict", "nested", "optional", "slots", "typed_dict",
    ]


def test_an_operation_whose_hint_cannot_be_checked_is_an_error_at_the_step_and_its_mission_does_not_run(hints):
    report = run(hints, """
        suite: s
        missions:
          mine:
            steps:
              - {id: r, kind: runtime, payload: {operation: reserve, room: 12}}
        scenarios:
          - name: s
            missions: [mine]
        """)
    reason = (
        "param 'room' is typed shop.missions.Room, a plain class: a YAML value cannot be checked against it; "
        "make Room a dataclass, a TypedDict or a pydantic model (or type the param dict)"
    )
    assert [(f.code, f.message, span(f)) for f in report.findings] == [
        ("unsupported_hint", f"step 'r': operation 'reserve' cannot be called: {reason}", located(report, "reserve")),
        ("not_run", f"mission 'mine' was not run: operation 'reserve' cannot be called: {reason}", located(report, "mine", 1)),
    ]
