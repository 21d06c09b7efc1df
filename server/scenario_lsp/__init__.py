"""The Scenario Harness language server: core findings and results over LSP."""
from scenario_core import __version__

__all__ = ["__version__"]
