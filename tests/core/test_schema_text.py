"""The installed package gives out the JSON Schemas it ships: ``scenario_core.schemas.schema_text``."""
from __future__ import annotations

import json

import pytest

from helpers import ROOT
from scenario_core.checking import format as fmt
from scenario_core.schemas import SCHEMA_NAMES, schema_text


def test_the_scenario_schema_is_the_one_the_format_generates():
    assert json.loads(schema_text("scenario")) == fmt.json_schema()


def test_the_missions_schema_is_the_one_the_format_generates():
    assert json.loads(schema_text("missions")) == fmt.library_json_schema()


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_a_schema_text_is_its_shipped_file_byte_for_byte(name):
    shipped = ROOT / "core" / "scenario_core" / "schemas" / f"{name}.schema.json"
    assert schema_text(name) == shipped.read_text(encoding="utf-8")
    assert schema_text(name).endswith("}\n")


def test_every_shipped_schema_file_has_a_name_and_every_name_a_file():
    shipped = sorted(p.name for p in (ROOT / "core" / "scenario_core" / "schemas").glob("*.json"))
    assert shipped == sorted(f"{name}.schema.json" for name in SCHEMA_NAMES)


@pytest.mark.parametrize("name", ["scenarios", "", "../scenario", "Scenario"])
def test_an_unknown_schema_name_is_refused_naming_the_known_ones(name):
    with pytest.raises(ValueError) as refused:
        schema_text(name)
    assert str(refused.value) == f"no schema named {name!r}; the schemas are scenario, missions"
