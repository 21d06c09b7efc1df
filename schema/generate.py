"""Write ``schema/scenario.schema.json`` from the core's definition of the format.

The schema is generated, never edited by hand: ``scenario_core.format`` is the
one definition of every key. After changing it, run ``make schema`` (or
``.venv/bin/python schema/generate.py``); ``tests/core/test_schema.py`` fails
until the committed file matches.
"""
from __future__ import annotations

import json
from pathlib import Path

from scenario_core.format import json_schema

SCHEMA_PATH = Path(__file__).resolve().with_name("scenario.schema.json")


def render() -> str:
    """The schema file's exact text."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")


if __name__ == "__main__":
    main()
