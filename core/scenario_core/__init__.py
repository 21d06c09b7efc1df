"""Scenario Harness's deterministic core: scenario files in, findings and hashed results out.

The core is packages by idea, each naming its public face in its
``__init__`` (docs/architecture.md maps them and the layering between them):
:mod:`.orchestration` (the seed's deterministic world and the one canonical
hash), :mod:`.source` (positions and findings), :mod:`.yaml` (text to nodes
with ranges), :mod:`.project` (the project a file belongs to),
:mod:`.python` (a project's Python missions and their worker),
:mod:`.checking` (text in, a report out), :mod:`.cli` (``scenario``) and
:mod:`.schemas` (the JSON Schemas generated from the format, as shipped).
Modules named ``_x`` are how a package does its work, and may change at any
time.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
