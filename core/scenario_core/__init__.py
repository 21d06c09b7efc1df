"""Scenario Harness's deterministic core: scenario files in, findings and hashed results out.

The public surface is every module without a leading underscore and, in
each, the names its ``__all__`` lists: :mod:`check` (text in, a report
out), :mod:`report`, :mod:`cache`, :mod:`document`, :mod:`findings`,
:mod:`source`, :mod:`discovery`, :mod:`format` (and the JSON Schemas
generated from it, :mod:`schemas`), the seed's engine
(:mod:`engine`, :mod:`registry`, :mod:`harness`, :mod:`suite`,
:mod:`expectations`, :mod:`test_run`), :mod:`hashing`, :mod:`frozen`,
:mod:`yamlsource` and :mod:`yamlformat`. Modules named ``_x`` are how the
core does its work, and may change at any time.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
