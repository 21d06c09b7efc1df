"""Write the JSON Schemas shipped in ``core/scenario_core/schemas/`` from the core's definition of the format.

The schemas are generated, never edited by hand: ``scenario_core.checking.format``
is the one definition of every key. After changing it, run ``make schema`` (or
``.venv/bin/python scripts/generate_schemas.py``); ``tests/core/test_schema.py``
fails until the committed files match.
"""
from __future__ import annotations

import json
from pathlib import Path

from scenario_core.checking.format import json_schema, library_json_schema

# The checkout's copy, which the wheel ships: not wherever scenario_core happens to be installed.
SCHEMAS = Path(__file__).resolve().parents[1] / "core" / "scenario_core" / "schemas"
SCHEMA_PATH = SCHEMAS / "scenario.schema.json"
LIBRARY_SCHEMA_PATH = SCHEMAS / "missions.schema.json"


def render() -> str:
    """The scenario file schema's exact text."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def render_library() -> str:
    """The mission library schema's exact text."""
    return json.dumps(library_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    LIBRARY_SCHEMA_PATH.write_text(render_library(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH} and {LIBRARY_SCHEMA_PATH}")


if __name__ == "__main__":
    main()
