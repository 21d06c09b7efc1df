"""YAML text to positioned nodes, and JSON values back to YAML text.

:mod:`.parse` is the one module that knows the YAML parser: libyaml's events
in, a tree of :class:`YNode` with a source range each, every value mapped to
its canonical JSON value (YAML 1.2 core schema, :mod:`._scalars`) or to a
finding. :mod:`.incremental` re-parses only the list item an edit falls in;
:mod:`.writing` writes JSON values as YAML that reads back the same.
"""
from .parse import ParsedYaml, YNode, parse_yaml
from .writing import block_yaml, flow_yaml

__all__ = ["ParsedYaml", "YNode", "block_yaml", "flow_yaml", "parse_yaml"]
