"""Write ``schema/scenario.schema.json`` and ``schema/missions.schema.json`` from the core's definition of the format.

The schema is generated, never edited by hand: ``scenario_core.checking.format`` is the
one definition of every key. After changing it, run ``make schema`` (or
``.venv/bin/python schema/generate.py``); ``tests/core/test_schema.py`` fails
until the committed file matches.
"""
from __future__ import annotations

import json
from pathlib import Path

from scenario_core.checking.format import json_schema, library_json_schema

SCHEMA_PATH = Path(__file__).resolve().with_name("scenario.schema.json")
LIBRARY_SCHEMA_PATH = Path(__file__).resolve().with_name("missions.schema.json")


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
