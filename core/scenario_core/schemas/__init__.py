"""The JSON Schemas of the format, as files shipped inside the package.

``scenario.schema.json`` (scenario files) and ``missions.schema.json`` (mission
libraries) sit beside this module, generated from :mod:`scenario_core.checking.format`
by ``scripts/generate_schemas.py``; a test keeps them equal to what the format
generates. An editor's YAML extension validates against them; an installed
package gives them out through :func:`schema_text`, wherever it is installed
(a wheel, a zip, an editable checkout).
"""
from __future__ import annotations

from importlib.resources import files

__all__ = ["SCHEMA_NAMES", "schema_text"]

SCHEMA_NAMES: tuple[str, ...] = ("scenario", "missions")
"""The schemas there are: ``scenario`` for ``*.scenario.yaml``, ``missions`` for ``*.missions.yaml``."""


def schema_text(name: str) -> str:
    """The exact text of the schema ``name`` (one of :data:`SCHEMA_NAMES`): JSON, ending in a newline.

    Raises ``ValueError`` naming the known schemas for any other name.
    """
    if name not in SCHEMA_NAMES:
        raise ValueError(f"no schema named {name!r}; the schemas are {', '.join(SCHEMA_NAMES)}")
    return files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
