"""Scenario Harness for your own code: the public, typed Python API.

Import from here to write Python missions and operations that scenario files
call (see docs/python-missions.md). The deterministic core stays in
``scenario_core``; this package re-exports what users need from it.
"""
from scenario_core import __version__

__all__ = ["__version__"]
